"""Use cases of the scam radar (issue 20). One command, one transaction opened by the edge;
every change writes its audit event in it; e-mails go through the outbox after commit.

- `submit_report`: a member (portal, or the distributor's app) or a phone agent for a member
  forwards something suspicious. Its indicators are extracted and matched; a known-bad match is
  answered at once and, where money is at stake, still waits for a person (urgent clock).
- `answer_report`: the technical team's verdict and advice (Art. 4.1, 8.4).
- `open_incident`: a "scam" answer becomes, in one tap, the pre-filled incident (Art. 4, 8.1).
- `confirm_indicator`, `load_known_bad`: the known-bad list; households that reported a newly
  confirmed indicator are told (outbox e-mail in their language).
- `cluster_view`, `radar_counts`: staff clusters; the distributor's counts only (Art. 11.1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from cybercare.assistance import repository as assistance_repository
from cybercare.assistance.calendar import BelgianCalendar, WorkingCalendar
from cybercare.assistance.callback_queries import member_user_id
from cybercare.assistance.domain import Channel, require_agent
from cybercare.assistance.service import CaseOpening, NoAffiliation, open_case
from cybercare.assistance.sla import due_at, first_contact_kind
from cybercare.assistance.views import CaseView
from cybercare.audit import trail
from cybercare.db.uow import UnitOfWork
from cybercare.documents.translations import gettext
from cybercare.identity.domain import Principal
from cybercare.identity.repository import principal as identity_principal
from cybercare.kernel.clauses import Art
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.ids import new_id
from cybercare.outbox.enqueue import enqueue_email
from cybercare.policy.repository import load as load_affiliation
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion
from cybercare.radar import report_queries as queries
from cybercare.radar import repository, texts
from cybercare.radar.domain import (
    ART_4_1,
    ART_8_4,
    ART_11_3,
    MAX_CONTENT,
    Answerer,
    AskedTo,
    IncidentDraft,
    Indicator,
    IndicatorKind,
    ReportKind,
    ReportNotFound,
    ReportStatus,
    Verdict,
    check_answer,
    check_reason,
    incident_draft,
    instant_answer,
    is_urgent,
    may_see_report,
    require_answerer,
    require_radar_reader,
)
from cybercare.radar.extraction import (
    indicators_of,
    normal_email,
    normal_iban,
    normal_phone,
    registrable_domain,
)
from cybercare.radar.lookalike import lookalike_of
from cybercare.radar.repository import NewReport

CALENDAR = BelgianCalendar()
IN_FORCE = ("active", "suspended")
MAX_ATTACHMENT = 5_000_000
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")
PORTAL_LINK = "/portal/radar"


@dataclass(frozen=True, slots=True)
class Submission:
    person_id: str
    kind: ReportKind
    content: str  # pasted text, the link, number, IBAN, shop or profile; a screenshot's words
    asked_to: AskedTo
    money_about_to_move: bool = False
    money_lost: bool = False
    language: str | None = None
    file_name: str | None = None
    file_type: str | None = None
    file_data: bytes | None = None  # an .eml file, or a screenshot image


def _product(uow: UnitOfWork, household_id: str, catalog: Catalog) -> ProductVersion:
    for affiliation in assistance_repository.affiliations_of_household(uow, household_id):
        if affiliation.status in IN_FORCE:
            return catalog.get(affiliation.product_code, affiliation.product_version)
    raise NoAffiliation("person_id", "the household has no affiliation in force", clause="Art. 3.4")


def _checked(submission: Submission) -> tuple[str, list[Indicator], bytes | None]:
    if len(submission.content) > MAX_CONTENT:
        raise InvalidInput("content", f"at most {MAX_CONTENT} characters")
    data = submission.file_data
    if data is not None and len(data) > MAX_ATTACHMENT:
        raise InvalidInput("file", "a file of at most 5 MB")
    if submission.kind is ReportKind.SCREENSHOT:
        if data is None or (submission.file_type or "") not in IMAGE_TYPES:
            raise InvalidInput("file", "upload the screenshot as a PNG, JPEG, WebP or GIF image")
        # No OCR: the member (or the agent) types what the screenshot says, links and numbers.
        content = submission.content.strip() or "(screenshot)"
        return (
            content,
            indicators_of(ReportKind.TEXT, content)[1] if submission.content.strip() else [],
            data,
        )
    if submission.kind is ReportKind.EMAIL:
        content, found = indicators_of(ReportKind.EMAIL, submission.content, eml=data)
        return content, found, data
    content, found = indicators_of(submission.kind, submission.content)
    return content, found, None


def submit_report(
    uow: UnitOfWork,
    principal: Principal,
    submission: Submission,
    catalog: Catalog,
    clock: Clock,
    *,
    channel: Channel = Channel.PORTAL,
    reported_by: str | None = None,
    calendar: WorkingCalendar = CALENDAR,
) -> queries.ReportView:
    """A member forwards something suspicious for themselves (Art. 11.3), or a phone agent
    enters it for the member on the line. Answered within the first-contact clock of Art. 8.4
    (one hour when money is about to move), at once when it matches the known-bad list."""
    if principal.is_staff:
        require_agent(principal, "enter a scam report for a member")
        channel = Channel.PHONE
    elif channel is Channel.PHONE:
        raise InvalidInput("channel", "members report through the portal or the app")
    person = assistance_repository.person_row(uow, submission.person_id)
    if person is None or (not principal.is_staff and principal.person_id != submission.person_id):
        raise InvalidInput("person_id", "you report for yourself")
    product = _product(uow, person.household_id, catalog)
    content, found, data = _checked(submission)
    now = clock.now()
    urgent = is_urgent(submission.asked_to, submission.money_about_to_move)
    report_id = new_id("rpt")
    language = submission.language or person.language
    actor = reported_by or principal.actor
    repository.add_report(
        uow,
        NewReport(
            report_id=report_id,
            household_id=person.household_id,
            person_id=person.id,
            kind=submission.kind.value,
            asked_to=submission.asked_to.value,
            money_lost=submission.money_lost,
            content=content,
            attachment_name=((submission.file_name or "")[:200] or None) if data else None,
            attachment_type=submission.file_type if data else None,
            attachment=data,
            channel=channel.value,
            language=language,
            urgent=urgent,
            reported_at=now,
            reported_by=actor,
            answer_due_at=due_at(
                first_contact_kind(urgent=urgent), now, calendar, product.service_levels
            ),
        ),
        found,
    )
    _audit(
        uow,
        actor,
        "radar.report_received",
        report_id,
        ART_8_4,
        now,
        kind=submission.kind.value,
        channel=channel.value,
        urgent=urgent,
        indicators=len(found),
        lookalikes=sum(1 for i in found if i.lookalike_of),
    )
    known = repository.known_bad_among(uow, [(i.kind.value, i.value) for i in found])
    instant = instant_answer(found, known, urgent=urgent)
    if instant is not None:
        row = repository.report_row(uow, report_id, for_update=True)
        assert row is not None
        repository.answer(
            uow,
            row,
            verdict=instant.verdict.value,
            advice=gettext(language, texts.KNOWN_SCAM),
            at=now,
            by="system:radar",
            by_kind=Answerer.KNOWN_BAD.value,
            close=not instant.needs_person,
        )
        _audit(
            uow,
            "system:radar",
            "radar.answered_at_once",
            report_id,
            ART_4_1,
            now,
            matched=[f"{i.kind.value}:{i.value}" for i in instant.matched],
            still_for_a_person=instant.needs_person,
        )
    view = queries.report_view(uow, report_id)
    assert view is not None
    return view


def read_report(uow: UnitOfWork, principal: Principal, report_id: str) -> queries.ReportView:
    """The reporting member's own report, or staff's; anyone else: not found (Art. 11.3)."""
    row = repository.report_row(uow, report_id)
    if row is None or not may_see_report(principal, reporter_person_id=row.person_id):
        raise ReportNotFound(
            f"no report {report_id!r}", clause=str(ART_11_3), params={"report_id": report_id}
        )
    view = queries.report_view(uow, report_id)
    assert view is not None
    return view


def my_reports(uow: UnitOfWork, principal: Principal) -> list[queries.ReportLine]:
    if principal.person_id is None:
        raise InvalidInput("person_id", "reports are a member's own")
    return queries.reports_of_person(uow, principal.person_id)


def report_queue(uow: UnitOfWork, principal: Principal) -> list[queries.ReportLine]:
    require_radar_reader(principal)
    return queries.queue(uow)


def answer_report(
    uow: UnitOfWork, principal: Principal, report_id: str, verdict: str, advice: str, clock: Clock
) -> queries.ReportView:
    """The technical team's answer: verdict and advice in the member's language (Art. 4.1,
    11.4); the member is told by e-mail (outbox) and sees it in the portal."""
    require_answerer(principal, "answer a scam report")
    chosen, text = check_answer(verdict, advice)
    row = repository.report_row(uow, report_id, for_update=True)
    if row is None:
        raise ReportNotFound(f"no report {report_id!r}", params={"report_id": report_id})
    now = clock.now()
    repository.answer(
        uow,
        row,
        verdict=chosen.value,
        advice=text,
        at=now,
        by=principal.actor,
        by_kind=Answerer.TEAM.value,
        close=True,
    )
    _audit(
        uow,
        principal.actor,
        "radar.answered",
        report_id,
        ART_4_1,
        now,
        verdict=chosen.value,
        late=now > row.answer_due_at,
    )
    email = assistance_repository_email(uow, row.person_id)
    if email:
        language = row.language
        enqueue_email(
            uow,
            to=email,
            subject=gettext(language, texts.ANSWERED_SUBJECT),
            text=gettext(language, texts.ANSWERED_BODY).format(
                verdict=gettext(language, texts.VERDICTS[chosen.value]),
                advice=text,
                link=f"{PORTAL_LINK}/{report_id}",
            ),
            language=language,
            at=now,
            dedupe_key=f"radar-answer:{report_id}:{now.isoformat()}",
        )
    return read_report(uow, principal, report_id)


def assistance_repository_email(uow: UnitOfWork, person_id: str) -> str | None:
    return repository.person_email(uow, person_id)


def draft_incident(uow: UnitOfWork, principal: Principal, report_id: str) -> IncidentDraft:
    """What the one-tap incident pre-fills; only for the reporting member's "scam" answer."""
    view = read_report(uow, principal, report_id)
    if view.verdict != Verdict.SCAM.value:
        raise InvalidInput("report_id", "only a report answered as a scam becomes an incident")
    return incident_draft(
        report_id=view.report_id,
        person_id=view.person_id,
        kind=ReportKind(view.kind),
        asked_to=AskedTo(view.asked_to),
        money_lost=view.money_lost,
        reported_on=view.reported_at.date(),
        content=view.content,
        indicators=[
            Indicator(IndicatorKind(i.kind), i.value, i.shown, i.lookalike_of)
            for i in view.indicators
        ],
    )


