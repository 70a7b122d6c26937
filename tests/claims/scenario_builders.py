"""Builders for the guarantee scenarios: the Peeters household with the staff of every team
(`tests.assistance.builders`), a small HTTP client with personal tokens, the PAYF and DATA
claims with their Art. 8.3 evidence, and the payout path to a pain.001 file paid by the bank."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from cybercare.assistance import service as cases
from cybercare.assistance import workstreams
from cybercare.assistance.domain import CaseOutcome
from cybercare.assistance.views import CaseView, WorkstreamView
from cybercare.claims.submit import ClaimSubmission, EvidenceUpload
from cybercare.cover.domain import Circumstances
from cybercare.cover.service import PotView, household_pots
from cybercare.db.tables import ClaimDecisionRow, PaymentFileRow, PayoutRow
from cybercare.db.uow import Database, UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.payments import service as payments
from cybercare.payments.sepa import validate_pain001
from cybercare.payments.service import PayoutView
from tests.accounts import PAYOUT_ACCOUNT
from tests.assistance.builders import World, token_for
from tests.assistance.helpers import CATALOG, TEAM_AGENT, note, run, take
from tests.claims.builders import IBAN, PDF, respected

PAYEE = "An Peeters"
PAYF_EVIDENCE = ("bank_statement", "card_blocked_proof", "police_complaint", "bank_refusal")
DATA_EVIDENCE = ("device_description", "loss_cause_description")


class Api:
    """The `/api/v1` edge as a member or an agent uses it, each with a personal token."""

    def __init__(self, client: TestClient, db: Database, clock: Clock, world: World) -> None:
        self.client, self.db, self.clock, self.world = client, db, clock, world
        self._tokens: dict[str, str] = {}
        self._keys = 0

    def auth(self, who: str) -> dict[str, str]:
        if who not in self._tokens:
            self._tokens[who] = token_for(self.db, self.clock, self.world[who])
        return {"Authorization": f"Bearer {self._tokens[who]}"}

    def _key(self) -> str:
        self._keys += 1
        return f"scenario-{self._keys}"

    def post(self, who: str, path: str, body: dict[str, Any] | None = None) -> Response:
        headers = {**self.auth(who), "Idempotency-Key": self._key()}
        return cast(Response, self.client.post(f"/api/v1{path}", json=body or {}, headers=headers))

    def upload(
        self, who: str, path: str, data: dict[str, Any], files: list[tuple[str, Any]]
    ) -> Response:
        headers = {**self.auth(who), "Idempotency-Key": self._key()}
        response = self.client.post(f"/api/v1{path}", headers=headers, data=data, files=files)
        return cast(Response, response)

    def get(self, who: str, path: str) -> Response:
        return cast(Response, self.client.get(f"/api/v1{path}", headers=self.auth(who)))


def evidence_file(code: str) -> tuple[str, bytes, str]:
    """A distinct small PDF per evidence type (name, bytes, content type)."""
    return (f"{code}.pdf", PDF + code.encode(), "application/pdf")


def uploads(codes: tuple[str, ...]) -> tuple[EvidenceUpload, ...]:
    return tuple(
        EvidenceUpload(code, name, media, content)
        for code in codes
        for name, content, media in (evidence_file(code),)
    )


def text_evidence(code: str, body: str) -> EvidenceUpload:
    return EvidenceUpload(code, f"{code}.txt", "text/plain", body.encode())


def payf_claim_json(amount: str) -> dict[str, Any]:
    return {
        "amount_claimed": amount,
        "circumstances": {
            "bank_refused_definitively": True,
            "obligations_respected": sorted(respected("PAYF")),
        },
        "payee": {"iban": IBAN, "name": PAYEE},
    }


def payf_submission(amount_cents: int) -> ClaimSubmission:
    return ClaimSubmission(
        claimed_cents=amount_cents,
        circumstances=Circumstances(
            obligations_respected=respected("PAYF"), bank_refused_definitively=True
        ),
        payee_iban=IBAN,
        payee_name=PAYEE,
    )


def data_submission(amount_cents: int, cause: str = "device_damage") -> ClaimSubmission:
    return ClaimSubmission(
        claimed_cents=amount_cents,
        circumstances=Circumstances(obligations_respected=respected("DATA"), data_loss_cause=cause),
        payee_iban=IBAN,
        payee_name=PAYEE,
    )


def pots(db: Database, world: World, on: date) -> dict[str, PotView]:
    return {
        p.pot: p
        for p in run(db, lambda uow: household_pots(uow, world.affiliation_id, CATALOG, on))
    }


def deliver_service(
    db: Database, clock: Clock, world: World, view: CaseView, *, outcome: str
) -> None:
    """Each team's agent takes its workstream, writes a note and closes it with the outcome."""
    for ws in view.workstreams:
        agent = world[TEAM_AGENT[ws.team]]
        take(db, clock, agent, ws.workstream_id)
        note(db, clock, agent, ws.workstream_id, f"{ws.team}: {outcome}")
        close_workstream(db, clock, agent, ws.workstream_id, outcome)


def close_workstream(
    db: Database, clock: Clock, agent: Principal, workstream_id: str, outcome: str
) -> WorkstreamView:
    def command(uow: UnitOfWork) -> WorkstreamView:
        return workstreams.close_workstream(uow, agent, workstream_id, outcome, clock)

    return run(db, command)


def close(db: Database, clock: Clock, who: Principal, case_id: str) -> CaseView:
    return run(
        db,
        lambda uow: cases.close_case(
            uow, who, case_id, "service delivered", clock, CaseOutcome.SERVICE_DELIVERED, CATALOG
        ),
    )


def pay_out(
    db: Database, handler: Principal, clock: Clock, payout_id: str, *, execution: date
) -> tuple[PayoutView, bytes]:
    """A handler approves the new IBAN, the payout goes into a validated pain.001 file and the
    bank executes it: the payout (now paid) and the file's XML."""

    def file_it(uow: UnitOfWork) -> tuple[str, bytes]:
        payments.approve_payout(uow, payout_id, actor=handler.actor, at=clock.now())
        made = payments.create_payment_file(
            uow,
            actor=handler.actor,
            execution_date=execution,
            at=clock.now(),
            debtor=PAYOUT_ACCOUNT,
        )
        assert made is not None
        payments.mark_file_paid(uow, made.file_id, on=execution, at=clock.now())
        return made.file_id, made.xml

    file_id, xml = run(db, file_it)
    stored = run(
        db,
        lambda uow: uow.session.scalar(
            select(PaymentFileRow.xml).where(PaymentFileRow.id == file_id)
        ),
    )
    assert stored is not None and stored.encode() == xml
    validate_pain001(xml)
    paid = run(db, lambda uow: payments.payouts_of_claim(uow, _claim_of(uow, payout_id)))
    return next(p for p in paid if p.payout_id == payout_id), xml


def _claim_of(uow: UnitOfWork, payout_id: str) -> str:
    claim_id = uow.session.scalar(select(PayoutRow.claim_id).where(PayoutRow.id == payout_id))
    assert claim_id is not None
    return str(claim_id)


def pot_after(db: Database, claim_id: str) -> dict[str, Any]:
    """What the final decision stored as left in the pot (the letter's figures, Art. 5.3)."""
    stored = run(
        db,
        lambda uow: uow.session.scalars(
            select(ClaimDecisionRow.decision)
            .where(ClaimDecisionRow.claim_id == claim_id, ClaimDecisionRow.state == "final")
            .order_by(ClaimDecisionRow.sequence.desc())
        ).first(),
    )
    assert stored is not None
    return dict(stored["pot_after"])
