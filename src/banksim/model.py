"""The bank's memory: what it received, what it booked, what it wrote. Pydantic models, so the
whole state is one JSON document in the data directory (`state.py`) and survives restarts."""

from __future__ import annotations

from pydantic import BaseModel, Field

ACCEPTED = "ACCP"
REJECTED = "RJCT"
PARTIAL = "PART"
SETTLED = "ACCC"  # an instant transfer credited to the beneficiary


class Transaction(BaseModel):
    end_to_end_id: str
    amount_cents: int
    counterparty_name: str
    counterparty_iban: str
    counterparty_bic: str | None = None
    remittance: str | None = None  # RmtInf/Ustrd
    structured_reference: str | None = None  # RmtInf/Strd/CdtrRefInf/Ref
    mandate_id: str | None = None  # pain.008 only
    status: str = ACCEPTED
    reason: str | None = None  # the ISO reason code when rejected


class PaymentBlock(BaseModel):
    """One PmtInf of a file: one account of ours, one date, booked as one batch."""

    payment_info_id: str
    method: str  # DD (pain.008) | TRF (pain.001)
    account_iban: str  # ours: the creditor of a DD, the debtor of a TRF
    account_name: str
    due_date: str  # ReqdColltnDt / ReqdExctnDt, ISO
    nb_of_txs: int
    control_sum_cents: int | None
    instant: bool = False
    creditor_scheme_id: str | None = None  # pain.008: CdtrSchmeId
    transactions: list[Transaction]
    status: str = ACCEPTED
    reason: str | None = None
    booked_on: str | None = None  # the day whose statement carries it


class ReceivedFile(BaseModel):
    file_id: str
    message_id: str
    message_name: str  # pain.001.001.09 | pain.008.001.02
    sha256: str
    received_on: str
    nb_of_txs: int
    control_sum_cents: int | None
    blocks: list[PaymentBlock]
    status: str = ACCEPTED
    reason: str | None = None


class Incoming(BaseModel):
    """A transfer someone else makes to one of our accounts (POST /control/incoming)."""

    incoming_id: str
    account_iban: str
    amount_cents: int
    value_date: str
    debtor_name: str
    debtor_iban: str
    structured_reference: str | None = None
    remittance: str | None = None
    booked_on: str | None = None


class Rules(BaseModel):
    """Which counterparties bounce, and why (PUT /control/rules)."""

    debit_returns: dict[str, str] = Field(default_factory=dict)  # debtor IBAN → AM04, MD06…
    transfer_returns: dict[str, str] = Field(default_factory=dict)  # creditor IBAN → AC04…
    rejects: dict[str, str] = Field(default_factory=dict)  # counterparty IBAN → AC01… (pain.002)


class Account(BaseModel):
    iban: str
    name: str
    balance_cents: int = 0
    statement_seq: int = 0  # ElctrncSeqNb / CODA sequence of the last statement
    last_closed: str | None = None


class DocumentRef(BaseModel):
    seq: int
    kind: str  # pain.002 | camt.054 | camt.053 | coda
    name: str
    account_iban: str | None = None


class BankState(BaseModel):
    counter: int = 0  # ids and references
    files: dict[str, ReceivedFile] = Field(default_factory=dict)
    message_ids: dict[str, str] = Field(default_factory=dict)  # MsgId → file_id
    incoming: list[Incoming] = Field(default_factory=list)
    accounts: dict[str, Account] = Field(default_factory=dict)
    rules: Rules = Field(default_factory=Rules)
    mandates: dict[str, str] = Field(default_factory=dict)  # "creditor id|mandate id" → IBAN
    documents: list[DocumentRef] = Field(default_factory=list)

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter:08d}"
