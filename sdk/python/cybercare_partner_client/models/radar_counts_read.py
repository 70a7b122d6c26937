from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.radar_counts_read_by_kind import RadarCountsReadByKind
    from ..models.radar_counts_read_by_verdict import RadarCountsReadByVerdict


T = TypeVar("T", bound="RadarCountsRead")


@_attrs_define
class RadarCountsRead:
    """
    Attributes:
        since (datetime.datetime):
        reports (int):
        households (int):
        by_verdict (RadarCountsReadByVerdict): scam, suspicious, legitimate, unknown, pending
        by_kind (RadarCountsReadByKind):
        answered_at_once (int): Answered from the known-bad list at once
        known_bad_indicators (int):
    """

    since: datetime.datetime
    reports: int
    households: int
    by_verdict: RadarCountsReadByVerdict
    by_kind: RadarCountsReadByKind
    answered_at_once: int
    known_bad_indicators: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        reports = self.reports

        households = self.households

        by_verdict = self.by_verdict.to_dict()

        by_kind = self.by_kind.to_dict()

        answered_at_once = self.answered_at_once

        known_bad_indicators = self.known_bad_indicators

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "since": since,
                "reports": reports,
                "households": households,
                "by_verdict": by_verdict,
                "by_kind": by_kind,
                "answered_at_once": answered_at_once,
                "known_bad_indicators": known_bad_indicators,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.radar_counts_read_by_kind import RadarCountsReadByKind  # noqa: PLC0415
        from ..models.radar_counts_read_by_verdict import RadarCountsReadByVerdict  # noqa: PLC0415

        d = dict(src_dict)
        since = datetime.datetime.fromisoformat(d.pop("since"))

        reports = d.pop("reports")

        households = d.pop("households")

        by_verdict = RadarCountsReadByVerdict.from_dict(d.pop("by_verdict"))

        by_kind = RadarCountsReadByKind.from_dict(d.pop("by_kind"))

        answered_at_once = d.pop("answered_at_once")

        known_bad_indicators = d.pop("known_bad_indicators")

        radar_counts_read = cls(
            since=since,
            reports=reports,
            households=households,
            by_verdict=by_verdict,
            by_kind=by_kind,
            answered_at_once=answered_at_once,
            known_bad_indicators=known_bad_indicators,
        )

        radar_counts_read.additional_properties = d
        return radar_counts_read

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
