"""Art. 5.3 under load: providers' quotes accepted and members' claims decided at the same
moment on one household's pot never exceed it, on SQLite and PostgreSQL. Accepting a quote
holds the pot with the claims' own moves (the order is a holder of the pot year, like a claim)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from cybercare.claims.submit import submit_claim
from cybercare.cover.service import household_pots
from cybercare.db.tables import ClaimRow, PotReservationRow, ProviderOrderRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.providers.domain import ProviderKind
from cybercare.providers.service import accept_quote, appoint_provider, enter_quote
from tests.claims.builders import catalog, erep_evidence, erep_submission, setup_world
from tests.providers.builders import case_with_workstream, provider, staff

pytestmark = pytest.mark.integration
ORDERS, CLAIMS = 6, 6


def test_art_5_3_quotes_and_claims_racing_on_one_pot_never_exceed_it(
    fresh_database: tuple[str, Engine], clock: FixedClock
) -> None:
    _, engine = fresh_database
    database = Database(engine)
    with database.uow() as uow:
        world = setup_world(uow, clock)
        people = staff(uow, clock)
        firm = provider(uow, clock, people, ProviderKind.TAKEDOWN)
        case_id, ws_id = case_with_workstream(uow, world, clock, "EREP", "technical")
        orders = []
        for _ in range(ORDERS):
            order_id = appoint_provider(
                uow, world.agent, workstream_id=ws_id, provider_id=firm.provider_id,
                service_code="link_removal", clock=clock,
            ).order.order_id  # fmt: skip
            enter_quote(uow, world.agent, order_id, 100_000, clock, catalog())
            orders.append(order_id)
        uow.commit()

    def work(index: int) -> BaseException | None:
        try:
            with database.uow() as uow:
                if index % 2 == 0:
                    accept_quote(uow, world.agent, orders[index // 2], clock, catalog())
                else:
                    submit_claim(
                        uow, world.member, case_id, erep_submission(40_000), catalog(), clock,
                        erep_evidence(),
                    )  # fmt: skip
                uow.commit()
        except BaseException as error:
            return error
        return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        errors = list(pool.map(work, range(ORDERS + CLAIMS)))
    assert errors == [None] * (ORDERS + CLAIMS)
    with database.reader() as uow:
        pot = {
            p.pot: p
            for p in household_pots(uow, world.affiliation_id, catalog(), date(2026, 11, 27))
        }["EREP_POT"]
        assert pot.used_cents + pot.reserved_cents <= 500_000
        covered = uow.session.scalar(select(func.sum(ProviderOrderRow.covered_cents))) or 0
        held = uow.session.scalar(select(func.sum(PotReservationRow.reserved_cents))) or 0
        paid = uow.session.scalar(
            select(func.coalesce(func.sum(ClaimRow.payable_cents), 0)).where(
                ClaimRow.status == "decided"
            )
        )
        # Every cent in the pot is an order's cover, a claim's reservation or a decided claim.
        assert pot.reserved_cents == held
        assert pot.used_cents == paid
        claims_held = held - covered
        assert claims_held >= 0
        assert covered + paid + claims_held == pot.used_cents + pot.reserved_cents
        # 6 x 1,000 EUR quotes and 6 x 400 EUR claims ask 8,400 EUR of a 5,000 EUR pot: it is
        # full, and nothing was refused (partial cover, or a handler's review).
        assert pot.left_cents == 0
