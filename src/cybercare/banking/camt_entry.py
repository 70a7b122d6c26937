"""One camt `Ntry` (entry) and its `TxDtls` mapped to `StatementEntry`; versions .02 and .08 of
camt.053 and camt.054 differ in a few places handled here (`Sts` a code or a `Cd` child; the
transaction amount as `Amt` or `AmtDtls/TxAmt/Amt`; a party's name under `Pty` or not).

Rules (docs/bank-files.md):
- only booked entries (`Sts` BOOK) become entries; PDNG and INFO are skipped and their lines kept;
- amounts in EUR only, positive, at most two decimals, to integer cents;
- an entry is a return when a transaction carries `RtrInf`, the entry is a reversal (`RvslInd`),
  or its bank transaction code's sub-family says so (UPDD, RRTN, ARET, PRDD).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from lxml import etree

from cybercare.banking import fields
from cybercare.banking.statement import Direction, EntryTransaction, StatementEntry
from cybercare.banking.xmlsafe import Reader, clark
from cybercare.banking.xpath_fields import FieldReader

# ISO bank transaction sub-families that are R-transactions: unpaid direct debit, return of a
# credit transfer, automatic return, payment return (reversal of a direct debit).
RETURN_SUBFAMILIES = frozenset({"UPDD", "RRTN", "ARET", "PRDD"})
_BOOKED = "BOOK"
_SKIPPED = frozenset({"PDNG", "INFO", "FUTR"})
_DIRECTIONS = {"CRDT": Direction.CREDIT, "DBIT": Direction.DEBIT}


class _Entry(NamedTuple):
    amount: str | None
    currency: str | None
    indicator: str | None
    status: str | None  # `Sts` (.02) or `Sts/Cd` (.08): the element's text either way
    booked: str | None
    booked_at: str | None
    valued: str | None
    valued_at: str | None
    servicer_reference: str | None
    entry_reference: str | None
    domain: str | None
    family: str | None
    sub_family: str | None
    proprietary_code: str | None
    reversal: str | None
    information: str | None
    batch_message_id: str | None
    batch_payment_info_id: str | None
    batch_count: str | None
    booking_dates: str | None
    transactions: str | None


_ENTRY_PATHS = (
    "Amt",
    "Amt/@Ccy",
    "CdtDbtInd",
    "Sts",
    "BookgDt/Dt",
    "BookgDt/DtTm",
    "ValDt/Dt",
    "ValDt/DtTm",
    "AcctSvcrRef",
    "NtryRef",
    "BkTxCd/Domn/Cd",
    "BkTxCd/Domn/Fmly/Cd",
    "BkTxCd/Domn/Fmly/SubFmlyCd",
    "BkTxCd/Prtry/Cd",
    "RvslInd",
    "AddtlNtryInf",
    "NtryDtls/Btch/MsgId",
    "NtryDtls/Btch/PmtInfId",
    "NtryDtls/Btch/NbOfTxs",
    "count:BookgDt",
    "count:NtryDtls/TxDtls",
)


class _Transaction(NamedTuple):
    end_to_end_id: str | None
    mandate: str | None
    servicer_reference: str | None
    amount: str | None  # .08
    currency: str | None
    tx_amount: str | None  # .02
    tx_currency: str | None
    instructed_amount: str | None
    instructed_currency: str | None
    debtor: str | None
    debtor_party: str | None  # .08
    debtor_iban: str | None
    creditor: str | None
    creditor_party: str | None
    creditor_iban: str | None
    unstructured: str | None
    unstructured_count: str | None
    reference: str | None
    references: str | None
    return_code: str | None
    return_proprietary: str | None
    returns: str | None


_TX_PATHS = (
    "Refs/EndToEndId",
    "Refs/MndtId",
    "Refs/AcctSvcrRef",
    "Amt",
    "Amt/@Ccy",
    "AmtDtls/TxAmt/Amt",
    "AmtDtls/TxAmt/Amt/@Ccy",
    "AmtDtls/InstdAmt/Amt",
    "AmtDtls/InstdAmt/Amt/@Ccy",
    "RltdPties/Dbtr/Nm",
    "RltdPties/Dbtr/Pty/Nm",
    "RltdPties/DbtrAcct/Id/IBAN",
    "RltdPties/Cdtr/Nm",
    "RltdPties/Cdtr/Pty/Nm",
    "RltdPties/CdtrAcct/Id/IBAN",
    "RmtInf/Ustrd",
    "count:RmtInf/Ustrd",
    "RmtInf/Strd/CdtrRefInf/Ref",
    "count:RmtInf/Strd/CdtrRefInf/Ref",
    "RtrInf/Rsn/Cd",
    "RtrInf/Rsn/Prtry",
    "count:RtrInf",
)


@lru_cache(maxsize=8)
def _readers(namespace: str) -> tuple[FieldReader, FieldReader]:
    return FieldReader(namespace, _ENTRY_PATHS), FieldReader(namespace, _TX_PATHS)


@dataclass(frozen=True, slots=True)
class EntryContext:
    """What the enclosing statement tells an entry: our own account (to tell the counterparty
    from us) and the statement's id (for a bank reference of last resort)."""

    account_iban: str | None
    statement_id: str | None