def open_incident(
    uow: UnitOfWork,
    principal: Principal,
    report_id: str,
    catalog: Catalog,
    clock: Clock,
    *,
    guarantee_code: str | None = None,
) -> CaseView:
    """One tap: the case intake of assistance (`open_case`) with the draft's guarantee, the
    report's date and its indicators as evidence in the narrative. Once per report."""
    draft = draft_incident(uow, principal, report_id)
    row = repository.report_row(uow, report_id, for_update=True)
    assert row is not None
    if row.case_id is not None:
        raise InvalidInput("report_id", "this report already opened an incident")
    case = open_case(
        uow,
        principal,
        CaseOpening(
            person_id=draft.person_id,
            narrative=draft.narrative,
            discovery_date=draft.discovery_date,
            channel=Channel.PHONE if principal.is_staff else Channel.PORTAL,
            guarantee_code=guarantee_code or draft.guarantee_code,
            language=row.language,
        ),
        catalog,
        clock,
    )
    repository.link_case(uow, row, case.case_id)
    _audit(
        uow,
        principal.actor,
        "radar.incident_opened",
        report_id,
        Art("8.1"),
        clock.now(),
        case_id=case.case_id,
    )
    return case


# --- the known-bad list ----------------------------------------------------------------------


def normalise(kind: str, value: str) -> tuple[str, str]:
    """The stored form of an indicator typed by staff or read from a shared file."""
    try:
        chosen = IndicatorKind(kind.strip().lower())
    except ValueError:
        raise InvalidInput("kind", "domain, iban, phone, email or profile") from None
    raw = value.strip()
    normal: str | None
    if chosen is IndicatorKind.DOMAIN:
        normal = registrable_domain(raw)
    elif chosen is IndicatorKind.IBAN:
        normal = normal_iban(raw)
    elif chosen is IndicatorKind.PHONE:
        normal = normal_phone(raw)
    elif chosen is IndicatorKind.EMAIL:
        normal = normal_email(raw)
    else:
        normal = raw.lower().removeprefix("https://").removeprefix("www.").strip("/") or None
    if not normal:
        raise InvalidInput("value", f"not a {chosen.value} we can read")
    return chosen.value, normal


