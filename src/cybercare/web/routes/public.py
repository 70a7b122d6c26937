"""Public pages: what Cyber Care is, and the current product version's terms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cybercare.consent import notice_service
from cybercare.http.deps import ContainerDep
from cybercare.product.model import LANGUAGES
from cybercare.web.access import web_public
from cybercare.web.i18n import ENDONYMS, N_, gettext, is_language, request_language
from cybercare.web.privacy_texts import blocks
from cybercare.web.templating import templates_of
from cybercare.web.views import ProductView, public_product

router = APIRouter(dependencies=[Depends(web_public)], include_in_schema=False)


@router.get("/", response_class=HTMLResponse, name="web.home")
def home(request: Request, container: ContainerDep) -> HTMLResponse:
    today = container.clock.today()
    view = ProductView(public_product(container.catalog, today), today)
    return templates_of(request).render(request, "home.html", {"view": view})


@router.get("/product", response_class=HTMLResponse, name="web.product")
def product(request: Request, container: ContainerDep) -> HTMLResponse:
    today = container.clock.today()
    view = ProductView(public_product(container.catalog, today), today)
    language = request_language(request)
    chart = view.limits_chart(
        language,
        title=gettext(language, N_("Money limit per household and per insurance year")),
        series_label=gettext(language, N_("Money per year")),
        label_header=gettext(language, N_("Limit")),
    )
    return templates_of(request).render(request, "product.html", {"view": view, "chart": chart})


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no `//evil.example`)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


@router.post("/language", name="web.language")
def choose_language(
    request: Request,
    lang: Annotated[str, Form(max_length=5)],
    next_path: Annotated[str | None, Form(alias="next", max_length=2000)] = None,
) -> Response:
    """The language switcher: remember the choice in a cookie and go back to the page."""
    response = RedirectResponse(safe_next(next_path), status_code=303)
    if is_language(lang):
        templates_of(request).remember_language(response, lang)
    return response


@router.get("/privacy", response_class=HTMLResponse, name="web.privacy")
def privacy(request: Request, container: ContainerDep) -> HTMLResponse:
    """The privacy notice in effect (GDPR art. 13), in the page's language; `?lang=` switches."""
    notice = notice_service.current_notice(container.clock)
    language = request_language(request)
    return templates_of(request).render(
        request,
        "privacy.html",
        {
            "notice": notice,
            "parts": blocks(notice.text(language)),
            "language": language,
            "languages": LANGUAGES,
            "endonyms": ENDONYMS,
        },
    )
