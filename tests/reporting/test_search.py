"""Staff search on both databases: an affiliation is found by each key — a member's name, a
contact or login e-mail, the customer reference, the affiliation id, the postcode or city —
every word of the query must match, and wildcards typed by staff are taken literally."""

from __future__ import annotations

from datetime import date

import pytest

from cybercare.db.uow import Database
from cybercare.kernel.clock import FixedClock
from cybercare.reporting.search import words_of
from cybercare.reporting.search_queries import search_affiliations
from tests.assistance.builders import household_world
from tests.reporting.builders import GHENT_EMAIL, GHENT_ID, GHENT_REF, add_ghent_household

TODAY = date(2026, 11, 27)
PEETERS = "aff_test"


@pytest.fixture
def two_households(db: Database, clock: FixedClock) -> Database:
    household_world(db, clock, with_staff=False)
    add_ghent_household(db)
    return db


def _found(db: Database, query: str) -> list[str]:
    with db.reader() as uow:
        return [hit.affiliation_id for hit in search_affiliations(uow, query, TODAY).hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Peeters", [PEETERS]),  # family name
        ("lotte", [GHENT_ID]),  # given name, any case
        ("De Clercq", [GHENT_ID]),  # two words, both must match
        (GHENT_EMAIL, [GHENT_ID]),  # contact e-mail of the person
        ("adult_child@peeters.example", [PEETERS]),  # portal login e-mail
        (GHENT_REF, [GHENT_ID]),  # the distributor's customer reference
        ("aff_test", [PEETERS]),  # affiliation id
        ("9000", [GHENT_ID]),  # postcode
        ("gent", [GHENT_ID]),  # city
        ("Brussels", [PEETERS]),
        ("Peeters 9000", []),  # every word must match the same affiliation
        ("Nobody", []),
    ],
)
def test_search_finds_an_affiliation_by_each_key(
    two_households: Database, query: str, expected: list[str]
) -> None:
    assert _found(two_households, query) == expected


def test_a_hit_names_the_household_and_the_members_who_matched(two_households: Database) -> None:
    with two_households.reader() as uow:
        result = search_affiliations(uow, "Dina", TODAY)
    [hit] = result.hits
    assert (hit.affiliation_id, hit.status, hit.distributor_name) == (PEETERS, "active", "Proxi")
    assert hit.affiliate_name == "An Peeters"
    assert (hit.postcode, hit.city) == ("1000", "Brussels")
    assert hit.members == 6  # five family members and the housemate (recorded, Art. 2.3)
    assert [(p.name, p.relationship) for p in hit.matched] == [("Dina Peeters", "child")]
    assert hit.also_matched == hit.matched


def test_a_search_matching_the_whole_household_names_no_one_in_particular(
    two_households: Database,
) -> None:
    with two_households.reader() as uow:
        [hit] = search_affiliations(uow, "peeters", TODAY).hits
    assert len(hit.matched) == hit.members and hit.also_matched == ()


def test_wildcards_typed_by_staff_are_taken_literally(two_households: Database) -> None:
    assert _found(two_households, "%") == []
    assert _found(two_households, "aff%test") == []  # as a wildcard: aff_test
    assert _found(two_households, "a_f") == []  # as a wildcard: aff_...
    assert _found(two_households, "aff_g") == [GHENT_ID]


def test_only_the_first_hits_are_returned_with_a_note_that_there_are_more(
    two_households: Database,
) -> None:
    with two_households.reader() as uow:
        result = search_affiliations(uow, "aff", TODAY, limit=1)
    assert len(result.hits) == 1 and result.more


def test_an_empty_query_searches_nothing_and_words_are_deduplicated() -> None:
    assert words_of("   ") == ()
    assert words_of("Peeters peeters  1000") == ("peeters", "1000")
