"""A product version prepared for deciding: lookups built once, the data checked against the code.

`compile_product` walks the product once: it binds every condition to its rule (raising
`ProductMismatchError` for a rule or parameter the engine does not know), checks that pots,
exclusions and obligations refer to guarantees that exist, and indexes what each guarantee needs
so that a decision does no searching.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybercare.cover.domain.conditions import ConditionCheck, bind
from cybercare.cover.domain.errors import ProductMismatchError
from cybercare.cover.domain.facts import AFFILIATE, NOT_FAMILY
from cybercare.kernel.clauses import Reason
from cybercare.product.model import Condition, Exclusion, Guarantee, Pot, ProductVersion


@dataclass(frozen=True, slots=True)
class BoundCondition:
    condition: Condition
    check: ConditionCheck


@dataclass(frozen=True, slots=True)
class GuaranteeRules:
    """Everything the engine needs about one guarantee, looked up once."""

    guarantee: Guarantee
    pot: Pot | None
    conditions: tuple[BoundCondition, ...]
    exclusions: tuple[Exclusion, ...]  # those of Art. 6 that apply to this guarantee
    obligations: tuple[str, ...]  # Art. 7.2: asked again in claims of this guarantee
    evidence_by_kind: dict[str | None, tuple[str, ...]]  # Art. 8.3: required evidence codes
    kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class ProductRules:
    product: ProductVersion
    guarantees: dict[str, GuaranteeRules]
    family: frozenset[str]  # Art. 2.2
    relationships: frozenset[str]  # every relationship code the facts may carry
    exclusion_codes: frozenset[str]
    obligation_codes: frozenset[str]
    residence_countries: frozenset[str]  # Art. 3.3
    complaints_path: Reason  # Art. 10.1: stated on every decline or partial settlement


def compile_product(product: ProductVersion) -> ProductRules:
    guarantee_codes = {g.code for g in product.guarantees}
    pots = {pot.code: pot for pot in product.pots}
    _check_references(product, guarantee_codes, pots)
    family = frozenset(product.household.family_relationships)
    if family & {AFFILIATE, NOT_FAMILY}:
        raise ProductMismatchError(
            f"family relationships must not use the reserved codes {AFFILIATE!r}, {NOT_FAMILY!r}",
            clause=str(product.household.article),
        )
    start = product.cover_start
    if start.waiting_period_days < 0 or start.deductible_cents < 0 or start.minimum_claim_cents < 0:
        raise ProductMismatchError(
            "cover start values must not be negative", clause=str(start.article)
        )
    if start.per_claim_limit_cents is not None and start.per_claim_limit_cents < 0:
        raise ProductMismatchError(
            "the per-claim limit must not be negative", clause=str(start.article)
        )
    return ProductRules(
        product=product,
        guarantees={g.code: _guarantee_rules(product, g, pots) for g in product.guarantees},
        family=family,
        relationships=family | {AFFILIATE, NOT_FAMILY},
        exclusion_codes=frozenset(e.code for e in product.exclusions),
        obligation_codes=frozenset(o.code for o in product.obligations.items),
        residence_countries=frozenset(product.household.residence_countries),
        complaints_path=Reason(
            "complaints.path",
            product.complaints.article,
            {
                "insurer_service": product.complaints.insurer_service.name,
                "ombudsman": product.complaints.ombudsman.name,
            },
        ),
    )


def _guarantee_rules(
    product: ProductVersion, guarantee: Guarantee, pots: dict[str, Pot]
) -> GuaranteeRules:
    kinds: list[str | None] = [None, *(kind.code for kind in guarantee.kinds)]
    return GuaranteeRules(
        guarantee=guarantee,
        pot=None if guarantee.pot is None else pots[guarantee.pot],
        conditions=tuple(BoundCondition(c, bind(c, guarantee)) for c in guarantee.conditions),
        exclusions=tuple(
            e for e in product.exclusions if e.guarantees is None or guarantee.code in e.guarantees
        ),
        obligations=tuple(
            o.code for o in product.obligations.items if guarantee.code in o.guarantees
        ),
        evidence_by_kind={
            kind: tuple(e.code for e in guarantee.evidence_for(kind)) for kind in kinds
        },
        kinds=frozenset(kind.code for kind in guarantee.kinds),
    )


def _check_references(product: ProductVersion, codes: set[str], pots: dict[str, Pot]) -> None:
    for guarantee in product.guarantees:
        if guarantee.pot is None:
            continue
        pot = pots.get(guarantee.pot)
        if pot is None:
            raise ProductMismatchError(
                f"guarantee {guarantee.code} draws on unknown pot {guarantee.pot!r}",
                clause=str(guarantee.article),
            )
        if guarantee.code not in pot.guarantees:
            raise ProductMismatchError(
                f"pot {pot.code} does not list guarantee {guarantee.code}", clause=str(pot.article)
            )
    for pot in product.pots:
        unknown = set(pot.guarantees) - codes
        if unknown:
            raise ProductMismatchError(
                f"pot {pot.code} lists unknown guarantees {sorted(unknown)}",
                clause=str(pot.article),
            )
        if (pot.money_limit_cents or 0) < 0 or (pot.case_limit or 0) < 0:
            raise ProductMismatchError(
                f"pot {pot.code} has a negative limit", clause=str(pot.article)
            )
    for exclusion in product.exclusions:
        unknown = set(exclusion.guarantees or ()) - codes
        if unknown:
            raise ProductMismatchError(
                f"exclusion {exclusion.code} names unknown guarantees {sorted(unknown)}",
                clause=str(exclusion.article),
            )
    for obligation in product.obligations.items:
        unknown = set(obligation.guarantees) - codes
        if unknown:
            raise ProductMismatchError(
                f"obligation {obligation.code} names unknown guarantees {sorted(unknown)}",
                clause=str(product.obligations.article),
            )
