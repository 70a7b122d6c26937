"""The affiliation certificate: content per language (Art. 1, 2, 4, 5, 9, 10, 11.4), the PDF."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cybercare.documents import (
    InsuredPersonView,
    certificate_document,
    certificate_lines,
    render_certificate,
)
from cybercare.kernel.money import split_gross
from cybercare.product.model import LANGUAGES
from tests.documents.builders import a_certificate_view, drawn_text, household, page_count

NBSP = "\u00a0"

HEADINGS = {
    "nl": [
        "Aansluitingsattest",
        "Partijen (Art. 1)",
        "Aansluiting",
        "Data en looptijd",
        "Verzekerde personen (Art. 2)",
        "Waarborgen (Art. 4)",
        "Jaarlijkse grenzen per gezin (Art. 5)",
        "Premie (Art. 9.1)",
        "Klachten (Art. 10.1)",
    ],
    "fr": [
        "Certificat d'affiliation",
        "Parties (Art. 1)",
        "Affiliation",
        "Dates et durée",
        "Personnes assurées (Art. 2)",
        "Garanties (Art. 4)",
        "Plafonds annuels par ménage (Art. 5)",
        "Prime (Art. 9.1)",
        "Plaintes (Art. 10.1)",
    ],
    "de": [
        "Beitrittsbescheinigung",
        "Vertragsparteien (Art. 1)",
        "Beitritt",
        "Daten und Laufzeit",
        "Versicherte Personen (Art. 2)",
        "Garantien (Art. 4)",
        "Jahresgrenzen je Haushalt (Art. 5)",
        "Prämie (Art. 9.1)",
        "Beschwerden (Art. 10.1)",
    ],
    "en": [
        "Affiliation certificate",
        "Parties (Art. 1)",
        "Affiliation",
        "Dates and duration",
        "Insured persons (Art. 2)",
        "Guarantees (Art. 4)",
        "Yearly limits per household (Art. 5)",
        "Premium (Art. 9.1)",
        "Complaints (Art. 10.1)",
    ],
}

# Art. 5: 5 000 EUR written the way each Belgian locale writes it (CLDR via Babel).
FIVE_THOUSAND = {
    "nl": f"€{NBSP}5.000,00",
    "fr": f"5{NBSP}000,00{NBSP}€",
    "de": f"5.000,00{NBSP}€",
    "en": "€5,000.00",
}
EIGHT_HUNDRED = {
    "nl": f"€{NBSP}800,00",
    "fr": f"800,00{NBSP}€",
    "de": f"800,00{NBSP}€",
    "en": "€800.00",
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {
        language: render_certificate(a_certificate_view(language=language))
        for language in LANGUAGES
    }


def _text(language: str, **overrides: object) -> str:
    return "\n".join(certificate_lines(a_certificate_view(language=language, **overrides)))


# --- the PDF ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_a_two_page_pdf(rendered: dict[str, bytes], language: str) -> None:
    pdf = rendered[language]
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert page_count(pdf) == 2
    assert f"/Lang ({language})".encode() in pdf


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_draws_the_lines_of_the_certificate(
    rendered: dict[str, bytes], language: str
) -> None:
    strings = drawn_text(rendered[language])
    drawn = "\n".join(strings)
    for heading in HEADINGS[language]:
        assert heading in drawn
    # fpdf2 draws a no-break space as a space (and never breaks a line there)
    assert FIVE_THOUSAND[language].replace(NBSP, " ") in drawn
    assert "info@ombudsman-insurance.be" in drawn
    assert _page_numbers(strings) == ["1/2", "2/2"]


def _page_numbers(strings: list[str]) -> list[str]:
    """fpdf2 draws "1/{nb}" as "1/" then the total once it is known."""
    return [
        f"{current}{total}"
        for current, total in itertools.pairwise(strings)
        if re.fullmatch(r"\d+/", current) and total.isdigit()
    ]


def test_the_same_view_gives_the_same_bytes() -> None:
    view = a_certificate_view(language="nl")
    first, second = render_certificate(view), render_certificate(view)
    assert first == second
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


_RENDER_HASH = """
import hashlib, sys
from tests.documents.builders import a_certificate_view
from cybercare.documents import render_certificate
sys.stdout.write(hashlib.sha256(render_certificate(a_certificate_view(language="de"))).hexdigest())
"""


def test_the_bytes_do_not_depend_on_the_process() -> None:
    """Another process (another hash seed, another moment) renders the very same bytes."""
    here = hashlib.sha256(render_certificate(a_certificate_view(language="de"))).hexdigest()
    root = Path(__file__).resolve().parents[2]
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _RENDER_HASH],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout == here


def test_the_creation_date_is_the_issue_date_not_the_clock() -> None:
    pdf = render_certificate(a_certificate_view(issue_date=date(2025, 4, 2)))
    assert re.findall(rb"/CreationDate \(D:(\d{14})", pdf) == [b"20250402000000"]
    assert render_certificate(a_certificate_view(issue_date=date(2025, 4, 3))) != pdf


def test_a_large_household_flows_onto_a_third_page_with_a_running_header() -> None:
    members = household() + tuple(
        InsuredPersonView(f"Enfant Numéro {chr(65 + index)}", date(2010, 1, 1 + index), "child")
        for index in range(20)
    )
    pdf = render_certificate(a_certificate_view(insured_persons=members))
    assert page_count(pdf) == 3
    drawn = drawn_text(pdf)
    assert _page_numbers(drawn) == ["1/3", "2/3", "3/3"]
    running_header = "Certificat d'affiliation - Certificat n° CC-2025-000123"
    assert drawn.count(running_header) == 2  # on pages 2 and 3, not on the title page


def test_names_outside_the_core_fonts_are_drawn_with_their_base_letters() -> None:
    members = (
        InsuredPersonView("Łukasz Ștefănescu", date(1950, 1, 8), "affiliate"),
        InsuredPersonView("Ayşe Yılmaz", date(1955, 2, 9), "spouse"),
    )
    view = a_certificate_view(insured_persons=members, affiliate_name="Łukasz Ștefănescu")
    drawn = drawn_text(render_certificate(view))
    assert "Lukasz Stefanescu" in drawn
    assert "Ayse Yilmaz" in drawn
    assert "Lukasz Stefanescu | 8 janvier 1950 | Affilié(e)" in certificate_lines(view)


# --- the content, per language ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_11_4_headings_are_in_the_members_language(language: str) -> None:
    lines = certificate_lines(a_certificate_view(language=language))
    for heading in HEADINGS[language]:
        assert heading in lines


@pytest.mark.parametrize("language", LANGUAGES)
def test_art_5_limits_per_pot_with_their_article_in_the_locale(language: str) -> None:
    text = _text(language)
    product = a_certificate_view().product
    for pot in product.pots:
        prefix = f"{pot.article} | {pot.label.in_(language)} | "
        (row,) = (line for line in text.splitlines() if line.startswith(prefix))
        assert row.endswith(f" | {pot.case_limit}")
    assert text.count(FIVE_THOUSAND[language]) == 2  # EREP and the shared online purchase pot
    assert text.count(EIGHT_HUNDRED[language]) == 1


def test_art_5_the_shared_pot_names_both_its_guarantees() -> None:
    lines = certificate_lines(a_certificate_view(language="en"))
    assert (
        "Art. 5 | Online purchases and payment fraud | Online purchases, Online payment fraud"
        " | €5,000.00 | 3" in lines
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_art_4_every_guarantee_with_its_article_and_description(language: str) -> None:
    view = a_certificate_view(language=language)
    lines = certificate_lines(view)
    for guarantee in view.product.guarantees:
        expected = (
            f"{guarantee.article} | {guarantee.label.in_(language)} | "
            f"{guarantee.description.in_(language)}"
        )
        assert expected in lines


@pytest.mark.parametrize(
    ("language", "net", "tax", "gross", "rate"),
    [
        ("nl", f"€{NBSP}4,57", f"€{NBSP}0,42", f"€{NBSP}4,99", f"9,25{NBSP}%"),
        ("fr", f"4,57{NBSP}€", f"0,42{NBSP}€", f"4,99{NBSP}€", f"9,25{NBSP}%"),
        ("de", f"4,57{NBSP}€", f"0,42{NBSP}€", f"4,99{NBSP}€", f"9,25{NBSP}%"),
        ("en", "€4.57", "€0.42", "€4.99", f"9.25{NBSP}%"),
    ],
)
def test_art_9_1_net_premium_and_tax_add_up_to_the_gross(
    language: str, net: str, tax: str, gross: str, rate: str
) -> None:
    view = a_certificate_view(language=language)
    assert view.premium_split == (457, 42)
    assert sum(view.premium_split) == view.premium_gross_monthly_cents
    lines = certificate_lines(view)
    net_line, tax_line, gross_line = (line for line in lines if line.endswith((net, tax, gross)))
    assert net_line.endswith(f" | {net}")
    assert rate in tax_line
    assert tax_line.endswith(f" | {tax}")
    assert gross_line.endswith(f" | {gross}")


def test_art_9_1_the_dated_tax_table_gives_the_rate_of_the_premium_due_date() -> None:
    view = a_certificate_view(language="fr", issue_date=date(2026, 8, 3))
    assert view.premium_tax_rate_bp == 960
    assert view.premium_split == split_gross(499, 960) == (455, 44)
    text = _text("fr", issue_date=date(2026, 8, 3))
    assert f"Taxe sur les contrats d'assurance (9,60{NBSP}%) | 0,44{NBSP}€" in text
    assert "échéant le 3 août 2026" in text


def test_art_9_1_a_cover_starting_later_shows_the_rate_of_its_first_premium() -> None:
    view = a_certificate_view(start_date=date(2026, 7, 15), issue_date=date(2026, 6, 20))
    assert view.premium_rate_date == date(2026, 7, 15)
    assert view.premium_tax_rate_bp == 960


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nl",
            [
                "Begin van de dekking (Art. 3.2): 1 september 2024",
                "Lopend verzekeringsjaar (Art. 3.1): "
                "van 1 september 2024 tot en met 31 augustus 2025",
                "Volgende stilzwijgende verlenging (Art. 9.2): 1 september 2025",
            ],
        ),
        (
            "fr",
            [
                "Début de la couverture (Art. 3.2): 1 septembre 2024",
                "Année d'assurance en cours (Art. 3.1): du 1 septembre 2024 au 31 août 2025 inclus",
                "Prochaine reconduction tacite (Art. 9.2): 1 septembre 2025",
            ],
        ),
        (
            "de",
            [
                "Beginn des Versicherungsschutzes (Art. 3.2): 1. September 2024",
                "Laufendes Versicherungsjahr (Art. 3.1): "
                "vom 1. September 2024 bis einschließlich 31. August 2025",
                "Nächste stillschweigende Verlängerung (Art. 9.2): 1. September 2025",
            ],
        ),
        (
            "en",
            [
                "Start of cover (Art. 3.2): 1 September 2024",
                "Current insurance year (Art. 3.1): "
                "from 1 September 2024 to 31 August 2025 inclusive",
                "Next tacit renewal (Art. 9.2): 1 September 2025",
            ],
        ),
    ],
)
def test_art_9_2_dates_insurance_year_and_tacit_renewal(language: str, expected: list[str]) -> None:
    lines = certificate_lines(a_certificate_view(language=language))
    for line in expected:
        assert line in lines


@pytest.mark.parametrize("status", ["withdrawn", "terminated"])
def test_an_ended_affiliation_shows_no_renewal(status: str) -> None:
    text = _text("en", status=status)
    assert "Next tacit renewal" not in text
    assert f"Status: {status}" in text


@pytest.mark.parametrize(
    ("language", "rows"),
    [
        (
            "nl",
            [
                "Marie Dubois | 17 mei 1984 | Aangeslotene",
                "Luc Peeters | 2 november 1982 | Partner",
                "Zoë Peeters | 30 juni 2012 | Kind",
            ],
        ),
        (
            "fr",
            [
                "Marie Dubois | 17 mai 1984 | Affilié(e)",
                "Luc Peeters | 2 novembre 1982 | Partenaire",
                "Zoë Peeters | 30 juin 2012 | Enfant",
            ],
        ),
        (
            "de",
            [
                "Marie Dubois | 17. Mai 1984 | Mitglied",
                "Luc Peeters | 2. November 1982 | Partner(in)",
                "Zoë Peeters | 30. Juni 2012 | Kind",
            ],
        ),
        (
            "en",
            [
                "Marie Dubois | 17 May 1984 | Affiliate",
                "Luc Peeters | 2 November 1982 | Partner",
                "Zoë Peeters | 30 June 2012 | Child",
            ],
        ),
    ],
)
def test_art_2_the_insured_persons_with_their_relationship(language: str, rows: list[str]) -> None:
    lines = certificate_lines(a_certificate_view(language=language))
    for row in rows:
        assert row in lines


# Art. 10.1, 11.4: the addresses as the product data writes them in each language.
INSURER_ADDRESS = {
    "nl": "Regentlaan 7, 1000 Brussel",
    "fr": "Boulevard du Régent 7, 1000 Bruxelles",
    "de": "Boulevard du Régent 7, 1000 Brüssel",
    "en": "Boulevard du Régent 7, 1000 Brussels",
}
OMBUDSMAN = {
    "nl": ("Ombudsman van de Verzekeringen", "de Meeûssquare 35, 1000 Brussel"),
    "fr": ("Ombudsman des Assurances", "Square de Meeûs 35, 1000 Bruxelles"),
    "de": ("Ombudsdienst der Versicherungen", "Square de Meeûs 35, 1000 Brüssel"),
    "en": (
        "Ombudsman des Assurances / Ombudsdienst Verzekeringen",
        "Square de Meeûs 35, 1000 Brussels",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_art_1_insurer_and_distributor(language: str) -> None:
    text = _text(language)
    assert "Inter Partner Assistance SA (AXA Partners)" in text
    assert INSURER_ADDRESS[language] in text
    assert "0415.591.055" in text
    assert "0487" in text
    assert "Proximus" in text
    assert "PXS-448812" in text
    assert "aff_7H3K9Q2M4X1P" in text


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("nl", "1. Klachtendienst van de verzekeraar", "2. Ombudsman van de Verzekeringen"),
        ("fr", "1. Service des plaintes de l'assureur", "2. Ombudsman des Assurances"),
        ("de", "1. Beschwerdedienst des Versicherers", "2. Ombudsdienst der Versicherungen"),
        ("en", "1. The insurer's complaints service", "2. The Insurance Ombudsman"),
    ],
)
def test_art_10_the_complaints_path_insurer_first_then_the_ombudsman(
    language: str, first: str, second: str
) -> None:
    lines = certificate_lines(a_certificate_view(language=language))
    insurer_step = next(i for i, line in enumerate(lines) if line.startswith(first))
    ombudsman_step = next(i for i, line in enumerate(lines) if line.startswith(second))
    assert insurer_step < ombudsman_step
    ombudsman = lines[ombudsman_step]
    name, address = OMBUDSMAN[language]
    assert name in ombudsman
    assert address in ombudsman
    assert "+32 2 547 58 71" in ombudsman
    assert "info@ombudsman-insurance.be" in ombudsman


def test_french_puts_a_space_before_the_colon_of_the_details() -> None:
    text = _text("fr")
    assert f"Téléphone{NBSP}: +32 2 547 58 71" in text
    assert "Phone: +32 2 547 58 71" in _text("en")


def test_the_footer_carries_the_insurers_legal_details() -> None:
    document = certificate_document(a_certificate_view(language="de"))
    assert document.footer == (
        "Inter Partner Assistance SA (AXA Partners) · Boulevard du Régent 7, 1000 Brüssel · "
        "Unternehmensnummer: 0415.591.055 · Zugelassen unter Code: 0487"
    )
    assert certificate_lines(a_certificate_view(language="de"))[-1] == document.footer


# --- the view ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"language": "es"}, "language"),
        ({"status": "dormant"}, "status"),
        ({"insured_persons": ()}, "at least one"),
        (
            {"insured_persons": (InsuredPersonView("Sam Roommate", date(1990, 1, 1), "other"),)},
            "relationship",
        ),
        ({"premium_gross_monthly_cents": -1}, "negative"),
    ],
)
def test_a_view_that_cannot_be_printed_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        a_certificate_view(**change)
