"""The monthly bordereaux on both databases, with the seeded portfolio (premiums billed for
October and November 2026, a DATA claim paid on 27 November, a declined one) plus a recovery:
control totals equal the ledger's, the bytes of a month never change, injection is defused."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
import zipfile
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select

from cybercare.billing.domain import Period, PremiumAmount, premium_billed_entry
from cybercare.db.tables import BillingRunRow, ClaimRow, PremiumLineRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.kernel.clock import FixedClock
from cybercare.ledger import domain as ledger
from cybercare.ledger.domain import Account, credit, debit, entry
from cybercare.ledger.service import post
from cybercare.reporting.bordereau import Format, Kind, Month, csv_safe
from cybercare.reporting.bordereau_formats import write
from cybercare.reporting.bordereau_queries import report
from cybercare.reporting.loss_ratio_queries import loss_ratio
from tests.reporting.builders import DATA_PAID_CENTS, PREMIUM_NET, bill, seeded_portfolio

NOVEMBER = Month.parse("2026-11")
RECOVERED_CENTS = 12_000


def generate(db: Database, kind: Kind, fmt: Format, month: Month = NOVEMBER) -> bytes:
    out = io.BytesIO()
    with db.streaming_reader() as uow:
        write(report(uow, kind, month), fmt, out)
    return out.getvalue()


def book_recovery(
    uow: UnitOfWork,
    *,
    claim_id: str,
    recovery_id: int,
    household_id: str,
    cents: int,
    on: date,
    at: datetime,
) -> None:
    """A recovery as claims.subrogation_service books it (Art. 8.5): BANK DR / RECOVERIES CR,
    the claim as party, the claim's recovery dedupe key."""
    del household_id
    post(
        uow,
        entry(
            f"claim:{claim_id}:recovery:test-{recovery_id}",
            "claim.recovery",
            on,
            f"recovery {recovery_id} on claim {claim_id}",
            (
                debit(Account.BANK, "insurer", cents),
                credit(Account.RECOVERIES, claim_id, cents),
            ),
        ),
        at=at,
    )


def recover(db: Database, on: date) -> str:
    with db.uow() as uow:
        claim_id, household = uow.session.execute(
            select(ClaimRow.id, ClaimRow.household_id).where(ClaimRow.paid_cents > 0)
        ).one()
        at = datetime.combine(on, datetime.min.time(), UTC).replace(hour=10)
        book_recovery(
            uow,
            claim_id=claim_id,
            recovery_id=1,
            household_id=household,
            cents=RECOVERED_CENTS,
            on=on,
            at=at,
        )
        uow.commit()
    return str(claim_id)


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


@pytest.fixture
def portfolio(db: Database, clock: FixedClock) -> str:
    seeded_portfolio(db, clock)
    return recover(db, date(2026, 11, 27))


def test_premium_bordereau_lines_add_up_to_the_ledger_of_the_month(
    db: Database, portfolio: str
) -> None:
    lines = rows(generate(db, Kind.PREMIUM, Format.CSV))
    *body, total, ledger = lines
    assert [r["affiliation_id"] for r in body] == sorted(r["affiliation_id"] for r in body)
    assert sum(int(r["net_premium"].replace(".", "")) for r in body) == PREMIUM_NET["2026-11"]
    assert total["period"] == "TOTAL" and ledger["period"] == "LEDGER"
    assert total["distributor"] == str(len(body))
    for column in ("gross_premium", "insurance_tax", "net_premium", "commission"):
        assert total[column] == ledger[column], column
    document = json.loads(generate(db, Kind.PREMIUM, Format.JSON))
    assert document["reconciled"] is True and len(document["lines"]) == len(body)


