"""Billing API shapes: the payment-results upload and its report."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PaymentResultsCreate(BaseModel):
    """The distributor's payment results file (CSV, see docs/billing.md) as text."""

    content: str = Field(max_length=20_000_000, description="charge_id,outcome,amount,date ...")


class LineErrorRead(BaseModel):
    line: int
    message: str


class PaymentResultsRead(BaseModel):
    applied: int
    already_applied: int
    collected: str = Field(description="EUR collected by this file, e.g. 9.98")
    errors: list[LineErrorRead]
