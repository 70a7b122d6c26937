"""Builders for provider scenarios: a world (tests/claims/builders), staff for the registry and
for finance, providers registered with verified bank details, and their UBL invoices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.assistance.service import read_case
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.identity.service import create_staff_user
from cybercare.kernel.clock import Clock
from cybercare.providers.domain import Provider, ProviderKind, ServiceRate
from cybercare.providers.registry import (
    ProviderCreate,
    enter_bank_details,
    register_provider,
    verify_bank_details,
)
from cybercare.providers.ubl import DraftLine, build_invoice
from tests.claims.builders import World, open_claim_case, setup_world

# Valid Belgian enterprise numbers (97 - first 8 digits mod 97 = last 2) and IBANs.
VATS = {
    ProviderKind.DATA_RECOVERY: "BE0403170701",
    ProviderKind.TAKEDOWN: "BE0202239951",
    ProviderKind.LAWYER: "BE0417497106",
    ProviderKind.PSYCHOLOGIST: "BE0403199702",
}
IBANS = {
    ProviderKind.DATA_RECOVERY: "BE68539007547034",
    ProviderKind.TAKEDOWN: "BE62510007547061",
    ProviderKind.LAWYER: "BE71096123456769",
    ProviderKind.PSYCHOLOGIST: "BE43068999999501",
}
SERVICES = {
    ProviderKind.DATA_RECOVERY: ServiceRate("recovery_disk", "Recovery of a hard disk", 64_000),
    ProviderKind.TAKEDOWN: ServiceRate("link_removal", "Removal of one link", 15_000, "link"),
    ProviderKind.LAWYER: ServiceRate("formal_notice", "Formal notice", 45_000),
    ProviderKind.PSYCHOLOGIST: ServiceRate("session", "Session", 6_000, "hour"),
}


@dataclass(frozen=True)
class Staff:
    registry: Principal  # a supervisor
    finance: Principal


def staff(uow: UnitOfWork, clock: Clock, tag: str = "") -> Staff:
    sup = create_staff_user(
        uow, email=f"reg{tag}@axa.be", display_name="Registry", roles=["supervisor"],
        clock=clock, actor="test",
    )  # fmt: skip
    fin = create_staff_user(
        uow, email=f"fin{tag}@axa.be", display_name="Finance", roles=["finance"],
        clock=clock, actor="test",
    )  # fmt: skip
    return Staff(sup, fin)


def provider(uow: UnitOfWork, clock: Clock, people: Staff, kind: ProviderKind) -> Provider:
    made = register_provider(
        uow,
        people.registry,
        ProviderCreate(
            kind=kind,
            name=f"{kind.value.title()} BV",
            vat_number=VATS[kind],
            email=f"{kind.value}@provider.be",
            languages=frozenset({"nl", "fr"}),
            regions=frozenset({"BE"}),
            services=(SERVICES[kind],),
            quote_within_hours=48,
            finish_within_days=10,
            contract_start=date(2026, 1, 1),
        ),
        clock,
    )
    enter_bank_details(uow, people.registry, made.provider_id, IBANS[kind], made.name, clock)
    return verify_bank_details(uow, people.finance, made.provider_id, clock)


def case_with_workstream(
    uow: UnitOfWork, world: World, clock: Clock, guarantee: str, team: str
) -> tuple[str, str]:
    case_id = open_claim_case(uow, world, clock, guarantee)
    view = read_case(uow, world.agent, case_id, clock, log_purpose=None)
    ws = next(w for w in view.workstreams if w.team == team)
    return case_id, str(ws.workstream_id)


def invoice(
    order_id: str,
    kind: ProviderKind,
    net_cents: int,
    *,
    number: str = "INV-1",
    vat_percent: int = 21,
) -> bytes:
    return build_invoice(
        number=number,
        issue_date=date(2026, 11, 27),
        order_reference=order_id,
        seller_name=f"{kind.value.title()} BV",
        seller_vat=VATS[kind],
        seller_iban=IBANS[kind],
        lines=(DraftLine("work", net_cents, vat_percent),),
    )


__all__ = ["World", "setup_world"]
