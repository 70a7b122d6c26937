from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookReplayCreate")


@_attrs_define
class WebhookReplayCreate:
    """
    Attributes:
        after (str | Unset): A feed cursor (an event's `cursor`); empty: from the first event Default: ''.
        limit (int | Unset):  Default: 100.
    """

    after: str | Unset = ""
    limit: int | Unset = 100

    def to_dict(self) -> dict[str, Any]:
        after = self.after

        limit = self.limit

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if after is not UNSET:
            field_dict["after"] = after
        if limit is not UNSET:
            field_dict["limit"] = limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        after = d.pop("after", UNSET)

        limit = d.pop("limit", UNSET)

        webhook_replay_create = cls(
            after=after,
            limit=limit,
        )

        return webhook_replay_create
