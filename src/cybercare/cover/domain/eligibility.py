"""Is the policy in force on the incident date, and is the person insured? (Art. 2, 3, 9)

Articles that the product data carries are taken from it (2.1, 2.3, 3.2, 3.3); the others are the
articles of the rules this module implements.
"""

from __future__ import annotations

from datetime import date, timedelta

from cybercare.cover.domain.compiled import ProductRules
from cybercare.cover.domain.decision import Param
from cybercare.cover.domain.facts import (
    AFFILIATE,
    NOT_FAMILY,
    IncidentFacts,
    PolicyFacts,
    PolicyStatus,
)
from cybercare.cover.domain.findings import Findings
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.periods import InsuranceYear, insurance_year

ART_2_2 = Art("2.2")
ART_2_4 = Art("2.4")
ART_3_1 = Art("3.1")
ART_3_4 = Art("3.4")
ART_9_3 = Art("9.3")
ART_9_6 = Art("9.6")
MAJORITY_AGE = 18  # Belgian civil law, not a product choice

_NOT_IN_FORCE: dict[PolicyStatus, tuple[str, Art]] = {
    PolicyStatus.SUSPENDED: ("cover.suspended", ART_9_6),
    PolicyStatus.WITHDRAWN: ("cover.withdrawn", ART_9_3),
    PolicyStatus.TERMINATED: ("cover.terminated", ART_3_4),
}


def cover_refusal(
    policy: PolicyFacts, day: date, start_article: Art = ART_3_4
) -> tuple[str, Art] | None:
    """Art. 3.4: None when the policy was active and not suspended on `day`; otherwise the code
    and article the engine declines with (before the start: `start_article`; suspended: 9.6;
    withdrawn: 9.3; ended: 3.4). Cases are opened on this answer, at the incident date, so a
    declaration made after the contract ended is judged like one made the day it happened."""
    if day < policy.start_date:
        return ("cover.before_start", start_article)
    for period in policy.status_periods:
        if period.contains(day):
            if period.status is PolicyStatus.ACTIVE:
                return None
            return _NOT_IN_FORCE[period.status]
    return ("cover.no_status", ART_3_4)


def check_cover(
    rules: ProductRules, policy: PolicyFacts, incident: IncidentFacts, out: Findings
) -> InsuranceYear | None:
    """Art. 3.4 (with 3.2 and 9.6): the incident date falls while the policy is active and not
    suspended, after the cover started and any waiting period ended. Returns the insurance year
    of the incident (Art. 3.1), or None when the incident precedes the start."""
    day = incident.incident_date
    if incident.occurrence_date is None:
        out.passed("incident.date", "incident.date_discovery", ART_3_4, {"date": day})
    else:
        out.passed("incident.date", "incident.date_occurrence", ART_3_4, {"date": day})

    start_article = rules.product.cover_start.article
    start = policy.start_date
    if day < start:
        out.decline(
            "cover.start", "cover.before_start", start_article, {"date": day, "start": start}
        )
        return None
    out.passed("cover.start", "cover.started", start_article, {"date": day, "start": start})

    waiting = rules.product.cover_start.waiting_period_days
    cover_from = start + timedelta(days=waiting)
    params: dict[str, Param] = {
        "date": day,
        "waiting_days": waiting,
        "cover_from": cover_from,
    }
    if day < cover_from:
        out.decline("cover.waiting_period", "cover.in_waiting_period", start_article, params)
    else:
        out.passed("cover.waiting_period", "cover.waiting_period_over", start_article, params)

    _check_status(policy, day, out)

    year = insurance_year(start, day)
    out.passed(
        "cover.insurance_year",
        "cover.insurance_year",
        ART_3_1,
        {"index": year.index, "start": year.start, "end": year.end},
    )
    return year


def _check_status(policy: PolicyFacts, day: date, out: Findings) -> None:
    for period in policy.status_periods:
        if period.contains(day):
            params: dict[str, Param] = {
                "date": day,
                "status": period.status.value,
                "from": period.from_date,
                "to": period.to_date,
            }
            if period.status is PolicyStatus.ACTIVE:
                out.passed("cover.status", "cover.active", ART_3_4, params)
            else:
                code, article = _NOT_IN_FORCE[period.status]
                out.decline("cover.status", code, article, params)
            return
    out.decline("cover.status", "cover.no_status", ART_3_4, {"date": day})


def check_residence(rules: ProductRules, policy: PolicyFacts, out: Findings) -> None:
    """Art. 3.3: the insured household lives in a country of the product."""
    article = rules.product.household.residence_article
    country = policy.residence_country
    if country in rules.residence_countries:
        out.passed(
            "territory.residence", "territory.residence_in_scope", article, {"country": country}
        )
    else:
        out.decline(
            "territory.residence",
            "territory.residence_outside",
            article,
            {"country": country, "allowed": tuple(sorted(rules.residence_countries))},
        )


def check_insured(
    rules: ProductRules, policy: PolicyFacts, incident: IncidentFacts, out: Findings
) -> bool:
    """Art. 2: the person is the affiliate or family (2.2) living at the main residence (2.1) on
    the incident date; a housemate who is not family is not insured (2.3); no age limit (2.4).
    Returns whether the person is a minor (their case is handled with a legal representative)."""
    person = incident.insured_person_id
    day = incident.incident_date
    member_article = rules.product.household.article  # Art. 2.1
    entries = [m for m in policy.members if m.person_id == person]
    if not entries:
        out.decline(
            "insured.member", "insured.not_in_household", member_article, {"person": person}
        )
        return False
    member = next((m for m in entries if m.contains(day)), None)
    if member is None:
        out.decline(
            "insured.member",
            "insured.not_member_on_date",
            member_article,
            {"person": person, "date": day},
        )
        return False
    out.passed(
        "insured.member",
        "insured.member_on_date",
        member_article,
        {"person": person, "date": day, "member_from": member.member_from},
    )

    if member.lives_at_main_residence:
        out.passed(
            "insured.main_residence",
            "insured.at_main_residence",
            member_article,
            {"person": person},
        )
    else:
        out.decline(
            "insured.main_residence",
            "insured.not_at_main_residence",
            member_article,
            {"person": person},
        )

    relationship = member.relationship
    if relationship not in rules.relationships:
        raise InvalidInput(
            "policy.members.relationship",
            f"unknown relationship {relationship!r}; expected {sorted(rules.relationships)}",
        )
    if relationship == AFFILIATE:
        out.passed(
            "insured.relationship",
            "insured.affiliate",
            member_article,
            {"relationship": relationship},
        )
    elif relationship == NOT_FAMILY:
        article = rules.product.household.non_family_article
        out.decline(
            "insured.relationship", "insured.not_family", article, {"relationship": relationship}
        )
    else:
        out.passed(
            "insured.relationship", "insured.family_member", ART_2_2, {"relationship": relationship}
        )

    if member.birth_date is None:
        return False
    age = _age_on(member.birth_date, day)
    minor = age < MAJORITY_AGE
    out.passed(
        "insured.age",
        "insured.minor" if minor else "insured.adult",
        ART_2_4,
        {"age": age, "legal_representative": minor},
    )
    return minor


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
