"""The formal notice of Art. 9.6 in the member's language: a PDF letter (the documents layout)
and the e-mail that goes with it through the outbox. Its words are msgids of the gettext
catalogues (`documents.po`, context "document"; docs/i18n.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.billing.domain import communication_for
from cybercare.documents.formatting import long_date, money
from cybercare.documents.layout import Document, Fields, Heading, Paragraph, Table, render_pdf
from cybercare.documents.translations import D_, document_text
from cybercare.product.model import ProductVersion

TEXTS: dict[str, str] = {
    "title": D_("Formal notice"),
    "affiliation": D_("Affiliation"),
    "dear": D_("Dear %(name)s,"),
    "unpaid": D_("We have not received the following premiums:"),
    "period": D_("Period"),
    "amount": D_("Amount"),
    "communication": D_("Structured communication"),
    "total": D_("Total"),
    "pay_by": D_("Pay by"),
    "consequences": D_(
        "Without payment, cover is suspended from %(suspend)s and the contract is terminated on "
        "%(terminate)s (Art. 9.6). Payment of all arrears ends the suspension the day after "
        "payment; incidents during the suspension are not covered."
    ),
    "subject": D_("Formal notice: unpaid Cyber Care premium"),
    "mail": D_("The formal notice is attached (PDF). Please pay %(total)s by %(pay_by)s."),
}


def _t(key: str, language: str, **params: object) -> str:
    return document_text(language, TEXTS[key], **params)


@dataclass(frozen=True, slots=True)
class UnpaidCharge:
    line_id: int
    period: str
    gross_cents: int


@dataclass(frozen=True, slots=True)
class FormalNotice:
    affiliation_id: str
    language: str
    addressee: str
    notice_on: date
    pay_by: date
    suspend_from: date
    terminate_from: date
    charges: tuple[UnpaidCharge, ...]

    @property
    def total_cents(self) -> int:
        return sum(charge.gross_cents for charge in self.charges)


def formal_notice_document(notice: FormalNotice, product: ProductVersion) -> Document:
    lang = notice.language
    rows = tuple(
        (c.period, money(c.gross_cents, lang), communication_for(c.line_id)) for c in notice.charges
    )
    table = Table(
        headers=(_t("period", lang), _t("amount", lang), _t("communication", lang)),
        rows=(*rows, (_t("total", lang), money(notice.total_cents, lang), "")),
        widths=(1, 1, 2),
        align=("LEFT", "RIGHT", "LEFT"),
        total=True,
    )
    return Document(
        language=lang,
        created_on=notice.notice_on,
        kicker=product.title.in_(lang),
        title=_t("title", lang),
        references=(
            f"{_t('affiliation', lang)} {notice.affiliation_id}",
            long_date(notice.notice_on, lang),
        ),
        blocks=(
            Paragraph(_t("dear", lang, name=notice.addressee)),
            Paragraph(_t("unpaid", lang)),
            table,
            Fields(((_t("pay_by", lang), long_date(notice.pay_by, lang)),)),
            Heading("Art. 9.6"),
            Paragraph(
                _t(
                    "consequences",
                    lang,
                    suspend=long_date(notice.suspend_from, lang),
                    terminate=long_date(notice.terminate_from, lang),
                )
            ),
        ),
        footer=product.insurer.name_in(lang),
        author=product.insurer.name_in(lang),
    )


def formal_notice_pdf(notice: FormalNotice, product: ProductVersion) -> bytes:
    return render_pdf(formal_notice_document(notice, product))


def formal_notice_email(notice: FormalNotice) -> tuple[str, str]:
    """(subject, text) of the e-mail announcing the notice."""
    lang = notice.language
    body = _t(
        "mail",
        lang,
        total=money(notice.total_cents, lang),
        pay_by=long_date(notice.pay_by, lang),
    )
    lines = [
        f"{c.period}: {money(c.gross_cents, lang)} {communication_for(c.line_id)}"
        for c in notice.charges
    ]
    consequences = _t(
        "consequences",
        lang,
        suspend=long_date(notice.suspend_from, lang),
        terminate=long_date(notice.terminate_from, lang),
    )
    text = "\n\n".join(
        [_t("dear", lang, name=notice.addressee), body, "\n".join(lines), consequences]
    )
    return _t("subject", lang), text