@dataclass(frozen=True, slots=True)
class Confirmation:
    added: int
    already_known: int
    households_told: int


def confirm_indicator(
    uow: UnitOfWork, principal: Principal, kind: str, value: str, reason: str, clock: Clock
) -> Confirmation:
    """Staff confirm an indicator as a scam: it joins the known-bad list with who and why, and
    every household that reported it is told (Art. 11: "others reported this", nothing more)."""
    require_answerer(principal, "confirm an indicator")
    key = normalise(kind, value)
    return _add_known_bad(uow, [key], check_reason(reason), principal.actor, "staff", clock)


def load_known_bad(
    uow: UnitOfWork, actor: str, data: str, source: str, clock: Clock, *, reason: str = ""
) -> Confirmation:
    """A CSV file a partner or an authority shares: a header with `kind,value` and optionally
    `reason`; one indicator a line. A line that does not read is refused with its number."""
    reader = csv.DictReader(io.StringIO(data))
    if not reader.fieldnames or not {"kind", "value"} <= set(reader.fieldnames):
        raise InvalidInput("file", "a CSV file with the columns kind,value[,reason]")
    keys = []
    for number, line in enumerate(reader, start=2):
        try:
            keys.append(normalise(line.get("kind") or "", line.get("value") or ""))
        except InvalidInput as error:
            raise InvalidInput(f"line {number}", error.reason) from None
    why = reason.strip() or f"listed in {source}"
    return _add_known_bad(uow, keys, why[:500], actor, source[:200], clock)


