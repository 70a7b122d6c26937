"""The coverage engine: `decide(product, policy, incident, usage) -> Decision`. Pure.

Rules run in a fixed order (see docs/coverage-engine.md):

1. cover in force on the incident date (Art. 3.4, 3.2, 9.3, 9.6) and its insurance year (3.1);
2. residence (Art. 3.3);
3. insured person (Art. 2.1-2.4);
4. conditions of the guarantee (Art. 4);
5. exclusions (Art. 6);
6. evidence (Art. 8.3);
7. prevention obligations (Art. 7.2);
8. declaration deadline (Art. 8.2);
9. settlement, only when nothing declined: amount due (Art. 3.2, 5.4), the pot's cases (5.2)
   and money (5.3).

When the policy is not in force on the incident date (step 1 declines), nothing else is
evaluated. Otherwise every rule of steps 2-8 runs, so a decision lists every reason that
applies; the outcome is then the most severe verdict: declined, else needs review, else
partially accepted, else accepted. Missing evidence or answers make the file incomplete (not
final) without changing that order; a decline is final whatever is missing.
"""

from __future__ import annotations

from datetime import date

from cybercare.cover.domain.claim_file import (
    check_conditions,
    check_declaration,
    check_evidence,
    check_exclusions,
    check_obligations,
)
from cybercare.cover.domain.compiled import GuaranteeRules, ProductRules, compile_product
from cybercare.cover.domain.decision import Consumption, Decision, Outcome, Verdict
from cybercare.cover.domain.eligibility import (
    ART_2_4,
    check_cover,
    check_insured,
    check_residence,
)
from cybercare.cover.domain.facts import IncidentFacts, PolicyFacts, PotUsage
from cybercare.cover.domain.findings import Findings
from cybercare.cover.domain.settlement import Settlement, settle
from cybercare.kernel.clauses import Reason
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.periods import InsuranceYear
from cybercare.product.model import ProductVersion

ACCEPTED, PARTIALLY_ACCEPTED = Outcome.ACCEPTED, Outcome.PARTIALLY_ACCEPTED
DECLINED, NEEDS_REVIEW = Outcome.DECLINED, Outcome.NEEDS_REVIEW
DECLINE, REVIEW, PARTIAL, INCOMPLETE = (
    Verdict.DECLINE,
    Verdict.REVIEW,
    Verdict.PARTIAL,
    Verdict.INCOMPLETE,
)


class CoverageEngine:
    """The engine for one product version. Building it checks the product data against the
    rules this code implements and raises `ProductMismatchError` when they disagree."""

    __slots__ = ("_rules",)

    def __init__(self, product: ProductVersion) -> None:
        self._rules: ProductRules = compile_product(product)

    @property
    def product(self) -> ProductVersion:
        return self._rules.product

    def decide(self, policy: PolicyFacts, incident: IncidentFacts, usage: PotUsage) -> Decision:
        rules = self._rules
        guarantee = rules.guarantees.get(incident.guarantee)
        if guarantee is None:
            raise InvalidInput(
                "incident.guarantee",
                f"unknown guarantee {incident.guarantee!r} in product {rules.product.key}",
            )
        _validate(rules, guarantee, policy, incident, usage)

        out = Findings()
        year = check_cover(rules, policy, incident, out)
        if year is not None and usage.year_start is not None and usage.year_start != year.start:
            raise InvalidInput(
                "usage.year_start",
                f"usage is for the year starting {usage.year_start}, the incident falls in the "
                f"year starting {year.start} (Art. 3.1)",
            )
        minor = False
        if not out.declined:  # a policy not in force on the incident date says nothing more
            check_residence(rules, policy, out)
            minor = check_insured(rules, policy, incident, out)
            check_conditions(guarantee, incident, out)
            check_exclusions(guarantee, incident, out)
            check_evidence(rules, guarantee, incident, out)
            check_obligations(rules, guarantee, incident, out)
            check_declaration(rules, incident, out)
        settlement = None if out.declined else settle(rules, guarantee, incident, usage, out)
        if settlement is None or out.declined:  # settlement may decline too (Art. 5.2-5.4)
            settlement = _released(guarantee, incident)
        return _decision(rules, incident, year, out, settlement, minor=minor)


def _released(guarantee: GuaranteeRules, incident: IncidentFacts) -> Settlement:
    """A declined claim pays nothing and gives back the money it held. The case keeps its
    place among the year's cases (Art. 5.2): its closure decides whether the help given counts
    it or it is given back."""
    if guarantee.pot is None or not incident.reservation_cents:
        return Settlement(0, None)
    return Settlement(
        0, Consumption(guarantee.pot.code, 0, 0, released_cents=incident.reservation_cents)
    )


