"""Use cases of assistance cases: open (member or agent), triage, read, list, close.

One command, one transaction opened by the edge; every change writes its audit event in the
same transaction. Art. 11 is enforced here, not in the views: every read goes through
`load_case_for`, and notes of the psychological compartment are filtered and their reads logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.assistance import repository
from cybercare.assistance.access import load_case_for, may_see_row
from cybercare.assistance.calendar import BelgianCalendar, WorkingCalendar
from cybercare.assistance.case import Case
from cybercare.assistance.case_queries import household_case_summaries
from cybercare.assistance.domain import (
    ART_4,
    ART_5_2,
    ART_8_1,
    ActionRefused,
    CaseOutcome,
    CaseSummary,
    Channel,
    Compartment,
    check_dates,
    check_urgency,
    may_read_psychological,
    may_see_case,
    possible_duplicate,
    require_agent,
)
from cybercare.assistance.events import audit_case, timeline
from cybercare.assistance.sla import due_at, first_contact_kind
from cybercare.assistance.triage import guarantee_of, hold_a_case, open_workstreams
from cybercare.assistance.views import (
    CaseView,
    NoteView,
    TakedownView,
    WorkstreamView,
    case_view,
)
from cybercare.consent.consent_service import psychological_consent
from cybercare.cover import service as cover
from cybercare.cover.domain.eligibility import cover_refusal
from cybercare.cover.pots import PotLimitExceeded
from cybercare.db.uow import UnitOfWork
from cybercare.household.domain import ART_2_3, Household, is_minor, not_insured_on
from cybercare.identity.domain import Principal
from cybercare.kernel.clauses import Art
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.policy.repository import Loaded, load_household
from cybercare.policy.repository import load as load_affiliation
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion, Team

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


class NoAffiliation(InvalidInput):
    """Art. 3.4: no affiliation of the household was active on the incident date. The date is
    what falls outside the cover, so the refusal names the date's field (a form shows it there)."""

    code = "case.no_affiliation"


class NotInsuredOnIncidentDate(InvalidInput):
    """Art. 2.1-2.3: the person concerned was not insured on the incident date."""

    code = "case.not_insured_on_incident_date"


def product_of(uow: UnitOfWork, catalog: Catalog, affiliation_id: str) -> ProductVersion:
    affiliation = repository.affiliation_row(uow, affiliation_id)
    assert affiliation is not None
    return catalog.get(affiliation.product_code, affiliation.product_version)


