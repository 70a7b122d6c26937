"""The household's members (Art. 2, 9.7) and the end of the contract: withdrawal (Art. 9.3) and
termination (Art. 9.4), each previewed with its dates and money before it is confirmed.

Every member reads the list; only the affiliate adds a member, records that one leaves,
withdraws or terminates: the services refuse the others (403), whatever the page shows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.billing.member_queries import withdrawal_refunds
from cybercare.bootstrap import Container
from cybercare.household import validation
from cybercare.household.domain import ART_2_2, ART_9_7, NotFamily, Relationship
from cybercare.http.deps import ContainerDep
from cybercare.identity.domain import Principal
from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.policy import member_commands as commands
from cybercare.policy.member_queries import (
    AffiliateOnly,
    NotInsured,
    member_household,
)
from cybercare.policy.service import NewPerson
from cybercare.product.model import LANGUAGES
from cybercare.web.auth import WebMember, web_member
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_
from cybercare.web.portal_views import termination_rules
from cybercare.web.routes.portal_common import (
    AFFILIATE_ONLY,
    NOT_INSURED,
    parse_date,
    refusal,
    render,
)

router = APIRouter(dependencies=[Depends(web_member)], include_in_schema=False)

Text = Annotated[str, Form(max_length=300)]

DONE = {
    "added": N_("The new member is recorded and insured from the date you gave."),
    "left": N_("The member's departure is recorded."),
}
# Household refusals (their codes) as the form explains them.
REFUSALS = {
    "household.join_before_start": (
        "joined_on",
        N_("The date cannot be before the start of the contract."),
    ),
    "household.no_affiliate": ("joined_on", N_("The household has no affiliate on that date.")),
    "household.already_member": ("given_name", N_("This person is already a member.")),
    "household.affiliate_cannot_leave": (
        "person_id",
        N_("The affiliate does not leave: the contract is terminated instead."),
    ),
    "household.not_a_member": (
        "left_on",
        N_("This person is not a member of the household on the day before that date."),
    ),
    "household.leave_before_join": (
        "left_on",
        N_("A member leaves after the day they joined."),
    ),
    "policy.already_ended": (
        "joined_on",
        N_("The contract has ended: its household no longer changes."),
    ),
}
NOT_FAMILY = N_(
    "A person who lives at your address but is not family is not insured (%(article)s)."
)
FAMILY_ONLY = N_("Only the family members the terms list can be insured (%(article)s).")
REQUIRED = N_("Fill in this field.")
BAD_EMAIL = N_("Enter an e-mail address such as name@example.be, or leave it empty.")
BAD_BIRTH_DATE = N_("Enter a date of birth that is not in the future.")
CHOOSE = N_("Choose one of the options.")
STALE_PREVIEW = N_("The date has changed since the preview: check the figures again.")


# --- members -----------------------------------------------------------------------------------


def _members_page(
    request: Request,
    container: Container,
    member: Principal,
    *,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    today = container.clock.today()
    try:
        with container.database.reader() as uow:
            household = member_household(uow, member, container.catalog, today)
    except NotInsured as refused:
        return refusal(request, refused, NOT_INSURED)
    family = household.product.household.family_relationships
    return render(
        request,
        "portal/members.html",
        {
            "active": "portal",
            "household": household,
            "relationships": [*family, Relationship.OTHER.value],
            "member_languages": LANGUAGES,
            "errors": errors or FormErrors(),
            "values": {"joined_on": today.isoformat(), "language": member.language}
            | (values or {}),
            "today": today,
            "notice": notice,
            "change_article": str(ART_9_7),
            "family_article": str(ART_2_2),
        },
        status_code=status_code,
    )


@router.get("/portal/members", response_class=HTMLResponse, name="portal.members")
def members(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    notice = DONE.get(request.query_params.get("done", ""))
    return _members_page(request, container, member, notice=notice)


def _explain(error: Conflict | InvalidInput, errors: FormErrors) -> None:
    """A refusal of the services as a form error beside the field it concerns."""
    if isinstance(error, NotFamily):
        message = NOT_FAMILY if error.clause == "Art. 2.3" else FAMILY_ONLY
        errors.add("relationship", message, article=error.clause or "")
        return
    if isinstance(error, InvalidInput):
        for field, _reason in error.errors:
            if field.endswith("birth_date"):
                errors.add("birth_date", BAD_BIRTH_DATE)
            else:
                errors.add(field, CHOOSE)
        return
    field, message = REFUSALS.get(error.code, ("joined_on", N_("This change is not possible.")))
    errors.add(field, message)


@router.post("/portal/members", name="portal.members.add")
def add_member(
    request: Request,
    container: ContainerDep,
    member: WebMember,
    given_name: Text = "",
    family_name: Text = "",
    birth_date: Text = "",
    relationship: Text = "",
    joined_on: Text = "",
    language: Text = "",
    email: Text = "",
) -> Response:
    """The affiliate declares a family member living under the same roof (Art. 2.2, 9.7)."""
    values = {
        "given_name": given_name,
        "family_name": family_name,
        "birth_date": birth_date,
        "relationship": relationship,
        "joined_on": joined_on,
        "language": language,
        "email": email,
    }
    errors = FormErrors()
    for field in ("given_name", "family_name"):
        if not values[field].strip():
            errors.add(field, REQUIRED)
        elif len(values[field].strip()) > 100:
            errors.add(field, N_("At most 100 characters."))
    born = parse_date(birth_date, "birth_date", errors) if birth_date.strip() else None
    if born is None and not birth_date.strip():
        errors.add("birth_date", REQUIRED)
    joined = parse_date(joined_on, "joined_on", errors)
    if relationship not in {r.value for r in Relationship} or relationship == "affiliate":
        errors.add("relationship", CHOOSE)
    if language not in LANGUAGES:
        errors.add("language", CHOOSE)
    address = None
    if email.strip():
        try:
            address = validation.email_address(email, "email")
        except InvalidInput:
            errors.add("email", BAD_EMAIL)
    if not errors and born is not None and joined is not None:
        person = NewPerson(given_name.strip(), family_name.strip(), born, language, email=address)
        try:
            with container.database.uow() as uow:
                commands.add_member(
                    uow,
                    member,
                    person,
                    Relationship(relationship),
                    joined,
                    container.catalog,
                    container.clock,
                )
                uow.commit()
        except (Conflict, InvalidInput) as refused:
            _explain(refused, errors)
    if errors:
        return _members_page(
            request, container, member, errors=errors, values=values, status_code=422
        )
    return RedirectResponse("/portal/members?done=added", status_code=303)


@router.post("/portal/members/{person_id}/leaves", name="portal.members.leaves")
def member_leaves(
    request: Request,
    person_id: str,
    container: ContainerDep,
    member: WebMember,
    left_on: Text = "",
) -> Response:
    """Art. 9.7: the member lives elsewhere from `left_on` on (no longer insured from then)."""
    field = f"left_on-{person_id}"  # the date field of that member's row
    errors = FormErrors()
    day = parse_date(left_on, field, errors)
    if day is not None:
        try:
            with container.database.uow() as uow:
                commands.member_leaves(
                    uow, member, person_id, day, container.catalog, container.clock
                )
                uow.commit()
        except (Conflict, InvalidInput) as refused:
            explained = FormErrors()
            _explain(refused, explained)
            for error in explained:
                errors.add(field, error.message, **(error.params or {}))
    if errors:
        return _members_page(
            request, container, member, errors=errors, values={field: left_on}, status_code=422
        )
    return RedirectResponse("/portal/members?done=left", status_code=303)


# --- withdrawal (Art. 9.3) ---------------------------------------------------------------------


def _end_page(
    request: Request,
    template: str,
    context: dict[str, object],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    return render(request, template, {"active": "portal", **context}, status_code=status_code)


def _withdrawal(
    request: Request,
    container: Container,
    member: Principal,
    *,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    today = container.clock.today()
    refused: Conflict | None = None
    preview = refunds = household = None
    try:
        with container.database.reader() as uow:
            household = member_household(uow, member, container.catalog, today)
            try:
                withdrawal = commands.preview_withdrawal(
                    uow, member, container.catalog, container.clock
                )
            except Conflict as error:
                refused = error
            else:
                preview = withdrawal.preview
                refunds = withdrawal_refunds(
                    uow, household.affiliation_id, preview.effective_date, preview.refund_due_by
                )
    except NotInsured as error:
        return refusal(request, error, NOT_INSURED)
    except AffiliateOnly as error:
        return refusal(request, error, AFFILIATE_ONLY)
    return _end_page(
        request,
        "portal/withdrawal.html",
        {
            "household": household,
            "preview": preview,
            "refunds": refunds or (),
            "refund_total": sum(r.gross_cents for r in refunds or ()),
            "refused": refused,
            "notice": notice,
            "today": today,
        },
        status_code=status_code,
    )


@router.get("/portal/withdrawal", response_class=HTMLResponse, name="portal.withdrawal")
def withdrawal(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    """The affiliate's preview: cover ends today, the premium of the days after is refunded."""
    return _withdrawal(request, container, member)


