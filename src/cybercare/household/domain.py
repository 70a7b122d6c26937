"""The household: who lives under the affiliate's roof and who of them is insured (Art. 2, 9.7).

Pure rules on frozen snapshots. Every period is half-open: a person is a member on the days
`joined_on <= d < left_on`, an address applies on `from_date <= d < to_date`. History is never
deleted: a change closes the running period and opens a new one. Each operation returns a new
`Household` and the `HouseholdChange` records a service turns into audit and distributor events.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from cybercare.kernel.clauses import Art, Reason
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.product.model import LANGUAGES

ART_2_1 = Art("2.1")
ART_2_2 = Art("2.2")
ART_2_3 = Art("2.3")
ART_2_4 = Art("2.4")
ART_3_3 = Art("3.3")
ART_9_7 = Art("9.7")
MAJORITY_AGE = 18  # Belgian civil law, not a product choice


class Relationship(StrEnum):
    """A member's relationship to the affiliate (Art. 2.2); `other` is a non-family housemate."""

    AFFILIATE = "affiliate"
    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    SIBLING = "sibling"
    PARTNER_CHILD = "partner_child"
    PARTNER_PARENT = "partner_parent"
    PARTNER_GRANDPARENT = "partner_grandparent"
    PARTNER_GRANDCHILD = "partner_grandchild"
    PARTNER_SIBLING = "partner_sibling"
    OTHER = "other"


AFFILIATE = Relationship.AFFILIATE
COUPLE = frozenset({Relationship.SPOUSE, Relationship.PARTNER})


class NotFamily(Conflict):
    """Art. 2.2/2.3: a person who is not family of the affiliate cannot be an insured member."""

    code = "household.not_family"


@dataclass(frozen=True, slots=True)
class Person:
    person_id: str
    given_name: str
    family_name: str
    birth_date: date
    language: str  # Art. 11.4: nl, fr, de or en
    email: str | None = None
    phone: str | None = None
    national_register_number: str | None = None

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise InvalidInput("language", f"must be one of {', '.join(LANGUAGES)}")


@dataclass(frozen=True, slots=True)
class Membership:
    """One period of a person's membership: member on `joined_on <= d < left_on`."""

    person_id: str
    relationship: Relationship
    joined_on: date
    left_on: date | None = None

    def is_member_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)

    def is_insured(self, family_relationships: Collection[str]) -> bool:
        """Art. 2.1-2.3: the affiliate and family of the product's list; never a housemate."""
        return is_family(self.relationship, family_relationships)


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    number: str
    postcode: str
    city: str
    country: str  # ISO 3166-1 alpha-2
    box: str | None = None


@dataclass(frozen=True, slots=True)
class AddressPeriod:
    address: Address
    from_date: date
    to_date: date | None = None

    def contains(self, day: date) -> bool:
        return self.from_date <= day and (self.to_date is None or day < self.to_date)


@dataclass(frozen=True, slots=True)
class Household:
    """Snapshot of one affiliation's household: the people's current details and the history
    of memberships and addresses. A person has one membership per period and relationship."""

    people: tuple[Person, ...]
    memberships: tuple[Membership, ...]
    addresses: tuple[AddressPeriod, ...]

    @property
    def affiliates(self) -> tuple[Membership, ...]:
        """Who was the affiliate when: the memberships as `affiliate`, in date order."""
        mine = (m for m in self.memberships if m.relationship == Relationship.AFFILIATE)
        return tuple(sorted(mine, key=lambda m: m.joined_on))

    @property
    def start_date(self) -> date:
        """The affiliation's start: the first affiliate joined on it."""
        return self.affiliates[0].joined_on

    def person(self, person_id: str) -> Person:
        for person in self.people:
            if person.person_id == person_id:
                return person
        raise InvalidInput("person_id", f"{person_id!r} is not known in this household")


class HouseholdChangeKind(StrEnum):
    MEMBER_JOINED = "member_joined"
    MEMBER_LEFT = "member_left"
    RELATIONSHIP_REDECLARED = "relationship_redeclared"
    ADDRESS_CHANGED = "address_changed"
    AFFILIATE_DIED = "affiliate_died"
    AFFILIATE_REPLACED = "affiliate_replaced"


@dataclass(frozen=True, slots=True)
class HouseholdChange:
    """One fact for the audit trail and the distributor feed. `insured` is the person's status
    from `effective_date` on (None where it does not apply, e.g. an address change)."""

    kind: HouseholdChangeKind
    person_id: str | None
    effective_date: date
    article: Art
    relationship: Relationship | None = None
    insured: bool | None = None
    address: Address | None = None


