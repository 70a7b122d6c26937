"""Several products and versions side by side (Art. 1.4); the hash pinning a version's rules."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from cybercare.kernel.errors import NotFound
from cybercare.product.catalog import Catalog, UnknownProduct, load_catalog, reference_product
from cybercare.product.loader import ProductDefinitionError, load_product_text, rules_sha256

from .conftest import REFERENCE_TEXT, load_document, reference_document, write_document


def _version(version: str, open_from: date, closed_from: date | None = None) -> dict[str, Any]:
    document = reference_document()
    document["version"] = version
    document["sales"].update(open_from=open_from, closed_from=closed_from)
    return document


def _second_product() -> dict[str, Any]:
    document = _version("2024-03", date(2024, 3, 1), closed_from=date(2025, 1, 1))
    document["code"] = "cyber-care-lu"
    document["distributors"] = ["luxcom"]
    document["assistance_line"]["distributors"] = {
        "luxcom": document["assistance_line"]["distributors"]["proximus"]
    }
    document["household"]["residence_countries"] = ["LU"]
    return document


@pytest.fixture
def extra_dir(tmp_path: Path) -> Path:
    # The reference version is packaged; add a later version and a second product beside it.
    write_document(tmp_path, _version("2022-06", date(2022, 6, 1)), "cyber-care-be/2022-06.yaml")
    write_document(tmp_path, _second_product(), "cyber-care-lu/2024-03.yaml")
    return tmp_path


def test_art_1_4_versions_side_by_side(extra_dir: Path) -> None:
    catalog = load_catalog([extra_dir])
    assert [p.key for p in catalog.all()] == [
        ("cyber-care-be", "2021-12"),
        ("cyber-care-be", "2022-06"),
        ("cyber-care-lu", "2024-03"),
    ]
    assert [p.version for p in catalog.versions("cyber-care-be")] == ["2021-12", "2022-06"]
    assert catalog.latest("cyber-care-be").version == "2022-06"
    assert catalog.get("cyber-care-be", "2021-12") == reference_product()
    assert catalog.get("cyber-care-lu", "2024-03").distributors == ("luxcom",)
    assert catalog.codes() == ("cyber-care-be", "cyber-care-lu")
    assert len(catalog) == 3


def test_art_1_4_open_for_picks_the_newest_version_taking_new_business(extra_dir: Path) -> None:
    catalog = load_catalog([extra_dir])
    assert catalog.open_for("cyber-care-be", date(2021, 11, 30)) is None
    assert catalog.open_for("cyber-care-be", date(2022, 1, 15)).version == "2021-12"  # type: ignore[union-attr]
    assert catalog.open_for("cyber-care-be", date(2022, 6, 1)).version == "2022-06"  # type: ignore[union-attr]
    assert catalog.open_for("cyber-care-lu", date(2024, 12, 31)) is not None
    assert catalog.open_for("cyber-care-lu", date(2025, 1, 1)) is None  # run-off: closed


def test_a_closed_version_still_serves_existing_contracts(extra_dir: Path) -> None:
    closed = load_catalog([extra_dir]).get("cyber-care-lu", "2024-03")
    assert closed.sales_closed_from == date(2025, 1, 1)
    assert closed.pot("DATA_POT").money_limit_cents == 80_000


def test_unknown_product_or_version_is_not_found(extra_dir: Path) -> None:
    catalog = load_catalog([extra_dir])
    with pytest.raises(UnknownProduct, match="unknown product 'cyber-care-nl'"):
        catalog.latest("cyber-care-nl")
    with pytest.raises(NotFound, match=r"unknown version '2030-01'.*known: 2021-12, 2022-06"):
        catalog.get("cyber-care-be", "2030-01")


def test_duplicate_version_names_both_files(tmp_path: Path) -> None:
    later = _version("2022-06", date(2022, 6, 1))
    first = write_document(tmp_path / "a", later, "cyber-care-be/2022-06.yaml")
    second = write_document(tmp_path / "b", later, "cyber-care-be/2022-06.yaml")
    with pytest.raises(ProductDefinitionError) as caught:
        load_catalog([tmp_path / "a", tmp_path / "b"])
    message = caught.value.message
    assert str(first) in message
    assert str(second) in message
    assert "duplicate product version cyber-care-be 2022-06" in message


def test_packaged_version_cannot_be_redefined(tmp_path: Path) -> None:
    copy = write_document(tmp_path, reference_document(), "cyber-care-be/2021-12.yaml")
    with pytest.raises(ProductDefinitionError, match="duplicate product version") as caught:
        load_catalog([tmp_path])
    assert "definitions/cyber-care-be/2021-12.yaml" in caught.value.message
    assert str(copy) in caught.value.message


def test_a_file_must_sit_under_its_code_and_version(tmp_path: Path) -> None:
    # A copied file whose version was not bumped must not load under another name.
    misnamed = write_document(tmp_path, reference_document(), "cyber-care-be/2023-01.yaml")
    with pytest.raises(ProductDefinitionError) as caught:
        load_catalog([tmp_path])
    assert f"{misnamed}: version: file cyber-care-be/2023-01.yaml must hold" in caught.value.message


def test_a_broken_file_stops_the_catalog(tmp_path: Path) -> None:
    document = _version("2022-06", date(2022, 6, 1))
    document["pots"][0]["money_limit"] = "5000,00"
    broken = write_document(tmp_path, document, "cyber-care-be/2022-06.yaml")
    with pytest.raises(ProductDefinitionError, match=r"pots\[0\]\.money_limit") as caught:
        load_catalog([tmp_path])
    assert str(broken) in caught.value.message


def test_catalog_is_immutable(extra_dir: Path) -> None:
    catalog = load_catalog([extra_dir])
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.products = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.latest("cyber-care-be").version = "2099-01"  # type: ignore[misc]
    assert isinstance(catalog.products, tuple)


def test_catalog_of_refuses_the_same_version_twice() -> None:
    with pytest.raises(ValueError, match="once"):
        Catalog.of([reference_product(), reference_product()])


def test_hash_ignores_sales_so_closing_a_version_keeps_it(tmp_path: Path) -> None:
    document = reference_document()
    document["sales"]["closed_from"] = date(2026, 1, 1)
    closed = load_document(tmp_path, document, "closed.yaml")
    assert closed.sales_closed_from == date(2026, 1, 1)
    assert closed.source_sha256 == reference_product().source_sha256


def test_hash_changes_when_a_rule_changes(tmp_path: Path) -> None:
    document = reference_document()
    document["pots"][0]["case_limit"] = 4
    assert load_document(tmp_path, document, "four.yaml").source_sha256 != (
        reference_product().source_sha256
    )


def test_hash_changes_when_a_label_changes(tmp_path: Path) -> None:
    document = reference_document()
    document["guarantees"][0]["label"]["en"] = "Helpline"
    assert load_document(tmp_path, document, "label.yaml").source_sha256 != (
        reference_product().source_sha256
    )


def test_hash_ignores_comments_key_order_and_layout() -> None:
    document = reference_document()
    reordered = dict(reversed(list(document.items())))
    text = yaml.safe_dump(reordered, allow_unicode=True, default_flow_style=True)
    assert load_product_text(text, "flow.yaml").source_sha256 == reference_product().source_sha256
    assert rules_sha256(document) == reference_product().source_sha256


def test_hash_is_sha256_hex_of_the_canonical_json_without_sales() -> None:
    document: dict[str, Any] = yaml.safe_load(REFERENCE_TEXT)
    del document["sales"]
    del document["assistance_line"]  # an operational contact channel, not a rule
    for party in (
        document["insurer"],
        document["complaints"]["insurer_service"],
        document["complaints"]["ombudsman"],
    ):  # a party's texts written per language are hashed as their English text
        party["name"] = _english(party["name"])
        party["details"] = {key: _english(value) for key, value in party["details"].items()}
    canonical = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    expected = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert reference_product().source_sha256 == expected


def _english(text: Any) -> Any:
    return text["en"] if isinstance(text, dict) else text


def test_art_1_4_the_published_2021_12_rules_keep_the_hash_they_were_published_with() -> None:
    """Quotes' terms tokens and every database that published the version hold this hash:
    `publish_products` refuses a version whose rules changed after publication."""
    assert reference_product().source_sha256 == (
        "41688f60069a6824957a03b0fefa1f2fc956dda518b492ec232aecfa7a05a0e2"
    )


def test_art_10_1_a_party_s_translation_changes_no_rule_hash(tmp_path: Path) -> None:
    document = reference_document()
    document["complaints"]["ombudsman"]["details"]["address"]["fr"] = (
        "Square de Meeûs 35, Bruxelles"
    )
    translated = load_document(tmp_path, document, "translated.yaml")
    assert translated.complaints.ombudsman.details_in("fr")["address"] == (
        "Square de Meeûs 35, Bruxelles"
    )
    assert translated.source_sha256 == reference_product().source_sha256


def test_hash_changes_when_a_party_s_english_text_changes(tmp_path: Path) -> None:
    document = reference_document()
    document["complaints"]["ombudsman"]["details"]["address"]["en"] = "Elsewhere 1, 1000 Brussels"
    assert load_document(tmp_path, document, "moved.yaml").source_sha256 != (
        reference_product().source_sha256
    )


def test_a_missing_extra_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(ProductDefinitionError, match="not a directory") as caught:
        load_catalog([tmp_path / "absent"])
    assert str(tmp_path / "absent") in caught.value.message
