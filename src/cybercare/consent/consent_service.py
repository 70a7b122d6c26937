"""Use cases of consent to the processing of health data (GDPR art. 7, 9(2)(a); Art. 11.2, 11.3).

Psychological assistance waits for a valid consent of the person concerned (for a minor, of a
legal representative in the household): given in the portal, or on the phone to an agent who
read the text aloud. It is withdrawn in the portal (or on the phone), which stops further
psychological processing and undoes nothing lawfully done before. Every change is audited in
the caller's transaction; the edge commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cybercare.audit import trail
from cybercare.consent import consent_repository as repository
from cybercare.consent.consent import (
    ART_11_2,
    GDPR_ART_7_3,
    GDPR_ART_9_2_A,
    Consent,
    ConsentChannel,
    ConsentNotFound,
    ConsentPurpose,
    ConsentRefused,
    check_may_consent,
    check_text_choice,
    may_consent_for,
    may_withdraw,
    require_consent,
    valid_consent,
)
from cybercare.consent.text_files import consent_texts
from cybercare.consent.texts import TextBook, TextVersion
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Household, is_minor
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.policy.repository import load_household
from cybercare.product.model import LANGUAGES

PSYCHOLOGICAL = ConsentPurpose.PSYCHOLOGICAL_ASSISTANCE
# Who answers the 24/7 line and may record a consent read aloud on the phone (Art. 8.1).
PHONE_AGENT_ROLES = (
    Role.TECHNICAL,
    Role.LEGAL,
    Role.FINANCIAL,
    Role.PSYCHOLOGICAL,
    Role.SUPERVISOR,
)


@dataclass(frozen=True, slots=True)
class ConsentGiving:
    subject_person_id: str
    text_version: str  # the version the page showed, or the agent read aloud
    language: str
    given_by_person_id: str | None = None  # on the phone: who answered; portal: the member
    case_id: str | None = None  # where it was asked (context only)
    purpose: ConsentPurpose = PSYCHOLOGICAL


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A consent as the data export shows it (`consents_of_person`)."""

    consent_id: str
    purpose: str
    role: str  # "subject": given for this person; "representative": given by them for a minor
    subject_person_id: str
    given_by_person_id: str
    channel: str
    recorded_by_user_id: str
    text_version: str
    language: str
    text: str
    text_sha256: str
    given_at: datetime
    case_id: str | None
    withdrawn_at: datetime | None
    withdrawal_channel: str | None


@dataclass(frozen=True, slots=True)
class ConsentState:
    """What a page shows about one person's consent: the valid consent (or None), whether the
    reader may give or withdraw it, and the text to read."""

    subject_person_id: str
    consent: Consent | None
    may_give: bool
    may_withdraw: bool
    text: TextVersion
    withdrawn_before: bool  # a consent existed and was withdrawn (or lapsed at majority)


def book_of(purpose: ConsentPurpose, book: TextBook | None) -> TextBook:
    return book or consent_texts(purpose.value)


