"""The read log of personal data (Art. 11, GDPR Art. 15): what a staff read is, and which reads
a member may see. Pure: no database, no clock, no framework.

Every staff read of a person's data is one `PersonalDataRead`: who (the staff user and the
function they read it in), when, whose data (person, household, and the case when there is
one), what (`ReadKind`) and why (`ReadPurpose`). Only ids and codes: the log is append-only and
must never hold a name or a free text, which could not be erased later.

Art. 11.3 decides who sees which reads: an adult sees the reads of their own data; the legal
representative of a minor in the household also sees the reads of that minor's data; nobody
sees the reads of another adult's data, nor of a case they may not see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from cybercare.household.domain import Household, is_minor, legal_representatives_of
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, Forbidden, InvalidInput

ART_11 = Art("11")
ART_11_3 = Art("11.3")


class ReadKind(StrEnum):
    """What was read."""

    AFFILIATION_FILE = "affiliation_file"  # the household's staff file: people, contract, premiums
    CASE = "case"  # a case with its narrative and notes (general compartment)
    CLAIM = "claim"  # a claim with its decision
    EVIDENCE = "evidence"  # an evidence file the member sent
    LETTER = "letter"  # a decision letter
    CONTACT_DETAILS = "contact_details"  # phone and e-mail (Art. 11.1)
    PSYCHOLOGICAL_NOTES = "psychological_notes"  # health data (Art. 11.2)


class ReadPurpose(StrEnum):
    """Why it was read. `CASE` and `CLAIM` carry the case id."""

    CASE = "case"  # working the member's case
    CLAIM = "claim"  # handling a claim of the case
    SEARCH = "search"  # opened from the results of a staff search
    DASHBOARD = "dashboard"  # opened from a dashboard of the household limits
    LOOKUP = "lookup"  # opened by its address, no other reason given by the page


# The function a read is made in, most specific first: the team working cases, then the claims
# handler, the supervisor, finance, the administrator. Kept with the read: a user's roles change.
FUNCTION_ORDER: tuple[Role, ...] = (
    Role.PSYCHOLOGICAL,
    Role.LEGAL,
    Role.TECHNICAL,
    Role.FINANCIAL,
    Role.CLAIMS_HANDLER,
    Role.SUPERVISOR,
    Role.FINANCE,
    Role.ADMIN,
)
ROLE_FOR_KIND: dict[ReadKind, Role] = {
    ReadKind.PSYCHOLOGICAL_NOTES: Role.PSYCHOLOGICAL,
    ReadKind.CLAIM: Role.CLAIMS_HANDLER,
    ReadKind.EVIDENCE: Role.CLAIMS_HANDLER,
    ReadKind.LETTER: Role.CLAIMS_HANDLER,
}
PURPOSES_WITH_CASE = frozenset({ReadPurpose.CASE, ReadPurpose.CLAIM})


class ReadLogRefused(Forbidden):
    code = "read_log.refused"


@dataclass(frozen=True, slots=True)
class Read:
    """One read an edge records: the same kind and purpose for each person whose data it shows."""

    kind: ReadKind
    purpose: ReadPurpose
    household_id: str
    person_ids: tuple[str, ...]
    case_id: str | None = None

    def __post_init__(self) -> None:
        if (self.case_id is None) == (self.purpose in PURPOSES_WITH_CASE):
            raise InvalidInput("case_id", "a case id with the purposes case and claim only")


@dataclass(frozen=True, slots=True)
class PersonalDataRead:
    """One row of the log, as stored: ids and codes only."""

    read_id: int
    read_at: datetime
    staff_user_id: str
    staff_function: str
    kind: ReadKind
    purpose: ReadPurpose
    person_id: str
    household_id: str
    case_id: str | None


def staff_function(roles: Iterable[Role], kind: ReadKind) -> Role:
    """The function the staff member read `kind` in: the role the kind calls for when they hold
    it, otherwise their most specific one."""
    held = frozenset(roles)
    wanted = ROLE_FOR_KIND.get(kind)
    if wanted is not None and wanted in held:
        return wanted
    for role in FUNCTION_ORDER:
        if role in held:
            return role
    raise InvalidInput("roles", "a staff member holds a role")


def require_staff(principal: Principal) -> None:
    if not principal.is_staff:
        raise ReadLogRefused("only staff reads are logged", clause=str(ART_11))


def persons_whose_reads_they_see(
    principal: Principal, household: Household, today: date
) -> set[str]:
    """Art. 11.3: a member sees the reads of their own data and, as legal representative, of
    the data of the minors they represent today in the household; never another adult's."""
    if not principal.is_member or principal.person_id is None:
        raise ReadLogRefused("a member reads the reads of their data", clause=str(ART_11_3))
    visible = {principal.person_id}
    for person in household.people:
        if person.person_id == principal.person_id:
            continue
        try:
            if not is_minor(person, today):
                continue
            representatives = legal_representatives_of(household, person.person_id, today)
        except (Conflict, InvalidInput):
            continue  # no member of the household today: nobody here represents them
        if principal.person_id in {p.person_id for p in representatives}:
            visible.add(person.person_id)
    return visible


OPENED_FROM: dict[str, ReadPurpose] = {
    "search": ReadPurpose.SEARCH,
    "dashboard": ReadPurpose.DASHBOARD,
}


def affiliation_file_read(household_id: str, person_ids: tuple[str, ...], opened_from: str) -> Read:
    """The staff file of a household: a read of every person it shows. Why: the page it was
    opened from (the link says `from=search` or `from=dashboard`), else a look-up."""
    purpose = OPENED_FROM.get(opened_from, ReadPurpose.LOOKUP)
    return Read(ReadKind.AFFILIATION_FILE, purpose, household_id, person_ids)