def test_claims_bordereau_paid_outstanding_and_recovered_equal_the_ledger(
    db: Database, portfolio: str
) -> None:
    document = json.loads(generate(db, Kind.CLAIMS, Format.JSON))
    assert document["reconciled"] is True
    [paid] = [line for line in document["lines"] if line["claim_id"] == portfolio]
    assert paid["paid_in_month"] == "480.00" == f"{DATA_PAID_CENTS // 100}.00"
    assert paid["recovered_in_month"] == "120.00" and paid["recovered_to_date"] == "120.00"
    assert paid["outstanding"] == "0.00" and paid["net_incurred_to_date"] == "360.00"
    assert document["ledger"]["recovered_in_month"] == "120.00"
    # December: nothing new; the to-date figures carry over, the month's are zero.
    december = json.loads(generate(db, Kind.CLAIMS, Format.JSON, Month.parse("2026-12")))
    [later] = [line for line in december["lines"] if line["claim_id"] == portfolio]
    assert later["paid_in_month"] == "0.00" and later["paid_to_date"] == "480.00"


def test_commission_statement_of_one_distributor_equals_its_booked_commission(
    db: Database, portfolio: str
) -> None:
    out = io.BytesIO()
    with db.streaming_reader() as uow:
        totals = write(report(uow, Kind.COMMISSION, NOVEMBER, "proximus"), Format.CSV, out)
    *body, total, ledger = rows(out.getvalue())
    assert {r["distributor"] for r in body} == {"proximus"} and totals.lines == len(body)
    assert total["commission"] == ledger["commission"] != "0.00"
    with db.streaming_reader() as uow:
        other = write(report(uow, Kind.COMMISSION, NOVEMBER, "nobody"), Format.CSV, io.BytesIO())
    assert other.lines == 0


@pytest.mark.parametrize("fmt", list(Format))
def test_a_past_month_is_the_same_bytes_later_whatever_was_booked_since(
    db: Database, portfolio: str, fmt: Format
) -> None:
    before = {kind: generate(db, kind, fmt) for kind in Kind}
    assert before == {kind: generate(db, kind, fmt) for kind in Kind}
    # December: its premiums billed and a second recovery, dated in December.
    bill(db, Period(2026, 12))
    with db.uow() as uow:
        claim_id, household = uow.session.execute(
            select(ClaimRow.id, ClaimRow.household_id).where(ClaimRow.id == portfolio)
        ).one()
        book_recovery(
            uow,
            claim_id=claim_id,
            recovery_id=2,
            household_id=household,
            cents=1_000,
            on=date(2026, 12, 3),
            at=datetime(2026, 12, 3, 10, tzinfo=UTC),
        )
        uow.commit()
    assert before == {kind: generate(db, kind, fmt) for kind in Kind}
    if fmt is Format.XLSX:
        with zipfile.ZipFile(io.BytesIO(before[Kind.PREMIUM])) as book:
            assert "docProps/core.xml" in book.namelist()


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text() -> None:
    for dangerous in ("=1+1", "+32", "-2", "@SUM(A1)", "\tx"):
        assert csv_safe(dangerous) == "'" + dangerous
    assert csv_safe("aff_1") == "aff_1"


def _raw_lines(db: Database, affiliations: list[str], *, net: int = 455) -> None:
    """Premium lines of November straight into the tables (ids a spreadsheet would run among
    them) and their premium_billed entry: 15 % commission on the net."""
    at = datetime(2026, 10, 28, 9, tzinfo=UTC)
    with db.uow() as uow:
        uow.session.execute(
            insert(BillingRunRow).values(
                id=77, period="2026-11", scope="*", status="finished", chunks_done=1,
                lines_created=len(affiliations), started_at=at,
            )
        )  # fmt: skip
        uow.session.execute(
            insert(PremiumLineRow),
            [
                {
                    "affiliation_id": ident, "distributor_code": "=evil" if i % 3 else "proximus",
                    "period": "2026-11", "covered_from": date(2026, 11, 1),
                    "covered_to": date(2026, 12, 1), "days": 30, "month_days": 30,
                    "gross_cents": net + 44 + i, "net_cents": net + i, "tax_cents": 44,
                    "tax_rate_bp": 960, "channel": "distributor", "status": "open", "run_id": 77,
                }
                for i, ident in enumerate(affiliations)
            ],
        )  # fmt: skip
        for code in ("proximus", "=evil"):
            mine = [i for i in range(len(affiliations)) if (code == "=evil") == bool(i % 3)]
            amount = PremiumAmount(sum(net + 44 + i for i in mine), sum(net + i for i in mine),
                                   44 * len(mine), 0)  # fmt: skip
            post(uow, premium_billed_entry(Period(2026, 11), code, amount, 1_500,
                                           date(2026, 11, 1)), at=at)  # fmt: skip
        uow.commit()


