"""Use cases of assistance cases: open (member or agent), triage, read, list, close.

One command, one transaction opened by the edge; every change writes its audit event in the
same transaction. Art. 11 is enforced here, not in the views: every read goes through
`load_case_for`, and notes of the psychological compartment are filtered and their reads logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cybercare.assistance import repository
from cybercare.assistance.access import load_case_for
from cybercare.assistance.calendar import BelgianCalendar, WorkingCalendar
from cybercare.assistance.domain import (
    ART_4,
    ART_5_2,
    ART_8_1,
    ActionRefused,
    CaseAlreadyCounted,
    CaseNotFound,
    CaseOutcome,
    CaseStatus,
    CaseSummary,
    Channel,
    Compartment,
    StateConflict,
    WorkstreamStatus,
    check_dates,
    check_urgency,
    may_read_psychological,
    may_see_case,
    possible_duplicate,
    require_agent,
    teams_to_open,
)
from cybercare.assistance.sla import due_at, first_contact_kind
from cybercare.assistance.views import (
    CaseView,
    NoteView,
    TakedownView,
    TimelineEntry,
    WorkstreamView,
    case_view,
)
from cybercare.audit import trail
from cybercare.cover import service as cover
from cybercare.cover.pots import PotLimitExceeded
from cybercare.db.tables import AffiliationRow, CaseRow, WorkstreamRow
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import insured_on
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.policy.repository import load_household
from cybercare.product.catalog import Catalog
from cybercare.product.model import Guarantee, ProductVersion, Team

CALENDAR = BelgianCalendar()
IN_FORCE = ("active", "suspended")


@dataclass(frozen=True, slots=True)
class CaseOpening:
    person_id: str
    narrative: str
    discovery_date: date
    channel: Channel
    guarantee_code: str | None = None  # None: "I don't know", the agent triages
    occurrence_date: date | None = None
    urgent: bool = False
    urgency_reason: str | None = None
    language: str | None = None  # default: the person's language (Art. 11.4)


class NoAffiliation(Conflict):
    code = "case.no_affiliation"


def product_of(uow: UnitOfWork, catalog: Catalog, affiliation_id: str) -> ProductVersion:
    row = repository.affiliation_row(uow, affiliation_id)
    assert row is not None
    return catalog.get(row.product_code, row.product_version)


def _guarantee(product: ProductVersion, code: str) -> Guarantee:
    try:
        return product.guarantee(code)
    except KeyError:
        known = ", ".join(g.code for g in product.guarantees)
        raise InvalidInput("guarantee_code", f"unknown guarantee (one of {known})") from None


def open_case(
    uow: UnitOfWork,
    principal: Principal,
    opening: CaseOpening,
    catalog: Catalog,
    clock: Clock,
    calendar: WorkingCalendar = CALENDAR,
) -> CaseView:
    """Art. 8.1: a member opens a case through the portal or the API, or an agent opens it for a
    phone call. The person concerned must be insured in a household whose affiliation is in
    force; a possible duplicate is pointed out, never refused."""
    now, today = clock.now(), clock.today()
    if principal.is_staff:
        require_agent(principal, "open a case")
    elif opening.channel is Channel.PHONE:
        raise InvalidInput("channel", "members open cases through the portal or the API")
    person = repository.person_row(uow, opening.person_id)
    if person is None or not _may_open_for(uow, principal, person.household_id, person.id, today):
        raise InvalidInput("person_id", "not an insured person you may open a case for")
    affiliation = _affiliation_in_force(uow, person.household_id)
    product = catalog.get(affiliation.product_code, affiliation.product_version)
    household = load_household(uow, person.household_id)
    insured = insured_on(household, today, product.household.family_relationships)
    if person.id not in {p.person_id for p in insured}:
        raise InvalidInput(
            "person_id", "this person is not insured in the household", clause="Art. 2.3"
        )
    if not opening.narrative.strip():
        raise InvalidInput("narrative", "tell what happened")
    check_dates(opening.occurrence_date, opening.discovery_date, today)
    check_urgency(opening.urgent, opening.urgency_reason, product.service_levels)
    guarantee = _guarantee(product, opening.guarantee_code) if opening.guarantee_code else None
    case_id = new_id("case")
    duplicate = possible_duplicate(
        CaseSummary(
            case_id, opening.guarantee_code, opening.occurrence_date, opening.discovery_date
        ),
        repository.summaries_of_household(uow, person.household_id),
    )
    row = CaseRow(
        id=case_id,
        affiliation_id=affiliation.id,
        household_id=person.household_id,
        person_id=person.id,
        guarantee_code=opening.guarantee_code,
        narrative=opening.narrative.strip(),
        occurrence_date=opening.occurrence_date,
        discovery_date=opening.discovery_date,
        urgent=opening.urgent,
        urgency_reason=opening.urgency_reason,
        channel=opening.channel.value,
        language=opening.language or person.language,
        status=CaseStatus.OPEN.value,
        possible_duplicate_of=duplicate,
        opened_by=principal.user_id,
        opened_at=now,
        first_contact_due_at=due_at(
            first_contact_kind(urgent=opening.urgent), now, calendar, product.service_levels
        ),
        # On the phone the agent is the first human contact.
        first_contact_at=now if opening.channel is Channel.PHONE else None,
    )
    repository.add(uow, row)
    audit_case(
        uow,
        principal,
        row,
        "case.opened",
        ART_8_1,
        now,
        channel=row.channel,
        guarantee=row.guarantee_code,
        urgent=row.urgent,
        possible_duplicate_of=duplicate,
    )
    if guarantee is not None:
        _hold_a_case(uow, principal, row, product, catalog, now)
        _open_workstreams(uow, principal, row, guarantee.teams, product, clock, calendar)
    return read_case(uow, principal, case_id, clock, log_purpose=None)


def triage_case(
    uow: UnitOfWork,
    principal: Principal,
    case_id: str,
    guarantee_code: str,
    catalog: Catalog,
    clock: Clock,
    *,
    extra_teams: tuple[Team, ...] = (),
    calendar: WorkingCalendar = CALENDAR,
) -> CaseView:
    """Art. 4: the agent sets the guarantee; the workstreams its services need are opened (plus
    any extra team the agent asks for). Workstreams already open are kept."""
    require_agent(principal, "triage a case")
    row = load_case_for(uow, principal, case_id, today=clock.today(), for_update=True)
    if row.status == CaseStatus.CLOSED:
        raise StateConflict("the case is closed", params={"status": row.status})
    product = product_of(uow, catalog, row.affiliation_id)
    guarantee = _guarantee(product, guarantee_code)
    if row.guarantee_code != guarantee.code:
        if row.guarantee_code is not None and repository.has_claims(uow, row.id):
            # Its claims were decided on its guarantee and drew on that guarantee's pot.
            raise StateConflict(
                "the case has claims under its guarantee: open a new case for another one",
                clause=str(ART_4),
                params={"guarantee": row.guarantee_code},
            )
        row.guarantee_code = guarantee.code
        row.possible_duplicate_of = possible_duplicate(
            CaseSummary(row.id, row.guarantee_code, row.occurrence_date, row.discovery_date),
            repository.summaries_of_household(uow, row.household_id),
        )
    teams = tuple(dict.fromkeys((*guarantee.teams, *extra_teams)))
    audit_case(uow, principal, row, "case.triaged", ART_4, clock.now(), guarantee=guarantee.code)
    _hold_a_case(uow, principal, row, product, catalog, clock.now())
    _open_workstreams(uow, principal, row, teams, product, clock, calendar)
    return read_case(uow, principal, case_id, clock, log_purpose=None)


def _hold_a_case(
    uow: UnitOfWork,
    principal: Principal,
    row: CaseRow,
    product: ProductVersion,
    catalog: Catalog,
    now: datetime,
) -> None:
    """Art. 5.2: a case accepted for its guarantee holds one of the pot's yearly cases (a case
    moved to another guarantee gives back what it held). When they are all used or held, the
    case is still helped (the 24/7 line, Art. 4.1) but holds none: its claims go to a handler
    with the engine's proposed decline, and it cannot close as a service delivered."""
    assert row.guarantee_code is not None
    pot = product.guarantee(row.guarantee_code).pot
    if row.case_pot is not None and row.case_pot != pot:
        cover.release_case(uow, row.id, at=now)
    row.case_pot = None
    if pot is None:
        return
    try:
        held = cover.reserve_case(
            uow,
            case_id=row.id,
            affiliation_id=row.affiliation_id,
            guarantee=row.guarantee_code,
            incident_date=row.occurrence_date or row.discovery_date,
            catalog=catalog,
            at=now,
        )
    except PotLimitExceeded:
        audit_case(uow, principal, row, "case.case_limit_reached", ART_5_2, now, pot=pot)
        row.case_pot = pot
        return
    # None: the incident precedes the cover, so no pot year applies (the engine declines).
    row.case_pot = pot if held is not None else None


