"""Reads the versioned texts shipped with the package: `notices/<version>/` (the privacy notice)
and `consent_texts/<purpose>/<version>/`, each version a `version.yaml` (version, effective
date) and one `<lang>.md` per language. Read once per process."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

import yaml

from cybercare.consent.texts import TextBook, TextVersion
from cybercare.product.model import LANGUAGES

PRIVACY_NOTICE = "privacy_notice"


def _version(kind: str, folder: Traversable) -> TextVersion:
    meta = yaml.safe_load(folder.joinpath("version.yaml").read_text(encoding="utf-8"))
    effective = meta["effective_date"]
    if not isinstance(effective, date):
        raise ValueError(f"{kind} {folder.name}: effective_date is not a date")
    if str(meta["version"]) != folder.name:
        raise ValueError(f"{kind} {folder.name}: version.yaml names {meta['version']!r}")
    texts = {
        lang: folder.joinpath(f"{lang}.md").read_text(encoding="utf-8").strip()
        for lang in LANGUAGES
    }
    return TextVersion(kind, folder.name, effective, texts)


def load_book(kind: str, root: Traversable) -> TextBook:
    folders = [entry for entry in root.iterdir() if entry.is_dir() and entry.name[0] not in "._"]
    return TextBook.of(kind, (_version(kind, folder) for folder in folders))


@cache
def privacy_notices() -> TextBook:
    return load_book(PRIVACY_NOTICE, files("cybercare.consent") / "notices")


@cache
def consent_texts(purpose: str) -> TextBook:
    return load_book(purpose, files("cybercare.consent") / "consent_texts" / purpose)
