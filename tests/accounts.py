"""The insurer's accounts the tests file with: the development settings' own, checked."""

from cybercare.kernel.bank_account import BankAccount
from cybercare.settings import DEVELOPMENT_PAYOUT_ACCOUNT

PAYOUT_ACCOUNT = BankAccount.checked(*DEVELOPMENT_PAYOUT_ACCOUNT, field="payout_account")
