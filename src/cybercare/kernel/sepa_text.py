"""Texts and identifiers as the SEPA schemes accept them.

The EPC rulebooks (SCT and SDD, "character set") oblige every bank to carry only the basic Latin
set: a-z A-Z 0-9 / - ? : ( ) . , ' + and the space. Anything else (an accent, `&`, `_`, `<`) may
be refused or garbled by a bank on the way, so names and remittance texts are transliterated
before they reach a file, and identifiers (message, payment information, end-to-end, mandate
references) are further restricted: they must not start or end with `/` nor contain `//`.
"""

from __future__ import annotations

import re
import unicodedata

EPC_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ")
# Characters people type that have a close basic Latin reading, beyond stripping accents.
_READINGS = {
    "&": "+",
    "@": "(at)",
    "_": "-",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "€": "EUR",
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": "'",
    "\u201d": "'",
    '"': "'",
    "\u2013": "-",
    "\u2014": "-",
    "#": "-",
    "*": ".",
    ";": ",",
    "!": ".",
    "=": "-",
}
_SPACES = re.compile(r"\s+")


def epc_text(text: str, max_length: int) -> str:
    """`text` in the EPC basic Latin set, spaces collapsed, cut at `max_length` characters."""
    out: list[str] = []
    for char in text:
        if char in EPC_ALLOWED:
            out.append(char)
            continue
        if char in _READINGS:
            out.append(_READINGS[char])
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if c in EPC_ALLOWED)
        out.append(base if base else (" " if char.isspace() else "."))
    return _SPACES.sub(" ", "".join(out)).strip()[:max_length].rstrip()


def epc_identifier(text: str, max_length: int = 35) -> str:
    """An identifier in the EPC set without spaces, never starting or ending with `/` nor
    holding `//`: what the rulebooks require of references that travel end to end."""
    cleaned = epc_text(text, 10 * max_length).replace(" ", "")
    while "//" in cleaned:
        cleaned = cleaned.replace("//", "/")
    cleaned = cleaned.strip("/")[:max_length].rstrip("/")
    if not cleaned:
        raise ValueError(f"{text!r} leaves no character allowed in a SEPA identifier")
    return cleaned


def is_epc_text(text: str) -> bool:
    return all(char in EPC_ALLOWED for char in text)
