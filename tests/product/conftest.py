"""Helpers for the product-data tests: the reference file as text and as a mutable document."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cybercare.product.catalog import packaged_definitions
from cybercare.product.loader import ProductDefinitionError, load_product_file
from cybercare.product.model import ProductVersion

REFERENCE_TEXT = (packaged_definitions() / "cyber-care-be" / "2021-12.yaml").read_text("utf-8")
REFERENCE_DOCUMENT: dict[str, Any] = yaml.safe_load(REFERENCE_TEXT)
BROKEN = Path(__file__).parent / "broken"


def reference_document() -> dict[str, Any]:
    """A fresh deep copy of the reference file's data, free to mutate."""
    return copy.deepcopy(REFERENCE_DOCUMENT)


def write_document(folder: Path, document: dict[str, Any], name: str = "product.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def load_document(folder: Path, document: dict[str, Any], name: str) -> ProductVersion:
    return load_product_file(write_document(folder, document, name))


def load_error(path: Path) -> ProductDefinitionError:
    with pytest.raises(ProductDefinitionError) as caught:
        load_product_file(path)
    return caught.value


Mutation = Callable[[dict[str, Any]], None]
