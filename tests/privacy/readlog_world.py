"""The read log's test world: the Peeters household of tests/assistance (every Art. 11 role,
the staff of each team), its cases and claims, and the reads the log holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cybercare.bootstrap import Container
from cybercare.claims.submit import submit_claim
from cybercare.claims.views import ClaimView
from cybercare.db.tables import PersonalDataReadRow
from tests.assistance.builders import World
from tests.assistance.helpers import open_case, run
from tests.claims.builders import catalog, ecom_evidence, ecom_submission

URGENT = {"urgent": True, "urgency_reason": "ongoing_harassment"}


@dataclass(frozen=True, slots=True)
class Logged:
    kind: str
    purpose: str
    person_id: str
    case_id: str | None
    staff_user_id: str
    staff_function: str


def logged(container: Container) -> list[Logged]:
    """Every row of the read log, oldest first."""
    row = PersonalDataReadRow
    with container.database.reader() as uow:
        rows = uow.session.scalars(select(row).order_by(row.id)).all()
        return [
            Logged(r.kind, r.purpose, r.person_id, r.case_id, r.staff_user_id, r.staff_function)
            for r in rows
        ]


def claim_of_cas(container: Container, world: World, cents: int = 40_000) -> ClaimView:
    """An e-commerce non-delivery claimed by Cas (an adult child) on his own case (Art. 4.5);
    40,000 cents is decided straight through, so it has a decision letter."""
    case = open_case(
        container.database,
        container.clock,
        world["adult_child"],
        world.person("adult_child"),
        "ECOM",
        narrative="The shop never delivered my laptop",
    )
    return run(
        container.database,
        lambda uow: submit_claim(
            uow,
            world["adult_child"],
            case.case_id,
            ecom_submission(cents),
            catalog(),
            container.clock,
            ecom_evidence(),
        ),
    )
