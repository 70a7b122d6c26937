"""SEPA Core direct-debit mandates (EPC SDD Core rulebook): their lifecycle and what each
collection must say about them. Pure: dates and values in, decisions out.

Statuses: `active` (collectible), `amended` (collectible; the next collection carries the
amendment details, then the mandate is `active` again), `cancelled` (by the debtor or the insurer;
a last collection may still be due, sent as FNAL), `lapsed` (no collection for 36 months).

Sequence types. The 2016 rulebook (version 9.0, in force since 20 November 2016) removed the
obligation to send the first collection of a recurrent mandate as FRST: "the Creditor may use the
sequence type 'RCUR' for the first and subsequent Collections". We therefore send:
- RCUR for every recurrent collection, the first one included, also after an amendment that
  moves the debit to another bank (which used to require FRST);
- OOFF for a one-off collection under a one-off mandate;
- FNAL for the last collection of a mandate cancelled with one premium still to collect.

Lapse. Rulebook 4.5 (PT-04.16 / "expiry of mandates"): "If no Collection has been presented for a
period of 36 months (starting from the date of the latest Collection presented, even if rejected,
returned or refunded), the Creditor must cancel the Mandate and is no longer allowed to present
Collections under it." A mandate never used counts from its signature date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from cybercare.kernel.errors import Conflict, InvalidInput
from cybercare.kernel.sepa_text import epc_text

LAPSE_MONTHS = 36
REFERENCE_MAX = 35
HOLDER_MAX = 70
# The identifier subset of the EPC basic Latin set: no space, no `//`, no leading or trailing `/`.
_REFERENCE = re.compile(r"^[A-Za-z0-9/\-?:().,'+]{1,35}$")


class MandateStatus(StrEnum):
    ACTIVE = "active"
    AMENDED = "amended"
    CANCELLED = "cancelled"
    LAPSED = "lapsed"


class MandateChannel(StrEnum):
    PAPER = "paper"  # signed on paper, registered by the distributor through the API
    E_MANDATE = "e_mandate"  # signed by the affiliate in the portal, with consent recorded


class SequenceType(StrEnum):
    RCUR = "RCUR"
    OOFF = "OOFF"
    FNAL = "FNAL"


class MandateNotCollectible(Conflict):
    code = "billing.mandate_not_collectible"


class MandateTransitionRefused(Conflict):
    code = "billing.mandate_transition_refused"


@dataclass(frozen=True, slots=True)
class Amendment:
    """What changed since the last collection, as the next collection must report it."""

    original_iban: str | None  # OrgnlDbtrAcct, when the account changed at the same bank
    other_bank: bool  # OrgnlDbtrAgt = SMNDA: the debtor moved to another bank
    original_holder: str | None  # the name before a change of holder


@dataclass(frozen=True, slots=True)
class Mandate:
    reference: str
    affiliation_id: str
    holder_name: str
    iban: str
    bic: str
    signed_on: date
    channel: MandateChannel
    status: MandateStatus = MandateStatus.ACTIVE
    last_collection_on: date | None = None
    amendment: Amendment | None = None
    final_collection_due: bool = False
    ended_on: date | None = None  # cancelled or lapsed on
    one_off: bool = False


def checked_reference(reference: str) -> str:
    """A mandate reference as the rulebook allows it (AT-01, max 35, identifier characters)."""
    if not _REFERENCE.match(reference) or "//" in reference or reference.strip("/") != reference:
        raise InvalidInput(
            "reference",
            "a mandate reference has 1 to 35 characters among A-Z a-z 0-9 / - ? : ( ) . , ' +, "
            "without spaces, '//' or a leading or trailing '/'",
        )
    return reference


def checked_holder(name: str) -> str:
    cleaned = " ".join(name.split())
    if not epc_text(cleaned, HOLDER_MAX) or len(cleaned) > HOLDER_MAX:
        raise InvalidInput("holder", "the account holder's name has 1 to 70 characters")
    return cleaned


def sign(
    *,
    reference: str,
    affiliation_id: str,
    holder_name: str,
    iban: str,
    bic: str,
    signed_on: date,
    channel: MandateChannel,
    today: date,
) -> Mandate:
    """A new mandate; `iban`/`bic` are already checked by the edge (schwifty)."""
    if signed_on > today:
        raise InvalidInput("signature_date", "a mandate cannot be signed in the future")
    return Mandate(
        checked_reference(reference),
        affiliation_id,
        checked_holder(holder_name),
        iban,
        bic,
        signed_on,
        channel,
    )


def is_collectible(mandate: Mandate) -> bool:
    return mandate.status in (MandateStatus.ACTIVE, MandateStatus.AMENDED) or (
        mandate.status is MandateStatus.CANCELLED and mandate.final_collection_due
    )


def amend(mandate: Mandate, *, iban: str, bic: str, holder_name: str, today: date) -> Mandate:
    """A new account or holder. The details the next collection reports compare with what the
    bank last saw: amending twice before a collection keeps the first original values."""
    if mandate.status not in (MandateStatus.ACTIVE, MandateStatus.AMENDED):
        raise MandateTransitionRefused(
            "only an active mandate can be amended",
            params={"reference": mandate.reference, "status": mandate.status.value},
        )
    holder = checked_holder(holder_name)
    if (iban, holder) == (mandate.iban, mandate.holder_name):
        return mandate
    seen = mandate.amendment
    bank_iban = seen.original_iban if seen and seen.original_iban else mandate.iban
    bank_holder = seen.original_holder if seen and seen.original_holder else mandate.holder_name
    other_bank = (seen.other_bank if seen else False) or bic[:8] != mandate.bic[:8]
    amendment = Amendment(
        original_iban=None if other_bank or bank_iban == iban else bank_iban,
        other_bank=other_bank,
        original_holder=None if bank_holder == holder else bank_holder,
    )
    if amendment == Amendment(None, False, None):  # changed back to what the bank knows
        return replace(
            mandate,
            iban=iban,
            bic=bic,
            holder_name=holder,
            amendment=None,
            status=MandateStatus.ACTIVE,
        )
    return replace(
        mandate,
        iban=iban,
        bic=bic,
        holder_name=holder,
        amendment=amendment,
        status=MandateStatus.AMENDED,
    )


def cancel(mandate: Mandate, *, today: date, final_collection_due: bool = False) -> Mandate:
    """Cancelled by the debtor or the insurer. `final_collection_due`: one premium of cover
    already given remains to collect under it, sent as FNAL."""
    if mandate.status in (MandateStatus.CANCELLED, MandateStatus.LAPSED):
        raise MandateTransitionRefused(
            "the mandate is no longer in force",
            params={"reference": mandate.reference, "status": mandate.status.value},
        )
    return replace(
        mandate,
        status=MandateStatus.CANCELLED,
        ended_on=today,
        final_collection_due=final_collection_due,
    )


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def lapses_on(mandate: Mandate) -> date:
    """The first day the mandate may no longer be used: 36 months after the latest collection
    presented (or the signature, when none was)."""
    return add_months(mandate.last_collection_on or mandate.signed_on, LAPSE_MONTHS)


def lapse_if_unused(mandate: Mandate, today: date) -> Mandate | None:
    """The lapsed mandate when 36 months passed without a collection; None otherwise."""
    if mandate.status not in (MandateStatus.ACTIVE, MandateStatus.AMENDED):
        return None
    if today < lapses_on(mandate):
        return None
    return replace(mandate, status=MandateStatus.LAPSED, ended_on=today)


@dataclass(frozen=True, slots=True)
class CollectionTerms:
    """What one collection under the mandate carries in the pain.008 (MndtRltdInf, SeqTp)."""

    sequence_type: SequenceType
    amendment: Amendment | None


def collect(mandate: Mandate, collection_date: date) -> tuple[CollectionTerms, Mandate]:
    """The terms of a collection on `collection_date` and the mandate after it is presented:
    the amendment details travel once, then clear; an FNAL ends the mandate's use."""
    if not is_collectible(mandate):
        raise MandateNotCollectible(
            "no collection may be presented under this mandate",
            params={"reference": mandate.reference, "status": mandate.status.value},
        )
    if collection_date < mandate.signed_on:
        raise MandateNotCollectible(
            "the collection date precedes the mandate's signature",
            params={
                "reference": mandate.reference,
                "signature_date": mandate.signed_on.isoformat(),
                "collection_date": collection_date.isoformat(),
            },
        )
    if mandate.one_off:
        sequence = SequenceType.OOFF
    elif mandate.status is MandateStatus.CANCELLED:
        sequence = SequenceType.FNAL
    else:
        sequence = SequenceType.RCUR
    after = replace(
        mandate,
        last_collection_on=collection_date,
        amendment=None,
        status=MandateStatus.ACTIVE if mandate.status is MandateStatus.AMENDED else mandate.status,
        final_collection_due=False,
    )
    if mandate.one_off:
        after = replace(after, status=MandateStatus.CANCELLED, ended_on=collection_date)
    return CollectionTerms(sequence, mandate.amendment), after
