"""The affiliation certificate: who is insured, for what, up to which limits, at what price,
and where to complain, in the member's language (Art. 1, 2, 4, 5, 9, 10, 11.4).

`certificate_document` builds the certificate as plain values; `certificate_lines` lists its
texts and `render_certificate` draws the very same texts as a PDF.
"""

from __future__ import annotations

from datetime import timedelta

from cybercare.documents.formatting import long_date, money, rate
from cybercare.documents.layout import Document, Fields, Heading, Paragraph, Table, render_pdf
from cybercare.documents.texts import DETAIL_CAPTIONS, RELATIONSHIPS, STATUSES, colon, label, text
from cybercare.documents.translations import D_, document_text
from cybercare.documents.view import CertificateView
from cybercare.kernel.clauses import Art
from cybercare.product.model import Party, ProductVersion

__all__ = ["certificate_document", "certificate_lines", "render_certificate"]

# Articles the product model does not carry (they are the same in every version of the terms).
ART_PARTIES = Art("1")
ART_INSURANCE_YEAR = Art("3.1")
ART_DURATION = Art("9.2")

_NAME_DETAIL = "trading_as"  # shown with the name: "Inter Partner Assistance SA (AXA Partners)"
_OPEN_STATUSES = frozenset({"active", "suspended"})  # an affiliation that will still renew
# Art. 3.2: printed before the activation date, the certificate says from when cover runs
# (an affiliation is "active" from its start date on, never before).
COVER_STARTS_ON = D_("Cover starts on %(date)s")


def render_certificate(view: CertificateView) -> bytes:
    """The certificate as a PDF (A4); the same view gives the same bytes."""
    return render_pdf(certificate_document(view))


def certificate_lines(view: CertificateView) -> list[str]:
    """Every text of the certificate in reading order, as the PDF shows it."""
    return certificate_document(view).lines()


def certificate_document(view: CertificateView) -> Document:
    language = view.language
    product = view.product
    blocks = (
        *_parties(view),
        *_affiliation(view),
        *_dates(view),
        *_insured_persons(view),
        *_guarantees(view),
        *_limits(view),
        *_premium(view),
        *_complaints(view),
        Paragraph(text("closing", language, version=product.version), small=True),
    )
    return Document(
        language=language,
        created_on=view.issue_date,
        kicker=product.title.in_(language),
        title=text("title", language),
        references=(
            f"{text('certificate_number', language)} {view.certificate_number}",
            f"{text('issued_on', language)} {long_date(view.issue_date, language)}",
        ),
        blocks=blocks,
        footer=_legal_line(product, language),
        author=_party_name(product.insurer, language),
    )


def _heading(key: str, article: Art | str, language: str) -> Heading:
    return Heading(f"{text(key, language)} ({article})")


def _chapter(article: Art) -> Art:
    """The article a sub-article belongs to: Art. 4.2 -> Art. 4."""
    return Art(article.number.split(".")[0])


def _party_name(party: Party, language: str) -> str:
    name, trading_as = party.name_in(language), party.details_in(language).get(_NAME_DETAIL)
    return f"{name} ({trading_as})" if trading_as else name


def _party_details(party: Party, language: str) -> list[str]:
    """The address on its own line, then the other details ("Phone: ...") on one line, as the
    product data writes them in `language` (Art. 10.1, 11.4)."""
    details = party.details_in(language)
    address = details.get("address")
    others = [
        _detail(key, value, language)
        for key, value in details.items()
        if key not in {"address", _NAME_DETAIL}
    ]
    return [line for line in (address, " · ".join(others)) if line]


def _detail(key: str, value: str, language: str) -> str:
    caption = DETAIL_CAPTIONS.get(key)
    if caption is None:
        return value
    return f"{document_text(language, caption)}{colon(language)}{value}"


def _legal_line(product: ProductVersion, language: str) -> str:
    insurer = product.insurer
    return " · ".join([_party_name(insurer, language), *_party_details(insurer, language)])


def _parties(view: CertificateView) -> list[Heading | Paragraph | Fields]:
    language, insurer = view.language, view.product.insurer
    return [
        _heading("parties", ART_PARTIES, language),
        Fields(
            (
                (
                    text("insurer", language),
                    "\n".join([_party_name(insurer, language), *_party_details(insurer, language)]),
                ),
                (text("distributor", language), view.distributor_name),
            )
        ),
        Paragraph(text("collective", language, distributor=view.distributor_name), small=True),
    ]


def _affiliation(view: CertificateView) -> list[Heading | Fields]:
    language, product = view.language, view.product
    return [
        Heading(text("affiliation", language)),
        Fields(
            (
                (text("affiliate", language), view.affiliate_name),
                (text("address", language), "\n".join(view.affiliate_address)),
                (text("affiliation_id", language), view.affiliation_id),
                (
                    text("customer_ref", language, distributor=view.distributor_name),
                    view.customer_ref,
                ),
                (
                    text("product", language),
                    text(
                        "product_version",
                        language,
                        title=product.title.in_(language),
                        version=product.version,
                    ),
                ),
                (text("status", language), _status(view)),
            )
        ),
    ]


