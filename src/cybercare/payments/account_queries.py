"""Read model of the household's verified payout account: the IBAN a handler approved for the
household (the payee check of a new account, `payments.domain.initial_status`), which the
report form remembers and prefills, masked, so the member does not type it again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cybercare.db.tables.payments import PayoutAccountRow
from cybercare.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class VerifiedAccount:
    iban: str
    holder_name: str

    @property
    def masked(self) -> str:
        return mask_iban(self.iban)


def mask_iban(iban: str) -> str:
    """Only the country and the last four characters: "BE•• •••• •••• 6769"."""
    compact = iban.replace(" ", "")
    hidden = "•" * (len(compact) - 8)
    groups = [hidden[i : i + 4] for i in range(0, len(hidden), 4)]
    return " ".join([compact[:2] + "••", *groups, compact[-4:]])


def verified_account(uow: UnitOfWork, household_id: str) -> VerifiedAccount | None:
    """The account approved last for the household, if any."""
    row = uow.session.execute(
        select(PayoutAccountRow.iban, PayoutAccountRow.holder_name)
        .where(PayoutAccountRow.household_id == household_id)
        .order_by(PayoutAccountRow.approved_at.desc(), PayoutAccountRow.id.desc())
        .limit(1)
    ).first()
    return None if row is None else VerifiedAccount(row.iban, row.holder_name)
