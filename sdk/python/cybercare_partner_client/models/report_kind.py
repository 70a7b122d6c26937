from enum import StrEnum


class ReportKind(StrEnum):
    EMAIL = "email"
    IBAN = "iban"
    LINK = "link"
    PHONE = "phone"
    PROFILE = "profile"
    SCREENSHOT = "screenshot"
    SHOP = "shop"
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
