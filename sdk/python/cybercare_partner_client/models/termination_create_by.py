from enum import StrEnum


class TerminationCreateBy(StrEnum):
    AFFILIATE = "affiliate"
    DISTRIBUTOR = "distributor"

    def __str__(self) -> str:
        return str(self.value)
