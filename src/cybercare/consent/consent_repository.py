"""All SQL of consents and of the privacy notices shown (GDPR art. 7, 9(2)(a), 13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from cybercare.consent.consent import Consent, ConsentChannel, ConsentPurpose
from cybercare.db.tables import ConsentRow, PersonRow, PrivacyNoticeRow
from cybercare.db.tables.base import insert_into
from cybercare.db.uow import UnitOfWork


def _consent(row: ConsentRow) -> Consent:
    return Consent(
        consent_id=row.id,
        subject_person_id=row.subject_person_id,
        purpose=ConsentPurpose(row.purpose),
        given_by_person_id=row.given_by_person_id,
        channel=ConsentChannel(row.channel),
        recorded_by_user_id=row.recorded_by_user_id,
        text_version=row.text_version,
        language=row.language,
        text=row.text,
        text_sha256=row.text_sha256,
        given_at=row.given_at,
        case_id=row.case_id,
        withdrawn_at=row.withdrawn_at,
        withdrawn_by_user_id=row.withdrawn_by_user_id,
        withdrawal_channel=(
            ConsentChannel(row.withdrawal_channel) if row.withdrawal_channel else None
        ),
    )


def add_consent(uow: UnitOfWork, consent: Consent) -> None:
    uow.session.add(
        ConsentRow(
            id=consent.consent_id,
            subject_person_id=consent.subject_person_id,
            purpose=consent.purpose.value,
            given_by_person_id=consent.given_by_person_id,
            channel=consent.channel.value,
            recorded_by_user_id=consent.recorded_by_user_id,
            text_version=consent.text_version,
            language=consent.language,
            text=consent.text,
            text_sha256=consent.text_sha256,
            given_at=consent.given_at,
            case_id=consent.case_id,
        )
    )
    uow.session.flush()


def save_withdrawal(uow: UnitOfWork, consent: Consent) -> None:
    """A consent row only ever gains its withdrawal."""
    row = uow.session.get(ConsentRow, consent.consent_id)
    assert row is not None
    assert row.withdrawn_at is None
    row.withdrawn_at = consent.withdrawn_at
    row.withdrawn_by_user_id = consent.withdrawn_by_user_id
    row.withdrawal_channel = (
        consent.withdrawal_channel.value if consent.withdrawal_channel else None
    )
    uow.session.flush()


def consent(uow: UnitOfWork, consent_id: str, *, for_update: bool = False) -> Consent | None:
    query = select(ConsentRow).where(ConsentRow.id == consent_id)
    if for_update:
        query = query.with_for_update()
    row = uow.session.scalar(query)
    return _consent(row) if row is not None else None


def consents_for_subject(
    uow: UnitOfWork, subject_person_id: str, purpose: ConsentPurpose | None = None
) -> list[Consent]:
    query = select(ConsentRow).where(ConsentRow.subject_person_id == subject_person_id)
    if purpose is not None:
        query = query.where(ConsentRow.purpose == purpose.value)
    return [_consent(r) for r in uow.session.scalars(query.order_by(ConsentRow.given_at))]


def consents_involving(uow: UnitOfWork, person_id: str) -> list[Consent]:
    """Given for the person, or given by the person (as a minor's legal representative)."""
    rows = uow.session.scalars(
        select(ConsentRow)
        .where(
            or_(
                ConsentRow.subject_person_id == person_id,
                ConsentRow.given_by_person_id == person_id,
            )
        )
        .order_by(ConsentRow.given_at, ConsentRow.id)
    )
    return [_consent(r) for r in rows]


@dataclass(frozen=True, slots=True)
class PersonFacts:
    person_id: str
    household_id: str
    given_name: str
    family_name: str
    language: str


def person(uow: UnitOfWork, person_id: str) -> PersonFacts | None:
    row = uow.session.get(PersonRow, person_id)
    if row is None:
        return None
    return PersonFacts(row.id, row.household_id, row.given_name, row.family_name, row.language)


# --- privacy notices shown -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeShown:
    person_id: str
    notice_version: str
    language: str
    text_sha256: str
    event: str  # "subscription" (presented by the distributor) or "portal" (acknowledged)
    distributor_code: str | None
    affiliation_id: str | None
    user_id: str | None
    shown_at: datetime


def add_notice_shown(uow: UnitOfWork, shown: NoticeShown) -> None:
    uow.session.execute(
        insert_into(PrivacyNoticeRow),
        [
            {
                "person_id": shown.person_id,
                "notice_version": shown.notice_version,
                "language": shown.language,
                "text_sha256": shown.text_sha256,
                "event": shown.event,
                "distributor_code": shown.distributor_code,
                "affiliation_id": shown.affiliation_id,
                "user_id": shown.user_id,
                "shown_at": shown.shown_at,
            }
        ],
    )


def notices_shown(uow: UnitOfWork, person_id: str) -> list[NoticeShown]:
    rows = uow.session.scalars(
        select(PrivacyNoticeRow)
        .where(PrivacyNoticeRow.person_id == person_id)
        .order_by(PrivacyNoticeRow.shown_at, PrivacyNoticeRow.id)
    )
    return [
        NoticeShown(
            r.person_id,
            r.notice_version,
            r.language,
            r.text_sha256,
            r.event,
            r.distributor_code,
            r.affiliation_id,
            r.user_id,
            r.shown_at,
        )
        for r in rows
    ]


def versions_seen(uow: UnitOfWork, person_id: str) -> set[str]:
    return set(
        uow.session.scalars(
            select(PrivacyNoticeRow.notice_version).where(PrivacyNoticeRow.person_id == person_id)
        )
    )
