from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.affiliation_renewed import AffiliationRenewed
    from ..models.affiliation_subscribed import AffiliationSubscribed
    from ..models.affiliation_suspended import AffiliationSuspended
    from ..models.affiliation_suspension_lifted import AffiliationSuspensionLifted
    from ..models.affiliation_terminated import AffiliationTerminated
    from ..models.affiliation_termination_notified import AffiliationTerminationNotified
    from ..models.affiliation_withdrawn import AffiliationWithdrawn
    from ..models.household_address_changed import HouseholdAddressChanged
    from ..models.household_affiliate_died import HouseholdAffiliateDied
    from ..models.household_affiliate_replaced import HouseholdAffiliateReplaced
    from ..models.household_member_joined import HouseholdMemberJoined
    from ..models.household_member_left import HouseholdMemberLeft
    from ..models.household_relationship_redeclared import (
        HouseholdRelationshipRedeclared,
    )
    from ..models.webhook_endpoint_disabled import WebhookEndpointDisabled


T = TypeVar("T", bound="EventPage")


@_attrs_define
class EventPage:
    """
    Attributes:
        events (list[AffiliationRenewed | AffiliationSubscribed | AffiliationSuspended | AffiliationSuspensionLifted |
            AffiliationTerminated | AffiliationTerminationNotified | AffiliationWithdrawn | HouseholdAddressChanged |
            HouseholdAffiliateDied | HouseholdAffiliateReplaced | HouseholdMemberJoined | HouseholdMemberLeft |
            HouseholdRelationshipRedeclared | WebhookEndpointDisabled]):
        next_cursor (str): The cursor to continue from (unchanged when empty)
        has_more (bool): True when more events follow `next_cursor` now: read again at once
    """

    events: list[
        AffiliationRenewed
        | AffiliationSubscribed
        | AffiliationSuspended
        | AffiliationSuspensionLifted
        | AffiliationTerminated
        | AffiliationTerminationNotified
        | AffiliationWithdrawn
        | HouseholdAddressChanged
        | HouseholdAffiliateDied
        | HouseholdAffiliateReplaced
        | HouseholdMemberJoined
        | HouseholdMemberLeft
        | HouseholdRelationshipRedeclared
        | WebhookEndpointDisabled
    ]
    next_cursor: str
    has_more: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.affiliation_renewed import AffiliationRenewed  # noqa: PLC0415
        from ..models.affiliation_subscribed import AffiliationSubscribed  # noqa: PLC0415
        from ..models.affiliation_suspended import AffiliationSuspended  # noqa: PLC0415
        from ..models.affiliation_suspension_lifted import AffiliationSuspensionLifted  # noqa: PLC0415
        from ..models.affiliation_terminated import AffiliationTerminated  # noqa: PLC0415
        from ..models.affiliation_termination_notified import (
            AffiliationTerminationNotified,  # noqa: PLC0415
        )
        from ..models.affiliation_withdrawn import AffiliationWithdrawn  # noqa: PLC0415
        from ..models.household_address_changed import HouseholdAddressChanged  # noqa: PLC0415
        from ..models.household_affiliate_died import HouseholdAffiliateDied  # noqa: PLC0415
        from ..models.household_affiliate_replaced import HouseholdAffiliateReplaced  # noqa: PLC0415
        from ..models.household_member_joined import HouseholdMemberJoined  # noqa: PLC0415
        from ..models.household_member_left import HouseholdMemberLeft  # noqa: PLC0415
        from ..models.household_relationship_redeclared import (
            HouseholdRelationshipRedeclared,  # noqa: PLC0415
        )

        events = []
        for events_item_data in self.events:
            events_item: dict[str, Any]
            if isinstance(events_item_data, AffiliationSubscribed):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, AffiliationWithdrawn):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, AffiliationTerminationNotified):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, AffiliationTerminated):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, AffiliationSuspended):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, AffiliationSuspensionLifted):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, AffiliationRenewed):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, HouseholdMemberJoined):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, HouseholdMemberLeft):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, HouseholdRelationshipRedeclared):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, HouseholdAddressChanged):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, HouseholdAffiliateDied):
                events_item = events_item_data.to_dict()
            elif isinstance(events_item_data, HouseholdAffiliateReplaced):
                events_item = events_item_data.to_dict()
            else:
                events_item = events_item_data.to_dict()

            events.append(events_item)

        next_cursor = self.next_cursor

        has_more = self.has_more

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
                "next_cursor": next_cursor,
                "has_more": has_more,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affiliation_renewed import AffiliationRenewed  # noqa: PLC0415
        from ..models.affiliation_subscribed import AffiliationSubscribed  # noqa: PLC0415
        from ..models.affiliation_suspended import AffiliationSuspended  # noqa: PLC0415
        from ..models.affiliation_suspension_lifted import AffiliationSuspensionLifted  # noqa: PLC0415
        from ..models.affiliation_terminated import AffiliationTerminated  # noqa: PLC0415
        from ..models.affiliation_termination_notified import (
            AffiliationTerminationNotified,  # noqa: PLC0415
        )
        from ..models.affiliation_withdrawn import AffiliationWithdrawn  # noqa: PLC0415
        from ..models.household_address_changed import HouseholdAddressChanged  # noqa: PLC0415
        from ..models.household_affiliate_died import HouseholdAffiliateDied  # noqa: PLC0415
        from ..models.household_affiliate_replaced import HouseholdAffiliateReplaced  # noqa: PLC0415
        from ..models.household_member_joined import HouseholdMemberJoined  # noqa: PLC0415
        from ..models.household_member_left import HouseholdMemberLeft  # noqa: PLC0415
        from ..models.household_relationship_redeclared import (
            HouseholdRelationshipRedeclared,  # noqa: PLC0415
        )
        from ..models.webhook_endpoint_disabled import WebhookEndpointDisabled  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:

            def _parse_events_item(
                data: object,
            ) -> (
                AffiliationRenewed
                | AffiliationSubscribed
                | AffiliationSuspended
                | AffiliationSuspensionLifted
                | AffiliationTerminated
                | AffiliationTerminationNotified
                | AffiliationWithdrawn
                | HouseholdAddressChanged
                | HouseholdAffiliateDied
                | HouseholdAffiliateReplaced
                | HouseholdMemberJoined
                | HouseholdMemberLeft
                | HouseholdRelationshipRedeclared
                | WebhookEndpointDisabled
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_0 = AffiliationSubscribed.from_dict(data)

                    return events_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_1 = AffiliationWithdrawn.from_dict(data)

                    return events_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_2 = AffiliationTerminationNotified.from_dict(data)

                    return events_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_3 = AffiliationTerminated.from_dict(data)

                    return events_item_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_4 = AffiliationSuspended.from_dict(data)

                    return events_item_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_5 = AffiliationSuspensionLifted.from_dict(data)

                    return events_item_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_6 = AffiliationRenewed.from_dict(data)

                    return events_item_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_7 = HouseholdMemberJoined.from_dict(data)

                    return events_item_type_7
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_8 = HouseholdMemberLeft.from_dict(data)

                    return events_item_type_8
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_9 = HouseholdRelationshipRedeclared.from_dict(data)

                    return events_item_type_9
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_10 = HouseholdAddressChanged.from_dict(data)

                    return events_item_type_10
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_11 = HouseholdAffiliateDied.from_dict(data)

                    return events_item_type_11
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    events_item_type_12 = HouseholdAffiliateReplaced.from_dict(data)

                    return events_item_type_12
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                events_item_type_13 = WebhookEndpointDisabled.from_dict(data)

                return events_item_type_13

            events_item = _parse_events_item(events_item_data)

            events.append(events_item)

        next_cursor = d.pop("next_cursor")

        has_more = d.pop("has_more")

        event_page = cls(
            events=events,
            next_cursor=next_cursor,
            has_more=has_more,
        )

        event_page.additional_properties = d
        return event_page

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
