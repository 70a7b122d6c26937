"""The Mertens household (Leuven, Dutch): Karin and her son Wout, who moved out to a flat of his
own after an incident and still claims it (Art. 2.1, 3.4, 9.7: judged on the incident date)."""

from __future__ import annotations

from cybercare.claims.submit import ClaimSubmission
from cybercare.cover.domain import Circumstances
from cybercare.db.uow import UnitOfWork
from cybercare.demo.evidence import purchase
from cybercare.demo.world import Demo, Household
from cybercare.policy import service as policy
from cybercare.policy.service import Actor

DEPARTED = "wout"


def mertens(uow: UnitOfWork, demo: Demo, h: Household) -> None:
    """Wout ordered a phone while he lived with his mother; it never came. He left the household
    18 days ago, found out afterwards that the shop had vanished, and declares it himself from his
    own login: accepted straight through and paid, although he is no member today. His mother,
    the affiliate, does not see his case (Art. 11.3); he no longer sees the household."""
    m, wout = demo.moments, h.login(DEPARTED)
    ordered, promised = m.day(64), m.day(56)
    policy.member_leaves(
        uow,
        Actor("demo:karin"),
        h.affiliation_id,
        h.person(DEPARTED),
        m.day(18),
        demo.catalog,
        m.at(25, 10, 0),
    )
    case = demo.open_case(
        uow,
        wout,
        h.person(DEPARTED),
        m.at(4, 20, 15),
        narrative=(
            "Toen ik nog bij mijn moeder woonde, bestelde ik bij GsmDiscount.be een smartphone "
            f"(329,00 EUR). De levering was beloofd voor {promised:%d/%m}. Sinds mijn verhuis "
            "weet ik dat de winkel verdwenen is: het toestel komt nooit."
        ),
        discovered=m.day(12),
        occurred=ordered,
        guarantee="ECOM",
    )
    demo.claim(
        uow,
        wout,
        case,
        m.at(4, 20, 31),
        ClaimSubmission(
            32_900,
            Circumstances(
                obligations_respected=demo.respected("ECOM"),
                seller_professional=True,
                written_claim_sent=True,
                promised_delivery_date=promised,
                payment_date=ordered,
            ),
            kind="non_delivery",
            **h.payee(DEPARTED),
        ),
        purchase(
            "GsmDiscount.be",
            "Smartphone 6.1 inch, 128 GB",
            "329.00",
            ordered=ordered,
            promised=promised,
            buyer="Wout Mertens",
            complaint=m.day(11),
        ),
    )
