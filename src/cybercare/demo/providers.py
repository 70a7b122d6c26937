"""The appointed providers of the demo world (issue 19): a data-recovery expert and a takedown
firm, registered by the supervisor, their bank details verified by finance (four eyes), and two
cases run end to end through the use cases, each step at its moment:

- the Schmitts: Hans's laptop died after a power surge; the technical team appoints the expert,
  who quotes 640.00 EUR; accepted and reserved in the DATA pot, the photos are recovered, the
  expert's Peppol invoice (639.99 EUR) is matched, the pot used and the expert paid in that day's
  pain.001 file;
- the Duboises: Marc finds defamatory posts about him on two forums; the takedown firm quotes
  450.00 EUR for the two links, one comes down, the host of the other refuses (an obligation of
  means: the agreed price is still due), the invoice is matched and paid the same way.
"""

from __future__ import annotations

from datetime import date

from cybercare.assistance.takedowns import request_takedown
from cybercare.banking.dispatch import payment_file_executed
from cybercare.demo.world import Demo, Household
from cybercare.kernel.clock import FixedClock
from cybercare.providers import payouts
from cybercare.providers.domain import Provider, ProviderKind, ServiceRate
from cybercare.providers.invoice_import import import_ubl
from cybercare.providers.registry import (
    ProviderCreate,
    enter_bank_details,
    register_provider,
    verify_bank_details,
)
from cybercare.providers.service import accept_quote, appoint_provider, enter_quote, report_work
from cybercare.providers.ubl import DraftLine, build_invoice

EXPERT = ProviderCreate(
    kind=ProviderKind.DATA_RECOVERY,
    name="DataRescue Brussels SRL",
    vat_number="BE0403170701",
    email="orders@datarescue.demo.cybercare.be",
    languages=frozenset({"fr", "nl", "en"}),
    regions=frozenset({"BE"}),
    services=(ServiceRate("recovery_disk", "Recovery of a damaged disk", 64_000),),
    quote_within_hours=48,
    finish_within_days=10,
    contract_start=date(2025, 1, 1),
)
FIRM = ProviderCreate(
    kind=ProviderKind.TAKEDOWN,
    name="CleanWeb BV",
    vat_number="BE0202239951",
    email="orders@cleanweb.demo.cybercare.be",
    languages=frozenset({"nl", "fr", "de", "en"}),
    regions=frozenset({"BE"}),
    services=(ServiceRate("link_removal", "Removal of one link", 22_500, "link"),),
    quote_within_hours=24,
    finish_within_days=14,
    contract_start=date(2025, 1, 1),
)
ACCOUNTS = {"BE0403170701": "BE68539007547034", "BE0202239951": "BE62510007547061"}


def _provider(demo: Demo, data: ProviderCreate, clock: FixedClock) -> Provider:
    with demo.container.database.uow() as uow:
        made = register_provider(uow, demo.agent("supervisor"), data, clock)
        iban = ACCOUNTS[data.vat_number]
        enter_bank_details(uow, demo.agent("supervisor"), made.provider_id, iban, data.name, clock)
        made = verify_bank_details(uow, demo.agent("finance"), made.provider_id, clock)
        uow.commit()
    return made


def _invoice(provider: Provider, order_id: str, number: str, net: int, day: date) -> bytes:
    return build_invoice(
        number=number,
        issue_date=day,
        order_reference=order_id,
        seller_name=provider.name,
        seller_vat=provider.vat_number,
        seller_iban=provider.iban or "",
        lines=(DraftLine("Service as ordered", net),),
    )


def _pay(demo: Demo, clock: FixedClock, executed: FixedClock) -> None:
    with demo.container.database.uow() as uow:
        made = payouts.create_payment_file(
            uow,
            actor=demo.agent("finance").actor,
            execution_date=clock.today(),
            at=clock.now(),
            debtor=demo.container.settings.payout_account,
        )
        if made is not None:  # the statement's batch debit, as history.payouts does for members
            payment_file_executed(
                uow,
                made.file_id,
                amount_cents=made.total_cents,
                on=executed.today(),
                at=executed.now(),
            )
        uow.commit()


