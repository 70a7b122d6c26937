"""Use case: quote a product version open to new business for a distributor (Art. 1.4, 9.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cybercare.kernel.clock import Clock
from cybercare.kernel.errors import Conflict
from cybercare.kernel.keyring import SecretKeys
from cybercare.kernel.money import split_gross
from cybercare.policy import terms_token
from cybercare.product.catalog import Catalog
from cybercare.product.model import ProductVersion, TaxRate


@dataclass(frozen=True, slots=True)
class Quote:
    product: ProductVersion
    start_date: date
    gross_monthly_cents: int
    net_monthly_cents: int
    tax_monthly_cents: int
    tax: TaxRate
    terms_token: str
    valid_until: datetime


def quote(
    catalog: Catalog,
    distributor: str,
    product_code: str,
    start_date: date,
    clock: Clock,
    secret: SecretKeys,
) -> Quote:
    today = clock.today()
    if start_date < today:
        raise Conflict(
            "cover cannot start before the subscription date",
            code="policy.start_before_subscription",
            clause="Art. 3.2",
            params={"start_date": start_date.isoformat(), "today": today.isoformat()},
        )
    product = catalog.open_for(product_code, today)
    if product is None or distributor not in product.distributors:
        raise Conflict(
            f"{product_code} takes no new business from {distributor} today",
            code="policy.closed_to_new_business",
            clause="Art. 1.4",
            params={"product": product_code},
        )
    premium = product.premium
    rate = next(t for t in reversed(premium.tax_table) if t.valid_from <= start_date)
    net, tax = split_gross(premium.gross_monthly_cents, rate.rate_bp)
    now = clock.now()
    token = terms_token.issue(
        secret,
        terms_token.TermsShown(product.code, product.version, distributor, product.source_sha256),
        now,
    )
    return Quote(
        product,
        start_date,
        premium.gross_monthly_cents,
        net,
        tax,
        rate,
        token,
        now + terms_token.VALIDITY,
    )
