"""Staff search by the keys issue 21 added, on both databases: a member's phone or national
register number, an approved payout IBAN (typed whole or in its printed groups) and a case id;
the person matched by phone or number is named in the hit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cybercare.assistance.domain import Channel
from cybercare.assistance.service import CaseOpening, open_case
from cybercare.db.tables import PayoutAccountRow, PersonRow
from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.product.catalog import default_catalog
from cybercare.reporting.search_queries import search_affiliations
from tests.assistance.builders import household_world
from tests.reporting.builders import GHENT_ID, add_ghent_household

TODAY = date(2026, 11, 27)
PEETERS = "aff_test"
IBAN = "BE71096123456769"


@pytest.fixture
def keyed(db: Database, clock: FixedClock) -> tuple[Database, str]:
    world = household_world(db, clock, with_staff=False)
    add_ghent_household(db)
    with db.uow() as uow:
        lotte = uow.session.get(PersonRow, "per_lotte")
        assert lotte is not None
        lotte.phone = "+32470123456"
        lotte.national_register_number = "91030212345"
        uow.session.add(
            PayoutAccountRow(
                household_id="hh_ghent",
                iban=IBAN,
                holder_name="Lotte De Clercq",
                approved_by="test",
                approved_at=datetime(2026, 11, 1, tzinfo=UTC),
            )
        )
        member = world.users["affiliate"]
        case = open_case(
            uow,
            member,
            CaseOpening(
                person_id=world.people["affiliate"],
                narrative="phishing",
                discovery_date=date(2026, 11, 20),
                channel=Channel.PORTAL,
                guarantee_code="ASSIST",
            ),
            default_catalog(),
            clock,
        )
        uow.commit()
    return db, str(case.case_id)


def _found(db: Database, query: str) -> list[str]:
    with db.reader() as uow:
        return [hit.affiliation_id for hit in search_affiliations(uow, query, TODAY).hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("+32470123456", [GHENT_ID]),  # phone as stored
        ("470123456", [GHENT_ID]),  # a part of it
        ("91030212345", [GHENT_ID]),  # national register number
        (IBAN, [GHENT_ID]),
        ("BE71 0961 2345 6769", [GHENT_ID]),  # as printed: every group is a part of it
        ("BE71 9999", []),
    ],
)
def test_search_finds_an_affiliation_by_phone_number_iban(
    keyed: tuple[Database, str], query: str, expected: list[str]
) -> None:
    assert _found(keyed[0], query) == expected


def test_search_finds_an_affiliation_by_a_case_id(keyed: tuple[Database, str]) -> None:
    db, case_id = keyed
    assert _found(db, case_id) == [PEETERS]


def test_the_person_matched_by_phone_is_named(keyed: tuple[Database, str]) -> None:
    with keyed[0].reader() as uow:
        [hit] = search_affiliations(uow, "470123456", TODAY).hits
    assert [p.name for p in hit.matched] == ["Lotte De Clercq"]
