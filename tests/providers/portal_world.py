"""A world for the provider portal (issue 19): the data-recovery expert's order on a DATA case,
the takedown firm's order on an EREP case, and a user of each provider."""

from __future__ import annotations

from dataclasses import dataclass

from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal
from cybercare.identity.service import create_provider_user
from cybercare.kernel.clock import Clock
from cybercare.providers.domain import ProviderKind
from cybercare.providers.service import appoint_provider
from tests.claims.builders import World, setup_world
from tests.providers.builders import Staff, case_with_workstream, provider, staff


@dataclass(frozen=True)
class PortalWorld:
    world: World
    people: Staff
    expert_id: str
    firm_id: str
    order_id: str  # the expert's
    other_order_id: str  # the takedown firm's
    expert_user: Principal
    firm_user: Principal


def portal_world(uow: UnitOfWork, clock: Clock) -> PortalWorld:
    world = setup_world(uow, clock)
    people = staff(uow, clock)
    expert = provider(uow, clock, people, ProviderKind.DATA_RECOVERY)
    firm = provider(uow, clock, people, ProviderKind.TAKEDOWN)
    _case, ws_id = case_with_workstream(uow, world, clock, "DATA", "technical")
    order_id = appoint_provider(
        uow, world.agent, workstream_id=ws_id, provider_id=expert.provider_id,
        service_code="recovery_disk", clock=clock, device="laptop",
    ).order.order_id  # fmt: skip
    _case2, ws2 = case_with_workstream(uow, world, clock, "EREP", "technical")
    other = appoint_provider(
        uow, world.agent, workstream_id=ws2, provider_id=firm.provider_id,
        service_code="link_removal", clock=clock,
    ).order.order_id  # fmt: skip
    expert_user = create_provider_user(
        uow, email="lab@recovery.example", display_name="Recovery lab",
        provider_id=expert.provider_id, clock=clock, actor="test",
    )  # fmt: skip
    firm_user = create_provider_user(
        uow, email="desk@takedown.example", display_name="Takedown desk",
        provider_id=firm.provider_id, language="fr", clock=clock, actor="test",
    )  # fmt: skip
    return PortalWorld(
        world, people, expert.provider_id, firm.provider_id, order_id, other,
        expert_user, firm_user,
    )  # fmt: skip