def open_case(
    uow: UnitOfWork,
    principal: Principal,
    opening: CaseOpening,
    catalog: Catalog,
    clock: Clock,
    calendar: WorkingCalendar = CALENDAR,
) -> CaseView:
    """Art. 8.1: a member opens a case through the portal or the API, or an agent opens it for a
    phone call. Everything is judged on the incident date (Art. 3.4: the occurrence, or the
    discovery when the occurrence is unknown), never on the day of the declaration: the person
    concerned was insured then (Art. 2.1, 9.7) in a household whose affiliation was active then.
    A member who has left, or a household whose contract has ended since, still declares an
    incident from when they were covered; a late one goes to a handler (Art. 8.2). A possible
    duplicate is pointed out, never refused."""
    now, today = clock.now(), clock.today()
    if principal.is_staff:
        require_agent(principal, "open a case")
    elif opening.channel is Channel.PHONE:
        raise InvalidInput("channel", "members open cases through the portal or the API")
    person = repository.person_row(uow, opening.person_id)
    if person is None or (not principal.is_staff and principal.household_id != person.household_id):
        raise InvalidInput("person_id", "not an insured person you may open a case for")
    check_dates(opening.occurrence_date, opening.discovery_date, today)
    incident_day = opening.occurrence_date or opening.discovery_date
    day_field = "occurrence_date" if opening.occurrence_date else "discovery_date"
    loaded = _affiliation_on(uow, person.household_id, incident_day, catalog, day_field)
    affiliation = loaded.record
    product = catalog.get(*loaded.affiliation.product_key)
    household = loaded.household
    if not _may_open_for(principal, household, person.id, incident_day, today):
        raise InvalidInput("person_id", "not an insured person you may open a case for")
    _check_insured_on(household, person.id, incident_day, product)
    if not opening.narrative.strip():
        raise InvalidInput("narrative", "tell what happened")
    check_urgency(opening.urgent, opening.urgency_reason, product.service_levels)
    guarantee = guarantee_of(product, opening.guarantee_code) if opening.guarantee_code else None
    case_id = new_id("case")
    duplicate = possible_duplicate(
        CaseSummary(
            case_id, opening.guarantee_code, opening.occurrence_date, opening.discovery_date
        ),
        household_case_summaries(uow, person.household_id),
    )
    case = Case.open(
        case_id=case_id,
        affiliation_id=affiliation.affiliation_id,
        household_id=person.household_id,
        person_id=person.id,
        guarantee_code=opening.guarantee_code,
        narrative=opening.narrative,
        occurrence_date=opening.occurrence_date,
        discovery_date=opening.discovery_date,
        urgent=opening.urgent,
        urgency_reason=opening.urgency_reason,
        channel=opening.channel,
        language=opening.language or person.language,
        possible_duplicate_of=duplicate,
        opened_by=principal.user_id,
        at=now,
        first_contact_due_at=due_at(
            first_contact_kind(urgent=opening.urgent), now, calendar, product.service_levels
        ),
    )
    repository.add_case(uow, case)
    audit_case(
        uow,
        principal,
        case,
        "case.opened",
        ART_8_1,
        now,
        channel=case.channel,
        guarantee=case.guarantee_code,
        urgent=case.urgent,
        possible_duplicate_of=duplicate,
        judged_on=incident_day.isoformat(),  # Art. 3.4: eligibility's date, not today's
    )
    if guarantee is not None:
        case = hold_a_case(uow, principal, case, product, catalog, now)
        open_workstreams(uow, principal, case, guarantee.teams, product, clock, calendar)
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
    case = load_case_for(uow, principal, case_id, today=clock.today(), for_update=True)
    case.check_triageable()
    product = product_of(uow, catalog, case.affiliation_id)
    guarantee = guarantee_of(product, guarantee_code)
    if case.guarantee_code != guarantee.code:
        case = case.with_guarantee(
            guarantee.code,
            has_claims=case.guarantee_code is not None and repository.has_claims(uow, case.id),
            possible_duplicate_of=possible_duplicate(
                CaseSummary(case.id, guarantee.code, case.occurrence_date, case.discovery_date),
                household_case_summaries(uow, case.household_id),
            ),
        )
    teams = tuple(dict.fromkeys((*guarantee.teams, *extra_teams)))
    audit_case(uow, principal, case, "case.triaged", ART_4, clock.now(), guarantee=guarantee.code)
    case = hold_a_case(uow, principal, case, product, catalog, clock.now())
    open_workstreams(uow, principal, case, teams, product, clock, calendar)
    return read_case(uow, principal, case_id, clock, log_purpose=None)


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
    case = load_case_for(uow, principal, case_id, today=clock.today(), for_update=True)
    still_open = [ws.team for ws in repository.workstreams_of(uow, case.id) if not ws.closed]
    case.check_closable(reason, open_workstreams=still_open)
    pending = repository.pending_claims(uow, case.id)
    case.check_closable(reason, pending_claims=pending)
    now = clock.now()
    pot = _pot_of_case(uow, case, catalog)
    counted = not outcome.counts and pot is not None and cover.case_counted(uow, case.id)
    case.check_outcome(outcome, pot=pot, counted=counted)
    case_pot = case.case_pot
    if outcome.counts and pot is not None:
        assert case.guarantee_code is not None
        try:
            counted_in = cover.count_case(
                uow,
                case_id=case.id,
                affiliation_id=case.affiliation_id,
                guarantee=case.guarantee_code,
                incident_date=case.incident_date,
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
        case_pot = pot if counted_in is not None else None
    else:
        cover.release_case(uow, case.id, at=now)  # an uncounted case gives it back (5.2)
    case = case.close(
        outcome,
        reason,
        now,
        pot=pot,
        case_pot=case_pot,
        counted=counted,
        open_workstreams=still_open,
        pending_claims=pending,
    )
    repository.save_case(uow, case)
    audit_case(
        uow,
        principal,
        case,
        "case.closed",
        ART_5_2 if case.case_pot else ART_8_1,
        now,
        outcome=outcome.value,  # the reason is free text: on the case, not in the trail
    )
    return read_case(uow, principal, case_id, clock, log_purpose=None)


def _pot_of_case(uow: UnitOfWork, case: Case, catalog: Catalog) -> str | None:
    """The pot the case draws on: the one it was accepted against, or for a case accepted
    before cases held their place (no `case_pot` recorded), its guarantee's pot."""
    if case.case_pot is not None or case.guarantee_code is None:
        return case.case_pot
    return product_of(uow, catalog, case.affiliation_id).guarantee(case.guarantee_code).pot


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
    case = load_case_for(uow, principal, case_id, today=clock.today())
    workstreams = repository.workstreams_of(uow, case.id)
    counsellor = next(
        (ws.assignee_user_id for ws in workstreams if ws.team == Team.PSYCHOLOGICAL), None
    )
    psych_allowed = may_read_psychological(
        principal, concerned_person_id=case.person_id, counsellor_user_id=counsellor
    )
    notes = repository.notes_of(uow, case.id)
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
    waiting = any(ws.team == Team.PSYCHOLOGICAL and not ws.closed for ws in workstreams) and (
        psychological_consent(uow, case.person_id, clock.today()) is None
    )
    return case_view(
        case,
        now,
        workstreams=tuple(
            WorkstreamView.of(
                ws, now, waiting_for_consent=waiting and ws.team == Team.PSYCHOLOGICAL
            )
            for ws in workstreams
        ),
        notes=tuple(NoteView.of(n) for n in readable),
        takedowns=tuple(
            TakedownView.of(t, clock.today()) for t in repository.takedowns_of(uow, case.id)
        ),
        timeline=timeline(uow, case.id, psych_allowed=psych_allowed),
        psychological_notes_withheld=withheld,
        case_limit=cover.case_holding(uow, case.id, case.case_pot) if case.case_pot else None,
    )


def list_cases(uow: UnitOfWork, principal: Principal, clock: Clock) -> list[CaseView]:
    """A member's cases: their own and those of the minors they represent (Art. 11.3), without
    notes (read one case for those)."""
    if not principal.is_member or principal.household_id is None:
        raise ActionRefused("staff work from the team queues")
    today, now = clock.today(), clock.now()
    cases = repository.cases_of_household(uow, principal.household_id)
    if not cases:
        return []
    household = load_household(uow, principal.household_id)
    return [
        case_view(case, now)
        for case in cases
        if case.person_id == principal.person_id
        or may_see_row(principal, case, household, today=today)
    ]


# --- helpers ---------------------------------------------------------------------------------


def _may_open_for(
    principal: Principal, household: Household, person_id: str, incident_day: date, today: date
) -> bool:
    """Art. 11.3 on the incident date: staff (an agent on the phone), the person concerned (also
    after leaving the household: their login stays theirs), or whoever legally represented them
    that day while they are still a minor (an adult declares for themselves)."""
    if principal.is_staff or principal.person_id == person_id:
        return True
    return is_minor(household.person(person_id), today) and may_see_case(
        principal,
        household_id=principal.household_id or "",
        concerned_person_id=person_id,
        household=household,
        on=incident_day,
    )


def _check_insured_on(
    household: Household, person_id: str, incident_day: date, product: ProductVersion
) -> None:
    """Art. 2.1-2.3 on the incident date: a family member who joined after it, or had left
    before it, is outside Art. 2.1 (the dates of Art. 9.7); Art. 2.3 is only for a person who
    lived at the address that day without being family."""
    family = product.household.family_relationships
    article = not_insured_on(household, person_id, incident_day, family)
    if article is None:
        return
    rules = product.household  # the articles as the product data words them
    if article == ART_2_3:
        message = "this person lived at the address but is not family: not insured"
        article = rules.non_family_article
    else:
        message = f"this person was not a member of the household on {incident_day.isoformat()}"
        article = rules.article
    raise NotInsuredOnIncidentDate("person_id", message, clause=str(article))


def _affiliation_on(
    uow: UnitOfWork, household_id: str, incident_day: date, catalog: Catalog, field: str
) -> Loaded:
    """Art. 3.4: the household's affiliation that was active on the incident date, whatever its
    status today (ended since, or suspended since). None active that day: refused with the
    article of why (before the start 3.2/3.4, suspended 9.6, withdrawn 9.3, ended 3.4), as the
    coverage engine would decline it, judged on the most recent affiliation."""
    refusal: tuple[str, Art] | None = None
    for record in repository.affiliations_of_household(uow, household_id):
        loaded = load_affiliation(uow, record.id)
        start_article = catalog.get(*loaded.affiliation.product_key).cover_start.article
        why = cover_refusal(cover.policy_facts(loaded), incident_day, start_article)
        if why is None:
            return loaded
        refusal = refusal or why
    code, article = refusal or ("cover.no_status", Art("3.4"))
    raise NoAffiliation(
        field,
        f"{code}: the household had no cover in force on {incident_day.isoformat()}",
        clause=str(article),
    )


__all__ = [
    "CaseOpening",
    "close_case",
    "list_cases",
    "open_case",
    "read_case",
    "triage_case",
]
