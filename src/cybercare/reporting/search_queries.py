"""The staff search's query: affiliations and members by name, e-mail (of the person or of
the login), phone, national register number, postcode or city, customer reference, affiliation
or household id, an approved payout IBAN or a case id (`reporting.search` holds the values it
returns). Every word must match somewhere in the household; today's members and addresses only
(the people matched are every person of the household, as before)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    and_,
    exists,
    false,
    intersect,
    or_,
    select,
    union,
)
from sqlalchemy.orm import InstrumentedAttribute

from cybercare.db.tables import (
    AddressRow,
    AffiliationRow,
    CaseRow,
    DistributorRow,
    MembershipRow,
    PayoutAccountRow,
    PersonRow,
    UserRow,
)
from cybercare.db.uow import UnitOfWork
from cybercare.reporting.search import DEFAULT_LIMIT, PersonHit, SearchHit, SearchResult, words_of

Column = InstrumentedAttribute[str] | InstrumentedAttribute[str | None]


def _member_on(today: date) -> ColumnElement[bool]:
    return and_(
        MembershipRow.joined_on <= today,
        or_(MembershipRow.left_on.is_(None), MembershipRow.left_on > today),
    )


def _address_on(today: date) -> ColumnElement[bool]:
    return and_(
        AddressRow.from_date <= today,
        or_(AddressRow.to_date.is_(None), AddressRow.to_date > today),
    )


def _like(column: Column, word: str) -> ColumnElement[bool]:
    """`word` anywhere in `column`, case-insensitive; `%` and `_` typed by a user are literal."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _person_matches(word: str) -> ColumnElement[bool]:
    login = exists().where(UserRow.person_id == PersonRow.id, _like(UserRow.email, word))
    return or_(
        _like(PersonRow.given_name, word),
        _like(PersonRow.family_name, word),
        _like(PersonRow.email, word),
        _like(PersonRow.phone, word),
        _like(PersonRow.national_register_number, word),
        login,
    )


def _households_matching(word: str, today: date) -> CompoundSelect[str]:
    """The households where `word` matches something, one branch per table it may match in.

    Each branch starts from the rows that match (on PostgreSQL through the trigram indexes of
    migration 0034), so its cost follows the matches, not the size of the book. A superset of
    the households of the affiliations `_word_matches` finds: the search intersects these sets
    over the words first, then checks each remaining affiliation exactly."""
    a = AffiliationRow
    return union(
        select(a.household_id).where(
            or_(_like(a.id, word), _like(a.household_id, word), _like(a.customer_ref, word))
        ),
        select(PersonRow.household_id).where(
            or_(
                _like(PersonRow.given_name, word),
                _like(PersonRow.family_name, word),
                _like(PersonRow.email, word),
                _like(PersonRow.phone, word),
                _like(PersonRow.national_register_number, word),
            )
        ),
        select(PersonRow.household_id)
        .join(UserRow, UserRow.person_id == PersonRow.id)
        .where(_like(UserRow.email, word)),
        select(AddressRow.household_id).where(
            _address_on(today), or_(_like(AddressRow.postcode, word), _like(AddressRow.city, word))
        ),
        select(PayoutAccountRow.household_id).where(_like(PayoutAccountRow.iban, word)),
        select(CaseRow.household_id).where(_like(CaseRow.id, word)),
    )


def _word_matches(word: str, today: date) -> ColumnElement[bool]:
    """The same set as `_affiliations_matching`, as an OR of correlated EXISTS: SQLite reads
    the whole book either way (it has no trigram index) and stops at the first match of each
    affiliation this way, about twice as fast there as the union (bench/scale_sqlite.py)."""
    person = exists().where(
        PersonRow.household_id == AffiliationRow.household_id, _person_matches(word)
    )
    place = exists().where(
        AddressRow.household_id == AffiliationRow.household_id,
        _address_on(today),
        or_(_like(AddressRow.postcode, word), _like(AddressRow.city, word)),
    )
    account = exists().where(
        PayoutAccountRow.household_id == AffiliationRow.household_id,
        _like(PayoutAccountRow.iban, word),
    )
    case = exists().where(
        CaseRow.household_id == AffiliationRow.household_id, _like(CaseRow.id, word)
    )
    return or_(
        _like(AffiliationRow.id, word),
        _like(AffiliationRow.household_id, word),
        _like(AffiliationRow.customer_ref, word),
        person,
        place,
        account,
        case,
    )