def _open_workstreams(
    uow: UnitOfWork,
    principal: Principal,
    row: CaseRow,
    teams: tuple[Team, ...],
    product: ProductVersion,
    clock: Clock,
    calendar: WorkingCalendar,
) -> None:
    now = clock.now()
    existing = [ws.team for ws in repository.workstreams_of(uow, row.id)]
    for team in teams_to_open(teams, existing):
        ws = WorkstreamRow(
            id=new_id("ws"),
            case_id=row.id,
            team=team.value,
            status=WorkstreamStatus.OPEN.value,
            assignee_user_id=None,
            opened_at=now,
            first_contact_due_at=due_at(
                first_contact_kind(urgent=row.urgent), now, calendar, product.service_levels
            ),
            first_contact_at=None,
        )
        repository.add(uow, ws)
        audit_case(
            uow, principal, row, "workstream.opened", ART_4, now, team=team.value, workstream=ws.id
        )
    if row.status == CaseStatus.OPEN:
        row.status = CaseStatus.TRIAGED.value
        row.triaged_at = now
    uow.session.flush()


def close_case(
    uow: UnitOfWork,
    principal: Principal,
    case_id: str,
    reason: str,
    clock: Clock,
    outcome: CaseOutcome,
    catalog: Catalog,
) -> CaseView:
    """The help is given, or the case is a duplicate, withdrawn or not covered: every workstream
    must be closed first. Art. 5.2: a case whose help was given counts against its pot's yearly
    case limit; the others give back the case they held."""
    require_agent(principal, "close a case")
    row = load_case_for(uow, principal, case_id, today=clock.today(), for_update=True)
    if row.status == CaseStatus.CLOSED:
        raise StateConflict("the case is already closed", params={"status": row.status})
    still_open = [
        ws.team
        for ws in repository.workstreams_of(uow, row.id)
        if ws.status != WorkstreamStatus.CLOSED
    ]
    if still_open:
        raise StateConflict(
            "close every workstream first", params={"open_workstreams": sorted(still_open)}
        )
    if not reason.strip():
        raise InvalidInput("reason", "say why the case is closed")
    pending = repository.pending_claims(uow, row.id)
    if pending:
        # A claim still waiting holds money in the pot: a handler decides it first.
        raise StateConflict(
            "a claim of this case is not decided yet", params={"pending_claims": pending}
        )
    now = clock.now()
    pot = _pot_of_case(uow, row, catalog)
    if not outcome.counts and pot is not None and cover.case_counted(uow, row.id):
        raise CaseAlreadyCounted(
            "an accepted claim already counted this case among the year's cases: close it as "
            "help given",
            clause=str(ART_5_2),
            params={"outcome": outcome.value, "pot": pot},
        )
    if outcome.counts and pot is not None:
        assert row.guarantee_code is not None
        try:
            counted = cover.count_case(
                uow,
                case_id=row.id,
                affiliation_id=row.affiliation_id,
                guarantee=row.guarantee_code,
                incident_date=row.occurrence_date or row.discovery_date,
                catalog=catalog,
                at=now,
            )
        except PotLimitExceeded:
            raise cover.CaseLimitReached(
                "the household's cases of the year for this guarantee are all used: close the "
                "case as not covered",
                clause=str(ART_5_2),
                params={"pot": pot},
            ) from None
        row.case_pot = pot if counted is not None else None
    else:
        cover.release_case(uow, row.id, at=now)  # an uncounted case gives it back (5.2)
    row.status = CaseStatus.CLOSED.value
    row.closed_at = now
    row.closure_reason = reason.strip()
    row.closure_outcome = outcome.value
    audit_case(
        uow,
        principal,
        row,
        "case.closed",
        ART_5_2 if row.case_pot else ART_8_1,
        now,
        reason=row.closure_reason,
        outcome=outcome.value,
    )
    return read_case(uow, principal, case_id, clock, log_purpose=None)


