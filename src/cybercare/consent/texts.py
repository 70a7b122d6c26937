"""Versioned texts as data: the privacy notice (GDPR art. 13) and the consent texts (GDPR art.
7, 9(2)(a)). Pure: the files are read by `text_files`; this module only answers which version
applies on a day and what exactly it says in a language.

A version is never edited once in effect: a new wording is a new version with a later effective
date. What a person was shown is recorded by version, language and SHA-256 of the exact text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from cybercare.kernel.errors import InvalidInput, NotFound
from cybercare.product.model import LANGUAGES


@dataclass(frozen=True, slots=True)
class TextVersion:
    """One version of a text in the four languages (Art. 11.4)."""

    kind: str  # "privacy_notice", or a consent purpose such as "psychological_assistance"
    version: str
    effective_date: date
    texts: Mapping[str, str]  # language -> the exact text

    def __post_init__(self) -> None:
        missing = [lang for lang in LANGUAGES if not self.texts.get(lang, "").strip()]
        if missing:
            raise ValueError(f"{self.kind} {self.version}: no text in {', '.join(missing)}")

    def text(self, language: str) -> str:
        if language not in LANGUAGES:
            raise InvalidInput("language", f"one of {', '.join(LANGUAGES)}")
        return self.texts[language]

    def sha256(self, language: str) -> str:
        return hashlib.sha256(self.text(language).encode("utf-8")).hexdigest()


class UnknownTextVersion(NotFound):
    code = "privacy.text_version_unknown"


@dataclass(frozen=True, slots=True)
class TextBook:
    """Every version of one kind of text, the oldest first."""

    kind: str
    versions: tuple[TextVersion, ...]

    @classmethod
    def of(cls, kind: str, versions: Iterable[TextVersion]) -> TextBook:
        ordered = tuple(sorted(versions, key=lambda v: (v.effective_date, v.version)))
        names = [v.version for v in ordered]
        if len(set(names)) != len(names):
            raise ValueError(f"{kind}: a version appears twice")
        if len({v.effective_date for v in ordered}) != len(ordered):
            raise ValueError(f"{kind}: two versions take effect on the same day")
        return cls(kind, ordered)

    def current(self, on: date) -> TextVersion:
        """The version in effect on `on`: the latest whose effective date has come."""
        in_effect = [v for v in self.versions if v.effective_date <= on]
        if not in_effect:
            raise UnknownTextVersion(f"no {self.kind} in effect on {on.isoformat()}")
        return in_effect[-1]

    def get(self, version: str) -> TextVersion:
        for candidate in self.versions:
            if candidate.version == version:
                return candidate
        raise UnknownTextVersion(f"no {self.kind} version {version!r}", params={"version": version})

    def superseded_on(self, version: str) -> date | None:
        """The day a later version replaced `version` (None: it is the latest)."""
        found = self.get(version)
        later = [v.effective_date for v in self.versions if v.effective_date > found.effective_date]
        return min(later) if later else None
