"""The letter to the bank for an unauthorised payment (Art. 4.4), in the member's language,
citing PSD2 art. 71, 73 and 74 and Book VII of the Belgian Code of Economic Law; drawn with the
platform's document model (documents/layout) as a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.documents.formatting import long_date, money
from cybercare.documents.layout import Document, Fields, Heading, Paragraph, render_pdf
from cybercare.documents.translations import D_, document_text
from cybercare.radar.rights import BELGIAN_LAW, PSD2, PaymentRights, UnauthorisedPayment

TITLE = D_("Unauthorised payment: request for an immediate refund")
TO = D_("To")
FROM = D_("From")
AMOUNT = D_("Amount")
DEBITED = D_("Debited on")
REFERENCE = D_("Transaction reference")
BODY = D_(
    "I did not authorise the payment above. I hereby notify you of it under art. 71(1) of "
    "%(psd2)s. Under art. 73(1) you must refund it immediately, and at the latest by the end of "
    "the following business day (%(refund_by)s), and restore my account as if the payment had "
    "not taken place, with a value date no later than the debit date. Under art. 74(1) my "
    "liability for losses before this notification is at most EUR 50, and I bear none after it. "
    "These rules apply in Belgium through the Code of Economic Law, Book VII (law of 19 July "
    "2018)."
)
CLOSE = D_("Please confirm the refund in writing. Yours faithfully,")
LANGUAGES = ("en", "fr", "nl", "de")


@dataclass(frozen=True, slots=True)
class BankLetter:
    language: str
    written_on: date
    member_name: str
    bank_name: str
    reference: str
    payment: UnauthorisedPayment
    rights: PaymentRights


def letter_document(letter: BankLetter) -> Document:
    language = letter.language if letter.language in LANGUAGES else "en"

    def t(message: str, **params: object) -> str:
        return document_text(language, message, **params)

    due = letter.rights.refund_due_by
    refund_by = long_date(due, language) if due else "-"
    return Document(
        language=language,
        created_on=letter.written_on,
        kicker="Cyber Care",
        title=t(TITLE),
        references=(long_date(letter.written_on, language),),
        blocks=(
            Fields(
                (
                    (t(TO), letter.bank_name),
                    (t(FROM), letter.member_name),
                    (t(AMOUNT), money(letter.payment.amount_cents, language)),
                    (t(DEBITED), long_date(letter.payment.debit_date, language)),
                    (t(REFERENCE), letter.reference or "-"),
                )
            ),
            Heading(t(TITLE)),
            Paragraph(t(BODY, psd2=PSD2, refund_by=refund_by)),
            Paragraph(t(CLOSE)),
            Paragraph(letter.member_name),
        ),
        footer="PSD2 art. 71(1), 73(1), 74(1) - " + BELGIAN_LAW,
        author=letter.member_name,
    )


def render_letter(letter: BankLetter) -> bytes:
    return render_pdf(letter_document(letter))
