"""Use cases of the privacy notice (GDPR art. 13): recorded as presented by the distributor at
subscription, shown once in the portal when a version the member has not seen takes effect
(acknowledgement recorded), and shown publicly. Audited in the caller's transaction."""

from __future__ import annotations

from cybercare.audit import trail
from cybercare.consent import consent_repository as repository
from cybercare.consent.consent_repository import NoticeShown
from cybercare.consent.notice import GDPR_ART_13, check_presented, to_show
from cybercare.consent.text_files import privacy_notices
from cybercare.consent.texts import TextBook, TextVersion
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Forbidden, InvalidInput
from cybercare.product.model import LANGUAGES


def current_notice(clock: Clock, book: TextBook | None = None) -> TextVersion:
    return (book or privacy_notices()).current(clock.today())


def record_presented_at_subscription(
    uow: UnitOfWork,
    *,
    person_id: str,
    affiliation_id: str,
    distributor: str,
    version: str,
    language: str,
    clock: Clock,
    book: TextBook | None = None,
) -> TextVersion:
    """The distributor says it presented `version` to the affiliate before they subscribed."""
    presented = check_presented(book or privacy_notices(), version, clock.today())
    now = clock.now()
    repository.add_notice_shown(
        uow,
        NoticeShown(
            person_id=person_id,
            notice_version=presented.version,
            language=language,
            text_sha256=presented.sha256(language),
            event="subscription",
            distributor_code=distributor,
            affiliation_id=affiliation_id,
            user_id=None,
            shown_at=now,
        ),
    )
    trail.record(
        uow,
        at=now,
        actor=f"distributor:{distributor}",
        action="privacy_notice.presented",
        subject_type="person",
        subject_id=person_id,
        clause=GDPR_ART_13,
        details={"version": presented.version, "language": language, "affiliation": affiliation_id},
    )
    return presented


def notice_to_acknowledge(
    uow: UnitOfWork, principal: Principal, clock: Clock, book: TextBook | None = None
) -> TextVersion | None:
    """The version in effect when this member has not seen it yet (at subscription or in the
    portal); None for staff and for a member who has."""
    if not principal.is_member or principal.person_id is None:
        return None
    seen = repository.versions_seen(uow, principal.person_id)
    return to_show(book or privacy_notices(), seen, clock.today())


def acknowledge_notice(
    uow: UnitOfWork,
    principal: Principal,
    version: str,
    language: str,
    clock: Clock,
    book: TextBook | None = None,
) -> bool:
    """The member has read the version shown; recorded once (False: it was already)."""
    if not principal.is_member or principal.person_id is None:
        raise Forbidden("members acknowledge the privacy notice", clause=GDPR_ART_13)
    if language not in LANGUAGES:
        raise InvalidInput("language", f"one of {', '.join(LANGUAGES)}")
    current = (book or privacy_notices()).current(clock.today())
    if version != current.version:
        raise InvalidInput(
            "version", "a newer privacy notice is in effect: read it first", clause=GDPR_ART_13
        )
    if version in repository.versions_seen(uow, principal.person_id):
        return False
    now = clock.now()
    repository.add_notice_shown(
        uow,
        NoticeShown(
            person_id=principal.person_id,
            notice_version=version,
            language=language,
            text_sha256=current.sha256(language),
            event="portal",
            distributor_code=None,
            affiliation_id=None,
            user_id=principal.user_id,
            shown_at=now,
        ),
    )
    trail.record(
        uow,
        at=now,
        actor=principal.actor,
        action="privacy_notice.acknowledged",
        subject_type="person",
        subject_id=principal.person_id,
        clause=GDPR_ART_13,
        details={"version": version, "language": language},
    )
    return True


def notices_shown_to(uow: UnitOfWork, person_id: str) -> list[NoticeShown]:
    """Every notice version shown to the person (for the data export)."""
    return repository.notices_shown(uow, person_id)
