"""Issue 19 end to end, on SQLite and PostgreSQL: an appointed expert's order on a case, from
appointment to the provider paid in the payout file, with the pot and the ledger in step."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from cybercare.assistance.takedowns import request_takedown
from cybercare.banking.dispatch import payment_file_executed
from cybercare.cover.service import household_pots
from cybercare.db.tables import OutboxMessage
from cybercare.db.uow import Database
from cybercare.identity.domain import RoleRequired
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.providers import payouts
from cybercare.providers import repository as provider_rows
from cybercare.providers.domain import OrderNotFound, OrderStatus, ProviderKind, SameVerifier
from cybercare.providers.invoicing import match_invoice
from cybercare.providers.registry import enter_bank_details, verify_bank_details
from cybercare.providers.service import accept_quote, appoint_provider, enter_quote, report_work
from cybercare.providers.ubl import InvoiceRefused, read_invoice
from tests.accounts import PAYOUT_ACCOUNT
from tests.claims.builders import catalog, setup_world
from tests.providers.builders import case_with_workstream, invoice, provider, staff

pytestmark = pytest.mark.integration
DAY = date(2026, 11, 27)


def _pot(uow: object, affiliation_id: str, code: str) -> tuple[int, int, int | None]:
    pots = {p.pot: p for p in household_pots(uow, affiliation_id, catalog(), DAY)}  # type: ignore[arg-type]
    return pots[code].used_cents, pots[code].reserved_cents, pots[code].left_cents


def test_art_4_6_data_recovery_case_end_to_end(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        expert = provider(uow, clock, people, ProviderKind.DATA_RECOVERY)
        _case_id, ws_id = case_with_workstream(uow, world, clock, "DATA", "technical")
        view = appoint_provider(
            uow, world.agent, workstream_id=ws_id, provider_id=expert.provider_id,
            service_code="recovery_disk", clock=clock, device="laptop, water damage",
        )  # fmt: skip
        order_id = view.order.order_id
        # The provider quotes in the portal; the agent accepts: 640 EUR reserved of 800.
        quoted = enter_quote(
            uow, world.agent, order_id, 64_000, clock, catalog(), by_provider=expert.provider_id
        )
        assert quoted.cover is not None and not quoted.cover.partial
        accepted = accept_quote(uow, world.agent, order_id, clock, catalog())
        assert accepted.order.covered_cents == 64_000
        assert _pot(uow, world.affiliation_id, "DATA_POT") == (0, 64_000, 16_000)
        report_work(uow, world.agent, order_id, done=True, note="recovered", clock=clock,
                    by_provider=expert.provider_id)  # fmt: skip
        # 528.92 + 21 % VAT = 639.99 EUR, a Peppol BIS 3.0 invoice referring to the order:
        # 639.99 used, the last cent of the reservation released.
        xml = invoice(order_id, ProviderKind.DATA_RECOVERY, 52_892)
        matched = match_invoice(
            uow, facts=read_invoice(xml), content=xml, source="ubl", actor="provider",
            clock=clock, catalog=catalog(), provider_id=expert.provider_id,
        )  # fmt: skip
        assert matched.payout is not None and matched.payout.amount_cents == 63_999
        assert _pot(uow, world.affiliation_id, "DATA_POT") == (63_999, 0, 16_001)
        made = payouts.create_payment_file(
            uow, actor="test", execution_date=DAY, at=clock.now(), debtor=PAYOUT_ACCOUNT
        )
        assert made is not None
        assert payouts.end_to_end_id(matched.payout.payout_id).encode() in made.xml
        assert b"639.99" in made.xml
        # The bank's statement debits the file as one batch: the provider is paid.
        assert payment_file_executed(
            uow, made.file_id, amount_cents=made.total_cents, on=DAY, at=clock.now()
        )
        assert provider_rows.order(uow, order_id).order.status is OrderStatus.PAID
        assert unbalanced_entries(uow) == []
        expense = balance(uow, Account.SERVICE_COST_EXPENSE)
        assert expense.net_debit_cents == 63_999
        assert balance(uow, Account.SERVICE_COST_PAYABLE).net_debit_cents == 0
        assert balance(uow, Account.CLAIMS_EXPENSE).net_debit_cents == 0  # apart from claims
        uow.commit()


def test_art_4_2_erep_takedown_partial_cover_and_obligation_of_means(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        firm = provider(uow, clock, people, ProviderKind.TAKEDOWN)
        case_id, ws_id = case_with_workstream(uow, world, clock, "EREP", "technical")
        for n in (1, 2, 3):
            request_takedown(
                uow, world.agent, case_id, url=f"https://forum.example/post/{n}",
                addressee="forum", deadline_date=date(2026, 12, 10), clock=clock,
            )  # fmt: skip
        order_id = appoint_provider(
            uow, world.agent, workstream_id=ws_id, provider_id=firm.provider_id,
            service_code="link_removal", clock=clock,
        ).order.order_id  # fmt: skip
        # Art. 11: the takedown firm sees the URLs and a first name, not the story.
        brief = provider_rows.order(uow, order_id).brief
        assert {k for k, _ in brief["items"]} == {"first_name", "url"}
        mail = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.like(f"%{order_id}:appointed"))
        ).one()
        assert "EREP incident" not in mail.payload["text"]
        assert "https://forum.example/post/3" in mail.payload["text"]
        # A 6,000 EUR quote on a 5,000 EUR pot: 5,000 covered, 1,000 the member's (Art. 5.3).
        enter_quote(uow, world.agent, order_id, 600_000, clock, catalog())
        decided = accept_quote(uow, world.agent, order_id, clock, catalog()).cover
        assert decided is not None and decided.partial
        assert (decided.covered_cents, decided.member_share_cents) == (500_000, 100_000)
        told = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.like(f"%{order_id}:member_told"))
        ).one()
        assert "1000.00 EUR" in told.payload["text"] or "1,000.00" in told.payload["text"]
        # Obligation of means: not possible, still invoiced what was agreed.
        report_work(uow, world.agent, order_id, done=False, note="host refuses", clock=clock)
        xml = invoice(order_id, ProviderKind.TAKEDOWN, 495_868)  # + 21 % VAT = 6,000.00 EUR
        facts = read_invoice(xml)
        matched = match_invoice(
            uow, facts=facts, content=xml, source="ubl", actor="provider", clock=clock,
            catalog=catalog(),
        )  # fmt: skip
        assert matched.order.used_cents == 500_000
        assert matched.member_share_cents == facts.payable_cents - 500_000
        assert _pot(uow, world.affiliation_id, "EREP_POT") == (500_000, 0, 0)
        made = payouts.create_payment_file(
            uow, actor="test", execution_date=DAY, at=clock.now(), debtor=PAYOUT_ACCOUNT
        )
        assert made is not None
        payouts.confirm_file_paid(uow, made.file_id, on=DAY, at=clock.now())
        assert unbalanced_entries(uow) == []
        assert balance(uow, Account.SERVICE_COST_PAYABLE).net_debit_cents == 0
        uow.commit()


def test_refusals_roles_four_eyes_other_providers_order_and_bad_invoice(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        expert = provider(uow, clock, people, ProviderKind.DATA_RECOVERY)
        firm = provider(uow, clock, people, ProviderKind.TAKEDOWN)
        # An agent maintains no registry; nobody verifies bank details they entered.
        with pytest.raises(RoleRequired):
            enter_bank_details(uow, world.agent, expert.provider_id, "BE68539007547034", "x", clock)
        enter_bank_details(
            uow, people.finance, expert.provider_id, "BE68539007547034", "Expert", clock
        )
        with pytest.raises(SameVerifier):
            verify_bank_details(uow, people.finance, expert.provider_id, clock)
        _case_id, ws_id = case_with_workstream(uow, world, clock, "DATA", "technical")
        order_id = appoint_provider(
            uow, world.agent, workstream_id=ws_id, provider_id=expert.provider_id,
            service_code="recovery_disk", clock=clock,
        ).order.order_id  # fmt: skip
        # Another provider does not see the order: not found, not forbidden.
        with pytest.raises(OrderNotFound):
            enter_quote(
                uow, world.agent, order_id, 10_000, clock, catalog(), by_provider=firm.provider_id
            )
        enter_quote(uow, world.agent, order_id, 64_000, clock, catalog())
        accept_quote(uow, world.agent, order_id, clock, catalog())
        report_work(uow, world.agent, order_id, done=True, note="ok", clock=clock)
        # The takedown firm's invoice on the expert's order; above the quote; bank unverified.
        xml = invoice(order_id, ProviderKind.TAKEDOWN, 60_000)
        with pytest.raises(InvoiceRefused) as refused:
            match_invoice(
                uow, facts=read_invoice(xml), content=xml, source="ubl", actor="p",
                clock=clock, catalog=catalog(),
            )  # fmt: skip
        fields = {f for f, _ in refused.value.errors}
        assert {"BT-31 seller VAT identifier", "BT-84 payment account", "BT-115 amount due"} <= (
            fields
        )


def test_the_worker_imports_a_folder_of_invoices_and_refuses_a_bad_one_with_reasons(
    backend: object, fresh_database: tuple[str, object], clock: FixedClock, tmp_path: Path
) -> None:
    from cybercare.providers.invoice_import import import_folder

    _, engine = fresh_database
    database = Database(engine)  # type: ignore[arg-type]
    with database.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        expert = provider(uow, clock, people, ProviderKind.DATA_RECOVERY)
        _case_id, ws_id = case_with_workstream(uow, world, clock, "DATA", "technical")
        order_id = appoint_provider(
            uow, world.agent, workstream_id=ws_id, provider_id=expert.provider_id,
            service_code="recovery_disk", clock=clock,
        ).order.order_id  # fmt: skip
        enter_quote(uow, world.agent, order_id, 64_000, clock, catalog())
        accept_quote(uow, world.agent, order_id, clock, catalog())
        report_work(uow, world.agent, order_id, done=True, note="ok", clock=clock)
        uow.commit()
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "a-bad.xml").write_bytes(invoice("ord_NOPE", ProviderKind.DATA_RECOVERY, 100))
    (incoming / "b-good.xml").write_bytes(invoice(order_id, ProviderKind.DATA_RECOVERY, 52_892))
    run = import_folder(database, tmp_path, clock, catalog())
    assert (run.accepted, run.refused) == (1, 1)
    reason = (tmp_path / "refused" / "a-bad.xml.txt").read_text()
    assert reason.startswith("BT-13 purchase order reference: no order 'ord_NOPE'")
    assert (tmp_path / "accepted" / "b-good.xml").exists()
    with database.reader() as uow:
        assert provider_rows.order(uow, order_id).order.status is OrderStatus.INVOICED
