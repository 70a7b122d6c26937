"""Everything the platform holds about one person, read for their export (GDPR art. 15, 20).

One query per table (cases, notes, claims, evidence... of all the cases at once), so a household
with ten years of history exports in a handful of round trips. Rows come back as plain
dictionaries of JSON-ready values (dates stay `date`/`datetime`: the archive writes them in ISO
8601). What may be shown is decided by the service (Art. 11.3) before these are called with the
case ids it admitted; the psychological compartment is read only for the cases it names.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from cybercare.db.tables import (
    AddressRow,
    AffiliationRow,
    CaseNoteRow,
    CaseRow,
    ClaimDecisionRow,
    ClaimRow,
    ContactAttemptRow,
    DunningCaseRow,
    EvidenceRow,
    MandateRow,
    MembershipRow,
    PaymentEventRow,
    PayoutAccountRow,
    PayoutRow,
    PersonRow,
    PremiumLineRow,
    RefundRow,
    StatusPeriodRow,
    TakedownRequestRow,
    UserRow,
    WorkstreamRow,
)
from cybercare.db.uow import UnitOfWork

Row = dict[str, Any]


def person(uow: UnitOfWork, person_id: str) -> Row | None:
    row = uow.session.get(PersonRow, person_id)
    if row is None:
        return None
    return {
        "person_id": row.id,
        "given_name": row.given_name,
        "family_name": row.family_name,
        "birth_date": row.birth_date,
        "language": row.language,
        "email": row.email,
        "phone": row.phone,
        "national_register_number": row.national_register_number,
        "died_on": row.died_on,
        "household_id": row.household_id,
    }


def account(uow: UnitOfWork, person_id: str) -> Row | None:
    row = uow.session.scalar(select(UserRow).where(UserRow.person_id == person_id))
    if row is None:
        return None
    return {
        "email": row.email,
        "display_name": row.display_name,
        "language": row.language,
        "active": row.active,
        "created_at": row.created_at,
        "second_factor": row.totp_secret is not None,
    }


def memberships(uow: UnitOfWork, person_id: str) -> list[Row]:
    rows = uow.session.scalars(
        select(MembershipRow)
        .where(MembershipRow.person_id == person_id)
        .order_by(MembershipRow.joined_on, MembershipRow.id)
    )
    return [
        {
            "household_id": r.household_id,
            "relationship": r.relationship,
            "joined_on": r.joined_on,
            "left_on": r.left_on,
        }
        for r in rows
    ]


def addresses(uow: UnitOfWork, household_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(AddressRow)
        .where(AddressRow.household_id.in_(household_ids))
        .order_by(AddressRow.from_date, AddressRow.id)
    )
    return [
        {
            "household_id": r.household_id,
            "street": r.street,
            "number": r.number,
            "box": r.box,
            "postcode": r.postcode,
            "city": r.city,
            "country": r.country,
            "from_date": r.from_date,
            "to_date": r.to_date,
        }
        for r in rows
    ]


def affiliations(uow: UnitOfWork, household_ids: Collection[str]) -> list[Row]:
    rows = list(
        uow.session.scalars(
            select(AffiliationRow)
            .where(AffiliationRow.household_id.in_(household_ids))
            .order_by(AffiliationRow.start_date, AffiliationRow.id)
        )
    )
    periods: dict[str, list[Row]] = {r.id: [] for r in rows}
    for p in uow.session.scalars(
        select(StatusPeriodRow)
        .where(StatusPeriodRow.affiliation_id.in_(list(periods)))
        .order_by(StatusPeriodRow.start_date, StatusPeriodRow.id)
    ):
        periods[p.affiliation_id].append(
            {
                "status": p.status,
                "start_date": p.start_date,
                "end_date": p.end_date,
                "article": p.article,
            }
        )
    return [
        {
            "affiliation_id": r.id,
            "household_id": r.household_id,
            "distributor": r.distributor_code,
            "customer_ref": r.customer_ref,
            "product_code": r.product_code,
            "product_version": r.product_version,
            "subscribed_on": r.subscribed_on,
            "start_date": r.start_date,
            "status": r.status,
            "term_end": r.term_end,
            "prevention_declarations": r.prevention_declarations,
            "status_periods": periods[r.id],
        }
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class CaseHeader:
    case_id: str
    person_id: str
    household_id: str


def case_headers(
    uow: UnitOfWork, *, person_id: str, household_ids: Collection[str]
) -> list[CaseHeader]:
    """The person's own cases (in any household) and every case of their households: the
    service keeps those Art. 11.3 lets the export show."""
    rows = uow.session.execute(
        select(CaseRow.id, CaseRow.person_id, CaseRow.household_id)
        .where((CaseRow.person_id == person_id) | CaseRow.household_id.in_(household_ids))
        .order_by(CaseRow.opened_at, CaseRow.id)
    )
    return [CaseHeader(r.id, r.person_id, r.household_id) for r in rows]


def cases(uow: UnitOfWork, case_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(CaseRow).where(CaseRow.id.in_(case_ids)).order_by(CaseRow.opened_at, CaseRow.id)
    )
    return [
        {
            "case_id": r.id,
            "person_id": r.person_id,
            "affiliation_id": r.affiliation_id,
            "guarantee": r.guarantee_code,
            "narrative": r.narrative,
            "occurrence_date": r.occurrence_date,
            "discovery_date": r.discovery_date,
            "urgent": r.urgent,
            "urgency_reason": r.urgency_reason,
            "channel": r.channel,
            "language": r.language,
            "status": r.status,
            "opened_at": r.opened_at,
            "first_contact_at": r.first_contact_at,
            "closed_at": r.closed_at,
            "closure_outcome": r.closure_outcome,
            "closure_reason": r.closure_reason,
        }
        for r in rows
    ]


def workstreams(uow: UnitOfWork, case_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(WorkstreamRow)
        .where(WorkstreamRow.case_id.in_(case_ids))
        .order_by(WorkstreamRow.opened_at, WorkstreamRow.id)
    )
    # The team, not the staff member: a colleague's name is not the member's data.
    return [
        {
            "case_id": r.case_id,
            "team": r.team,
            "status": r.status,
            "opened_at": r.opened_at,
            "first_contact_at": r.first_contact_at,
            "closed_at": r.closed_at,
            "outcome": r.outcome,
        }
        for r in rows
    ]


def notes(
    uow: UnitOfWork, case_ids: Collection[str], *, psychological_of: Collection[str]
) -> list[Row]:
    """The general messages of `case_ids` and the psychological ones of `psychological_of`
    only (Art. 11.2): the other psychological notes are never read."""
    general = CaseNoteRow.compartment == "general"
    query = select(CaseNoteRow, UserRow.kind, UserRow.person_id).join(
        UserRow, UserRow.id == CaseNoteRow.author_user_id
    )
    query = query.where(
        CaseNoteRow.case_id.in_(case_ids),
        general | CaseNoteRow.case_id.in_(psychological_of),
    )
    team_of = _teams(uow, case_ids)
    out: list[Row] = []
    for note, kind, author_person in uow.session.execute(
        query.order_by(CaseNoteRow.created_at, CaseNoteRow.id)
    ):
        out.append(
            {
                "note_id": note.id,
                "case_id": note.case_id,
                "compartment": note.compartment,
                "written_at": note.created_at,
                "author": "member" if kind == "member" else "team",
                "author_person_id": author_person,
                "team": team_of.get(note.workstream_id or ""),
                "body": note.body,
            }
        )
    return out


def _teams(uow: UnitOfWork, case_ids: Collection[str]) -> dict[str, str]:
    rows = uow.session.execute(
        select(WorkstreamRow.id, WorkstreamRow.team).where(WorkstreamRow.case_id.in_(case_ids))
    )
    return {row.id: row.team for row in rows}


def contacts(uow: UnitOfWork, case_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(ContactAttemptRow)
        .where(ContactAttemptRow.case_id.in_(case_ids))
        .order_by(ContactAttemptRow.made_at, ContactAttemptRow.id)
    )
    return [
        {
            "case_id": r.case_id,
            "person_id": r.person_id,
            "kind": r.kind,
            "channel": r.channel,
            "outcome": r.outcome,
            "made_at": r.made_at,
        }
        for r in rows
    ]


def takedowns(uow: UnitOfWork, case_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(TakedownRequestRow)
        .where(TakedownRequestRow.case_id.in_(case_ids))
        .order_by(TakedownRequestRow.sent_at, TakedownRequestRow.id)
    )
    return [
        {
            "case_id": r.case_id,
            "url": r.url,
            "addressee": r.addressee,
            "sent_at": r.sent_at,
            "deadline_date": r.deadline_date,
            "recheck_result": r.recheck_result,
            "taken_down_on": r.taken_down_on,
        }
        for r in rows
    ]


def claims(uow: UnitOfWork, case_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(ClaimRow)
        .where(ClaimRow.case_id.in_(case_ids))
        .order_by(ClaimRow.submitted_at, ClaimRow.id)
    )
    return [
        {
            "claim_id": r.id,
            "case_id": r.case_id,
            "person_id": r.person_id,
            "guarantee": r.guarantee,
            "kind": r.kind,
            "claimed_cents": r.claimed_cents,
            "occurrence_date": r.occurrence_date,
            "discovery_date": r.discovery_date,
            "declaration_date": r.declaration_date,
            "circumstances": r.circumstances,
            "payee_iban": r.payee_iban,
            "payee_name": r.payee_name,
            "status": r.status,
            "outcome": r.outcome,
            "payable_cents": r.payable_cents,
            "paid_cents": r.paid_cents,
            "submitted_at": r.submitted_at,
            "decided_at": r.decided_at,
        }
        for r in rows
    ]


def decisions(uow: UnitOfWork, claim_ids: Collection[str]) -> list[Row]:
    """Every decision taken on the claims (the history, not only the one in force), each with
    its reasons as stable codes and the article of the terms they apply."""
    rows = uow.session.scalars(
        select(ClaimDecisionRow)
        .where(ClaimDecisionRow.claim_id.in_(claim_ids))
        .order_by(ClaimDecisionRow.claim_id, ClaimDecisionRow.sequence)
    )
    return [
        {
            "claim_id": r.claim_id,
            "sequence": r.sequence,
            "kind": r.kind,
            "state": r.state,
            "outcome": r.outcome,
            "payable_cents": r.payable_cents,
            "product_version": f"{r.product_code}/{r.product_version}",
            "reasons": _reasons(r.decision.get("reasons")),
            "notices": _reasons(r.decision.get("notices")),
            "decided_at": r.decided_at,
        }
        for r in rows
    ]


def _reasons(items: list[dict[str, Any]] | None) -> list[Row]:
    return [
        {"code": r["code"], "article": r["article"], "params": dict(r.get("params") or {})}
        for r in items or ()
    ]


def evidence(uow: UnitOfWork, claim_ids: Collection[str]) -> list[Row]:
    """Evidence metadata; the bytes come one file at a time (`evidence_contents`)."""
    rows = uow.session.execute(
        select(
            EvidenceRow.id,
            EvidenceRow.claim_id,
            EvidenceRow.evidence_type,
            EvidenceRow.filename,
            EvidenceRow.content_type,
            EvidenceRow.size_bytes,
            EvidenceRow.sha256,
            EvidenceRow.received_at,
        )
        .where(EvidenceRow.claim_id.in_(claim_ids))
        .order_by(EvidenceRow.received_at, EvidenceRow.id)
    )
    return [
        {
            "evidence_id": r.id,
            "claim_id": r.claim_id,
            "evidence_type": r.evidence_type,
            "filename": r.filename,
            "content_type": r.content_type,
            "size_bytes": r.size_bytes,
            "sha256": r.sha256,
            "received_at": r.received_at,
        }
        for r in rows
    ]


def evidence_contents(
    uow: UnitOfWork, evidence_ids: Collection[int]
) -> Iterator[tuple[int, bytes]]:
    """The files, streamed row by row (a decade of evidence need not sit in memory twice)."""
    result = uow.session.execute(
        select(EvidenceRow.id, EvidenceRow.content)
        .where(EvidenceRow.id.in_(evidence_ids))
        .order_by(EvidenceRow.id)
        .execution_options(yield_per=50)
    )
    for evidence_id, content in result:
        yield evidence_id, bytes(content)


def payouts(uow: UnitOfWork, claim_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(PayoutRow)
        .where(PayoutRow.claim_id.in_(claim_ids))
        .order_by(PayoutRow.created_at, PayoutRow.id)
    )
    return [
        {
            "claim_id": r.claim_id,
            "amount_cents": r.amount_cents,
            "iban": r.iban,
            "holder_name": r.holder_name,
            "status": r.status,
            "executed_on": r.executed_on,
            "created_at": r.created_at,
        }
        for r in rows
    ]


def premium_lines(uow: UnitOfWork, affiliation_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(PremiumLineRow)
        .where(PremiumLineRow.affiliation_id.in_(affiliation_ids))
        .order_by(PremiumLineRow.period, PremiumLineRow.id)
    )
    return [
        {
            "charge_id": r.id,
            "affiliation_id": r.affiliation_id,
            "period": r.period,
            "covered_from": r.covered_from,
            "covered_to": r.covered_to,
            "gross_cents": r.gross_cents,
            "net_cents": r.net_cents,
            "tax_cents": r.tax_cents,
            "channel": r.channel,
            "status": r.status,
        }
        for r in rows
    ]


def payment_events(uow: UnitOfWork, affiliation_ids: Collection[str]) -> list[Row]:
    rows = uow.session.execute(
        select(PaymentEventRow)
        .join(PremiumLineRow, PremiumLineRow.id == PaymentEventRow.premium_line_id)
        .where(PremiumLineRow.affiliation_id.in_(affiliation_ids))
        .order_by(PaymentEventRow.event_date, PaymentEventRow.id)
    ).scalars()
    return [
        {
            "charge_id": r.premium_line_id,
            "source": r.source,
            "outcome": r.outcome,
            "amount_cents": r.amount_cents,
            "event_date": r.event_date,
            "reason_code": r.reason_code,
        }
        for r in rows
    ]


def mandates(uow: UnitOfWork, affiliation_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(MandateRow)
        .where(MandateRow.affiliation_id.in_(affiliation_ids))
        .order_by(MandateRow.signed_on, MandateRow.id)
    )
    return [
        {
            "reference": r.reference,
            "debtor_name": r.debtor_name,
            "iban": r.iban,
            "bic": r.bic,
            "signed_on": r.signed_on,
            "status": r.status,
            "channel": r.channel,
            "ended_on": r.ended_on,
            "consent_at": r.consent_at,
        }
        for r in rows
    ]


def refunds(uow: UnitOfWork, affiliation_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(RefundRow)
        .where(RefundRow.affiliation_id.in_(affiliation_ids))
        .order_by(RefundRow.created_at, RefundRow.id)
    )
    return [
        {
            "charge_id": r.premium_line_id,
            "gross_cents": r.gross_cents,
            "days": r.days,
            "due_by": r.due_by,
            "created_at": r.created_at,
        }
        for r in rows
    ]


def formal_notices(uow: UnitOfWork, affiliation_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(DunningCaseRow)
        .where(DunningCaseRow.affiliation_id.in_(affiliation_ids))
        .order_by(DunningCaseRow.notice_on, DunningCaseRow.id)
    )
    return [
        {
            "notice_id": r.id,
            "status": r.status,
            "notice_on": r.notice_on,
            "pay_by": r.pay_by,
            "arrears_cents": r.arrears_cents,
            "suspended_from": r.suspended_from,
            "ended_on": r.ended_on,
            "language": r.language,
            "letter_pdf": bytes(r.letter_pdf),
        }
        for r in rows
    ]


def payout_accounts(uow: UnitOfWork, household_ids: Collection[str]) -> list[Row]:
    rows = uow.session.scalars(
        select(PayoutAccountRow)
        .where(PayoutAccountRow.household_id.in_(household_ids))
        .order_by(PayoutAccountRow.approved_at, PayoutAccountRow.id)
    )
    return [
        {"iban": r.iban, "holder_name": r.holder_name, "approved_at": r.approved_at} for r in rows
    ]