def _decision(
    rules: ProductRules,
    incident: IncidentFacts,
    year: InsuranceYear | None,
    out: Findings,
    settlement: Settlement,
    *,
    minor: bool,
) -> Decision:
    checks = out.checks
    if out.declined:
        outcome = DECLINED
        reasons = [c.reason for c in checks if c.verdict is DECLINE]
    elif out.review:
        outcome = NEEDS_REVIEW
        reasons = [c.reason for c in checks if c.verdict is REVIEW or c.verdict is PARTIAL]
    elif out.partial:
        outcome = PARTIALLY_ACCEPTED
        reasons = [c.reason for c in checks if c.verdict is PARTIAL]
    else:  # accepted: the settlement's last word says on what terms
        outcome = ACCEPTED
        reasons = [checks[-1].reason]
    complete = out.complete
    if not complete and outcome is not DECLINED:
        reasons.extend(c.reason for c in checks if c.verdict is INCOMPLETE)

    product = rules.product
    notices: list[Reason] = []
    if minor:
        notices.append(Reason("insured.legal_representative", ART_2_4))
    if outcome is DECLINED or outcome is PARTIALLY_ACCEPTED:
        path = rules.complaints_path  # a fresh copy: a decision shares no mutable part
        notices.append(Reason(path.code, path.article, dict(path.params)))
    final = outcome is DECLINED or (outcome is not NEEDS_REVIEW and complete)
    return Decision(
        product_code=product.code,
        product_version=product.version,
        guarantee=incident.guarantee,
        incident_date=incident.incident_date,
        insurance_year=year,
        outcome=outcome,
        claimed_cents=incident.claimed_cents,
        payable_cents=settlement.payable_cents if final else 0,
        consumption=settlement.consumption if final else None,
        proposal=None if final else settlement.consumption,
        missing_evidence=out.missing_evidence,
        missing_answers=tuple(out.missing_answers),
        reasons=tuple(reasons),
        notices=tuple(notices),
        trace=tuple(checks),
    )


def _validate(
    rules: ProductRules,
    guarantee: GuaranteeRules,
    policy: PolicyFacts,
    incident: IncidentFacts,
    usage: PotUsage,
) -> None:
    """Facts that contradict themselves or the product are refused, never decided on."""
    if incident.kind is None:
        if guarantee.kinds:
            raise InvalidInput("incident.kind", f"one of {sorted(guarantee.kinds)} is required")
    elif incident.kind not in guarantee.kinds:
        raise InvalidInput(
            "incident.kind", f"{incident.kind!r} is not a kind of {incident.guarantee}"
        )
    if incident.claimed_cents < 0 or incident.reservation_cents < 0:
        raise InvalidInput("incident.claimed_cents", "amounts must not be negative")
    if incident.declaration_date < incident.discovery_date:
        raise InvalidInput("incident.declaration_date", "must not precede the discovery date")
    if incident.occurrence_date is not None and incident.occurrence_date > incident.discovery_date:
        raise InvalidInput("incident.occurrence_date", "must not follow the discovery date")
    facts = incident.circumstances
    if facts.exclusions and not facts.exclusions <= rules.exclusion_codes:
        unknown = sorted(facts.exclusions - rules.exclusion_codes)
        raise InvalidInput("incident.circumstances.exclusions", f"unknown codes {unknown}")
    declared = facts.obligations_respected | facts.obligations_breached
    if declared and not declared <= rules.obligation_codes:
        unknown = sorted(declared - rules.obligation_codes)
        raise InvalidInput("incident.circumstances.obligations", f"unknown codes {unknown}")
    if facts.obligations_respected & facts.obligations_breached:
        raise InvalidInput(
            "incident.circumstances.obligations", "an obligation is both respected and breached"
        )
    previous_end = None
    for period in policy.status_periods:
        if period.to_date is not None and period.to_date <= period.from_date:
            raise InvalidInput("policy.status_periods", f"empty period {period}")
        if previous_end is not None and period.from_date < previous_end:
            raise InvalidInput("policy.status_periods", "periods must be sorted and not overlap")
        previous_end = period.to_date if period.to_date is not None else date.max
    if guarantee.pot is None:
        return
    balance = usage.balance(guarantee.pot.code)
    if (
        min(balance.used_cents, balance.reserved_cents, balance.cases_used, balance.cases_reserved)
        < 0
    ):
        raise InvalidInput("usage", f"pot {balance.pot} has a negative figure")
    if incident.already_counted and (incident.case_reserved or balance.cases_used < 1):
        raise InvalidInput("incident.already_counted", "no counted case in the pot to refer to")
    if incident.reservation_cents > balance.reserved_cents or (
        incident.case_reserved and balance.cases_reserved < 1
    ):
        raise InvalidInput("incident.reservation_cents", "exceeds the pot's reservations")


_ENGINES: dict[int, tuple[ProductVersion, CoverageEngine]] = {}
_MAX_ENGINES = 64


def engine_for(product: ProductVersion) -> CoverageEngine:
    """The engine of `product`, built once per product object (a memo, not state: an engine
    depends on nothing but the product, which is immutable)."""
    entry = _ENGINES.get(id(product))
    if entry is not None and entry[0] is product:
        return entry[1]
    engine = CoverageEngine(product)
    if len(_ENGINES) >= _MAX_ENGINES:
        _ENGINES.clear()
    _ENGINES[id(product)] = (product, engine)
    return engine


def decide(
    product: ProductVersion, policy: PolicyFacts, incident: IncidentFacts, usage: PotUsage
) -> Decision:
    """Decide an incident against a product version. Same inputs, same decision."""
    return engine_for(product).decide(policy, incident, usage)