def test_the_csv_postgresql_writes_itself_is_the_python_csv_to_the_byte(db: Database) -> None:
    # written in an order of their own, so that the output's order comes from the query
    many = [f"aff_{i:04d}" for i in range(1500)]
    random.Random(15).shuffle(many)
    affiliations = ["=HYPERLINK(1)", "+32470", "-1", "@SUM", *many]
    _raw_lines(db, affiliations)
    with db.streaming_reader() as uow:
        made = report(uow, Kind.PREMIUM, NOVEMBER)
        fast = io.BytesIO()
        write(made, Format.CSV, fast)
    with db.streaming_reader() as uow:
        slow = io.BytesIO()
        python_only = dataclasses.replace(report(uow, Kind.PREMIUM, NOVEMBER), csv_body=None)
        write(python_only, Format.CSV, slow)
    assert (made.csv_body is not None) == (db.bind.dialect.name == "postgresql")
    assert fast.getvalue() == slow.getvalue()
    *body, total, ledger = rows(fast.getvalue())
    assert len(body) == len(affiliations)
    assert {r["distributor"] for r in body} == {"proximus", "'=evil"}
    assert all(not r["affiliation_id"].startswith(("=", "+", "-", "@")) for r in body)
    assert total["commission"] == ledger["commission"]
    assert total["net_premium"] == ledger["net_premium"]


def test_loss_ratio_is_incurred_net_of_recoveries_over_earned_premium(
    db: Database, portfolio: str
) -> None:
    with db.reader() as uow:
        figures = loss_ratio(uow, date(2026, 11, 27))
    november = figures.months[-1]
    assert november.label == "2026-11" and november.earned_cents == PREMIUM_NET["2026-11"]
    assert november.incurred_cents == DATA_PAID_CENTS - RECOVERED_CENTS
    [data] = figures.guarantees
    assert data.label == "DATA" and data.incurred_cents == DATA_PAID_CENTS - RECOVERED_CENTS
    assert data.earned_cents == sum(PREMIUM_NET.values())
    assert sum(c.earned_cents for c in figures.cohorts) == sum(PREMIUM_NET.values())
    assert november.loss_ratio_bp is not None and november.loss_ratio_bp > 10_000


def test_a_recovery_booked_from_a_bank_statement_lands_on_the_claim_its_party_names(
    db: Database, portfolio: str
) -> None:
    with db.uow() as uow:
        lines = (
            ledger.debit(Account.BANK, "insurer", 500),
            ledger.credit(Account.RECOVERIES, portfolio, 500),
        )
        entry = ledger.entry("bank:" + "a" * 64 + ":3", "claim.recovery", date(2026, 11, 27),
                             "recovery by transfer", lines)  # fmt: skip
        post(uow, entry, at=datetime(2026, 11, 27, 12, tzinfo=UTC))
        uow.commit()
    document = json.loads(generate(db, Kind.CLAIMS, Format.JSON))
    [line] = [line for line in document["lines"] if line["claim_id"] == portfolio]
    assert line["recovered_in_month"] == "125.00" and document["reconciled"] is True
    assert not any(line["claim_id"].startswith("?") for line in document["lines"])
