"""Translations of the web pages (Art. 11.4: Dutch, French, German, English).

The gettext catalogue of a language is every `locales/<lang>/LC_MESSAGES/*.po` file: `messages.po`
for the public pages and sign-in, one file per area of the site beside it (`portal.po`,
`backoffice.po`...) so that each area is translated and reviewed on its own. They are merged and
compiled in memory when first used (no .mo file is committed); a message in two files is an
error. The language of a request is, in this order: a valid
`?lang=`, the `cc_lang` cookie set by the language switcher, the browser's Accept-Language, English.
Workflow (extract, update, check): docs/web.md.
"""

from __future__ import annotations

from functools import cache
from gettext import GNUTranslations
from importlib.resources import files
from importlib.resources.abc import Traversable
from io import BytesIO

from babel import Locale, negotiate_locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import Request

from cybercare.product.model import LANGUAGES

DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "cc_lang"
DOMAIN = "messages"
# Each language uses its Belgian locale for dates and numbers.
LOCALES: dict[str, str] = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_BE"}
# The switcher names each language in that language (not translated).
ENDONYMS: dict[str, str] = {"nl": "Nederlands", "fr": "Français", "de": "Deutsch", "en": "English"}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark `message` for extraction; it is translated when rendered (`_()` in a template)."""
    return message


def locales_dir() -> Traversable:
    return files("cybercare.web") / "locales"


def catalogue_path(language: str) -> Traversable:
    """The main file of a language (public pages, sign-in, shared words)."""
    return locales_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_paths(language: str) -> list[Traversable]:
    folder = locales_dir() / language / "LC_MESSAGES"
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".po")),
        key=lambda entry: (entry.name != f"{DOMAIN}.po", entry.name),
    )


def read_catalogue(language: str) -> Catalog:
    """Every .po file of `language` merged into one catalogue."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    merged: Catalog | None = None
    for path in catalogue_paths(language):
        with path.open("rb") as source:
            part = read_po(source, locale=language, domain=DOMAIN)
        if merged is None:
            merged = part
            continue
        for message in part:
            if not message.id:
                continue
            if merged.get(message.id) is not None:
                raise ValueError(f"{path.name}: {message.id!r} is already in another file")
            merged[message.id] = message
    if merged is None:
        raise ValueError(f"no catalogue for {language!r}")
    return merged


@cache
def translations(language: str) -> GNUTranslations:
    """The compiled catalogue of `language`, read once per process."""
    catalog = read_catalogue(language)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return GNUTranslations(compiled)


def gettext(language: str, message: str) -> str:
    """`message` (a msgid) in `language`, for text built in Python (chart titles)."""
    return translations(language).gettext(message)


def load_all() -> None:
    """Compile every catalogue now, so that a broken one stops the app at start-up."""
    for language in LANGUAGES:
        translations(language)


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
