"""`cybercare product ...`: list, show and check product versions; publish them.

`cybercare.cli` mounts it with `app.add_typer(product_app, name="product")`. Labels and headings
are shown in the chosen language (Art. 11.4); amounts are formatted for that language in Belgium.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from babel.numbers import format_currency, format_decimal
from rich.console import Console
from rich.table import Table

from cybercare.cli.common import console, domain_errors, wired
from cybercare.documents.formatting import LOCALES
from cybercare.documents.translations import D_, document_text
from cybercare.kernel.errors import NotFound
from cybercare.kernel.money import CENTS_PER_EURO, format_rate, split_gross
from cybercare.product.catalog import Catalog, default_catalog, load_catalog
from cybercare.product.loader import ProductDefinitionError, load_product_file
from cybercare.product.model import Condition, ProductVersion
from cybercare.publishing.service import publish_products

product_app = typer.Typer(help="Product versions: list, show, check.", no_args_is_help=True)

EXIT_UNKNOWN = 2


class Language(StrEnum):
    NL = "nl"
    FR = "fr"
    DE = "de"
    EN = "en"


# Headings of `show`, in the four languages of Art. 11.4 (kept here: they belong to this view).
HEADINGS: dict[str, str] = {  # key -> msgid of the document catalogue (D_, docs/i18n.md)
    "guarantees": D_("Guarantees"),
    "guarantee": D_("Guarantee"),
    "article": D_("Article"),
    "teams": D_("Teams"),
    "pot": D_("Pot"),
    "pots": D_("Yearly limits per household"),
    "money_limit": D_("Money per year"),
    "case_limit": D_("Cases per year"),
    "unlimited": D_("unlimited"),
    "evidence": D_("Evidence"),
    "conditions": D_("Conditions"),
    "services": D_("Services"),
    "exclusions": D_("Exclusions"),
    "all": D_("all"),
    "obligations": D_("Obligations of the insured"),
    "asked_in": D_("Asked in"),
    "timers": D_("Time limits"),
    "value": D_("Value"),
    "premium": D_("Monthly premium"),
    "valid_from": D_("From"),
    "tax_rate": D_("Tax rate"),
    "net": D_("Net"),
    "tax": D_("Tax"),
    "gross": D_("Gross"),
    "open": D_("open"),
    "closed_from": D_("closed from"),
    "technical": D_("technical"),
    "legal": D_("legal"),
    "financial": D_("financial"),
    "psychological": D_("psychological"),
}


def heading(key: str, language: str) -> str:
    return document_text(language, HEADINGS[key])


def _money(cents: int | None, language: str) -> str:
    if cents is None:
        return heading("unlimited", language)
    amount = Decimal(cents) / CENTS_PER_EURO
    return str(format_currency(amount, "EUR", locale=LOCALES[language]))


def _rate(basis_points: int, language: str) -> str:
    percent = Decimal(format_rate(basis_points))
    return f"{format_decimal(percent, format='0.00', locale=LOCALES[language])} %"


def _condition_text(condition: Condition, language: str) -> str:
    """Condition labels may say `{days}`: the number lives once, in `params`."""
    return condition.label.in_(language).format(**condition.params)


def _catalog(extra_dirs: list[Path] | None) -> Catalog:
    return load_catalog(extra_dirs) if extra_dirs else default_catalog()


ExtraDirs = Annotated[
    list[Path] | None,
    typer.Option("--dir", help="Extra directory of <code>/<version>.yaml files."),
]


@product_app.command("list")
def list_products(extra_dirs: ExtraDirs = None) -> None:
    """Every product version: code, version, title, open or closed, distributors."""
    catalog = _catalog(extra_dirs)
    table = Table("code", "version", "title", "sales", "distributors")
    for product in catalog.all():
        closed = product.sales_closed_from
        sales = f"open from {product.sales_open_from}"
        if closed is not None:
            sales += f", closed from {closed}"
        table.add_row(
            product.code, product.version, product.title.en, sales, ", ".join(product.distributors)
        )
    Console().print(table)


def _guarantees_table(product: ProductVersion, lang: str) -> Table:
    """One line per guarantee: what it is, its article, the teams and the pot it draws on."""
    h = {key: heading(key, lang) for key in HEADINGS}
    table = Table(title=h["guarantees"])
    for column in ("guarantee", "article", "teams", "pot"):
        table.add_column(h[column])
    for g in product.guarantees:
        pot = product.pot(g.pot).label.in_(lang) if g.pot else h["unlimited"]
        table.add_row(
            f"{g.code} {g.label.in_(lang)}",
            str(g.article),
            ", ".join(heading(team.value, lang) for team in g.teams),
            pot,
        )
    return table


def _guarantee_details(product: ProductVersion, lang: str) -> list[Table]:
    """Per guarantee, a vertical block (it stays readable in an 80-column terminal)."""
    h = {key: heading(key, lang) for key in HEADINGS}
    blocks = []
    for g in product.guarantees:
        kinds = {kind.code: kind.label.in_(lang) for kind in g.kinds}
        evidence = [
            e.label.in_(lang) + (f" ({kinds[e.when_kind]})" if e.when_kind else "")
            for e in g.evidence
        ]
        block = Table.grid(padding=(0, 2))
        block.title = f"{g.code} — {g.label.in_(lang)} ({g.article})"
        block.title_justify = "left"
        block.add_column(style="bold", no_wrap=True)
        block.add_column()
        block.add_row("", g.description.in_(lang))
        block.add_row(
            h["services"],
            "\n".join(f"{heading(s.team.value, lang)}: {s.label.in_(lang)}" for s in g.services),
        )
        block.add_row(h["evidence"], "\n".join(evidence) or "-")
        block.add_row(
            h["conditions"],
            "\n".join(f"{_condition_text(c, lang)} ({c.article})" for c in g.conditions) or "-",
        )
        blocks.append(block)
    return blocks


def _pots_table(product: ProductVersion, lang: str) -> Table:
    table = Table(title=heading("pots", lang))
    for key in ("pot", "guarantees", "money_limit", "case_limit", "article"):
        table.add_column(heading(key, lang))
    for pot in product.pots:
        cases = heading("unlimited", lang) if pot.case_limit is None else str(pot.case_limit)
        table.add_row(
            pot.label.in_(lang),
            ", ".join(pot.guarantees),
            _money(pot.money_limit_cents, lang),
            cases,
            str(pot.article),
        )
    return table


def _clauses_tables(product: ProductVersion, lang: str) -> list[Table]:
    exclusions = Table(title=heading("exclusions", lang))
    for key in ("article", "exclusions", "guarantees"):
        exclusions.add_column(heading(key, lang))
    for e in product.exclusions:
        scope = ", ".join(e.guarantees) if e.guarantees else heading("all", lang)
        exclusions.add_row(str(e.article), e.label.in_(lang), scope)
    obligations = Table(title=f"{heading('obligations', lang)} ({product.obligations.article})")
    for key in ("obligations", "asked_in"):
        obligations.add_column(heading(key, lang))
    for o in product.obligations.items:
        asked = f"{', '.join(o.guarantees)} ({product.obligations.review_article})"
        obligations.add_row(o.label.in_(lang), asked)
    return [exclusions, obligations]


# Each timer with the article that sets it and its name in the four languages (Art. 11.4).
TIMER_LABELS: dict[str, tuple[str, str]] = {  # name -> (article, msgid of the catalogue)
    "declaration_deadline_days": ("8.2", D_("Declare within (days of discovery)")),
    "waiting_period_days": ("3.2", D_("Waiting period (days)")),
    "urgent_first_contact_hours": ("8.4", D_("First contact, urgent (hours)")),
    "normal_first_contact_working_days": ("8.4", D_("First contact, other (working days)")),
    "decision_days_after_complete_file": ("8.4", D_("Decision after complete file (days)")),
    "payment_days_after_decision": ("8.4", D_("Payment after decision (days)")),
    "duration_months": ("9.2", D_("Duration (months)")),
    "tacit_renewal": ("9.2", D_("Tacit renewal")),
    "withdrawal_days": ("9.3", D_("Withdrawal within (days)")),
    "withdrawal_refund_days": ("9.3", D_("Refund within (days)")),
    "termination_minimum_run_months": ("9.4", D_("Minimum run before termination (months)")),
    "termination_notice_months": ("9.4", D_("Termination notice (months)")),
    "insurer_notice_months_before_year_end": (
        "9.5",
        D_("Insurer's notice before year end (months)"),
    ),
    "formal_notice_days": ("9.6", D_("Formal notice: pay within (days)")),
    "termination_days_after_suspension": ("9.6", D_("Termination after suspension (days)")),
    "suspension_lifted_days_after_payment": ("9.6", D_("Suspension lifted after payment (days)")),
}


def _timers_table(product: ProductVersion, lang: str) -> Table:
    table = Table(title=heading("timers", lang))
    table.add_column("")
    table.add_column(heading("value", lang), justify="right")
    table.add_column(heading("article", lang))
    values: dict[str, object] = {
        "declaration_deadline_days": product.declaration.deadline_days,
        "waiting_period_days": product.cover_start.waiting_period_days,
        **{
            name: getattr(product.service_levels, name)
            for name in (
                "urgent_first_contact_hours",
                "normal_first_contact_working_days",
                "decision_days_after_complete_file",
                "payment_days_after_decision",
            )
        },
        **{
            name: getattr(product.lifecycle, name)
            for name in product.lifecycle.__dataclass_fields__
        },
    }
    for name, value in values.items():
        article, label = TIMER_LABELS[name]
        shown = ("✓" if value else "✗") if isinstance(value, bool) else str(value)
        table.add_row(document_text(lang, label), shown, f"Art. {article}")
    return table


def _premium_table(product: ProductVersion, lang: str) -> Table:
    premium = product.premium
    table = Table(title=f"{heading('premium', lang)} ({premium.article})")
    for key in ("valid_from", "tax_rate", "net", "tax", "gross"):
        table.add_column(heading(key, lang))
    for entry in premium.tax_table:
        net, tax = split_gross(premium.gross_monthly_cents, entry.rate_bp)
        table.add_row(
            entry.valid_from.isoformat(),
            _rate(entry.rate_bp, lang),
            _money(net, lang),
            _money(tax, lang),
            _money(premium.gross_monthly_cents, lang),
        )
    return table


@product_app.command("show")
def show_product(
    code: str,
    version: Annotated[str | None, typer.Option(help="Version; the latest by default.")] = None,
    lang: Annotated[Language, typer.Option(help="Language of labels and headings.")] = Language.EN,
    extra_dirs: ExtraDirs = None,
) -> None:
    """A product version's guarantees, limits, evidence, exclusions, timers and premium."""
    catalog = _catalog(extra_dirs)
    try:
        product = catalog.get(code, version) if version else catalog.latest(code)
    except NotFound as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(EXIT_UNKNOWN) from None
    language = lang.value
    console = Console()
    closed = product.sales_closed_from
    state = heading("open", language)
    if closed is not None:
        state = f"{heading('closed_from', language)} {closed.isoformat()}"
    console.print(
        f"[bold]{product.title.in_(language)}[/bold] — {product.code} {product.version} "
        f"({state}) sha256 {product.source_sha256[:12]}"
    )
    console.print(_guarantees_table(product, language))
    for block in _guarantee_details(product, language):
        console.print(block)
        console.print()
    console.print(_pots_table(product, language))
    for table in _clauses_tables(product, language):
        console.print(table)
    console.print(_timers_table(product, language))
    console.print(_premium_table(product, language))


@product_app.command("check")
def check_file(file: Path) -> None:
    """Validate one product file: exit 0 with `OK: code version sha`, or 1 with the errors."""
    try:
        product = load_product_file(file)
    except ProductDefinitionError as error:
        for line in error.lines:
            typer.echo(line, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"OK: {product.code} {product.version} {product.source_sha256}")


@product_app.command("publish")
def product_publish() -> None:
    """Register every catalogue product version in the database (idempotent)."""
    container = wired()
    with domain_errors(), container.database.uow() as uow:
        report = publish_products(
            uow, list(container.catalog.all()), container.clock, actor="cli:product.publish"
        )
        uow.commit()
    for name in report.published:
        console.print(f"published {name}")
    for name in report.sales_changed:
        console.print(f"sales dates updated for {name} (Art. 1.4)")
    if report.unchanged:
        console.print(f"{len(report.unchanged)} version(s) already published, unchanged")
