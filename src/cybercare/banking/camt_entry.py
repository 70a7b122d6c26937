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

from lxml import etree

from cybercare.banking import fields
from cybercare.banking.statement import Direction, EntryTransaction, StatementEntry
from cybercare.banking.xmlsafe import Reader

# ISO bank transaction sub-families that are R-transactions: unpaid direct debit, return of a
# credit transfer, automatic return, payment return (reversal of a direct debit).
RETURN_SUBFAMILIES = frozenset({"UPDD", "RRTN", "ARET", "PRDD"})
_BOOKED = "BOOK"
_SKIPPED = frozenset({"PDNG", "INFO", "FUTR"})
_DIRECTIONS = {"CRDT": Direction.CREDIT, "DBIT": Direction.DEBIT}


@dataclass(frozen=True, slots=True)
class EntryContext:
    """What the enclosing statement tells an entry: our own account (to tell the counterparty
    from us) and the statement's id (for a bank reference of last resort)."""

    account_iban: str | None
    statement_id: str | None


def amount(reader: Reader, element: etree._Element | None, where: etree._Element) -> int | None:
    """An `Amt` element in EUR to cents, or None after recording an error."""
    if element is None:
        reader.error(where, f"{etree.QName(where).localname}/Amt is missing")
        return None
    currency = element.get("Ccy")
    if currency != "EUR":
        reader.error(element, f"amount in {currency!r}: only EUR accounts are supported")
        return None
    try:
        return fields.amount_cents(element.text)
    except fields.FieldError as error:
        reader.error(element, str(error))
        return None


def direction(reader: Reader, element: etree._Element) -> Direction | None:
    code = reader.text(element, "CdtDbtInd")
    if code is None or code not in _DIRECTIONS:
        reader.error(element, f"CdtDbtInd {code!r} is neither CRDT nor DBIT")
        return None
    return _DIRECTIONS[code]


def status(reader: Reader, entry: etree._Element) -> str | None:
    found = reader.find(entry, "Sts")
    if found is None:
        reader.error(entry, "Ntry/Sts is missing")
        return None
    code = reader.text(found, "Cd") or (found.text or "").strip()
    if code != _BOOKED and code not in _SKIPPED:
        reader.error(found, f"entry status {code!r} is not BOOK, PDNG or INFO")
        return None
    return code


def a_date(reader: Reader, element: etree._Element, path: str) -> date | None:
    """`BookgDt`/`ValDt`: a `Dt` or a `DtTm` child."""
    holder = reader.find(element, path)
    if holder is None:
        return None
    text = reader.text(holder, "Dt")
    try:
        if text is not None:
            return fields.iso_date(text)
        return fields.iso_datetime(reader.text(holder, "DtTm")).date()
    except fields.FieldError as error:
        reader.error(holder, f"{path}: {error}")
        return None


def transaction_code(reader: Reader, element: etree._Element) -> str | None:
    code = reader.find(element, "BkTxCd")
    if code is None:
        return None
    domain = reader.text(code, "Domn/Cd")
    if domain is not None:
        family = reader.text(code, "Domn/Fmly/Cd") or ""
        sub_family = reader.text(code, "Domn/Fmly/SubFmlyCd") or ""
        return "/".join(part for part in (domain, family, sub_family) if part)
    return reader.text(code, "Prtry/Cd")


def _party(reader: Reader, parties: etree._Element, role: str) -> tuple[str | None, str | None]:
    name = reader.text(parties, f"{role}/Nm") or reader.text(parties, f"{role}/Pty/Nm")
    iban = fields.normalise_iban(reader.text(parties, f"{role}Acct/Id/IBAN"))
    return name, iban


def counterparty(
    reader: Reader, tx: etree._Element, way: Direction, own_iban: str | None
) -> tuple[str | None, str | None]:
    """The other side: the party whose account is not ours; by default the debtor of money that
    came in and the creditor of money that went out."""
    parties = reader.find(tx, "RltdPties")
    if parties is None:
        return None, None
    roles = ("Dbtr", "Cdtr") if way is Direction.CREDIT else ("Cdtr", "Dbtr")
    candidates = [_party(reader, parties, role) for role in roles]
    for name, iban in candidates:
        if (name or iban) and (iban is None or iban != own_iban):
            return name, iban
    return candidates[0]


def remittance(reader: Reader, tx: etree._Element) -> tuple[str | None, str | None]:
    """(structured communication digits, free text)."""
    info = reader.find(tx, "RmtInf")
    if info is None:
        return None, None
    free = " ".join(
        (line.text or "").strip() for line in reader.findall(info, "Ustrd") if line.text
    )
    structured = None
    for reference in reader.findall(info, "Strd/CdtrRefInf/Ref"):
        digits = fields.structured_communication(reference.text)
        if digits is not None:
            structured = digits
            break
        free = free or (reference.text or "").strip()
    if structured is None:
        structured = fields.find_structured(free)
    return structured, free or None