def _pot_of_case(uow: UnitOfWork, row: CaseRow, catalog: Catalog) -> str | None:
    """The pot the case draws on: the one it was accepted against, or for a case accepted
    before cases held their place (no `case_pot` recorded), its guarantee's pot."""
    if row.case_pot is not None or row.guarantee_code is None:
        return row.case_pot
    return product_of(uow, catalog, row.affiliation_id).guarantee(row.guarantee_code).pot


# --- reading ---------------------------------------------------------------------------------


def read_case(
    uow: UnitOfWork,
    principal: Principal,
    case_id: str,
    clock: Clock,
    *,
    log_purpose: str | None = "case.read",
) -> CaseView:
    """The case as `principal` may see it: psychological notes only for the member concerned
    and the assigned counsellor (Art. 11.2), each such read logged."""
    now = clock.now()
    row = load_case_for(uow, principal, case_id, today=clock.today())
    workstreams = repository.workstreams_of(uow, row.id)
    counsellor = next(
        (ws.assignee_user_id for ws in workstreams if ws.team == Team.PSYCHOLOGICAL), None
    )
    psych_allowed = may_read_psychological(
        principal, concerned_person_id=row.person_id, counsellor_user_id=counsellor
    )
    notes = repository.notes_of(uow, row.id)
    readable = [n for n in notes if n.compartment == Compartment.GENERAL or psych_allowed]
    psych_read = [n for n in readable if n.compartment == Compartment.PSYCHOLOGICAL]
    if psych_read:
        repository.log_note_reads(
            uow,
            notes=psych_read,
            user_id=principal.user_id,
            purpose=log_purpose or "case.after_change",
            at=now,
        )
    withheld = not psych_allowed and any(n.compartment == Compartment.PSYCHOLOGICAL for n in notes)
    return case_view(
        row,
        now,
        workstreams=tuple(WorkstreamView.of(ws, now) for ws in workstreams),
        notes=tuple(NoteView.of(n) for n in readable),
        takedowns=tuple(
            TakedownView.of(t, clock.today()) for t in repository.takedowns_of(uow, row.id)
        ),
        timeline=_timeline(uow, row.id, psych_allowed=psych_allowed),
        psychological_notes_withheld=withheld,
        case_limit=cover.case_holding(uow, row.id, row.case_pot) if row.case_pot else None,
    )


