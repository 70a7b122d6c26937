"""What the public pages show of a product version, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.kernel.money import split_gross
from cybercare.product.catalog import REFERENCE_KEY, Catalog
from cybercare.product.model import Guarantee, Pot, ProductVersion
from cybercare.web import formatting
from cybercare.web.charts import Chart, Series


@dataclass(frozen=True, slots=True)
class PremiumLine:
    """The monthly premium split into net and tax at one rate of the dated tax table (Art. 9.1)."""

    valid_from: date
    rate_bp: int
    gross_cents: int
    net_cents: int
    tax_cents: int
    current: bool


@dataclass(frozen=True, slots=True)
class ProductView:
    product: ProductVersion
    today: date

    @property
    def guarantees(self) -> tuple[Guarantee, ...]:
        return self.product.guarantees

    @property
    def pots(self) -> tuple[Pot, ...]:
        return self.product.pots

    def pot_of(self, guarantee: Guarantee) -> Pot | None:
        return self.product.pot(guarantee.pot) if guarantee.pot else None

    def guarantees_of(self, pot: Pot) -> tuple[Guarantee, ...]:
        return tuple(self.product.guarantee(code) for code in pot.guarantees)

    @property
    def closed(self) -> bool:
        closed_from = self.product.sales_closed_from
        return closed_from is not None and closed_from <= self.today

    def premium_lines(self) -> list[PremiumLine]:
        """The rate in force today and every later one already known."""
        premium = self.product.premium
        current = premium.tax_rate_on(self.today)
        lines = []
        for entry in premium.tax_table:
            is_current = entry.rate_bp == current and all(
                later.valid_from > self.today
                for later in premium.tax_table
                if later.valid_from > entry.valid_from
            )
            if is_current or entry.valid_from > self.today:
                net, tax = split_gross(premium.gross_monthly_cents, entry.rate_bp)
                lines.append(
                    PremiumLine(
                        entry.valid_from,
                        entry.rate_bp,
                        premium.gross_monthly_cents,
                        net,
                        tax,
                        is_current,
                    )
                )
        return lines

    def limits_chart(
        self, language: str, *, title: str, series_label: str, label_header: str
    ) -> Chart:
        pots = [pot for pot in self.pots if pot.money_limit_cents is not None]
        values = tuple(pot.money_limit_cents or 0 for pot in pots)
        return Chart(
            id="chart-pot-limits",
            title=title,
            labels=tuple(pot.label.in_(language) for pot in pots),
            series=(
                Series(
                    series_label,
                    values,
                    tuple(formatting.whole_money(value, language) for value in values),
                ),
            ),
            unit="money",
            label_header=label_header,
            number_format=formatting.number_parts(language, money_unit=True),
        )


def public_product(catalog: Catalog, today: date) -> ProductVersion:
    """The version of the reference product that sells today, else its latest (run-off)."""
    code = REFERENCE_KEY[0]
    return catalog.open_for(code, today) or catalog.latest(code)
