"""A member's own profile: the phone number the insurer calls them on (Art. 8.1, 8.4, 11.3).

The "I need help now" call-back prefills this number, the report result page asks for it and
the agent's case workspace shows it. A signed-in member reads and sets (or clears) the number
of THEIR OWN person only: another household member's details are not theirs to change, even
for the affiliate (Art. 11.3, `NotYourProfile`). The number is normalised to E.164 with the
same validator the call-back uses (`household.validation.phone_number`); the change is audited
in the caller's unit of work with the numbers masked, as the audit trail keeps no contact
details in clear (the agent's reads of them are logged, Art. 11.1).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import Person
from cybercare.household.validation import phone_display, phone_number
from cybercare.identity.domain import Principal
from cybercare.kernel.clauses import Art
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Forbidden
from cybercare.policy import repository

ART_11_3 = Art("11.3")
PHONE = "phone"


class NotYourProfile(Forbidden):
    """Art. 11.3: a member changes their own details only; staff have no person."""

    code = "profile.not_yours"


@dataclass(frozen=True, slots=True)
class Phone:
    """The member's number: E.164 as stored, and as people read it ("+32 470 12 34 56")."""

    e164: str | None
    display: str

    @property
    def is_set(self) -> bool:
        return self.e164 is not None


def my_phone(uow: UnitOfWork, principal: Principal) -> Phone:
    """The signed-in member's number (empty when the profile has none)."""
    return _phone_of(_me(uow, principal, principal.person_id)[1])


def set_my_phone(
    uow: UnitOfWork,
    principal: Principal,
    phone: str,
    clock: Clock,
    *,
    person_id: str | None = None,
) -> Phone:
    """Set the member's own number (national numbers read as Belgian), or clear it when `phone`
    is blank. `person_id`, when given, must be the member's own person (Art. 11.3). Invalid
    input raises `InvalidInput("phone", ...)`. The caller commits."""
    household_id, person = _me(uow, principal, person_id or principal.person_id)
    new = phone_number(phone, PHONE) if phone.strip() else None
    old = person.phone
    if new == old:
        return _phone_of(person)
    household = repository.load_household(uow, household_id)
    changed = replace(person, phone=new)
    people = tuple(changed if p.person_id == person.person_id else p for p in household.people)
    repository.save_household(uow, household_id, replace(household, people=people))
    trail.record(
        uow,
        at=clock.now(),
        actor=principal.actor,
        action="person.phone_changed" if new else "person.phone_cleared",
        subject_type="person",
        subject_id=person.person_id,
        clause=str(ART_11_3),
        details={"old": masked(old), "new": masked(new)},
    )
    return _phone_of(changed)


def masked(e164: str | None) -> str | None:
    """A number as the audit trail keeps it: its country code and last two digits only."""
    if e164 is None:
        return None
    return f"{e164[:3]}…{e164[-2:]}" if len(e164) > 5 else "…"


def _phone_of(person: Person) -> Phone:
    return Phone(person.phone, phone_display(person.phone) if person.phone else "")


def _me(uow: UnitOfWork, principal: Principal, person_id: str | None) -> tuple[str, Person]:
    if not principal.is_member or principal.household_id is None:
        raise NotYourProfile("staff have no member profile", clause=str(ART_11_3))
    if person_id != principal.person_id:
        raise NotYourProfile("a member changes only their own phone number", clause=str(ART_11_3))
    household = repository.load_household(uow, principal.household_id)
    for person in household.people:
        if person.person_id == person_id:
            return principal.household_id, person
    raise NotYourProfile("the member's person is not in their household", clause=str(ART_11_3))


__all__ = ["NotYourProfile", "Phone", "masked", "my_phone", "phone_display", "set_my_phone"]
