"""Sign-in, second factor, sign-out and password reset pages.

Each step that changes privilege gives the browser a fresh session id (`WebSession.rotate`), so
an id seen before sign-in is worthless after it; a new sign-in also ends the session the browser
had. Attempts are rate-limited per e-mail address and per client address (signin_limits.py); a
refused attempt says only that the e-mail or the password is wrong, for unknown addresses too.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode, urlsplit

import segno
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer

from cybercare.audit import trail
from cybercare.bootstrap import Container
from cybercare.db.uow import UnitOfWork
from cybercare.http.client import client_address
from cybercare.http.deps import ContainerDep
from cybercare.identity import credentials, signin
from cybercare.identity.domain import Stage
from cybercare.identity.totp_sealing import TotpSealer
from cybercare.identity.web_sessions import advance, close_session, open_session
from cybercare.kernel.rate_limits import RateDecision
from cybercare.settings import Environment
from cybercare.web.access import web_public
from cybercare.web.auth import current_session_user, forget_session_user
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import LANGUAGE_COOKIE, N_, gettext, is_language
from cybercare.web.session import web_session
from cybercare.web.signin_limits import attempts_limiter, failures_limiter, wait_minutes
from cybercare.web.templating import templates_of

router = APIRouter(dependencies=[Depends(web_public)], include_in_schema=False)

MEMBER_HOME = "/portal"
STAFF_HOME = "/staff"
PROVIDER_HOME = "/provider/orders"
WRONG_CREDENTIALS = N_("The e-mail address or the password is wrong.")
WRONG_CODE = N_("The code is wrong or has expired. Enter the 6 digits your app shows now.")
TOO_MANY = N_("Too many attempts. You can try again in %(minutes)s min.")
WEAK_PASSWORD = {
    credentials.TOO_SHORT: N_("Choose a password of at least 12 characters."),
    credentials.TOO_LONG: N_("Choose a password of at most 256 characters."),
    credentials.IS_EMAIL: N_("Your password must not be your e-mail address."),
}

# Form fields are optional for FastAPI and checked by the handlers, so that an empty or odd
# field gets its message beside it on the page rather than a bare validation error.
Email = Annotated[str, Form()]
Password = Annotated[str, Form()]
Code = Annotated[str, Form()]
Sealed = Annotated[str, Form()]
NextPath = Annotated[str | None, Form(alias="next")]
NextQuery = Annotated[str | None, Query(alias="next")]
MAX_NEXT_LENGTH = 2000
MAX_EMAIL_LENGTH = 254
# After signing in, never back to these (a loop, or a page that makes no sense signed in).
_NOT_NEXT = ("/login", "/logout", "/password/")


def local_next(target: str | None) -> str | None:
    """`target` if it is a path of this site worth returning to, else None: no scheme, no host,
    no `//host` or `/\\host` (browsers read both as another site), no control characters or
    spaces (browsers drop tabs and newlines, so `/<tab>/host` would become `//host`)."""
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) <= 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path == "/" or parts.path.startswith(_NOT_NEXT):
        return None
    return target


def weak_password_message(error: credentials.WeakPassword) -> str:
    return WEAK_PASSWORD.get(error.problem, WEAK_PASSWORD[credentials.TOO_SHORT])


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
    if found.principal.is_provider:
        return PROVIDER_HOME
    return MEMBER_HOME if found.principal.is_member else STAFF_HOME


def too_many(response: HTMLResponse, decision: RateDecision) -> HTMLResponse:
    response.headers["Retry-After"] = str(decision.retry_after_s)
    return response


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
            "active": "login",
            "email": email,
            "next_path": local_next(next_path) or "",
            "errors": errors or FormErrors(),
            "demo_without_second_factor": second_factor_switched_off(container),
        },
        status_code=status_code,
    )


@router.get("/login", response_class=HTMLResponse, name="web.login")
def login_form(request: Request, container: ContainerDep, next: NextQuery = None) -> Response:
    found = current_session_user(request)
    if found is not None and found.signed_in:
        return RedirectResponse(local_next(next) or home_for(request), status_code=303)
    return _render_login(request, container, next_path=next)


def _login_throttled(request: Request, address: str) -> RateDecision | None:
    """The refusal when this client or this address tried too often, else None (the attempt
    is counted for the address)."""
    from_here = failures_limiter(request).peek(f"login:ip:{client_address(request)}")
    if not from_here.allowed:
        return from_here
    for_address = attempts_limiter(request).hit(f"login:email:{address}")
    return None if for_address.allowed else for_address


@router.post("/login", name="web.login.submit")
def login(
    request: Request,
    container: ContainerDep,
    email: Email = "",
    password: Password = "",
    next_path: NextPath = None,
) -> Response:
    address = email.strip().lower()
    if not address or not password:
        errors = FormErrors()
        if not address:
            errors.add("email", N_("Enter your e-mail address."))
        if not password:
            errors.add("password", N_("Enter your password."))
        return _render_login(
            request, container, email=email, next_path=next_path, errors=errors, status_code=422
        )
    refused = _login_throttled(request, address)
    if refused is not None:
        errors = FormErrors()
        errors.add("email", TOO_MANY, minutes=wait_minutes(refused))
        page = _render_login(
            request, container, email=email, next_path=next_path, errors=errors, status_code=429
        )
        return too_many(page, refused)
    with container.database.uow() as uow:
        accepted = signin.check_password(
            uow,
            email=address[:MAX_EMAIL_LENGTH],
            password=password[: credentials.MAX_PASSWORD_LENGTH + 1],
            clock=container.clock,
            staff_second_factor_required=container.settings.staff_second_factor_required,
        )
        if accepted is not None:
            # Whatever this browser's session was (another user, a half-finished sign-in), it
            # ends; the sign-in gets a new id (no session fixation).
            session = web_session(request)
            close_session(uow, sid=session.sid)
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
        failures_limiter(request).hit(f"login:ip:{client_address(request)}")
        errors = FormErrors()
        errors.add("password", WRONG_CREDENTIALS)
        return _render_login(
            request, container, email=email, next_path=next_path, errors=errors, status_code=422
        )
    attempts_limiter(request).reset(f"login:email:{address}")
    forget_session_user(request)
    response = _after_stage(request, accepted.next_stage, next_path)
    if not is_language(request.cookies.get(LANGUAGE_COOKIE)):
        # No language chosen on this browser yet: the pages speak the user's own language.
        templates_of(request).remember_language(response, accepted.language)
    return response


def _after_stage(request: Request, stage: Stage, next_path: str | None) -> Response:
    target = local_next(next_path)
    suffix = "?" + urlencode({"next": target}) if target else ""
    if stage is Stage.SECOND_FACTOR:
        return RedirectResponse("/login/code" + suffix, status_code=303)
    if stage is Stage.ENROL_SECOND_FACTOR:
        return RedirectResponse("/login/enrol" + suffix, status_code=303)
    return RedirectResponse(target or home_for(request), status_code=303)


def _pending(request: Request, stage: Stage) -> str | None:
    """The user id of a session waiting at `stage`, else None."""
    found = current_session_user(request)
    if found is None or found.stage is not stage:
        return None
    return found.principal.user_id


def _render_code(
    request: Request, errors: FormErrors, next_path: str | None, status_code: int = 200
) -> HTMLResponse:
    return templates_of(request).render(
        request,
        "signin/code.html",
        {"errors": errors, "next_path": local_next(next_path) or ""},
        status_code=status_code,
    )


@router.get("/login/code", response_class=HTMLResponse, name="web.login.code")
def code_form(request: Request, next: NextQuery = None) -> Response:
    if _pending(request, Stage.SECOND_FACTOR) is None:
        return RedirectResponse("/login", status_code=303)
    return _render_code(request, FormErrors(), next)


@router.post("/login/code", name="web.login.code.submit")
def submit_code(
    request: Request, container: ContainerDep, code: Code = "", next_path: NextPath = None
) -> Response:
    user_id = _pending(request, Stage.SECOND_FACTOR)
    if user_id is None:
        return RedirectResponse("/login", status_code=303)
    errors = FormErrors()
    decision = attempts_limiter(request).hit(f"login:code:{user_id}")
    if not decision.allowed:
        errors.add("code", TOO_MANY, minutes=wait_minutes(decision))
        return too_many(_render_code(request, errors, next_path, 429), decision)
    with container.database.uow() as uow:
        accepted = signin.check_second_factor(
            uow,
            user_id=user_id,
            code=code[:32],
            clock=container.clock,
            sealer=totp_sealer(container),
        )
        advanced = accepted and _advance(request, uow, container, Stage.SIGNED_IN)
        if accepted and not advanced:
            return RedirectResponse("/login", status_code=303)  # the session ended meanwhile
        uow.commit()  # a refusal is audited too
    if not accepted:
        errors.add("code", WRONG_CODE)
        return _render_code(request, errors, next_path, 422)
    attempts_limiter(request).reset(f"login:code:{user_id}")
    return _after_stage(request, Stage.SIGNED_IN, next_path)


def _advance(request: Request, uow: UnitOfWork, container: Container, stage: Stage) -> bool:
    """Move this browser's session to `stage` under a fresh id; False if it ended meanwhile."""
    session = web_session(request)
    old = session.sid
    session.rotate()
    forget_session_user(request)
    return advance(uow, sid=old, new_sid=session.sid, stage=stage, clock=container.clock)


