"""API shapes of the published product (labels in the requested language)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from cybercare.kernel.money import format_amount, format_rate, split_gross
from cybercare.product.model import Guarantee, Pot, ProductVersion


class ProductSummaryRead(BaseModel):
    code: str
    version: str
    title: str
    distributors: list[str]
    sales_open_from: date
    sales_closed_from: date | None = Field(description="Closed to new business from (Art. 1.4)")
    open_to_new_business: bool


class ServiceRead(BaseModel):
    code: str
    team: str
    label: str


class EvidenceRead(BaseModel):
    code: str
    label: str
    only_for_kind: str | None


class ConditionRead(BaseModel):
    rule: str
    article: str
    label: str


class GuaranteeRead(BaseModel):
    code: str
    article: str
    label: str
    description: str
    benefit: str
    pot: str | None
    teams: list[str]
    services: list[ServiceRead]
    evidence: list[EvidenceRead]
    conditions: list[ConditionRead]


class PotRead(BaseModel):
    code: str
    article: str
    label: str
    guarantees: list[str]
    money_limit: str | None = Field(examples=["5000.00"], description="Per insurance year")
    case_limit: int | None


class ClauseRead(BaseModel):
    code: str
    article: str
    label: str


class TaxPeriodRead(BaseModel):
    valid_from: date
    rate_percent: str = Field(examples=["9.25"])
    net_monthly: str = Field(examples=["4.57"])
    tax_monthly: str = Field(examples=["0.42"])


class PremiumRead(BaseModel):
    article: str
    gross_monthly: str = Field(examples=["4.99"])
    tax_table: list[TaxPeriodRead]


class TimersRead(BaseModel):
    duration_months: int
    tacit_renewal: bool
    withdrawal_days: int
    termination_minimum_run_months: int
    termination_notice_months: int
    insurer_notice_months_before_year_end: int
    formal_notice_days: int
    termination_days_after_suspension: int
    declaration_deadline_days: int
    urgent_first_contact_hours: int
    normal_first_contact_working_days: int
    decision_days_after_complete_file: int
    payment_days_after_decision: int


class ProductVersionRead(ProductSummaryRead):
    language: str
    guarantees: list[GuaranteeRead]
    pots: list[PotRead]
    exclusions: list[ClauseRead]
    obligations: list[ClauseRead]
    premium: PremiumRead
    timers: TimersRead


def _money(cents: int | None) -> str | None:
    return None if cents is None else format_amount(cents)


def summary(product: ProductVersion, today: date) -> ProductSummaryRead:
    return ProductSummaryRead(
        code=product.code,
        version=product.version,
        title=product.title.en,
        distributors=list(product.distributors),
        sales_open_from=product.sales_open_from,
        sales_closed_from=product.sales_closed_from,
        open_to_new_business=product.open_to_new_business_on(today),
    )


def _guarantee(guarantee: Guarantee, lang: str) -> GuaranteeRead:
    return GuaranteeRead(
        code=guarantee.code,
        article=str(guarantee.article),
        label=guarantee.label.in_(lang),
        description=guarantee.description.in_(lang),
        benefit=guarantee.benefit.value,
        pot=guarantee.pot,
        teams=[team.value for team in guarantee.teams],
        services=[
            ServiceRead(code=s.code, team=s.team.value, label=s.label.in_(lang))
            for s in guarantee.services
        ],
        evidence=[
            EvidenceRead(code=e.code, label=e.label.in_(lang), only_for_kind=e.when_kind)
            for e in guarantee.evidence
        ],
        conditions=[
            ConditionRead(rule=c.rule, article=str(c.article), label=c.label.in_(lang))
            for c in guarantee.conditions
        ],
    )


def _pot(pot: Pot, lang: str) -> PotRead:
    return PotRead(
        code=pot.code,
        article=str(pot.article),
        label=pot.label.in_(lang),
        guarantees=list(pot.guarantees),
        money_limit=_money(pot.money_limit_cents),
        case_limit=pot.case_limit,
    )


def detail(product: ProductVersion, lang: str, today: date) -> ProductVersionRead:
    premium = product.premium
    life = product.lifecycle
    levels = product.service_levels
    tax_periods = []
    for entry in premium.tax_table:
        net, tax = split_gross(premium.gross_monthly_cents, entry.rate_bp)
        tax_periods.append(
            TaxPeriodRead(
                valid_from=entry.valid_from,
                rate_percent=format_rate(entry.rate_bp),
                net_monthly=format_amount(net),
                tax_monthly=format_amount(tax),
            )
        )
    base = summary(product, today).model_dump()
    base["title"] = product.title.in_(lang)
    return ProductVersionRead(
        **base,
        language=lang,
        guarantees=[_guarantee(g, lang) for g in product.guarantees],
        pots=[_pot(p, lang) for p in product.pots],
        exclusions=[
            ClauseRead(code=e.code, article=str(e.article), label=e.label.in_(lang))
            for e in product.exclusions
        ],
        obligations=[
            ClauseRead(
                code=o.code, article=str(product.obligations.article), label=o.label.in_(lang)
            )
            for o in product.obligations.items
        ],
        premium=PremiumRead(
            article=str(premium.article),
            gross_monthly=format_amount(premium.gross_monthly_cents),
            tax_table=tax_periods,
        ),
        timers=TimersRead(
            duration_months=life.duration_months,
            tacit_renewal=life.tacit_renewal,
            withdrawal_days=life.withdrawal_days,
            termination_minimum_run_months=life.termination_minimum_run_months,
            termination_notice_months=life.termination_notice_months,
            insurer_notice_months_before_year_end=life.insurer_notice_months_before_year_end,
            formal_notice_days=life.formal_notice_days,
            termination_days_after_suspension=life.termination_days_after_suspension,
            declaration_deadline_days=product.declaration.deadline_days,
            urgent_first_contact_hours=levels.urgent_first_contact_hours,
            normal_first_contact_working_days=levels.normal_first_contact_working_days,
            decision_days_after_complete_file=levels.decision_days_after_complete_file,
            payment_days_after_decision=levels.payment_days_after_decision,
        ),
    )
