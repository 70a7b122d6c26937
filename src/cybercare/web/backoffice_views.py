"""What the back office pages show, in words: labels of the stored codes (translated when
rendered), the time left on a service-level clock ("in 42 min", "2 h late"), instants in
Brussels time, what the reader may do on a case (to show only the forms that will be accepted;
the services decide again), and the headers of an evidence file."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from babel.dates import format_date, format_time
from starlette.requests import Request

from cybercare.assistance.domain import AGENT_ROLES, CaseStatus, WorkstreamStatus
from cybercare.assistance.takedowns import TAKEDOWN_ROLES
from cybercare.assistance.views import CaseView, SlaView, WorkstreamView
from cybercare.claims.decide import HANDLERS
from cybercare.claims.domain import HandlerOutcome
from cybercare.claims.staff_queries import ClaimDossier, PotBefore
from cybercare.claims.views import ClaimView, DecisionView
from cybercare.cover.pots import left_under
from cybercare.documents.reasons import reason_message
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clock import BRUSSELS
from cybercare.kernel.money import format_amount
from cybercare.product.model import Guarantee, Label, Pot, ProductVersion, Team
from cybercare.web.i18n import N_, gettext, locale_of, request_language

TEAM_LABELS = {
    "technical": N_("Technical team"),
    "legal": N_("Legal team"),
    "financial": N_("Financial team"),
    "psychological": N_("Psychological team"),
    "triage": N_("Triage"),
}
CASE_STATUS = {
    "open": N_("Received, not triaged"),
    "triaged": N_("Triaged"),
    "in_progress": N_("In progress"),
    "closed": N_("Closed"),
}
WORKSTREAM_STATUS = {
    "open": N_("Waiting in the queue"),
    "in_progress": N_("In progress"),
    "closed": N_("Closed"),
}
CHANNELS = {
    "phone": N_("Phone (24/7 line)"),
    "portal": N_("Member portal"),
    "api": N_("Distributor app"),
}
URGENCY_REASONS = {
    "distress": N_("Person in distress"),
    "ongoing_harassment": N_("Harassment going on"),
    "ongoing_fraud": N_("Fraud going on"),
}
LANGUAGE_NAMES = {
    "nl": N_("Dutch"),
    "fr": N_("French"),
    "de": N_("German"),
    "en": N_("English"),
}
AFFILIATION_STATUS = {
    "active": N_("Active"),
    "suspended": N_("Suspended"),
    "withdrawn": N_("Withdrawn"),
    "terminated": N_("Terminated"),
}
CLAIM_STATUS = {
    "incomplete": N_("Incomplete: evidence missing"),
    "in_review": N_("Waiting for a handler"),
    "awaiting_approval": N_("Waiting for a second approval"),
    "decided": N_("Decided"),
    "withdrawn": N_("Withdrawn before the decision"),
}
OUTCOMES = {
    "accepted": N_("Accepted"),
    "partially_accepted": N_("Partially accepted"),
    "declined": N_("Declined"),
    "needs_review": N_("Needs review"),
}
CLOSURE_OUTCOMES = {
    "service_delivered": N_("Help given: the case counts against the year's cases"),
    "duplicate": N_("Duplicate of another case"),
    "withdrawn": N_("Withdrawn by the member"),
    "not_covered": N_("Not covered"),
}
# How a closed case ended, as its summary says it (the form's labels above explain the choice).
CLOSED_AS = {
    "service_delivered": N_("Help given"),
    "duplicate": N_("Duplicate of another case"),
    "withdrawn": N_("Withdrawn by the member"),
    "not_covered": N_("Not covered"),
}
QUEUE_REASONS = {
    "claims.above_authority_limit": N_("Above the handler's authority limit"),
    "claims.above_auto_pay_ceiling": N_("Above the automatic payment ceiling"),
    "claims.possible_duplicate": N_("A possible duplicate: check it is not the same loss twice"),
    "claims.reopened": N_("Reopened"),
    "claims.straight_through": N_("Decided straight through"),
    "engine.needs_review": N_("The engine asks for a review"),
    "engine.proposes_decline": N_("The engine proposes a decline"),
    "file.incomplete": N_("The file is incomplete"),
}
VERDICTS = {
    "pass": N_("Holds"),
    "decline": N_("Not covered"),
    "review": N_("Review"),
    "incomplete": N_("Missing"),
    "partial": N_("Partial"),
}
DECISION_KINDS = {
    "engine": N_("Coverage engine"),
    "handler": N_("Claims handler"),
    "reopening": N_("Reopening"),
}
DECISION_STATES = {
    "proposed": N_("Proposal"),
    "pending_approval": N_("Waiting for approval"),
    "final": N_("Final"),
    "superseded": N_("Superseded"),
}
PAYOUT_STATUS = {
    "pending_review": N_("Account to be checked"),
    "scheduled": N_("Scheduled"),
    "in_file": N_("In a payment file"),
    "instructed": N_("Instant transfer accepted by the bank"),
    "paid": N_("Paid"),
    "returned": N_("Returned by the bank"),
    "replaced": N_("Replaced: paid to another account"),
}
RECHECK_RESULTS = {
    "still_online": N_("Still online"),
    "taken_down": N_("Taken down"),
    "unreachable": N_("Unreachable"),
}
TIMELINE_EVENTS = {
    "case.opened": N_("Case opened"),
    "case.triaged": N_("Guarantee chosen"),
    "case.case_limit_reached": N_("The year's cases for this guarantee are all used (Art. 5.2)"),
    "workstream.opened": N_("Workstream opened"),
    "workstream.taken": N_("Workstream taken"),
    "case.note_added": N_("Note written"),
    "workstream.closed": N_("Workstream closed"),
    "case.closed": N_("Case closed"),
    "takedown.requested": N_("Removal request sent"),
    "takedown.rechecked": N_("Address checked again"),
}
QUEUE_FILTERS = {
    "all": N_("All"),
    "unassigned": N_("Unassigned"),
    "mine": N_("Mine"),
}


def labeller(language: str) -> Callable[[dict[str, str], str | None], str]:
    """`t(labels, code)` for templates: the label of a stored code in the reader's language,
    as plain text (escaped like any value); an unknown code is shown as it is stored."""

    def t(labels: dict[str, str], code: str | None) -> str:
        if code is None:
            return ""
        msgid = labels.get(code)
        return gettext(language, msgid) if msgid is not None else code

    return t


def page_context(request: Request) -> dict[str, Any]:
    """What every back-office template uses besides its own data."""
    language = request_language(request)
    return {
        "bv": sys.modules[__name__],
        "t": labeller(language),
        "when": lambda at: format_instant(at, language),
        "day": lambda value: format_day(value, language),
        "iso": iso_instant,
    }


# --- time --------------------------------------------------------------------------------------

MINUTE, HOUR, DAY = 60, 3600, 86400


@dataclass(frozen=True, slots=True)
class TimeLeft:
    """A clock's standing in the largest sensible unit: `unit` is min, h or d; `late` when the
    deadline passed; `met` when the clock was stopped (first contact made) in time or late."""

    late: bool
    met: bool
    unit: str
    amount: int


def time_left(sla: SlaView) -> TimeLeft:
    seconds = sla.seconds_left
    late = sla.breached
    span = abs(seconds)
    if span < HOUR:
        unit, amount = "min", max(1, -(-span // MINUTE))  # a started minute counts
    elif span < 2 * DAY:
        unit, amount = "h", span // HOUR
    else:
        unit, amount = "d", span // DAY
    return TimeLeft(late=late, met=sla.met_at is not None, unit=unit, amount=amount)


def format_day(day: date, language: str) -> str:
    """A date with its year in full and no ambiguity: "20 Nov 2026", "20 nov. 2026"."""
    return format_date(day, format="medium", locale=locale_of(language))


def format_instant(at: datetime, language: str) -> str:
    """An instant as a Brussels date and time in the reader's locale: "27 Nov 2026, 10:00"."""
    locale = locale_of(language)
    local = at.astimezone(BRUSSELS)
    pattern: str = locale.datetime_formats["medium"]
    time_text = format_time(local.time(), format="short", locale=locale)
    return pattern.format(time_text, format_date(local.date(), format="medium", locale=locale))


