"""The Janssens family (Mechelen, Dutch): Sofie, Tom and their daughter Lotte, a minor."""

from __future__ import annotations

from datetime import timedelta

from cybercare.claims.submit import ClaimSubmission
from cybercare.cover.domain import Circumstances
from cybercare.db.uow import UnitOfWork
from cybercare.demo.evidence import purchase
from cybercare.demo.world import Demo, Household


def janssens(uow: UnitOfWork, demo: Demo, h: Household) -> None:
    """A family with a minor: a refund decided straight through and paid, an identity theft in
    progress with every team (and a psychological note only Tom and the counsellor read), and
    Lotte's urgent harassment case waiting in the queues."""
    m, sofie, tom = demo.moments, h.login("sofie"), h.login("tom")

    ordered, promised = m.day(72), m.day(62)
    case = demo.open_case(
        uow,
        sofie,
        h.person("sofie"),
        m.at(21, 9, 30),
        narrative=(
            "Ik bestelde bij TabletPlaza.be een tablet voor Lotte (189,99 EUR). De levering was "
            f"beloofd voor {promised:%d/%m}, maar het pakket kwam nooit aan en de winkel "
            "antwoordt niet meer op mijn e-mails."
        ),
        discovered=m.day(31),
        occurred=ordered,
        guarantee="ECOM",
    )
    demo.claim(
        uow,
        sofie,
        case,
        m.at(21, 9, 41),
        ClaimSubmission(
            18_999,
            Circumstances(
                obligations_respected=demo.respected("ECOM"),
                seller_professional=True,
                written_claim_sent=True,
                promised_delivery_date=promised,
                payment_date=ordered,
            ),
            kind="non_delivery",
            **h.payee("sofie"),
        ),
        purchase(
            "TabletPlaza.be",
            "Tablet 10 inch, 64 GB",
            "189.99",
            ordered=ordered,
            promised=promised,
            buyer="Sofie Janssens",
            complaint=m.day(30),
        ),
    )
    demo.deliver(
        uow,
        case,
        [
            (
                "legal",
                "legal",
                "Refund decided straight through; the seller was told that the insurer takes "
                "over Sofie's rights against it (Art. 8.5).",
            )
        ],
        taken=m.at(21, 11, 5),
        closed=m.at(17, 16, 0),
        closer="legal",
        reason="Purchase price refunded; the seller is pursued by the insurer.",
    )

    theft = demo.open_case(
        uow,
        tom,
        h.person("tom"),
        m.at(4, 10, 12),
        narrative=(
            "Iemand heeft met een kopie van mijn identiteitskaart een gsm-abonnement en een "
            "lening op mijn naam aangevraagd. Ik kreeg gisteren een brief van een "
            "kredietverstrekker over een lening die ik nooit heb afgesloten."
        ),
        discovered=m.day(5),
        occurred=m.day(12),
        guarantee="IDT",
    )
    work = (
        (
            "technical",
            "technical",
            40,
            "Went through Tom's e-mail and itsme accounts with him: "
            "no takeover; passwords changed and two-step verification switched on.",
        ),
        (
            "legal",
            "legal",
            65,
            "Police complaint prepared with Tom; letter contesting the loan "
            "contract sent to the lender by registered mail.",
        ),
        (
            "financial",
            "financial",
            90,
            "Called the lender: the file is frozen until the police "
            "report arrives. Asked the Central Individual Credit Register for an extract.",
        ),
    )
    for team, who, minutes, body in work:
        clock = m.at(4, 10, 12)
        clock.advance(timedelta(minutes=minutes))
        demo.take(uow, theft, team, who, clock)
        demo.note(uow, theft, team, who, clock, body)
    demo.take(uow, theft, "psychological", "psy", m.at(4, 14, 0))
    demo.note(
        uow,
        theft,
        "psychological",
        "psy",
        m.at(4, 14, 20),
        "Tom has slept badly since the letter and fears for the family's finances. We agreed "
        "on a follow-up call next week.",
        psychological=True,
    )
    demo.message(
        uow,
        tom,
        theft,
        m.at(3, 19, 5),
        "De politie heeft mijn klacht geregistreerd. Wat doe ik nu met de brief van de "
        "kredietverstrekker?",
    )

    opened = m.minutes_ago(25)
    demo.open_case(
        uow,
        sofie,
        h.person("lotte"),
        opened,
        narrative=(
            "Klasgenoten van Lotte delen bewerkte foto's van haar in een groepschat en sturen "
            "haar elke avond dreigberichten. Ze wil niet meer naar school."
        ),
        discovered=opened.today(),
        occurred=opened.today() - timedelta(days=6),
        guarantee="EREP",
        urgency="ongoing_harassment",
    )