def list_cases(uow: UnitOfWork, principal: Principal, clock: Clock) -> list[CaseView]:
    """A member's cases: their own and those of the minors they represent (Art. 11.3), without
    notes (read one case for those)."""
    if not principal.is_member or principal.household_id is None:
        raise ActionRefused("staff work from the team queues")
    today, now = clock.today(), clock.now()
    rows = repository.cases_of_household(uow, principal.household_id)
    if not rows:
        return []
    household = load_household(uow, principal.household_id)
    return [
        case_view(row, now)
        for row in rows
        if may_see_case(
            principal,
            household_id=row.household_id,
            concerned_person_id=row.person_id,
            household=household,
            on=today,
        )
    ]


def _timeline(uow: UnitOfWork, case_id: str, *, psych_allowed: bool) -> tuple[TimelineEntry, ...]:
    entries = []
    for event in trail.events_for(uow, "case", case_id):
        if event.details.get("compartment") == Compartment.PSYCHOLOGICAL and not psych_allowed:
            continue
        team = event.details.get("team")
        entries.append(TimelineEntry(event.occurred_at, event.action, team))
    return tuple(entries)


# --- helpers ---------------------------------------------------------------------------------


def _may_open_for(
    uow: UnitOfWork, principal: Principal, household_id: str, person_id: str, today: date
) -> bool:
    if principal.is_staff:
        return True
    if principal.household_id != household_id:
        return False
    return may_see_case(
        principal,
        household_id=household_id,
        concerned_person_id=person_id,
        household=load_household(uow, household_id),
        on=today,
    )


def _affiliation_in_force(uow: UnitOfWork, household_id: str) -> AffiliationRow:
    for affiliation in repository.affiliations_of_household(uow, household_id):
        if affiliation.status in IN_FORCE:
            return affiliation
    raise NoAffiliation("the household has no affiliation in force", clause="Art. 3.4")


def audit_case(
    uow: UnitOfWork,
    principal: Principal,
    row: CaseRow,
    action: str,
    clause: object,
    at: datetime,
    **details: object,
) -> None:
    trail.record(
        uow,
        at=at,
        actor=principal.actor,
        action=action,
        subject_type="case",
        subject_id=row.id,
        clause=str(clause),
        details={k: v for k, v in details.items() if v is not None},
    )


__all__ = [
    "CaseNotFound",
    "CaseOpening",
    "audit_case",
    "close_case",
    "list_cases",
    "open_case",
    "read_case",
    "triage_case",
]