def iso_instant(at: datetime) -> str:
    return at.astimezone(BRUSSELS).isoformat(timespec="minutes")


# --- what the reader may do ------------------------------------------------------------------


def is_agent(principal: Principal) -> bool:
    return principal.has_role(*AGENT_ROLES)


def is_handler(principal: Principal) -> bool:
    return principal.has_role(*HANDLERS)


@dataclass(frozen=True, slots=True)
class WorkstreamActions:
    take: bool
    write: bool
    write_psychological: bool
    close: bool


def workstream_actions(principal: Principal, ws: WorkstreamView) -> WorkstreamActions:
    """Mirrors the checks of `assistance.domain` (check_may_take: the team;
    check_may_write_on_workstream) and of the `Workstream` entity (`take`: not closed, not held;
    `close`), to offer only what the service will accept."""
    if ws.status == WorkstreamStatus.CLOSED:
        return WorkstreamActions(False, False, False, False)
    mine = ws.assignee_user_id == principal.user_id
    take = principal.in_team(ws.team) and ws.assignee_user_id is None
    write = principal.in_team(ws.team) or principal.has_role(Role.SUPERVISOR)
    psychological = (
        ws.team == Team.PSYCHOLOGICAL and mine and principal.has_role(Role.PSYCHOLOGICAL)
    )
    close = ws.assignee_user_id is not None and (
        (mine and principal.in_team(ws.team)) or principal.has_role(Role.SUPERVISOR)
    )
    return WorkstreamActions(take, write, psychological, close)


