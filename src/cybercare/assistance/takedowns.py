"""E-reputation takedowns (Art. 4.2): per offending URL, the removal request sent to whom, its
deadline, the re-check result and the date the material came down."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError

from cybercare.assistance import repository
from cybercare.assistance.access import load_case_for
from cybercare.assistance.domain import ActionRefused, CaseNotFound, CaseStatus, StateConflict
from cybercare.assistance.service import audit_case
from cybercare.assistance.views import TakedownView
from cybercare.db.tables import TakedownRequestRow
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clauses import Art
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id

ART_4_2 = Art("4.2")
RECHECK_RESULTS = ("still_online", "taken_down", "unreachable")
TAKEDOWN_ROLES = (Role.TECHNICAL, Role.LEGAL, Role.SUPERVISOR)


def _require(principal: Principal) -> None:
    if not principal.has_role(*TAKEDOWN_ROLES):
        raise ActionRefused("takedowns are tracked by the technical and legal teams")


def _check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2048:
        raise InvalidInput("url", "an http(s) address of the offending material")
    return url.strip()


def request_takedown(
    uow: UnitOfWork,
    principal: Principal,
    case_id: str,
    *,
    url: str,
    addressee: str,
    deadline_date: date,
    clock: Clock,
) -> TakedownView:
    """Record a removal request sent for one URL; one request per URL and case."""
    _require(principal)
    case = load_case_for(uow, principal, case_id, today=clock.today(), for_update=True)
    if case.status == CaseStatus.CLOSED:
        raise StateConflict("the case is closed")
    address = _check_url(url)
    if not addressee.strip():
        raise InvalidInput("addressee", "who received the request (platform, host, author)")
    today, now = clock.today(), clock.now()
    if deadline_date < today:
        raise InvalidInput("deadline_date", "the deadline cannot be in the past")
    row = TakedownRequestRow(
        id=new_id("tdr"),
        case_id=case.id,
        url=address,
        addressee=addressee.strip()[:200],
        sent_at=now,
        deadline_date=deadline_date,
        rechecked_at=None,
        recheck_result=None,
        taken_down_on=None,
        recorded_by=principal.user_id,
    )
    try:
        with uow.session.begin_nested():
            repository.add(uow, row)
    except IntegrityError:
        raise Conflict(
            "a removal request for this URL is already tracked",
            code="takedown.exists",
            params={"url": address},
        ) from None
    audit_case(uow, principal, case, "takedown.requested", ART_4_2, now, takedown=row.id)
    return TakedownView.of(row, today)


def record_recheck(
    uow: UnitOfWork,
    principal: Principal,
    takedown_id: str,
    *,
    result: str,
    clock: Clock,
    taken_down_on: date | None = None,
) -> TakedownView:
    """The URL was checked again: still online, taken down (on which date), or unreachable."""
    _require(principal)
    row = repository.takedown_row(uow, takedown_id)
    if row is None:
        raise CaseNotFound(f"no takedown {takedown_id!r}", code="takedown.not_found")
    case = load_case_for(uow, principal, row.case_id, today=clock.today(), for_update=True)
    if result not in RECHECK_RESULTS:
        raise InvalidInput("result", f"one of {', '.join(RECHECK_RESULTS)}")
    today, now = clock.today(), clock.now()
    if result == "taken_down":
        down_on = taken_down_on or today
        if down_on > today or down_on < row.sent_at.date():
            raise InvalidInput("taken_down_on", "between the request and today")
        row.taken_down_on = down_on
    elif taken_down_on is not None:
        raise InvalidInput("taken_down_on", "only with the result taken_down")
    else:
        row.taken_down_on = None
    row.recheck_result = result
    row.rechecked_at = now
    uow.session.flush()
    audit_case(
        uow, principal, case, "takedown.rechecked", ART_4_2, now, takedown=row.id, result=result
    )
    return TakedownView.of(row, today)
