"""Benchmark of a bank statement import on SQLite and PostgreSQL (issue 15: 100,000 lines < 10 s).

    .venv/bin/python bench/statements.py [N] [--backends sqlite,postgresql]

For each database: a fresh migrated database (SQLite: a temporary file; PostgreSQL: a temporary
database on CYBERCARE_BENCH_POSTGRES_URL's server, dropped after), affiliations created
set-based and billed for one month (not timed), direct-debit batches of 500 premiums each made
set-based, then one camt.053 of N lines (generated as the bank writes it) holding:

- one credit per batch (batch booking: MsgId, PmtInfId, NbOfTxs) — the batch's premiums collected;
- 1 % returned debits (AM04, by end-to-end id) of premiums just collected — reversed, unpaid;
- 0.1 % lines with no reference of ours — left for finance;
- the rest: incoming transfers with a premium's structured communication — paid.

Timed, in the same run: the baseline, a raw executemany INSERT of N rows into a scratch table
(the narrow floor of writing N lines at all), then `import_bank_document` of the file (parse,
match, book, store; one transaction, committed), then the same file again (must change nothing).
Payouts are not in the file: their dispatch (`payments.service`) is per file, not per line.
BENCH_PROFILE=1 prints a cProfile of the import instead of timing it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

from _http import postgres_database, sqlite_database  # bench/_http.py, on sys.path as a script
from sqlalchemy import Engine, text

from billing import _populate  # bench/billing.py (run as a script, its folder is on sys.path)
from cybercare.banking.readers import read_bank_file
from cybercare.banking.service import import_bank_document
from cybercare.billing.domain import Period, communication_for
from cybercare.billing.run import run_billing
from cybercare.db import migrate
from cybercare.db.engine import make_engine
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import default_catalog

ACCOUNT = "BE71096123456769"
BATCH_SIZE = 500
DAY = date(2026, 12, 7)
AT = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


@dataclass
class Result:
    backend: str
    lines: int
    raw_s: float
    parse_s: float
    import_s: float
    again_s: float
    matched: int
    unmatched: int

    def show(self) -> None:
        print(
            f"{self.backend:<11} {self.lines:,} lines  raw executemany {self.raw_s:5.2f} s  "
            f"parse {self.parse_s:5.2f} s  import (parse+match+book+store) {self.import_s:5.2f} s "
            f"({self.import_s / self.raw_s:.1f}x raw)  again {self.again_s:5.2f} s  "
            f"matched {self.matched:,}  for finance {self.unmatched:,}"
        )


def _plan(n: int) -> tuple[int, int, int, int]:
    """(batches, returns, unknown, transfers) for a statement of n lines."""
    returns, unknown = n // 100, max(n // 1000, 1)
    batches = max(1, n // 1000)
    transfers = n - batches - returns - unknown
    return batches, returns, unknown, transfers


def _batches(engine: Engine, batches: int) -> None:
    """Debit batches of BATCH_SIZE premium lines each, set-based (no pain.008 built)."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO billing_debit_batches (id, message_id, period, collection_date,"
                " line_count, total_cents, xml, created_at)"
                " SELECT n, 'BENCH-DD-' || n, '2026-12', '2026-12-05', :size, 0, :xml, :at"
                " FROM (WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
                " WHERE n < :batches) SELECT n FROM seq) AS s"
            ),
            {"batches": batches, "size": BATCH_SIZE, "xml": b"", "at": AT},
        )
        connection.execute(
            text(
                "UPDATE billing_premium_lines SET channel = 'direct_debit',"
                " debit_batch_id = (id - 1) / :size + 1 WHERE id <= :lines"
            ),
            {"size": BATCH_SIZE, "lines": batches * BATCH_SIZE},
        )
        connection.execute(
            text(
                "UPDATE billing_debit_batches SET total_cents = (SELECT sum(gross_cents)"
                " FROM billing_premium_lines l WHERE l.debit_batch_id = billing_debit_batches.id)"
            )
        )


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _entry(ref: int, cents: int, way: str, details: str) -> str:
    return (
        f'<Ntry><NtryRef>{ref}</NtryRef><Amt Ccy="EUR">{_amount(cents)}</Amt>'
        f"<CdtDbtInd>{way}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>{DAY}</Dt></BookgDt>"
        f"<ValDt><Dt>{DAY}</Dt></ValDt><AcctSvcrRef>BENCH-{ref:07d}</AcctSvcrRef>"
        f"<NtryDtls>{details}</NtryDtls></Ntry>\n"
    )