def _line(reader: Reader, element: etree._Element, path: str) -> int:
    """The line of the element at `path` (its parent's for an attribute), for an error only."""
    steps = [step for step in path.split("/") if not step.startswith("@")]
    found = element.find(clark(reader.ns, "/".join(steps))) if steps else None
    return (found if found is not None else element).sourceline or 1


def amount(reader: Reader, element: etree._Element | None, where: etree._Element) -> int | None:
    """An `Amt` element in EUR to cents, or None after recording an error."""
    if element is None:
        reader.error(where, f"{etree.QName(where).localname}/Amt is missing")
        return None
    return _cents(reader, element.text, element.get("Ccy"), element, "")


def _cents(
    reader: Reader, text: str | None, currency: str | None, element: etree._Element, path: str
) -> int | None:
    """Cents of an amount at `path` under `element` (its line looked up only for an error)."""
    message = None
    if currency != "EUR":
        message = f"amount in {currency!r}: only EUR accounts are supported"
    else:
        try:
            return fields.amount_cents(text)
        except fields.FieldError as error:
            message = str(error)
    reader.error(_line(reader, element, path) if path else element.sourceline or 1, message)
    return None


def _date(
    reader: Reader, element: etree._Element, day: str | None, moment: str | None, path: str
) -> date | None:
    try:
        if day is not None:
            return fields.iso_date(day)
        if moment is not None:
            return fields.iso_datetime(moment).date()
    except fields.FieldError as error:
        reader.error(_line(reader, element, path), f"{path}: {error}")
    return None


def _counterparty(
    tx: _Transaction, way: Direction, own_iban: str | None
) -> tuple[str | None, str | None]:
    """The other side: the party whose account is not ours; by default the debtor of money that
    came in and the creditor of money that went out."""
    debtor = (tx.debtor or tx.debtor_party, fields.normalise_iban(tx.debtor_iban))
    creditor = (tx.creditor or tx.creditor_party, fields.normalise_iban(tx.creditor_iban))
    candidates = (debtor, creditor) if way is Direction.CREDIT else (creditor, debtor)
    for name, iban in candidates:
        if (name or iban) and (iban is None or iban != own_iban):
            return name, iban
    return candidates[0]


def _remittance(
    reader: Reader, element: etree._Element, tx: _Transaction
) -> tuple[str | None, str | None]:
    """(structured communication digits, free text)."""
    free = tx.unstructured
    references = [tx.reference] if tx.reference else []
    if (tx.unstructured_count or "0") not in ("0", "1") or (tx.references or "0") not in (
        "0",
        "1",
    ):  # several lines: rare, read one by one
        lines = [(line.text or "").strip() for line in reader.findall(element, "RmtInf/Ustrd")]
        free = " ".join(line for line in lines if line) or None
        references = [
            (found.text or "").strip()
            for found in reader.findall(element, "RmtInf/Strd/CdtrRefInf/Ref")
        ]
    structured = None
    for reference in references:
        structured = fields.structured_communication(reference)
        if structured is not None:
            break
        free = free or reference or None
    if structured is None:
        structured = fields.find_structured(free)
    return structured, free


