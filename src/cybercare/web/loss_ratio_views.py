"""The loss ratio dashboard's charts (each drawn with its table for screen readers)."""

from __future__ import annotations

from datetime import date

from cybercare.reporting.loss_ratio_queries import LossRatio, RatioRow
from cybercare.web import formatting
from cybercare.web.charts import Chart, Series
from cybercare.web.i18n import N_, gettext
from cybercare.web.staff_views import (
    PercentChart,
    ProductLabels,
    month_label,
    percent,
    percent_parts,
)


def _month(code: str, language: str) -> str:
    year, month = code.split("-")
    return month_label(date(int(year), int(month), 1), language)


def _money(name: str, values: tuple[int, ...], language: str) -> Series:
    return Series(name, values, tuple(formatting.money(v, language) for v in values))


def money_chart(figures: LossRatio, language: str) -> Chart:
    rows = figures.months
    return Chart(
        id="earned-incurred",
        title=gettext(language, N_("Earned premium and incurred claims per month")),
        labels=tuple(_month(r.label, language) for r in rows),
        series=(
            _money(
                gettext(language, N_("Earned premium")),
                tuple(r.earned_cents for r in rows),
                language,
            ),
            _money(
                gettext(language, N_("Incurred claims")),
                tuple(r.incurred_cents for r in rows),
                language,
            ),
            _money(
                gettext(language, N_("Costs of appointed providers")),
                tuple(r.service_cents for r in rows),
                language,
            ),
        ),
        unit="money",
        label_header=gettext(language, N_("Month")),
        number_format=formatting.number_parts(language, money_unit=True),
    )


def ratio_chart(
    chart_id: str, title: str, header: str, rows: tuple[RatioRow, ...], labels: tuple[str, ...],
    language: str, kind: str = "bar",
) -> PercentChart:  # fmt: skip
    ratios = [r.loss_ratio_bp for r in rows]
    return PercentChart(
        id=chart_id,
        title=title,
        labels=labels,
        series=(
            Series(
                gettext(language, N_("Loss ratio")),
                tuple(0 if r is None else r for r in ratios),
                tuple(percent(r, language) for r in ratios),
            ),
        ),
        kind="line" if kind == "line" else "bar",
        label_header=header,
        number_format=percent_parts(language),
        gaps=(tuple(r is None for r in ratios),),
    )


def charts(figures: LossRatio, product: ProductLabels, language: str) -> dict[str, Chart]:
    def t(text: str) -> str:
        return gettext(language, text)

    return {
        "money": money_chart(figures, language),
        "months": ratio_chart(
            "loss-ratio-months", t(N_("Loss ratio per month (incurred / earned)")),
            t(N_("Month")), figures.months,
            tuple(_month(r.label, language) for r in figures.months), language, "line",
        ),
        "guarantees": ratio_chart(
            "loss-ratio-guarantees", t(N_("Loss ratio per guarantee since the start")),
            t(N_("Guarantee")), figures.guarantees,
            tuple(product.guarantee(r.label, language) for r in figures.guarantees), language,
        ),
        "cohorts": ratio_chart(
            "loss-ratio-cohorts",
            t(N_("Loss ratio per subscription cohort since the start")),
            t(N_("Cohort (month cover started)")), figures.cohorts,
            tuple(_month(r.label, language) for r in figures.cohorts), language,
        ),
    }  # fmt: skip
