"""Translations of the web pages (Art. 11.4: Dutch, French, German, English).

The catalogues and their compiled translations are the platform's one translation system
(`cybercare.documents.translations`, re-exported here for the pages): every `.po` file of
`locales/<lang>/LC_MESSAGES/` merged into one catalogue per language. This module adds what only
a request needs: the language of a request is, in this order: a valid `?lang=`, the `cc_lang`
cookie set by the language switcher, the browser's Accept-Language, English.
Workflow (extract, update, check): docs/i18n.md.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, negotiate_locale
from starlette.requests import Request

from cybercare.documents.formatting import LOCALES
from cybercare.documents.translations import (
    N_,
    gettext,
    load_all,
    read_catalogue,
    translations,
)
from cybercare.product.model import LANGUAGES

__all__ = [
    "DEFAULT_LANGUAGE",
    "ENDONYMS",
    "LANGUAGE_COOKIE",
    "LOCALES",
    "N_",
    "from_accept_language",
    "gettext",
    "is_language",
    "load_all",
    "locale_of",
    "read_catalogue",
    "request_language",
    "translations",
]

DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "cc_lang"
# The switcher names each language in that language (not translated).
ENDONYMS: dict[str, str] = {"nl": "Nederlands", "fr": "Français", "de": "Deutsch", "en": "English"}


def is_language(value: str | None) -> bool:
    return value is not None and value in LANGUAGES


def from_accept_language(header: str | None) -> str | None:
    if not header:
        return None
    weighted: list[tuple[float, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality + position * 1e-6, tag.strip().replace("-", "_")))
    preferred = [tag for _, tag in sorted(weighted)]
    chosen = negotiate_locale(preferred, list(LANGUAGES), sep="_")
    return chosen.split("_")[0] if chosen else None


def request_language(request: Request) -> str:
    """`?lang=`, then the cookie, then Accept-Language, then English."""
    query = request.query_params.get("lang")
    if is_language(query):
        return str(query)
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if is_language(cookie):
        return str(cookie)
    return from_accept_language(request.headers.get("accept-language")) or DEFAULT_LANGUAGE


@cache
def locale_of(language: str) -> Locale:
    """The language's Belgian locale, parsed once (parsing per call cost more than the
    formatting itself)."""
    return Locale.parse(LOCALES[language])
