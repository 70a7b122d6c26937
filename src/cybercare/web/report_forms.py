"""The report form's answers, parsed into the commands of the services (`CaseOpening`,
`ClaimSubmission`); its documents are read by report_uploads.py.

Everything a member can get wrong is a field error here, in their language: the person
concerned, the narrative, dates (never in the future), the urgency, the answers the coverage
engine needs (Art. 4, 6, 7.2), and the amount and the account to pay. An amount above what is
left in a yearly limit is no form error: the engine decides (Art. 5.3).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from starlette.datastructures import FormData

from cybercare.assistance.domain import Channel
from cybercare.assistance.service import CaseOpening
from cybercare.claims.submit import ClaimSubmission
from cybercare.cover.domain import Circumstances
from cybercare.household import validation
from cybercare.kernel.errors import InvalidInput
from cybercare.kernel.horizon import within_horizon
from cybercare.kernel.money import parse_amount
from cybercare.payments.account_queries import VerifiedAccount
from cybercare.web import formatting
from cybercare.web.forms import FormErrors
from cybercare.web.i18n import N_, gettext
from cybercare.web.report_spec import (
    NO,
    NOT_URGENT,
    QUESTIONS,
    SAVED_ACCOUNT,
    YES,
    ReportSpec,
)

MAX_NARRATIVE = 20_000
MAX_AMOUNT_CENTS = 999_999_999  # the API's nine digits of euros
ANSWER = N_("Answer the question: %(question)s")
BAD_DATE = N_("Enter a valid date, for example 25/11/2026.")
FUTURE = N_("The date cannot be in the future.")
AMOUNT = N_("Enter an amount in euros, for example %(amount)s.")


@dataclass(frozen=True, slots=True)
class Details:
    """The details step, parsed: everything but the documents."""

    person_id: str
    narrative: str
    occurrence_date: date | None
    discovery_date: date
    urgency_reason: str | None
    kind: str | None = None
    claimed_cents: int = 0
    payee_iban: str | None = None
    payee_name: str | None = None
    circumstances: Circumstances = field(default_factory=Circumstances)

    def opening(self, spec: ReportSpec, language: str) -> CaseOpening:
        return CaseOpening(
            person_id=self.person_id,
            narrative=self.narrative,
            discovery_date=self.discovery_date,
            channel=Channel.PORTAL,
            guarantee_code=spec.guarantee.code if spec.guarantee else None,
            occurrence_date=self.occurrence_date,
            urgent=self.urgency_reason is not None,
            urgency_reason=self.urgency_reason,
            language=language,  # the member reads the portal in it (Art. 11.4)
        )

    def submission(self) -> ClaimSubmission:
        return ClaimSubmission(
            claimed_cents=self.claimed_cents,
            circumstances=self.circumstances,
            kind=self.kind,
            payee_iban=self.payee_iban if self.claimed_cents else None,
            payee_name=self.payee_name if self.claimed_cents else None,
        )


def values_of(spec: ReportSpec, form: FormData) -> dict[str, list[str]]:
    """The details as typed, to fill the form again or carry them as hidden fields."""
    return {
        name: [
            v.strip() if name != "narrative" else v
            for v in form.getlist(name)
            if isinstance(v, str)
        ]
        for name in spec.field_names()
    }


def parse_details(
    spec: ReportSpec,
    form: FormData,
    *,
    people: Collection[str],
    today: date,
    language: str,
    saved: VerifiedAccount | None = None,
) -> tuple[Details | None, FormErrors]:
    """The details step: a `Details` when everything is answered, else the field errors (each
    names its question in `language`, as the error summary lists them apart from the form)."""
    errors = FormErrors()
    value = _Reader(form, errors, language)  # in the order of the form, as the summary lists
    person_id = value.text("person_id")
    if person_id not in people:
        errors.add("person_id", N_("Choose the person concerned."))
    kind = None
    if spec.kinds:
        kind = value.choice("kind", [k.code for k in spec.kinds], N_("Choose what happened."))
    narrative = value.text("narrative", strip=False).strip()
    if not narrative:
        errors.add("narrative", N_("Tell us what happened."))
    elif len(narrative) > MAX_NARRATIVE:
        errors.add("narrative", N_("Please keep it shorter: at most 20,000 characters."))
    occurrence = value.day("occurrence_date", today)
    discovery = value.day(
        "discovery_date", today, missing=N_("Enter the date you discovered the incident.")
    )
    if occurrence and discovery and occurrence > discovery:
        errors.add("occurrence_date", N_("The incident cannot happen after you discovered it."))
    urgency = value.choice(
        "urgency", [c.value for c in spec.urgency], N_("Tell us how urgent it is.")
    )
    facts = _circumstances(spec, value, today)
    claimed, iban, holder = _money(spec, value, errors, saved)
    if errors or discovery is None:
        return None, errors
    return (
        Details(
            person_id=person_id,
            narrative=narrative,
            occurrence_date=occurrence,
            discovery_date=discovery,
            urgency_reason=None if urgency == NOT_URGENT else urgency,
            kind=kind,
            claimed_cents=claimed,
            payee_iban=iban,
            payee_name=holder,
            circumstances=facts,
        ),
        errors,
    )


def _circumstances(spec: ReportSpec, value: _Reader, today: date) -> Circumstances:
    """The answers the coverage engine needs: the guarantee's conditions (Art. 4), the
    prevention rules asked again (Art. 7.2) and the exclusions declared (Art. 6)."""
    asks = spec.asks
    seller = value.question("seller_professional") if asks("seller_is_professional") else None
    written = (
        value.question("written_claim_sent") if asks("written_claim_to_seller_first") else None
    )
    paid_on = promised = None
    if asks("non_delivery_wait"):
        paid_on = value.day("payment_date", today, missing=N_("Enter the date you paid."))
        promised = value.day("promised_delivery_date", None)
    refused = (
        value.question("bank_refused_definitively") if asks("bank_refused_definitively") else None
    )
    cause = None
    if spec.causes:
        causes = [c.value for c in spec.causes]
        cause = value.choice("data_loss_cause", causes, N_("Choose how the data was lost."))
    kept = {
        o.code: value.yes_no(f"obligation.{o.code}", o.label.in_(value.language))
        for o in spec.obligations
    }
    declared = {e.code for e in spec.exclusions}
    return Circumstances(
        exclusions=frozenset(
            v for v in value.form.getlist("exclusion") if isinstance(v, str) and v in declared
        ),
        obligations_respected=frozenset(code for code, yes in kept.items() if yes is True),
        obligations_breached=frozenset(code for code, yes in kept.items() if yes is False),
        seller_professional=seller,
        written_claim_sent=written,
        promised_delivery_date=promised,
        payment_date=paid_on,
        bank_refused_definitively=refused,
        data_loss_cause=cause,
    )


def _money(
    spec: ReportSpec, value: _Reader, errors: FormErrors, saved: VerifiedAccount | None = None
) -> tuple[int, str | None, str | None]:
    if not spec.asks_amount:
        return 0, None, None
    typed = value.text("amount")
    claimed = 0
    if typed:
        try:
            claimed = parse_amount(_decimal_text(typed), field="amount")
        except InvalidInput:
            errors.add("amount", AMOUNT, amount=example_amount(value.language))
            return 0, None, None
        if claimed < 0 or claimed > MAX_AMOUNT_CENTS:
            errors.add("amount", AMOUNT, amount=example_amount(value.language))
            return 0, None, None
    if spec.amount_required and claimed <= 0:
        errors.add("amount", N_("Enter the amount you paid."))
    if claimed <= 0:
        return 0, None, None
    account = value.text("account")
    if account == SAVED_ACCOUNT:
        # The household's verified account, read on the server: the page shows it masked and
        # never sends it, so nothing the browser posts can change where the money goes.
        if saved is None:
            errors.add("account", N_("Choose the account we pay into."))
            return 0, None, None
        return claimed, saved.iban, saved.holder_name
    iban, holder = value.text("iban"), value.text("holder")
    compact = None
    if not iban:
        errors.add("iban", N_("Enter the IBAN of the account we pay into."))
    else:
        try:
            compact = validation.iban(iban, "iban")
        except InvalidInput:
            errors.add("iban", N_("This is not a valid IBAN of the SEPA zone."))
    if not holder:
        errors.add("holder", N_("Enter the name of the account holder."))
    elif len(holder) > 140:
        errors.add("holder", N_("Please keep it shorter: at most 140 characters."))
    return claimed, compact, holder or None


def example_amount(language: str) -> str:
    """An example amount as the page's locale writes it: "€49.99" (en), "49,99 €" (fr)."""
    return formatting.money(4999, language)