def statement(engine: Engine, n: int) -> bytes:
    batches, returns, unknown, transfers = _plan(n)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT message_id, total_cents FROM billing_debit_batches"))
        totals = {message_id: int(cents) for message_id, cents in rows}
        lines = connection.execute(
            text("SELECT id, gross_cents FROM billing_premium_lines ORDER BY id")
        ).all()
    collected = lines[: batches * BATCH_SIZE]
    free = lines[batches * BATCH_SIZE : batches * BATCH_SIZE + transfers]
    if len(free) < transfers:
        raise RuntimeError("not enough premium lines for the transfers")
    parts, credit, debit, ref = [], 0, 0, 0
    for message_id, cents in sorted(totals.items()):
        ref += 1
        credit += cents
        details = (
            f"<Btch><MsgId>{message_id}</MsgId><PmtInfId>{message_id}-RCUR</PmtInfId>"
            f"<NbOfTxs>{BATCH_SIZE}</NbOfTxs></Btch>"
        )
        parts.append(_entry(ref, cents, "CRDT", details))
    for line_id, cents in collected[:returns]:
        ref += 1
        debit += cents
        details = (
            f"<TxDtls><Refs><EndToEndId>CCPL{line_id}</EndToEndId></Refs>"
            "<RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf></TxDtls>"
        )
        parts.append(_entry(ref, cents, "DBIT", details))
    for index in range(unknown):
        ref += 1
        credit += 1234
        details = f"<TxDtls><RmtInf><Ustrd>gift {index}</Ustrd></RmtInf></TxDtls>"
        parts.append(_entry(ref, 1234, "CRDT", details))
    for line_id, cents in free:
        ref += 1
        credit += cents
        details = (
            "<TxDtls><RltdPties><Dbtr><Nm>A Member</Nm></Dbtr></RltdPties><RmtInf><Strd>"
            "<CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>"
            f"<Ref>{communication_for(line_id)}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
        )
        parts.append(_entry(ref, cents, "CRDT", details))
    closing = credit - debit
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>BENCH-053</MsgId><CreDtTm>{AT.isoformat()}</CreDtTm></GrpHdr>"
        f"<Stmt><Id>BENCH-STMT-{DAY}</Id><CreDtTm>{AT.isoformat()}</CreDtTm>"
        f"<Acct><Id><IBAN>{ACCOUNT}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt>'
        f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{DAY}</Dt></Dt></Bal>"
        f'<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{_amount(closing)}'
        f"</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{DAY}</Dt></Dt></Bal>\n"
    )
    return (head + "".join(parts) + "</Stmt></BkToCstmrStmt></Document>\n").encode()


def _raw_insert(engine: Engine, n: int) -> float:
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE bench_bank_lines (id INTEGER PRIMARY KEY, ref VARCHAR(64),"
                " cents BIGINT, status VARCHAR(16))"
            )
        )
    rows = [{"id": i, "ref": f"BENCH-{i:07d}", "cents": 499, "status": "matched"} for i in range(n)]
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO bench_bank_lines (id, ref, cents, status)"
                " VALUES (:id, :ref, :cents, :status)"
            ),
            rows,
        )
    return time.perf_counter() - started


def _import(database: Database, data: bytes) -> tuple[float, int, int, bool]:
    started = time.perf_counter()
    with database.uow() as uow:
        result = import_bank_document(
            uow,
            data,
            filename="bench.xml",
            source="bench",
            at=AT,
            actor="bench",
            accounts={ACCOUNT},
            read=read_bank_file,
        )
        uow.commit()
    return time.perf_counter() - started, result.matched, result.unmatched, result.already_imported


def bench(backend: str, n: int) -> Result:
    batches, _returns, _unknown, transfers = _plan(n)
    affiliations = batches * BATCH_SIZE + transfers
    with sqlite_database() if backend == "sqlite" else postgres_database() as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        _populate(engine, affiliations)
        database = Database(engine)
        run_billing(database, default_catalog(), FixedClock(AT), Period(2026, 12))
        _batches(engine, batches)
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        data = statement(engine, n)
        started = time.perf_counter()
        parsed = read_bank_file(data)
        parse_s = time.perf_counter() - started
        lines = sum(len(s.entries) for s in parsed) if isinstance(parsed, tuple) else 0
        raw = _raw_insert(engine, n)
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            cProfile.runctx("_import(database, data)", globals(), locals(), sort="cumtime")
            return Result(backend, lines, raw, parse_s, 1, 1, 0, 0)
        import_s, matched, unmatched, _ = _import(database, data)
        again_s, _, _, already = _import(database, data)
        if not already:
            raise RuntimeError("the second import was not recognised as a duplicate")
        print(f"  file {len(data) / 1e6:.1f} MB, sha {hashlib.sha256(data).hexdigest()[:12]}")
        engine.dispose()
        return Result(backend, lines, raw, parse_s, import_s, again_s, matched, unmatched)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        bench(backend, args.n).show()


if __name__ == "__main__":
    main()
