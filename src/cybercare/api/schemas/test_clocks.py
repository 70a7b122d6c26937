"""Request and response shapes of the sandbox's test clocks (issue 18, docs/partner-sandbox.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from cybercare.sandbox.domain import TestClock


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TestClockCreate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(
        description="A label for the scenario", examples=["non-payment walk"]
    )
    frozen_time: AwareDatetime | None = Field(
        default=None,
        description="Where the clock starts (an instant with its offset); default: now",
        examples=["2027-01-04T09:00:00+01:00"],
    )


class TestClockAdvance(Strict):
    frozen_time: AwareDatetime = Field(
        description="The new time: after the clock's, at most 731 days later",
        examples=["2027-02-04T09:00:00+01:00"],
    )


class TestClockAttach(Strict):
    affiliation_id: Annotated[str, StringConstraints(min_length=1, max_length=32)] = Field(
        examples=["aff_7H3K9Q2M4X1P"]
    )


class TestClockRead(BaseModel):
    id: str = Field(examples=["clk_7H3K9Q2M4X1P"])
    name: str
    frozen_time: datetime
    status: Literal["ready", "advancing"] = Field(
        description="`advancing` while the days up to `advancing_to` are being run"
    )
    advancing_to: datetime | None
    created_at: datetime
    affiliations: list[str] = Field(description="The affiliations on this clock")


def test_clock_read(clock: TestClock, affiliations: list[str]) -> TestClockRead:
    return TestClockRead(
        id=clock.id,
        name=clock.name,
        frozen_time=clock.frozen_time,
        status=clock.status.value,
        advancing_to=clock.advancing_to,
        created_at=clock.created_at,
        affiliations=affiliations,
    )
