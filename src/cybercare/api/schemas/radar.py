"""Request and response shapes of the scam radar API (issue 20). The distributor's app forwards
a report for the member signed in to it and reads aggregate counts of its book; the receipt
holds no answer and the counts no report (Art. 11.1: the distributor never sees contents)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cybercare.kernel.errors import InvalidInput
from cybercare.radar.domain import AskedTo, ReportKind
from cybercare.radar.report_queries import RadarCounts, ReportView
from cybercare.radar.service import Submission

Id = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RadarReportCreate(Strict):
    person_id: Id = Field(description="The member signed in to the app, who forwards it")
    kind: ReportKind = Field(
        description="text, email, screenshot, link, phone, iban, shop, profile"
    )
    content: Annotated[str, StringConstraints(max_length=20_000)] = Field(
        default="", description="The pasted message, or the link, number, IBAN, shop or profile"
    )
    asked_to: AskedTo = Field(description="What the member was asked to do")
    money_about_to_move: bool = False
    money_lost: bool = False
    language: Literal["nl", "fr", "de", "en"] | None = None
    file_name: Annotated[str, StringConstraints(max_length=200)] | None = None
    file_type: Annotated[str, StringConstraints(max_length=100)] | None = None
    file_base64: str | None = Field(
        default=None, description="An .eml file (kind email) or an image (kind screenshot)"
    )

    def submission(self) -> Submission:
        data = None
        if self.file_base64:
            try:
                data = base64.b64decode(self.file_base64, validate=True)
            except (binascii.Error, ValueError):
                raise InvalidInput("file_base64", "not base64") from None
        return Submission(
            person_id=self.person_id,
            kind=self.kind,
            content=self.content,
            asked_to=self.asked_to,
            money_about_to_move=self.money_about_to_move,
            money_lost=self.money_lost,
            language=self.language,
            file_name=self.file_name,
            file_type=self.file_type,
            file_data=data,
        )


class RadarReportReceipt(BaseModel):
    """That the report arrived and by when the team answers; the answer is the member's, in
    their portal (Art. 11.1)."""

    report_id: str
    received_at: datetime
    urgent: bool
    answer_due_at: datetime

    @classmethod
    def of(cls, view: ReportView) -> RadarReportReceipt:
        return cls(
            report_id=view.report_id,
            received_at=view.reported_at,
            urgent=view.urgent,
            answer_due_at=view.answer_due_at,
        )


class RadarCountsRead(BaseModel):
    since: datetime
    reports: int
    households: int
    by_verdict: dict[str, int] = Field(description="scam, suspicious, legitimate, unknown, pending")
    by_kind: dict[str, int]
    answered_at_once: int = Field(description="Answered from the known-bad list at once")
    known_bad_indicators: int

    @classmethod
    def of(cls, counts: RadarCounts) -> RadarCountsRead:
        return cls(
            since=counts.since,
            reports=counts.reports,
            households=counts.households,
            by_verdict=counts.by_verdict,
            by_kind=counts.by_kind,
            answered_at_once=counts.answered_at_once,
            known_bad_indicators=counts.known_bad_indicators,
        )
