"""Seeding the demo world for `make run`: create what is missing, through the services only.

Idempotent: each piece is looked up first (the distributor and its key, each staff login by
e-mail, each household by its customer reference) and created only when absent; a household,
with everything that happened to it, is one transaction. The money history (billing runs,
payment results, dunning, payment files) follows when households were created.

One random password serves every demo login; it is generated at the first seed, written with the
distributor API key to `var/demo-credentials.txt` (never committed) and reused afterwards.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cybercare.bootstrap import Container
from cybercare.db.uow import UnitOfWork
from cybercare.demo import history
from cybercare.demo.cast import AFFILIATE, HOUSEHOLDS, STAFF, HouseholdSpec, Member
from cybercare.demo.providers import appointed_providers
from cybercare.demo.stories import STORIES
from cybercare.demo.world import ACTOR, Demo, Household, Moments
from cybercare.identity import service as identity
from cybercare.identity.domain import Principal
from cybercare.identity.signin import set_password
from cybercare.kernel.clock import Clock
from cybercare.partners.distributor_queries import distributor_name, has_live_key
from cybercare.partners.distributors import create_distributor, issue_api_key
from cybercare.policy import quotes
from cybercare.policy import service as policy
from cybercare.policy.service import Actor, NewPerson, Subscription
from cybercare.publishing.service import publish_products
from cybercare.settings import Environment

DEMO_DISTRIBUTOR = "proximus"
PRODUCT_CODE = "cyber-care-be"
CREDENTIALS_FILE = Path("var/demo-credentials.txt")
KEY_LINE = f"distributor API key ({DEMO_DISTRIBUTOR}): "
PASSWORD_LINE = "password of every demo login below: "  # noqa: S105 - a label
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - no 0/o, 1/l/i


@dataclass(frozen=True, slots=True)
class Saved:
    api_key: str | None = None
    password: str | None = None


def read_credentials(path: Path) -> Saved:
    if not path.exists():
        return Saved()
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        for name, prefix in (("api_key", KEY_LINE), ("password", PASSWORD_LINE)):
            if line.startswith(prefix) and line[len(prefix) :].strip():
                found[name] = line[len(prefix) :].strip()
    return Saved(found.get("api_key"), found.get("password"))


def new_password() -> str:
    """Four groups of four characters: about 79 bits, easy to type."""
    groups = ("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def logins() -> list[tuple[str, str, str]]:
    """(role, e-mail, what to look at) of every demo login, staff first."""
    rows = [(f"staff: {s.role_label}", s.email, s.shows) for s in STAFF]
    for household in HOUSEHOLDS:
        for member in household.members:
            if member.login:
                relation = member.relationship.value
                name = f"{member.given_name} {member.family_name}"
                rows.append(
                    (f"member: {name} ({relation})", member.email, member.shows or household.shows)
                )
    return rows


def credential_lines(api_key: str, password: str) -> list[str]:
    rows = [("role", "e-mail", "to look at"), *logins()]
    first = max(len(row[0]) for row in rows) + 2
    second = max(len(row[1]) for row in rows) + 2
    table = [f"{role:<{first}}{address:<{second}}{shows}" for role, address, shows in rows]
    return [KEY_LINE + api_key, PASSWORD_LINE + password, *table]


def seed(container: Container, credentials_file: Path = CREDENTIALS_FILE) -> list[str]:
    """Create what is missing of the demo world; returns the lines to show the newcomer."""
    if container.settings.environment is not Environment.DEVELOPMENT:
        raise RuntimeError("demo data is only seeded in development")
    saved = read_credentials(credentials_file)
    password = saved.password or new_password()
    moments = Moments(container.clock.now())
    api_key = _distributor(container, moments, saved.api_key)
    created: set[str] = set()
    staff = _staff(container, moments, password, created)
    demo = Demo(container, moments, staff)
    households = [h for spec in HOUSEHOLDS if (h := _household(demo, spec, password, created))]
    if households:
        history.premiums(
            demo,
            distributor=DEMO_DISTRIBUTOR,
            first_day=min(h.start_date for h in households),
            defaulter="demo-lambert",
        )
        history.payouts(demo)
        appointed_providers(demo, {h.spec.key: h for h in households})  # issue 19
    if saved.password is None:
        _reset_passwords(container, container.clock, password, created)
    lines = credential_lines(api_key, password)
    credentials_file.parent.mkdir(parents=True, exist_ok=True)
    credentials_file.touch(mode=0o600)
    credentials_file.chmod(0o600)  # it holds a password
    credentials_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def _distributor(container: Container, moments: Moments, api_key: str | None) -> str:
    clock = moments.on(moments.month_start(13), 9, 0)
    with container.database.uow() as uow:
        publish_products(uow, list(container.catalog.all()), clock, actor=ACTOR)
        if distributor_name(uow, DEMO_DISTRIBUTOR) is None:
            create_distributor(
                uow,
                code=DEMO_DISTRIBUTOR,
                name="Proximus",
                commission_bp=1250,
                clock=clock,
                actor=ACTOR,
            )
        if not has_live_key(uow, DEMO_DISTRIBUTOR, "demo") or api_key is None:
            issued = issue_api_key(
                uow, distributor=DEMO_DISTRIBUTOR, label="demo", clock=container.clock, actor=ACTOR
            )
            api_key = issued.token
        uow.commit()
    return api_key


def _existing(uow: UnitOfWork, email: str) -> str | None:
    try:
        return identity.user_id_for_email(uow, email)
    except identity.UserNotFound:
        return None


def _staff(
    container: Container, moments: Moments, password: str, created: set[str]
) -> dict[str, Principal]:
    """One login per team, two claims handlers (four eyes), a supervisor and an admin, all
    there a year before now."""
    clock = moments.on(moments.month_start(12), 9, 30)
    staff: dict[str, Principal] = {}
    with container.database.uow() as uow:
        for login in STAFF:
            user_id = _existing(uow, login.email)
            if user_id is not None:
                staff[login.key] = identity.load_principal(uow, user_id)
                continue
            principal = identity.create_staff_user(
                uow,
                email=login.email,
                display_name=login.display_name,
                roles=list(login.roles),
                language=login.language,
                clock=clock,
                actor=ACTOR,
            )
            set_password(
                uow, user_id=principal.user_id, password=password, clock=clock, actor=ACTOR
            )
            staff[login.key] = principal
            created.add(login.email)
        uow.commit()
    return staff


def _new_person(moments: Moments, member: Member) -> NewPerson:
    return NewPerson(
        given_name=member.given_name,
        family_name=member.family_name,
        birth_date=moments.born(member),
        language=member.language,
        email=member.email if member.login else None,
    )


def _household(
    demo: Demo, spec: HouseholdSpec, password: str, created: set[str]
) -> Household | None:
    """The household subscribed at the start of its month, its logins and its story, all in
    one transaction; None when it is already there."""
    moments, actor = demo.moments, Actor(ACTOR, distributor=DEMO_DISTRIBUTOR)
    with demo.container.database.uow() as uow:
        if policy.find_by_customer(
            uow, actor, spec.customer_ref, demo.catalog, demo.container.clock
        ):
            return None
        start = moments.month_start(spec.months_ago)
        clock = moments.on(start - timedelta(days=6), 15, 20)
        secret = demo.container.settings.secret_key.get_secret_value()
        offer = quotes.quote(demo.catalog, DEMO_DISTRIBUTOR, PRODUCT_CODE, start, clock, secret)
        others = tuple(
            (_new_person(moments, m), m.relationship)
            for m in spec.members
            if m.relationship is not AFFILIATE
        )
        view = policy.subscribe(
            uow,
            actor,
            Subscription(
                customer_ref=spec.customer_ref,
                terms_token=offer.terms_token,
                start_date=start,
                affiliate=_new_person(moments, spec.affiliate),
                members=others,
                address=spec.address,
                prevention_declarations={i.code: True for i in offer.product.obligations.items},
            ),
            demo.catalog,
            clock,
            secret,
        )
        people = {
            m.key: next(v.person_id for v in view.members if v.given_name == m.given_name)
            for m in spec.members
        }
        household = Household(spec, view.affiliation_id, start, people)
        signed_up = moments.on(start - timedelta(days=5), 19, 45)
        for member in spec.members:
            if member.login:
                principal = identity.create_member_user(
                    uow,
                    email=member.email,
                    person_id=people[member.key],
                    clock=signed_up,
                    actor=ACTOR,
                )
                set_password(
                    uow, user_id=principal.user_id, password=password, clock=signed_up, actor=ACTOR
                )
                household.logins[member.key] = principal
                created.add(member.email)
        STORIES[spec.key](uow, demo, household)
        uow.commit()
    return household


def _reset_passwords(container: Container, clock: Clock, password: str, created: set[str]) -> None:
    """The password was lost with the credentials file: the demo logins already there get the
    new one, so that the printed password works for every login."""
    with container.database.uow() as uow:
        for _, email, _ in logins():
            user_id = _existing(uow, email) if email not in created else None
            if user_id is not None:
                set_password(uow, user_id=user_id, password=password, clock=clock, actor=ACTOR)
        uow.commit()
