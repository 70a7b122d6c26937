"""Builders for claim scenarios: a published product, a distributor, an affiliated household with
a member login, staff users, and cases opened through the assistance service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from cybercare.assistance.domain import Channel
from cybercare.assistance.service import CaseOpening, open_case, read_case
from cybercare.assistance.workstreams import close_workstream, take_workstream
from cybercare.claims.submit import ClaimSubmission, EvidenceUpload
from cybercare.cover.domain import Circumstances
from cybercare.db.tables import DistributorRow, ProductVersionRow
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Address, Person, new_household
from cybercare.identity.domain import Principal
from cybercare.identity.service import create_member_user, create_staff_user
from cybercare.kernel.clock import Clock
from cybercare.kernel.ids import new_id
from cybercare.partners.distributors import create_distributor
from cybercare.policy import repository as policies
from cybercare.policy.domain import subscribe
from cybercare.policy.repository import AffiliationRecord
from cybercare.product.catalog import Catalog, default_catalog, reference_product
from cybercare.publishing.service import publish_products

START = date(2026, 1, 1)
IBAN = "BE71096123456769"
PDF = b"%PDF-1.4 evidence\n"


@dataclass(frozen=True)
class World:
    affiliation_id: str
    household_id: str
    affiliate_id: str
    member: Principal
    agent: Principal
    handler: Principal
    second: Principal


def catalog() -> Catalog:
    return default_catalog()


def setup_world(uow: UnitOfWork, clock: Clock, *, start: date = START, tag: str = "") -> World:
    product = reference_product()
    if uow.session.scalar(select(ProductVersionRow.code)) is None:
        publish_products(uow, [product], clock, actor="test")
    if uow.session.get(DistributorRow, "proximus") is None:
        create_distributor(
            uow, code="proximus", name="Proximus", commission_bp=1000, clock=clock, actor="test"
        )
    affiliate = Person(new_id("per"), "An", "Peeters", date(1980, 5, 1), "nl", f"an{tag}@x.be")
    household = new_household(
        affiliate, Address("Rue de la Loi", "16", "1000", "Brussels", "BE"), start
    )
    declarations = {item.code: True for item in product.obligations.items}
    affiliation = subscribe(new_id("aff"), product, start, start, declarations).affiliation
    household_id = new_id("hh")
    policies.add_new(
        uow,
        AffiliationRecord(
            affiliation.affiliation_id, "proximus", new_id("c"), household_id, clock.now()
        ),
        affiliation,
        household,
        terms_token_sha256="0" * 64,
    )
    uow.session.flush()
    member = create_member_user(
        uow, email=f"an{tag}@x.be", person_id=affiliate.person_id, clock=clock, actor="test"
    )
    staff = [
        create_staff_user(
            uow,
            email=f"{name}{tag}@axa.be",
            display_name=name,
            roles=roles,
            clock=clock,
            actor="test",
        )
        for name, roles in (
            ("agent", ["legal", "technical", "financial"]),
            ("handler", ["claims_handler"]),
            ("supervisor", ["supervisor"]),
        )
    ]
    return World(
        affiliation.affiliation_id,
        household_id,
        affiliate.person_id,
        member,
        staff[0],
        staff[1],
        staff[2],
    )


def open_claim_case(
    uow: UnitOfWork,
    world: World,
    clock: Clock,
    guarantee: str,
    *,
    discovery: date = date(2026, 11, 20),
    occurrence: date | None = None,
) -> str:
    view = open_case(
        uow,
        world.member,
        CaseOpening(
            person_id=world.affiliate_id,
            narrative=f"{guarantee} incident",
            discovery_date=discovery,
            channel=Channel.PORTAL,
            guarantee_code=guarantee,
            occurrence_date=occurrence,
        ),
        catalog(),
        clock,
    )
    return str(view.case_id)


def close_workstreams(uow: UnitOfWork, world: World, case_id: str, clock: Clock) -> None:
    """The agent takes and closes every workstream of the case, so that it may be closed."""
    view = read_case(uow, world.agent, case_id, clock, log_purpose=None)
    for ws in view.workstreams:
        take_workstream(uow, world.agent, ws.workstream_id, clock)
        close_workstream(uow, world.agent, ws.workstream_id, "done", clock)


def respected(guarantee: str) -> frozenset[str]:
    items = reference_product().obligations.items
    return frozenset(item.code for item in items if guarantee in item.guarantees)


def ecom_submission(amount_cents: int = 40_000, **changes: object) -> ClaimSubmission:
    facts = Circumstances(
        obligations_respected=respected("ECOM"),
        seller_professional=True,
        written_claim_sent=True,
        promised_delivery_date=date(2026, 10, 1),
    )
    values: dict[str, object] = {
        "claimed_cents": amount_cents,
        "circumstances": facts,
        "kind": "non_delivery",
        "payee_iban": IBAN,
        "payee_name": "An Peeters",
    }
    values.update(changes)
    return ClaimSubmission(**values)  # type: ignore[arg-type]


def ecom_evidence() -> tuple[EvidenceUpload, ...]:
    return tuple(
        EvidenceUpload(code, f"{code}.pdf", "application/pdf", PDF + code.encode())
        for code in ("order_confirmation", "proof_of_payment", "written_claim_to_seller")
    )


def erep_submission(amount_cents: int = 40_000) -> ClaimSubmission:
    return ClaimSubmission(
        claimed_cents=amount_cents,
        circumstances=Circumstances(),
        payee_iban=IBAN,
        payee_name="An Peeters",
    )


def erep_evidence() -> tuple[EvidenceUpload, ...]:
    return (EvidenceUpload("links_or_screenshots", "links.txt", "text/plain", b"https://x"),)
