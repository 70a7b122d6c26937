"""The coverage decision: a value that says what was decided, on which articles, with the figures.

Nothing here is rendered for people: codes and articles are stable, text is produced at the edge
in the member's language. `Decision.as_dict()` is the JSON-ready form services store next to the
input snapshot and the product version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from cybercare.kernel.clauses import Art, Reason
from cybercare.kernel.periods import InsuranceYear

Param = str | int | bool | date | None | tuple[str, ...]


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"  # Art. 5.3 (or a sub-limit of Art. 5.4)
    DECLINED = "declined"
    NEEDS_REVIEW = "needs_review"  # a handler decides (Art. 7.2, 8.2, reservations in flight)


class Verdict(StrEnum):
    """What one rule concluded."""

    PASS = "pass"  # noqa: S105 - a verdict, not a secret: the rule holds (or records a value)
    DECLINE = "decline"  # the claim is not covered
    REVIEW = "review"  # a handler must decide; never an automatic decline
    INCOMPLETE = "incomplete"  # evidence or an answer is missing (Art. 8.3, 7.2, 4)
    PARTIAL = "partial"  # less than the amount due can be paid (Art. 5.3, 5.4)


@dataclass(frozen=True, slots=True)
class Check:
    """One rule evaluated: which rule, what it concluded, the article and the compared values."""

    rule: str  # the rule that ran, e.g. "pot.case_limit"
    verdict: Verdict
    code: str  # its result, e.g. "pot.cases_exhausted"
    article: Art
    params: dict[str, Param]

    @property
    def reason(self) -> Reason:
        return Reason(self.code, self.article, dict(self.params))

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "verdict": self.verdict.value,
            "code": self.code,
            "article": str(self.article),
            "params": _json_params(self.params),
        }


def _check_maker() -> Callable[[str, Verdict, str, Art, dict[str, Param]], Check]:
    """`Check(...)` without the generic frozen-dataclass `__init__` (one `object.__setattr__`
    per field): the engine makes some twenty checks per decision and this halves their cost.
    The result is the same frozen value (tests compare it with the constructor's)."""
    new = object.__new__
    fields = ("rule", "verdict", "code", "article", "params")
    set_rule, set_verdict, set_code, set_article, set_params = (
        getattr(Check, name).__set__ for name in fields
    )

    def make(
        rule: str, verdict: Verdict, code: str, article: Art, params: dict[str, Param]
    ) -> Check:
        check: Check = new(Check)
        set_rule(check, rule)
        set_verdict(check, verdict)
        set_code(check, code)
        set_article(check, article)
        set_params(check, params)
        return check

    return make


make_check = _check_maker()


@dataclass(frozen=True, slots=True)
class Consumption:
    """What the decision draws from a pot (Art. 5), to apply to the usage once decided.

    `pot` is None for a guarantee without a yearly pot whose cases are counted for reporting only
    (IDT, Art. 4.3). `released_*` give back what this case held in the pot's reservations.
    """

    pot: str | None
    amount_cents: int
    cases: int
    released_cents: int = 0
    released_cases: int = 0
    reporting_only: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "pot": self.pot,
            "amount_cents": self.amount_cents,
            "cases": self.cases,
            "released_cents": self.released_cents,
            "released_cases": self.released_cases,
            "reporting_only": self.reporting_only,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """The engine's answer for one incident.

    A decision is final (`is_final`) when it is declined, or accepted (fully or partially) on a
    complete file. Only then do `payable_cents` and `consumption` carry figures to act on:
    `payable_cents` is what the insurer bears (paid to the member for a reimbursement guarantee,
    or the cost of services borne within a pot, as for EREP) and `consumption` what to apply to
    the pot. A file that needs review or is incomplete pays nothing yet: `proposal` says what it
    would draw if the handler accepts it or once it is complete (hold it as this case's
    reservation). A decline is final whatever is missing.
    """

    product_code: str
    product_version: str
    guarantee: str
    incident_date: date  # Art. 3.4
    insurance_year: InsuranceYear | None  # Art. 3.1; None when the incident precedes the start
    outcome: Outcome
    claimed_cents: int
    payable_cents: int
    consumption: Consumption | None
    proposal: Consumption | None
    missing_evidence: tuple[str, ...]  # Art. 8.3
    missing_answers: tuple[str, ...]  # questions of Art. 4 and Art. 7.2 left unanswered
    reasons: tuple[Reason, ...]  # the reasons that decided the outcome (and the incompleteness)
    notices: tuple[Reason, ...]  # what the decision must also state (Art. 10.1, Art. 2.4)
    trace: tuple[Check, ...]  # every rule evaluated, in order

    @property
    def product_key(self) -> tuple[str, str]:
        return self.product_code, self.product_version

    @property
    def is_complete(self) -> bool:
        """Art. 8.3: every piece of evidence and every answer the claim needs is there."""
        return not self.missing_evidence and not self.missing_answers

    @property
    def is_final(self) -> bool:
        """Declined, or accepted (fully or partially) on a complete file: act on it."""
        if self.outcome is Outcome.DECLINED:
            return True
        return self.outcome is not Outcome.NEEDS_REVIEW and self.is_complete

    @property
    def main_reason(self) -> Reason | None:
        return self.reasons[0] if self.reasons else None

    def as_dict(self) -> dict[str, Any]:
        year = self.insurance_year
        return {
            "product": {"code": self.product_code, "version": self.product_version},
            "guarantee": self.guarantee,
            "incident_date": self.incident_date.isoformat(),
            "insurance_year": None
            if year is None
            else {
                "index": year.index,
                "start": year.start.isoformat(),
                "end": year.end.isoformat(),
            },
            "outcome": self.outcome.value,
            "complete": self.is_complete,
            "final": self.is_final,
            "claimed_cents": self.claimed_cents,
            "payable_cents": self.payable_cents,
            "consumption": None if self.consumption is None else self.consumption.as_dict(),
            "proposal": None if self.proposal is None else self.proposal.as_dict(),
            "missing_evidence": list(self.missing_evidence),
            "missing_answers": list(self.missing_answers),
            "reasons": [_reason_dict(r) for r in self.reasons],
            "notices": [_reason_dict(r) for r in self.notices],
            "trace": [c.as_dict() for c in self.trace],
        }


def _reason_dict(reason: Reason) -> dict[str, Any]:
    return {
        "code": reason.code,
        "article": str(reason.article),
        "params": _json_params(reason.params),
    }


def _json_params(params: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO strings, tuples as lists: what JSON can hold."""
    return {k: _json_value(v) for k, v in params.items()}


def _json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
