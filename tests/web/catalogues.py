"""The catalogue check: every message extracted from the web's templates and Python code, from
the reasons of a decision and from the documents and letters (marked `D_`, context "document")
has a non-empty, non-fuzzy translation in each of the four catalogues, with the same
placeholders; and no catalogue keeps a message nothing uses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from cybercare.documents.translations import DOCUMENT
from cybercare.product.model import LANGUAGES
from cybercare.web.i18n import read_catalogue

WEB_DIR = Path(str(files("cybercare.web")))
PACKAGE_DIR = Path(str(files("cybercare")))
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
# Outside the web, Python code marks texts `N_` (the reasons of a decision) or `D_` (a text of a
# document or letter, translated with the context "document"), anywhere in the package.
OUTSIDE_THE_WEB = [("web/**.py", "ignore"), ("**.py", "python")]

MessageId = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InContext:
    """A msgid translated within a context (`msgctxt`)."""

    context: str
    id: MessageId


MessageKey = MessageId | InContext


def extracted_messages() -> dict[MessageKey, str]:
    """Every msgid of the code, as `pybabel extract` finds it (`-F web/babel.cfg -k N_` for the
    web; `-k N_` and `-k D_` for the rest of the package), with the first place it was found."""
    with (WEB_DIR / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[MessageKey, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(WEB_DIR), method_map, options_map, keywords=KEYWORDS
    ):
        found.setdefault(message, f"web/{filename}:{lineno}")
    for marker, context in (("N_", None), ("D_", DOCUMENT)):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(PACKAGE_DIR), OUTSIDE_THE_WEB, keywords={marker: None}
        ):
            key: MessageKey = message if context is None else InContext(context, message)
            found.setdefault(key, f"{filename}:{lineno}")
    return found


def _split(key: MessageKey) -> tuple[MessageId, str | None]:
    return (key.id, key.context) if isinstance(key, InContext) else (key, None)


def _msgid(message_id: MessageId) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def load_catalogue(language: str) -> Catalog:
    return read_catalogue(language)


def problems_in(catalogue: Catalog, language: str, messages: Mapping[MessageKey, str]) -> list[str]:
    problems: list[str] = []
    for message_key, where in messages.items():
        message_id, context = _split(message_key)
        key = _msgid(message_id)
        entry = catalogue.get(key, context)
        if entry is None:
            within = f" (context {context!r})" if context else ""
            problems.append(f"{language}: missing {key!r}{within} (used at {where})")
            continue
        if entry.fuzzy:
            problems.append(f"{language}: fuzzy {key!r}")
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if isinstance(message_id, tuple) != entry.pluralizable:
            problems.append(
                f"{language}: {key!r} must {'' if entry.pluralizable else 'not '}be plural"
            )
        if isinstance(message_id, tuple) and len(strings) != catalogue.num_plurals:
            problems.append(f"{language}: {key!r} needs {catalogue.num_plurals} plural forms")
        if not all(text.strip() for text in strings):
            problems.append(f"{language}: empty translation of {key!r}")
    problems += [
        f"{language}: fuzzy {entry.id!r}" for entry in catalogue if entry.id and entry.fuzzy
    ]
    for entry, errors in catalogue.check():
        problems += [f"{language}: {entry.id!r}: {error}" for error in errors]
    return sorted(set(problems))


def every_problem() -> list[str]:
    messages = extracted_messages()
    return [
        problem
        for language in LANGUAGES
        for problem in problems_in(load_catalogue(language), language, messages)
    ]


def stale_entries() -> list[str]:
    """Entries no template or module uses any more (`pybabel update` marks them obsolete)."""
    extracted = extracted_messages()
    wanted = {(_msgid(message_id), context) for message_id, context in map(_split, extracted)}
    return [
        f"{language}: {entry.id!r}" + (f" (context {entry.context!r})" if entry.context else "")
        for language in LANGUAGES
        for entry in load_catalogue(language)
        if entry.id and (_msgid(entry.id), entry.context) not in wanted
    ]
