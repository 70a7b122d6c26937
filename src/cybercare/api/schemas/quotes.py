"""The quote a distributor shows before subscription, with the terms token to subscribe."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from cybercare.api.schemas.days import InputDate
from cybercare.consent.texts import TextVersion
from cybercare.kernel.money import format_amount, format_rate
from cybercare.policy.quotes import Quote


class QuoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_code: str = Field(default="cyber-care-be", examples=["cyber-care-be"])
    start_date: InputDate | None = Field(default=None, description="Default: today")
    language: str = Field(default="nl", pattern="^(nl|fr|de|en)$")


class PremiumQuoteRead(BaseModel):
    gross_monthly: str = Field(examples=["4.99"])
    net_monthly: str = Field(examples=["4.55"])
    tax_monthly: str = Field(examples=["0.44"])
    tax_rate_percent: str = Field(examples=["9.60"])
    tax_valid_from: date
    article: str


class LimitRead(BaseModel):
    guarantee: str
    label: str
    article: str
    pot: str | None
    money_limit: str | None = Field(description="Per household and insurance year (Art. 5)")
    case_limit: int | None


class DocumentRead(BaseModel):
    id: str
    title: str
    sha256: str
    url: str


class PrivacyNoticeRead(BaseModel):
    version: str = Field(description="Pass it to POST /affiliations as privacy_notice_version")
    effective_date: date
    language: str
    text: str = Field(description="The privacy notice (GDPR art. 13) to present, as plain text")
    sha256: str = Field(description="SHA-256 of `text` (UTF-8)")
    url: str = Field(description="The public page of the notice in this language")


class QuoteRead(BaseModel):
    product_code: str
    product_version: str
    start_date: date
    premium: PremiumQuoteRead
    limits: list[LimitRead]
    documents: list[DocumentRead] = Field(description="The terms the customer must be shown")
    terms_token: str = Field(description="Pass it to POST /affiliations")
    valid_until: datetime
    privacy_notice: PrivacyNoticeRead | None = Field(
        default=None,
        description="The privacy notice in effect, to present with the terms (GDPR art. 13)",
    )


def privacy_notice_read(notice: TextVersion, language: str) -> PrivacyNoticeRead:
    return PrivacyNoticeRead(
        version=notice.version,
        effective_date=notice.effective_date,
        language=language,
        text=notice.text(language),
        sha256=notice.sha256(language),
        url=f"/privacy?lang={language}",
    )


def quote_read(quote: Quote, language: str, notice: TextVersion | None = None) -> QuoteRead:
    product = quote.product
    limits = []
    for guarantee in product.guarantees:
        pot = product.pot(guarantee.pot) if guarantee.pot else None
        limits.append(
            LimitRead(
                guarantee=guarantee.code,
                label=guarantee.label.in_(language),
                article=str(pot.article if pot else guarantee.article),
                pot=pot.code if pot else None,
                money_limit=format_amount(pot.money_limit_cents)
                if pot and pot.money_limit_cents is not None
                else None,
                case_limit=pot.case_limit if pot else None,
            )
        )
    return QuoteRead(
        product_code=product.code,
        product_version=product.version,
        start_date=quote.start_date,
        premium=PremiumQuoteRead(
            gross_monthly=format_amount(quote.gross_monthly_cents),
            net_monthly=format_amount(quote.net_monthly_cents),
            tax_monthly=format_amount(quote.tax_monthly_cents),
            tax_rate_percent=format_rate(quote.tax.rate_bp),
            tax_valid_from=quote.tax.valid_from,
            article=str(product.premium.article),
        ),
        limits=limits,
        documents=[
            DocumentRead(
                id="terms",
                title=product.title.in_(language),
                sha256=product.source_sha256,
                url=f"/api/v1/products/{product.code}/versions/{product.version}?lang={language}",
            )
        ],
        terms_token=quote.terms_token,
        valid_until=quote.valid_until,
        privacy_notice=privacy_notice_read(notice, language) if notice else None,
    )
