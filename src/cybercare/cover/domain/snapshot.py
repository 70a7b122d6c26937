"""The engine's inputs as JSON-ready dicts and back, so a decision can be stored with its inputs
and replayed: `decide(product, *inputs_from_dict(inputs_as_dict(p, i, u)))` gives the identical
decision. Dates are ISO strings, money integer cents, sets sorted lists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cybercare.cover.domain.facts import (
    Circumstances,
    HouseholdMember,
    IncidentFacts,
    PolicyFacts,
    PolicyStatus,
    PotBalance,
    PotUsage,
    StatusPeriod,
)

SNAPSHOT_VERSION = 1


def inputs_as_dict(policy: PolicyFacts, incident: IncidentFacts, usage: PotUsage) -> dict[str, Any]:
    return {
        "snapshot_version": SNAPSHOT_VERSION,
        "policy": policy_as_dict(policy),
        "incident": incident_as_dict(incident),
        "usage": usage_as_dict(usage),
    }


def inputs_from_dict(data: dict[str, Any]) -> tuple[PolicyFacts, IncidentFacts, PotUsage]:
    version = data.get("snapshot_version")
    if version != SNAPSHOT_VERSION:
        raise ValueError(f"unsupported snapshot version {version!r}")
    return (
        policy_from_dict(data["policy"]),
        incident_from_dict(data["incident"]),
        usage_from_dict(data["usage"]),
    )


def policy_as_dict(policy: PolicyFacts) -> dict[str, Any]:
    return {
        "start_date": policy.start_date.isoformat(),
        "status_periods": [
            {"status": p.status.value, "from_date": _iso(p.from_date), "to_date": _iso(p.to_date)}
            for p in policy.status_periods
        ],
        "members": [
            {
                "person_id": m.person_id,
                "relationship": m.relationship,
                "lives_at_main_residence": m.lives_at_main_residence,
                "member_from": _iso(m.member_from),
                "member_to": _iso(m.member_to),
                "birth_date": _iso(m.birth_date),
            }
            for m in policy.members
        ],
        "residence_country": policy.residence_country,
    }


def policy_from_dict(data: dict[str, Any]) -> PolicyFacts:
    return PolicyFacts(
        start_date=date.fromisoformat(data["start_date"]),
        status_periods=tuple(
            StatusPeriod(
                PolicyStatus(p["status"]), date.fromisoformat(p["from_date"]), _day(p["to_date"])
            )
            for p in data["status_periods"]
        ),
        members=tuple(
            HouseholdMember(
                person_id=m["person_id"],
                relationship=m["relationship"],
                lives_at_main_residence=bool(m["lives_at_main_residence"]),
                member_from=date.fromisoformat(m["member_from"]),
                member_to=_day(m["member_to"]),
                birth_date=_day(m["birth_date"]),
            )
            for m in data["members"]
        ),
        residence_country=data["residence_country"],
    )


def incident_as_dict(incident: IncidentFacts) -> dict[str, Any]:
    facts = incident.circumstances
    return {
        "guarantee": incident.guarantee,
        "insured_person_id": incident.insured_person_id,
        "occurrence_date": _iso(incident.occurrence_date),
        "discovery_date": _iso(incident.discovery_date),
        "declaration_date": _iso(incident.declaration_date),
        "kind": incident.kind,
        "claimed_cents": incident.claimed_cents,
        "evidence": sorted(incident.evidence),
        "circumstances": {
            "exclusions": sorted(facts.exclusions),
            "obligations_respected": sorted(facts.obligations_respected),
            "obligations_breached": sorted(facts.obligations_breached),
            "seller_professional": facts.seller_professional,
            "written_claim_sent": facts.written_claim_sent,
            "promised_delivery_date": _iso(facts.promised_delivery_date),
            "payment_date": _iso(facts.payment_date),
            "bank_refused_definitively": facts.bank_refused_definitively,
            "data_loss_cause": facts.data_loss_cause,
        },
        "already_counted": incident.already_counted,
        "reservation_cents": incident.reservation_cents,
        "case_reserved": incident.case_reserved,
    }


def incident_from_dict(data: dict[str, Any]) -> IncidentFacts:
    facts = data["circumstances"]
    return IncidentFacts(
        guarantee=data["guarantee"],
        insured_person_id=data["insured_person_id"],
        occurrence_date=_day(data["occurrence_date"]),
        discovery_date=date.fromisoformat(data["discovery_date"]),
        declaration_date=date.fromisoformat(data["declaration_date"]),
        kind=data["kind"],
        claimed_cents=int(data["claimed_cents"]),
        evidence=frozenset(data["evidence"]),
        circumstances=Circumstances(
            exclusions=frozenset(facts["exclusions"]),
            obligations_respected=frozenset(facts["obligations_respected"]),
            obligations_breached=frozenset(facts["obligations_breached"]),
            seller_professional=facts["seller_professional"],
            written_claim_sent=facts["written_claim_sent"],
            promised_delivery_date=_day(facts["promised_delivery_date"]),
            payment_date=_day(facts["payment_date"]),
            bank_refused_definitively=facts["bank_refused_definitively"],
            data_loss_cause=facts["data_loss_cause"],
        ),
        already_counted=bool(data["already_counted"]),
        reservation_cents=int(data["reservation_cents"]),
        case_reserved=bool(data["case_reserved"]),
    )


def usage_as_dict(usage: PotUsage) -> dict[str, Any]:
    return {
        "year_start": _iso(usage.year_start),
        "balances": [
            {
                "pot": b.pot,
                "used_cents": b.used_cents,
                "reserved_cents": b.reserved_cents,
                "cases_used": b.cases_used,
                "cases_reserved": b.cases_reserved,
            }
            for b in usage.balances
        ],
    }


def usage_from_dict(data: dict[str, Any]) -> PotUsage:
    return PotUsage(
        balances=tuple(
            PotBalance(
                pot=b["pot"],
                used_cents=int(b["used_cents"]),
                reserved_cents=int(b["reserved_cents"]),
                cases_used=int(b["cases_used"]),
                cases_reserved=int(b["cases_reserved"]),
            )
            for b in data["balances"]
        ),
        year_start=_day(data["year_start"]),
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
