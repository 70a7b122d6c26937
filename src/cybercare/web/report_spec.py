"""What the report form asks for one guarantee, read from the product version: the kinds of
incident, the questions of the guarantee's conditions (Art. 4), the prevention rules asked again
(Art. 7.2), the exclusions that could apply (Art. 6), the amount and account for a guarantee that
reimburses money, and the documents of Art. 8.3 (per kind of incident)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cybercare.claims.domain import CONTENT_TYPES, MAX_EVIDENCE_FILES
from cybercare.product.model import (
    Benefit,
    Condition,
    EvidenceType,
    Exclusion,
    Guarantee,
    IncidentKind,
    Obligation,
    ProductVersion,
)
from cybercare.web.i18n import N_, gettext

UNKNOWN = "unknown"  # the "I don't know" path: the case opens without a guarantee
NOT_URGENT = "none"
YES, NO = "yes", "no"
OTHER_CAUSE = "other"
SAVED_ACCOUNT, NEW_ACCOUNT = "saved", "new"  # the household's verified account, or another one
MAX_FILES = MAX_EVIDENCE_FILES

# A browser that does not know a type sends application/octet-stream: the extension decides.
EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".heic": "image/heic",
    ".txt": "text/plain",
    ".eml": "message/rfc822",
}
ACCEPT = ",".join((*EXTENSIONS, *CONTENT_TYPES))

URGENCY_LABELS = {
    "distress": N_("Yes: I am (or the person concerned is) in distress"),
    "ongoing_harassment": N_("Yes: the harassment is still going on"),
    "ongoing_fraud": N_("Yes: the fraud is still going on"),
}
CAUSE_LABELS = {
    "malware": N_("Malicious software (a virus, ransomware)"),
    "accidental_deletion": N_("Accidental deletion"),
    "device_damage": N_("Damage to the device (water, an electrical problem, a software bug)"),
    OTHER_CAUSE: N_("Something else"),
}
# What the amount is, per guarantee that reimburses money (Art. 4.2, 4.4, 4.5, 4.6).
AMOUNT_LABELS = {
    "ECOM": N_("Purchase price you paid"),
    "PAYF": N_("Amount your bank definitively refused to refund"),
    "EREP": N_("Costs you paid yourself"),
    "DATA": N_("Recovery costs you paid yourself"),
}
AMOUNT_HINTS = {
    "PAYF": N_("Leave empty while your bank has not decided: we first help you with the dispute."),
    "EREP": N_("Leave empty if you paid nothing: our teams' services are paid by the insurer."),
    "DATA": N_("Leave empty if you paid nothing: the insurer appoints and pays the expert."),
}
# The yes/no questions of the guarantees' conditions (Art. 4.4, 4.5), by field.
QUESTIONS = {
    "seller_professional": N_(
        "Did you buy from a professional seller (a company, not a private person)?"
    ),
    "written_claim_sent": N_(
        "Have you already claimed from the seller in writing (e-mail, letter, the shop's form)?"
    ),
    "bank_refused_definitively": N_("Has your bank definitively refused to refund you?"),
}
# Art. 4.5: the purchase price is what an e-commerce claim reimburses.
AMOUNT_REQUIRED = frozenset({"ECOM"})


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Any  # a msgid (str), a product Label, or plain text when `plain`
    plain: bool = False


YES_NO = (Choice(YES, N_("Yes")), Choice(NO, N_("No")))


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """What the form asks for one guarantee of a product version (None: "I don't know")."""

    product: ProductVersion
    guarantee: Guarantee | None

    @property
    def slug(self) -> str:
        return UNKNOWN if self.guarantee is None else self.guarantee.code.lower()

    @property
    def kinds(self) -> tuple[IncidentKind, ...]:
        return self.guarantee.kinds if self.guarantee else ()

    @property
    def questions(self) -> dict[str, str]:
        return QUESTIONS

    @property
    def kind_choices(self) -> tuple[Choice, ...]:
        return tuple(Choice(k.code, k.label) for k in self.kinds)

    @property
    def exclusion_choices(self) -> tuple[Choice, ...]:
        return tuple(Choice(e.code, e.label) for e in self.exclusions)

    @property
    def asks_amount(self) -> bool:
        return self.guarantee is not None and self.guarantee.benefit is Benefit.REIMBURSEMENT

    @property
    def amount_required(self) -> bool:
        return self.guarantee is not None and self.guarantee.code in AMOUNT_REQUIRED

    @property
    def amount_label(self) -> str:
        code = self.guarantee.code if self.guarantee else ""
        return AMOUNT_LABELS.get(code, N_("Amount you claimed"))

    @property
    def amount_hint(self) -> str | None:
        return AMOUNT_HINTS.get(self.guarantee.code) if self.guarantee else None

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return self.guarantee.conditions if self.guarantee else ()

    def asks(self, rule: str) -> bool:
        return any(c.rule == rule for c in self.conditions)

    @property
    def causes(self) -> tuple[Choice, ...]:
        for condition in self.conditions:
            if condition.rule == "data_loss_cause":
                causes = condition.params.get("causes", ())
                assert isinstance(causes, tuple)
                codes = (*causes, OTHER_CAUSE)
                return tuple(Choice(c, CAUSE_LABELS.get(c, c)) for c in codes)
        return ()

    @property
    def obligations(self) -> tuple[Obligation, ...]:
        if self.guarantee is None:
            return ()
        code = self.guarantee.code
        return tuple(o for o in self.product.obligations.items if code in o.guarantees)

    @property
    def exclusions(self) -> tuple[Exclusion, ...]:
        if self.guarantee is None:
            return ()
        code = self.guarantee.code
        return tuple(
            e for e in self.product.exclusions if e.guarantees is None or code in e.guarantees
        )

    def evidence(self, kind: str | None) -> tuple[EvidenceType, ...]:
        return self.guarantee.evidence_for(kind) if self.guarantee else ()

    @property
    def files_claim(self) -> bool:
        """A claim carries the Art. 8.3 documents and the money: not for a service without
        documents (ASSIST) nor for "I don't know what applies" (an agent triages first)."""
        g = self.guarantee
        return g is not None and (bool(g.evidence) or g.benefit is Benefit.REIMBURSEMENT)

    @property
    def urgency(self) -> tuple[Choice, ...]:
        reasons = self.product.service_levels.urgent_reasons
        return (
            Choice(NOT_URGENT, N_("No, it can wait for a working day")),
            *(Choice(r, URGENCY_LABELS.get(r, r)) for r in reasons),
        )

    def field_names(self) -> tuple[str, ...]:
        """Every field of the details step, carried to the next step as hidden values."""
        names = ["person_id", "narrative", "occurrence_date", "discovery_date", "urgency"]
        if self.kinds:
            names.append("kind")
        if self.asks_amount:
            names += ["amount", "account", "iban", "holder"]
        if self.asks("seller_is_professional"):
            names.append("seller_professional")
        if self.asks("written_claim_to_seller_first"):
            names.append("written_claim_sent")
        if self.asks("non_delivery_wait"):
            names += ["payment_date", "promised_delivery_date"]
        if self.asks("bank_refused_definitively"):
            names.append("bank_refused_definitively")
        if self.causes:
            names.append("data_loss_cause")
        names += [f"obligation.{o.code}" for o in self.obligations]
        if self.exclusions:
            names.append("exclusion")
        return tuple(names)


# The label each field's error names in the error summary (the same words as the form). The
# yes/no questions and the prevention rules are left out: their messages quote the question.
FIELD_LABELS = {
    "person_id": N_("The insured person concerned"),
    "kind": N_("What is the problem with your purchase?"),
    "narrative": N_("Describe what happened"),
    "occurrence_date": N_("When did it happen?"),
    "discovery_date": N_("When did you discover it?"),
    "urgency": N_("Is it urgent?"),
    "account": N_("The account we pay into"),
    "iban": N_("IBAN of the account we pay into"),
    "holder": N_("Name of the account holder"),
    "payment_date": N_("When did you pay?"),
    "promised_delivery_date": N_("Which delivery date was promised?"),
    "data_loss_cause": N_("How was the data lost?"),
    "confirm_duplicate": N_("Is this a new incident?"),
}


def field_labels(spec: ReportSpec, kind: str | None, language: str) -> dict[str, str]:
    """Every field's label in `language`, by field name, for the error summary."""
    labels = {name: gettext(language, msgid) for name, msgid in FIELD_LABELS.items()}
    labels["amount"] = gettext(language, spec.amount_label)
    for evidence in spec.evidence(kind) if spec.guarantee else ():
        labels[f"evidence.{evidence.code}"] = evidence.label.in_(language)
    return labels
