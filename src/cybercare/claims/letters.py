"""Decision letters (PDF and e-mail text) in the member's language (Art. 11.4): outcome, amounts,
what is left in the pot, each reason with its article, and the complaints path (Art. 10.1) on a
decline or a partial settlement. Built from the stored decision, so the same decision always
gives the same letter (the PDF is rendered on request, never stored twice).

Every text is a msgid of the gettext catalogues (docs/i18n.md): the letter's own words in
`documents.po` (context "document"), each reason in the sentence the portal shows too
(`cybercare.documents.reasons`), the insurer's and the ombudsman's names and addresses from the
product data in the letter's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.claims.views import ReasonView
from cybercare.documents.formatting import long_date, money
from cybercare.documents.layout import Document, Fields, Heading, Paragraph, render_pdf
from cybercare.documents.reasons import reason_text
from cybercare.documents.translations import D_, document_text
from cybercare.product.model import ProductVersion

TEXTS: dict[str, str] = {
    "title": D_("Decision on your claim"),
    "claim": D_("Claim"),
    "decided_on": D_("Decided on"),
    "guarantee": D_("Guarantee"),
    "outcome": D_("Outcome"),
    "claimed": D_("Amount claimed"),
    "payable": D_("Amount granted"),
    "pot_left": D_("Left in the yearly limit"),
    "cases_left": D_("Cases left this year"),
    "reasons": D_("Reasons"),
    "complaints": D_("Complaints"),
    "complaints_text": D_(
        "If you disagree, contact first %(insurer)s; then the insurance ombudsman: %(ombudsman)s."
    ),
    "accepted": D_("Accepted"),
    "partially_accepted": D_("Partially accepted"),
    "declined": D_("Declined"),
    "payment": D_("The amount is transferred to your account %(iban)s within %(days)s days."),
}


@dataclass(frozen=True, slots=True)
class LetterView:
    claim_id: str
    language: str
    decided_on: date
    product: ProductVersion
    guarantee: str
    outcome: str  # accepted, partially_accepted, declined
    claimed_cents: int
    payable_cents: int
    reasons: tuple[ReasonView, ...]
    pot_left_cents: int | None
    cases_left: int | None
    iban: str | None


def _t(key: str, language: str, **params: object) -> str:
    return document_text(language, TEXTS[key], **params)


def _reason(reason: ReasonView, language: str) -> str:
    return f"{reason.article}: {reason_text(reason.code, language)}"


def letter_lines(view: LetterView) -> list[str]:
    """The letter's texts: the e-mail body and what the PDF shows."""
    return letter_document(view).lines()


def letter_document(view: LetterView) -> Document:
    language, product = view.language, view.product
    rows = [
        (_t("guarantee", language), product.guarantee(view.guarantee).label.in_(language)),
        (_t("outcome", language), _t(view.outcome, language)),
        (_t("claimed", language), money(view.claimed_cents, language)),
        (_t("payable", language), money(view.payable_cents, language)),
    ]
    if view.pot_left_cents is not None:
        rows.append((_t("pot_left", language), money(view.pot_left_cents, language)))
    if view.cases_left is not None:
        rows.append((_t("cases_left", language), str(view.cases_left)))
    blocks: list[Heading | Paragraph | Fields] = [Fields(tuple(rows))]
    blocks.append(Heading(_t("reasons", language)))
    blocks.extend(Paragraph(_reason(r, language)) for r in view.reasons)
    if view.payable_cents and view.iban:
        days = product.service_levels.payment_days_after_decision
        blocks.append(Paragraph(_t("payment", language, iban=view.iban, days=days)))
    if view.outcome in ("declined", "partially_accepted"):
        complaints = product.complaints
        ombudsman = ", ".join(
            [
                complaints.ombudsman.name_in(language),
                *complaints.ombudsman.details_in(language).values(),
            ]
        )
        blocks.append(Heading(f"{_t('complaints', language)} ({complaints.article})"))
        blocks.append(
            Paragraph(
                _t(
                    "complaints_text",
                    language,
                    insurer=complaints.insurer_service.name_in(language),
                    ombudsman=ombudsman,
                )
            )
        )
    return Document(
        language=language,
        created_on=view.decided_on,
        kicker=product.title.in_(language),
        title=_t("title", language),
        references=(
            f"{_t('claim', language)} {view.claim_id}",
            f"{_t('decided_on', language)} {long_date(view.decided_on, language)}",
        ),
        blocks=tuple(blocks),
        footer=product.insurer.name_in(language),
        author=product.insurer.name_in(language),
    )


def render_letter(view: LetterView) -> bytes:
    return render_pdf(letter_document(view))


def letter_subject(view: LetterView) -> str:
    return f"{_t('title', view.language)} {view.claim_id}: {_t(view.outcome, view.language)}"
