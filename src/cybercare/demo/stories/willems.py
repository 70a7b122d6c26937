"""Emma Willems (Gent, Dutch) and her partner: the e-reputation pot at its case limit."""

from __future__ import annotations

from datetime import timedelta

from cybercare.claims.submit import ClaimSubmission
from cybercare.cover.domain import Circumstances
from cybercare.db.uow import UnitOfWork
from cybercare.demo.evidence import photo, text
from cybercare.demo.world import Demo, Household


def willems(uow: UnitOfWork, demo: Demo, h: Household) -> None:
    """Three e-reputation cases accepted this insurance year: the pot's case limit is reached
    (Art. 5.2); the third case is in progress with two takedown requests."""
    m, emma = demo.moments, h.login("emma")
    closed_cases = (
        (
            200,
            "Iemand heeft een nepaccount met mijn foto's aangemaakt en stuurt mijn vrienden "
            "berichten met leugens over mij.",
            35_000,
            "https://social.example.com/emma.willems.official",
        ),
        (
            118,
            "In een Facebookgroep van de buurt verspreidt iemand valse beschuldigingen over mij, "
            "met mijn naam en foto.",
            42_000,
            "https://social.example.com/groups/buurt-gent/posts/88213",
        ),
    )
    for days, narrative, cents, url in closed_cases:
        case = demo.open_case(
            uow,
            emma,
            h.person("emma"),
            m.at(days, 20, 15),
            narrative=narrative,
            discovered=m.day(days + 1),
            occurred=m.day(days + 9),
            guarantee="EREP",
        )
        demo.claim(
            uow,
            emma,
            case,
            m.at(days, 20, 30),
            ClaimSubmission(cents, Circumstances(), **h.payee("emma")),
            (
                text("links_or_screenshots", "links.txt", f"{url}\n"),
                photo("links_or_screenshots", "screenshot.png"),
            ),
        )
        demo.deliver(
            uow,
            case,
            [
                ("legal", "legal", "Lawyer's formal notice sent to the author; costs refunded."),
                ("psychological", "psy", "Two support sessions by phone."),
                ("technical", "technical", "Material reported and removed by the platform."),
            ],
            taken=m.at(days - 1, 9, 10),
            closed=m.at(days - 14, 16, 30),
            closer="supervisor",
            reason="Material removed, costs refunded, support given.",
        )

    case = demo.open_case(
        uow,
        emma,
        h.person("emma"),
        m.at(12, 8, 50),
        narrative=(
            "Een anonieme blog publiceert privéfoto's van mij, met mijn adres erbij. Ik durf "
            "niet meer alleen naar huis."
        ),
        discovered=m.day(13),
        occurred=m.day(15),
        guarantee="EREP",
    )
    blog, images = "https://anon-blog.example.net/posts/emma-w", "https://img.example.org/a/8f3k2"
    demo.claim(
        uow,
        emma,
        case,
        m.at(12, 9, 5),
        ClaimSubmission(28_000, Circumstances(), **h.payee("emma")),
        (text("links_or_screenshots", "links.txt", f"{blog}\n{images}\n"),),
    )
    demo.take(uow, case, "technical", "technical", m.at(12, 9, 40))
    demo.note(
        uow,
        case,
        "technical",
        "technical",
        m.at(12, 9, 55),
        "Two addresses carry the photos; removal requests go to the blog's host and the image "
        "host today.",
    )
    first = demo.takedown(
        uow,
        case,
        "technical",
        m.at(11, 10, 0),
        url=blog,
        addressee="Blog hosting provider (abuse desk)",
        deadline=m.day(11) + timedelta(days=14),
    )
    second = demo.takedown(
        uow,
        case,
        "technical",
        m.at(11, 10, 15),
        url=images,
        addressee="Image host (abuse form)",
        deadline=m.day(11) + timedelta(days=7),
    )
    demo.recheck(uow, second, "technical", m.at(4, 9, 0), "taken_down", m.day(5))
    demo.recheck(uow, first, "technical", m.at(4, 9, 5), "still_online")
    demo.take(uow, case, "legal", "legal", m.at(12, 10, 0))
    demo.note(
        uow,
        case,
        "legal",
        "legal",
        m.at(12, 10, 20),
        "Police complaint for stalking filed with Emma; formal notice to the blog's author "
        "through the host.",
    )
    demo.take(uow, case, "psychological", "psy", m.at(12, 11, 30))
    demo.note(
        uow,
        case,
        "psychological",
        "psy",
        m.at(12, 12, 0),
        "First session by phone: Emma feels unsafe at home. We agreed on two more sessions "
        "and a safety plan with her partner.",
        psychological=True,
    )
    demo.message(
        uow,
        emma,
        case,
        m.at(3, 18, 20),
        "Dank u! De foto's op de tweede site zijn weg. De blog staat nog online.",
    )
