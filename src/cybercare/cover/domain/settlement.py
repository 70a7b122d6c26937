"""What the decision pays and draws from the yearly pot (Art. 3.2, 4, 5).

Order: the amount due (deductible of Art. 3.2, per-claim minimum and sub-limit of Art. 5.4, for
reimbursement guarantees), then the pot's case limit (Art. 5.2), then its money (Art. 5.3).
What is left in a pot is its limit less what is used and what other cases hold in reservations,
so the limits are never exceeded, whatever the number of claims handled at the same time.
When only reservations stand in the way, the file goes to a handler rather than being declined.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybercare.cover.domain.compiled import GuaranteeRules, ProductRules
from cybercare.cover.domain.decision import Consumption, Param
from cybercare.cover.domain.facts import IncidentFacts, PotUsage
from cybercare.cover.domain.findings import Findings
from cybercare.kernel.clauses import Art
from cybercare.product.model import Benefit, Pot

ART_5 = Art("5")
ART_5_2 = Art("5.2")
ART_5_3 = Art("5.3")
ART_5_4 = Art("5.4")


@dataclass(frozen=True, slots=True)
class Settlement:
    payable_cents: int
    consumption: Consumption | None


def settle(
    rules: ProductRules,
    guarantee: GuaranteeRules,
    incident: IncidentFacts,
    usage: PotUsage,
    out: Findings,
) -> Settlement:
    definition = guarantee.guarantee
    claimed = incident.claimed_cents
    new_cases = 0 if incident.already_counted else 1
    if guarantee.pot is None and definition.benefit is Benefit.SERVICE:
        # ASSIST (Art. 4.1): unlimited service; IDT (Art. 4.3): no money limit, cases reported.
        reported = definition.counts_cases_for_reporting
        out.passed(
            "settlement.service",
            "settlement.service_cases_reported" if reported else "settlement.service_unlimited",
            definition.article,
            {"claimed_cents": claimed, "payable_cents": 0},
        )
        if not reported:
            return Settlement(0, None)
        return Settlement(0, Consumption(None, 0, new_cases, reporting_only=True))

    due = claimed
    if definition.benefit is Benefit.REIMBURSEMENT:
        due = _amount_due(rules, claimed, out)
    if guarantee.pot is None:
        out.passed("pot.money", "pot.no_pot", definition.article, {"due_cents": due})
        return Settlement(due, None)
    return _draw(
        guarantee.pot, incident=incident, usage=usage, due=due, new_cases=new_cases, out=out
    )


def _amount_due(rules: ProductRules, claimed: int, out: Findings) -> int:
    """Art. 3.2 deductible, then the per-claim minimum and sub-limit of Art. 5.4."""
    start = rules.product.cover_start
    deductible = start.deductible_cents
    due = max(0, claimed - deductible)
    out.passed(
        "settlement.deductible",
        "settlement.deductible_applied" if deductible else "settlement.no_deductible",
        start.article,
        {"claimed_cents": claimed, "deductible_cents": deductible, "due_cents": due},
    )
    minimum, sub_limit = start.minimum_claim_cents, start.per_claim_limit_cents
    params: dict[str, Param] = {
        "claimed_cents": claimed,
        "minimum_cents": minimum,
        "per_claim_limit_cents": sub_limit,
    }
    if claimed < minimum:
        out.decline("claim.per_claim", "claim.below_minimum", ART_5_4, params)
        return 0
    if sub_limit is not None and due > sub_limit:
        out.partially(
            "claim.per_claim", "claim.per_claim_limit", ART_5_4, {"due_cents": due, **params}
        )
        return sub_limit
    out.passed("claim.per_claim", "claim.no_per_claim_limit", ART_5_4, params)
    return due


def _draw(
    pot: Pot,
    *,
    incident: IncidentFacts,
    usage: PotUsage,
    due: int,
    new_cases: int,
    out: Findings,
) -> Settlement:
    balance = usage.balance(pot.code)
    held_cents = balance.reserved_cents - incident.reservation_cents  # by other cases
    held_cases = balance.cases_reserved - (1 if incident.case_reserved else 0)
    used_cases = balance.cases_used

    # Art. 5.2: a case counts when accepted; a further claim on a counted case adds none.
    case_limit = pot.case_limit
    cases: dict[str, Param] = {"pot": pot.code, "used": used_cases, "limit": case_limit}
    room_for_case = True
    if incident.already_counted:
        out.passed("pot.case_limit", "pot.case_already_counted", ART_5_2, cases)
    elif case_limit is None:
        out.passed("pot.case_limit", "pot.no_case_limit", ART_5_2, cases)
    elif used_cases >= case_limit:
        out.decline("pot.case_limit", "pot.cases_exhausted", ART_5_2, cases)
        return Settlement(0, None)
    elif used_cases + held_cases >= case_limit:
        # the last cases are held by cases in flight: wait for them rather than decline
        room_for_case = False
        out.to_review(
            "pot.case_limit",
            "pot.cases_held_by_reservations",
            ART_5_2,
            {"reserved": held_cases, **cases},
        )
    else:
        out.passed(
            "pot.case_limit", "pot.cases_available", ART_5_2, {"reserved": held_cases, **cases}
        )

    # Art. 5.3: pay what is left when the amount due is larger; never exceed the limit.
    money_limit = pot.money_limit_cents
    if money_limit is None:
        out.passed("pot.money", "pot.no_money_limit", ART_5, {"pot": pot.code, "due_cents": due})
        payable = due
    else:
        used = balance.used_cents
        left = max(0, money_limit - used - held_cents)
        money: dict[str, Param] = {
            "pot": pot.code,
            "due_cents": due,
            "limit_cents": money_limit,
            "used_cents": used,
            "reserved_cents": held_cents,
            "left_cents": left,
        }
        if due <= left:
            payable = due
            out.passed("pot.money", "pot.within_limit", ART_5, money)
        elif left > 0:
            payable = left
            out.partially(
                "pot.money", "pot.partial_settlement", ART_5_3, {"payable_cents": left, **money}
            )
        elif used >= money_limit:
            out.decline("pot.money", "pot.exhausted", ART_5_3, money)
            return Settlement(0, None)
        else:
            payable = 0
            out.to_review("pot.money", "pot.held_by_reservations", ART_5_3, money)
    if not room_for_case:
        return Settlement(0, None)
    return Settlement(
        payable,
        Consumption(
            pot.code,
            payable,
            new_cases,
            released_cents=incident.reservation_cents,
            released_cases=1 if incident.case_reserved else 0,
        ),
    )