def _add_known_bad(
    uow: UnitOfWork, keys: list[tuple[str, str]], reason: str, actor: str, source: str, clock: Clock
) -> Confirmation:
    now = clock.now()
    added = repository.add_known_bad(uow, keys, reason=reason, by=actor, source=source, at=now)
    told = 0
    for kind, value in added:
        reporters = repository.reporters_of(uow, kind, value)
        for reporter in reporters:
            if reporter.email:
                enqueue_email(
                    uow,
                    to=reporter.email,
                    subject=gettext(reporter.language, texts.CONFIRMED_SUBJECT),
                    text=gettext(reporter.language, texts.CONFIRMED_BODY).format(
                        shown=value, link=f"{PORTAL_LINK}/{reporter.report_id}"
                    ),
                    language=reporter.language,
                    at=now,
                    dedupe_key=f"radar-confirmed:{kind}:{value}:{reporter.household_id}",
                )
        repository.count_told(uow, kind, value, len(reporters))
        told += len(reporters)
        _audit(
            uow,
            actor,
            "radar.indicator_confirmed",
            f"{kind}:{value}"[:64],
            ART_4_1,
            now,
            source=source,
            reason=reason,
            households_told=len(reporters),
        )
    return Confirmation(len(added), len(set(keys)) - len(added), told)


