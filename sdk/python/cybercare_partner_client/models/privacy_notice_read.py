from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PrivacyNoticeRead")


@_attrs_define
class PrivacyNoticeRead:
    """
    Attributes:
        version (str): Pass it to POST /affiliations as privacy_notice_version
        effective_date (datetime.date):
        language (str):
        text (str): The privacy notice (GDPR art. 13) to present, as plain text
        sha256 (str): SHA-256 of `text` (UTF-8)
        url (str): The public page of the notice in this language
    """

    version: str
    effective_date: datetime.date
    language: str
    text: str
    sha256: str
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        effective_date = self.effective_date.isoformat()

        language = self.language

        text = self.text

        sha256 = self.sha256

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "effective_date": effective_date,
                "language": language,
                "text": text,
                "sha256": sha256,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        version = d.pop("version")

        effective_date = datetime.date.fromisoformat(d.pop("effective_date"))

        language = d.pop("language")

        text = d.pop("text")

        sha256 = d.pop("sha256")

        url = d.pop("url")

        privacy_notice_read = cls(
            version=version,
            effective_date=effective_date,
            language=language,
            text=text,
            sha256=sha256,
            url=url,
        )

        privacy_notice_read.additional_properties = d
        return privacy_notice_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
