"""Assistance rules, pure: who may see a case and its notes (Art. 11), what triage opens
(Art. 4), what counts as a possible duplicate, and who may act on a workstream.

Services load snapshots, ask these functions and enforce the answers; refusals on a case the
principal may not know about are `CaseNotFound`, the same as for a case that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from cybercare.household.domain import Household, legal_representatives_of
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound
from cybercare.product.model import ServiceLevels, Team

ART_4 = Art("4")
ART_5_2 = Art("5.2")
ART_8_1 = Art("8.1")
ART_8_4 = Art("8.4")
ART_11_1 = Art("11.1")
ART_11_2 = Art("11.2")
ART_11_3 = Art("11.3")


class Channel(StrEnum):
    """Art. 8.1: the 24/7 phone line (agents), the member portal, the distributor's app (API)."""

    PHONE = "phone"
    PORTAL = "portal"
    API = "api"


class CaseStatus(StrEnum):
    OPEN = "open"  # received, not triaged yet
    TRIAGED = "triaged"  # workstreams opened, none taken
    IN_PROGRESS = "in_progress"  # a team is working on it
    CLOSED = "closed"


class CaseOutcome(StrEnum):
    """How a case ends (Art. 5.2): one whose help was given counts against its pot's yearly case
    limit, "whether it ends in money, in services, or both"; the others give back the case they
    held. `not_covered` is a person's decision (the system never declines on its own)."""

    SERVICE_DELIVERED = "service_delivered"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"
    NOT_COVERED = "not_covered"

    @property
    def counts(self) -> bool:
        return self is CaseOutcome.SERVICE_DELIVERED


class WorkstreamStatus(StrEnum):
    OPEN = "open"  # in the team's queue, nobody assigned
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class Compartment(StrEnum):
    GENERAL = "general"
    PSYCHOLOGICAL = "psychological"  # health data, Art. 11.2


class CaseNotFound(NotFound):
    code = "case.not_found"


class WorkstreamNotFound(NotFound):
    code = "workstream.not_found"


class ActionRefused(Forbidden):
    code = "assistance.refused"


class StateConflict(Conflict):
    code = "assistance.state_conflict"


class CaseAlreadyCounted(StateConflict):
    """Art. 5.2: an accepted claim counted the case; it cannot end as if no help was given."""

    code = "case.already_counted"


# The queue of the cases nobody has triaged yet, beside the four teams' queues (Art. 4).
TRIAGE_QUEUE = "triage"

# Staff who answer the 24/7 line and triage: the four teams and their supervisors.
AGENT_ROLES = (Role.TECHNICAL, Role.LEGAL, Role.FINANCIAL, Role.PSYCHOLOGICAL, Role.SUPERVISOR)


# --- Art. 11: visibility ---------------------------------------------------------------------


def may_see_case(
    principal: Principal,
    *,
    household_id: str,
    concerned_person_id: str,
    household: Household,
    on: date,
) -> bool:
    """Art. 11.3: staff see every case; a member sees the cases that concern them, and the cases
    of a minor they legally represent in the household. The affiliate and the other adults do
    not see an adult's case. Distributors are never principals (Art. 11.1)."""
    if principal.is_staff:
        return True
    if principal.household_id != household_id or principal.person_id is None:
        return False
    if principal.person_id == concerned_person_id:
        return True
    try:
        representatives = legal_representatives_of(household, concerned_person_id, on)
    except (Conflict, InvalidInput):
        return False  # the person concerned is no member any more on `on`
    return principal.person_id in {p.person_id for p in representatives}


def may_read_psychological(
    principal: Principal, *, concerned_person_id: str, counsellor_user_id: str | None
) -> bool:
    """Art. 11.2: only the member concerned and the assigned counsellor (the psychologist who
    holds the case's psychological workstream). Not the legal representative, not other staff."""
    if principal.is_member:
        return principal.person_id == concerned_person_id
    return (
        counsellor_user_id is not None
        and principal.user_id == counsellor_user_id
        and principal.has_role(Role.PSYCHOLOGICAL)
    )


