"""Sign-in, second factor, sign-out and password reset pages.

Each step that changes privilege gives the browser a fresh session id (`WebSession.rotate`), so
an id seen before sign-in is worthless after it. Attempts are rate-limited per client address and
per e-mail address; a refused attempt says only that the e-mail or the password is wrong.
"""

from __future__ import annotations

from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer

from cybercare.api.deps import ContainerDep
from cybercare.audit import trail
from cybercare.bootstrap import Container
from cybercare.db.uow import UnitOfWork
from cybercare.identity import credentials, signin
from cybercare.identity.web_sessions import Stage, advance, close_session, open_session
from cybercare.kernel.errors import InvalidInput
from cybercare.settings import Environment
from cybercare.web.access import web_public
from cybercare.web.auth import current_session_user, forget_session_user
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_, gettext
from cybercare.web.ratelimit import RateLimiter
from cybercare.web.routes.public import safe_next
from cybercare.web.session import web_session
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_public)], include_in_schema=False)

MEMBER_HOME = "/portal"
STAFF_HOME = "/staff"
WRONG_CREDENTIALS = N_("The e-mail address or the password is wrong.")
WRONG_CODE = N_("The code is wrong or has expired. Enter the 6 digits your app shows now.")
TOO_MANY = N_("Too many attempts. Please wait %(minutes)s minutes before you try again.")

Email = Annotated[str, Form(max_length=254)]
Password = Annotated[str, Form(max_length=256)]
Code = Annotated[str, Form(max_length=12)]
NextPath = Annotated[str | None, Form(alias="next", max_length=2000)]


def _limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.web.login_limiter
    return limiter


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def second_factor_switched_off(container: Container) -> bool:
    """The demo may let staff in without TOTP; the sign-in page says so (never in production)."""
    settings = container.settings
    return (
        not settings.staff_second_factor_required
        and settings.environment is not Environment.PRODUCTION
    )


def home_for(request: Request) -> str:
    found = current_session_user(request)
    if found is None or not found.signed_in:
        return "/"
    return MEMBER_HOME if found.principal.is_member else STAFF_HOME


