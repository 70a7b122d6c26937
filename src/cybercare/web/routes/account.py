"""The signed-in user's own account: password change, the TOTP second factor (optional for
members, required for staff where the setting says so) and, for members, the phone number the
insurer calls them on (Art. 8.4; their own only, Art. 11.3; staff have no person)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.bootstrap import Container
from cybercare.http.deps import ContainerDep
from cybercare.identity import credentials, signin
from cybercare.identity.domain import Principal, Stage
from cybercare.identity.web_sessions import open_session
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.rate_limits import RateDecision
from cybercare.policy import profile
from cybercare.web.auth import WebUser, forget_session_user, web_signed_in
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_
from cybercare.web.routes.signin import (
    TOO_MANY,
    WRONG_CODE,
    Code,
    Sealed,
    enrolment_context,
    too_many,
    totp_sealer,
    unseal_secret,
    weak_password_message,
)
from cybercare.web.session import web_session
from cybercare.web.signin_limits import attempts_limiter, wait_minutes
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_signed_in)], include_in_schema=False)

Password = Annotated[str, Form()]  # checked by the handlers: messages beside the fields
# The call-back form's message (help.po): one wording wherever a number is typed.
PHONE_INVALID = N_(
    "Enter a phone number we can call, for example 0470 12 34 56 or +32 470 12 34 56."
)


def _account(container: Container, user: Principal) -> tuple[str, bool]:
    with container.database.reader() as uow:
        found = signin.account_of(uow, user_id=user.user_id)
        assert found is not None
        return found.email, found.has_second_factor


def _phone(container: Container, user: Principal) -> profile.Phone | None:
    """The member's number; None for staff, who have no person."""
    if not user.is_member:
        return None
    with container.database.reader() as uow:
        return profile.my_phone(uow, user)


def _may_remove_second_factor(container: Container, user: Principal) -> bool:
    if user.is_provider:  # a provider's user always signs in with a second factor
        return False
    return not (user.is_staff and container.settings.staff_second_factor_required)


def _render(
    request: Request,
    container: Container,
    user: Principal,
    *,
    errors: FormErrors | None = None,
    enrol: bool = False,
    notice: str | None = None,
    phone_notice: str | None = None,
    status_code: int = 200,
    phone_typed: str | None = None,
) -> HTMLResponse:
    email, has_second_factor = _account(container, user)
    phone = _phone(container, user)
    context: dict[str, object] = {
        "active": "account",
        "email": email,
        "phone": phone,
        "phone_value": phone_typed if phone_typed is not None else (phone.display if phone else ""),
        "has_second_factor": has_second_factor,
        "may_remove_second_factor": _may_remove_second_factor(container, user),
        "errors": errors or FormErrors(),
        "enrol": enrol,
        "notice": notice,
        "phone_notice": phone_notice,
    }
    if enrol:
        context.update(enrolment_context(request, container, email))
    return templates_of(request).render(request, "account.html", context, status_code=status_code)


@router.get("/account", response_class=HTMLResponse, name="web.account")
def account(request: Request, container: ContainerDep, user: WebUser) -> HTMLResponse:
    done = request.query_params.get("done", "")
    notice = {
        "password": N_("Your new password is saved."),
        "second_factor": N_("Your second factor is set up."),
        "removed": N_("Your second factor is removed."),
    }.get(done)
    # Said in the phone's section, where the redirect to #phone brings the member.
    phone_notice = {
        "phone": N_("Your phone number is saved."),
        "phone_removed": N_("Your phone number is removed."),
    }.get(done)
    enrol = request.query_params.get("enrol") == "1"
    return _render(request, container, user, enrol=enrol, notice=notice, phone_notice=phone_notice)


def _password_check_refused(request: Request, user: Principal) -> RateDecision | None:
    """Checks of the current password are rate-limited per user, like sign-in attempts: a
    borrowed session must not become a way to guess the password."""
    decision = attempts_limiter(request).hit(f"account:password:{user.user_id}")
    return None if decision.allowed else decision