@dataclass(frozen=True, slots=True)
class HouseholdUpdate:
    household: Household
    changes: tuple[HouseholdChange, ...]


def is_family(relationship: str, family_relationships: Collection[str]) -> bool:
    return relationship == Relationship.AFFILIATE or (
        relationship != Relationship.OTHER and relationship in family_relationships
    )


def new_household(affiliate: Person, address: Address, start_date: date) -> Household:
    """The household at subscription: the affiliate alone at the address from the start date."""
    return Household(
        people=(affiliate,),
        memberships=(Membership(affiliate.person_id, Relationship.AFFILIATE, start_date),),
        addresses=(AddressPeriod(address, start_date),),
    )


# --- questions -------------------------------------------------------------------------------


def memberships_on(household: Household, day: date) -> tuple[Membership, ...]:
    return tuple(m for m in household.memberships if m.is_member_on(day))


def living_there_on(household: Household, day: date) -> tuple[Person, ...]:
    """Everyone recorded at the address on `day`: insured members and housemates (Art. 6.2)."""
    return tuple(household.person(m.person_id) for m in memberships_on(household, day))


def insured_on(
    household: Household, day: date, family_relationships: Collection[str]
) -> tuple[Person, ...]:
    """Who was insured on `day` (Art. 2.1-2.3), as far as the household goes; whether the
    affiliation itself was in force that day is `policy.status_on`'s question."""
    return tuple(
        household.person(m.person_id)
        for m in memberships_on(household, day)
        if m.is_insured(family_relationships)
    )


def not_insured_on(
    household: Household, person_id: str, day: date, family_relationships: Collection[str]
) -> Art | None:
    """Why `person_id` was not insured on `day`, or None when they were (Art. 2.1-2.3).

    Art. 2.3 only for a person who lived at the address that day without being family; a person
    who was no member that day (joined later, or had left: Art. 9.7 keeps the dates) is outside
    Art. 2.1. Insurance is judged on the incident's day, never on the day it is declared."""
    present = [m for m in memberships_on(household, day) if m.person_id == person_id]
    if any(m.is_insured(family_relationships) for m in present):
        return None
    return ART_2_3 if present else ART_2_1


def ever_insured(
    household: Household, person_id: str, family_relationships: Collection[str]
) -> bool:
    """Whether `person_id` was an insured member on some day (Art. 2.1, 9.7: a member who left
    may still declare an incident from when they were insured)."""
    return any(
        m.person_id == person_id and m.is_insured(family_relationships)
        for m in household.memberships
    )


def affiliate_on(household: Household, day: date) -> Person | None:
    for membership in household.affiliates:
        if membership.is_member_on(day):
            return household.person(membership.person_id)
    return None


def address_on(household: Household, day: date) -> Address | None:
    for period in household.addresses:
        if period.contains(day):
            return period.address
    return None


def is_minor(person: Person, day: date) -> bool:
    """Art. 2.4: under 18 on `day` (completed years; someone born on 29 February completes a
    year on 1 March in common years). Minors are insured; a legal representative acts."""
    birth = person.birth_date
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return age < MAJORITY_AGE


def legal_representatives_of(household: Household, minor_id: str, day: date) -> tuple[Person, ...]:
    """Art. 2.4/11.3: the household members who represent a minor on `day`.

    A `child` is represented by the affiliate and the affiliate's spouse or partner, a
    `partner_child` by that spouse or partner. Nobody in the household represents an adult or a
    minor of another relationship: the empty tuple sends such a case to staff."""
    membership = _membership_on(household, minor_id, day)
    if not is_minor(household.person(minor_id), day):
        return ()
    present = memberships_on(household, day)
    couple = tuple(m.person_id for m in present if m.relationship in COUPLE)
    affiliate = tuple(m.person_id for m in present if m.relationship == Relationship.AFFILIATE)
    if membership.relationship == Relationship.CHILD:
        ids = affiliate + couple
    elif membership.relationship == Relationship.PARTNER_CHILD:
        ids = couple
    else:
        ids = ()
    return tuple(household.person(pid) for pid in ids)


# --- changes ---------------------------------------------------------------------------------


