"""The 24/7 assistance line as product data (Art. 4.1, 8.1): a number per distributor and
language, in E.164, validated when the file is read; left out of the rules hash, because a
phone number is an operational contact channel, not a rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybercare.product.catalog import reference_product
from cybercare.product.loader import ProductDefinitionError

from .conftest import load_document, reference_document


def test_art_4_1_the_line_has_a_number_per_language_for_the_distributor() -> None:
    line = reference_product().assistance_line
    assert line is not None and str(line.article) == "Art. 4.1"
    numbers = line.numbers["proximus"]
    assert sorted(numbers) == ["de", "en", "fr", "nl"]
    assert numbers["fr"].e164 == "+3278152022"
    assert numbers["fr"].display == "+32 78 15 20 22"
    assert numbers["fr"].tel_uri == "tel:+3278152022"


def test_art_4_1_an_unknown_distributor_calls_the_first_distributors_line() -> None:
    line = reference_product().assistance_line
    assert line is not None
    assert line.number_for("nobody", "de") == line.numbers["proximus"]["de"]
    assert line.number_for(None, "nl") == line.numbers["proximus"]["nl"]


def test_changing_the_assistance_line_keeps_the_published_rules_hash(tmp_path: Path) -> None:
    document = reference_document()
    document["assistance_line"]["distributors"]["proximus"]["en"] = "+3278152099"
    moved = load_document(tmp_path, document, "moved.yaml")
    assert moved.source_sha256 == reference_product().source_sha256
    assert moved.assistance_line is not None
    assert moved.assistance_line.numbers["proximus"]["en"].e164 == "+3278152099"


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("078 15 20 24", "must be an E.164 phone number"),
        ("+32781", "must be an E.164 phone number"),
        ("+3200000000", "is not a valid phone number"),
    ],
)
def test_a_number_that_is_not_a_valid_e164_number_stops_the_file(
    tmp_path: Path, number: str, problem: str
) -> None:
    document = reference_document()
    document["assistance_line"]["distributors"]["proximus"]["nl"] = number
    with pytest.raises(ProductDefinitionError) as refused:
        load_document(tmp_path, document, "bad.yaml")
    assert "assistance_line.distributors.proximus.nl" in str(refused.value)
    assert problem in str(refused.value)


def test_every_distributor_of_the_version_has_its_line(tmp_path: Path) -> None:
    document = reference_document()
    document["distributors"] = ["proximus", "telenet"]
    with pytest.raises(ProductDefinitionError) as refused:
        load_document(tmp_path, document, "missing.yaml")
    assert "no number for distributor 'telenet'" in str(refused.value)