@dataclass(frozen=True, slots=True)
class CaseActions:
    triage: bool
    close: bool
    takedowns: bool
    decide_claims: bool


def case_actions(principal: Principal, case: CaseView) -> CaseActions:
    open_case = case.status != CaseStatus.CLOSED
    all_closed = all(ws.status == WorkstreamStatus.CLOSED for ws in case.workstreams)
    return CaseActions(
        triage=open_case and is_agent(principal),
        close=open_case and is_agent(principal) and bool(case.workstreams) and all_closed,
        takedowns=open_case and principal.has_role(*TAKEDOWN_ROLES),
        decide_claims=is_handler(principal),
    )


# --- evidence files --------------------------------------------------------------------------

# Shown in the browser; any other type (text, e-mail, HEIC) is downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def ascii_filename(filename: str) -> str:
    """A plain ASCII fallback name: accents dropped, anything else (quotes, slashes, line
    breaks, semicolons) replaced; never empty, never a hidden file."""
    decomposed = unicodedata.normalize("NFKD", filename)
    plain = decomposed.encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("_", plain).strip(" .") or "evidence"
    return cleaned[:120]


def content_disposition(filename: str, *, inline: bool) -> str:
    """RFC 6266: an ASCII `filename` and the exact name UTF-8 encoded in `filename*`."""
    kind = "inline" if inline else "attachment"
    exact = quote(filename.replace("\r", "").replace("\n", ""), safe="")
    return f"{kind}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{exact}"


# --- claims ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PotFigures:
    """A pot year before a decision, with what was left then (Art. 5)."""

    before: PotBefore
    left_cents: int | None
    cases_left: int | None


@dataclass(frozen=True, slots=True)
class DecisionForm:
    """The handler's decision form as the coverage engine's last decision fills it: the outcome
    (none when the engine asks for a review), the amount as typed in the form ("1500.00"), the
    articles and the reasons (msgids, with their article), and whether the rules of the product
    data apply to the proposed amount."""

    outcome: str | None
    amount: str
    payable_cents: int
    articles: tuple[str, ...]
    reasons: tuple[tuple[str, str], ...]  # (article, msgid)
    four_eyes: bool  # above claims_handling.handler_authority_limit: a second person approves
    above_auto_pay: bool  # above claims_handling.auto_pay_ceiling: no straight-through payment


