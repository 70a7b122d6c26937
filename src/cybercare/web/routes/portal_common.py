"""What the member portal's routes share: rendering a page with the portal's context, the pages
that explain a refusal (not insured, affiliate only), and reading dates typed in forms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_time
from fastapi import Request
from fastapi.responses import HTMLResponse

from cybercare.billing.domain import Period
from cybercare.kernel.clock import BRUSSELS
from cybercare.kernel.errors import DomainError
from cybercare.kernel.horizon import within_horizon
from cybercare.web import formatting, portal_texts
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_, locale_of, request_language
from cybercare.web.templating import templates_of

NOT_INSURED = (
    N_("You are not insured under this contract"),
    N_(
        "The portal shows the contract to the insured members of the household: the affiliate and "
        "the family members who live under the same roof. A person who lives at the address but "
        "is not family is not insured, nor is a member who has left the household."
    ),
)
AFFILIATE_ONLY = (
    N_("This is for the affiliate"),
    N_(
        "Only the affiliate, who subscribed the contract, manages its members, ends it and sees "
        "its premiums and payments. You still see your own cases and the household's limits."
    ),
)
FORMER_MEMBER = N_(
    "You have left the household: you can still report an incident that happened while you "
    "were insured, and follow your own cases."
)
ENTER_A_DATE = N_("Enter a valid date, for example 27/11/2026.")


def moment(at: datetime, language: str) -> str:
    """An instant as a member in Belgium reads it: the Brussels date and time."""
    local = at.astimezone(BRUSSELS)
    time = format_time(local, format="short", locale=locale_of(language))
    return f"{formatting.long_date(local.date(), language)} {time}"


def month(period: str, language: str) -> str:
    """A premium period ("2026-11") as a month a reader says: "november 2026", "November 2026"."""
    if not period:
        return ""
    first = Period.parse(period).start
    return format_date(first, format="LLLL y", locale=locale_of(language))


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """A portal page: the template gets the portal's texts (`texts`) and the page language."""
    language = request_language(request)
    return templates_of(request).render(
        request,
        template,
        {
            "texts": portal_texts,
            "page_language": language,
            "moment": lambda at: moment(at, language),
            "local_day": lambda at: at.astimezone(BRUSSELS).date(),
            "month": lambda period: month(period, language),
            **(context or {}),
        },
        status_code=status_code,
    )


def refusal(request: Request, error: DomainError, messages: tuple[str, str]) -> HTMLResponse:
    """A refusal of the services explained on a page of its own (403), with the article."""
    title, explanation = messages
    return render(
        request,
        "portal/refused.html",
        {
            "title": title,
            "explanation": explanation,
            "clause": error.clause,
            # Art. 9.7: a member who left may still report an incident from their cover
            "former_member": FORMER_MEMBER if error.params.get("former_member") else None,
        },
        status_code=403,
    )


def parse_date(value: str, field: str, errors: FormErrors) -> date | None:
    """A date typed in a form (ISO from <input type="date">); a form error when it is not one,
    or when it lies outside the horizon of the dates the platform accepts (kernel/horizon.py)."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        day = None
    if day is None or not within_horizon(day):
        errors.add(field, ENTER_A_DATE)
        return None
    return day


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A safe Content-Disposition: an ASCII fallback name and the UTF-8 name (RFC 6266)."""
    from urllib.parse import quote

    ascii_name = "".join(
        c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename
    )
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name or 'file'}\"; filename*=UTF-8''{quote(filename)}"
