from enum import StrEnum


class PreviewTerminationBy(StrEnum):
    AFFILIATE = "affiliate"
    DISTRIBUTOR = "distributor"

    def __str__(self) -> str:
        return str(self.value)
