"""The insurer's own bank accounts (the direct-debit creditor, the payout debtor), checked the way
a bank checks them before it accepts a file: the IBAN's checksum and length for its country, the
BIC's form, the BIC the IBAN's bank code belongs to (schwifty's bank registry), and the SEPA
creditor identifier's check digits (python-stdnum, `eu.at_02`)."""

from __future__ import annotations

from dataclasses import dataclass

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.eu import at_02
from stdnum.exceptions import ValidationError

from cybercare.kernel.sepa_text import epc_text


class InvalidBankAccount(ValueError):
    """Which field is wrong and why, in words an operator acts on."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class BankAccount:
    name: str
    iban: str  # compact, upper case
    bic: str  # 8 or 11 characters

    @classmethod
    def checked(cls, name: str, iban: str, bic: str, *, field: str = "account") -> BankAccount:
        if not epc_text(name, 70):
            raise InvalidBankAccount(f"{field}_name", "the account holder's name is empty")
        try:
            iban_value = IBAN(iban)
        except SchwiftyException as exc:
            raise InvalidBankAccount(
                f"{field}_iban", f"{iban!r} is not a valid IBAN ({exc})"
            ) from None
        try:
            bic_value = BIC(bic)
        except SchwiftyException as exc:
            raise InvalidBankAccount(
                f"{field}_bic", f"{bic!r} is not a valid BIC ({exc})"
            ) from None
        registered = iban_value.bic
        if registered is None:
            # The insurer's own accounts are at banks the registry knows; an unknown bank code is
            # a typing error or an example number, and a file on it would bounce.
            raise InvalidBankAccount(
                f"{field}_iban",
                f"the bank code {iban_value.bank_code} of {iban_value.compact} is in no bank "
                "registry: its BIC cannot be confirmed",
            )
        if registered.compact[:8] != bic_value.compact[:8]:
            raise InvalidBankAccount(
                f"{field}_bic",
                f"the bank code of {iban_value.compact} belongs to {registered.compact}, "
                f"not {bic_value.compact}",
            )
        return cls(epc_text(name, 70), iban_value.compact, bic_value.compact)


def checked_creditor_id(value: str) -> str:
    """A SEPA creditor identifier (e.g. BE54ZZZ0403258197), compact, or InvalidBankAccount."""
    try:
        return str(at_02.validate(value))
    except ValidationError as exc:
        raise InvalidBankAccount(
            "creditor_id", f"{value!r} is not a valid SEPA creditor identifier ({exc})"
        ) from None


@dataclass(frozen=True, slots=True)
class Creditor:
    """Who collects the premiums by SEPA direct debit."""

    account: BankAccount
    creditor_id: str
