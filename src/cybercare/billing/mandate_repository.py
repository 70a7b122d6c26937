"""All SQL of SEPA mandates: load and save the lifecycle of billing/mandate.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update

from cybercare.billing.mandate import Amendment, Mandate, MandateChannel, MandateStatus
from cybercare.db.inserts import insert_rows
from cybercare.db.tables import MandateRow
from cybercare.db.uow import UnitOfWork

IN_FORCE = (MandateStatus.ACTIVE.value, MandateStatus.AMENDED.value)


@dataclass(frozen=True, slots=True)
class Consent:
    """An e-mandate's consent: when, to which text version, from which client (hashed)."""

    at: datetime
    text_version: str
    client_sha256: str


@dataclass(frozen=True, slots=True)
class StoredMandate:
    mandate_id: int
    mandate: Mandate
    consent: Consent | None


def _mandate(row: MandateRow) -> Mandate:
    amendment = None
    if row.original_iban or row.original_other_bank or row.original_debtor_name:
        amendment = Amendment(row.original_iban, row.original_other_bank, row.original_debtor_name)
    return Mandate(
        reference=row.reference,
        affiliation_id=row.affiliation_id,
        holder_name=row.debtor_name,
        iban=row.iban,
        bic=row.bic,
        signed_on=row.signed_on,
        channel=MandateChannel(row.channel),
        status=MandateStatus(row.status),
        last_collection_on=row.last_collection_on,
        amendment=amendment,
        final_collection_due=row.final_collection_due,
        ended_on=row.ended_on,
        one_off=row.one_off,
    )


def _stored(row: MandateRow) -> StoredMandate:
    consent = None
    if row.consent_at and row.consent_text_version and row.consent_client_sha256:
        consent = Consent(row.consent_at, row.consent_text_version, row.consent_client_sha256)
    return StoredMandate(row.id, _mandate(row), consent)


def _values(mandate: Mandate) -> dict[str, Any]:
    amendment = mandate.amendment
    return {
        "debtor_name": mandate.holder_name,
        "iban": mandate.iban,
        "bic": mandate.bic,
        "status": mandate.status.value,
        "last_collection_on": mandate.last_collection_on,
        "original_iban": amendment.original_iban if amendment else None,
        "original_other_bank": amendment.other_bank if amendment else False,
        "original_debtor_name": amendment.original_holder if amendment else None,
        "final_collection_due": mandate.final_collection_due,
        "ended_on": mandate.ended_on,
    }


def reference_taken(uow: UnitOfWork, reference: str) -> bool:
    query = select(MandateRow.id).where(MandateRow.reference == reference)
    return uow.session.scalar(query) is not None


def add(uow: UnitOfWork, mandate: Mandate, *, at: datetime, consent: Consent | None) -> int:
    row = MandateRow(
        affiliation_id=mandate.affiliation_id,
        reference=mandate.reference,
        signed_on=mandate.signed_on,
        channel=mandate.channel.value,
        one_off=mandate.one_off,
        created_at=at,
        consent_at=consent.at if consent else None,
        consent_text_version=consent.text_version if consent else None,
        consent_client_sha256=consent.client_sha256 if consent else None,
        **_values(mandate),
    )
    uow.session.add(row)
    uow.session.flush()
    return row.id


def add_many(uow: UnitOfWork, mandates: Sequence[Mandate], *, at: datetime) -> None:
    """New paper mandates in one multi-row INSERT (a batch of an imported book): written,
    never read back here."""
    if not mandates:
        return
    insert_rows(
        uow.session,
        MandateRow,
        [
            {
                "affiliation_id": m.affiliation_id,
                "reference": m.reference,
                "signed_on": m.signed_on,
                "channel": m.channel.value,
                "one_off": m.one_off,
                "created_at": at,
                "consent_at": None,
                "consent_text_version": None,
                "consent_client_sha256": None,
                **_values(m),
            }
            for m in mandates
        ],
    )


def references_taken(uow: UnitOfWork, references: Sequence[str]) -> set[str]:
    """Which of `references` a mandate already uses (one query on the unique index)."""
    if not references:
        return set()
    query = select(MandateRow.reference).where(MandateRow.reference.in_(references))
    return set(uow.session.scalars(query))


def save(uow: UnitOfWork, mandate_id: int, mandate: Mandate) -> None:
    uow.session.execute(
        update(MandateRow).where(MandateRow.id == mandate_id).values(**_values(mandate))
    )


def in_force_for(
    uow: UnitOfWork, affiliation_id: str, *, lock: bool = False
) -> StoredMandate | None:
    """The affiliation's mandate in force (active or amended), if any."""
    query = select(MandateRow).where(
        MandateRow.affiliation_id == affiliation_id, MandateRow.status.in_(IN_FORCE)
    )
    if lock:
        query = query.with_for_update()
    row = uow.session.scalars(query.order_by(MandateRow.id.desc()).limit(1)).first()
    return _stored(row) if row else None


def by_reference(uow: UnitOfWork, reference: str, *, lock: bool = False) -> StoredMandate | None:
    query = select(MandateRow).where(MandateRow.reference == reference)
    if lock:
        query = query.with_for_update()
    row = uow.session.scalars(query).first()
    return _stored(row) if row else None


def of_affiliation(uow: UnitOfWork, affiliation_id: str) -> list[StoredMandate]:
    """Every mandate of the affiliation, the newest first (the portal shows the history)."""
    query = select(MandateRow).where(MandateRow.affiliation_id == affiliation_id)
    return [_stored(row) for row in uow.session.scalars(query.order_by(MandateRow.id.desc()))]


def by_ids(
    uow: UnitOfWork, mandate_ids: Sequence[int], *, lock: bool = False
) -> dict[int, StoredMandate]:
    found: dict[int, StoredMandate] = {}
    ids = sorted(set(mandate_ids))
    for start in range(0, len(ids), 500):
        query = select(MandateRow).where(MandateRow.id.in_(ids[start : start + 500]))
        if lock:
            query = query.with_for_update()
        found.update((row.id, _stored(row)) for row in uow.session.scalars(query))
    return found


def unused_since(uow: UnitOfWork, before: date) -> list[StoredMandate]:
    """Mandates in force whose latest collection (or signature, when none) is on or before
    `before`: the candidates of the lapse job."""
    last = MandateRow.last_collection_on
    query = select(MandateRow).where(
        MandateRow.status.in_(IN_FORCE),
        ((last.is_(None)) & (MandateRow.signed_on <= before)) | (last <= before),
    )
    return [_stored(row) for row in uow.session.scalars(query.order_by(MandateRow.id))]


def collectible_for(uow: UnitOfWork, affiliation_ids: Sequence[str]) -> dict[str, StoredMandate]:
    """Per affiliation, the mandate a collection goes under: the one in force, else a cancelled
    one with a final collection due."""
    found: dict[str, StoredMandate] = {}
    ids = sorted(set(affiliation_ids))
    usable = MandateRow.status.in_(IN_FORCE) | (
        (MandateRow.status == MandateStatus.CANCELLED.value) & MandateRow.final_collection_due
    )
    for start in range(0, len(ids), 500):
        query = (
            select(MandateRow)
            .where(MandateRow.affiliation_id.in_(ids[start : start + 500]), usable)
            .order_by(MandateRow.id)
            .with_for_update()
        )
        for row in uow.session.scalars(query):
            stored = _stored(row)
            kept = found.get(row.affiliation_id)
            if kept is None or stored.mandate.status.value in IN_FORCE:
                found[row.affiliation_id] = stored
    return found
