"""A broken product file is refused with FILE: PATH: PROBLEM, for every problem in it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cybercare.kernel.errors import DomainError
from cybercare.product.loader import ProductDefinitionError, load_product_text

from .conftest import BROKEN, Mutation, load_error, reference_document, write_document


def _has_line(error: ProductDefinitionError, file: Path | str, path: str, problem: str) -> bool:
    return any(line.startswith(f"{file}: {path}: ") and problem in line for line in error.lines)


def _assert_reported(error: ProductDefinitionError, file: Path, path: str, problem: str) -> None:
    assert _has_line(error, file, path, problem), "\n".join(error.lines)
    assert str(file) in error.message
    assert path in error.message
    assert problem in error.message


def _set(path: str, value: Any) -> Mutation:
    """`_set("pots[2].money_limit", "1")` as a mutation of the document."""

    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]

    return mutate


def _swap_tax_rates(document: dict[str, Any]) -> None:
    document["premium"]["tax_table"].reverse()


CASES: list[tuple[str, Mutation, str, str]] = [
    ("missing-field", _delete("premium.gross_monthly"), "premium.gross_monthly", "required field"),
    (
        "unknown-pot",
        _set("guarantees[5].pot", "DATA_PT"),
        "guarantees[5].pot",
        "unknown pot 'DATA_PT'",
    ),
    (
        "pot-unknown-guarantee",
        _set("pots[2].guarantees", ["DATA", "BACKUP"]),
        "pots[2].guarantees[1]",
        "unknown guarantee 'BACKUP'",
    ),
    (
        "pot-guarantee-points-elsewhere",
        _set("pots[0].guarantees", ["EREP", "IDT"]),
        "pots[0].guarantees[1]",
        "guarantee 'IDT' draws on no pot, not on 'EREP_POT'",
    ),
    (
        "pot-forgets-guarantee",
        _set("pots[1].guarantees", ["ECOM"]),
        "guarantees[3].pot",
        "pot 'ONLINE_PURCHASE_POT' does not list guarantee 'PAYF'",
    ),
    (
        "comma-money",
        _set("pots[0].money_limit", "5000,00"),
        "pots[0].money_limit",
        "'5000,00' is not a decimal amount",
    ),
    (
        "three-decimals",
        _set("pots[2].money_limit", "800.001"),
        "pots[2].money_limit",
        "more than two decimals",
    ),
    (
        "unquoted-money",
        _set("premium.gross_monthly", 4.99),
        "premium.gross_monthly",
        "must be a quoted decimal string",
    ),
    (
        "negative-money",
        _set("claims_handling.auto_pay_ceiling", "-1.00"),
        "claims_handling.auto_pay_ceiling",
        "must not be negative",
    ),
    (
        "comma-rate",
        _set("premium.tax_table[1].rate", "9,60"),
        "premium.tax_table[1].rate",
        "'9,60' is not a percentage",
    ),
    (
        "three-decimal-rate",
        _set("premium.tax_table[0].rate", "9.255"),
        "premium.tax_table[0].rate",
        "at most two decimals",
    ),
    (
        "missing-translation",
        _delete("guarantees[2].label.de"),
        "guarantees[2].label",
        "missing translation: de",
    ),
    ("blank-translation", _set("title.fr", "  "), "title.fr", "must be a non-empty text"),
    (
        "duplicate-guarantee",
        _set("guarantees[2].code", "EREP"),
        "guarantees[2].code",
        "duplicate 'EREP'",
    ),
    (
        "unsorted-tax-table",
        _swap_tax_rates,
        "premium.tax_table[1].valid_from",
        "must be sorted by valid_from",
    ),
    ("empty-tax-table", _set("premium.tax_table", []), "premium.tax_table", "at least 1 item"),
    (
        "tax-table-starts-late",
        _set("premium.tax_table[0].valid_from", date(2022, 1, 1)),
        "premium.tax_table[0].valid_from",
        "no tax rate applies from the sales opening 2021-12-01",
    ),
    ("unknown-field", _set("declaration.dedline", 3), "declaration.dedline", "unknown field"),
    (
        "bad-article",
        _set("pots[0].article", "5.x"),
        "pots[0].article",
        'must be an article such as "5" or "5.2"',
    ),
    (
        "unquoted-article",
        _set("guarantees[0].article", 4.1),
        "guarantees[0].article",
        "valid string",
    ),
    ("bad-version", _set("version", "2021-13"), "version", 'must be a month such as "2021-12"'),
    ("unknown-format", _set("format", 2), "format", "Input should be 1"),
    (
        "closed-before-open",
        _set("sales.closed_from", date(2021, 11, 1)),
        "sales.closed_from",
        "must be after open_from 2021-12-01",
    ),
    (
        "unknown-team",
        _set("guarantees[0].services[0].team", "lawyers"),
        "guarantees[0].services[0].team",
        "'lawyers'",
    ),
    ("unknown-benefit", _set("guarantees[1].benefit", "cash"), "guarantees[1].benefit", "'cash'"),
    (
        "unknown-evidence-kind",
        _set("guarantees[4].evidence[3].when_kind", "broken"),
        "guarantees[4].evidence[3].when_kind",
        "unknown incident kind 'broken'",
    ),
    (
        "placeholder-without-param",
        _set("guarantees[4].conditions[2].params", {}),
        "guarantees[4].conditions[2].label.en",
        "placeholder {days} is not a parameter",
    ),
    (
        "exclusion-unknown-guarantee",
        _set("exclusions[2].guarantees", ["EREP", "IDTX"]),
        "exclusions[2].guarantees[1]",
        "unknown guarantee 'IDTX'",
    ),
    (
        "obligation-unknown-guarantee",
        _set("obligations.items[4].guarantees", ["PAYF", "BANK"]),
        "obligations.items[4].guarantees[1]",
        "unknown guarantee 'BANK'",
    ),
    (
        "pot-without-any-limit",
        lambda d: d["pots"][2].update(money_limit=None, case_limit=None),
        "pots[2]",
        "needs a money_limit, a case_limit or both",
    ),
    (
        "zero-case-limit",
        _set("pots[0].case_limit", 0),
        "pots[0].case_limit",
        "greater than or equal to 1",
    ),
    (
        "reserved-relationship",
        lambda d: d["household"]["family_relationships"].append("other"),
        "household.family_relationships[12]",
        "'other' is reserved",
    ),
    (
        "lower-case-country",
        _set("household.residence_countries", ["be"]),
        "household.residence_countries[0]",
        "ISO 3166",
    ),
    (
        "auto-pay-above-authority",
        _set("claims_handling.auto_pay_ceiling", "3000.00"),
        "claims_handling.auto_pay_ceiling",
        "must not exceed handler_authority_limit",
    ),
]


@pytest.mark.parametrize(
    ("name", "mutate", "path", "problem"), CASES, ids=[case[0] for case in CASES]
)
def test_broken_file_names_file_field_and_problem(
    tmp_path: Path, name: str, mutate: Mutation, path: str, problem: str
) -> None:
    document = reference_document()
    mutate(document)
    file = write_document(tmp_path, document, f"{name}.yaml")
    _assert_reported(load_error(file), file, path, problem)


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    document = reference_document()
    _set("pots[0].money_limit", "5000,00")(document)
    _delete("guarantees[1].description.nl")(document)
    _set("lifecycle.withdrawal_days", -1)(document)
    file = write_document(tmp_path, document, "three-problems.yaml")
    error = load_error(file)
    assert len(error.problems) == 3
    _assert_reported(error, file, "pots[0].money_limit", "not a decimal amount")
    _assert_reported(error, file, "guarantees[1].description", "missing translation: nl")
    _assert_reported(error, file, "lifecycle.withdrawal_days", "greater than or equal to 0")


def test_the_error_is_a_domain_error_with_a_stable_code(tmp_path: Path) -> None:
    error = load_error(BROKEN / "missing_fields.yaml")
    assert isinstance(error, DomainError)
    assert error.code == "product.invalid_definition"
    assert error.params["file"] == str(BROKEN / "missing_fields.yaml")


def test_yaml_syntax_error_names_the_line() -> None:
    file = BROKEN / "syntax_error.yaml"
    error = load_error(file)
    [line] = error.lines
    assert line.startswith(f"{file}: line 7, ")  # the parser notices at the next key
    assert "YAML syntax error" in line


def test_duplicate_yaml_key_is_refused_with_its_line() -> None:
    file = BROKEN / "duplicate_key.yaml"
    _assert_reported(load_error(file), file, "line 5, column 1", "duplicate key 'version'")


def test_missing_blocks_are_each_named() -> None:
    file = BROKEN / "missing_fields.yaml"
    error = load_error(file)
    for block in ("insurer", "sales", "guarantees", "pots", "premium", "complaints"):
        _assert_reported(error, file, block, "required field is missing")


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    file = BROKEN / "not_a_mapping.yaml"
    assert "must be a YAML mapping" in load_error(file).message


def test_bad_values_fixture_reports_each_value() -> None:
    file = BROKEN / "bad_values.yaml"
    error = load_error(file)
    _assert_reported(error, file, "title", "missing translation: de")
    _assert_reported(error, file, "cover_start.deductible", "'0,00' is not a decimal amount")
    _assert_reported(error, file, "cover_start.per_claim_limit", "quoted decimal string")
    _assert_reported(error, file, "cover_start.minimum_claim", "more than two decimals")
    _assert_reported(error, file, "cover_start.waiting_periode", "unknown field")
    _assert_reported(error, file, "premium.article", "must be an article")
    _assert_reported(error, file, "premium.tax_table[0].rate", "at most two decimals")


def test_unreadable_file_is_a_definition_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert str(missing) in load_error(missing).message


def _label_paths(node: Any, path: str = "") -> list[str]:
    if isinstance(node, dict):
        if set(node) == {"nl", "fr", "de", "en"}:
            return [path]
        return [p for key, value in node.items() for p in _label_paths(value, _join(path, key))]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in _label_paths(value, f"{path}[{i}]")]
    return []


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


LABEL_PATHS = _label_paths(reference_document())


def test_the_reference_file_has_many_labels() -> None:
    assert len(LABEL_PATHS) > 50


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(LABEL_PATHS), st.sampled_from(["nl", "fr", "de", "en"]))
def test_any_missing_translation_is_named_with_its_path(label_path: str, language: str) -> None:
    document = reference_document()
    _delete(f"{label_path}.{language}")(document)
    text = yaml.safe_dump(document, allow_unicode=True)
    with pytest.raises(ProductDefinitionError) as caught:
        load_product_text(text, "mutated.yaml")
    assert _has_line(caught.value, "mutated.yaml", label_path, f"missing translation: {language}")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("complaints.ombudsman.details.phone", 3225475871),
        ("complaints.ombudsman.name", ["Ombudsman"]),
    ],
)
def test_a_party_text_is_one_text_or_a_label_and_its_path_says_where(path: str, value: Any) -> None:
    """Art. 10.1: a name or a detail is written once or in each language; anything else is named
    by the field of the file, not by the form the loader tried."""
    document = reference_document()
    _set(path, value)(document)
    with pytest.raises(ProductDefinitionError) as caught:
        load_product_text(yaml.safe_dump(document, allow_unicode=True), "mutated.yaml")
    lines = caught.value.lines
    assert any(line.startswith(f"mutated.yaml: {path}: ") for line in lines), lines
    assert not any("<" in line.split(": ")[1] for line in lines), lines
