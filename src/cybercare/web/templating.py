"""Jinja2 pages in the reader's language: one environment per language, each with its gettext
catalogue and its Babel formatting filters; `render()` builds the response."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from cybercare import __version__
from cybercare.product.model import LANGUAGES
from cybercare.web import formatting
from cybercare.web.auth import signed_in_principal
from cybercare.web.csrf import CSRF_FIELD, CSRF_HEADER, csrf_tokens
from cybercare.web.forms import field_id
from cybercare.web.help_line import help_line
from cybercare.web.i18n import (
    ENDONYMS,
    LANGUAGE_COOKIE,
    is_language,
    request_language,
    translations,
)
from cybercare.web.security import CookiePolicy
from cybercare.web.session import web_session

LANGUAGE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60


def _bind(function: Callable[..., str], language: str) -> Callable[..., str]:
    def bound(value: Any) -> str:
        return function(value, language)

    return bound


def static_url(path: str) -> str:
    return f"/static/{path}?v={__version__}"


def make_environment(language: str) -> Environment:
    env = Environment(
        loader=PackageLoader("cybercare.web", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        money=_bind(formatting.money, language),
        whole_money=_bind(formatting.whole_money, language),
        rate=_bind(formatting.rate, language),
        long_date=_bind(formatting.long_date, language),
        short_date=_bind(formatting.short_date, language),
        number=_bind(formatting.number, language),
        label=lambda label: label.in_(language),
    )
    env.globals.update(
        lang=language,
        languages=LANGUAGES,
        endonyms=ENDONYMS,
        static=static_url,
        field_id=field_id,
        csrf_field_name=CSRF_FIELD,
        csrf_header=CSRF_HEADER,
    )
    return env


class Templates:
    def __init__(self, cookies: CookiePolicy) -> None:
        self.cookies = cookies
        self.environments = {language: make_environment(language) for language in LANGUAGES}

    def render(
        self,
        request: Request,
        name: str,
        context: Mapping[str, Any] | None = None,
        *,
        status_code: int = 200,
        language: str | None = None,
    ) -> HTMLResponse:
        language = language or request_language(request)
        token = csrf_tokens(request).issue(web_session(request))
        html = (
            self.environments[language]
            .get_template(name)
            .render(
                request=request,
                csrf_token=token,
                csrf_field=Markup('<input type="hidden" name="{}" value="{}">').format(
                    CSRF_FIELD, token
                ),
                current_path=_path_without_lang(request),
                viewer=signed_in_principal(request),
                help_line=help_line(request, language),
                **(context or {}),
            )
        )
        response = HTMLResponse(html, status_code=status_code)
        # Pages carry per-session tokens (and soon personal data): never store them.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Language"] = language
        wanted = request.query_params.get("lang")
        if is_language(wanted) and request.cookies.get(LANGUAGE_COOKIE) != wanted:
            self.remember_language(response, str(wanted))
        return response

    def remember_language(self, response: Response, language: str) -> None:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=LANGUAGE_COOKIE_MAX_AGE_S,
            path="/",
            secure=self.cookies.secure,
            httponly=True,
            samesite="lax",
        )


def _path_without_lang(request: Request) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    path = request.url.path
    if query:
        path += "?" + urlencode(query)
    return path


def templates_of(request: Request) -> Templates:
    templates: Templates = request.app.state.web.templates
    return templates
