"""Lookalike domains as data (issue 20): a registrable domain close to a protected brand of
`brands.toml` (Belgian banks, the distributor, public services, delivery companies).

Three checks on the domain's label (the part before the public suffix), each on its
*skeleton* (Unicode TR39 idea: every character replaced by the Latin letter it can be confused
with, from the `confusable-homoglyphs` package's copy of the Unicode confusables table, then
ASCII tricks such as "rn" for "m" and "0" for "o"):

1. the skeleton equals a brand name (a homograph: "bеlfius" with a Cyrillic "е");
2. the skeleton, or a word of it, is within edit distance 1 of a name of 5+ letters, 2 of 9+
   ("belfuis", "belfuis-login"; "kbcc" is too short to judge by distance alone);
3. a brand name of 3+ letters stands as a word in the label ("bpost-fee", "kbc-secure-login").

A brand's own domains are never flagged. Pure once the data is loaded (a cached read of the
package's TOML)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from confusable_homoglyphs import confusables

ASCII_TRICKS = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("3", "e"), ("5", "s"))


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    category: str
    domains: tuple[str, ...]
    names: tuple[str, ...]


@cache
def brands() -> tuple[Brand, ...]:
    data = tomllib.loads(
        resources.files("cybercare.radar").joinpath("brands.toml").read_text("utf-8")
    )
    return tuple(
        Brand(b["name"], b["category"], tuple(b["domains"]), tuple(b["names"]))
        for b in data["brand"]
    )


@cache
def _latin(char: str) -> str:
    if char.isascii():
        return char
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True)
    for entry in found or ():
        for glyph in entry["homoglyphs"]:
            if glyph["c"].isascii() and glyph["c"].isalnum():
                return str(glyph["c"].lower())
    return char


def skeleton(label: str) -> str:
    """The label as it reads: Unicode confusables to Latin, then ASCII tricks, no hyphens."""
    text = "".join(_latin(c) for c in label.lower())
    for trick, letter in ASCII_TRICKS:
        text = text.replace(trick, letter)
    return text


def unicode_label(domain: str) -> str:
    label = domain.split(".", maxsplit=1)[0]
    try:
        return label.encode("ascii").decode("idna") if label.startswith("xn--") else label
    except UnicodeError:
        return label


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance with transpositions (optimal string alignment), cut at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], limit)


def lookalike_of(domain: str) -> str | None:
    """The protected domain `domain` imitates, or None. `domain` is a registrable domain in
    IDNA form ("xn--blfius-7of.be")."""
    for brand in brands():
        if domain in brand.domains:
            return None
    label = unicode_label(domain)
    shape = skeleton(label)
    words = {w for w in shape.replace("_", "-").split("-") if w}
    flat = shape.replace("-", "")
    for brand in brands():
        for name in brand.names:
            if flat == name:
                return brand.domains[0]  # a homograph, or the name under a foreign suffix
            limit = 2 if len(name) >= 9 else 1
            if len(name) >= 5 and any(edit_distance(w, name) <= limit for w in words | {flat}):
                return brand.domains[0]
            if len(name) >= 3 and name in words and len(words) > 1:
                return brand.domains[0]
    return None