def search_affiliations(
    uow: UnitOfWork, query: str, today: date, *, limit: int = DEFAULT_LIMIT
) -> SearchResult:
    words = words_of(query)
    if not words:
        return SearchResult(query, words, (), more=False)
    matches = [_word_matches(w, today) for w in words]
    if uow.session.get_bind().dialect.name == "postgresql":
        # The households every word matches in, from the trigram indexes, intersected: the
        # exact check above then runs on a few affiliations, not on the whole book. (SQLite
        # has no such index and reads the book either way: the OR of EXISTS stops earliest.)
        candidates = intersect(*(_households_matching(w, today) for w in words))
        matches.append(AffiliationRow.household_id.in_(candidates))
    rows = list(
        uow.session.execute(
            select(
                AffiliationRow.id,
                AffiliationRow.household_id,
                AffiliationRow.customer_ref,
                AffiliationRow.distributor_code,
                DistributorRow.name,
                AffiliationRow.status,
                AffiliationRow.start_date,
            )
            .join(DistributorRow, DistributorRow.code == AffiliationRow.distributor_code)
            .where(*matches)
            .order_by(AffiliationRow.start_date.desc(), AffiliationRow.id)
            .limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    households = {row.household_id for row in rows}
    people = _people(uow, households, today)
    addresses = _addresses(uow, households, today)
    matched = _matched_people(uow, households, words)
    hits = []
    for row in rows:
        members = people.get(row.household_id, {})
        affiliate = next(
            (name for name, relationship in members.values() if relationship == "affiliate"), None
        )
        postcode, city = addresses.get(row.household_id, (None, None))
        hits.append(
            SearchHit(
                affiliation_id=row.id,
                household_id=row.household_id,
                customer_ref=row.customer_ref,
                distributor=row.distributor_code,
                distributor_name=row.name,
                status=row.status,
                start_date=row.start_date,
                affiliate_name=affiliate,
                postcode=postcode,
                city=city,
                members=len(members),
                matched=tuple(
                    PersonHit(
                        person_id, name, members[person_id][1] if person_id in members else None
                    )
                    for person_id, name in matched.get(row.household_id, ())
                ),
            )
        )
    return SearchResult(query, words, tuple(hits), more)


def _people(
    uow: UnitOfWork, households: Iterable[str], today: date
) -> dict[str, dict[str, tuple[str, str]]]:
    """household -> person -> (name, relationship) of today's members."""
    found: dict[str, dict[str, tuple[str, str]]] = {}
    rows = uow.session.execute(
        select(
            MembershipRow.household_id,
            PersonRow.id,
            PersonRow.given_name,
            PersonRow.family_name,
            MembershipRow.relationship,
        )
        .join(PersonRow, PersonRow.id == MembershipRow.person_id)
        .where(MembershipRow.household_id.in_(list(households)), _member_on(today))
        .order_by(MembershipRow.joined_on, MembershipRow.id)
    )
    for household, person, given, family, relationship in rows:
        found.setdefault(household, {})[person] = (f"{given} {family}", relationship)
    return found


def _addresses(
    uow: UnitOfWork, households: Iterable[str], today: date
) -> dict[str, tuple[str, str]]:
    rows = uow.session.execute(
        select(AddressRow.household_id, AddressRow.postcode, AddressRow.city)
        .where(AddressRow.household_id.in_(list(households)), _address_on(today))
        .order_by(AddressRow.from_date)
    )
    return {household: (postcode, city) for household, postcode, city in rows}


def _matched_people(
    uow: UnitOfWork, households: Iterable[str], words: tuple[str, ...]
) -> dict[str, list[tuple[str, str]]]:
    """household -> (person, name) of the people whose name or e-mail matched some word."""
    any_word = or_(false(), *(_person_matches(word) for word in words))
    found: dict[str, list[tuple[str, str]]] = {}
    rows = uow.session.execute(
        select(PersonRow.household_id, PersonRow.id, PersonRow.given_name, PersonRow.family_name)
        .where(PersonRow.household_id.in_(list(households)), any_word)
        .order_by(PersonRow.family_name, PersonRow.given_name, PersonRow.id)
    )
    for household, person, given, family in rows:
        found.setdefault(household, []).append((person, f"{given} {family}"))
    return found
