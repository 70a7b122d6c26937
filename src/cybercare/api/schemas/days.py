"""`InputDate`: a calendar day the API reads (a body field or a query parameter), refused with
422 naming the field when it lies outside the horizon of `cybercare.kernel.horizon`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator

from cybercare.kernel.horizon import OUTSIDE_HORIZON, within_horizon


def _within_horizon(day: date) -> date:
    if not within_horizon(day):
        raise ValueError(OUTSIDE_HORIZON)
    return day


InputDate = Annotated[date, AfterValidator(_within_horizon)]