@router.post("/account/password", name="web.account.password")
def change_password(
    request: Request,
    container: ContainerDep,
    user: WebUser,
    current_password: Password = "",
    password: Password = "",
    confirmation: Password = "",
) -> Response:
    errors = FormErrors()
    if password != confirmation:
        errors.add("confirmation", N_("The two passwords are not the same."))
        return _render(request, container, user, errors=errors, status_code=422)
    refused = _password_check_refused(request, user)
    if refused is not None:
        errors.add("current_password", TOO_MANY, minutes=wait_minutes(refused))
        return too_many(_render(request, container, user, errors=errors, status_code=429), refused)
    try:
        with container.database.uow() as uow:
            signin.change_password(
                uow,
                user_id=user.user_id,
                current=current_password,
                new=password,
                clock=container.clock,
            )
            # Every other browser is signed out; this one stays signed in under a fresh id.
            session = web_session(request)
            session.rotate()
            open_session(
                uow,
                sid=session.sid,
                user_id=user.user_id,
                stage=Stage.SIGNED_IN,
                clock=container.clock,
            )
            uow.commit()
    except credentials.WeakPassword as weak:
        errors.add("password", weak_password_message(weak))
    except signin.SignInRefused:
        errors.add("current_password", N_("The current password is wrong."))
    if errors:
        return _render(request, container, user, errors=errors, status_code=422)
    attempts_limiter(request).reset(f"account:password:{user.user_id}")
    forget_session_user(request)
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/second-factor", name="web.account.second_factor")
def enrol_second_factor(
    request: Request,
    container: ContainerDep,
    user: WebUser,
    code: Code = "",
    sealed_secret: Sealed = "",
) -> Response:
    """Set up a second factor; one that exists is replaced only after removing it (which asks
    for the password)."""
    if _account(container, user)[1]:
        return RedirectResponse("/account", status_code=303)
    secret = unseal_secret(request, container, sealed_secret)
    try:
        if secret is None:
            raise signin.SignInRefused("code", "the secret was not sealed for this session")
        with container.database.uow() as uow:
            signin.enrol_second_factor(
                uow,
                user_id=user.user_id,
                secret=secret,
                code=code[:32],
                clock=container.clock,
                sealer=totp_sealer(container),
            )
            uow.commit()
    except signin.SignInRefused:
        errors = FormErrors()
        errors.add("code", WRONG_CODE)
        return _render(request, container, user, errors=errors, enrol=True, status_code=422)
    return RedirectResponse("/account?done=second_factor", status_code=303)


@router.post("/account/second-factor/remove", name="web.account.second_factor.remove")
def remove_second_factor(
    request: Request,
    container: ContainerDep,
    user: WebUser,
    current_password: Annotated[str, Form(alias="remove_password")] = "",
) -> Response:
    """Members may go back to the password alone, after typing it again; staff may not while
    the setting requires a second factor."""
    errors = FormErrors()
    if not _may_remove_second_factor(container, user):
        errors.add("remove_password", N_("Staff must keep a second factor."))
        return _render(request, container, user, errors=errors, status_code=403)
    refused = _password_check_refused(request, user)
    if refused is not None:
        errors.add("remove_password", TOO_MANY, minutes=wait_minutes(refused))
        return too_many(_render(request, container, user, errors=errors, status_code=429), refused)
    with container.database.uow() as uow:
        confirmed = signin.password_is(uow, user_id=user.user_id, password=current_password)
        if confirmed:
            signin.remove_second_factor(uow, user_id=user.user_id, clock=container.clock)
            uow.commit()
    if not confirmed:
        errors.add("remove_password", N_("The current password is wrong."))
        return _render(request, container, user, errors=errors, status_code=422)
    attempts_limiter(request).reset(f"account:password:{user.user_id}")
    return RedirectResponse("/account?done=removed", status_code=303)


@router.post("/account/phone", name="web.account.phone")
def change_phone(
    request: Request,
    container: ContainerDep,
    user: WebUser,
    phone: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Set, change or clear (an empty field) the member's own number. No person is named by the
    form: the command changes the signed-in member's person only (Art. 11.3)."""
    if not user.is_member:
        return RedirectResponse("/account", status_code=303)
    try:
        with container.database.uow() as uow:
            saved = profile.set_my_phone(uow, user, phone, container.clock)
            uow.commit()
    except InvalidInput:
        errors = FormErrors()
        errors.add("phone", PHONE_INVALID)
        return _render(request, container, user, errors=errors, status_code=422, phone_typed=phone)
    done = "phone" if saved.is_set else "phone_removed"
    return RedirectResponse(f"/account?done={done}#phone", status_code=303)
