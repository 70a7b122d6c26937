"""What the staff search, the affiliation file and the dashboards show, in words and charts:
labels of the stored codes (msgids, translated when rendered), product labels from the
catalogue, week and month names in the reader's locale, and the charts of the dashboards built
from `cybercare.reporting` figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_skeleton
from babel.numbers import format_percent

from cybercare.product.catalog import Catalog
from cybercare.product.model import Label
from cybercare.reporting.dashboards import (
    CLAIMS_HANDLERS,
    CasesPerWeek,
    PotsAtLimit,
    PremiumsAndClaims,
    SlaAttainment,
)
from cybercare.reporting.figures import Attainment
from cybercare.web import backoffice_views, formatting, portal_texts
from cybercare.web.charts import Chart, Series
from cybercare.web.i18n import N_, gettext, locale_of

# Words shared with the other areas, so that a team, a status or a relationship reads the same
# everywhere: the back office's and the portal's tables (a msgid lives in one catalogue only).
TEAM_LABELS = portal_texts.TEAMS
CASE_STATUS = backoffice_views.CASE_STATUS
AFFILIATION_STATES = {
    **backoffice_views.AFFILIATION_STATUS,
    "pending_start": N_("Cover starts later"),
}
RELATIONSHIP_LABELS = portal_texts.RELATIONSHIPS
DUNNING_STATUS = portal_texts.NOTICE_STATUSES

# Staff words of their own (staff.po).
LINE_STATUS = {
    "open": N_("Billed, result awaited"),
    "paid": N_("Collected"),
    "unpaid": N_("Reported unpaid"),
    "contested": N_("Disputed"),
}
CHANNELS = {
    "distributor": N_("Distributor invoice"),
    "direct_debit": N_("SEPA direct debit"),
}
ENDED_BY = {
    "affiliate": N_("the affiliate (Art. 9.4)"),
    "insurer": N_("the insurer"),
    "distributor": N_("the distributor"),
}
NO_GUARANTEE = N_("Guarantee not chosen yet")
CLAIMS_TEAM = N_("Claims handlers")
STAFF_TEAMS = {**TEAM_LABELS, CLAIMS_HANDLERS: CLAIMS_TEAM}


def label_of(labels: dict[str, str], code: str | None, language: str) -> str:
    """The translated label of a stored code; an unknown code is shown as it is."""
    if code is None or code not in labels:
        return code or ""
    return gettext(language, labels[code])


class ProductLabels:
    """Guarantee and pot names of every product version of the catalogue (the newest version's
    name where versions differ), so a case of an older version is named too."""

    def __init__(self, catalog: Catalog) -> None:
        self.guarantees: dict[str, Label] = {}
        self.pots: dict[str, Label] = {}
        self.order: list[str] = []
        self.pot_order: list[str] = []
        for product in catalog.all():
            for guarantee in product.guarantees:
                self.guarantees[guarantee.code] = guarantee.label
                if guarantee.code not in self.order:
                    self.order.append(guarantee.code)
            for pot in product.pots:
                self.pots[pot.code] = pot.label
                if pot.code not in self.pot_order:
                    self.pot_order.append(pot.code)

    def guarantee(self, code: str | None, language: str) -> str:
        if code is None:
            return gettext(language, NO_GUARANTEE)
        label = self.guarantees.get(code)
        return label.in_(language) if label else code

    def pot(self, code: str, language: str) -> str:
        label = self.pots.get(code)
        return label.in_(language) if label else code


# --- numbers in the reader's locale ----------------------------------------------------------


def week_label(monday: date, language: str) -> str:
    """ "23 nov." / "23 Nov": the Monday of the week, in the locale's short day-month form."""
    return format_skeleton("MMMd", monday, locale=locale_of(language))


def month_label(first: date, language: str) -> str:
    return format_skeleton("yMMM", first, locale=locale_of(language))


def period_label(period: str, language: str) -> str:
    """A billing period "2026-11" as "November 2026" in the reader's language."""
    year, month = period.split("-")
    return format_skeleton("yMMMM", date(int(year), int(month), 1), locale=locale_of(language))


def percent(bp: int | None, language: str) -> str:
    """Basis points as a percentage with two decimals ("87,50%"); a dash when nothing was
    measured."""
    return "—" if bp is None else formatting.rate(bp, language)


def percent_parts(language: str) -> dict[str, str]:
    """How the locale writes a whole percentage, for the chart's axis ("100 %" in French)."""
    sample = format_percent(Decimal(10), locale=formatting.number_locale(language))  # 1,000 %
    digits = [index for index, character in enumerate(sample) if character.isdigit()]
    first, last = digits[0], digits[-1]
    return {"prefix": sample[:first], "group": sample[first + 1], "suffix": sample[last + 1 :]}