def _decimal_text(typed: str) -> str:
    """ "1.234,56", "1 234,56", "1234.56" and "€ 49,99" as the API's decimal string."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", typed)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "")
    return text.replace(",", ".")


class _Reader:
    """Reads one field at a time, adding the field's error when it is wrong."""

    def __init__(self, form: FormData, errors: FormErrors, language: str) -> None:
        self.form, self.errors, self.language = form, errors, language

    def text(self, name: str, *, strip: bool = True) -> str:
        raw = self.form.get(name)
        text = raw if isinstance(raw, str) else ""
        return text.strip() if strip else text

    def choice(self, name: str, allowed: list[str], message: str) -> str:
        chosen = self.text(name)
        if chosen not in allowed:
            self.errors.add(name, message)
        return chosen

    def question(self, name: str) -> bool | None:
        """A yes/no question of the guarantee's conditions (its text in `QUESTIONS`)."""
        return self.yes_no(name, gettext(self.language, QUESTIONS[name]))

    def yes_no(self, name: str, question: str) -> bool | None:
        answer = self.text(name)
        if answer not in (YES, NO):
            self.errors.add(name, ANSWER, question=question)
            return None
        return answer == YES

    def day(self, name: str, today: date | None, *, missing: str | None = None) -> date | None:
        """A date; required when a `missing` message is given; never after `today`."""
        typed = self.text(name)
        if not typed:
            if missing:
                self.errors.add(name, missing)
            return None
        day = parse_day(typed)
        if day is None:
            self.errors.add(name, BAD_DATE)
        elif today is not None and day > today:
            self.errors.add(name, FUTURE)
            return None
        return day


def parse_day(typed: str) -> date | None:
    """ISO dates (what a date field sends) and the Belgian 25/11/2026 (a plain text field);
    None for anything else, a day outside the accepted horizon (kernel/horizon.py) included."""
    day = _read_day(typed)
    return day if day is not None and within_horizon(day) else None


def _read_day(typed: str) -> date | None:
    try:
        return date.fromisoformat(typed)
    except ValueError:
        pass
    found = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", typed)
    if not found:
        return None
    try:
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None
