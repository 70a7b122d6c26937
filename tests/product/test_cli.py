"""`cybercare product list|show|check`, through Typer's test runner."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cybercare.cli.product import HEADINGS, heading, product_app
from cybercare.product.catalog import reference_product

from .conftest import BROKEN, reference_document, write_document

# Mounted as the main CLI does, so the tests see the same command names.
app = typer.Typer()
app.add_typer(product_app, name="product")
runner = CliRunner()
WIDE = {"COLUMNS": "250"}  # wide enough that rich does not wrap the labels under test


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["product", *args], env=WIDE)
    return result.exit_code, result.output


def test_list_shows_each_version_with_its_distributors() -> None:
    code, output = _run("list")
    assert code == 0
    assert "cyber-care-be" in output
    assert "2021-12" in output
    assert "proximus" in output
    assert "open from 2021-12-01" in output


def test_list_includes_extra_directories(tmp_path: Path) -> None:
    document = reference_document()
    document["version"] = "2022-06"
    document["sales"].update(open_from=date(2022, 6, 1), closed_from=date(2023, 1, 1))
    write_document(tmp_path, document, "cyber-care-be/2022-06.yaml")
    code, output = _run("list", "--dir", str(tmp_path))
    assert code == 0
    assert "2022-06" in output
    assert "closed from 2023-01-01" in output


def test_show_in_french_uses_french_labels_headings_and_amounts() -> None:
    code, output = _run("show", "cyber-care-be", "--lang", "fr")
    assert code == 0, output
    for text in (
        "Usurpation d'identité",  # guarantee label
        "Achats en ligne et fraude au paiement",  # pot label
        "Récupération de données",
        "Non livré 30 jours",  # condition label with its parameter filled in
        "Ne pas ouvrir d'e-mails suspects",  # obligation
        "Plafonds annuels par ménage",  # heading
        "Prime mensuelle",
        "Art. 4.5",
        "9,60 %",
    ):
        assert text in output, text
    assert "5\u202f000,00\xa0€" in output or "5 000,00 €" in output
    assert "Identity theft" not in output


@pytest.mark.parametrize(
    ("language", "label", "amount"),
    [
        ("nl", "Identiteitsdiefstal", "€ 800,00"),
        ("de", "Identitätsdiebstahl", "800,00 €"),
        ("en", "Identity theft", "800,00 €"),  # Belgian English (en_BE) writes 800,00 €
    ],
)
def test_show_in_each_language(language: str, label: str, amount: str) -> None:
    code, output = _run("show", "cyber-care-be", "--lang", language)
    assert code == 0
    assert label in output
    assert amount in output.replace("\xa0", " ")
    assert heading("guarantees", language) in output


def test_show_splits_the_premium_for_each_tax_rate() -> None:
    code, output = _run("show", "cyber-care-be", "--version", "2021-12")
    assert code == 0
    assert "2007-01-01" in output
    assert "2026-07-01" in output
    for amount in ("4,57", "0,42", "4,55", "0,44", "4,99"):
        assert amount in output, amount


def test_show_lists_exclusions_timers_and_teams() -> None:
    _, output = _run("show", "cyber-care-be")
    assert "Art. 6.3" in output
    assert "EREP, IDT" in output
    assert "Withdrawal within (days)" in output
    assert "psychological" in output
    assert reference_product().source_sha256[:12] in output


def test_headings_exist_in_the_four_languages() -> None:
    for key in HEADINGS:
        texts = {language: heading(key, language) for language in ("nl", "fr", "de", "en")}
        assert set(texts) == {"nl", "fr", "de", "en"}, key
        assert all(text.strip() for text in texts.values()), key


@pytest.mark.parametrize(
    "args",
    [("show", "cyber-care-nl"), ("show", "cyber-care-be", "--version", "2030-01")],
)
def test_show_unknown_product_or_version_exits_2(args: tuple[str, ...]) -> None:
    code, output = _run(*args)
    assert code == 2
    assert "unknown" in output


def test_show_refuses_an_unknown_language() -> None:
    code, _ = _run("show", "cyber-care-be", "--lang", "es")
    assert code == 2


def test_check_accepts_the_reference_file() -> None:
    file = (
        Path(__file__).parents[2] / "src/cybercare/product/definitions/cyber-care-be/2021-12.yaml"
    )
    code, output = _run("check", str(file))
    assert code == 0
    assert output.strip() == f"OK: cyber-care-be 2021-12 {reference_product().source_sha256}"


def test_check_reports_a_broken_file_and_exits_1() -> None:
    file = BROKEN / "bad_values.yaml"
    code, output = _run("check", str(file))
    assert code == 1
    assert f"{file}: cover_start.deductible: '0,00' is not a decimal amount" in output
    assert f"{file}: premium.tax_table[0].rate:" in output


def test_check_reports_a_yaml_syntax_error_with_its_line() -> None:
    file = BROKEN / "syntax_error.yaml"
    code, output = _run("check", str(file))
    assert code == 1
    assert f"{file}: line 7" in output
