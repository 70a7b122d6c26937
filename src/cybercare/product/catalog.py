"""Every product version the platform knows, side by side (Art. 1.4).

The packaged files live in `cybercare/product/definitions/<code>/<version>.yaml`; more directories
with the same layout can be added (a distributor's products, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from cybercare.kernel.errors import NotFound
from cybercare.product.definition import Problem
from cybercare.product.loader import ProductDefinitionError, load_product_text
from cybercare.product.model import ProductVersion

REFERENCE_KEY = ("cyber-care-be", "2021-12")


class UnknownProduct(NotFound):
    code = "product.unknown"


@dataclass(frozen=True, slots=True)
class Catalog:
    """An immutable set of product versions, sorted by code then version (oldest first)."""

    products: tuple[ProductVersion, ...]

    @classmethod
    def of(cls, products: Iterable[ProductVersion]) -> Catalog:
        ordered = tuple(sorted(products, key=lambda product: product.key))
        keys = [product.key for product in ordered]
        if len(set(keys)) != len(keys):
            raise ValueError("a catalog holds each (code, version) once")
        return cls(ordered)

    def all(self) -> tuple[ProductVersion, ...]:
        return self.products

    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(product.code for product in self.products))

    def versions(self, code: str) -> tuple[ProductVersion, ...]:
        """The versions of one product, oldest first (versions are YYYY-MM, so text order)."""
        found = tuple(product for product in self.products if product.code == code)
        if not found:
            raise UnknownProduct(
                f"unknown product {code!r}; known: {', '.join(self.codes()) or 'none'}",
                params={"code": code},
            )
        return found

    def get(self, code: str, version: str) -> ProductVersion:
        for product in self.versions(code):
            if product.version == version:
                return product
        known = ", ".join(product.version for product in self.versions(code))
        raise UnknownProduct(
            f"unknown version {version!r} of product {code!r}; known: {known}",
            params={"code": code, "version": version},
        )

    def latest(self, code: str) -> ProductVersion:
        return self.versions(code)[-1]

    def open_for(self, code: str, day: date) -> ProductVersion | None:
        """The newest version that takes new business on `day` (Art. 1.4), if any."""
        open_versions = [p for p in self.versions(code) if p.open_to_new_business_on(day)]
        return open_versions[-1] if open_versions else None

    def __iter__(self) -> Iterator[ProductVersion]:
        return iter(self.products)

    def __len__(self) -> int:
        return len(self.products)


def _definition_files(root: Traversable) -> list[Traversable]:
    """`<root>/<code>/<version>.yaml`, in a stable order."""
    found: list[Traversable] = []
    for product_dir in sorted(root.iterdir(), key=lambda entry: entry.name):
        if product_dir.is_dir():
            found += sorted(
                (f for f in product_dir.iterdir() if f.is_file() and f.name.endswith(".yaml")),
                key=lambda entry: entry.name,
            )
    return found


def _load(file: Traversable, parent: str) -> ProductVersion:
    source = str(file)
    product = load_product_text(file.read_text(encoding="utf-8"), source)
    # The layout is the index: a copied file whose code or version was not updated must not load
    # under a name that says otherwise.
    expected = (parent, file.name.removesuffix(".yaml"))
    if product.key != expected:
        raise ProductDefinitionError(
            source,
            [
                Problem(
                    "code" if product.code != parent else "version",
                    f"file {parent}/{file.name} must hold {expected[0]} {expected[1]}, "
                    f"found {product.code} {product.version}",
                )
            ],
        )
    return product


def packaged_definitions() -> Traversable:
    return files("cybercare.product") / "definitions"


def load_catalog(extra_dirs: Iterable[str | Path] = ()) -> Catalog:
    """The packaged product versions plus those under `extra_dirs` (same `<code>/<version>.yaml`
    layout). Any broken file or duplicate (code, version) raises `ProductDefinitionError`."""
    roots: list[Traversable] = [packaged_definitions(), *(Path(d) for d in extra_dirs)]
    loaded: dict[tuple[str, str], tuple[ProductVersion, str]] = {}
    for root in roots:
        if not root.is_dir():
            raise ProductDefinitionError(str(root), [Problem("", "not a directory")])
        for file in _definition_files(root):
            product_dir = Path(str(file)).parent.name
            product = _load(file, product_dir)
            if product.key in loaded:
                first = loaded[product.key][1]
                raise ProductDefinitionError(
                    str(file),
                    [
                        Problem(
                            "version",
                            f"duplicate product version {product.code} {product.version}: "
                            f"also defined in {first}",
                        )
                    ],
                )
            loaded[product.key] = (product, str(file))
    return Catalog.of(product for product, _ in loaded.values())


@cache
def default_catalog() -> Catalog:
    """The packaged catalogue, read once per process."""
    return load_catalog()


def reference_product() -> ProductVersion:
    """Cyber Care Belgium 2021-12, the version the terms describe."""
    return default_catalog().get(*REFERENCE_KEY)
