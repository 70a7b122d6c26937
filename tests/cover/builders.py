"""Builders for the coverage engine's facts: plain functions, keyword defaults, a claim that is
covered unless a test says otherwise.

Defaults: a Belgian household whose affiliate subscribed on 10 January 2024, active since then;
an incident discovered on 1 May 2024 (occurrence unknown) and declared two days later, with every
piece of evidence the product asks for and every condition and obligation met.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from cybercare.cover.domain import (
    Circumstances,
    Decision,
    HouseholdMember,
    IncidentFacts,
    PolicyFacts,
    PolicyStatus,
    PotBalance,
    PotUsage,
    StatusPeriod,
    decide,
)
from cybercare.product.model import ProductVersion

START = date(2024, 1, 10)
DAY = date(2024, 5, 1)
AFFILIATE_ID = "person-affiliate"

OBLIGATIONS = frozenset(
    {
        "credentials_kept_in_household",
        "pays_on_secure_pages",
        "effective_antivirus",
        "no_suspicious_emails_opened",
        "balances_checked_biweekly",
    }
)
EXCLUSIONS = {
    "6.1": "unlawful_activity",
    "6.2": "caused_by_housemate",
    "6.3": "published_by_authority",
    "6.4": "war_or_terrorism",
    "6.5": "professional_activity",
}
ONLINE = "ONLINE_PURCHASE_POT"
AUTO = "<auto>"  # let the builder choose the incident kind for the guarantee


def member(
    person_id: str = AFFILIATE_ID,
    *,
    relationship: str = "affiliate",
    lives_at_main_residence: bool = True,
    member_from: date = START,
    member_to: date | None = None,
    birth_date: date | None = None,
) -> HouseholdMember:
    return HouseholdMember(
        person_id=person_id,
        relationship=relationship,
        lives_at_main_residence=lives_at_main_residence,
        member_from=member_from,
        member_to=member_to,
        birth_date=birth_date,
    )


def period(
    status: PolicyStatus = PolicyStatus.ACTIVE,
    *,
    from_date: date = START,
    to_date: date | None = None,
) -> StatusPeriod:
    return StatusPeriod(status, from_date, to_date)


def policy(
    *,
    start_date: date = START,
    status_periods: tuple[StatusPeriod, ...] | None = None,
    members: tuple[HouseholdMember, ...] = (),
    residence_country: str = "BE",
) -> PolicyFacts:
    return PolicyFacts(
        start_date=start_date,
        status_periods=status_periods or (period(from_date=start_date),),
        members=(member(member_from=start_date), *members),
        residence_country=residence_country,
    )


def circumstances(**changes: object) -> Circumstances:
    """Everything declared in the member's favour; `changes` override single answers."""
    base = Circumstances(
        obligations_respected=OBLIGATIONS,
        seller_professional=True,
        written_claim_sent=True,
        bank_refused_definitively=True,
        data_loss_cause="malware",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def incident(
    product: ProductVersion,
    *,
    guarantee: str = "ECOM",
    kind: str | None = AUTO,
    insured_person_id: str = AFFILIATE_ID,
    occurrence_date: date | None = None,
    discovery_date: date = DAY,
    declaration_date: date | None = None,
    claimed_cents: int = 10_000,
    evidence: frozenset[str] | None = None,
    facts: Circumstances | None = None,
    already_counted: bool = False,
    reservation_cents: int = 0,
    case_reserved: bool = False,
) -> IncidentFacts:
    definition = next((g for g in product.guarantees if g.code == guarantee), None)
    if kind == AUTO:
        kinds = [k.code for k in definition.kinds] if definition else []
        kind = "non_conforming" if "non_conforming" in kinds else (kinds[0] if kinds else None)
    if evidence is None:
        required = definition.evidence_for(kind) if definition else ()
        evidence = frozenset(e.code for e in required)
    return IncidentFacts(
        guarantee=guarantee,
        insured_person_id=insured_person_id,
        occurrence_date=occurrence_date,
        discovery_date=discovery_date,
        declaration_date=declaration_date or discovery_date + timedelta(days=2),
        kind=kind,
        claimed_cents=claimed_cents,
        evidence=evidence,
        circumstances=facts or circumstances(),
        already_counted=already_counted,
        reservation_cents=reservation_cents,
        case_reserved=case_reserved,
    )


def balance(
    pot: str,
    *,
    used_cents: int = 0,
    reserved_cents: int = 0,
    cases_used: int = 0,
    cases_reserved: int = 0,
) -> PotBalance:
    return PotBalance(pot, used_cents, reserved_cents, cases_used, cases_reserved)


def usage(*balances: PotBalance, year_start: date | None = None) -> PotUsage:
    return PotUsage(balances=balances, year_start=year_start)


def decide_claim(
    product: ProductVersion,
    *,
    on_policy: PolicyFacts | None = None,
    pots: PotUsage | None = None,
    **incident_changes: object,
) -> Decision:
    """Decide a claim built by `incident(product, **incident_changes)`."""
    facts = incident(product, **incident_changes)  # type: ignore[arg-type]
    return decide(product, on_policy or policy(), facts, pots or usage())


def codes(decision: Decision) -> list[str]:
    """The codes of the reasons that decided the outcome."""
    return [reason.code for reason in decision.reasons]


def articles(decision: Decision) -> list[str]:
    return [str(reason.article) for reason in decision.reasons]


def family_code(product: ProductVersion, *candidates: str) -> str:
    """A family relationship code of the product (Art. 2.2), preferring `candidates`."""
    family = product.household.family_relationships
    for candidate in candidates:
        if candidate in family:
            return candidate
    return family[0]
