"""Subrogation, pure (Art. 8.5): "After paying ECOM or PAYF, the insurer takes over the member's
rights against the seller or fraudster (subrogation) up to the amount paid."

A recovery file is opened once a claim's payment is confirmed by the bank, against the seller or
the fraudster. Its life: open -> demanded (a demand letter sent) -> partly recovered ->
recovered (all that was paid came back) | written off (given up, with a reason) | closed. What
is recovered never exceeds what was paid. Each file has a Belgian structured communication so
the bank's incoming transfer finds it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError

from cybercare.kernel.clauses import Art
from cybercare.kernel.errors import Conflict, InvalidInput

ART_8_5 = Art("8.5")
SUBROGATION = ("ECOM", "PAYF")  # the guarantees whose payment opens a recovery file
# Premium lines use their id as the ten digits of their communication (billing.domain); a
# recovery file's ten digits start with 9, then its id in nine digits: the two never meet.
RECOVERY_PREFIX = "9"


class RecoveryStatus(StrEnum):
    OPEN = "open"
    DEMANDED = "demanded"
    PARTLY_RECOVERED = "partly_recovered"
    RECOVERED = "recovered"
    WRITTEN_OFF = "written_off"
    CLOSED = "closed"


FINAL = frozenset({RecoveryStatus.RECOVERED, RecoveryStatus.WRITTEN_OFF, RecoveryStatus.CLOSED})


class RecoveryRefused(Conflict):
    """A recovery the file cannot take: above the amount paid, or the file is finished."""

    code = "recovery.refused"


@dataclass(frozen=True, slots=True)
class Counterparty:
    """Who the insurer recovers from, as far as the claim tells (any field may be unknown)."""

    name: str | None = None
    iban: str | None = None
    email: str | None = None

    @property
    def known(self) -> bool:
        return bool(self.name or self.iban or self.email)


@dataclass(frozen=True, slots=True)
class RecoveryFile:
    file_id: int
    claim_id: str
    guarantee: str
    paid_cents: int
    counterparty: Counterparty
    status: RecoveryStatus = RecoveryStatus.OPEN
    recovered_cents: int = 0
    demanded_at: datetime | None = None
    closed_reason: str | None = None

    @property
    def outstanding_cents(self) -> int:
        return self.paid_cents - self.recovered_cents

    @property
    def finished(self) -> bool:
        return self.status in FINAL

    def _refuse_when_finished(self, move: str) -> None:
        if self.finished:
            raise RecoveryRefused(
                f"the recovery file is {self.status.value}",
                clause=str(ART_8_5),
                params={"file_id": self.file_id, "status": self.status.value, "move": move},
            )

    def with_counterparty(self, counterparty: Counterparty) -> RecoveryFile:
        self._refuse_when_finished("counterparty")
        return replace(self, counterparty=counterparty)

    def demanded(self, at: datetime) -> RecoveryFile:
        """A demand letter went to the counterparty (it can be sent again: a reminder)."""
        self._refuse_when_finished("demand")
        status = self.status if self.recovered_cents else RecoveryStatus.DEMANDED
        return replace(self, status=status, demanded_at=at)

    def recovered(self, cents: int) -> RecoveryFile:
        """Money came back: never more than what is still outstanding (Art. 8.5)."""
        self._refuse_when_finished("recover")
        if cents <= 0:
            raise InvalidInput("amount", "a recovery is a positive amount", clause=str(ART_8_5))
        if cents > self.outstanding_cents:
            raise RecoveryRefused(
                "a recovery is at most the amount paid",
                clause=str(ART_8_5),
                params={
                    "file_id": self.file_id,
                    "amount_cents": cents,
                    "outstanding_cents": self.outstanding_cents,
                },
            )
        total = self.recovered_cents + cents
        status = (
            RecoveryStatus.RECOVERED
            if total == self.paid_cents
            else RecoveryStatus.PARTLY_RECOVERED
        )
        return replace(self, recovered_cents=total, status=status)

    def written_off(self, reason: str) -> RecoveryFile:
        """Given up (counterparty unknown, insolvent, cost above the amount): a reason is kept."""
        self._refuse_when_finished("write_off")
        if not reason.strip():
            raise InvalidInput("reason", "a write-off states its reason", clause=str(ART_8_5))
        return replace(self, status=RecoveryStatus.WRITTEN_OFF, closed_reason=reason.strip())

    def closed(self, reason: str) -> RecoveryFile:
        """Closed without writing off (e.g. the member was refunded by the seller directly)."""
        self._refuse_when_finished("close")
        return replace(self, status=RecoveryStatus.CLOSED, closed_reason=reason.strip() or None)


def opens_recovery(guarantee: str, paid_cents: int) -> bool:
    """Art. 8.5: a paid ECOM or PAYF claim opens a recovery file."""
    return guarantee in SUBROGATION and paid_cents > 0


def communication_for(file_id: int) -> str:
    """The structured communication of a recovery file: +++9xx/xxxx/xxxcc+++ (mod 97)."""
    if not 0 < file_id < 10**9:
        raise ValueError(f"recovery file id {file_id} does not fit a structured communication")
    base = f"{RECOVERY_PREFIX}{file_id:09d}"
    return f"+++{ogm_vcs.format(base + ogm_vcs.calc_check_digits(base))}+++"


def file_id_of(communication: str) -> int | None:
    """The recovery file a structured communication designates, or None when it is not a valid
    recovery communication (another kind of reference, a typo, free text)."""
    try:
        digits = ogm_vcs.validate(communication.strip())
    except ValidationError:
        return None
    if not digits.startswith(RECOVERY_PREFIX) or int(digits[1:10]) == 0:
        return None
    return int(digits[1:10])
