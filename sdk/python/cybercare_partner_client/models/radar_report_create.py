from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.asked_to import AskedTo
from ..models.radar_report_create_language_type_0 import RadarReportCreateLanguageType0
from ..models.report_kind import ReportKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="RadarReportCreate")


@_attrs_define
class RadarReportCreate:
    """
    Attributes:
        person_id (str): The member signed in to the app, who forwards it
        kind (ReportKind): What the member forwards.
        asked_to (AskedTo): What the member was asked to do. The first four move money (the answer is urgent).
        content (str | Unset): The pasted message, or the link, number, IBAN, shop or profile Default: ''.
        money_about_to_move (bool | Unset):  Default: False.
        money_lost (bool | Unset):  Default: False.
        language (None | RadarReportCreateLanguageType0 | Unset):
        file_name (None | str | Unset):
        file_type (None | str | Unset):
        file_base64 (None | str | Unset): An .eml file (kind email) or an image (kind screenshot)
    """

    person_id: str
    kind: ReportKind
    asked_to: AskedTo
    content: str | Unset = ""
    money_about_to_move: bool | Unset = False
    money_lost: bool | Unset = False
    language: None | RadarReportCreateLanguageType0 | Unset = UNSET
    file_name: None | str | Unset = UNSET
    file_type: None | str | Unset = UNSET
    file_base64: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        person_id = self.person_id

        kind = self.kind.value

        asked_to = self.asked_to.value

        content = self.content

        money_about_to_move = self.money_about_to_move

        money_lost = self.money_lost

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, RadarReportCreateLanguageType0):
            language = self.language.value
        else:
            language = self.language

        file_name: None | str | Unset
        if isinstance(self.file_name, Unset):
            file_name = UNSET
        else:
            file_name = self.file_name

        file_type: None | str | Unset
        if isinstance(self.file_type, Unset):
            file_type = UNSET
        else:
            file_type = self.file_type

        file_base64: None | str | Unset
        if isinstance(self.file_base64, Unset):
            file_base64 = UNSET
        else:
            file_base64 = self.file_base64

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "person_id": person_id,
                "kind": kind,
                "asked_to": asked_to,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content
        if money_about_to_move is not UNSET:
            field_dict["money_about_to_move"] = money_about_to_move
        if money_lost is not UNSET:
            field_dict["money_lost"] = money_lost
        if language is not UNSET:
            field_dict["language"] = language
        if file_name is not UNSET:
            field_dict["file_name"] = file_name
        if file_type is not UNSET:
            field_dict["file_type"] = file_type
        if file_base64 is not UNSET:
            field_dict["file_base64"] = file_base64

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        person_id = d.pop("person_id")

        kind = ReportKind(d.pop("kind"))

        asked_to = AskedTo(d.pop("asked_to"))

        content = d.pop("content", UNSET)

        money_about_to_move = d.pop("money_about_to_move", UNSET)

        money_lost = d.pop("money_lost", UNSET)

        def _parse_language(
            data: object,
        ) -> None | RadarReportCreateLanguageType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = RadarReportCreateLanguageType0(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RadarReportCreateLanguageType0 | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_file_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_name = _parse_file_name(d.pop("file_name", UNSET))

        def _parse_file_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_type = _parse_file_type(d.pop("file_type", UNSET))

        def _parse_file_base64(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_base64 = _parse_file_base64(d.pop("file_base64", UNSET))

        radar_report_create = cls(
            person_id=person_id,
            kind=kind,
            asked_to=asked_to,
            content=content,
            money_about_to_move=money_about_to_move,
            money_lost=money_lost,
            language=language,
            file_name=file_name,
            file_type=file_type,
            file_base64=file_base64,
        )

        return radar_report_create