@dataclass(frozen=True, slots=True)
class PercentChart(Chart):
    """A chart of shares in basis points, drawn as percentages; `gaps` marks the values with
    nothing measured, which the chart leaves out (null) instead of drawing 0 %."""

    gaps: tuple[tuple[bool, ...], ...] = ()

    def config(self) -> dict[str, Any]:
        config = Chart.config(self)
        for index, dataset in enumerate(config["datasets"]):
            gaps = self.gaps[index] if index < len(self.gaps) else ()
            dataset["data"] = [
                None if index_ < len(gaps) and gaps[index_] else value / 100
                for index_, value in enumerate(self.series[index].values)
            ]
        return config


# --- the dashboard's charts ------------------------------------------------------------------


def cases_chart(figures: CasesPerWeek, labels: ProductLabels, language: str) -> Chart:
    codes: list[str | None] = [code for code in labels.order if code in figures.counts]
    codes += sorted(code for code in figures.counts if code is not None and code not in codes)
    if None in figures.counts:
        codes.append(None)
    series = tuple(
        Series(
            labels.guarantee(code, language),
            figures.counts[code],
            tuple(formatting.number(value, language) for value in figures.counts[code]),
        )
        for code in codes
    )
    return Chart(
        id="cases-per-week",
        title=gettext(language, N_("Cases opened per guarantee and per week")),
        labels=tuple(week_label(week.start, language) for week in figures.weeks),
        series=series,
        label_header=gettext(language, N_("Week of")),
        number_format=formatting.number_parts(language, money_unit=False),
    )


def _share_series(
    name: str, shares: list[Attainment | None], language: str
) -> tuple[Series, tuple[bool, ...]]:
    values = tuple(0 if a is None or a.bp is None else a.bp for a in shares)
    shown = tuple(
        gettext(language, N_("not this team's clock")) if a is None else percent(a.bp, language)
        for a in shares
    )
    gaps = tuple(a is None or a.bp is None for a in shares)
    return Series(name, values, shown), gaps


def sla_chart(figures: SlaAttainment, language: str) -> PercentChart:
    first, first_gaps = _share_series(
        gettext(language, N_("First contact within the service level")),
        [team.first_contact for team in figures.teams],
        language,
    )
    decision, decision_gaps = _share_series(
        gettext(language, N_("Decision within the service level")),
        [team.decision for team in figures.teams],
        language,
    )
    return PercentChart(
        id="sla-attainment",
        title=gettext(language, N_("Service levels met per team (Art. 8.4)")),
        labels=tuple(label_of(STAFF_TEAMS, team.team, language) for team in figures.teams),
        series=(first, decision),
        label_header=gettext(language, N_("Team")),
        number_format=percent_parts(language),
        gaps=(first_gaps, decision_gaps),
    )


def money_chart(figures: PremiumsAndClaims, language: str) -> Chart:
    def series(name: str, values: tuple[int, ...]) -> Series:
        return Series(name, values, tuple(formatting.money(v, language) for v in values))

    return Chart(
        id="premiums-claims",
        title=gettext(language, N_("Premiums and claims paid per month")),
        labels=tuple(month_label(m.month.start, language) for m in figures.months),
        series=(
            series(
                gettext(language, N_("Premiums (net of tax)")),
                tuple(m.premium_cents for m in figures.months),
            ),
            series(
                gettext(language, N_("Claims paid")), tuple(m.paid_cents for m in figures.months)
            ),
        ),
        unit="money",
        label_header=gettext(language, N_("Month")),
        number_format=formatting.number_parts(language, money_unit=True),
    )


def loss_ratio_chart(figures: PremiumsAndClaims, language: str) -> PercentChart:
    ratios = [m.loss_ratio_bp for m in figures.months]
    return PercentChart(
        id="loss-ratio",
        title=gettext(language, N_("Loss ratio per month (claims paid / premiums)")),
        labels=tuple(month_label(m.month.start, language) for m in figures.months),
        series=(
            Series(
                gettext(language, N_("Loss ratio")),
                tuple(0 if r is None else r for r in ratios),
                tuple(percent(r, language) for r in ratios),
            ),
        ),
        kind="line",
        label_header=gettext(language, N_("Month")),
        number_format=percent_parts(language),
        gaps=(tuple(r is None for r in ratios),),
    )


def pots_chart(figures: PotsAtLimit, labels: ProductLabels, language: str) -> Chart:
    codes = list(labels.pot_order) + sorted(
        code for code in figures.counts if code not in labels.pot_order
    )
    counts = tuple(figures.counts.get(code, 0) for code in codes)
    return Chart(
        id="pots-at-limit",
        title=gettext(language, N_("Households at a pot's limit this insurance year (Art. 5)")),
        labels=tuple(labels.pot(code, language) for code in codes),
        series=(
            Series(
                gettext(language, N_("Households")),
                counts,
                tuple(formatting.number(c, language) for c in counts),
            ),
        ),
        label_header=gettext(language, N_("Pot")),
        number_format=formatting.number_parts(language, money_unit=False),
    )
