"""The formal notice of Art. 9.6 in the member's language: a PDF letter (the documents layout)
and the e-mail that goes with it through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.billing.domain import communication_for
from cybercare.documents.formatting import long_date, money
from cybercare.documents.layout import Document, Fields, Heading, Paragraph, Table, render_pdf
from cybercare.product.model import Label, ProductVersion

TEXTS: dict[str, Label] = {
    "title": Label(
        nl="Ingebrekestelling", fr="Mise en demeure", de="Inverzugsetzung", en="Formal notice"
    ),
    "affiliation": Label(nl="Aansluiting", fr="Affiliation", de="Beitritt", en="Affiliation"),
    "dear": Label(
        nl="Beste {name},",
        fr="Madame, Monsieur {name},",
        de="Sehr geehrte(r) {name},",
        en="Dear {name},",
    ),
    "unpaid": Label(
        nl="Wij hebben de volgende premies niet ontvangen:",
        fr="Nous n'avons pas reçu les primes suivantes :",
        de="Wir haben die folgenden Prämien nicht erhalten:",
        en="We have not received the following premiums:",
    ),
    "period": Label(nl="Periode", fr="Période", de="Zeitraum", en="Period"),
    "amount": Label(nl="Bedrag", fr="Montant", de="Betrag", en="Amount"),
    "communication": Label(
        nl="Gestructureerde mededeling",
        fr="Communication structurée",
        de="Strukturierte Mitteilung",
        en="Structured communication",
    ),
    "total": Label(nl="Totaal", fr="Total", de="Gesamt", en="Total"),
    "pay_by": Label(
        nl="Te betalen uiterlijk op",
        fr="À payer au plus tard le",
        de="Zu zahlen bis spätestens",
        en="Pay by",
    ),
    "consequences": Label(
        nl="Zonder betaling wordt de dekking geschorst vanaf {suspend} en wordt de overeenkomst "
        "beëindigd op {terminate} (art. 9.6). Betaling van alle achterstallen beëindigt de "
        "schorsing de dag na de betaling; schadegevallen tijdens de schorsing zijn niet gedekt.",
        fr="À défaut de paiement, la couverture est suspendue à partir du {suspend} et le contrat "
        "est résilié le {terminate} (art. 9.6). Le paiement de tous les arriérés met fin à la "
        "suspension le lendemain du paiement ; les sinistres survenus pendant la suspension ne "
        "sont pas couverts.",
        de="Ohne Zahlung wird der Versicherungsschutz ab dem {suspend} ausgesetzt und der Vertrag "
        "am {terminate} beendet (Art. 9.6). Die Zahlung aller Rückstände beendet die Aussetzung "
        "am Tag nach der Zahlung; Schadenfälle während der Aussetzung sind nicht gedeckt.",
        en="Without payment, cover is suspended from {suspend} and the contract is terminated on "
        "{terminate} (Art. 9.6). Payment of all arrears ends the suspension the day after "
        "payment; incidents during the suspension are not covered.",
    ),
    "subject": Label(
        nl="Ingebrekestelling: onbetaalde premie Cyber Care",
        fr="Mise en demeure : prime Cyber Care impayée",
        de="Inverzugsetzung: unbezahlte Cyber-Care-Prämie",
        en="Formal notice: unpaid Cyber Care premium",
    ),
    "mail": Label(
        nl="U vindt de ingebrekestelling in bijlage (PDF). Betaal {total} uiterlijk op {pay_by}.",
        fr="Vous trouverez la mise en demeure en pièce jointe (PDF). Veuillez payer {total} au "
        "plus tard le {pay_by}.",
        de="Die Inverzugsetzung finden Sie im Anhang (PDF). Bitte zahlen Sie {total} bis "
        "spätestens {pay_by}.",
        en="The formal notice is attached (PDF). Please pay {total} by {pay_by}.",
    ),
}


def _t(key: str, language: str, **params: object) -> str:
    template = TEXTS[key].in_(language)
    return template.format(**params) if params else template


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
        footer=product.insurer.name,
        author=product.insurer.name,
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