@router.post("/portal/withdrawal", name="portal.withdrawal.confirm")
def confirm_withdrawal(
    request: Request, container: ContainerDep, member: WebMember, notice_on: Text = ""
) -> Response:
    if notice_on != container.clock.today().isoformat():
        return _withdrawal(request, container, member, notice=STALE_PREVIEW, status_code=409)
    try:
        with container.database.uow() as uow:
            commands.confirm_withdrawal(uow, member, container.catalog, container.clock)
            uow.commit()
    except Conflict:
        return _withdrawal(request, container, member, status_code=409)
    return RedirectResponse("/portal?done=withdrawn", status_code=303)


# --- termination (Art. 9.4) --------------------------------------------------------------------


def _termination(
    request: Request,
    container: Container,
    member: Principal,
    *,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    today = container.clock.today()
    refused: Conflict | None = None
    rules = household = None
    try:
        with container.database.reader() as uow:
            household = member_household(uow, member, container.catalog, today)
            try:
                termination = commands.preview_termination(
                    uow, member, container.catalog, container.clock
                )
            except Conflict as error:
                refused = error
            else:
                rules = termination_rules(
                    termination.preview, household.product, household.affiliation.start_date
                )
    except NotInsured as error:
        return refusal(request, error, NOT_INSURED)
    except AffiliateOnly as error:
        return refusal(request, error, AFFILIATE_ONLY)
    return _end_page(
        request,
        "portal/termination.html",
        {
            "household": household,
            "rules": rules,
            "refused": refused,
            "notice": notice,
            "today": today,
        },
        status_code=status_code,
    )


@router.get("/portal/termination", response_class=HTMLResponse, name="portal.termination")
def termination(request: Request, container: ContainerDep, member: WebMember) -> HTMLResponse:
    """The affiliate's preview: the later of notice + 1 month and start + 6 months."""
    return _termination(request, container, member)


@router.post("/portal/termination", name="portal.termination.confirm")
def confirm_termination(
    request: Request, container: ContainerDep, member: WebMember, notice_on: Text = ""
) -> Response:
    if notice_on != container.clock.today().isoformat():
        return _termination(request, container, member, notice=STALE_PREVIEW, status_code=409)
    try:
        with container.database.uow() as uow:
            commands.confirm_termination(uow, member, container.catalog, container.clock)
            uow.commit()
    except Conflict:
        return _termination(request, container, member, status_code=409)
    return RedirectResponse("/portal?done=terminated", status_code=303)
