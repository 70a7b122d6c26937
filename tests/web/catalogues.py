"""The catalogue check: every message extracted from the web's templates and Python code has a
non-empty, non-fuzzy translation in each of the four catalogues, with the same placeholders."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from cybercare.product.model import LANGUAGES
from cybercare.web.i18n import read_catalogue

WEB_DIR = Path(str(files("cybercare.web")))
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}

MessageId = str | tuple[str, ...]


def extracted_messages() -> dict[MessageId, str]:
    """Every msgid in the web code, as `pybabel extract -F babel.cfg -k N_` finds it, with the
    first place it was found."""
    with (WEB_DIR / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[MessageId, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(WEB_DIR), method_map, options_map, keywords=KEYWORDS
    ):
        found.setdefault(message, f"{filename}:{lineno}")
    return found


def load_catalogue(language: str) -> Catalog:
    return read_catalogue(language)


def problems_in(catalogue: Catalog, language: str, messages: dict[MessageId, str]) -> list[str]:
    problems: list[str] = []
    for message_id, where in messages.items():
        key = message_id[0] if isinstance(message_id, tuple) else message_id
        entry = catalogue.get(key)
        if entry is None:
            problems.append(f"{language}: missing {key!r} (used at {where})")
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
    wanted = {m[0] if isinstance(m, tuple) else m for m in extracted_messages()}
    return [
        f"{language}: {entry.id!r}"
        for language in LANGUAGES
        for entry in load_catalogue(language)
        if entry.id and (entry.id[0] if isinstance(entry.id, tuple) else entry.id) not in wanted
    ]