def _status(view: CertificateView) -> str:
    """The status on the issue date; before the start date, the date cover starts on."""
    language = view.language
    if view.status == "active" and view.issue_date < view.start_date:
        return document_text(language, COVER_STARTS_ON, date=long_date(view.start_date, language))
    return label(STATUSES, view.status, language)


def _dates(view: CertificateView) -> list[Heading | Fields | Paragraph]:
    language, lifecycle = view.language, view.product.lifecycle
    year = view.insurance_year
    period = text(
        "period",
        language,
        start=long_date(year.start, language),
        end=long_date(year.end - timedelta(days=1), language),
    )
    rows = [
        (
            f"{text('start_date', language)} ({view.product.cover_start.article})",
            long_date(view.start_date, language),
        ),
        (f"{text('insurance_year', language)} ({ART_INSURANCE_YEAR})", period),
    ]
    if view.status in _OPEN_STATUSES:
        key = "renewal" if lifecycle.tacit_renewal else "year_end"
        rows.append((f"{text(key, language)} ({ART_DURATION})", long_date(year.end, language)))
    duration = (
        text("one_year", language)
        if lifecycle.duration_months == 12
        else text("months", language, n=lifecycle.duration_months)
    )
    renewal = "duration_tacit" if lifecycle.tacit_renewal else "duration_fixed"
    return [
        Heading(text("dates", language)),
        Fields(tuple(rows)),
        Paragraph(text(renewal, language, duration=duration), small=True),
    ]


def _insured_persons(view: CertificateView) -> list[Heading | Paragraph | Table]:
    language = view.language
    rows = tuple(
        (
            person.name,
            long_date(person.birth_date, language),
            _capitalized(label(RELATIONSHIPS, person.relationship, language)),
        )
        for person in view.insured_persons
    )
    return [
        _heading("insured_persons", _chapter(view.product.household.article), language),
        Paragraph(text("insured_intro", language)),
        Table(
            headers=(
                text("name", language),
                text("birth_date", language),
                text("relationship", language),
            ),
            rows=rows,
            widths=(45, 25, 30),
            align=("LEFT", "LEFT", "LEFT"),
        ),
    ]


def _guarantees(view: CertificateView) -> list[Heading | Table]:
    language, product = view.language, view.product
    rows = tuple(
        (str(g.article), g.label.in_(language), g.description.in_(language))
        for g in product.guarantees
    )
    return [
        _heading("guarantees", _chapter(product.guarantees[0].article), language),
        Table(
            headers=(
                text("article", language),
                text("guarantee", language),
                text("description", language),
            ),
            rows=rows,
            widths=(11, 25, 64),
            align=("LEFT", "LEFT", "LEFT"),
        ),
    ]


def _limits(view: CertificateView) -> list[Heading | Paragraph | Table]:
    language, product = view.language, view.product
    unlimited = text("unlimited", language)
    rows = tuple(
        (
            str(pot.article),
            pot.label.in_(language),
            ", ".join(product.guarantee(code).label.in_(language) for code in pot.guarantees),
            unlimited if pot.money_limit_cents is None else money(pot.money_limit_cents, language),
            unlimited if pot.case_limit is None else str(pot.case_limit),
        )
        for pot in product.pots
    )
    return [
        _heading("limits", _chapter(product.pots[0].article), language),
        Paragraph(text("limits_intro", language)),
        Table(
            headers=(
                text("article", language),
                text("pot", language),
                text("guarantees", language),
                text("amount_per_year", language),
                text("cases_per_year", language),
            ),
            rows=rows,
            widths=(11, 26, 31, 17, 15),
            align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"),
        ),
    ]


def _premium(view: CertificateView) -> list[Heading | Table | Paragraph]:
    language = view.language
    net, tax = view.premium_split
    return [
        _heading("premium", view.product.premium.article, language),
        Table(
            headers=(text("premium_component", language), text("per_month", language)),
            rows=(
                (text("net_premium", language), money(net, language)),
                (
                    text("tax", language, rate=rate(view.premium_tax_rate_bp, language)),
                    money(tax, language),
                ),
                (
                    text("gross_premium", language),
                    money(view.premium_gross_monthly_cents, language),
                ),
            ),
            widths=(75, 25),
            align=("LEFT", "RIGHT"),
            total=True,
        ),
        Paragraph(
            text(
                "premium_note",
                language,
                distributor=view.distributor_name,
                date=long_date(view.premium_rate_date, language),
            ),
            small=True,
        ),
    ]


def _complaints(view: CertificateView) -> list[Heading | Paragraph | Fields]:
    language, complaints = view.language, view.product.complaints
    return [
        _heading("complaints", complaints.article, language),
        Paragraph(text("complaints_intro", language)),
        Fields(
            (
                (
                    text("step_insurer", language),
                    "\n".join(
                        [
                            complaints.insurer_service.name_in(language),
                            *_party_details(complaints.insurer_service, language),
                        ]
                    ),
                ),
                (
                    text("step_ombudsman", language),
                    "\n".join(
                        [
                            complaints.ombudsman.name_in(language),
                            *_party_details(complaints.ombudsman, language),
                        ]
                    ),
                ),
            )
        ),
    ]


def _capitalized(label: str) -> str:
    return label[:1].upper() + label[1:]
