from enum import StrEnum


class AskedTo(StrEnum):
    CALL_BACK = "call_back"
    CLICK_LINK = "click_link"
    GIVE_CARD_OR_CODES = "give_card_or_codes"
    INSTALL_APP = "install_app"
    NOTHING = "nothing"
    OTHER = "other"
    PAY = "pay"
    SELL_OR_RECEIVE = "sell_or_receive"
    SHARE_PERSONAL_DATA = "share_personal_data"
    TRANSFER = "transfer"

    def __str__(self) -> str:
        return str(self.value)
