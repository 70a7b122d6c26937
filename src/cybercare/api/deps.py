"""Request-scoped dependencies: the container (as the pages take it), the member's language."""

from __future__ import annotations

from typing import Annotated

from babel import negotiate_locale
from fastapi import Depends, Header, Query

from cybercare.http.deps import ContainerDep
from cybercare.product.model import LANGUAGES

__all__ = ["ContainerDep", "LanguageDep", "get_language"]


def get_language(
    lang: Annotated[
        str | None,
        Query(
            description="Language of labels: nl, fr, de or en (Art. 11.4)",
            pattern="^(nl|fr|de|en)$",
        ),
    ] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> str:
    if lang:
        return lang
    if accept_language:
        preferred = [
            part.split(";")[0].strip().replace("-", "_") for part in accept_language.split(",")
        ]
        chosen = negotiate_locale(preferred, list(LANGUAGES), sep="_")
        if chosen:
            return chosen.split("_")[0]
    return "en"


LanguageDep = Annotated[str, Depends(get_language)]
