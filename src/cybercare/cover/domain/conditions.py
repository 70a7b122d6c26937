"""The conditions of the guarantees (Art. 4), by the rule names the product data uses.

The product says which rule applies to which guarantee and gives its parameters
(`Condition.rule`, `Condition.params`); this module says what each rule checks. A rule name the
product uses and this module does not know is a data/code mismatch, reported when the engine is
built for the product (`validate`), never ignored.

Each check answers with one of: the condition holds (pass), it fails (decline), or the member has
not answered the question yet (the file is incomplete).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from cybercare.cover.domain.decision import Param
from cybercare.cover.domain.errors import ProductMismatchError
from cybercare.cover.domain.facts import IncidentFacts
from cybercare.cover.domain.findings import Findings
from cybercare.product.model import Condition, Guarantee

NON_DELIVERY = "non_delivery"  # the ECOM incident kind the waiting rule is about (Art. 4.5)

ConditionCheck = Callable[[Condition, IncidentFacts, Findings], None]
ParamsCheck = Callable[[Condition, Guarantee], None]


@dataclass(frozen=True, slots=True)
class ConditionRule:
    name: str
    check: ConditionCheck
    validate: ParamsCheck


def _no_params(condition: Condition, guarantee: Guarantee) -> None:
    if condition.params:
        raise _mismatch(
            condition, guarantee, f"takes no parameters, got {sorted(condition.params)}"
        )


def _mismatch(condition: Condition, guarantee: Guarantee, problem: str) -> ProductMismatchError:
    return ProductMismatchError(
        f"guarantee {guarantee.code}: condition {condition.rule!r} {problem}",
        clause=str(condition.article),
        params={"guarantee": guarantee.code, "rule": condition.rule},
    )


# --- ECOM (Art. 4.5) ---------------------------------------------------------------------------


def _seller_is_professional(condition: Condition, incident: IncidentFacts, out: Findings) -> None:
    rule = "condition.seller_is_professional"
    answer = incident.circumstances.seller_professional
    if answer is None:
        out.unanswered(rule, "ecom.seller_unanswered", condition.article, ("seller_professional",))
    elif answer:
        out.passed(
            rule, "ecom.seller_professional", condition.article, {"seller_professional": True}
        )
    else:
        out.decline(
            rule, "ecom.seller_not_professional", condition.article, {"seller_professional": False}
        )


def _written_claim_first(condition: Condition, incident: IncidentFacts, out: Findings) -> None:
    rule = "condition.written_claim_to_seller_first"
    answer = incident.circumstances.written_claim_sent
    if answer is None:
        out.unanswered(
            rule, "ecom.written_claim_unanswered", condition.article, ("written_claim_sent",)
        )
    elif answer:
        out.passed(rule, "ecom.written_claim_sent", condition.article, {"written_claim_sent": True})
    else:
        out.decline(rule, "ecom.no_written_claim", condition.article, {"written_claim_sent": False})


def _non_delivery_wait(condition: Condition, incident: IncidentFacts, out: Findings) -> None:
    """Non-delivery: no delivery `days` after the promised delivery date, or after payment when
    no date was promised; measured at the declaration date."""
    rule = "condition.non_delivery_wait"
    if incident.kind != NON_DELIVERY:
        out.passed(rule, "ecom.wait_not_applicable", condition.article, {"kind": incident.kind})
        return
    facts = incident.circumstances
    days = condition.params["days"]
    assert isinstance(days, int)
    if facts.promised_delivery_date is not None:
        basis, since = "promised_delivery_date", facts.promised_delivery_date
    elif facts.payment_date is not None:
        basis, since = "payment_date", facts.payment_date
    else:
        out.unanswered(
            rule, "ecom.delivery_date_unanswered", condition.article, ("promised_delivery_date",)
        )
        return
    earliest = since + timedelta(days=days)
    params: dict[str, Param] = {
        "basis": basis,
        "since": since,
        "days": days,
        "declared": incident.declaration_date,
        "earliest": earliest,
    }
    out.declarable_from = earliest
    if incident.declaration_date >= earliest:
        out.passed(rule, "ecom.non_delivery_established", condition.article, params)
    else:
        out.decline(rule, "ecom.non_delivery_too_early", condition.article, params)


def _days_param(condition: Condition, guarantee: Guarantee) -> None:
    days = condition.params.get("days")
    if set(condition.params) != {"days"} or not isinstance(days, int) or isinstance(days, bool):
        raise _mismatch(
            condition, guarantee, f"needs params {{'days': int}}, got {condition.params}"
        )
    if days < 0:
        raise _mismatch(condition, guarantee, f"needs days >= 0, got {days}")
    kinds = {kind.code for kind in guarantee.kinds}
    if kinds and NON_DELIVERY not in kinds:
        raise _mismatch(condition, guarantee, f"needs an incident kind {NON_DELIVERY!r}")


# --- PAYF (Art. 4.4) ---------------------------------------------------------------------------


def _bank_refused_definitively(
    condition: Condition, incident: IncidentFacts, out: Findings
) -> None:
    """Only what the bank definitively refused is reimbursed; help with the dispute (a claim for
    no money) needs no refusal."""
    rule = "condition.bank_refused_definitively"
    if incident.claimed_cents == 0:
        out.passed(rule, "payf.no_reimbursement_asked", condition.article, {"claimed_cents": 0})
        return
    answer = incident.circumstances.bank_refused_definitively
    if answer is None:
        out.unanswered(
            rule, "payf.bank_refusal_unanswered", condition.article, ("bank_refused_definitively",)
        )
    elif answer:
        out.passed(
            rule, "payf.bank_refused", condition.article, {"bank_refused_definitively": True}
        )
    else:
        out.decline(
            rule, "payf.bank_not_refused", condition.article, {"bank_refused_definitively": False}
        )


# --- DATA (Art. 4.6) ---------------------------------------------------------------------------


def _data_loss_cause(condition: Condition, incident: IncidentFacts, out: Findings) -> None:
    rule = "condition.data_loss_cause"
    causes = condition.params["causes"]
    assert isinstance(causes, tuple)
    cause = incident.circumstances.data_loss_cause
    if cause is None:
        out.unanswered(rule, "data.cause_unanswered", condition.article, ("data_loss_cause",))
    elif cause in causes:
        out.passed(
            rule, "data.cause_covered", condition.article, {"cause": cause, "causes": causes}
        )
    else:
        out.decline(
            rule, "data.cause_not_covered", condition.article, {"cause": cause, "causes": causes}
        )


def _causes_param(condition: Condition, guarantee: Guarantee) -> None:
    causes = condition.params.get("causes")
    if (
        set(condition.params) != {"causes"}
        or not isinstance(causes, tuple)
        or not causes
        or not all(isinstance(c, str) for c in causes)
    ):
        raise _mismatch(
            condition, guarantee, f"needs params {{'causes': (str, ...)}}, got {condition.params}"
        )


RULES: Mapping[str, ConditionRule] = {
    rule.name: rule
    for rule in (
        ConditionRule("seller_is_professional", _seller_is_professional, _no_params),
        ConditionRule("written_claim_to_seller_first", _written_claim_first, _no_params),
        ConditionRule("non_delivery_wait", _non_delivery_wait, _days_param),
        ConditionRule("bank_refused_definitively", _bank_refused_definitively, _no_params),
        ConditionRule("data_loss_cause", _data_loss_cause, _causes_param),
    )
}


def bind(condition: Condition, guarantee: Guarantee) -> ConditionCheck:
    """The check for `condition`, once its rule is known and its parameters are valid."""
    rule = RULES.get(condition.rule)
    if rule is None:
        raise _mismatch(condition, guarantee, f"is not implemented (known: {sorted(RULES)})")
    rule.validate(condition, guarantee)
    return rule.check