def give_consent(
    uow: UnitOfWork,
    principal: Principal,
    giving: ConsentGiving,
    clock: Clock,
    *,
    book: TextBook | None = None,
) -> Consent:
    """A member clicks in the portal (for themselves, or for a minor they represent), or an
    agent records the consent the person gave on the phone after hearing the text read aloud.
    Already consented: the valid consent is returned, nothing is written twice."""
    now, today = clock.now(), clock.today()
    if giving.language not in LANGUAGES:
        raise InvalidInput("language", f"one of {', '.join(LANGUAGES)}")
    if principal.is_member:
        channel, giver = ConsentChannel.PORTAL, principal.person_id
        if giving.given_by_person_id not in (None, giver):
            raise ConsentRefused("in the portal, a member consents in their own name")
    elif principal.has_role(*PHONE_AGENT_ROLES):
        channel, giver = ConsentChannel.PHONE, giving.given_by_person_id
        if not giver:
            raise InvalidInput("given_by_person_id", "who gave the consent on the phone")
    else:
        raise ConsentRefused(
            "only the person, a minor's legal representative, or an agent of the line who read "
            "the text aloud records a consent",
            clause=str(ART_11_2),
        )
    assert giver is not None
    household = _household_of(uow, principal, giving.subject_person_id)
    check_may_consent(household, giving.subject_person_id, giver, today)
    texts = book_of(giving.purpose, book)
    check_text_choice(giving.text_version, texts.current(today).version)
    existing = _valid(uow, household, giving.subject_person_id, giving.purpose, today)
    if existing is not None:
        return existing
    shown = texts.get(giving.text_version)
    consent = Consent(
        consent_id=new_id("cns"),
        subject_person_id=giving.subject_person_id,
        purpose=giving.purpose,
        given_by_person_id=giver,
        channel=channel,
        recorded_by_user_id=principal.user_id,
        text_version=shown.version,
        language=giving.language,
        text=shown.text(giving.language),
        text_sha256=shown.sha256(giving.language),
        given_at=now,
        case_id=giving.case_id,
    )
    repository.add_consent(uow, consent)
    trail.record(
        uow,
        at=now,
        actor=principal.actor,
        action="consent.given",
        subject_type="person",
        subject_id=consent.subject_person_id,
        clause=str(ART_11_2),
        details={
            "consent_id": consent.consent_id,
            "purpose": consent.purpose.value,
            "gdpr": GDPR_ART_9_2_A,
            "text_version": consent.text_version,
            "language": consent.language,
            "text_sha256": consent.text_sha256,
            "channel": channel.value,
            "given_by_person_id": giver,
            "case_id": giving.case_id,
        },
    )
    return consent


def withdraw_consent(
    uow: UnitOfWork,
    principal: Principal,
    consent_id: str,
    clock: Clock,
    *,
    requested_by_person_id: str | None = None,
) -> Consent:
    """GDPR art. 7(3): as easy as giving. The member in the portal, or an agent who took the
    request on the phone (`requested_by_person_id`). Further psychological processing stops;
    notes written before stay (the member is told so)."""
    now, today = clock.now(), clock.today()
    found = repository.consent(uow, consent_id, for_update=True)
    if found is None:
        raise ConsentNotFound(f"no consent {consent_id!r}")
    if principal.is_member:
        channel, person_id = ConsentChannel.PORTAL, principal.person_id
    elif principal.has_role(*PHONE_AGENT_ROLES):
        channel, person_id = ConsentChannel.PHONE, requested_by_person_id
        if not person_id:
            raise InvalidInput("requested_by_person_id", "who asked to withdraw on the phone")
    else:
        raise ConsentNotFound(f"no consent {consent_id!r}")
    assert person_id is not None
    try:
        household = _household_of(uow, principal, found.subject_person_id)
    except ConsentRefused:
        raise ConsentNotFound(f"no consent {consent_id!r}") from None
    if not may_withdraw(household, found, person_id, today):
        raise ConsentNotFound(f"no consent {consent_id!r}")  # not theirs to know about
    withdrawn = found.withdrawn(now, principal.user_id, channel)
    repository.save_withdrawal(uow, withdrawn)
    trail.record(
        uow,
        at=now,
        actor=principal.actor,
        action="consent.withdrawn",
        subject_type="person",
        subject_id=withdrawn.subject_person_id,
        clause=GDPR_ART_7_3,
        details={
            "consent_id": withdrawn.consent_id,
            "purpose": withdrawn.purpose.value,
            "channel": channel.value,
            "withdrawn_by_person_id": person_id,
        },
    )
    return withdrawn


# --- what the assistance and the pages ask ---------------------------------------------------


def psychological_consent(uow: UnitOfWork, subject_person_id: str, today: date) -> Consent | None:
    """The valid consent to psychological assistance of the person, if any."""
    facts = repository.person(uow, subject_person_id)
    if facts is None:
        return None
    household = load_household(uow, facts.household_id)
    return _valid(uow, household, subject_person_id, PSYCHOLOGICAL, today)


def require_psychological_consent(uow: UnitOfWork, subject_person_id: str, today: date) -> Consent:
    """Refused with `ConsentRequired` (GDPR art. 9(2)(a), Art. 11.2) without a valid consent."""
    return require_consent(psychological_consent(uow, subject_person_id, today), PSYCHOLOGICAL)


