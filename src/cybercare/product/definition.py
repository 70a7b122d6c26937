"""The file format of a product version (`definitions/<code>/<version>.yaml`), as Pydantic models.

Two stages, so that every problem is reported with the path of the field at fault:
1. shape: the models below (unknown keys refused, strings stay strings, money and rates parsed by
   the kernel's one parser) -- Pydantic gives a location for each error;
2. consistency: `consistency_problems` checks what spans several parts of the file (a guarantee's
   pot exists and lists it back, codes are unique, the tax table is sorted...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from string import Formatter
from typing import Annotated, Any, Literal

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.money import parse_amount, parse_rate
from cybercare.product.model import LANGUAGES, Benefit, Team

# Relationship codes the household context gives the affiliate and a non-family housemate
# (Art. 2.1, 2.3); they can never be listed as family members.
RESERVED_RELATIONSHIPS = ("affiliate", "other")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a file: where (`guarantees[2].pot`) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '<document>'}: {self.message}"


def _quoted_decimal(parse: Callable[[str], int], example: str) -> BeforeValidator:
    """A quoted decimal text parsed by the kernel's one parser (money -> cents, rate -> basis
    points). A YAML number is refused: 5000.10 would first become a binary float; and "5000,00"
    is a typo to name, not to guess."""

    def check(value: object) -> int:
        if not isinstance(value, str):
            raise PydanticCustomError(
                "quoted_decimal",
                "must be a quoted decimal string such as {example}, got {got}",
                {"example": example, "got": repr(value)},
            )
        try:
            number = parse(value)
        except InvalidInput as error:
            raise PydanticCustomError("decimal", "{reason}", {"reason": error.reason}) from None
        if number < 0:
            raise PydanticCustomError("decimal", "{got} must not be negative", {"got": repr(value)})
        return number

    return BeforeValidator(check)


def _matching(pattern: str, expected: str) -> AfterValidator:
    """A pattern check whose message says what is expected, not the regular expression."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError("format", "must be {expected}", {"expected": expected})
        return value

    return AfterValidator(check)


Cents = Annotated[int, _quoted_decimal(parse_amount, '"5000.00"')]
BasisPoints = Annotated[int, _quoted_decimal(parse_rate, '"9.25"')]
Article = Annotated[
    str, _matching(r"[1-9][0-9]*(\.[1-9][0-9]*)?", 'an article such as "5" or "5.2"')
]
GuaranteeCode = Annotated[str, _matching(r"[A-Z][A-Z0-9_]*", "an upper-case code such as ECOM")]
SnakeCode = Annotated[str, _matching(r"[a-z][a-z0-9_]*", "a lower-case code such as non_delivery")]
Country = Annotated[str, _matching(r"[A-Z]{2}", "an ISO 3166 country code such as BE")]
Text = Annotated[str, _matching(r"(?s).*\S.*", "a non-empty text")]
Days = Annotated[int, Field(ge=0)]
PositiveInt = Annotated[int, Field(ge=1)]
# Loose on purpose: YAML gives a date for 2021-12-01 but a string for "2021-12-01".
Day = Annotated[date, Field(strict=False)]


class Strict(BaseModel):
    """Every block of the file: unknown keys are errors (a typo must not silently drop a rule)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LabelDef(Strict):
    """A displayed text in the four languages of Art. 11.4, none of them empty."""

    nl: Text
    fr: Text
    de: Text
    en: Text

    @model_validator(mode="before")
    @classmethod
    def _all_languages(cls, data: Any) -> Any:
        if isinstance(data, dict):
            missing = [language for language in LANGUAGES if language not in data]
            if missing:
                raise PydanticCustomError(
                    "missing_translation",
                    "missing translation: {languages}",
                    {"languages": ", ".join(missing)},
                )
        return data


# The two forms of a party's text, as tags of the union: `field_path` leaves them out of the
# path of a problem, which names the field of the file (`complaints.ombudsman.name`).
ONCE, PER_LANGUAGE = "<once>", "<per language>"


def _text_form(value: Any) -> str:
    return PER_LANGUAGE if isinstance(value, dict) else ONCE


# One text when it reads the same in every language (a phone number, an e-mail address), else a
# label in the four languages (a name or an address, Art. 10.1).
TextOrLabel = Annotated[
    Annotated[Text, Tag(ONCE)] | Annotated[LabelDef, Tag(PER_LANGUAGE)],
    Discriminator(_text_form),
]


class PartyDef(Strict):
    name: TextOrLabel
    details: dict[str, TextOrLabel] = Field(default_factory=dict)


class InsurerDef(PartyDef):
    article: Article


class SalesDef(Strict):
    """Art. 1.4. Left out of the version's hash: closing to new business changes no rule."""

    article: Article
    open_from: Day
    closed_from: Day | None = None


