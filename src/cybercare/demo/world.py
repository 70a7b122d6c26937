"""The demo's tools: moments relative to now, and the use cases run the way the edges run them.

Every change goes through the services (policy, assistance, claims, identity), each with a clock
set at the moment the event happened, so the demo holds exactly what production would hold:
audit events, pots, ledger entries, letters in the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cybercare.assistance import contacts, takedowns, workstreams
from cybercare.assistance import service as cases
from cybercare.assistance.domain import CaseOutcome, Channel, Compartment
from cybercare.assistance.views import CaseView
from cybercare.bootstrap import Container
from cybercare.claims import decide
from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.submit import ClaimSubmission, EvidenceUpload, submit_claim
from cybercare.claims.views import ClaimView
from cybercare.consent.consent_service import PSYCHOLOGICAL, ConsentGiving, give_consent
from cybercare.consent.text_files import consent_texts
from cybercare.db.uow import UnitOfWork
from cybercare.demo.cast import HouseholdSpec, Member
from cybercare.demo.evidence import respected
from cybercare.identity.domain import Principal
from cybercare.kernel.clock import BRUSSELS, FixedClock
from cybercare.kernel.periods import add_months
from cybercare.product.catalog import Catalog

ACTOR = "demo:seed"


@dataclass(frozen=True, slots=True)
class Moments:
    """Instants of the demo's past, counted back from now (the container's clock)."""

    now: datetime

    @property
    def today(self) -> date:
        return self.now.astimezone(BRUSSELS).date()

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def at(self, days_ago: int, hour: int, minute: int = 0) -> FixedClock:
        """A Brussels time on a past day (yesterday or earlier, so always before now)."""
        if days_ago < 1:
            raise ValueError("a past day: use minutes_ago() for today")
        day = self.day(days_ago)
        return FixedClock(datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS))

    def on(self, day: date, hour: int, minute: int = 0) -> FixedClock:
        """A Brussels time on `day`; never later than a minute ago (today's early hours)."""
        instant = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)
        return FixedClock(min(instant, self.now - timedelta(minutes=1)))

    def minutes_ago(self, minutes: int) -> FixedClock:
        return FixedClock(self.now - timedelta(minutes=minutes))

    def month_start(self, months_ago: int) -> date:
        return add_months(self.today.replace(day=1), -months_ago)

    def born(self, member: Member) -> date:
        """A birth date giving the member's age on the day the demo starts (a birthday still to
        come this year makes them one year younger, so born one year earlier)."""
        month, day = member.birthday
        year = self.today.year - member.age
        if (month, day) > (self.today.month, self.today.day):
            year -= 1
        return date(year, month, day)


@dataclass
class Household:
    """A subscribed demo household: its ids and the principals of the members with a login."""

    spec: HouseholdSpec
    affiliation_id: str
    start_date: date
    people: dict[str, str]  # member key -> person id
    logins: dict[str, Principal] = field(default_factory=dict)

    def person(self, key: str) -> str:
        return self.people[key]

    def login(self, key: str) -> Principal:
        return self.logins[key]

    def payee(self, key: str) -> dict[str, str]:
        """The household's account and the member as its holder, for a claim's payout."""
        member = self.spec.member(key)
        return {
            "payee_iban": self.spec.iban,
            "payee_name": f"{member.given_name} {member.family_name}",
        }