def decision_form(
    engine: DecisionView | None, queue_reason: str | None, product: ProductVersion
) -> DecisionForm | None:
    if engine is None:
        return None
    outcome = engine.outcome if engine.outcome in {o.value for o in HandlerOutcome} else None
    handling = product.claims
    return DecisionForm(
        outcome=outcome,
        amount=format_amount(engine.payable_cents) if outcome != "declined" else "",
        payable_cents=engine.payable_cents,
        articles=tuple(dict.fromkeys(r.article for r in engine.reasons)),
        reasons=tuple(dict.fromkeys((r.article, reason_message(r.code)) for r in engine.reasons)),
        four_eyes=engine.payable_cents > handling.handler_authority_limit_cents,
        above_auto_pay=queue_reason == "claims.above_auto_pay_ceiling"
        or engine.payable_cents > handling.auto_pay_ceiling_cents,
    )


@dataclass(frozen=True, slots=True)
class ClaimPanel:
    """A claim in the workspace: the claim, the labels its codes need, the pot the engine saw
    before each decision, and what the reader may do with it (the service decides again)."""

    dossier: ClaimDossier
    guarantee: Guarantee | None
    kind_label: Label | None
    evidence_labels: dict[str, Label]
    pot: Pot | None
    pot_before: dict[int, PotFigures]
    pending: DecisionView | None
    articles: tuple[str, ...]
    authority_limit_cents: int  # product data: claims_handling.handler_authority_limit
    auto_pay_ceiling_cents: int  # product data: claims_handling.auto_pay_ceiling
    proposal: DecisionForm | None  # the engine's proposal, to prefill the handler's form
    decision_clock: SlaView | None  # Art. 8.4: while the claim waits for a decision
    may_decide: bool
    may_approve: bool
    own_pending: bool
    may_reopen: bool

    @property
    def claim(self) -> ClaimView:
        return self.dossier.claim


def _article_key(article: str) -> tuple[int, ...]:
    digits = article.removeprefix("Art. ").split(".")
    return tuple(int(part) if part.isdigit() else 0 for part in digits)


def claim_panel(
    viewer: Principal, dossier: ClaimDossier, product: ProductVersion, now: datetime
) -> ClaimPanel:
    claim = dossier.claim
    try:
        guarantee: Guarantee | None = product.guarantee(claim.guarantee)
    except KeyError:
        guarantee = None
    pot = product.pot(guarantee.pot) if guarantee is not None and guarantee.pot else None
    figures = {
        sequence: PotFigures(
            before,
            left_under(pot.money_limit_cents, before.used_cents, before.reserved_cents),
            left_under(pot.case_limit, before.cases_used, before.cases_reserved),
        )
        if pot is not None
        else PotFigures(before, None, None)
        for sequence, before in dossier.pot_before.items()
    }
    pending = next((d for d in claim.decisions if d.state == "pending_approval"), None)
    engine = [d for d in claim.decisions if d.kind == "engine"]
    articles: set[str] = set()
    for decision in engine[-1:]:
        articles.update(r.article for r in decision.reasons)
        articles.update(str(step.get("article")) for step in decision.trace if step.get("article"))
    handler = is_handler(viewer)
    status = claim.status.value
    return ClaimPanel(
        dossier=dossier,
        guarantee=guarantee,
        kind_label=next(
            (k.label for k in (guarantee.kinds if guarantee else ()) if k.code == claim.kind),
            None,
        ),
        evidence_labels={e.code: e.label for e in (guarantee.evidence if guarantee else ())},
        pot=pot,
        pot_before=figures,
        pending=pending,
        articles=tuple(sorted(articles, key=_article_key)),
        authority_limit_cents=product.claims.handler_authority_limit_cents,
        auto_pay_ceiling_cents=product.claims.auto_pay_ceiling_cents,
        proposal=decision_form(engine[-1] if engine else None, claim.queue_reason, product),
        decision_clock=None
        if dossier.decision_due_at is None
        else SlaView.of(dossier.decision_due_at, None, now),
        may_decide=handler and status == "in_review",
        may_approve=handler
        and status == "awaiting_approval"
        and pending is not None
        and pending.decided_by != viewer.actor,
        own_pending=status == "awaiting_approval"
        and pending is not None
        and pending.decided_by == viewer.actor,
        may_reopen=handler and status == "decided",
    )
