"""Append-only tables keep facts forever, so they must hold ids, codes, amounts and dates only
(GDPR art. 5(1)(e)): a name or a sentence written there could never be erased."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import JSON, MetaData, String, Text, text, update
from sqlalchemy.exc import DBAPIError

from cybercare.db.tables import metadata
from cybercare.db.uow import Database
from tests.conftest import Backend
from tests.privacy.seed import person, seed_person

# Every text column of every append-only table, with why it names nobody.
IDS_ONLY = {
    "audit_events": {
        "actor": "user:<id>, worker:<name> or distributor:<code>",
        "action": "a code",
        "subject_type": "a code",
        "subject_id": "an id",
        "clause": "a clause number",
        "details": "ids, codes and amounts: see the test of the emitters below",
    },
    "ledger_entries": {
        "dedupe_key": "ids",
        "kind": "a code",
        "description": "built from ids and codes (billing/domain.py, billing/collection.py)",
    },
    "ledger_lines": {"account": "a code", "party": "a distributor code or a household id"},
    "note_access_log": {"case_id": "an id", "user_id": "an id", "purpose": "a code"},
    "contact_attempts": {
        "case_id": "an id",
        "workstream_id": "an id",
        "person_id": "an id",
        "kind": "a code",
        "outcome": "a code",
        "channel": "a code",
        "made_by": "an id",
        "note": "free text: the one change the trigger allows is the retention job's erasure",
    },
    # the read log (issue 17): who read whose data, as ids and CHECKed codes
    "personal_data_reads": {
        "staff_function": "a role code (the member sees the function, not the name)",
        "kind": "a code (ReadKind)",
        "purpose": "a code (ReadPurpose)",
    },
}


def append_only_tables(db: Database, backend: Backend) -> set[str]:
    with db.reader() as uow:
        if backend.name == "sqlite":
            sql = (
                "SELECT tbl_name FROM sqlite_master "
                "WHERE type = 'trigger' AND sql LIKE '%append-only%'"
            )
        else:
            sql = (
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%append_only'"
            )
        return {str(name) for name in uow.session.scalars(text(sql))}


def test_every_append_only_table_holds_ids_only(db: Database, backend: Backend) -> None:
    tables = append_only_tables(db, backend)
    assert {"audit_events", "ledger_lines", "contact_attempts"} <= tables
    with db.reader() as uow:
        reflected = MetaData()
        reflected.reflect(bind=uow.session.connection(), only=sorted(tables))
    unexplained = {
        f"{table.name}.{column.name}"
        for table in reflected.sorted_tables
        if table.name in tables  # reflect() also brings the tables they refer to
        for column in table.columns
        if isinstance(column.type, String | Text | JSON)
        and column.name not in IDS_ONLY.get(table.name, {})
        and not column.name.endswith(("_id", "_sha256"))
    }
    assert unexplained == set()


FREE_TEXT_KEYS = {
    "note",
    "narrative",
    "body",
    "email",
    "phone",
    "iban",
    "holder_name",
    "debtor_name",
    "street",
    "address",
    "text",
    "message",
    "description",
}
# keys that look like free text and are not, with why
NOT_FREE_TEXT = {
    ("partners/distributors.py", "name"): "a distributor's company name",
    ("assistance/workstreams.py", "note"): "the note's id (note=note.note_id)",
}


def _audit_detail_keys() -> set[tuple[str, str]]:
    root = Path(__file__).parents[2] / "src" / "cybercare"
    keys: set[tuple[str, str]] = set()
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(root))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            for keyword in node.keywords:
                if keyword.arg == "details" and isinstance(keyword.value, ast.Dict):
                    keys |= {
                        (where, k.value)
                        for inner in ast.walk(keyword.value)  # spread dicts (**{...}) too
                        if isinstance(inner, ast.Dict)
                        for k in inner.keys
                        if isinstance(k, ast.Constant) and isinstance(k.value, str)
                    }
                elif name == "audit_case" and keyword.arg:
                    keys.add((where, keyword.arg))
    return keys


def test_audit_events_carry_no_free_text_nor_contact() -> None:
    keys = _audit_detail_keys()
    assert ("claims/withdraw.py", "reason_note_id") in keys  # the scan sees the emitters
    offending = {
        (where, key)
        for where, key in keys
        if (key in FREE_TEXT_KEYS or key in {"name", "reason"})
        and (where, key) not in NOT_FREE_TEXT
    }
    # "reason" stays where it is a code (sign-in refusals, bank return reasons)
    codes = {
        (w, k) for w, k in offending if k == "reason" and not w.startswith(("claims", "assistance"))
    }
    assert offending - codes == set()


def test_contact_attempt_note_can_be_erased_and_nothing_else_changed(db: Database) -> None:
    with db.uow() as uow:
        seed_person(uow, person("trigger"))
        uow.commit()
    attempts = metadata.tables["contact_attempts"]
    with db.uow() as uow:
        uow.session.execute(
            update(attempts).where(attempts.c.case_id == "case-trigger").values(note=None)
        )
        uow.commit()
    with pytest.raises(DBAPIError), db.uow() as uow:
        uow.session.execute(
            update(attempts).where(attempts.c.case_id == "case-trigger").values(outcome="voicemail")
        )
    with pytest.raises(DBAPIError), db.uow() as uow:
        uow.session.execute(
            update(attempts).where(attempts.c.case_id == "case-trigger").values(note="again")
        )
    with pytest.raises(DBAPIError), db.uow() as uow:
        uow.session.execute(attempts.delete().where(attempts.c.case_id == "case-trigger"))