def totp_sealer(container: Container) -> TotpSealer:
    """Seals TOTP secrets for the users table under the key ring's current key."""
    return TotpSealer(container.settings.key_ring)


def _secret_box(container: Container, request: Request) -> URLSafeSerializer:
    """The TOTP secret being enrolled travels in the form, signed for this session only."""
    return URLSafeSerializer(
        container.settings.key_ring.oldest_first(container.clock.now()),
        salt="cybercare.totp-enrolment:" + web_session(request).sid,
    )


def enrolment_context(request: Request, container: Container, email: str) -> dict[str, object]:
    """A new secret for the QR code (an SVG data: URI, which the CSP allows as an image) and
    its sealed copy for the form."""
    secret = credentials.new_totp_secret()
    uri = credentials.totp_uri(secret, email)
    qr = segno.make(uri, error="m")
    return {
        "secret": secret,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "sealed_secret": _secret_box(container, request).dumps(secret),
        "qr_data_uri": qr.svg_data_uri(scale=5, border=2, dark="#111", light="#fff"),
    }


def unseal_secret(request: Request, container: Container, sealed: str) -> str | None:
    try:
        secret = _secret_box(container, request).loads(sealed)
    except BadSignature:
        return None
    return secret if isinstance(secret, str) else None


def _render_enrol(
    request: Request,
    container: Container,
    email: str,
    next_path: str | None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return templates_of(request).render(
        request,
        "signin/enrol.html",
        {
            **enrolment_context(request, container, email),
            "errors": errors or FormErrors(),
            "next_path": local_next(next_path) or "",
            "action": "/login/enrol",
        },
        status_code=status_code,
    )


@router.get("/login/enrol", response_class=HTMLResponse, name="web.login.enrol")
def enrol_form(request: Request, container: ContainerDep, next: NextQuery = None) -> Response:
    found = current_session_user(request)
    if found is None or found.stage is not Stage.ENROL_SECOND_FACTOR:
        return RedirectResponse("/login", status_code=303)
    return _render_enrol(request, container, found.email, next)


@router.post("/login/enrol", name="web.login.enrol.submit")
def submit_enrolment(
    request: Request,
    container: ContainerDep,
    code: Code = "",
    sealed_secret: Sealed = "",
    next_path: NextPath = None,
) -> Response:
    found = current_session_user(request)
    if found is None or found.stage is not Stage.ENROL_SECOND_FACTOR:
        return RedirectResponse("/login", status_code=303)
    secret = unseal_secret(request, container, sealed_secret)
    try:
        if secret is None:
            raise signin.SignInRefused("code", "the secret was not sealed for this session")
        with container.database.uow() as uow:
            signin.enrol_second_factor(
                uow,
                user_id=found.principal.user_id,
                secret=secret,
                code=code[:32],
                clock=container.clock,
                sealer=totp_sealer(container),
            )
            if not _advance(request, uow, container, Stage.SIGNED_IN):
                return RedirectResponse("/login", status_code=303)
            uow.commit()
    except signin.SignInRefused:
        errors = FormErrors()
        errors.add("code", WRONG_CODE)
        return _render_enrol(request, container, found.email, next_path, errors, 422)
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
    return signin.ResetTokens(container.settings.key_ring)


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


def _render_forgot(
    request: Request,
    *,
    email: str = "",
    sent: bool = False,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return templates_of(request).render(
        request,
        "signin/forgot.html",
        {"errors": errors or FormErrors(), "sent": sent, "email": email},
        status_code=status_code,
    )


@router.get("/password/forgot", response_class=HTMLResponse, name="web.password.forgot")
def forgot_form(request: Request) -> HTMLResponse:
    return _render_forgot(request)


@router.post("/password/forgot", name="web.password.forgot.submit")
def forgot(request: Request, container: ContainerDep, email: Email = "") -> Response:
    """Same page whether the address is known or not; at most a few e-mails per address and
    per client (no mail-bombing of a member through this form)."""
    address = email.strip().lower()
    errors = FormErrors()
    if "@" not in address.strip("@") or len(address) > MAX_EMAIL_LENGTH:
        errors.add("email", N_("Enter an e-mail address such as name@example.be."))
        return _render_forgot(request, email=email, errors=errors, status_code=422)
    limiter = attempts_limiter(request)
    for key in (f"reset:ip:{client_address(request)}", f"reset:email:{address}"):
        decision = limiter.hit(key)
        if not decision.allowed:
            errors.add("email", TOO_MANY, minutes=wait_minutes(decision))
            page = _render_forgot(request, email=email, errors=errors, status_code=429)
            return too_many(page, decision)
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
    return _render_forgot(request, email=email, sent=True)


def _render_reset(
    request: Request,
    token: str,
    *,
    valid: bool,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return templates_of(request).render(
        request,
        "signin/reset.html",
        {"errors": errors or FormErrors(), "token": token, "valid": valid},
        status_code=status_code,
    )


ResetToken = Annotated[str, Query()]


@router.get("/password/reset", response_class=HTMLResponse, name="web.password.reset")
def reset_form(request: Request, container: ContainerDep, token: ResetToken = "") -> HTMLResponse:
    with container.database.reader() as uow:
        valid = _reset_tokens(container).user_id(uow, token, container.clock) is not None
    return _render_reset(request, token, valid=valid, status_code=200 if valid else 410)


@router.post("/password/reset", name="web.password.reset.submit")
def reset(
    request: Request,
    container: ContainerDep,
    token: Annotated[str, Form()] = "",
    password: Password = "",
    confirmation: Password = "",
) -> Response:
    errors = FormErrors()
    if password != confirmation:
        errors.add("confirmation", N_("The two passwords are not the same."))
        return _render_reset(request, token, valid=True, errors=errors, status_code=422)
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
    except credentials.WeakPassword as weak:
        errors.add("password", weak_password_message(weak))
        return _render_reset(request, token, valid=True, errors=errors, status_code=422)
    except signin.SignInRefused:
        return _render_reset(request, token, valid=False, status_code=410)
    return RedirectResponse("/login?reset=1", status_code=303)
