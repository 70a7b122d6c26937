"""The privacy notice (GDPR art. 13), pure: which version a distributor may present at
subscription, and whether a member still has to see the version in effect."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from cybercare.consent.texts import TextBook, TextVersion, UnknownTextVersion
from cybercare.kernel.errors import InvalidInput

GDPR_ART_13 = "GDPR art. 13"
# A distributor presents the notice with the quote; the customer may subscribe up to the quote's
# terms token validity (30 days, policy/terms_token.py) later. A notice replaced within that
# window is still a truthful record of what was presented; the member then sees the new one in
# the portal.
PRESENTATION_GRACE = timedelta(days=30)


def check_presented(book: TextBook, version: str, on: date) -> TextVersion:
    """The version a distributor says it presented must exist, be in effect, or have been
    replaced less than `PRESENTATION_GRACE` ago."""
    try:
        presented = book.get(version)
    except UnknownTextVersion:
        raise InvalidInput(
            "privacy_notice_version", "no privacy notice of that version", clause=GDPR_ART_13
        ) from None
    if presented.effective_date > on:
        raise InvalidInput(
            "privacy_notice_version", "this privacy notice is not in effect yet", clause=GDPR_ART_13
        )
    replaced = book.superseded_on(version)
    if replaced is not None and on - replaced >= PRESENTATION_GRACE:
        raise InvalidInput(
            "privacy_notice_version",
            f"this privacy notice was replaced on {replaced.isoformat()}: present "
            f"version {book.current(on).version}",
            clause=GDPR_ART_13,
        )
    return presented


def to_show(book: TextBook, seen_versions: Collection[str], on: date) -> TextVersion | None:
    """The version in effect, when the person has not seen it yet (None: nothing to show)."""
    current = book.current(on)
    return None if current.version in seen_versions else current
