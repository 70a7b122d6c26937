"""Straight-through claims: complete file, engine accepts, amount under the auto-pay ceiling."""

from __future__ import annotations

from cybercare.claims.service import get_claim
from cybercare.claims.submit import submit_claim
from cybercare.cover.domain import decide, inputs_from_dict
from cybercare.cover.service import household_pots
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.ledger.domain import Account
from cybercare.ledger.service import balance, unbalanced_entries
from cybercare.product.catalog import reference_product
from tests.claims.builders import (
    catalog,
    ecom_evidence,
    ecom_submission,
    open_claim_case,
    setup_world,
)


def test_art_4_5_complete_ecom_claim_is_decided_and_paid_at_once(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(40_000), catalog(), clock, ecom_evidence()
        )
        assert view.status == "decided"
        assert view.outcome == "accepted"
        assert view.payable_cents == 40_000
        assert [p.status for p in view.payouts] == ["pending_review"]  # IBAN never seen
        decision = view.decision
        assert decision is not None
        assert decision.kind == "engine"
        assert decision.state == "final"
        assert decision.reasons[0].article == "Art. 5"
        pots = {
            p.pot: p for p in household_pots(uow, world.affiliation_id, catalog(), clock.today())
        }
        online = pots["ONLINE_PURCHASE_POT"]
        assert (online.used_cents, online.reserved_cents, online.left_cents) == (40_000, 0, 460_000)
        assert (online.cases_used, online.cases_reserved, online.cases_left) == (1, 0, 2)
        assert balance(uow, Account.CLAIMS_EXPENSE, world.household_id).net_debit_cents == 40_000
        assert balance(uow, Account.CLAIMS_PAYABLE, world.household_id).net_debit_cents == -40_000
        assert unbalanced_entries(uow) == []
        uow.commit()


def test_art_8_3_claim_without_evidence_waits_incomplete_holding_its_proposal(
    db: Database, clock: FixedClock
) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(uow, world.member, case_id, ecom_submission(30_000), catalog(), clock)
        assert view.status == "incomplete"
        assert view.decision is not None
        assert set(view.decision.missing_evidence) == {
            "order_confirmation",
            "proof_of_payment",
            "written_claim_to_seller",
        }
        pots = {
            p.pot: p for p in household_pots(uow, world.affiliation_id, catalog(), clock.today())
        }
        assert pots["ONLINE_PURCHASE_POT"].reserved_cents == 30_000
        assert pots["ONLINE_PURCHASE_POT"].cases_reserved == 1
        from cybercare.claims.submit import add_evidence

        for upload in ecom_evidence():
            view = add_evidence(uow, world.member, view.claim_id, upload, catalog(), clock)
        assert view.status == "decided"
        assert view.payable_cents == 30_000
        pots = {
            p.pot: p for p in household_pots(uow, world.affiliation_id, catalog(), clock.today())
        }
        assert pots["ONLINE_PURCHASE_POT"].reserved_cents == 0
        assert pots["ONLINE_PURCHASE_POT"].used_cents == 30_000
        assert pots["ONLINE_PURCHASE_POT"].cases_used == 1


def test_rule_2_stored_decision_replays_to_the_identical_result(
    db: Database, clock: FixedClock
) -> None:
    from sqlalchemy import select

    from cybercare.db.tables import ClaimDecisionRow

    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(), catalog(), clock, ecom_evidence()
        )
        stored = uow.session.scalars(
            select(ClaimDecisionRow).where(ClaimDecisionRow.claim_id == view.claim_id)
        ).one()
        product = catalog().get(stored.product_code, stored.product_version)
        assert product is reference_product() or product.key == reference_product().key
        assert stored.inputs is not None
        replayed = decide(product, *inputs_from_dict(stored.inputs)).as_dict()
        kept = {k: v for k, v in stored.decision.items() if k != "pot_after"}
        assert replayed == kept


def test_art_11_3_member_reads_own_claim(db: Database, clock: FixedClock) -> None:
    with db.uow() as uow:
        world = setup_world(uow, clock)
        case_id = open_claim_case(uow, world, clock, "ECOM")
        view = submit_claim(
            uow, world.member, case_id, ecom_submission(), catalog(), clock, ecom_evidence()
        )
        again = get_claim(uow, world.member, view.claim_id, clock)
        assert again.claim_id == view.claim_id
        assert len(again.evidence) == 3
        assert all(len(e.sha256) == 64 for e in again.evidence)