def require_agent(principal: Principal, action: str) -> None:
    if not principal.has_role(*AGENT_ROLES):
        raise ActionRefused(
            f"only an assistance agent or a supervisor may {action}",
            clause=str(ART_8_1),
            params={"action": action},
        )


def check_may_take(principal: Principal, *, team: str) -> None:
    """A workstream is taken by a member of its team (its state: `Workstream.take`)."""
    if not principal.in_team(team):
        raise ActionRefused(f"only the {team} team takes this workstream", params={"team": team})


def check_may_write_on_workstream(
    principal: Principal, *, team: str, assignee: str | None, compartment: Compartment
) -> None:
    """General notes: the workstream's team or a supervisor. Psychological notes: only the
    assigned counsellor (Art. 11.2)."""
    if compartment is Compartment.PSYCHOLOGICAL:
        if team != Team.PSYCHOLOGICAL:
            raise InvalidInput(
                "compartment", "psychological notes go on the psychological workstream"
            )
        if assignee != principal.user_id or not principal.has_role(Role.PSYCHOLOGICAL):
            raise ActionRefused(
                "only the assigned counsellor writes psychological notes",
                clause=str(ART_11_2),
            )
        return
    if not (principal.in_team(team) or principal.has_role(Role.SUPERVISOR)):
        raise ActionRefused(f"only the {team} team writes on this workstream")


# --- Art. 4: triage --------------------------------------------------------------------------


def teams_to_open(needed: Iterable[Team], already_open: Iterable[str]) -> tuple[Team, ...]:
    """The teams needed (Art. 4: the guarantee's services, `Guarantee.teams`) that have no
    workstream yet, each once, in order."""
    existing = set(already_open)
    return tuple(team for team in dict.fromkeys(needed) if team.value not in existing)


def check_urgency(urgent: bool, reason: str | None, levels: ServiceLevels) -> None:
    """Art. 8.4: an urgent request names one of the product's urgent reasons."""
    if urgent and reason not in levels.urgent_reasons:
        raise InvalidInput(
            "urgency_reason",
            f"an urgent request names one of: {', '.join(levels.urgent_reasons)}",
            clause=str(ART_8_4),
        )
    if not urgent and reason is not None:
        raise InvalidInput("urgency_reason", "only urgent requests carry a reason")


def check_dates(occurrence_date: date | None, discovery_date: date, today: date) -> None:
    if discovery_date > today:
        raise InvalidInput("discovery_date", "the discovery cannot be in the future")
    if occurrence_date is not None and occurrence_date > discovery_date:
        raise InvalidInput("occurrence_date", "the incident cannot happen after its discovery")


# --- duplicates ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """What duplicate detection compares."""

    case_id: str
    guarantee_code: str | None
    occurrence_date: date | None
    discovery_date: date

    @property
    def period(self) -> tuple[date, date]:
        return (self.occurrence_date or self.discovery_date, self.discovery_date)


def possible_duplicate(new: CaseSummary, existing: Sequence[CaseSummary]) -> str | None:
    """The most recent case of the same household with the same guarantee whose incident period
    (occurrence to discovery) overlaps the new one; None when there is none. Only pointed out:
    the agent decides."""
    if new.guarantee_code is None:
        return None
    start, end = new.period
    for other in reversed(existing):
        if other.case_id == new.case_id or other.guarantee_code != new.guarantee_code:
            continue
        other_start, other_end = other.period
        if other_start <= end and start <= other_end:
            return other.case_id
    return None


# --- Art. 8.4: the first human contact, logged ---------------------------------------------


class ContactKind(StrEnum):
    CALL = "call"
    MESSAGE = "message"


class ContactOutcome(StrEnum):
    """What came of a try: a call reached the person, went to voicemail or was not answered; a
    message was sent."""

    REACHED = "reached"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    SENT = "sent"


class ContactChannel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    SMS = "sms"
    PORTAL = "portal"


