"""The 24/7 assistance line every public, portal and report page shows as a tap-to-call link
(Art. 4.1, 8.1): the number of the visitor's distributor (a member's household's; the product's
first distributor for anyone else) in the page's language. Staff pages show none."""

from __future__ import annotations

import logging

from starlette.requests import Request

from cybercare.assistance.callback import line_of
from cybercare.assistance.callback_queries import household_distributor
from cybercare.product.model import PhoneNumber
from cybercare.web.auth import signed_in_principal
from cybercare.web.views import public_product

log = logging.getLogger(__name__)
_CACHE_KEY = "cybercare_help_line_distributor"


def help_line(request: Request, language: str) -> PhoneNumber | None:
    container = getattr(request.app.state, "container", None)
    if container is None:
        return None
    principal = signed_in_principal(request)
    if principal is not None and (principal.is_staff or principal.is_provider):
        return None  # the members' assistance line is not for staff nor providers
    product = public_product(container.catalog, container.clock.today())
    distributor = None
    if principal is not None and principal.household_id is not None:
        distributor = _distributor(request, principal.household_id)
    return line_of(product, distributor, language)


def _distributor(request: Request, household_id: str) -> str | None:
    state = request.scope.setdefault("state", {})
    if _CACHE_KEY not in state:
        container = request.app.state.container
        try:
            with container.database.reader() as uow:
                state[_CACHE_KEY] = household_distributor(uow, household_id)
        except Exception:
            log.warning("help line: the household's distributor could not be read")
            state[_CACHE_KEY] = None
    found: str | None = state[_CACHE_KEY]
    return found
