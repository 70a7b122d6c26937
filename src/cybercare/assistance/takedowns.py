"""E-reputation takedowns (Art. 4.2): per offending URL, the removal request sent to whom, its
deadline, the re-check result and the date the material came down."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from cybercare.assistance import repository
from cybercare.assistance.access import load_case_for
from cybercare.assistance.case import ART_4_2, Takedown
from cybercare.assistance.domain import ActionRefused, CaseNotFound
from cybercare.assistance.events import audit_case
from cybercare.assistance.views import TakedownView
from cybercare.db.uow import UnitOfWork
from cybercare.identity.domain import Principal, Role
from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.ids import new_id

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
    case.check_writable()
    address = _check_url(url)
    today, now = clock.today(), clock.now()
    takedown = Takedown.request(
        takedown_id=new_id("tdr"),
        case=case,
        url=address,
        addressee=addressee,
        deadline_date=deadline_date,
        recorded_by=principal.user_id,
        at=now,
        today=today,
    )
    if not repository.add_takedown(uow, takedown):
        raise Conflict(
            "a removal request for this URL is already tracked",
            code="takedown.exists",
            params={"url": address},
        )
    audit_case(uow, principal, case, "takedown.requested", ART_4_2, now, takedown=takedown.id)
    return TakedownView.of(takedown, today)


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
    takedown = repository.takedown(uow, takedown_id)
    if takedown is None:
        raise CaseNotFound(f"no takedown {takedown_id!r}", code="takedown.not_found")
    case = load_case_for(uow, principal, takedown.case_id, today=clock.today(), for_update=True)
    today, now = clock.today(), clock.now()
    rechecked = takedown.rechecked(result, at=now, today=today, taken_down_on=taken_down_on)
    repository.save_takedown(uow, rechecked)
    audit_case(
        uow,
        principal,
        case,
        "takedown.rechecked",
        ART_4_2,
        now,
        takedown=takedown.id,
        result=result,
    )
    return TakedownView.of(rechecked, today)