class HouseholdDef(Strict):
    article: Article
    family_article: Article
    family_relationships: list[SnakeCode] = Field(min_length=1)
    non_family_article: Article
    residence_article: Article
    residence_countries: list[Country] = Field(min_length=1)


class CoverStartDef(Strict):
    article: Article
    waiting_period_days: Days
    deductible: Cents
    per_claim_limit: Cents | None
    minimum_claim: Cents


class ServiceDef(Strict):
    code: SnakeCode
    team: Team = Field(strict=False)  # enum from its string value
    label: LabelDef


class EvidenceDef(Strict):
    code: SnakeCode
    label: LabelDef
    when_kind: SnakeCode | None = None


ParamValue = int | bool | str | list[str]


class ConditionDef(Strict):
    rule: SnakeCode
    article: Article
    label: LabelDef  # may use {param} placeholders, filled from `params` when displayed
    params: dict[SnakeCode, ParamValue] = Field(default_factory=dict)


class KindDef(Strict):
    code: SnakeCode
    label: LabelDef


class GuaranteeDef(Strict):
    code: GuaranteeCode
    article: Article
    label: LabelDef
    description: LabelDef
    benefit: Benefit = Field(strict=False)
    pot: GuaranteeCode | None
    counts_cases_for_reporting: bool
    kinds: list[KindDef] = Field(default_factory=list)
    services: list[ServiceDef] = Field(min_length=1)
    evidence: list[EvidenceDef] = Field(default_factory=list)
    conditions: list[ConditionDef] = Field(default_factory=list)


class PotDef(Strict):
    code: GuaranteeCode
    article: Article
    label: LabelDef
    guarantees: list[GuaranteeCode] = Field(min_length=1)
    money_limit: Cents | None
    case_limit: PositiveInt | None


class ExclusionDef(Strict):
    code: SnakeCode
    article: Article
    label: LabelDef
    guarantees: list[GuaranteeCode] | None = None  # None: every guarantee


class ObligationDef(Strict):
    code: SnakeCode
    label: LabelDef
    guarantees: list[GuaranteeCode]


class ObligationsDef(Strict):
    article: Article
    review_article: Article
    items: list[ObligationDef] = Field(min_length=1)


class DeclarationDef(Strict):
    article: Article
    deadline_days: PositiveInt
    evidence_article: Article


class ServiceLevelsDef(Strict):
    article: Article
    urgent_first_contact_hours: PositiveInt
    normal_first_contact_working_days: PositiveInt
    decision_days_after_complete_file: PositiveInt
    payment_days_after_decision: PositiveInt
    urgent_reasons: list[SnakeCode] = Field(min_length=1)


class LifecycleDef(Strict):
    duration_months: PositiveInt
    tacit_renewal: bool
    withdrawal_days: Days
    withdrawal_refund_days: Days
    termination_minimum_run_months: Days
    termination_notice_months: Days
    insurer_notice_months_before_year_end: Days
    formal_notice_days: Days
    termination_days_after_suspension: Days
    suspension_lifted_days_after_payment: Days


class TaxRateDef(Strict):
    valid_from: Day
    rate: BasisPoints


class PremiumDef(Strict):
    article: Article
    gross_monthly: Cents
    tax_table: list[TaxRateDef] = Field(min_length=1)


class ClaimsHandlingDef(Strict):
    auto_pay_ceiling: Cents
    handler_authority_limit: Cents


class ComplaintsDef(Strict):
    article: Article
    insurer_service: PartyDef
    ombudsman: PartyDef


def _e164(value: str) -> str:
    """A phone number written in strict E.164 ("+3278152021") that is a valid number."""
    if not re.fullmatch(r"\+[1-9][0-9]{6,14}", value):
        raise PydanticCustomError(
            "e164",
            'must be an E.164 phone number such as "+3278152021", got {got}',
            {"got": repr(value)},
        )
    try:
        valid = phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        raise PydanticCustomError("e164", "{got} is not a valid phone number", {"got": repr(value)})
    return value


