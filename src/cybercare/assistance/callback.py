"""Use case: "I need help now", an urgent call-back request (Art. 8.1, 8.4, 11.3).

A member (through the portal, or the distributor's app through the API) asks to be called back
on a number, says in a sentence what is happening, for whom in the household, and why it is
urgent (one of the product's `service_levels.urgent_reasons`). It opens an URGENT case through
`open_case` (so the Art. 11.3 rules of who may open a case for whom are the same: oneself, or a
minor one legally represents) with its one-hour clock, day and night (Art. 8.4), in the queues
of the teams its guarantee needs, or, when the member does not know the guarantee, in the triage
queue the agents of the 24/7 line work. The number to call back is stored with the case. One
transaction, opened by the edge; the request is audited with the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cybercare.assistance import callback_queries, repository
from cybercare.assistance.domain import ART_8_4, Channel, may_see_case
from cybercare.assistance.events import audit_case
from cybercare.assistance.service import (
    IN_FORCE,
    CaseOpening,
    NoAffiliation,
    open_case,
    product_of,
    read_case,
)
from cybercare.assistance.views import CaseView
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import insured_on, is_minor
from cybercare.household.validation import phone_display, phone_number
from cybercare.identity import repository as identity
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.policy import repository as policy
from cybercare.product.catalog import Catalog
from cybercare.product.model import Label, PhoneNumber, ProductVersion, Team

# The urgent reason a counsellor answers first when the case needs one (Art. 4.2, 4.3 name
# psychological assistance): someone in distress is called by the psychological team.
DISTRESS = "distress"
MAX_SENTENCE = 500


@dataclass(frozen=True, slots=True)
class CallBackRequest:
    person_id: str
    phone: str  # as typed: national ("0470 12 34 56") or international
    what_is_happening: str
    urgency_reason: str
    guarantee_code: str | None = None  # None: "I don't know", an agent triages
    language: str | None = None


@dataclass(frozen=True, slots=True)
class PersonChoice:
    person_id: str
    name: str
    minor: bool
    is_me: bool


@dataclass(frozen=True, slots=True)
class GuaranteeChoice:
    code: str
    label: Label


@dataclass(frozen=True, slots=True)
class CallBackForm:
    """What the "I need help now" page offers the member."""

    phone: str  # the member's number, prefilled (empty when the profile has none)
    persons: tuple[PersonChoice, ...]  # only those the member may open a case for (Art. 11.3)
    urgency_reasons: tuple[str, ...]
    guarantees: tuple[GuaranteeChoice, ...]
    line: PhoneNumber | None  # the 24/7 line to call instead (Art. 4.1)
    hours: int  # the urgent first-contact clock (Art. 8.4)


@dataclass(frozen=True, slots=True)
class CallBackView:
    """The confirmation: who calls (a team, or an agent of the line), by when, on which number."""

    case_id: str
    person_id: str
    phone: str  # E.164
    phone_display: str  # "+32 470 12 34 56"
    call_before: datetime  # UTC; the first-contact clock of Art. 8.4
    caller_team: Team | None  # None: an agent of the 24/7 line (triage queue)
    teams: tuple[Team, ...]
    urgency_reason: str
    guarantee_code: str | None
    line: PhoneNumber | None  # the 24/7 line, to call now instead of waiting (Art. 4.1)
    case: CaseView


def who_calls(teams: tuple[Team, ...], urgency_reason: str) -> Team | None:
    """The team whose member calls back first: a counsellor for someone in distress when the
    case has a psychological workstream, else the first team the guarantee names; None (an agent
    of the 24/7 line) for a case nobody has triaged yet."""
    if not teams:
        return None
    if urgency_reason == DISTRESS and Team.PSYCHOLOGICAL in teams:
        return Team.PSYCHOLOGICAL
    return teams[0]


def call_back_form(
    uow: UnitOfWork,
    principal: Principal,
    catalog: Catalog,
    clock: Clock,
    *,
    language: str | None = None,
) -> CallBackForm:
    """The page's choices for a member: their number, the persons they may ask help for, the
    urgent reasons and guarantees of their product. A household without cover in force gets
    `NoAffiliation` (Art. 3.4)."""
    if not principal.is_member or principal.household_id is None:
        raise InvalidInput("person_id", "call-back requests are made by members")
    today = clock.today()
    product, distributor = _product_of_household(uow, principal.household_id, catalog)
    household = policy.load_household(uow, principal.household_id)
    insured = insured_on(household, today, product.household.family_relationships)
    people = {p.person_id: p for p in household.people}
    persons = tuple(
        PersonChoice(
            person_id=p.person_id,
            name=f"{people[p.person_id].given_name} {people[p.person_id].family_name}",
            minor=is_minor(people[p.person_id], today),
            is_me=p.person_id == principal.person_id,
        )
        for p in insured
        if may_see_case(
            principal,
            household_id=principal.household_id,
            concerned_person_id=p.person_id,
            household=household,
            on=today,
        )
    )
    me = people.get(principal.person_id or "")
    return CallBackForm(
        phone=_readable(me.phone if me is not None else None),
        persons=tuple(sorted(persons, key=lambda c: not c.is_me)),
        urgency_reasons=product.service_levels.urgent_reasons,
        guarantees=tuple(GuaranteeChoice(g.code, g.label) for g in product.guarantees),
        line=line_of(product, distributor, language or principal.language),
        hours=product.service_levels.urgent_first_contact_hours,
    )


def request_call_back(
    uow: UnitOfWork,
    principal: Principal,
    request: CallBackRequest,
    catalog: Catalog,
    clock: Clock,
    *,
    channel: Channel = Channel.PORTAL,
    requested_by: str | None = None,
) -> CallBackView:
    """Art. 8.4: open the urgent case with its one-hour clock and keep the number to call."""
    phone = phone_number(request.phone, "phone")
    sentence = request.what_is_happening.strip()
    if not sentence:
        raise InvalidInput("what_is_happening", "say in a sentence what is happening")
    if len(sentence) > MAX_SENTENCE:
        raise InvalidInput("what_is_happening", f"at most {MAX_SENTENCE} characters")
    case = open_case(
        uow,
        principal,
        CaseOpening(
            person_id=request.person_id,
            narrative=sentence,
            discovery_date=clock.today(),
            channel=channel,
            guarantee_code=request.guarantee_code or None,
            urgent=True,
            urgency_reason=request.urgency_reason,
            language=request.language,
        ),
        catalog,
        clock,
    )
    now = clock.now()
    actor = requested_by or principal.actor
    repository.add_call_back(
        uow, case_id=case.case_id, phone=phone, channel=channel.value, requested_by=actor, at=now
    )
    view = _view(uow, case, phone, catalog, request.language or principal.language)
    row = repository.case_row(uow, case.case_id)
    assert row is not None
    audit_case(
        uow,
        principal,
        row,
        "case.call_back_requested",
        ART_8_4,
        now,
        channel=channel.value,
        requested_by=actor if requested_by else None,
        urgency_reason=request.urgency_reason,
        caller_team=view.caller_team.value if view.caller_team else None,
    )
    return view


def call_back_of(
    uow: UnitOfWork,
    principal: Principal,
    case_id: str,
    catalog: Catalog,
    clock: Clock,
    *,
    language: str | None = None,
) -> CallBackView | None:
    """A call-back as its requester sees it (Art. 11.3: `CaseNotFound` for anyone who may not
    see the case); None when the case was not opened as a call-back."""
    case = read_case(uow, principal, case_id, clock)
    phone = repository.call_back_phone(uow, case_id)
    if phone is None:
        return None
    return _view(uow, case, phone, catalog, language or principal.language)


def _view(
    uow: UnitOfWork, case: CaseView, phone: str, catalog: Catalog, language: str
) -> CallBackView:
    product = product_of(uow, catalog, case.affiliation_id)
    opened = {Team(ws.team) for ws in case.workstreams}
    # In the order the guarantee names its services' teams, then any team an agent added.
    named = product.guarantee(case.guarantee_code).teams if case.guarantee_code else ()
    teams = tuple(dict.fromkeys((*[t for t in named if t in opened], *sorted(opened))))
    reason = case.urgency_reason or ""
    distributor = callback_queries.household_distributor(uow, case.household_id)
    return CallBackView(
        case_id=case.case_id,
        person_id=case.person_id,
        phone=phone,
        phone_display=phone_display(phone),
        call_before=min(
            (ws.first_contact.due_at for ws in case.workstreams), default=case.first_contact.due_at
        ),
        caller_team=who_calls(teams, reason),
        teams=teams,
        urgency_reason=reason,
        guarantee_code=case.guarantee_code,
        line=line_of(product, distributor, language),
        case=case,
    )


def _readable(number: str | None) -> str:
    """The profile's number as people read it."""
    return phone_display(number) if number else ""


