"""The engine's scratchpad for one decision: the checks in order and what they add up to.

It is mutable and lives only inside one call of the engine; what leaves the engine is the frozen
`Decision` built from it.
"""

from __future__ import annotations

from datetime import date

from cybercare.cover.domain.decision import Check, Param, Verdict, make_check
from cybercare.kernel.clauses import Art

PASS, DECLINE, REVIEW, PARTIAL, INCOMPLETE = (
    Verdict.PASS,
    Verdict.DECLINE,
    Verdict.REVIEW,
    Verdict.PARTIAL,
    Verdict.INCOMPLETE,
)


class Findings:
    __slots__ = (
        "checks",
        "declarable_from",
        "declined",
        "missing_answers",
        "missing_evidence",
        "partial",
        "review",
    )

    def __init__(self) -> None:
        self.checks: list[Check] = []
        self.missing_evidence: tuple[str, ...] = ()
        self.missing_answers: list[str] = []
        self.declined = False
        self.review = False
        self.partial = False
        # the day the incident became declarable, when a condition sets it (ECOM non-delivery
        # exists only `days` after the promised date): the deadline of Art. 8.2 runs from it
        self.declarable_from: date | None = None

    @property
    def complete(self) -> bool:
        return not self.missing_evidence and not self.missing_answers

    def passed(self, rule: str, code: str, article: Art, params: dict[str, Param]) -> None:
        self.checks.append(make_check(rule, PASS, code, article, params))

    def decline(self, rule: str, code: str, article: Art, params: dict[str, Param]) -> None:
        self.declined = True
        self.checks.append(make_check(rule, DECLINE, code, article, params))

    def to_review(self, rule: str, code: str, article: Art, params: dict[str, Param]) -> None:
        self.review = True
        self.checks.append(make_check(rule, REVIEW, code, article, params))

    def partially(self, rule: str, code: str, article: Art, params: dict[str, Param]) -> None:
        self.partial = True
        self.checks.append(make_check(rule, PARTIAL, code, article, params))

    def unanswered(self, rule: str, code: str, article: Art, answers: tuple[str, ...]) -> None:
        """Questions the claim needs are not answered yet: the file is incomplete."""
        self.missing_answers.extend(answers)
        self.checks.append(make_check(rule, INCOMPLETE, code, article, {"missing": answers}))

    def evidence_missing(self, rule: str, article: Art, missing: tuple[str, ...]) -> None:
        """Evidence of Art. 8.3 is missing: the file is incomplete."""
        self.missing_evidence = missing
        self.checks.append(
            make_check(rule, INCOMPLETE, "evidence.missing", article, {"missing": missing})
        )