CALL_OUTCOMES = (ContactOutcome.REACHED, ContactOutcome.VOICEMAIL, ContactOutcome.NO_ANSWER)
MESSAGE_CHANNELS = (ContactChannel.EMAIL, ContactChannel.SMS, ContactChannel.PORTAL)
MAX_CONTACT_NOTE = 500

# When the desk tries again after a call that reached nobody: an operating rule of the
# assistance line (no article sets it; Art. 8.4 sets only the deadline it serves). Urgent: four
# tries fit in the hour; otherwise a few tries fit in the working day.
NEXT_TRY_URGENT = timedelta(minutes=15)
NEXT_TRY_NORMAL = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class ContactTry:
    """One try to reach the person (or a minor's legal representative), as the agent logs it."""

    kind: ContactKind
    outcome: ContactOutcome
    channel: ContactChannel

    @classmethod
    def parse(cls, kind: str, outcome: str, channel: str | None) -> ContactTry:
        """A call is made on the phone and has a call outcome; a message is sent by e-mail,
        SMS or the portal. Each refusal names its field."""
        try:
            chosen = ContactKind(kind)
        except ValueError:
            raise InvalidInput("kind", "call or message") from None
        if chosen is ContactKind.CALL:
            if outcome not in {o.value for o in CALL_OUTCOMES}:
                raise InvalidInput("outcome", "reached, voicemail or no_answer")
            if channel not in (None, "", ContactChannel.PHONE.value):
                raise InvalidInput("channel", "a call is made on the phone")
            return cls(chosen, ContactOutcome(outcome), ContactChannel.PHONE)
        if outcome not in ("", ContactOutcome.SENT.value):
            raise InvalidInput("outcome", "a message is sent")
        if channel not in {c.value for c in MESSAGE_CHANNELS}:
            raise InvalidInput("channel", "email, sms or portal")
        return cls(chosen, ContactOutcome.SENT, ContactChannel(channel or ""))

    @property
    def is_first_contact(self) -> bool:
        """Art. 8.4, "a first human contact": a conversation (a call that reached the person) or
        a message a person wrote to them and they can answer (e-mail, SMS, portal). A voicemail
        is not a conversation and a call nobody answered is no contact: the clock keeps
        running and the desk tries again."""
        return self.outcome in (ContactOutcome.REACHED, ContactOutcome.SENT)


def next_try_at(
    attempt: ContactTry, *, urgent: bool, at: datetime, due_at: datetime, contacted: bool
) -> datetime | None:
    """When to try again after `attempt` (None: no need). Before the deadline when it can be:
    the next try is never planned after the clock runs out, unless it ran out already."""
    if contacted or attempt.is_first_contact:
        return None
    planned = at + (NEXT_TRY_URGENT if urgent else NEXT_TRY_NORMAL)
    return min(planned, due_at) if due_at > at else planned


def contact_note(text: str) -> str | None:
    note = text.strip()
    if len(note) > MAX_CONTACT_NOTE:
        raise InvalidInput("note", f"at most {MAX_CONTACT_NOTE} characters")
    return note or None


# --- Art. 11: who reads how to reach the member ----------------------------------------------


def check_may_read_contact_details(
    principal: Principal, *, case_teams: Iterable[str], triaged: bool
) -> None:
    """Art. 11.1: the insurer's staff who work the case reach the member; nobody else. The
    agents of its teams (before triage, any agent of the 24/7 line, who triages), the claims
    handlers (who ask for evidence) and the supervisors. Members read their own profile, not
    this staff view; distributors never reach a case (Art. 11.1); administrators and the agents
    of the other teams have no case to work here."""
    if principal.has_role(Role.SUPERVISOR, Role.CLAIMS_HANDLER):
        return
    if not triaged and principal.has_role(*AGENT_ROLES):
        return
    if any(principal.in_team(team) for team in case_teams):
        return
    raise ActionRefused(
        "only the staff working this case read how to reach the member",
        clause=str(ART_11_1),
    )
