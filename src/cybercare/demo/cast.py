"""Who lives in the demo world: the staff of every team and the households, as plain data.

Every login shares one domain (`@demo.cybercare.be`) and one password, generated at the first
seed. Birth dates are given as ages, so that the minor stays a minor whatever year the demo runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybercare.household.domain import Address, Relationship

DOMAIN = "demo.cybercare.be"


def email(local: str) -> str:
    return f"{local}@{DOMAIN}"


@dataclass(frozen=True, slots=True)
class StaffLogin:
    key: str
    local: str  # the part of the e-mail address before the @
    display_name: str
    roles: tuple[str, ...]
    role_label: str
    shows: str  # what to look at when signed in as this user
    language: str = "en"

    @property
    def email(self) -> str:
        return email(self.local)


STAFF: tuple[StaffLogin, ...] = (
    StaffLogin(
        "technical",
        "technical",
        "Thomas Claes",
        ("technical",),
        "technical team",
        "urgent workstreams, takedowns in progress",
    ),
    StaffLogin(
        "legal",
        "legal",
        "Laura Martin",
        ("legal",),
        "legal team",
        "urgent harassment cases in the legal queue",
    ),
    StaffLogin(
        "financial",
        "financial",
        "Nadia El Amrani",
        ("financial",),
        "financial team",
        "an identity theft in progress",
    ),
    StaffLogin(
        "psy",
        "psy",
        "Ines Maes",
        ("psychological",),
        "psychological team (counsellor)",
        "urgent cases waiting; psychological notes (Art. 11.2)",
    ),
    StaffLogin(
        "handler",
        "handler",
        "Pieter De Smet",
        ("claims_handler",),
        "claims handler",
        "claims in review; decided and declined claims",
    ),
    StaffLogin(
        "handler2",
        "handler2",
        "Claire Lemaire",
        ("claims_handler",),
        "claims handler (four eyes)",
        "approve the 3,200 EUR decision waiting for a second person",
    ),
    StaffLogin(
        "supervisor",
        "supervisor",
        "Sarah Vermeulen",
        ("supervisor",),
        "supervisor",
        "every queue, SLA breaches, dashboards",
    ),
    StaffLogin(
        "finance",
        "finance",
        "Marc Dubois",
        ("finance",),
        "insurer's finance team",
        "bank statements, unmatched lines, recoveries, bordereaux, loss ratio",
    ),
    StaffLogin(
        "admin",
        "admin",
        "Admin Cyber Care",
        ("admin",),
        "administrator",
        "search, billing and dunning status",
    ),
)


@dataclass(frozen=True, slots=True)
class Member:
    key: str
    given_name: str
    family_name: str
    age: int
    birthday: tuple[int, int]  # month, day
    language: str
    relationship: Relationship
    login: bool = False  # minors never get one
    shows: str = ""  # what to look at when signed in as this member (default: the household's)

    @property
    def email(self) -> str:
        return email(f"{self.given_name}.{self.family_name}".lower().replace(" ", ""))


@dataclass(frozen=True, slots=True)
class HouseholdSpec:
    key: str
    customer_ref: str
    months_ago: int  # the cover started on the first day of the month, that many months ago
    address: Address
    members: tuple[Member, ...]
    iban: str  # the household's account for claim payouts
    shows: str  # what to look at in this household

    @property
    def affiliate(self) -> Member:
        return next(m for m in self.members if m.relationship is Relationship.AFFILIATE)

    def member(self, key: str) -> Member:
        return next(m for m in self.members if m.key == key)


AFFILIATE = Relationship.AFFILIATE

JANSSENS = HouseholdSpec(
    "janssens",
    "demo-janssens",
    8,
    Address("Kerkstraat", "12", "2800", "Mechelen", "BE"),
    (
        Member("sofie", "Sofie", "Janssens", 42, (5, 3), "nl", AFFILIATE, login=True),
        Member(
            "tom",
            "Tom",
            "Janssens",
            44,
            (11, 17),
            "nl",
            Relationship.PARTNER,
            login=True,
            shows="other adult: sees Lotte's case, not Sofie's (Art. 11); his identity theft",
        ),
        Member("lotte", "Lotte", "Janssens", 13, (9, 21), "nl", Relationship.CHILD),
    ),
    "BE92001234560123",
    "family with a minor: Lotte's urgent harassment case, a straight-through refund",
)
DUBOIS = HouseholdSpec(
    "dubois",
    "demo-dubois",
    4,
    Address("Rue de Fer", "25", "5000", "Namur", "BE"),
    (Member("marc", "Marc", "Dubois", 36, (2, 11), "fr", AFFILIATE, login=True),),
    "BE58063112233479",
    "single person: a 3,200 EUR claim waiting for four eyes, an urgent case past its hour",
)
LAMBERT = HouseholdSpec(
    "lambert",
    "demo-lambert",
    5,
    Address("Rue de la Montagne", "40", "6000", "Charleroi", "BE"),
    (Member("lucas", "Lucas", "Lambert", 31, (7, 30), "fr", AFFILIATE, login=True),),
    "BE45310987654389",
    "affiliation suspended for unpaid premiums after a formal notice (Art. 9.6)",
)
WILLEMS = HouseholdSpec(
    "willems",
    "demo-willems",
    10,
    Address("Korenmarkt", "8", "9000", "Gent", "BE", box="3"),
    (
        Member("emma", "Emma", "Willems", 29, (4, 8), "nl", AFFILIATE, login=True),
        Member("jonas", "Jonas", "Desmet", 31, (12, 2), "nl", Relationship.PARTNER),
    ),
    "BE84751204060859",
    "e-reputation pot at its limit (3 cases, Art. 5), a takedown in progress",
)
SCHMITT = HouseholdSpec(
    "schmitt",
    "demo-schmitt",
    9,
    Address("Kirchstraße", "15", "4700", "Eupen", "BE"),
    (
        Member("hans", "Hans", "Schmitt", 57, (6, 14), "de", AFFILIATE, login=True),
        Member("anna", "Anna", "Schmitt", 55, (10, 1), "de", Relationship.SPOUSE),
    ),
    "BE55973135791344",
    "online purchases pot at its 5,000 EUR limit (Art. 5.3)",
)
SMITH = HouseholdSpec(
    "smith",
    "demo-smith",
    6,
    Address("Rue du Bailli", "60", "1050", "Ixelles", "BE"),
    (
        Member("olivia", "Olivia", "Smith", 38, (1, 26), "en", AFFILIATE, login=True),
        Member("daniel", "Daniel", "Smith", 40, (8, 19), "en", Relationship.SPOUSE),
    ),
    "BE65068445566796",
    "a claim declined by a handler, a late claim in review, a case waiting for triage",
)

MERTENS = HouseholdSpec(
    "mertens",
    "demo-mertens",
    7,
    Address("Naamsestraat", "31", "3000", "Leuven", "BE"),
    (
        Member("karin", "Karin", "Mertens", 51, (3, 14), "nl", AFFILIATE, login=True),
        Member(
            "wout",
            "Wout",
            "Mertens",
            23,
            (7, 9),
            "nl",
            Relationship.CHILD,
            login=True,
            shows="left the household after an incident and still claims it (Art. 2.1, 9.7)",
        ),
    ),
    "BE62510007547061",
    "a son who moved out after an incident: his claim is judged on the incident date",
)

LEJEUNE = HouseholdSpec(
    "lejeune",
    "demo-lejeune",
    3,
    Address("Rue Saint-Gilles", "102", "4000", "Liège", "BE"),
    (Member("jeanne", "Jeanne", "Lejeune", 71, (3, 19), "fr", AFFILIATE, login=True),),
    "BE71096123456769",
    "an urgent call-back (“I need help now”) waiting in the triage queue, its hour running",
)

HOUSEHOLDS: tuple[HouseholdSpec, ...] = (
    JANSSENS,
    DUBOIS,
    LAMBERT,
    WILLEMS,
    SCHMITT,
    SMITH,
    MERTENS,
    LEJEUNE,
)