E164 = Annotated[str, AfterValidator(_e164)]


class NumbersDef(LabelDef):
    """The number to call in each language of Art. 11.4 (a line per language, or the same);
    a missing language is named as for a label."""

    nl: E164
    fr: E164
    de: E164
    en: E164


class AssistanceLineDef(Strict):
    """Art. 4.1, 8.1: the 24/7 line each distributor's members call. Left out of the version's
    hash: a phone number is an operational contact channel, not a rule of cover."""

    article: Article
    distributors: dict[SnakeCode, NumbersDef] = Field(min_length=1)


class ProductDefinition(Strict):
    """A whole product version file."""

    format: Literal[1]
    code: Annotated[str, _matching(r"[a-z0-9]+(-[a-z0-9]+)*", "a code such as cyber-care-be")]
    # YYYY-MM, so that versions sort as text (Catalog.latest)
    version: Annotated[str, _matching(r"[0-9]{4}-(0[1-9]|1[0-2])", 'a month such as "2021-12"')]
    title: LabelDef
    insurer: InsurerDef
    distributors: list[SnakeCode] = Field(min_length=1)
    sales: SalesDef
    household: HouseholdDef
    cover_start: CoverStartDef
    guarantees: list[GuaranteeDef] = Field(min_length=1)
    pots: list[PotDef]
    exclusions: list[ExclusionDef]
    obligations: ObligationsDef
    declaration: DeclarationDef
    service_levels: ServiceLevelsDef
    lifecycle: LifecycleDef
    premium: PremiumDef
    claims_handling: ClaimsHandlingDef
    complaints: ComplaintsDef
    assistance_line: AssistanceLineDef | None = None


def _duplicates(path: str, codes: Sequence[str], suffix: str = ".code") -> list[Problem]:
    """Points at the second (and later) occurrence, e.g. `guarantees[3].code`."""
    seen: set[str] = set()
    problems: list[Problem] = []
    for index, code in enumerate(codes):
        if code in seen:
            problems.append(Problem(f"{path}[{index}]{suffix}", f"duplicate {code!r}"))
        seen.add(code)
    return problems


