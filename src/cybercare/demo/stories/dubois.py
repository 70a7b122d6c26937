"""Marc Dubois (Namur, French), a single person; Lucas Lambert (Charleroi, French), whose
premiums stay unpaid."""

from __future__ import annotations

from datetime import timedelta

from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.submit import ClaimSubmission
from cybercare.cover.domain import Circumstances
from cybercare.db.uow import UnitOfWork
from cybercare.demo.evidence import purchase
from cybercare.demo.world import Demo, Household


def dubois(uow: UnitOfWork, demo: Demo, h: Household) -> None:
    """A single person: a 3,200 EUR claim a handler accepted, waiting for a second handler (four
    eyes), and an urgent harassment case whose one-hour clock has run out."""
    m, marc = demo.moments, h.login("marc")
    ordered, promised = m.day(52), m.day(45)
    case = demo.open_case(
        uow,
        marc,
        h.person("marc"),
        m.at(9, 14, 0),
        narrative=(
            "J'ai commandé un ordinateur portable chez Numeriq-Shop.be pour 3 200 EUR. Il n'a "
            "jamais été livré et le site ne répond plus depuis le début du mois."
        ),
        discovered=m.day(14),
        occurred=ordered,
        guarantee="ECOM",
    )
    claim = demo.claim(
        uow,
        marc,
        case,
        m.at(9, 14, 12),
        ClaimSubmission(
            320_000,
            Circumstances(
                obligations_respected=demo.respected("ECOM"),
                seller_professional=True,
                written_claim_sent=True,
                promised_delivery_date=promised,
                payment_date=ordered,
            ),
            kind="non_delivery",
            **h.payee("marc"),
        ),
        purchase(
            "Numeriq-Shop.be",
            "Laptop 16 inch, 32 GB, 1 TB",
            "3200.00",
            ordered=ordered,
            promised=promised,
            buyer="Marc Dubois",
            complaint=m.day(13),
        ),
    )
    demo.take(uow, case, "legal", "legal", m.at(9, 15, 30))
    demo.note(
        uow,
        case,
        "legal",
        "legal",
        m.at(9, 15, 45),
        "The seller's shop has been offline since the start of the month; reported to the FPS "
        "Economy's consumer reporting point with Marc.",
    )
    demo.decide(
        uow,
        claim,
        "handler",
        m.at(6, 10, 30),
        HandlerOutcome.ACCEPTED,
        320_000,
        "Order, payment and the written claim to the seller checked; the 30 days after the "
        "promised delivery date have passed (Art. 4.5). Above my authority: a second handler "
        "approves.",
    )

    opened = m.minutes_ago(130)
    demo.open_case(
        uow,
        marc,
        h.person("marc"),
        opened,
        narrative=(
            "Depuis hier soir, un compte anonyme publie mon numéro de téléphone et des insultes "
            "sur les réseaux sociaux. Je reçois des appels menaçants toutes les heures."
        ),
        discovered=opened.today() - timedelta(days=1),
        occurred=opened.today() - timedelta(days=1),
        guarantee="EREP",
        urgency="ongoing_harassment",
    )


def lambert(uow: UnitOfWork, demo: Demo, h: Household) -> None:
    """Nothing happens here but the premiums that stay unpaid: billing's dunning suspends the
    affiliation (see `history`)."""