def check_new_member(
    household: Household,
    person: Person,
    relationship: Relationship,
    joined_on: date,
    family_relationships: Collection[str],
    *,
    insured: bool = True,
) -> Reason:
    """Can `person` join on `joined_on`? `insured=True` declares an insured family member;
    `insured=False` records someone who lives there without being insured (Art. 2.3)."""
    if relationship == Relationship.AFFILIATE:
        raise _refused("affiliate_exists", ART_9_7)  # the affiliate changes only on death
    family = is_family(relationship, family_relationships)
    if insured and not family:
        raise NotFamily(
            f"a {relationship} of the affiliate is not family and cannot be insured",
            clause=str(ART_2_3 if relationship == Relationship.OTHER else ART_2_2),
            params={"relationship": str(relationship), "family": tuple(family_relationships)},
        )
    if not insured and family:
        raise _refused("family_is_insured", ART_2_1, relationship=str(relationship))
    if joined_on < household.start_date:
        raise _refused("join_before_start", ART_9_7, on=joined_on, start=household.start_date)
    if affiliate_on(household, joined_on) is None:
        raise _refused("no_affiliate", ART_9_7, on=joined_on)
    for m in household.memberships:
        if m.person_id == person.person_id and (m.left_on is None or m.left_on > joined_on):
            raise _refused("already_member", ART_9_7, person_id=m.person_id, since=m.joined_on)
    if family:
        return Reason("household.family_member_insured", ART_2_2, {"relationship": relationship})
    return Reason("household.housemate_not_insured", ART_2_3, {"relationship": relationship})


def add_member(
    household: Household,
    person: Person,
    relationship: Relationship,
    joined_on: date,
    family_relationships: Collection[str],
    *,
    insured: bool = True,
) -> HouseholdUpdate:
    """Art. 9.7: a member joins from `joined_on` (checked by `check_new_member`); the person's
    details replace any earlier record of the same person."""
    check_new_member(
        household, person, relationship, joined_on, family_relationships, insured=insured
    )
    others = tuple(p for p in household.people if p.person_id != person.person_id)
    joined = Membership(person.person_id, relationship, joined_on)
    updated = _with_memberships(household, (*household.memberships, joined))
    updated = replace(updated, people=(*others, person))
    kind = HouseholdChangeKind.MEMBER_JOINED
    change = HouseholdChange(kind, person.person_id, joined_on, ART_9_7, relationship, insured)
    return HouseholdUpdate(updated, (change,))


def member_leaves(household: Household, person_id: str, left_on: date) -> HouseholdUpdate:
    """Art. 9.7: the member is no longer a member from `left_on` on; the history stays.

    The membership that contains the day before `left_on` ends (an earlier date also brings a
    recorded future departure forward)."""
    membership = _membership_on(household, person_id, left_on - timedelta(days=1))
    if membership.relationship == Relationship.AFFILIATE:
        # the affiliation is terminated (Art. 9.4) or the affiliate dies (Art. 9.7)
        raise _refused("affiliate_cannot_leave", ART_9_7, person_id=person_id)
    return HouseholdUpdate(_close(household, membership, left_on), (_left(membership, left_on),))


def move_household(
    household: Household,
    address: Address,
    moved_on: date,
    moving: Iterable[str],
    residence_countries: Collection[str],
) -> HouseholdUpdate:
    """Art. 9.7: the household lives at `address` from `moved_on`. The affiliate moves, with
    the members named in `moving`; every other member leaves on `moved_on`. Art. 3.3: the new
    address is in one of the product's residence countries."""
    if address.country.upper() not in {c.upper() for c in residence_countries}:
        raise _refused("residence_abroad", ART_3_3, country=address.country)
    current = household.addresses[-1]
    if current.to_date is not None or moved_on <= current.from_date:
        raise _refused("move_out_of_order", ART_9_7, on=moved_on, since=current.from_date)
    present = memberships_on(household, moved_on)
    movers = set(moving)
    if unknown := movers - {m.person_id for m in present}:
        raise InvalidInput("moving", f"not members on {moved_on}: {sorted(unknown)}")
    closed = (replace(current, to_date=moved_on), AddressPeriod(address, moved_on))
    updated = replace(household, addresses=(*household.addresses[:-1], *closed))
    kind = HouseholdChangeKind.ADDRESS_CHANGED
    changes = [HouseholdChange(kind, None, moved_on, ART_9_7, address=address)]
    for m in present:
        if m.person_id not in movers and m.relationship != Relationship.AFFILIATE:
            updated = _close(updated, m, moved_on)
            changes.append(_left(m, moved_on))
    return HouseholdUpdate(updated, tuple(changes))


