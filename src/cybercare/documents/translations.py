"""The one translation system of the platform (Art. 11.4: Dutch, French, German, English).

Every text a person reads - web pages, e-mails, PDF documents and letters, the reasons of a
decision - is a msgid of the gettext catalogue of its language, translated with Babel. The
catalogue of a language is every `cybercare/web/locales/<lang>/LC_MESSAGES/*.po` file, one file
per area (`messages.po` for the public pages and shared words, `portal.po`, `backoffice.po`...,
`documents.po` for documents and letters, `reasons.po` for the reasons of a decision), merged and
compiled in memory when first used (no .mo file is committed); a message in two files is an
error. The files sit beside the web edge that holds most of them and are read as package data,
so the documents need no import of the web.

Texts of documents and letters carry the context "document" (`msgctxt`): a certificate words
some things differently from a page ("Beitritt" on the certificate, "Mitgliedschaft" on the
portal), and the context keeps both. The reasons of a decision carry no context: the portal and
the decision letter say the same sentence. Names and addresses of the insurer and the ombudsman
are product data, in each language (Art. 10.1), not catalogue messages.

How to add a message and the check that fails the tests on a missing, empty, fuzzy or stale
one: docs/i18n.md.
"""

from __future__ import annotations

from functools import cache
from gettext import GNUTranslations
from importlib.resources import files
from importlib.resources.abc import Traversable
from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from cybercare.product.model import LANGUAGES

DOMAIN = "messages"
DOCUMENT = "document"  # the msgctxt of the texts of documents and letters


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark `message` for extraction; it is translated when rendered (`_()` in a template)."""
    return message


def D_(message: str) -> str:  # noqa: N802 - the gettext marker, for a document's text
    """Mark `message` as a text of a document or letter (context "document"); `document_text`
    translates it."""
    return message


def locales_dir() -> Traversable:
    return files("cybercare") / "web" / "locales"


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
            if merged.get(message.id, message.context) is not None:
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
    """`message` (a msgid) in `language`, for text built in Python (chart titles, reasons)."""
    return translations(language).gettext(message)


def document_text(language: str, message: str, **params: object) -> str:
    """The document text `message` (marked `D_`) in `language`, its `%(name)s` placeholders
    filled from `params`."""
    text = _in_document(language, message)
    return text % params if params else text


@cache
def _in_document(language: str, message: str) -> str:
    # A decision's e-mail is built on the claims' straight-through path: look each text up once.
    return translations(language).pgettext(DOCUMENT, message)


def load_all() -> None:
    """Compile every catalogue now, so that a broken one stops the app at start-up."""
    for language in LANGUAGES:
        translations(language)
