"""The case's status machine (Art. 4, 5.2, 8.4), pure: whatever the sequence of commands, no case
reaches an illegal state. A closed case has no open workstream and refuses every command; a case
is counted among its pot's yearly cases once at most, and only a case whose help was given is
closed counted; the year's cases never exceed the pot's limit; a refused command changes nothing
and cites its article.

The pot moves are the ones `cover.service` makes for a case (reserve when triaged, count when an
accepted claim or the help given counts it, release otherwise), on the pure `PotYear`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cybercare.assistance.case import Case, Workstream
from cybercare.assistance.domain import (
    CaseAlreadyCounted,
    CaseOutcome,
    CaseStatus,
    Channel,
    StateConflict,
    WorkstreamStatus,
)
from cybercare.cover.domain import Consumption
from cybercare.cover.pots import PotLimitExceeded, PotYear
from cybercare.kernel.errors import Conflict, DomainError

POT = "EREP_POT"
CASE_LIMIT = 3
TEAMS = ("technical", "legal", "psychological")
AGENTS = ("usr_anna", "usr_bram")
RANK = {
    CaseStatus.OPEN: 0,
    CaseStatus.TRIAGED: 1,
    CaseStatus.IN_PROGRESS: 2,
    CaseStatus.CLOSED: 3,
}


def refused(error: DomainError) -> None:
    """Every state refusal is a conflict citing its article of the terms."""
    if isinstance(error, Conflict):
        assert error.clause, error.message


class CaseMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
        self.cases: dict[str, Case] = {}
        self.workstreams: dict[str, Workstream] = {}
        self.pot = PotYear(POT, 500_000, CASE_LIMIT)
        self.reserved: set[str] = set()  # holding one of the year's cases (accepted, Art. 5.2)
        self.counted: set[str] = set()  # counted among the year's cases
        self.rank: dict[str, int] = {}

    def _tick(self) -> datetime:
        self.now += timedelta(minutes=7)
        return self.now

    def _open_ws(self, case_id: str) -> list[str]:
        return [w.team for w in self.workstreams.values() if w.case_id == case_id and not w.closed]

    # --- commands ------------------------------------------------------------------------------

    @rule(phone=st.booleans(), urgent=st.booleans())
    def open_case(self, phone: bool, urgent: bool) -> None:
        at = self._tick()
        case = Case.open(
            case_id=f"case_{len(self.cases)}",
            affiliation_id="aff_1",
            household_id="hh_1",
            person_id="per_1",
            guarantee_code=None,
            narrative="Someone posts photos of me",
            occurrence_date=None,
            discovery_date=at.date(),
            urgent=urgent,
            urgency_reason="ongoing_harassment" if urgent else None,
            channel=Channel.PHONE if phone else Channel.PORTAL,
            language="nl",
            possible_duplicate_of=None,
            opened_by="usr_anna",
            at=at,
            first_contact_due_at=at + timedelta(hours=1),
        )
        assert case.status is CaseStatus.OPEN
        assert (case.first_contact_at is not None) is phone
        self.cases[case.id] = case
        self.rank[case.id] = RANK[case.status]

    @precondition(lambda self: self.cases)
    @rule(data=st.data(), teams=st.sets(st.sampled_from(TEAMS), min_size=1))
    def triage(self, data: st.DataObject, teams: set[str]) -> None:
        case = self.cases[data.draw(st.sampled_from(sorted(self.cases)))]
        at = self._tick()
        try:
            case.check_triageable()
            case = case.with_guarantee("EREP", has_claims=False, possible_duplicate_of=None)
            if case.id not in self.reserved | self.counted:
                try:
                    self.pot = self.pot.reserve(0, 1)
                    self.reserved.add(case.id)
                except PotLimitExceeded:
                    pass  # helped all the same, holding none of the year's cases
            case = case.holding(POT)
            existing = {w.team for w in self.workstreams.values() if w.case_id == case.id}
            for team in sorted(teams - existing):
                ws = Workstream.open(
                    workstream_id=f"ws_{len(self.workstreams)}",
                    case=case,
                    team=team,
                    at=at,
                    first_contact_due_at=at + timedelta(hours=1),
                )
                self.workstreams[ws.id] = ws
            case = case.triaged(at)
        except StateConflict as error:
            refused(error)
            assert case.closed
            return
        assert case.status is not CaseStatus.OPEN and case.triaged_at is not None
        self.cases[case.id] = case

    @precondition(lambda self: self.workstreams)
    @rule(data=st.data(), agent=st.sampled_from(AGENTS))
    def take(self, data: st.DataObject, agent: str) -> None:
        ws = self.workstreams[data.draw(st.sampled_from(sorted(self.workstreams)))]
        at = self._tick()
        try:
            taken = ws.take(agent, at).contacted(at)
        except StateConflict as error:
            refused(error)
            assert ws.closed or ws.assignee_user_id not in (None, agent)
            return
        assert taken.assignee_user_id == agent and taken.status is WorkstreamStatus.IN_PROGRESS
        self.workstreams[ws.id] = taken
        self.cases[ws.case_id] = self.cases[ws.case_id].contacted(at)

    @precondition(lambda self: self.workstreams)
    @rule(data=st.data())
    def write_a_note(self, data: st.DataObject) -> None:
        ws = self.workstreams[data.draw(st.sampled_from(sorted(self.workstreams)))]
        at = self._tick()
        try:
            ws.check_writable()
        except StateConflict as error:
            refused(error)
            assert ws.closed
            return
        self.workstreams[ws.id] = ws.contacted(at)
        self.cases[ws.case_id] = self.cases[ws.case_id].contacted(at)

    @precondition(lambda self: self.workstreams)
    @rule(data=st.data(), outcome=st.sampled_from(["", "material removed"]))
    def close_workstream(self, data: st.DataObject, outcome: str) -> None:
        ws = self.workstreams[data.draw(st.sampled_from(sorted(self.workstreams)))]
        try:
            closed = ws.close(outcome, self._tick())
        except DomainError as error:
            refused(error)
            assert ws.closed or ws.assignee_user_id is None or not outcome
            return
        assert closed.closed and closed.closed_at is not None
        self.workstreams[ws.id] = closed

    @precondition(lambda self: self.workstreams)
    @rule(data=st.data())
    def deliver_every_service_of_a_case(self, data: st.DataObject) -> None:
        """The teams take and close each open workstream of a case (their holder, or a first
        agent for those nobody took)."""
        case_id = data.draw(st.sampled_from(sorted({w.case_id for w in self.workstreams.values()})))
        for ws in [w for w in self.workstreams.values() if w.case_id == case_id and not w.closed]:
            at = self._tick()
            done = ws.take(ws.assignee_user_id or AGENTS[0], at).contacted(at).close("done", at)
            self.workstreams[ws.id] = done
            self.cases[case_id] = self.cases[case_id].contacted(at)

    @precondition(lambda self: self.cases)
    @rule(data=st.data())
    def accept_a_claim(self, data: st.DataObject) -> None:
        """An accepted claim counts its case (Art. 5.2): once, on a case still open."""
        case = self.cases[data.draw(st.sampled_from(sorted(self.cases)))]
        if case.closed or case.case_pot is None or case.id in self.counted:
            return  # a claim on a closed case is refused; one counted already counts nothing
        held = 1 if case.id in self.reserved else 0
        try:
            self.pot = self.pot.settle(Consumption(POT, 0, 1, released_cases=held))
        except PotLimitExceeded:
            return  # no case left: the claim is declined, the case stays uncounted
        self.reserved.discard(case.id)
        self.counted.add(case.id)

    @precondition(lambda self: self.cases)
    @rule(
        data=st.data(), outcome=st.sampled_from(CaseOutcome), reason=st.sampled_from(["", "done"])
    )
    def close_case(self, data: st.DataObject, outcome: CaseOutcome, reason: str) -> None:
        case = self.cases[data.draw(st.sampled_from(sorted(self.cases)))]
        at = self._tick()
        pot, counted = case.case_pot, case.id in self.counted
        still_open = self._open_ws(case.id)
        refusal: Exception | None = None
        try:
            case.check_closable(reason, open_workstreams=still_open)
            case.check_outcome(outcome, pot=pot, counted=counted)
            new_pot = self.pot
            if outcome.counts and pot is not None and not counted:
                held = 1 if case.id in self.reserved else 0
                new_pot = self.pot.settle(Consumption(POT, 0, 1, released_cases=held))
            elif not outcome.counts and case.id in self.reserved:
                new_pot = self.pot.release(0, 1)
            closed = case.close(
                outcome,
                reason,
                at,
                pot=pot,
                case_pot=pot,
                counted=counted,
                open_workstreams=still_open,
            )
        except (DomainError, PotLimitExceeded) as caught:
            refused(caught)
            refusal = caught
        if refusal is not None:
            assert (
                case.closed
                or bool(still_open)
                or not reason
                or isinstance(refusal, (CaseAlreadyCounted, PotLimitExceeded))
            )
            assert self.cases[case.id] is case
            return
        self.pot = new_pot
        self.reserved.discard(case.id)
        if outcome.counts and pot is not None:
            self.counted.add(case.id)
        self.cases[case.id] = closed

    @precondition(lambda self: any(c.closed for c in self.cases.values()))
    @rule(data=st.data())
    def every_command_on_a_closed_case_is_refused(self, data: st.DataObject) -> None:
        """A closed case is final (Art. 4): no re-triage, no workstream, no note, no reopening."""
        closed = sorted(c for c, case in self.cases.items() if case.closed)
        case = self.cases[data.draw(st.sampled_from(closed))]
        at = self._tick()
        commands = (
            case.check_triageable,
            lambda: case.with_guarantee("DATA", has_claims=False, possible_duplicate_of=None),
            lambda: case.holding(POT),
            lambda: case.triaged(at),
            lambda: case.contacted(at),
            case.check_writable,
            lambda: case.check_closable("again"),
            lambda: Workstream.open(
                workstream_id="ws_x", case=case, team="legal", at=at, first_contact_due_at=at
            ),
        )
        for command in commands:
            try:
                command()
            except StateConflict as error:
                refused(error)
            else:
                raise AssertionError("a closed case accepted a command")

    # --- invariants ----------------------------------------------------------------------------

    @invariant()
    def a_closed_case_has_no_open_workstream(self) -> None:
        for case in self.cases.values():
            if case.closed:
                assert not self._open_ws(case.id)
                assert case.closed_at is not None and case.closure_outcome is not None

    @invariant()
    def a_case_is_counted_once_and_the_pot_never_exceeds_its_limit(self) -> None:
        assert not self.reserved & self.counted
        assert self.pot.cases_used == len(self.counted)
        assert self.pot.cases_reserved == len(self.reserved)
        assert self.pot.cases_used + self.pot.cases_reserved <= CASE_LIMIT
        assert not any(self.cases[c].closed for c in self.reserved)

    @invariant()
    def a_counted_case_closes_only_as_help_given(self) -> None:
        for case_id in self.counted:
            case = self.cases[case_id]
            if case.closed:
                assert case.closure_outcome is CaseOutcome.SERVICE_DELIVERED

    @invariant()
    def statuses_only_move_forward(self) -> None:
        for case_id, case in self.cases.items():
            assert RANK[case.status] >= self.rank[case_id]
            self.rank[case_id] = RANK[case.status]
            if case.status is CaseStatus.IN_PROGRESS:
                assert case.first_contact_at is not None

    @invariant()
    def a_taken_workstream_has_its_agent(self) -> None:
        for ws in self.workstreams.values():
            if ws.status is not WorkstreamStatus.OPEN:
                assert ws.assignee_user_id is not None
            assert not self.cases[ws.case_id].closed or ws.closed


TestNoSequenceOfCommandsReachesAnIllegalState = CaseMachine.TestCase
TestNoSequenceOfCommandsReachesAnIllegalState.settings = settings(
    max_examples=150, stateful_step_count=40, deadline=None
)
