"""The letter to the bank for an unauthorised payment (Art. 4.4), in the member's language,
citing PSD2 art. 71, 73 and 74 and Book VII of the Belgian Code of Economic Law; drawn with the
platform's document model (documents/layout) as a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cybercare.documents.formatting import long_date, money
from cybercare.documents.layout import Document, Fields, Heading, Paragraph, render_pdf
from cybercare.radar.rights import BELGIAN_LAW, PSD2, PaymentRights, UnauthorisedPayment

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Unauthorised payment: request for an immediate refund",
        "to": "To",
        "from": "From",
        "amount": "Amount",
        "debited": "Debited on",
        "reference": "Transaction reference",
        "body": "I did not authorise the payment above. I hereby notify you of it under "
        "art. 71(1) of {psd2}. Under art. 73(1) you must refund it immediately, and at the latest "
        "by the end of the following business day ({refund_by}), and restore my account as if "
        "the payment had not taken place, with a value date no later than the debit date. "
        "Under art. 74(1) my liability for losses before this notification is at most EUR 50, "
        "and I bear none after it. These rules apply in Belgium through the {be}.",
        "close": "Please confirm the refund in writing. Yours faithfully,",
    },
    "fr": {
        "title": "Opération de paiement non autorisée : demande de remboursement immédiat",
        "to": "À",
        "from": "De",
        "amount": "Montant",
        "debited": "Débité le",
        "reference": "Référence de l'opération",
        "body": "Je n'ai pas autorisé le paiement ci-dessus et vous le signale conformément à "
        "l'article 71, paragraphe 1, de la {psd2}. En vertu de l'article 73, paragraphe 1, vous "
        "devez me le rembourser immédiatement et au plus tard à la fin du jour ouvrable suivant "
        "({refund_by}), et rétablir mon compte dans l'état où il se serait trouvé sans ce "
        "paiement, avec une date de valeur au plus tard égale à la date du débit. Selon "
        "l'article 74, paragraphe 1, ma responsabilité pour les pertes antérieures à ce "
        "signalement est limitée à 50 EUR, et je n'en supporte aucune après. Ces règles "
        "s'appliquent en Belgique par le Code de droit économique, livre VII (loi du 19 juillet "
        "2018).",
        "close": "Je vous prie de me confirmer le remboursement par écrit. Veuillez agréer mes "
        "salutations distinguées,",
    },
    "nl": {
        "title": "Niet-toegestane betalingstransactie: verzoek om onmiddellijke terugbetaling",
        "to": "Aan",
        "from": "Van",
        "amount": "Bedrag",
        "debited": "Gedebiteerd op",
        "reference": "Referentie van de transactie",
        "body": "Ik heb de betaling hierboven niet toegestaan en meld ze u hierbij overeenkomstig "
        "artikel 71, lid 1, van {psd2}. Volgens artikel 73, lid 1, betaalt u ze onmiddellijk "
        "terug, en uiterlijk aan het einde van de eerstvolgende werkdag ({refund_by}), en "
        "herstelt u mijn rekening alsof de betaling niet had plaatsgevonden, met een valutadatum "
        "uiterlijk op de datum van de debitering. Volgens artikel 74, lid 1, draag ik voor "
        "verliezen vóór deze melding ten hoogste 50 EUR, en na de melding niets. Deze regels "
        "gelden in België via het Wetboek van economisch recht, boek VII (wet van 19 juli 2018).",
        "close": "Gelieve de terugbetaling schriftelijk te bevestigen. Met vriendelijke groeten,",
    },
    "de": {
        "title": "Nicht autorisierter Zahlungsvorgang: Antrag auf sofortige Erstattung",
        "to": "An",
        "from": "Von",
        "amount": "Betrag",
        "debited": "Belastet am",
        "reference": "Referenz des Vorgangs",
        "body": "Ich habe die obige Zahlung nicht autorisiert und zeige sie Ihnen hiermit nach "
        "Artikel 71 Absatz 1 der {psd2} an. Nach Artikel 73 Absatz 1 erstatten Sie den Betrag "
        "unverzüglich, spätestens bis zum Ende des folgenden Geschäftstags ({refund_by}), und "
        "bringen mein Konto auf den Stand, auf dem es sich ohne die Zahlung befunden hätte, mit "
        "Wertstellung spätestens zum Tag der Belastung. Nach Artikel 74 Absatz 1 hafte ich für "
        "Verluste vor dieser Anzeige höchstens mit 50 EUR, danach gar nicht. In Belgien gelten "
        "diese Regeln über das Wirtschaftsgesetzbuch, Buch VII (Gesetz vom 19. Juli 2018).",
        "close": "Bitte bestätigen Sie die Erstattung schriftlich. Mit freundlichen Grüßen",
    },
}


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
    t = TEXTS.get(letter.language, TEXTS["en"])
    language = letter.language if letter.language in TEXTS else "en"
    refund_by = (
        long_date(letter.rights.refund_due_by, language) if letter.rights.refund_due_by else "-"
    )
    return Document(
        language=language,
        created_on=letter.written_on,
        kicker="Cyber Care",
        title=t["title"],
        references=(long_date(letter.written_on, language),),
        blocks=(
            Fields(
                (
                    (t["to"], letter.bank_name),
                    (t["from"], letter.member_name),
                    (t["amount"], money(letter.payment.amount_cents, language)),
                    (t["debited"], long_date(letter.payment.debit_date, language)),
                    (t["reference"], letter.reference or "-"),
                )
            ),
            Heading(t["title"]),
            Paragraph(t["body"].format(psd2=PSD2, be=BELGIAN_LAW, refund_by=refund_by)),
            Paragraph(t["close"]),
            Paragraph(letter.member_name),
        ),
        footer="PSD2 art. 71(1), 73(1), 74(1) - " + BELGIAN_LAW,
        author=letter.member_name,
    )


def render_letter(letter: BankLetter) -> bytes:
    return render_pdf(letter_document(letter))