def consent_state(
    uow: UnitOfWork,
    principal: Principal,
    subject_person_id: str,
    today: date,
    *,
    purpose: ConsentPurpose = PSYCHOLOGICAL,
    book: TextBook | None = None,
) -> ConsentState:
    """For the portal's case page (the reader is a member who sees the case) or the back office
    (an agent about to read the text aloud)."""
    facts = repository.person(uow, subject_person_id)
    if facts is None:
        raise ConsentNotFound(f"no person {subject_person_id!r}")
    household = load_household(uow, facts.household_id)
    every = repository.consents_for_subject(uow, subject_person_id, purpose)
    valid = _valid_of(household, subject_person_id, every, purpose, today)
    member = principal.person_id if principal.is_member else None
    return ConsentState(
        subject_person_id=subject_person_id,
        consent=valid,
        may_give=(
            valid is None
            and (
                principal.has_role(*PHONE_AGENT_ROLES)
                or (
                    member is not None
                    and may_consent_for(household, subject_person_id, member, today)
                )
            )
        ),
        may_withdraw=valid is not None
        and (
            principal.has_role(*PHONE_AGENT_ROLES)
            or (member is not None and may_withdraw(household, valid, member, today))
        ),
        text=book_of(purpose, book).current(today),
        withdrawn_before=valid is None and bool(every),
    )


@dataclass(frozen=True, slots=True)
class Giver:
    person_id: str
    name: str
    representative: bool


def entitled_givers(uow: UnitOfWork, subject_person_id: str, today: date) -> list[Giver]:
    """Who may give the consent for the person today (Art. 11.3): what an agent chooses from on
    the phone. An adult alone; for a minor, their legal representatives in the household."""
    facts = repository.person(uow, subject_person_id)
    if facts is None:
        return []
    household = load_household(uow, facts.household_id)
    return [
        Giver(p.person_id, f"{p.given_name} {p.family_name}", p.person_id != subject_person_id)
        for p in household.people
        if may_consent_for(household, subject_person_id, p.person_id, today)
    ]


def consents_of_person(uow: UnitOfWork, person_id: str) -> list[ConsentRecord]:
    """Every consent given for the person or by the person (for a minor they represented),
    withdrawn ones included, the oldest first: for the data export (GDPR art. 15, 20)."""
    return [
        ConsentRecord(
            consent_id=c.consent_id,
            purpose=c.purpose.value,
            role="subject" if c.subject_person_id == person_id else "representative",
            subject_person_id=c.subject_person_id,
            given_by_person_id=c.given_by_person_id,
            channel=c.channel.value,
            recorded_by_user_id=c.recorded_by_user_id,
            text_version=c.text_version,
            language=c.language,
            text=c.text,
            text_sha256=c.text_sha256,
            given_at=c.given_at,
            case_id=c.case_id,
            withdrawn_at=c.withdrawn_at,
            withdrawal_channel=c.withdrawal_channel.value if c.withdrawal_channel else None,
        )
        for c in repository.consents_involving(uow, person_id)
    ]


# --- helpers ---------------------------------------------------------------------------------


def _household_of(uow: UnitOfWork, principal: Principal, subject_person_id: str) -> Household:
    facts = repository.person(uow, subject_person_id)
    if facts is None or (principal.is_member and principal.household_id != facts.household_id):
        raise ConsentRefused(
            "not a person you may give this consent for", params={"gdpr": GDPR_ART_9_2_A}
        )
    return load_household(uow, facts.household_id)


def _valid(
    uow: UnitOfWork, household: Household, subject_id: str, purpose: ConsentPurpose, today: date
) -> Consent | None:
    every = repository.consents_for_subject(uow, subject_id, purpose)
    return _valid_of(household, subject_id, every, purpose, today)


def _valid_of(
    household: Household,
    subject_id: str,
    consents: list[Consent],
    purpose: ConsentPurpose,
    today: date,
) -> Consent | None:
    if not consents:
        return None
    minor = is_minor(household.person(subject_id), today)
    return valid_consent(consents, purpose, subject_is_minor=minor)


__all__ = [
    "ConsentGiving",
    "ConsentRecord",
    "ConsentState",
    "consent_state",
    "consents_of_person",
    "entitled_givers",
    "give_consent",
    "psychological_consent",
    "require_psychological_consent",
    "withdraw_consent",
]
