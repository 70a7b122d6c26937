"""A household of an existing book, checked line by line before it is imported (issue 18).

Pure: a raw record (what one JSONL line or a group of CSV rows says, `book.formats`) in, a
checked household out, or every problem of the line with its line number. The rules are the
ones a subscription applies, called, never copied: the person validators of
`household.validation`, the household rules of `household.domain` (Art. 2, 9.7), the
subscription rules of `policy.domain` (Art. 1.4, 3.2, 7.1), the mandate rules of
`billing.mandate`; the account check (IBAN, BIC) is passed in, as the billing service's.

Added for an existing book only: the affiliate is of age on the subscription date (Art. 2.4 has
minors insured, represented by an adult; the household's successor rule refuses a minor too),
a member does not join before being born, and the file names a person, a household or a
mandate once (`BookIndex`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from cybercare.billing import mandate as mandate_rules
from cybercare.billing.mandate import Mandate, MandateChannel
from cybercare.household import domain as household_domain
from cybercare.household import validation
from cybercare.household.domain import (
    ART_2_4,
    Address,
    Household,
    HouseholdChange,
    Person,
    Relationship,
)
from cybercare.kernel.errors import DomainError, InvalidInput
from cybercare.policy import domain as policy_domain
from cybercare.policy import lifecycle
from cybercare.policy.domain import Affiliation
from cybercare.product.model import ProductVersion

T = TypeVar("T")

NewId = Callable[[str], str]  # prefix -> a new id ("aff" -> "aff_7H3K9Q2M4X1P")
# The billing service's account check: IBAN (checksum, SEPA zone, Belgian check digits) and the
# BIC of its bank code -> (compact IBAN, BIC); refusals name the field "iban" or "bic".
AccountCheck = Callable[[str, str | None], tuple[str, str]]

CUSTOMER_REF_MAX = 64
_ADDRESS_LIMITS = {"street": 200, "number": 20, "box": 20, "city": 100}


@dataclass(frozen=True, slots=True)
class RawHousehold:
    """One household as the file says it: nested values (text, numbers, booleans) as in a JSONL
    line, `line` its (first) line, `member_lines` the line of each member where they have their
    own (CSV), so a problem names the line to fix."""

    line: int
    data: Mapping[str, Any]
    member_lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """Why a line cannot be imported: the line, the field (a dotted path), the message, and the
    clause of the terms when a rule of them refuses."""

    line: int
    field: str
    message: str
    clause: str | None = None

    def __str__(self) -> str:
        clause = f" ({self.clause})" if self.clause else ""
        return f"line {self.line}: {self.field}: {self.message}{clause}"


@dataclass(frozen=True, slots=True)
class BookHousehold:
    """A household that may be imported: the affiliation and household a subscription would
    have created, the member changes it reports, its mandate and what was paid before."""

    line: int
    customer_ref: str
    affiliation: Affiliation
    household: Household
    household_changes: tuple[HouseholdChange, ...]
    mandate: Mandate | None
    paid_until: date | None
    people_lines: tuple[tuple[str, int], ...]  # national register number -> line, for the index


class LineRefused(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = tuple(problems)


@dataclass
class _Checker:
    raw: RawHousehold
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, field_path: str) -> int:
        parts = field_path.split(".")
        if len(parts) > 1 and parts[0] == "members" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(self.raw.member_lines):
                return self.raw.member_lines[index]
        return self.raw.line

    def add(self, field_path: str, message: str, clause: str | None = None) -> None:
        self.problems.append(Problem(self.line_of(field_path), field_path, message, clause))

    def run(self, field_path: str, check: Callable[[], T], prefix: str = "") -> T | None:
        """`check()`'s value, or None with its refusal recorded: an invalid input against the
        fields it names (after `prefix`), any other refusal of a rule against `field_path`."""
        try:
            return check()
        except InvalidInput as error:
            for name, message in error.errors:
                self.add(f"{prefix}{name}", message, error.clause)
        except DomainError as error:
            self.add(field_path, error.message, error.clause)
        return None


def _value(data: Mapping[str, Any], key: str) -> str:
    """A value as text for a validator ("" when absent: the validator says what is missing)."""
    value = data.get(key)
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _present(value: object) -> bool:
    return value is not None and value != ""


def _text(c: _Checker, data: Mapping[str, Any], key: str, where: str, limit: int) -> str | None:
    value = data.get(key)
    path = f"{where}{key}"
    if not isinstance(value, str) or not value.strip():
        c.add(path, "is required (text)")
        return None
    text = value.strip()
    if len(text) > limit:
        c.add(path, f"must be at most {limit} characters long")
        return None
    return text


def _optional_text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date(c: _Checker, value: object, path: str, *, required: bool = True) -> date | None:
    if not _present(value):
        if required:
            c.add(path, "is required (a date, YYYY-MM-DD)")
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    c.add(path, f"{value!r} is not a date (YYYY-MM-DD)")
    return None


def _mapping(c: _Checker, value: object, path: str) -> Mapping[str, Any] | None:
    if isinstance(value, Mapping):
        return value
    c.add(path, "is required (an object)")
    return None


def _person(
    c: _Checker, data: Mapping[str, Any], where: str, today: date, new_id: NewId
) -> Person | None:
    given = c.run(
        f"{where}given_name",
        lambda: validation.person_name(_value(data, "given_name"), f"{where}given_name"),
    )
    family = c.run(
        f"{where}family_name",
        lambda: validation.person_name(_value(data, "family_name"), f"{where}family_name"),
    )
    born = _date(c, data.get("birth_date"), f"{where}birth_date")
    if born is not None:
        born = c.run(
            f"{where}birth_date", lambda: validation.birth_date(born, today, f"{where}birth_date")
        )
    language = c.run(
        f"{where}language",
        lambda: validation.language(_value(data, "language"), f"{where}language"),
    )
    email = phone = number = None
    if _present(data.get("email")):
        email = c.run(
            f"{where}email", lambda: validation.email_address(data["email"], f"{where}email")
        )
    if _present(data.get("phone")):
        phone = c.run(
            f"{where}phone", lambda: validation.phone_number(str(data["phone"]), f"{where}phone")
        )
    if _present(data.get("national_register_number")):
        number = c.run(
            f"{where}national_register_number",
            lambda: validation.national_register_number(
                str(data["national_register_number"]), born, f"{where}national_register_number"
            ),
        )
    if given is None or family is None or born is None or language is None:
        return None
    return Person(new_id("per"), given, family, born, language, email, phone, number)


def _address(c: _Checker, data: Mapping[str, Any] | None) -> Address | None:
    if data is None:
        return None
    street = _text(c, data, "street", "address.", _ADDRESS_LIMITS["street"])
    number = _text(c, data, "number", "address.", _ADDRESS_LIMITS["number"])
    city = _text(c, data, "city", "address.", _ADDRESS_LIMITS["city"])
    box = _optional_text(data.get("box"))
    if box is not None and len(box) > _ADDRESS_LIMITS["box"]:
        c.add("address.box", f"must be at most {_ADDRESS_LIMITS['box']} characters long")
    postcode = c.run(
        "address.postcode",
        lambda: validation.belgian_postcode(_value(data, "postcode"), "address.postcode"),
    )
    country = data.get("country") or "BE"
    if country != "BE":
        c.add("address.country", "the insured household lives in Belgium", "Art. 3.3")
    if street is None or number is None or city is None or postcode is None:
        return None
    return Address(street, number, postcode, city, "BE", box)


def _declarations(c: _Checker, value: object) -> dict[str, bool] | None:
    if not isinstance(value, Mapping):
        c.add("prevention_declarations", "is required (each obligation answered true/false)")
        return None
    answers: dict[str, bool] = {}
    for code, answer in value.items():
        if not isinstance(answer, bool):
            c.add(f"prevention_declarations.{code}", "must be true or false")
            continue
        answers[str(code)] = answer
    return answers


def _renewed(affiliation: Affiliation, product: ProductVersion, today: date) -> Affiliation:
    """An affiliation started years ago runs in today's insurance year: renewed tacitly
    (Art. 9.2) at every anniversary up to today, as the daily job would have done."""
    for renewal in lifecycle.renewals_due(affiliation, product, today):
        affiliation = lifecycle.renew(affiliation, renewal).affiliation
    return affiliation


def _mandate(
    c: _Checker,
    data: object,
    affiliation_id: str,
    today: date,
    account: AccountCheck,
) -> Mandate | None:
    if not _present(data):
        return None
    if not isinstance(data, Mapping):
        c.add("mandate", "must be an object")
        return None
    signed = _date(c, data.get("signature_date"), "mandate.signature_date")
    holder = data.get("holder")
    reference = data.get("reference")
    if not isinstance(reference, str) or not reference:
        c.add("mandate.reference", "is required (text)")
    if not isinstance(holder, str) or not holder:
        c.add("mandate.holder", "is required (text)")
    accounts = c.run(
        "mandate.iban",
        lambda: account(str(data.get("iban") or ""), _optional_text(data.get("bic"))),
        "mandate.",
    )
    if not (isinstance(reference, str) and isinstance(holder, str) and signed and accounts):
        return None
    iban, bic = accounts

    def sign() -> Mandate:
        return mandate_rules.sign(
            reference=reference,
            affiliation_id=affiliation_id,
            holder_name=holder,
            iban=iban,
            bic=bic,
            signed_on=signed,
            channel=MandateChannel.PAPER,
            today=today,
        )

    return c.run("mandate", sign, "mandate.")


Member = tuple[int, Person | None, Relationship | None, date | None]


def _members(
    c: _Checker, value: object, start: date | None, today: date, new_id: NewId
) -> list[Member]:
    """Each member's person, relationship and joining date (the start date unless given)."""
    members_data = value or []
    if not isinstance(members_data, Sequence) or isinstance(members_data, str):
        c.add("members", "must be a list")
        members_data = []
    members: list[Member] = []
    for index, member in enumerate(members_data):
        where = f"members.{index}."
        if not isinstance(member, Mapping):
            c.add(f"members.{index}", "must be an object")
            continue
        person = _person(c, member, where, today, new_id)
        relationship = None
        try:
            relationship = Relationship(_value(member, "relationship"))
        except ValueError:
            c.add(f"{where}relationship", f"{member.get('relationship')!r} is not a relationship")
        joined = _date(c, member.get("joined_on"), f"{where}joined_on", required=False) or start
        if person is not None and joined is not None and joined < person.birth_date:
            c.add(f"{where}joined_on", f"{joined.isoformat()} is before the member was born")
        members.append((index, person, relationship, joined))
    return members


