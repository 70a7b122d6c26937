from enum import StrEnum


class MandateReadChannel(StrEnum):
    E_MANDATE = "e_mandate"
    PAPER = "paper"

    def __str__(self) -> str:
        return str(self.value)
