from enum import StrEnum


class AffiliationChangeDataByType0(StrEnum):
    AFFILIATE = "affiliate"
    DISTRIBUTOR = "distributor"

    def __str__(self) -> str:
        return str(self.value)
