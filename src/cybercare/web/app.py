"""`install(app)`: the web pages on the application `cybercare.app.create_app` composes.

Adds, in this order: the error pages, the security headers and the web session (middleware), the
static files under /static, and the web routes, each guarded by CSRF protection and by its access
rule.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI

from cybercare.bootstrap import Container
from cybercare.kernel.rate_limits import RateLimiter
from cybercare.settings import Environment
from cybercare.web import assets, errors
from cybercare.web.csrf import CsrfTokens, csrf_protect
from cybercare.web.i18n import load_all
from cybercare.web.routes import (
    account,
    backoffice,
    backoffice_provider_forms,
    backoffice_providers,
    backoffice_recoveries,
    dashboards,
    finance,
    finance_bordereaux,
    help,
    loss_ratio,
    portal,
    provider_portal,
    public,
    radar_pages,
    report,
    signin,
)
from cybercare.web.security import CookiePolicy, SecurityHeadersMiddleware
from cybercare.web.session import SessionSigner, WebSessionMiddleware
from cybercare.web.signin_limits import attempts_limiter_for, failures_limiter_for
from cybercare.web.templating import Templates

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WebState:
    """What the web routes need besides the container: `request.app.state.web`."""

    templates: Templates
    csrf: CsrfTokens
    cookies: CookiePolicy
    login_limiter: RateLimiter
    signin_failures: RateLimiter  # failed sign-ins per client address (signin_limits.py)
    static_dir: Path


def build_router() -> APIRouter:
    router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)
    for module in (
        public,
        signin,
        account,
        portal,
        report,
        help,
        backoffice,
        dashboards,
        finance,
        finance_bordereaux,
        loss_ratio,
        backoffice_recoveries,
        radar_pages,
        backoffice_provider_forms,
        backoffice_providers,
        provider_portal,
    ):
        router.include_router(module.router)
    return router


def install(app: FastAPI, container: Container, *, static_dir: Path | None = None) -> None:
    settings = container.settings
    keys = settings.key_ring
    cookies = CookiePolicy.for_settings(settings)
    static_root = static_dir or assets.static_dir()
    load_all()  # a broken catalogue stops the start
    app.state.web = WebState(
        templates=Templates(cookies),
        csrf=CsrfTokens(keys, container.clock),
        cookies=cookies,
        login_limiter=attempts_limiter_for(container),
        signin_failures=failures_limiter_for(container),
        static_dir=static_root,
    )
    errors.install(app)
    # Middleware added last runs first: headers wrap everything, the session wraps the routes.
    app.add_middleware(
        WebSessionMiddleware, signer=SessionSigner(keys, container.clock), cookies=cookies
    )
    app.add_middleware(
        SecurityHeadersMiddleware, hsts=settings.environment is Environment.PRODUCTION
    )
    missing = assets.missing_vendor_files(static_root)
    if missing:
        log.warning(
            "static vendor assets missing in %s: %s; run `make install` (npm ci)",
            static_root / "vendor",
            ", ".join(missing),
        )
    app.mount(
        "/static",
        assets.LoggedStaticFiles(directory=static_root, check_dir=False),
        name="static",
    )
    app.include_router(build_router())