def _unknown(path: str, codes: Iterable[str], known: set[str], what: str) -> list[Problem]:
    return [
        Problem(f"{path}[{index}]", f"unknown {what} {code!r}")
        for index, code in enumerate(codes)
        if code not in known
    ]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def _guarantee_problems(path: str, guarantee: GuaranteeDef, pot_codes: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    if guarantee.pot is not None and guarantee.pot not in pot_codes:
        problems.append(Problem(f"{path}.pot", f"unknown pot {guarantee.pot!r}"))
    kinds = [kind.code for kind in guarantee.kinds]
    problems += _duplicates(f"{path}.kinds", kinds)
    problems += _duplicates(f"{path}.services", [s.code for s in guarantee.services])
    problems += _duplicates(f"{path}.evidence", [e.code for e in guarantee.evidence])
    problems += _duplicates(f"{path}.conditions", [c.rule for c in guarantee.conditions], ".rule")
    for index, evidence in enumerate(guarantee.evidence):
        if evidence.when_kind is not None and evidence.when_kind not in kinds:
            message = f"unknown incident kind {evidence.when_kind!r} (kinds: {kinds})"
            problems.append(Problem(f"{path}.evidence[{index}].when_kind", message))
    for index, condition in enumerate(guarantee.conditions):
        for language in LANGUAGES:
            text = getattr(condition.label, language)
            problems += [
                Problem(
                    f"{path}.conditions[{index}].label.{language}",
                    f"placeholder {{{name}}} is not a parameter of the condition",
                )
                for name in sorted(_placeholders(text) - set(condition.params))
            ]
    return problems


def _pot_problems(definition: ProductDefinition) -> list[Problem]:
    """Each pot's guarantees exist and draw on it; each guarantee's pot lists it back."""
    pot_of = {g.code: g.pot for g in definition.guarantees}
    problems: list[Problem] = []
    for index, pot in enumerate(definition.pots):
        if pot.money_limit is None and pot.case_limit is None:
            problems.append(Problem(f"pots[{index}]", "needs a money_limit, a case_limit or both"))
        for g_index, code in enumerate(pot.guarantees):
            path = f"pots[{index}].guarantees[{g_index}]"
            if code not in pot_of:
                problems.append(Problem(path, f"unknown guarantee {code!r}"))
            elif pot_of[code] != pot.code:
                drawn = f"pot {pot_of[code]!r}" if pot_of[code] else "no pot"
                message = f"guarantee {code!r} draws on {drawn}, not on {pot.code!r}"
                problems.append(Problem(path, message))
    listed = {(pot.code, code) for pot in definition.pots for code in pot.guarantees}
    pot_codes = {pot.code for pot in definition.pots}
    for index, guarantee in enumerate(definition.guarantees):
        pot_code = guarantee.pot
        if pot_code in pot_codes and (pot_code, guarantee.code) not in listed:
            message = f"pot {pot_code!r} does not list guarantee {guarantee.code!r}"
            problems.append(Problem(f"guarantees[{index}].pot", message))
    return problems


def _date_problems(definition: ProductDefinition) -> list[Problem]:
    problems: list[Problem] = []
    sales, table = definition.sales, definition.premium.tax_table
    if sales.closed_from is not None and sales.closed_from <= sales.open_from:
        message = f"{sales.closed_from} must be after open_from {sales.open_from}"
        problems.append(Problem("sales.closed_from", message))
    for index in range(1, len(table)):
        previous, current = table[index - 1].valid_from, table[index].valid_from
        if current <= previous:
            message = f"tax table must be sorted by valid_from ({current} follows {previous})"
            problems.append(Problem(f"premium.tax_table[{index}].valid_from", message))
    if table[0].valid_from > sales.open_from:
        message = f"no tax rate applies from the sales opening {sales.open_from}"
        problems.append(Problem("premium.tax_table[0].valid_from", message))
    return problems


def _assistance_line_problems(definition: ProductDefinition) -> list[Problem]:
    """Each distributor of the version has its line, and the line names no other distributor."""
    line = definition.assistance_line
    if line is None:
        return []
    problems = [
        Problem(f"assistance_line.distributors.{code}", "not a distributor of this version")
        for code in line.distributors
        if code not in definition.distributors
    ]
    problems += [
        Problem("assistance_line.distributors", f"no number for distributor {code!r}")
        for code in definition.distributors
        if code not in line.distributors
    ]
    return problems


def consistency_problems(definition: ProductDefinition) -> list[Problem]:
    """Every rule that spans several parts of a shape-valid file, each with its path."""
    d = definition
    guarantee_codes = {g.code for g in d.guarantees}
    problems: list[Problem] = []
    problems += _duplicates("guarantees", [g.code for g in d.guarantees])
    problems += _duplicates("pots", [p.code for p in d.pots])
    problems += _duplicates("exclusions", [e.code for e in d.exclusions])
    problems += _duplicates("obligations.items", [o.code for o in d.obligations.items])
    problems += _duplicates("distributors", d.distributors, "")
    problems += _duplicates("household.family_relationships", d.household.family_relationships, "")
    problems += _duplicates("service_levels.urgent_reasons", d.service_levels.urgent_reasons, "")
    problems += [
        Problem(f"household.family_relationships[{index}]", f"{code!r} is reserved")
        for index, code in enumerate(d.household.family_relationships)
        if code in RESERVED_RELATIONSHIPS
    ]
    for index, guarantee in enumerate(d.guarantees):
        problems += _guarantee_problems(f"guarantees[{index}]", guarantee, {p.code for p in d.pots})
    problems += _pot_problems(d)
    for index, exclusion in enumerate(d.exclusions):
        path = f"exclusions[{index}].guarantees"
        problems += _unknown(path, exclusion.guarantees or [], guarantee_codes, "guarantee")
    for index, obligation in enumerate(d.obligations.items):
        path = f"obligations.items[{index}].guarantees"
        problems += _unknown(path, obligation.guarantees, guarantee_codes, "guarantee")
    problems += _date_problems(d)
    problems += _assistance_line_problems(d)
    if d.claims_handling.auto_pay_ceiling > d.claims_handling.handler_authority_limit:
        # Straight-through payment above what a handler may approve alone would bypass review.
        message = "must not exceed handler_authority_limit"
        problems.append(Problem("claims_handling.auto_pay_ceiling", message))
    return problems
