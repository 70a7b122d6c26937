"""Explicit consent to the processing of health data (GDPR art. 7, 9(2)(a); Art. 11.2, 11.3 of
the terms). Pure: who may consent for whom, which consent is valid, what a withdrawal changes.

A consent is given for a person (the *subject*) and a purpose, on the exact text of a version
shown in a language, through the portal (a click) or on the phone (an agent read the text aloud
and records it: the agent is kept). It holds until withdrawn. An adult consents for themselves
only; for a minor, a legal representative in the household consents (Art. 2.4, 11.3). A consent
a representative gave lapses when the subject comes of age: from then on only they decide.

A withdrawal stops further processing; it does not undo what was lawfully done before (GDPR
art. 7(3)): notes already written are kept (their retention is the retention rules' business).
The subject may always withdraw, a minor included (stopping is the safe direction); a
representative may withdraw what a representative could give.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from cybercare.household.domain import Household, is_minor, legal_representatives_of
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound

ART_11_2 = Art("11.2")
ART_11_3 = Art("11.3")
GDPR_ART_9_2_A = "GDPR art. 9(2)(a)"
GDPR_ART_7_3 = "GDPR art. 7(3)"


class ConsentPurpose(StrEnum):
    PSYCHOLOGICAL_ASSISTANCE = "psychological_assistance"  # health data, Art. 11.2


class ConsentChannel(StrEnum):
    PORTAL = "portal"  # the person clicked after reading the text
    PHONE = "phone"  # an agent read the text aloud and recorded the answer


class ConsentRequired(Conflict):
    """Psychological assistance waits: nobody entitled has given the explicit consent."""

    code = "consent.required"


class ConsentRefused(Forbidden):
    code = "consent.refused"


class ConsentNotFound(NotFound):
    code = "consent.not_found"


class ConsentAlreadyWithdrawn(Conflict):
    code = "consent.already_withdrawn"


@dataclass(frozen=True, slots=True)
class Consent:
    consent_id: str
    subject_person_id: str
    purpose: ConsentPurpose
    given_by_person_id: str
    channel: ConsentChannel
    recorded_by_user_id: str  # the member who clicked, or the agent who read the text aloud
    text_version: str
    language: str
    text: str  # the exact text shown (or read aloud)
    text_sha256: str
    given_at: datetime
    case_id: str | None = None  # where it was asked, for the record; it is not case-bound
    withdrawn_at: datetime | None = None
    withdrawn_by_user_id: str | None = None
    withdrawal_channel: ConsentChannel | None = None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def by_representative(self) -> bool:
        return self.given_by_person_id != self.subject_person_id

    def withdrawn(self, at: datetime, by_user_id: str, channel: ConsentChannel) -> Consent:
        if not self.active:
            raise ConsentAlreadyWithdrawn(
                "this consent is already withdrawn",
                clause=GDPR_ART_7_3,
                params={"consent_id": self.consent_id},
            )
        return replace(
            self, withdrawn_at=at, withdrawn_by_user_id=by_user_id, withdrawal_channel=channel
        )


def may_consent_for(household: Household, subject_id: str, giver_id: str, on: date) -> bool:
    """Art. 11.3: an adult for themselves; a minor through a legal representative in the
    household (never the minor alone, never another adult)."""
    try:
        subject = household.person(subject_id)
    except (KeyError, InvalidInput, Conflict):
        return False
    if not is_minor(subject, on):
        return giver_id == subject_id
    try:
        representatives = legal_representatives_of(household, subject_id, on)
    except (Conflict, InvalidInput):
        return False
    return giver_id in {p.person_id for p in representatives}


def check_may_consent(household: Household, subject_id: str, giver_id: str, on: date) -> None:
    if may_consent_for(household, subject_id, giver_id, on):
        return
    try:
        minor = is_minor(household.person(subject_id), on)
    except (KeyError, InvalidInput, Conflict):
        minor = False
    message = (
        "for a minor, a legal representative in the household gives this consent"
        if minor
        else "an adult gives this consent only for themselves"
    )
    raise ConsentRefused(
        message,
        clause=str(ART_11_3),
        params={"gdpr": GDPR_ART_9_2_A, "subject_person_id": subject_id, "minor": minor},
    )


def may_withdraw(household: Household, consent: Consent, person_id: str, on: date) -> bool:
    """The subject always; otherwise whoever could give this consent today."""
    if person_id == consent.subject_person_id:
        return True
    return may_consent_for(household, consent.subject_person_id, person_id, on)


def is_valid(consent: Consent, *, subject_is_minor: bool) -> bool:
    """Active, and not a representative's consent for someone who has come of age since."""
    if not consent.active:
        return False
    return not (consent.by_representative and not subject_is_minor)


def valid_consent(
    consents: Iterable[Consent], purpose: ConsentPurpose, *, subject_is_minor: bool
) -> Consent | None:
    """The most recent valid consent for `purpose`, if any."""
    valid = [
        c
        for c in consents
        if c.purpose is purpose and is_valid(c, subject_is_minor=subject_is_minor)
    ]
    return max(valid, key=lambda c: (c.given_at, c.consent_id)) if valid else None


def require_consent(consent: Consent | None, purpose: ConsentPurpose) -> Consent:
    """GDPR art. 9(2)(a), Art. 11.2: no psychological note, no psychological processing, before
    an explicit consent; refused with both references."""
    if consent is None:
        raise ConsentRequired(
            "psychological notes are health data: the explicit consent of the person concerned "
            f"(or of a minor's legal representative) is needed first ({GDPR_ART_9_2_A}, "
            f"{ART_11_2})",
            clause=str(ART_11_2),
            params={"gdpr": GDPR_ART_9_2_A, "purpose": purpose.value},
        )
    return consent


def check_text_choice(offered_version: str, current_version: str) -> None:
    """A click consents to the text the page showed; if a new version took effect meanwhile,
    the person reads it first."""
    if offered_version != current_version:
        raise InvalidInput(
            "text_version",
            "the consent text has changed since the page was shown: read the new text",
            clause=GDPR_ART_9_2_A,
        )