# --- the radar's views -----------------------------------------------------------------------


def cluster_view(
    uow: UnitOfWork, principal: Principal, kind: str, value: str, since: datetime
) -> queries.ClusterView:
    require_radar_reader(principal)
    chosen, normal = normalise(kind, value)
    return queries.cluster(uow, chosen, normal, since)


def clusters(uow: UnitOfWork, principal: Principal, since: datetime) -> list[queries.ClusterLine]:
    require_radar_reader(principal)
    return queries.top_clusters(uow, since)


def known_bad(uow: UnitOfWork, principal: Principal) -> list[queries.KnownBadView]:
    require_radar_reader(principal)
    return queries.known_bad_list(uow)


def radar_counts(uow: UnitOfWork, distributor: str, since: datetime) -> queries.RadarCounts:
    """The distributor's view: aggregate counts of its book, never a report (Art. 11.1)."""
    return queries.distributor_counts(uow, distributor, since)


def is_lookalike(domain: str) -> str | None:
    normal = registrable_domain(domain)
    return lookalike_of(normal) if normal else None


def _audit(
    uow: UnitOfWork,
    actor: str,
    action: str,
    subject_id: str,
    clause: object,
    at: datetime,
    **details: object,
) -> None:
    trail.record(
        uow,
        at=at,
        actor=actor,
        action=action,
        subject_type="radar",
        subject_id=subject_id,
        clause=str(clause),
        details={k: v for k, v in details.items() if v is not None},
    )


__all__ = ["ReportStatus", "Submission"]


def submit_report_for_member_of(
    uow: UnitOfWork,
    *,
    distributor: str,
    actor: str,
    affiliation_id: str,
    submission: Submission,
    catalog: Catalog,
    clock: Clock,
) -> queries.ReportView:
    """The distributor's app forwards a report for the member signed in to it: the affiliation
    must be the distributor's own (another's answers not found, Art. 11.1) and the member one
    of its insured with a login; the member reports for themselves (Art. 11.3)."""
    loaded = load_affiliation(uow, affiliation_id, distributor=distributor)
    user_id = member_user_id(uow, submission.person_id)
    member = identity_principal(uow, user_id) if user_id else None
    if member is None or member.household_id != loaded.record.household_id:
        raise InvalidInput("person_id", "not a member of this affiliation with a login")
    return submit_report(
        uow, member, submission, catalog, clock, channel=Channel.API, reported_by=actor
    )


RETENTION_YEARS = 2  # privacy schedule, category scam_reports


def purge_expired_reports(uow: UnitOfWork, clock: Clock) -> int:
    """The daily job radar.reports_purge: reports older than two years lose their text, file,
    advice and indicators (privacy schedule `scam_reports`, GDPR art. 5(1)(e))."""
    now = clock.now()
    try:
        cutoff = now.replace(year=now.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        cutoff = now.replace(year=now.year - RETENTION_YEARS, day=28)
    purged = repository.purge_reports_before(uow, cutoff)
    trail.record(
        uow,
        at=now,
        actor="system:radar",
        action="radar.reports_purged",
        subject_type="radar",
        subject_id="retention",
        clause="GDPR art. 5(1)(e)",
        details={"reports": purged, "before": cutoff.isoformat()},
    )
    return purged
