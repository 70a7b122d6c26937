# ruff: noqa: E501 - four-language texts read best on one line each
"""Decision letters (PDF and e-mail text) in the member's language (Art. 11.4): outcome, amounts,
what is left in the pot, each reason with its article, and the complaints path (Art. 10.1) on a
decline or a partial settlement. Built from the stored decision, so the same decision always
gives the same letter (the PDF is rendered on request, never stored twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.claims.views import ReasonView
from cybercare.documents.formatting import long_date, money
from cybercare.documents.layout import Document, Fields, Heading, Paragraph, render_pdf
from cybercare.product.model import Label, ProductVersion


def _l(en: str, fr: str, nl: str, de: str) -> Label:
    return Label(nl=nl, fr=fr, de=de, en=en)


TEXTS: dict[str, Label] = {
    "title": _l(
        "Decision on your claim",
        "Décision sur votre demande",
        "Beslissing over uw aanvraag",
        "Entscheidung über Ihren Antrag",
    ),
    "claim": _l("Claim", "Demande", "Aanvraag", "Antrag"),
    "decided_on": _l("Decided on", "Décidé le", "Beslist op", "Entschieden am"),
    "guarantee": _l("Guarantee", "Garantie", "Waarborg", "Garantie"),
    "outcome": _l("Outcome", "Résultat", "Resultaat", "Ergebnis"),
    "claimed": _l("Amount claimed", "Montant demandé", "Gevraagd bedrag", "Beantragter Betrag"),
    "payable": _l("Amount granted", "Montant accordé", "Toegekend bedrag", "Gewährter Betrag"),
    "pot_left": _l(
        "Left in the yearly limit",
        "Reste dans la limite annuelle",
        "Resterend in de jaarlimiet",
        "Verbleibend im Jahreslimit",
    ),
    "cases_left": _l(
        "Cases left this year",
        "Dossiers restants cette année",
        "Resterende dossiers dit jaar",
        "Verbleibende Fälle in diesem Jahr",
    ),
    "reasons": _l("Reasons", "Motifs", "Redenen", "Gründe"),
    "complaints": _l("Complaints", "Plaintes", "Klachten", "Beschwerden"),
    "complaints_text": _l(
        "If you disagree, contact first {insurer}; then the insurance ombudsman: {ombudsman}.",
        "Si vous n'êtes pas d'accord, contactez d'abord {insurer} ; ensuite l'Ombudsman des Assurances : {ombudsman}.",
        "Bent u het niet eens, neem dan eerst contact op met {insurer}; daarna met de Ombudsdienst Verzekeringen: {ombudsman}.",
        "Wenn Sie nicht einverstanden sind, wenden Sie sich zuerst an {insurer}, dann an den Ombudsmann der Versicherungen: {ombudsman}.",
    ),
    "accepted": _l("Accepted", "Acceptée", "Aanvaard", "Angenommen"),
    "partially_accepted": _l(
        "Partially accepted",
        "Partiellement acceptée",
        "Gedeeltelijk aanvaard",
        "Teilweise angenommen",
    ),
    "declined": _l("Declined", "Refusée", "Geweigerd", "Abgelehnt"),
    "payment": _l(
        "The amount is transferred to your account {iban} within {days} days.",
        "Le montant est viré sur votre compte {iban} dans les {days} jours.",
        "Het bedrag wordt binnen {days} dagen overgeschreven op uw rekening {iban}.",
        "Der Betrag wird innerhalb von {days} Tagen auf Ihr Konto {iban} überwiesen.",
    ),
}

# The reasons a letter explains in words; any other code is cited by its code and article.
REASONS: dict[str, Label] = {
    "pot.within_limit": _l(
        "Within the yearly limit of the pot.",
        "Dans la limite annuelle.",
        "Binnen de jaarlimiet.",
        "Innerhalb des Jahreslimits.",
    ),
    "pot.partial_settlement": _l(
        "The amount due is larger than what is left in the yearly limit: what is left is paid.",
        "Le montant dû dépasse le solde de la limite annuelle : le solde est payé.",
        "Het verschuldigde bedrag is groter dan wat er in de jaarlimiet overblijft: het saldo wordt betaald.",
        "Der geschuldete Betrag übersteigt den Rest des Jahreslimits: der Rest wird gezahlt.",
    ),
    "pot.exhausted": _l(
        "The yearly limit is used up.",
        "La limite annuelle est épuisée.",
        "De jaarlimiet is opgebruikt.",
        "Das Jahreslimit ist ausgeschöpft.",
    ),
    "pot.cases_exhausted": _l(
        "The number of cases per insurance year is reached.",
        "Le nombre de dossiers par année d'assurance est atteint.",
        "Het aantal dossiers per verzekeringsjaar is bereikt.",
        "Die Anzahl der Fälle pro Versicherungsjahr ist erreicht.",
    ),
    "handler.decision": _l(
        "Decision of our claims handler.",
        "Décision de notre gestionnaire.",
        "Beslissing van onze dossierbeheerder.",
        "Entscheidung unseres Sachbearbeiters.",
    ),
    "exclusion.applies": _l(
        "An exclusion applies.",
        "Une exclusion s'applique.",
        "Er geldt een uitsluiting.",
        "Ein Ausschluss greift.",
    ),
    "cover.suspended": _l(
        "Cover was suspended on that date.",
        "La couverture était suspendue à cette date.",
        "De dekking was op die datum geschorst.",
        "Der Schutz war an diesem Tag ausgesetzt.",
    ),
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
    return TEXTS[key].in_(language).format(**params)


def _reason(reason: ReasonView, language: str) -> str:
    label = REASONS.get(reason.code)
    said = label.in_(language) if label is not None else reason.code
    return f"{reason.article}: {said}"


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
        ombudsman = ", ".join([complaints.ombudsman.name, *complaints.ombudsman.details.values()])
        blocks.append(Heading(f"{_t('complaints', language)} ({complaints.article})"))
        blocks.append(
            Paragraph(
                _t(
                    "complaints_text",
                    language,
                    insurer=complaints.insurer_service.name,
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
        footer=product.insurer.name,
        author=product.insurer.name,
    )


def render_letter(view: LetterView) -> bytes:
    return render_pdf(letter_document(view))


def letter_subject(view: LetterView) -> str:
    return f"{_t('title', view.language)} {view.claim_id}: {_t(view.outcome, view.language)}"
