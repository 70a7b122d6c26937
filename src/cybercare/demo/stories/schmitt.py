"""Hans and Anna Schmitt (Eupen, German): the online purchases pot at its money limit."""

from __future__ import annotations

from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.submit import ClaimSubmission
from cybercare.cover.domain import Circumstances
from cybercare.db.uow import UnitOfWork
from cybercare.demo.evidence import document, purchase
from cybercare.demo.world import Demo, Household


def schmitt(uow: UnitOfWork, demo: Demo, h: Household) -> None:
    """The online purchases pot used up (5,000 EUR and 3 cases, Art. 5): a payment fraud a
    handler accepted, a refund decided straight through, and a partial settlement at the
    pot's limit (Art. 5.3)."""
    m, hans = demo.moments, h.login("hans")
    fraud = demo.open_case(
        uow,
        hans,
        h.person("hans"),
        m.at(200, 11, 0),
        narrative=(
            "Meine Kreditkartendaten wurden in einem gefälschten Online-Shop abgegriffen; danach "
            "wurden 2.400 EUR abgebucht. Die Bank lehnt die Erstattung endgültig ab."
        ),
        discovered=m.day(203),
        occurred=m.day(205),
        guarantee="PAYF",
    )
    bank = [
        ("bank_statement", "Kontoauszug", ["Kartenzahlungen an 'BestDeals24' - 2.400,00 EUR"]),
        ("card_blocked_proof", "Kartensperrung", ["Karte **** 4410 gesperrt am Tag der Meldung."]),
        ("police_complaint", "Anzeige bei der Polizei", ["Protokoll Nr. EU.41.L3.012345."]),
        ("bank_refusal", "Schreiben der Bank", ["Die Erstattung wird endgültig abgelehnt."]),
    ]
    claim = demo.claim(
        uow,
        hans,
        fraud,
        m.at(200, 11, 20),
        ClaimSubmission(
            240_000,
            Circumstances(
                obligations_respected=demo.respected("PAYF"), bank_refused_definitively=True
            ),
            **h.payee("hans"),
        ),
        tuple(document(code, title, lines, dated=m.day(201)) for code, title, lines in bank),
    )
    demo.decide(
        uow,
        claim,
        "handler",
        m.at(196, 10, 0),
        HandlerOutcome.ACCEPTED,
        240_000,
        "The bank's final refusal and the police report are on file; the prevention "
        "obligations were declared kept (Art. 7.1).",
    )
    demo.deliver(
        uow,
        fraud,
        [
            ("legal", "legal", "Explained the rights against the bank; refusal is final."),
            ("financial", "financial", "Dispute file with the bank closed; card replaced."),
        ],
        taken=m.at(200, 13, 0),
        closed=m.at(190, 15, 0),
        closer="supervisor",
        reason="Loss refunded within the pot.",
    )

    ordered, promised = m.day(150), m.day(142)
    battery = demo.open_case(
        uow,
        hans,
        h.person("hans"),
        m.at(110, 16, 0),
        narrative="Ich habe einen E-Bike-Akku für 950 EUR online bestellt; er wurde nie geliefert.",
        discovered=m.day(111),
        occurred=ordered,
        guarantee="ECOM",
    )
    demo.claim(
        uow,
        hans,
        battery,
        m.at(110, 16, 20),
        ClaimSubmission(
            95_000,
            Circumstances(
                obligations_respected=demo.respected("ECOM"),
                seller_professional=True,
                written_claim_sent=True,
                promised_delivery_date=promised,
                payment_date=ordered,
            ),
            kind="non_delivery",
            **h.payee("hans"),
        ),
        purchase(
            "VeloTeile24.de",
            "E-bike battery 36 V",
            "950.00",
            ordered=ordered,
            promised=promised,
            buyer="Hans Schmitt",
            complaint=m.day(112),
        ),
    )
    demo.deliver(
        uow,
        battery,
        [("legal", "legal", "Refund decided straight through; seller informed (Art. 8.5).")],
        taken=m.at(110, 17, 0),
        closed=m.at(100, 11, 0),
        closer="legal",
        reason="Purchase price refunded.",
    )

    ordered = m.day(40)
    tv = demo.open_case(
        uow,
        hans,
        h.person("hans"),
        m.at(30, 10, 0),
        narrative=(
            "Der Fernseher (1.890 EUR) kam mit gebrochenem Bildschirm an; der Händler reagiert "
            "nicht auf meine Reklamation."
        ),
        discovered=m.day(33),
        occurred=ordered,
        guarantee="ECOM",
    )
    claim = demo.claim(
        uow,
        hans,
        tv,
        m.at(30, 10, 20),
        ClaimSubmission(
            189_000,
            Circumstances(
                obligations_respected=demo.respected("ECOM"),
                seller_professional=True,
                written_claim_sent=True,
            ),
            kind="non_conforming",
            **h.payee("hans"),
        ),
        purchase(
            "MegaElektro.be",
            "Television 65 inch OLED",
            "1890.00",
            ordered=ordered,
            promised=None,
            buyer="Hans Schmitt",
            complaint=m.day(32),
            photo_of_goods="broken-screen.png",
        ),
    )
    demo.decide(
        uow,
        claim,
        "handler2",
        m.at(26, 9, 30),
        HandlerOutcome.PARTIALLY_ACCEPTED,
        165_000,
        "The online purchases pot has 1,650.00 EUR left this insurance year: the claim is "
        "paid up to that amount (Art. 5.3).",
    )
    demo.deliver(
        uow,
        tv,
        [("legal", "legal", "Partial refund explained; seller informed (Art. 8.5).")],
        taken=m.at(30, 11, 0),
        closed=m.at(20, 14, 0),
        closer="legal",
        reason="Refunded up to the pot's limit.",
    )