def affiliate_dies(
    household: Household,
    died_on: date,
    new_affiliate_id: str,
    relationships: Mapping[str, Relationship],
    family_relationships: Collection[str],
) -> HouseholdUpdate:
    """Art. 9.7: the affiliate died on `died_on`; the contract follows the household.

    The deceased is a member up to and including the day of death; from the next day the adult
    insured member `new_affiliate_id` is the affiliate and every other member's relationship is
    the one `relationships` declares relative to them. A member re-declared as not family stops
    being insured that day but stays recorded as living there (a housemate, Art. 2.3)."""
    deceased = affiliate_on(household, died_on)
    if deceased is None:
        raise _refused("no_affiliate", ART_9_7, on=died_on)
    takeover_on = died_on + timedelta(days=1)
    deceased_membership = _membership_on(household, deceased.person_id, died_on)
    if deceased_membership.left_on is not None:
        raise _refused("affiliate_already_replaced", ART_9_7, since=deceased_membership.left_on)
    successor = _membership_on(household, new_affiliate_id, died_on)
    if new_affiliate_id == deceased.person_id or not successor.is_insured(family_relationships):
        raise _refused("successor_not_insured", ART_9_7, person_id=new_affiliate_id)
    if is_minor(household.person(new_affiliate_id), died_on):
        raise _refused("successor_is_minor", ART_2_4, person_id=new_affiliate_id, on=died_on)
    if any(m.joined_on > takeover_on for m in household.memberships):
        raise _refused("later_changes_recorded", ART_9_7, after=takeover_on)
    others = [
        m
        for m in memberships_on(household, takeover_on)
        if m.person_id not in (deceased.person_id, new_affiliate_id)
    ]
    expected = {m.person_id for m in others}
    if expected != set(relationships) or Relationship.AFFILIATE in relationships.values():
        raise InvalidInput(
            "relationships",
            f"declare each other member, and only them, relative to the new affiliate, none "
            f"as affiliate (members: {sorted(expected)}, declared: {sorted(relationships)})",
        )
    updated = _close(household, deceased_membership, takeover_on)
    died = HouseholdChangeKind.AFFILIATE_DIED
    changes = [HouseholdChange(died, deceased.person_id, died_on, ART_9_7, AFFILIATE, False)]
    declared = {new_affiliate_id: Relationship.AFFILIATE} | {
        m.person_id: relationships[m.person_id] for m in others
    }
    for person_id, relationship in declared.items():
        current = _membership_on(updated, person_id, takeover_on)
        if current.relationship == relationship:
            continue
        updated = _redeclare(updated, current, relationship, takeover_on)
        kind = (
            HouseholdChangeKind.AFFILIATE_REPLACED
            if relationship == Relationship.AFFILIATE
            else HouseholdChangeKind.RELATIONSHIP_REDECLARED
        )
        insured = is_family(relationship, family_relationships)
        changes.append(
            HouseholdChange(kind, person_id, takeover_on, ART_9_7, relationship, insured)
        )
    return HouseholdUpdate(updated, tuple(changes))


# --- helpers ---------------------------------------------------------------------------------


def _refused(code: str, article: Art, **params: object) -> Conflict:
    """A refusal: the edge renders the text from the code, the article and the parameters."""
    details = ", ".join(f"{key}={value}" for key, value in params.items())
    return Conflict(
        f"household.{code} ({article}) {details}".rstrip(),
        code=f"household.{code}",
        clause=str(article),
        params=params,
    )


def _left(membership: Membership, left_on: date) -> HouseholdChange:
    kind = HouseholdChangeKind.MEMBER_LEFT
    return HouseholdChange(
        kind, membership.person_id, left_on, ART_9_7, membership.relationship, False
    )


def _membership_on(household: Household, person_id: str, day: date) -> Membership:
    for m in household.memberships:
        if m.person_id == person_id and m.is_member_on(day):
            return m
    raise _refused("not_a_member", ART_9_7, person_id=person_id, on=day)


def _redeclare(
    household: Household, membership: Membership, relationship: Relationship, from_date: date
) -> Household:
    """From `from_date` on the member has `relationship`; a later recorded departure stays."""
    renewed = Membership(membership.person_id, relationship, from_date, membership.left_on)
    if membership.joined_on == from_date:  # joined that very day: only the new record remains
        others = tuple(m for m in household.memberships if m != membership)
        household = replace(household, memberships=others)
    else:
        household = _close(household, membership, from_date)
    return _with_memberships(household, (*household.memberships, renewed))


def _with_memberships(household: Household, memberships: Iterable[Membership]) -> Household:
    """Memberships in the order people joined (stable: as recorded within a day)."""
    return replace(household, memberships=tuple(sorted(memberships, key=lambda m: m.joined_on)))


def _close(household: Household, membership: Membership, left_on: date) -> Household:
    """End `membership` on `left_on` (exclusive); it must have lasted at least one day."""
    if left_on <= membership.joined_on:
        raise _refused("leave_before_join", ART_9_7, joined_on=membership.joined_on, on=left_on)
    memberships = tuple(
        replace(m, left_on=left_on) if m == membership else m for m in household.memberships
    )
    return replace(household, memberships=memberships)