def transaction(
    reader: Reader, element: etree._Element, way: Direction, own_iban: str | None
) -> EntryTransaction:
    tx = _Transaction._make(_readers(reader.ns)[1](element))
    cents: int | None = None
    line = element.sourceline or 1
    if tx.amount is not None:
        cents = _cents(reader, tx.amount, tx.currency, element, "Amt")
    elif tx.tx_amount is not None:
        cents = _cents(reader, tx.tx_amount, tx.tx_currency, element, "AmtDtls/TxAmt/Amt")
    elif tx.instructed_amount is not None:
        path = "AmtDtls/InstdAmt/Amt"
        cents = _cents(reader, tx.instructed_amount, tx.instructed_currency, element, path)
    structured, free = _remittance(reader, element, tx)
    name, iban = _counterparty(tx, way, own_iban)
    return EntryTransaction(
        line=line,
        # NOTPROVIDED is ISO's placeholder for "none"
        end_to_end_id=tx.end_to_end_id if tx.end_to_end_id != "NOTPROVIDED" else None,
        amount_cents=cents,
        bank_reference=tx.servicer_reference,
        mandate_reference=tx.mandate,
        is_return=(tx.returns or "0") != "0",
        return_reason=tx.return_code or tx.return_proprietary,
        structured_communication=structured,
        remittance=free,
        counterparty_name=name,
        counterparty_iban=iban,
    )


def entry(reader: Reader, ntry: etree._Element, context: EntryContext) -> StatementEntry | None:
    """The entry, or None when it is not booked or has errors (recorded in `reader`)."""
    errors_before = len(reader.errors)
    line = ntry.sourceline or 1
    values = _Entry._make(_readers(reader.ns)[0](ntry))
    status = values.status
    if status is None:
        reader.error(line, "Ntry/Sts is missing")
    elif status != _BOOKED and status not in _SKIPPED:
        reader.error(
            _line(reader, ntry, "Sts"), f"entry status {status!r} is not BOOK, PDNG or INFO"
        )
    if status != _BOOKED:
        return None
    if values.amount is None:
        reader.error(line, "Ntry/Amt is missing")
        cents = None
    else:
        cents = _cents(reader, values.amount, values.currency, ntry, "Amt")
    way = _DIRECTIONS.get(values.indicator or "")
    if way is None:
        reader.error(line, f"CdtDbtInd {values.indicator!r} is neither CRDT nor DBIT")
    booked = _date(reader, ntry, values.booked, values.booked_at, "BookgDt")
    if values.booking_dates == "0":
        reader.error(line, "Ntry/BookgDt is missing")
    valued = _date(reader, ntry, values.valued, values.valued_at, "ValDt") or booked
    if len(reader.errors) > errors_before:
        return None
    assert cents is not None
    assert way is not None
    assert booked is not None
    assert valued is not None
    txs: tuple[EntryTransaction, ...] = ()
    if values.transactions != "0":
        txs = tuple(
            transaction(reader, tx, way, context.account_iban)
            for tx in ntry.iterfind(clark(reader.ns, "NtryDtls/TxDtls"))
        )
    batch_count: int | None = None
    if values.batch_count is not None:
        if not values.batch_count.isdigit():
            reader.error(
                _line(reader, ntry, "NtryDtls/Btch/NbOfTxs"),
                f"Btch/NbOfTxs {values.batch_count!r} is not a number",
            )
        else:
            batch_count = int(values.batch_count)
    elif len(txs) > 1:
        batch_count = len(txs)
    if len(reader.errors) > errors_before:
        return None
    code = None
    if values.domain is not None:
        parts = (values.domain, values.family, values.sub_family)
        code = "/".join(part for part in parts if part)
    elif values.proprietary_code is not None:
        code = values.proprietary_code
    single = txs[0] if len(txs) == 1 else None
    reasons = {tx.return_reason for tx in txs if tx.return_reason}
    is_return = (
        any(tx.is_return for tx in txs)
        or values.reversal == "true"
        or values.sub_family in RETURN_SUBFAMILIES
    )
    return StatementEntry(
        line=line,
        bank_reference=values.servicer_reference
        or values.entry_reference
        or f"{context.statement_id}/{line}",
        direction=way,
        amount_cents=cents,
        booking_date=booked,
        value_date=valued,
        end_to_end_id=single.end_to_end_id if single else None,
        batch_message_id=values.batch_message_id,
        batch_payment_info_id=values.batch_payment_info_id,
        batch_count=batch_count,
        structured_communication=single.structured_communication if single else None,
        remittance=(single.remittance if single else None) or values.information,
        counterparty_name=single.counterparty_name if single else None,
        counterparty_iban=single.counterparty_iban if single else None,
        mandate_reference=single.mandate_reference if single else None,
        is_return=is_return,
        return_reason=reasons.pop() if len(reasons) == 1 else None,
        bank_transaction_code=code,
        transactions=txs,
    )
