"""Staff search of affiliations and their members.

The query is cut into words; an affiliation is found when every word matches one of: its id,
its household id, the distributor's customer reference, the given name, family name, e-mail
(the contact e-mail or the portal login), phone or national register number of a person of the
household (as stored: `+32470123456`, `80050112345`), the postcode or city of the household's
current address, an approved payout IBAN of the household (a spaced IBAN matches too: each of
its groups is a part of it) or the id of one of its cases. Matching is case-insensitive on a
part of the text ("peet" finds Peeters); the wildcards `%` and `_` typed by a user are taken
literally.

Each hit says which people of the household matched, so a search by a member's name shows
that member beside the affiliate. At most `limit` hits, and whether there were more.

The values are here; the query is `search_queries.search_affiliations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MAX_WORDS = 6
MAX_QUERY = 200
DEFAULT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class PersonHit:
    person_id: str
    name: str
    relationship: str | None  # None: no longer (or not yet) a member today


@dataclass(frozen=True, slots=True)
class SearchHit:
    affiliation_id: str
    household_id: str
    customer_ref: str
    distributor: str
    distributor_name: str
    status: str
    start_date: date
    affiliate_name: str | None
    postcode: str | None
    city: str | None
    members: int  # people of the household today
    matched: tuple[PersonHit, ...]  # people whose name, e-mail, phone or number matched a word

    @property
    def also_matched(self) -> tuple[PersonHit, ...]:
        """The people worth naming beside the affiliate: those who matched, unless the whole
        household did (a search by the family name)."""
        if len(self.matched) >= self.members:
            return ()
        return tuple(p for p in self.matched if p.relationship != "affiliate")


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    words: tuple[str, ...]
    hits: tuple[SearchHit, ...]
    more: bool  # more affiliations matched than shown


def words_of(query: str) -> tuple[str, ...]:
    """The words searched for: at most MAX_WORDS, duplicates dropped, lower case."""
    seen: list[str] = []
    for word in query[:MAX_QUERY].lower().split():
        if word not in seen:
            seen.append(word)
    return tuple(seen[:MAX_WORDS])
