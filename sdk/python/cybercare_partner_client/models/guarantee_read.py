from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.condition_read import ConditionRead
    from ..models.evidence_read import EvidenceRead
    from ..models.service_read import ServiceRead


T = TypeVar("T", bound="GuaranteeRead")


@_attrs_define
class GuaranteeRead:
    """
    Attributes:
        code (str):
        article (str):
        label (str):
        description (str):
        benefit (str):
        pot (None | str):
        teams (list[str]):
        services (list[ServiceRead]):
        evidence (list[EvidenceRead]):
        conditions (list[ConditionRead]):
    """

    code: str
    article: str
    label: str
    description: str
    benefit: str
    pot: None | str
    teams: list[str]
    services: list[ServiceRead]
    evidence: list[EvidenceRead]
    conditions: list[ConditionRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        article = self.article

        label = self.label

        description = self.description

        benefit = self.benefit

        pot: None | str
        pot = self.pot

        teams = self.teams

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        conditions = []
        for conditions_item_data in self.conditions:
            conditions_item = conditions_item_data.to_dict()
            conditions.append(conditions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "article": article,
                "label": label,
                "description": description,
                "benefit": benefit,
                "pot": pot,
                "teams": teams,
                "services": services,
                "evidence": evidence,
                "conditions": conditions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition_read import ConditionRead  # noqa: PLC0415
        from ..models.evidence_read import EvidenceRead  # noqa: PLC0415
        from ..models.service_read import ServiceRead  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        article = d.pop("article")

        label = d.pop("label")

        description = d.pop("description")

        benefit = d.pop("benefit")

        def _parse_pot(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pot = _parse_pot(d.pop("pot"))

        teams = cast(list[str], d.pop("teams"))

        services = []
        _services = d.pop("services")
        for services_item_data in _services:
            services_item = ServiceRead.from_dict(services_item_data)

            services.append(services_item)

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = EvidenceRead.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        conditions = []
        _conditions = d.pop("conditions")
        for conditions_item_data in _conditions:
            conditions_item = ConditionRead.from_dict(conditions_item_data)

            conditions.append(conditions_item)

        guarantee_read = cls(
            code=code,
            article=article,
            label=label,
            description=description,
            benefit=benefit,
            pot=pot,
            teams=teams,
            services=services,
            evidence=evidence,
            conditions=conditions,
        )

        guarantee_read.additional_properties = d
        return guarantee_read

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