def appointed_providers(demo: Demo, households: dict[str, Household]) -> None:
    """Both stories, when their households were created in this run (a new demo world)."""
    schmitt, dubois = households.get("schmitt"), households.get("dubois")
    if schmitt is None or dubois is None:
        return
    m = demo.moments
    expert = _provider(demo, EXPERT, m.at(30, 9, 0))
    firm = _provider(demo, FIRM, m.at(30, 9, 5))
    technical = demo.agent("technical")
    with demo.container.database.uow() as uow:
        laptop = demo.open_case(
            uow,
            schmitt.login("hans"),
            schmitt.person("hans"),
            m.at(20, 19, 0),
            narrative=(
                "Nach einem Stromausfall startet unser Laptop nicht mehr. Alle unsere "
                "Familienfotos sind darauf."
            ),
            discovered=m.day(20),
            occurred=m.day(21),
            guarantee="DATA",
        )
        ws = demo.take(uow, laptop, "technical", "technical", m.at(19, 9, 0))
        order = appoint_provider(
            uow, technical, workstream_id=ws, provider_id=expert.provider_id,
            service_code="recovery_disk", clock=m.at(19, 9, 30),
            device="Laptop 15 inch, SSD 1 TB, no power after a surge",
        ).order.order_id  # fmt: skip
        enter_quote(uow, technical, order, 64_000, m.at(18, 11, 0), demo.catalog,
                    by_provider=expert.provider_id)  # fmt: skip
        accept_quote(uow, technical, order, m.at(18, 14, 0), demo.catalog)
        report_work(uow, technical, order, done=True, note="All photos recovered.",
                    clock=m.at(12, 16, 0), by_provider=expert.provider_id)  # fmt: skip
        import_ubl(
            uow, _invoice(expert, order, "DR-2026-118", 52_892, m.day(11)),
            actor="provider:datarescue", clock=m.at(11, 10, 0), catalog=demo.catalog,
            provider_id=expert.provider_id,
        )  # fmt: skip
        uow.commit()
    _pay(demo, m.at(10, 10, 0), m.at(10, 16, 0))
    with demo.container.database.uow() as uow:
        posts = demo.open_case(
            uow,
            dubois.login("marc"),
            dubois.person("marc"),
            m.at(16, 20, 0),
            narrative=(
                "Quelqu'un publie sur deux forums que je serais un escroc, avec ma photo et "
                "mon adresse."
            ),
            discovered=m.day(16),
            occurred=m.day(17),
            guarantee="EREP",
        )
        ws = demo.take(uow, posts, "technical", "technical", m.at(15, 9, 0))
        for n, host in ((1, "forum-liege.example"), (2, "ragots.example")):
            request_takedown(
                uow, technical, posts.case_id, url=f"https://{host}/thread/{4400 + n}",
                addressee=host, deadline_date=m.day(1), clock=m.at(15, 9, 10 + n),
            )  # fmt: skip
        order = appoint_provider(
            uow, technical, workstream_id=ws, provider_id=firm.provider_id,
            service_code="link_removal", clock=m.at(15, 9, 30),
        ).order.order_id  # fmt: skip
        enter_quote(uow, technical, order, 45_000, m.at(15, 15, 0), demo.catalog,
                    by_provider=firm.provider_id)  # fmt: skip
        accept_quote(uow, technical, order, m.at(14, 9, 0), demo.catalog)
        report_work(
            uow, technical, order, done=False,
            note="forum-liege.example removed the thread; ragots.example refuses.",
            clock=m.at(7, 17, 0), by_provider=firm.provider_id,
        )  # fmt: skip
        import_ubl(
            uow, _invoice(firm, order, "CW-26-0457", 37_190, m.day(6)),
            actor="provider:cleanweb", clock=m.at(6, 10, 0), catalog=demo.catalog,
            provider_id=firm.provider_id,
        )  # fmt: skip
        uow.commit()
    _pay(demo, m.at(5, 10, 0), m.at(5, 16, 0))