@dataclass(frozen=True)
class Demo:
    container: Container
    moments: Moments
    staff: dict[str, Principal]

    @property
    def catalog(self) -> Catalog:
        return self.container.catalog

    def agent(self, key: str) -> Principal:
        return self.staff[key]

    def respected(self, guarantee: str) -> frozenset[str]:
        """The prevention obligations (Art. 7.1) the guarantee asks about, declared kept."""
        return respected(self.catalog, guarantee)

    # --- assistance ---------------------------------------------------------------------------

    def open_case(
        self,
        uow: UnitOfWork,
        who: Principal,
        person_id: str,
        clock: FixedClock,
        *,
        narrative: str,
        discovered: date,
        occurred: date | None = None,
        guarantee: str | None = None,
        urgency: str | None = None,
    ) -> CaseView:
        opening = cases.CaseOpening(
            person_id=person_id,
            narrative=narrative,
            discovery_date=discovered,
            channel=Channel.PHONE if who.is_staff else Channel.PORTAL,
            guarantee_code=guarantee,
            occurrence_date=occurred,
            urgent=urgency is not None,
            urgency_reason=urgency,
        )
        return cases.open_case(uow, who, opening, self.catalog, clock)

    def workstream(self, case: CaseView, team: str) -> str:
        return next(ws.workstream_id for ws in case.workstreams if ws.team == team)

    def take(self, uow: UnitOfWork, case: CaseView, team: str, who: str, clock: FixedClock) -> str:
        """The agent takes the workstream and calls the member, who answers: taking alone is no
        contact (Art. 8.4), the reached call is the first human contact."""
        workstream_id = self.workstream(case, team)
        agent = self.agent(who)
        workstreams.take_workstream(uow, agent, workstream_id, clock)
        call = contacts.ContactLog("call", "reached", workstream_id=workstream_id)
        contacts.log_contact(uow, agent, case.case_id, call, clock)
        return workstream_id

    def note(
        self,
        uow: UnitOfWork,
        case: CaseView,
        team: str,
        who: str,
        clock: FixedClock,
        body: str,
        *,
        psychological: bool = False,
    ) -> None:
        compartment = Compartment.PSYCHOLOGICAL if psychological else Compartment.GENERAL
        if psychological:  # GDPR art. 9(2)(a): the counsellor read the consent text aloud first
            self.phone_consent(uow, case, who, clock)
        workstreams.add_workstream_note(
            uow, self.agent(who), self.workstream(case, team), compartment, body, clock
        )

    def phone_consent(self, uow: UnitOfWork, case: CaseView, who: str, clock: FixedClock) -> None:
        """The person concerned (an adult in the demo) consents on the phone to the agent."""
        version = consent_texts(PSYCHOLOGICAL.value).current(clock.today()).version
        giving = ConsentGiving(
            case.person_id,
            version,
            case.language,
            given_by_person_id=case.person_id,
            case_id=case.case_id,
        )
        give_consent(uow, self.agent(who), giving, clock)

    def message(
        self, uow: UnitOfWork, who: Principal, case: CaseView, clock: FixedClock, body: str
    ) -> None:
        workstreams.post_member_message(uow, who, case.case_id, body, clock)

    def close_workstream(
        self, uow: UnitOfWork, case: CaseView, team: str, who: str, clock: FixedClock, outcome: str
    ) -> None:
        workstreams.close_workstream(
            uow, self.agent(who), self.workstream(case, team), outcome, clock
        )

    def close_case(
        self,
        uow: UnitOfWork,
        case: CaseView,
        who: str,
        clock: FixedClock,
        reason: str,
        outcome: CaseOutcome = CaseOutcome.SERVICE_DELIVERED,
    ) -> None:
        cases.close_case(uow, self.agent(who), case.case_id, reason, clock, outcome, self.catalog)

    def deliver(
        self,
        uow: UnitOfWork,
        case: CaseView,
        work: Sequence[tuple[str, str, str]],
        *,
        taken: FixedClock,
        closed: FixedClock,
        closer: str,
        reason: str,
    ) -> None:
        """Each team's agent takes its workstream (team, agent, outcome), writes what was done,
        closes it; then the case is closed."""
        for team, who, outcome in work:
            self.take(uow, case, team, who, taken)
            self.note(uow, case, team, who, taken, outcome)
        for team, who, outcome in work:
            self.close_workstream(uow, case, team, who, closed, outcome)
        self.close_case(uow, case, closer, closed, reason)

    def takedown(
        self,
        uow: UnitOfWork,
        case: CaseView,
        who: str,
        clock: FixedClock,
        *,
        url: str,
        addressee: str,
        deadline: date,
    ) -> str:
        view = takedowns.request_takedown(
            uow,
            self.agent(who),
            case.case_id,
            url=url,
            addressee=addressee,
            deadline_date=deadline,
            clock=clock,
        )
        return view.takedown_id

    def recheck(
        self,
        uow: UnitOfWork,
        takedown_id: str,
        who: str,
        clock: FixedClock,
        result: str,
        taken_down_on: date | None = None,
    ) -> None:
        takedowns.record_recheck(
            uow,
            self.agent(who),
            takedown_id,
            result=result,
            clock=clock,
            taken_down_on=taken_down_on,
        )

    # --- claims -------------------------------------------------------------------------------

    def claim(
        self,
        uow: UnitOfWork,
        who: Principal,
        case: CaseView,
        clock: FixedClock,
        submission: ClaimSubmission,
        evidence: tuple[EvidenceUpload, ...],
    ) -> ClaimView:
        return submit_claim(uow, who, case.case_id, submission, self.catalog, clock, evidence)

    def decide(
        self,
        uow: UnitOfWork,
        claim: ClaimView,
        who: str,
        clock: FixedClock,
        outcome: HandlerOutcome,
        payable_cents: int,
        note: str,
    ) -> ClaimView:
        decision = decide.HandlerDecision(outcome, payable_cents, note)
        return decide.decide_claim(
            uow, self.agent(who), claim.claim_id, decision, self.catalog, clock
        )