def check_household(
    raw: RawHousehold,
    *,
    product: ProductVersion,
    today: date,
    new_id: NewId,
    account: AccountCheck,
) -> BookHousehold:
    """The household of one line as a subscription on its subscription date would have made it,
    renewed up to `today`; raises `LineRefused` with every problem of the line."""
    c = _Checker(raw)
    data = raw.data
    customer_ref = _text(c, data, "customer_ref", "", CUSTOMER_REF_MAX)
    start = _date(c, data.get("start_date"), "start_date")
    subscribed = _date(c, data.get("subscribed_on"), "subscribed_on", required=False) or start
    affiliate_data = _mapping(c, data.get("affiliate"), "affiliate")
    affiliate = _person(c, affiliate_data, "affiliate.", today, new_id) if affiliate_data else None
    address = _address(c, _mapping(c, data.get("address"), "address"))
    declarations = _declarations(c, data.get("prevention_declarations"))
    members = _members(c, data.get("members"), start, today, new_id)
    paid_until = _date(c, data.get("paid_until"), "paid_until", required=False)
    if paid_until is not None and paid_until.day != 1:
        c.add("paid_until", "premiums are paid by the month: the first day of a month")
    if (
        affiliate is not None
        and subscribed is not None
        and household_domain.is_minor(affiliate, subscribed)
    ):
        c.add(
            "affiliate.birth_date",
            f"the affiliate is a minor on {subscribed.isoformat()}: a legal representative "
            "affiliates the household",
            str(ART_2_4),
        )
    if start is None or subscribed is None or declarations is None:
        raise LineRefused(c.problems)
    affiliation_id = new_id("aff")
    update = c.run(
        "start_date",
        lambda: policy_domain.subscribe(affiliation_id, product, subscribed, start, declarations),
    )
    if paid_until is not None and paid_until < start:
        c.add("paid_until", f"is before the start date {start.isoformat()}")
    mandate = _mandate(c, data.get("mandate"), affiliation_id, today, account)
    if affiliate is None or address is None or update is None or c.problems:
        raise LineRefused(c.problems)
    household = household_domain.new_household(affiliate, address, start)
    changes: list[HouseholdChange] = []
    family = product.household.family_relationships
    for index, person, relationship, joined in members:
        if person is None or relationship is None or joined is None:
            continue

        def join(
            person: Person = person,
            relationship: Relationship = relationship,
            on: date = joined,
            before: Household = household,
        ) -> household_domain.HouseholdUpdate:
            return household_domain.add_member(
                before,
                person,
                relationship,
                on,
                family,
                insured=relationship != Relationship.OTHER,
            )

        joined_update = c.run(f"members.{index}.relationship", join, f"members.{index}.")
        if joined_update is not None:
            household = joined_update.household
            changes.extend(joined_update.changes)
    if c.problems:
        raise LineRefused(c.problems)
    assert customer_ref is not None
    people_lines = [(affiliate.national_register_number, raw.line)]
    for index, person, _, _ in members:
        if person is not None:
            people_lines.append((person.national_register_number, c.line_of(f"members.{index}.")))
    return BookHousehold(
        raw.line,
        customer_ref,
        _renewed(update.affiliation, product, today),
        household,
        tuple(changes),
        mandate,
        paid_until,
        tuple((number, line) for number, line in people_lines if number),
    )


@dataclass
class BookIndex:
    """What the file named so far, to refuse a second household with the same reference, a
    person with a national register number already given, or a mandate reference used twice."""

    refs: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    mandates: dict[str, int] = field(default_factory=dict)

    def admit(self, checked: BookHousehold) -> list[Problem]:
        problems: list[Problem] = []
        if (seen := self.refs.get(checked.customer_ref)) is not None:
            problems.append(
                Problem(checked.line, "customer_ref", f"already the reference of line {seen}")
            )
        numbers: dict[str, int] = {}
        for number, line in checked.people_lines:
            seen = self.numbers.get(number, numbers.get(number))
            if seen is not None:
                problems.append(
                    Problem(
                        line,
                        "national_register_number",
                        f"{number} is already the person of line {seen}",
                    )
                )
            numbers.setdefault(number, line)
        mandate = checked.mandate
        if mandate is not None and (seen := self.mandates.get(mandate.reference)) is not None:
            problems.append(
                Problem(checked.line, "mandate.reference", f"already the mandate of line {seen}")
            )
        if not problems:
            self.refs[checked.customer_ref] = checked.line
            self.numbers.update(numbers)
            if mandate is not None:
                self.mandates[mandate.reference] = checked.line
        return problems
