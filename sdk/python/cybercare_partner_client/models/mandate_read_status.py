from enum import StrEnum


class MandateReadStatus(StrEnum):
    ACTIVE = "active"
    AMENDED = "amended"
    CANCELLED = "cancelled"
    LAPSED = "lapsed"

    def __str__(self) -> str:
        return str(self.value)
