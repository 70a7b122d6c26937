"""The product version as immutable domain objects (loaded from `definitions/`).

Every rule carries its article; every value the terms mark [chosen] lives here as data.
Money is integer cents, rates are integer basis points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cybercare.kernel.clauses import Art

LANGUAGES: tuple[str, ...] = ("nl", "fr", "de", "en")


@dataclass(frozen=True, slots=True)
class Label:
    """A text in the four languages of Art. 11.4."""

    nl: str
    fr: str
    de: str
    en: str

    def in_(self, language: str) -> str:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        text: str = getattr(self, language)
        return text


class Team(StrEnum):
    TECHNICAL = "technical"
    LEGAL = "legal"
    FINANCIAL = "financial"
    PSYCHOLOGICAL = "psychological"


class Benefit(StrEnum):
    """What a guarantee gives: services only, or services and money within a pot."""

    SERVICE = "service"  # assistance only; no money is paid to the member
    REIMBURSEMENT = "reimbursement"  # money within the yearly limits


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    team: Team
    label: Label


@dataclass(frozen=True, slots=True)
class EvidenceType:
    """A piece of evidence of Art. 8.3; `when` restricts it to an incident kind (e.g. ECOM
    photos only for a non-conforming delivery)."""

    code: str
    label: Label
    when_kind: str | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition of a guarantee (Art. 4). `rule` names the check the engine runs; its
    parameters are data."""

    rule: str
    article: Art
    label: Label
    params: dict[str, int | str | bool | tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IncidentKind:
    code: str
    label: Label


@dataclass(frozen=True, slots=True)
class Guarantee:
    code: str
    article: Art
    label: Label
    description: Label
    benefit: Benefit
    pot: str | None  # code of the yearly pot it draws on (Art. 5); None = no yearly limit
    counts_cases_for_reporting: bool
    services: tuple[Service, ...]
    evidence: tuple[EvidenceType, ...]
    conditions: tuple[Condition, ...]
    kinds: tuple[IncidentKind, ...] = ()

    @property
    def teams(self) -> tuple[Team, ...]:
        seen: list[Team] = []
        for service in self.services:
            if service.team not in seen:
                seen.append(service.team)
        return tuple(seen)

    def evidence_for(self, kind: str | None) -> tuple[EvidenceType, ...]:
        return tuple(e for e in self.evidence if e.when_kind is None or e.when_kind == kind)


@dataclass(frozen=True, slots=True)
class Pot:
    """A yearly limit per household (Art. 5): money and number of accepted cases."""

    code: str
    article: Art
    label: Label
    guarantees: tuple[str, ...]
    money_limit_cents: int | None
    case_limit: int | None


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An exclusion of Art. 6, triggered by the declared circumstance of the same code."""

    code: str
    article: Art
    label: Label
    guarantees: tuple[str, ...] | None  # None: every guarantee


@dataclass(frozen=True, slots=True)
class Obligation:
    """A prevention obligation of Art. 7.1, asked again in claims of `guarantees` (Art. 7.2)."""

    code: str
    label: Label
    guarantees: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Obligations:
    article: Art
    review_article: Art
    items: tuple[Obligation, ...]


@dataclass(frozen=True, slots=True)
class Household:
    """Who is insured (Art. 2)."""

    article: Art
    family_relationships: tuple[str, ...]  # Art. 2.2 [chosen]
    non_family_article: Art  # Art. 2.3
    residence_countries: tuple[str, ...]  # Art. 3.3
    residence_article: Art


@dataclass(frozen=True, slots=True)
class CoverStart:
    article: Art
    waiting_period_days: int  # Art. 3.2 [chosen: 0]
    deductible_cents: int  # Art. 3.2 [chosen: 0]
    per_claim_limit_cents: int | None  # Art. 5.4 [chosen: none]
    minimum_claim_cents: int  # Art. 5.4 [chosen: 0]


@dataclass(frozen=True, slots=True)
class Declaration:
    """Art. 8.2: declare within `deadline_days` of discovery; late goes to a handler."""

    article: Art
    deadline_days: int


@dataclass(frozen=True, slots=True)
class ServiceLevels:
    """Art. 8.4 [chosen]."""

    article: Art
    urgent_first_contact_hours: int
    normal_first_contact_working_days: int
    decision_days_after_complete_file: int
    payment_days_after_decision: int
    urgent_reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """Timers of Art. 9.2-9.6."""

    duration_months: int  # 9.2
    tacit_renewal: bool  # 9.2
    withdrawal_days: int  # 9.3
    withdrawal_refund_days: int  # 9.3
    termination_minimum_run_months: int  # 9.4
    termination_notice_months: int  # 9.4
    insurer_notice_months_before_year_end: int  # 9.5
    formal_notice_days: int  # 9.6
    termination_days_after_suspension: int  # 9.6
    suspension_lifted_days_after_payment: int  # 9.6


@dataclass(frozen=True, slots=True)
class TaxRate:
    valid_from: date
    rate_bp: int


@dataclass(frozen=True, slots=True)
class Premium:
    """Art. 9.1: a tax-inclusive monthly premium and the dated tax table."""

    article: Art
    gross_monthly_cents: int
    tax_table: tuple[TaxRate, ...]  # sorted by valid_from

    def tax_rate_on(self, due_date: date) -> int:
        """The rate for a premium due on `due_date` (the start of its premium period)."""
        rate: int | None = None
        for entry in self.tax_table:
            if entry.valid_from <= due_date:
                rate = entry.rate_bp
        if rate is None:
            raise ValueError(f"no tax rate applies on {due_date}")
        return rate


@dataclass(frozen=True, slots=True)
class ClaimsHandling:
    """Thresholds for straight-through payment and the four-eyes rule [chosen]."""

    auto_pay_ceiling_cents: int
    handler_authority_limit_cents: int


@dataclass(frozen=True, slots=True)
class Party:
    """A party the terms name (Art. 1.1, 10.1): its name and details (address, phone...) as
    written in each language of Art. 11.4 ("Square de Meeûs 35, 1000 Bruxelles" in French,
    "de Meeûssquare 35, 1000 Brussel" in Dutch). `name` and `details` give the English text."""

    names: Label
    localized_details: dict[str, Label]

    @property
    def name(self) -> str:
        return self.names.en

    @property
    def details(self) -> dict[str, str]:
        return self.details_in("en")

    def name_in(self, language: str) -> str:
        return self.names.in_(language)

    def details_in(self, language: str) -> dict[str, str]:
        """The details in `language`, in the order of the product file."""
        return {key: value.in_(language) for key, value in self.localized_details.items()}


@dataclass(frozen=True, slots=True)
class Complaints:
    """Art. 10.1: the complaints path stated on every decline or partial settlement."""

    article: Art
    insurer_service: Party
    ombudsman: Party


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A number to call: `e164` for the `tel:` link, `display` as people read it."""

    e164: str
    display: str

    @property
    def tel_uri(self) -> str:
        return f"tel:{self.e164}"


@dataclass(frozen=True, slots=True)
class AssistanceLine:
    """Art. 4.1, 8.1: the 24/7 line, per distributor and per language [chosen numbers]."""

    article: Art
    numbers: dict[str, dict[str, PhoneNumber]]  # distributor -> language -> number

    def number_for(self, distributor: str | None, language: str) -> PhoneNumber:
        """The number for a distributor's members (the first distributor's when unknown)."""
        by_language = self.numbers.get(distributor or "") or next(iter(self.numbers.values()))
        return by_language.get(language) or by_language["en"]


@dataclass(frozen=True, slots=True)
class ProductVersion:
    code: str
    version: str
    title: Label
    insurer: Party
    distributors: tuple[str, ...]
    sales_open_from: date
    sales_closed_from: date | None  # Art. 1.4: closed to new business from this date (run-off)
    household: Household
    cover_start: CoverStart
    guarantees: tuple[Guarantee, ...]
    pots: tuple[Pot, ...]
    exclusions: tuple[Exclusion, ...]
    obligations: Obligations
    declaration: Declaration
    service_levels: ServiceLevels
    lifecycle: Lifecycle
    premium: Premium
    claims: ClaimsHandling
    complaints: Complaints
    evidence_article: Art
    source_sha256: str = ""
    assistance_line: AssistanceLine | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.code, self.version

    def open_to_new_business_on(self, day: date) -> bool:
        """Art. 1.4: a closed version serves existing contracts but takes no new ones."""
        if day < self.sales_open_from:
            return False
        return self.sales_closed_from is None or day < self.sales_closed_from

    def guarantee(self, code: str) -> Guarantee:
        for guarantee in self.guarantees:
            if guarantee.code == code:
                return guarantee
        raise KeyError(code)

    def pot(self, code: str) -> Pot:
        for pot in self.pots:
            if pot.code == code:
                return pot
        raise KeyError(code)
