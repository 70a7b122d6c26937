"""Olivia and Daniel Smith (Ixelles, English): a declined claim, a late claim, a case to triage."""

from __future__ import annotations

from cybercare.assistance.domain import CaseOutcome
from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.submit import ClaimSubmission
from cybercare.cover.domain import Circumstances
from cybercare.db.uow import UnitOfWork
from cybercare.demo.evidence import document, purchase
from cybercare.demo.world import Demo, Household


def smith(uow: UnitOfWork, demo: Demo, h: Household) -> None:
    """A claim a handler declined with reasons (and the complaints path), a late data-recovery
    claim waiting in the handler queue, and a case nobody has triaged yet."""
    m, olivia = demo.moments, h.login("olivia")
    ordered = m.day(60)
    camera = demo.open_case(
        uow,
        olivia,
        h.person("olivia"),
        m.at(45, 19, 0),
        narrative=(
            "I bought a vintage film camera for 640 EUR through a second-hand marketplace. It "
            "arrived with a broken shutter and the seller stopped answering."
        ),
        discovered=m.day(50),
        occurred=ordered,
        guarantee="ECOM",
    )
    claim = demo.claim(
        uow,
        olivia,
        camera,
        m.at(45, 19, 15),
        ClaimSubmission(
            64_000,
            Circumstances(
                obligations_respected=demo.respected("ECOM"),
                seller_professional=False,
                written_claim_sent=True,
            ),
            kind="non_conforming",
            **h.payee("olivia"),
        ),
        purchase(
            "a private seller (marketplace)",
            "Vintage 35 mm film camera",
            "640.00",
            ordered=ordered,
            promised=None,
            buyer="Olivia Smith",
            complaint=m.day(48),
            photo_of_goods="shutter.png",
        ),
    )
    demo.take(uow, camera, "legal", "legal", m.at(44, 9, 30))
    demo.decide(
        uow,
        claim,
        "handler",
        m.at(41, 14, 0),
        HandlerOutcome.DECLINED,
        0,
        "The camera was bought from a private individual on a second-hand marketplace; "
        "Art. 4.5 covers goods bought from a professional seller only.",
    )
    demo.note(
        uow,
        camera,
        "legal",
        "legal",
        m.at(40, 10, 0),
        "Called Olivia: explained the decline, the complaints path (Art. 10.1) and the "
        "marketplace's own buyer protection.",
    )
    demo.close_workstream(uow, camera, "legal", "legal", m.at(38, 11, 0), "Decline explained.")
    demo.close_case(
        uow,
        camera,
        "legal",
        m.at(38, 11, 5),
        "Claim declined; advice given.",
        CaseOutcome.NOT_COVERED,
    )

    laptop = demo.open_case(
        uow,
        olivia,
        h.person("olivia"),
        m.at(5, 9, 15),
        narrative=(
            "My laptop fell into the bath and no longer starts. I only now found out that my "
            "insurance covers data recovery: a specialist quoted 650 EUR to recover our photos."
        ),
        discovered=m.day(52),
        occurred=m.day(52),
        guarantee="DATA",
    )
    demo.claim(
        uow,
        olivia,
        laptop,
        m.at(5, 9, 30),
        ClaimSubmission(
            65_000,
            Circumstances(
                obligations_respected=demo.respected("DATA"), data_loss_cause="device_damage"
            ),
            **h.payee("olivia"),
        ),
        (
            document(
                "device_description",
                "Device",
                ["Laptop 13 inch (2021), SSD 512 GB", "Serial number C02XG1ABJGH5"],
                dated=m.day(6),
            ),
            document(
                "loss_cause_description",
                "What happened",
                [
                    "The laptop fell into a full bath; it has not started since.",
                    "Quote of DataRescue Brussels: 650.00 EUR for the recovery of the disk.",
                ],
                dated=m.day(6),
            ),
        ),
    )
    demo.take(uow, laptop, "technical", "technical", m.at(5, 10, 0))
    demo.note(
        uow,
        laptop,
        "technical",
        "technical",
        m.at(5, 10, 10),
        "Expert lined up for the recovery; the claim was declared late (Art. 8.2) and waits for "
        "a handler's decision.",
    )

    opened = m.minutes_ago(180)
    demo.open_case(
        uow,
        olivia,
        h.person("olivia"),
        opened,
        narrative=(
            "I clicked a link in an e-mail that looked like it came from my bank and typed in my "
            "card details. I don't know whether anything has been taken yet."
        ),
        discovered=opened.today(),
    )