def transaction(
    reader: Reader, tx: etree._Element, way: Direction, own_iban: str | None
) -> EntryTransaction:
    end_to_end = reader.text(tx, "Refs/EndToEndId")
    if end_to_end == "NOTPROVIDED":  # ISO's placeholder for "none"
        end_to_end = None
    amount_element = (
        reader.find(tx, "Amt")
        if reader.find(tx, "Amt") is not None
        else reader.find(tx, "AmtDtls/TxAmt/Amt")
    )
    if amount_element is None:
        amount_element = reader.find(tx, "AmtDtls/InstdAmt/Amt")
    cents = amount(reader, amount_element, tx) if amount_element is not None else None
    reason = reader.text(tx, "RtrInf/Rsn/Cd") or reader.text(tx, "RtrInf/Rsn/Prtry")
    returned = reader.find(tx, "RtrInf") is not None
    structured, free = remittance(reader, tx)
    name, iban = counterparty(reader, tx, way, own_iban)
    return EntryTransaction(
        line=tx.sourceline or 1,
        end_to_end_id=end_to_end,
        amount_cents=cents,
        bank_reference=reader.text(tx, "Refs/AcctSvcrRef"),
        mandate_reference=reader.text(tx, "Refs/MndtId"),
        is_return=returned,
        return_reason=reason,
        structured_communication=structured,
        remittance=free,
        counterparty_name=name,
        counterparty_iban=iban,
    )


def entry(reader: Reader, ntry: etree._Element, context: EntryContext) -> StatementEntry | None:
    """The entry, or None when it is not booked or has errors (recorded in `reader`)."""
    errors_before = len(reader.errors)
    line = ntry.sourceline or 1
    code = status(reader, ntry)
    cents = amount(reader, reader.find(ntry, "Amt"), ntry)
    way = direction(reader, ntry)
    booked = a_date(reader, ntry, "BookgDt")
    if booked is None and reader.find(ntry, "BookgDt") is None and code == _BOOKED:
        reader.error(ntry, "Ntry/BookgDt is missing")
    valued = a_date(reader, ntry, "ValDt") or booked
    if len(reader.errors) > errors_before or code != _BOOKED:
        return None
    assert cents is not None
    assert way is not None
    assert booked is not None
    assert valued is not None
    bank_code = transaction_code(reader, ntry)
    batch = reader.find(ntry, "NtryDtls/Btch")
    txs = tuple(
        transaction(reader, tx, way, context.account_iban)
        for tx in reader.findall(ntry, "NtryDtls/TxDtls")
    )
    if len(reader.errors) > errors_before:
        return None
    batch_count: int | None = None
    if batch is not None and reader.text(batch, "NbOfTxs") is not None:
        count_text = reader.text(batch, "NbOfTxs") or ""
        if not count_text.isdigit():
            reader.error(batch, f"Btch/NbOfTxs {count_text!r} is not a number")
            return None
        batch_count = int(count_text)
    elif len(txs) > 1:
        batch_count = len(txs)
    single = txs[0] if len(txs) == 1 else None
    reasons = {tx.return_reason for tx in txs if tx.return_reason}
    sub_family = bank_code.split("/")[-1] if bank_code else None
    is_return = (
        any(tx.is_return for tx in txs)
        or reader.text(ntry, "RvslInd") == "true"
        or sub_family in RETURN_SUBFAMILIES
    )
    reference = (
        reader.text(ntry, "AcctSvcrRef")
        or reader.text(ntry, "NtryRef")
        or f"{context.statement_id}/{line}"
    )
    return StatementEntry(
        line=line,
        bank_reference=reference,
        direction=way,
        amount_cents=cents,
        booking_date=booked,
        value_date=valued,
        end_to_end_id=single.end_to_end_id if single else None,
        batch_message_id=reader.text(batch, "MsgId") if batch is not None else None,
        batch_payment_info_id=reader.text(batch, "PmtInfId") if batch is not None else None,
        batch_count=batch_count,
        structured_communication=single.structured_communication if single else None,
        remittance=(single.remittance if single else None) or reader.text(ntry, "AddtlNtryInf"),
        counterparty_name=single.counterparty_name if single else None,
        counterparty_iban=single.counterparty_iban if single else None,
        mandate_reference=single.mandate_reference if single else None,
        is_return=is_return,
        return_reason=reasons.pop() if len(reasons) == 1 else None,
        bank_transaction_code=bank_code,
        transactions=txs,
    )
