from enum import StrEnum


class RadarReportCreateLanguageType0(StrEnum):
    DE = "de"
    EN = "en"
    FR = "fr"
    NL = "nl"

    def __str__(self) -> str:
        return str(self.value)
