from enum import StrEnum


class AffiliationChangeDataByType0(StrEnum):
    AFFILIATE = "affiliate"
    DISTRIBUTOR = "distributor"
    INSURER = "insurer"

    def __str__(self) -> str:
        return str(self.value)