def request_call_back_for_member_of(
    uow: UnitOfWork,
    *,
    distributor: str,
    actor: str,
    affiliation_id: str,
    requested_by_person_id: str,
    request: CallBackRequest,
    catalog: Catalog,
    clock: Clock,
) -> CallBackView:
    """Art. 8.1: the distributor's app asks on behalf of the member signed in to it. The
    affiliation must be the distributor's own (another's answers not found, Art. 11.1); the
    member must be insured in it and have a login, and asks only for whom Art. 11.3 lets them."""
    loaded = policy.load(uow, affiliation_id, distributor=distributor)
    household_id = loaded.record.household_id
    user_id = callback_queries.member_user_id(uow, requested_by_person_id)
    member = identity.principal(uow, user_id) if user_id else None
    if member is None or member.household_id != household_id:
        raise InvalidInput(
            "requested_by_person_id", "not a member of this affiliation with a login"
        )
    return request_call_back(
        uow, member, request, catalog, clock, channel=Channel.API, requested_by=actor
    )


def line_of(product: ProductVersion, distributor: str | None, language: str) -> PhoneNumber | None:
    """The 24/7 line a distributor's members call, in `language` (Art. 4.1)."""
    if product.assistance_line is None:
        return None
    return product.assistance_line.number_for(distributor, language)


def _product_of_household(
    uow: UnitOfWork, household_id: str, catalog: Catalog
) -> tuple[ProductVersion, str]:
    for affiliation in repository.affiliations_of_household(uow, household_id):
        if affiliation.status in IN_FORCE:
            product = catalog.get(affiliation.product_code, affiliation.product_version)
            distributor = callback_queries.household_distributor(uow, household_id) or ""
            return product, distributor
    raise NoAffiliation("person_id", "the household has no affiliation in force", clause="Art. 3.4")


__all__ = [
    "CallBackForm",
    "CallBackRequest",
    "CallBackView",
    "call_back_form",
    "call_back_of",
    "line_of",
    "phone_display",
    "request_call_back",
    "request_call_back_for_member_of",
    "who_calls",
]
