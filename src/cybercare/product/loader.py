"""Read a product version file into the immutable `ProductVersion`.

A broken file raises `ProductDefinitionError` listing every problem as `FILE: PATH: PROBLEM`,
so whoever edits the data can fix it without reading Python.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import phonenumbers
import yaml
from pydantic import ValidationError

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import DomainError
from cybercare.product.definition import (
    ONCE,
    PER_LANGUAGE,
    AssistanceLineDef,
    ConditionDef,
    GuaranteeDef,
    LabelDef,
    PartyDef,
    Problem,
    ProductDefinition,
    consistency_problems,
)
from cybercare.product.model import (
    LANGUAGES,
    AssistanceLine,
    ClaimsHandling,
    Complaints,
    Condition,
    CoverStart,
    Declaration,
    EvidenceType,
    Exclusion,
    Guarantee,
    Household,
    IncidentKind,
    Label,
    Lifecycle,
    Obligation,
    Obligations,
    Party,
    PhoneNumber,
    Pot,
    Premium,
    ProductVersion,
    Service,
    ServiceLevels,
    TaxRate,
)

# Left out of the hash: closing a version to new business (Art. 1.4) changes none of its rules,
# so decisions stored with the old hash still replay against the same rules. The assistance
# line's numbers (Art. 4.1, 8.1) are an operational contact channel, not a rule: a number added
# for a new distributor or moved to another exchange must not make a published version "new".
UNHASHED_BLOCKS = ("sales", "assistance_line")
# A party's name or detail written in each language is hashed as its English text: a translation
# of an address or a name (Art. 10.1, 11.4) added or corrected later changes none of the rules, so
# a version published before keeps its hash, and the quotes and decisions that name it.
PARTIES = (("insurer",), ("complaints", "insurer_service"), ("complaints", "ombudsman"))


class ProductDefinitionError(DomainError):
    """A product file that cannot be used; `problems` names each field at fault."""

    code = "product.invalid_definition"

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = [f"{source}: {problem}" for problem in self.problems]
        super().__init__("\n".join(lines), params={"file": source, "problems": lines})

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(f"{self.source}: {problem}" for problem in self.problems)


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys; a duplicated `pot:` must be an error instead."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    """The YAML document as plain data; syntax errors name the line."""
    try:
        document = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        what = ": ".join(part for part in (error.context, error.problem) if part)
        raise ProductDefinitionError(
            source, [Problem(where, f"YAML syntax error: {what}")]
        ) from None
    except yaml.YAMLError as error:
        raise ProductDefinitionError(source, [Problem("", f"YAML error: {error}")]) from None
    if not isinstance(document, dict):
        raise ProductDefinitionError(
            source, [Problem("", "the file must be a YAML mapping (key: value)")]
        )
    return document


def field_path(location: Sequence[int | str]) -> str:
    """Pydantic's ('guarantees', 2, 'pot') as `guarantees[2].pot`."""
    path = ""
    for part in location:
        if part in (ONCE, PER_LANGUAGE):
            continue  # which form of a party's text was read, not a field of the file
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def _problems_of(error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "missing":
            message = "required field is missing"
        elif detail["type"] == "extra_forbidden":
            message = "unknown field (not part of the product file format)"
        elif not isinstance(detail.get("input"), dict | list):
            got = repr(detail.get("input"))
            message += "" if got in message else f" (got {got})"
        problems.append(Problem(field_path(detail["loc"]), message))
    return problems


def validate_document(document: dict[str, Any], source: str) -> ProductDefinition:
    """Shape first (Pydantic), then the cross-checks; every problem found is reported."""
    try:
        definition = ProductDefinition.model_validate(document)
    except ValidationError as error:
        raise ProductDefinitionError(source, _problems_of(error)) from None
    problems = consistency_problems(definition)
    if problems:
        raise ProductDefinitionError(source, problems)
    return definition


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot hash a {type(value).__name__}")


def rules_sha256(document: dict[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of the document without its `sales` and
    `assistance_line` blocks.

    Canonical: sorted keys, no whitespace, UTF-8, dates in ISO form. Comments and layout of the
    YAML therefore never change the hash; any changed value does.
    """
    rules = {key: value for key, value in document.items() if key not in UNHASHED_BLOCKS}
    for path in PARTIES:
        rules = _with_party_in_english(rules, path)
    canonical = json.dumps(
        rules, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _in_english(text: Any) -> Any:
    return text.get("en", text) if isinstance(text, dict) else text


def _with_party_in_english(block: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """`block` with the party at `path` reduced to its English texts (a copy: the document is
    not changed)."""
    head, *rest = path
    inner = block.get(head)
    if not isinstance(inner, dict):
        return block
    if rest:
        return {**block, head: _with_party_in_english(inner, tuple(rest))}
    party = {**inner, "name": _in_english(inner.get("name"))}
    if isinstance(inner.get("details"), dict):
        party["details"] = {key: _in_english(value) for key, value in inner["details"].items()}
    return {**block, head: party}


def load_product_text(text: str, source: str) -> ProductVersion:
    """Parse, validate and convert one product file's text; `source` names it in errors."""
    document = parse_yaml(text, source)
    definition = validate_document(document, source)
    return to_product_version(definition, rules_sha256(document))


def load_product_file(path: str | Path) -> ProductVersion:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProductDefinitionError(str(file), [Problem("", f"cannot read: {error}")]) from None
    return load_product_text(text, str(file))


def _label(label: LabelDef) -> Label:
    return Label(nl=label.nl, fr=label.fr, de=label.de, en=label.en)


def _text(text: str | LabelDef) -> Label:
    """A text the file gives once for every language, or a label."""
    if isinstance(text, str):
        return Label(nl=text, fr=text, de=text, en=text)
    return _label(text)


def _party(party: PartyDef) -> Party:
    return Party(
        names=_text(party.name),
        localized_details={key: _text(value) for key, value in party.details.items()},
    )


def _condition(condition: ConditionDef) -> Condition:
    params = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in condition.params.items()
    }
    return Condition(condition.rule, Art(condition.article), _label(condition.label), params)


def _guarantee(g: GuaranteeDef) -> Guarantee:
    return Guarantee(
        code=g.code,
        article=Art(g.article),
        label=_label(g.label),
        description=_label(g.description),
        benefit=g.benefit,
        pot=g.pot,
        counts_cases_for_reporting=g.counts_cases_for_reporting,
        services=tuple(Service(s.code, s.team, _label(s.label)) for s in g.services),
        evidence=tuple(EvidenceType(e.code, _label(e.label), e.when_kind) for e in g.evidence),
        conditions=tuple(_condition(c) for c in g.conditions),
        kinds=tuple(IncidentKind(k.code, _label(k.label)) for k in g.kinds),
    )


def _phone(e164: str) -> PhoneNumber:
    parsed = phonenumbers.parse(e164, None)
    display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return PhoneNumber(e164=e164, display=display)


def _assistance_line(line: AssistanceLineDef | None) -> AssistanceLine | None:
    if line is None:
        return None
    return AssistanceLine(
        article=Art(line.article),
        numbers={
            code: {language: _phone(getattr(numbers, language)) for language in LANGUAGES}
            for code, numbers in line.distributors.items()
        },
    )


def to_product_version(d: ProductDefinition, source_sha256: str) -> ProductVersion:
    """The validated file as the domain's immutable `ProductVersion`."""
    household, cover, levels, life = d.household, d.cover_start, d.service_levels, d.lifecycle
    return ProductVersion(
        code=d.code,
        version=d.version,
        title=_label(d.title),
        insurer=_party(d.insurer),
        distributors=tuple(d.distributors),
        sales_open_from=d.sales.open_from,
        sales_closed_from=d.sales.closed_from,
        household=Household(
            article=Art(household.article),
            family_relationships=tuple(household.family_relationships),
            non_family_article=Art(household.non_family_article),
            residence_countries=tuple(household.residence_countries),
            residence_article=Art(household.residence_article),
        ),
        cover_start=CoverStart(
            article=Art(cover.article),
            waiting_period_days=cover.waiting_period_days,
            deductible_cents=cover.deductible,
            per_claim_limit_cents=cover.per_claim_limit,
            minimum_claim_cents=cover.minimum_claim,
        ),
        guarantees=tuple(_guarantee(g) for g in d.guarantees),
        pots=tuple(
            Pot(
                p.code,
                Art(p.article),
                _label(p.label),
                tuple(p.guarantees),
                p.money_limit,
                p.case_limit,
            )
            for p in d.pots
        ),
        exclusions=tuple(
            Exclusion(
                e.code,
                Art(e.article),
                _label(e.label),
                None if e.guarantees is None else tuple(e.guarantees),
            )
            for e in d.exclusions
        ),
        obligations=Obligations(
            article=Art(d.obligations.article),
            review_article=Art(d.obligations.review_article),
            items=tuple(
                Obligation(o.code, _label(o.label), tuple(o.guarantees))
                for o in d.obligations.items
            ),
        ),
        declaration=Declaration(Art(d.declaration.article), d.declaration.deadline_days),
        service_levels=ServiceLevels(
            article=Art(levels.article),
            urgent_first_contact_hours=levels.urgent_first_contact_hours,
            normal_first_contact_working_days=levels.normal_first_contact_working_days,
            decision_days_after_complete_file=levels.decision_days_after_complete_file,
            payment_days_after_decision=levels.payment_days_after_decision,
            urgent_reasons=tuple(levels.urgent_reasons),
        ),
        lifecycle=Lifecycle(**life.model_dump()),
        premium=Premium(
            article=Art(d.premium.article),
            gross_monthly_cents=d.premium.gross_monthly,
            tax_table=tuple(TaxRate(t.valid_from, t.rate) for t in d.premium.tax_table),
        ),
        claims=ClaimsHandling(
            auto_pay_ceiling_cents=d.claims_handling.auto_pay_ceiling,
            handler_authority_limit_cents=d.claims_handling.handler_authority_limit,
        ),
        complaints=Complaints(
            article=Art(d.complaints.article),
            insurer_service=_party(d.complaints.insurer_service),
            ombudsman=_party(d.complaints.ombudsman),
        ),
        evidence_article=Art(d.declaration.evidence_article),
        source_sha256=source_sha256,
        assistance_line=_assistance_line(d.assistance_line),
    )