def _render_login(
    request: Request,
    container: Container,
    *,
    email: str = "",
    next_path: str | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return templates_of(request).render(
        request,
        "signin/login.html",
        {
            "email": email,
            "next_path": safe_next(next_path) if next_path else "",
            "errors": errors or FormErrors(),
            "demo_without_second_factor": second_factor_switched_off(container),
        },
        status_code=status_code,
    )


@router.get("/login", response_class=HTMLResponse, name="web.login")
def login_form(request: Request, container: ContainerDep, next: str | None = None) -> Response:
    found = current_session_user(request)
    if found is not None and found.signed_in:
        return RedirectResponse(safe_next(next) if next else home_for(request), status_code=303)
    return _render_login(request, container, next_path=next)


@router.post("/login", name="web.login.submit")
def login(
    request: Request,
    container: ContainerDep,
    email: Email,
    password: Password,
    next_path: NextPath = None,
) -> Response:
    limiter = _limiter(request)
    address = email.strip().lower()
    for key in (f"login:ip:{_client(request)}", f"login:email:{address}"):
        decision = limiter.hit(key)
        if not decision.allowed:
            errors = FormErrors()
            errors.add("email", TOO_MANY, minutes=max(1, decision.retry_after_s // 60))
            response = _render_login(
                request,
                container,
                email=email,
                next_path=next_path,
                errors=errors,
                status_code=429,
            )
            response.headers["Retry-After"] = str(decision.retry_after_s)
            return response
    with container.database.uow() as uow:
        accepted = signin.check_password(
            uow,
            email=address,
            password=password,
            clock=container.clock,
            staff_second_factor_required=container.settings.staff_second_factor_required,
        )
        if accepted is not None:
            session = web_session(request)
            session.rotate()
            open_session(
                uow,
                sid=session.sid,
                user_id=accepted.user_id,
                stage=accepted.next_stage,
                clock=container.clock,
            )
        uow.commit()  # a refusal of a known user is audited
    if accepted is None:
        errors = FormErrors()
        errors.add("password", WRONG_CREDENTIALS)
        return _render_login(
            request, container, email=email, next_path=next_path, errors=errors, status_code=401
        )
    limiter.reset(f"login:email:{address}")
    forget_session_user(request)
    return _after_stage(request, accepted.next_stage, next_path)


def _after_stage(request: Request, stage: Stage, next_path: str | None) -> Response:
    suffix = f"?next={safe_next(next_path)}" if next_path else ""
    if stage is Stage.SECOND_FACTOR:
        return RedirectResponse("/login/code" + suffix, status_code=303)
    if stage is Stage.ENROL_SECOND_FACTOR:
        return RedirectResponse("/login/enrol" + suffix, status_code=303)
    target = safe_next(next_path) if next_path else home_for(request)
    return RedirectResponse(target, status_code=303)


def _pending(request: Request, stage: Stage) -> str | None:
    """The user id of a session waiting at `stage`, else None."""
    found = current_session_user(request)
    if found is None or found.stage is not stage:
        return None
    return found.principal.user_id


@router.get("/login/code", response_class=HTMLResponse, name="web.login.code")
def code_form(request: Request, next: str | None = None) -> Response:
    if _pending(request, Stage.SECOND_FACTOR) is None:
        return RedirectResponse("/login", status_code=303)
    return templates_of(request).render(
        request,
        "signin/code.html",
        {"errors": FormErrors(), "next_path": safe_next(next) if next else ""},
    )


@router.post("/login/code", name="web.login.code.submit")
def submit_code(
    request: Request, container: ContainerDep, code: Code, next_path: NextPath = None
) -> Response:
    user_id = _pending(request, Stage.SECOND_FACTOR)
    if user_id is None:
        return RedirectResponse("/login", status_code=303)
    decision = _limiter(request).hit(f"login:code:{user_id}")
    errors = FormErrors()
    if not decision.allowed:
        errors.add("code", TOO_MANY, minutes=max(1, decision.retry_after_s // 60))
    else:
        with container.database.uow() as uow:
            if signin.check_second_factor(uow, user_id=user_id, code=code, clock=container.clock):
                _advance(request, uow, container, Stage.SIGNED_IN)
            else:
                errors.add("code", WRONG_CODE)
            uow.commit()  # the refusal is audited
    if errors:
        return templates_of(request).render(
            request,
            "signin/code.html",
            {"errors": errors, "next_path": safe_next(next_path) if next_path else ""},
            status_code=401 if decision.allowed else 429,
        )
    _limiter(request).reset(f"login:code:{user_id}")
    return _after_stage(request, Stage.SIGNED_IN, next_path)


def _advance(request: Request, uow: UnitOfWork, container: Container, stage: Stage) -> None:
    session = web_session(request)
    old = session.sid
    session.rotate()
    advance(uow, sid=old, new_sid=session.sid, stage=stage, clock=container.clock)
    forget_session_user(request)


def _secret_box(container: Container, request: Request) -> URLSafeSerializer:
    """The TOTP secret being enrolled travels in the form, signed for this session only."""
    return URLSafeSerializer(
        container.settings.secret_key.get_secret_value(),
        salt="cybercare.totp-enrolment:" + web_session(request).sid,
    )


def enrolment_context(request: Request, container: Container, email: str) -> dict[str, object]:
    secret = credentials.new_totp_secret()
    uri = credentials.totp_uri(secret, email)
    qr = segno.make(uri, error="m")
    return {
        "secret": secret,
        "sealed_secret": _secret_box(container, request).dumps(secret),
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#111", light="#fff"),
    }


def unseal_secret(request: Request, container: Container, sealed: str) -> str | None:
    try:
        secret = _secret_box(container, request).loads(sealed)
    except BadSignature:
        return None
    return secret if isinstance(secret, str) else None


@router.get("/login/enrol", response_class=HTMLResponse, name="web.login.enrol")
def enrol_form(request: Request, container: ContainerDep, next: str | None = None) -> Response:
    found = current_session_user(request)
    if found is None or found.stage is not Stage.ENROL_SECOND_FACTOR:
        return RedirectResponse("/login", status_code=303)
    return templates_of(request).render(
        request,
        "signin/enrol.html",
        {
            **enrolment_context(request, container, found.email),
            "errors": FormErrors(),
            "next_path": safe_next(next) if next else "",
            "action": "/login/enrol",
        },
    )


@router.post("/login/enrol", name="web.login.enrol.submit")
def submit_enrolment(
    request: Request,
    container: ContainerDep,
    code: Code,
    sealed_secret: Annotated[str, Form(max_length=500)],
    next_path: NextPath = None,
) -> Response:
    found = current_session_user(request)
    if found is None or found.stage is not Stage.ENROL_SECOND_FACTOR:
        return RedirectResponse("/login", status_code=303)
    secret = unseal_secret(request, container, sealed_secret)
    errors = FormErrors()
    try:
        if secret is None:
            raise signin.SignInRefused("code", "tampered")
        with container.database.uow() as uow:
            signin.enrol_second_factor(
                uow,
                user_id=found.principal.user_id,
                secret=secret,
                code=code,
                clock=container.clock,
            )
            _advance(request, uow, container, Stage.SIGNED_IN)
            uow.commit()
    except signin.SignInRefused:
        errors.add("code", WRONG_CODE)
        return templates_of(request).render(
            request,
            "signin/enrol.html",
            {
                **enrolment_context(request, container, found.email),
                "errors": errors,
                "next_path": safe_next(next_path) if next_path else "",
                "action": "/login/enrol",
            },
            status_code=422,
        )
    return _after_stage(request, Stage.SIGNED_IN, next_path)


@router.post("/logout", name="web.logout")
def logout(request: Request, container: ContainerDep) -> Response:
    session = web_session(request)
    found = current_session_user(request)
    with container.database.uow() as uow:
        close_session(uow, sid=session.sid)
        if found is not None:
            trail.record(
                uow,
                at=container.clock.now(),
                actor=found.principal.actor,
                action="user.signed_out",
                subject_type="user",
                subject_id=found.principal.user_id,
            )
        uow.commit()
    session.rotate()
    forget_session_user(request)
    return RedirectResponse("/login?signed_out=1", status_code=303)


# --- password reset --------------------------------------------------------------------------


def _reset_tokens(container: Container) -> signin.ResetTokens:
    return signin.ResetTokens(container.settings.secret_key.get_secret_value())


def compose_reset_email(language: str, name: str, link: str) -> signin.ResetEmail:
    subject = gettext(language, N_("Cyber Care: choose a new password"))
    body = gettext(
        language,
        N_(
            "Hello %(name)s,\n\nSomeone (we hope you) asked to choose a new password for Cyber "
            "Care. Open this link within one hour to do so:\n\n%(link)s\n\nIf you did not ask "
            "for it, ignore this e-mail: your password stays as it is.\n\nCyber Care"
        ),
    ) % {"name": name, "link": link}
    return signin.ResetEmail(subject, body)


@router.get("/password/forgot", response_class=HTMLResponse, name="web.password.forgot")
def forgot_form(request: Request) -> HTMLResponse:
    return templates_of(request).render(
        request, "signin/forgot.html", {"errors": FormErrors(), "sent": False, "email": ""}
    )


@router.post("/password/forgot", name="web.password.forgot.submit")
def forgot(request: Request, container: ContainerDep, email: Email) -> Response:
    address = email.strip().lower()
    errors = FormErrors()
    decision = _limiter(request).hit(f"reset:ip:{_client(request)}")
    if not decision.allowed:
        errors.add("email", TOO_MANY, minutes=max(1, decision.retry_after_s // 60))
        return templates_of(request).render(
            request,
            "signin/forgot.html",
            {"errors": errors, "sent": False, "email": email},
            status_code=429,
        )
    if "@" not in address:
        errors.add("email", N_("Enter an e-mail address such as name@example.be."))
        return templates_of(request).render(
            request,
            "signin/forgot.html",
            {"errors": errors, "sent": False, "email": email},
            status_code=422,
        )
    with container.database.uow() as uow:
        signin.request_password_reset(
            uow,
            email=address,
            tokens=_reset_tokens(container),
            base_url=container.settings.public_url,
            compose=compose_reset_email,
            clock=container.clock,
        )
        uow.commit()
    return templates_of(request).render(
        request, "signin/forgot.html", {"errors": errors, "sent": True, "email": email}
    )


@router.get("/password/reset", response_class=HTMLResponse, name="web.password.reset")
def reset_form(request: Request, container: ContainerDep, token: str = "") -> HTMLResponse:
    with container.database.reader() as uow:
        valid = _reset_tokens(container).user_id(uow, token, container.clock) is not None
    return templates_of(request).render(
        request,
        "signin/reset.html",
        {"errors": FormErrors(), "token": token, "valid": valid},
        status_code=200 if valid else 410,
    )


@router.post("/password/reset", name="web.password.reset.submit")
def reset(
    request: Request,
    container: ContainerDep,
    token: Annotated[str, Form(max_length=500)],
    password: Password,
    confirmation: Password,
) -> Response:
    errors = FormErrors()
    if password != confirmation:
        errors.add("confirmation", N_("The two passwords are not the same."))
    else:
        try:
            with container.database.uow() as uow:
                signin.reset_password(
                    uow,
                    token=token,
                    password=password,
                    tokens=_reset_tokens(container),
                    clock=container.clock,
                )
                uow.commit()
        except signin.SignInRefused:
            errors.add("password", N_("This link has expired or was already used. Ask a new one."))
        except InvalidInput:
            errors.add("password", N_("Choose a password of at least 12 characters."))
    if errors:
        return templates_of(request).render(
            request,
            "signin/reset.html",
            {"errors": errors, "token": token, "valid": True},
            status_code=422,
        )
    return RedirectResponse("/login?reset=1", status_code=303)
