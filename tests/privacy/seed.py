"""A person with everything: a builder that writes one row in every table that can hold
personal data, all of it in 2015-2016, so a clock in 2040 is past every retention period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    insert,
    select,
)

from cybercare.db.tables import metadata
from cybercare.db.types import UtcDateTime
from cybercare.db.uow import UnitOfWork

T = metadata.tables
AT = datetime(2015, 3, 2, 10, 0, tzinfo=UTC)
ON = date(2015, 3, 2)


@dataclass(frozen=True)
class Person:
    """What must not survive: how each appears in the seeded rows."""

    key: str
    name: str
    email: str
    phone: str
    iban: str
    national_number: str

    def needles(self) -> dict[str, str]:
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "iban": self.iban,
            "national_number": self.national_number,
        }


def person(key: str) -> Person:
    n = sum(map(ord, key)) % 90 + 10
    return Person(
        key=key,
        name=f"Zelda{key.capitalize()}wyn",
        email=f"zelda.{key}@example.be",
        phone=f"+324760{n}1{n}",
        iban=f"BE71096123{n}4{n}69",
        national_number=f"850730{n}1{n}"[:11],
    )


def _value(table: Table, name: str) -> Any:
    column = table.c[name]
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return AT
    if isinstance(kind, Date):
        return ON
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, (Integer, BigInteger)):
        return 1
    if isinstance(kind, LargeBinary):
        return b"x"
    if isinstance(kind, JSON):
        return {}
    if isinstance(kind, (String, Text)):
        return "x"
    raise TypeError(f"{table.name}.{name}")


def add(uow: UnitOfWork, table: str, **given: Any) -> Any:
    """Insert one row: the given values, defaults for the other required columns."""
    t = T[table]
    row = dict(given)
    for column in t.columns:
        required = not column.nullable and column.default is None and column.server_default is None
        auto = column.primary_key and isinstance(column.type, (Integer, BigInteger))
        if column.name not in row and required and not auto:
            row[column.name] = _value(t, column.name)
    result = uow.session.execute(insert(t).values(row).returning(*t.primary_key.columns))
    return result.scalar_one()


def ensure_reference_rows(uow: UnitOfWork) -> None:
    if uow.session.scalar(select(T["distributors"].c.code).where(T["distributors"].c.code == "rt")):
        return
    add(uow, "distributors", code="rt", name="Retention distributor")
    add(uow, "product_versions", code="rt-product", version="v1", rules_sha256="0" * 64)
    add(
        uow,
        "users",
        id="rt-staff",
        email="handler@cybercare.test",
        kind="staff",
        display_name="Handler",
        language="nl",
    )


def seed_person(uow: UnitOfWork, who: Person) -> dict[str, str]:
    """Every table of a household, a case, a claim and the money, naming `who`."""
    ensure_reference_rows(uow)
    k = who.key
    hh, pid, aff, case, claim, uid = (f"{p}-{k}" for p in ("hh", "p", "aff", "case", "cl", "u"))
    add(uow, "households", id=hh)
    add(
        uow,
        "persons",
        id=pid,
        household_id=hh,
        given_name=who.name,
        family_name=who.name,
        birth_date=date(1985, 7, 30),
        language="nl",
        email=who.email,
        phone=who.phone,
        national_register_number=who.national_number,
    )
    add(uow, "memberships", household_id=hh, person_id=pid, relationship="affiliate", joined_on=ON)
    add(
        uow,
        "household_addresses",
        household_id=hh,
        street=f"{who.name}straat",
        number="1",
        postcode="9000",
        city="Gent",
        country="BE",
        from_date=ON,
    )
    add(
        uow,
        "affiliations",
        id=aff,
        distributor_code="rt",
        customer_ref=f"c-{k}",
        household_id=hh,
        product_code="rt-product",
        product_version="v1",
        subscribed_on=ON,
        start_date=ON,
        status="terminated",
        term_end=date(2016, 3, 1),
    )
    add(
        uow,
        "affiliation_status_periods",
        affiliation_id=aff,
        status="active",
        start_date=ON,
        end_date=date(2016, 3, 1),
    )
    add(
        uow,
        "affiliation_status_periods",
        affiliation_id=aff,
        status="terminated",
        start_date=date(2016, 3, 1),
    )
    add(
        uow,
        "users",
        id=uid,
        email=who.email,
        kind="member",
        person_id=pid,
        display_name=who.name,
        language="nl",
        password_hash=f"hash-{who.name}",
    )
    add(
        uow,
        "api_tokens",
        id=f"tok-{k}",
        user_id=uid,
        label=f"token of {who.name}",
        secret_sha256=f"{k:0>64}"[-64:],
    )
    add(uow, "web_sessions", sid_sha256=f"{k:s>64}"[-64:], user_id=uid, stage="signed_in")
    add(
        uow,
        "payout_accounts",
        household_id=hh,
        iban=who.iban,
        holder_name=who.name,
        approved_by="rt-staff",
        approved_at=AT,
    )
    closed = datetime(2016, 1, 10, tzinfo=UTC)
    add(
        uow,
        "assistance_cases",
        id=case,
        affiliation_id=aff,
        household_id=hh,
        person_id=pid,
        narrative=f"{who.name} was phished; call {who.phone}",
        discovery_date=ON,
        channel="phone",
        language="nl",
        status="closed",
        opened_by="rt-staff",
        closed_at=closed,
        closure_reason=f"helped {who.name}",
        closure_outcome="service_delivered",
    )
    ws = f"ws-{k}"
    add(
        uow,
        "workstreams",
        id=ws,
        case_id=case,
        team="psychological",
        status="closed",
        assignee_user_id="rt-staff",
        closed_at=closed,
        outcome=f"{who.name} is fine",
    )
    add(
        uow,
        "case_notes",
        case_id=case,
        author_user_id="rt-staff",
        compartment="general",
        body=f"{who.name} mailed from {who.email}",
    )
    note = add(
        uow,
        "case_notes",
        case_id=case,
        workstream_id=ws,
        author_user_id="rt-staff",
        compartment="psychological",
        body=f"{who.name} feels unsafe",
    )
    add(
        uow,
        "note_access_log",
        note_id=note,
        case_id=case,
        user_id="rt-staff",
        purpose="care",
        accessed_at=AT,
    )
    add(
        uow,
        "contact_attempts",
        case_id=case,
        workstream_id=ws,
        person_id=pid,
        kind="call",
        outcome="reached",
        channel="phone",
        note=f"called {who.phone}",
        made_by="rt-staff",
    )
    add(
        uow,
        "takedown_requests",
        id=f"td-{k}",
        case_id=case,
        url=f"https://forum.example/{who.name}",
        addressee=f"host of {who.name}",
        recorded_by="rt-staff",
    )
    add(
        uow,
        "case_callbacks",
        case_id=case,
        phone=who.phone,
        channel="portal",
        requested_by=who.email,
    )
    add(
        uow,
        "claims",
        id=claim,
        case_id=case,
        affiliation_id=aff,
        household_id=hh,
        person_id=pid,
        guarantee="ECOM",
        claimed_cents=5000,
        payable_cents=5000,
        paid_cents=5000,
        circumstances={"story": f"{who.name} paid a fake shop", "email": who.email},
        language="nl",
        status="decided",
        outcome="accepted",
        payee_iban=who.iban,
        payee_name=who.name,
    )
    decision = add(
        uow,
        "claim_decisions",
        claim_id=claim,
        sequence=1,
        kind="handler",
        state="final",
        outcome="accepted",
        payable_cents=5000,
        product_code="rt-product",
        product_version="v1",
        decision={"reasons": []},
        decided_by="user:rt-staff",
        note=f"checked with {who.name}",
    )
    add(
        uow,
        "claim_evidence",
        claim_id=claim,
        evidence_type="bank_statement",
        filename=f"{who.name}.pdf",
        content_type="application/pdf",
        size_bytes=30,
        sha256="e" * 64,
        content=f"%PDF {who.name} {who.iban}".encode(),
        uploaded_by=f"user:{uid}",
    )
    add(
        uow,
        "claim_recoveries",
        claim_id=claim,
        amount_cents=100,
        source=f"refund for {who.name}",
        recorded_by="user:rt-staff",
    )
    add(
        uow,
        "recovery_files",
        claim_id=claim,
        guarantee="ECOM",
        paid_cents=5000,
        status="open",
        counterparty_name=f"shop that fooled {who.name}",
        counterparty_iban=who.iban,
        counterparty_email=who.email,
        closed_reason=f"{who.name} agreed",
    )
    add(
        uow,
        "payment_files",
        id=f"pf-{k}",
        execution_date=date(2016, 1, 20),
        payout_count=1,
        total_cents=5000,
        sha256="f" * 64,
        xml=f"<Cdtr><Nm>{who.name}</Nm><IBAN>{who.iban}</IBAN></Cdtr>",
        created_by="rt-staff",
    )
    add(
        uow,
        "payouts",
        id=f"po-{k}",
        claim_id=claim,
        decision_id=decision,
        household_id=hh,
        amount_cents=5000,
        iban=who.iban,
        holder_name=who.name,
        remittance=f"claim of {who.name}",
        status="paid",
        payment_file_id=f"pf-{k}",
        created_at=closed,
        updated_at=closed,
    )
    add(
        uow,
        "billing_mandates",
        affiliation_id=aff,
        reference=f"RT-{k}",
        debtor_name=who.name,
        iban=who.iban,
        bic="GKCCBEBB",
        signed_on=ON,
        status="cancelled",
        ended_on=date(2016, 3, 1),
        channel="paper",
    )
    add(
        uow,
        "billing_debit_batches",
        message_id=f"msg-{k}",
        period="2015-04",
        collection_date=date(2015, 4, 2),
        line_count=1,
        total_cents=1000,
        xml=f"<Dbtr><Nm>{who.name}</Nm><IBAN>{who.iban}</IBAN></Dbtr>".encode(),
    )
    add(
        uow,
        "billing_dunning_cases",
        affiliation_id=aff,
        status="closed",
        notice_on=ON,
        pay_by=ON,
        arrears_cents=1000,
        language="nl",
        letter_pdf=f"%PDF Dear {who.name}".encode(),
    )
    doc = add(
        uow,
        "bank_documents",
        sha256=f"{k:d>64}"[-64:],
        kind="camt.053",
        source="upload",
        line_count=1,
        actor="rt-staff",
        account_iban="BE68539007547034",
        statement_id=f"st-{k}",
    )
    add(
        uow,
        "bank_lines",
        document_id=doc,
        line_no=1,
        account_iban="BE68539007547034",
        bank_reference=f"ref-{k}",
        direction="credit",
        amount_cents=1000,
        booking_date=date(2015, 4, 2),
        value_date=date(2015, 4, 2),
        status="unmatched",
        counterparty_name=who.name,
        counterparty_iban=who.iban,
        remittance=f"premium {who.name}",
    )
    add(
        uow,
        "outbox_messages",
        kind="email",
        dedupe_key=f"mail-{k}",
        payload={"to": who.email, "body": f"Dear {who.name}"},
        status="dead",
        attempts=9,
        next_attempt_at=AT,
    )
    request = add(
        uow,
        "data_requests",
        id=f"dr-{k}",
        kind="access",
        channel="portal",
        person_id=pid,
        language="nl",
        received_at=AT,
        due_on=date(2015, 4, 2),
        status="fulfilled",
        registered_by="member",
        fulfilled_at=AT,
    )
    add(
        uow,
        "data_export_archives",
        request_id=request,
        export_version="1.1",
        content=f"PK data.json {who.name} {who.email} {who.phone} {who.iban}".encode(),
        size_bytes=64,
        sha256="2" * 64,
        created_at=AT,
        expires_at=AT + timedelta(days=7),
    )
    add(
        uow,
        "idempotency_keys",
        client="rt",
        key=f"idem-{k}",
        request_fingerprint="0" * 64,
        state="completed",
        response_body=f'{{"name": "{who.name}"}}'.encode(),
    )
    add(
        uow,
        "report_draft_files",
        draft_id=f"d-{k}",
        session_sha256="1" * 64,
        household_id=hh,
        user_id=uid,
        form="ecom",
        evidence_type="x",
        filename=f"{who.name}.png",
        content_type="image/png",
        size_bytes=3,
        content=who.name.encode(),
        expires_at=AT,
    )
    add(
        uow,
        "audit_events",
        occurred_at=AT,
        actor=f"user:{uid}",
        action="claim.submitted",
        subject_type="claim",
        subject_id=claim,
        details={"case_id": case},
    )
    return {
        "household": hh,
        "person": pid,
        "affiliation": aff,
        "case": case,
        "claim": claim,
        "user": uid,
    }
