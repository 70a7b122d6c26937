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
from typing import NamedTuple, TypeAlias

from lxml import etree

from cybercare.banking import fields
from cybercare.banking.statement import Direction, EntryTransaction, StatementEntry
from cybercare.banking.xmlsafe import Reader, clark

# ISO bank transaction sub-families that are R-transactions: unpaid direct debit, return of a
# credit transfer, automatic return, payment return (reversal of a direct debit).
RETURN_SUBFAMILIES = frozenset({"UPDD", "RRTN", "ARET", "PRDD"})
_BOOKED = "BOOK"
_SKIPPED = frozenset({"PDNG", "INFO", "FUTR"})
_DIRECTIONS = {"CRDT": Direction.CREDIT, "DBIT": Direction.DEBIT}


class _Flat(NamedTuple):
    """The fields of an entry (or of one `TxDtls`) by path below it (`Refs/EndToEndId`), the
    first of each path only: leaves' texts stripped (empty as None), a container present as
    None, an amount's currency as `Amt@Ccy`; the paths seen more than once (several Ustrd
    lines); and each `TxDtls` with a walk of its own, in file order.

    One walk visits each wanted element once and only those (the paths below): a `find` per
    field would walk the path again for every field, and walking everything a rich bank file
    holds would cost a 100,000-entry statement seconds for nothing."""

    texts: dict[str, str | None]
    repeated: set[str]
    transactions: list[tuple[etree._Element, _Flat]]


# A tree of the local names to walk: name -> (path key, what to walk below it, or None for a
# leaf). `_TRANSACTION` below NtryDtls marks a TxDtls: walked into a `_Flat` of its own.
_Tree: TypeAlias = "dict[str, tuple[str, _Tree | None]]"
_TRANSACTION: _Tree = {}


def _tree(paths: tuple[str, ...], prefix: str = "") -> _Tree:
    heads: dict[str, list[str]] = {}
    for path in paths:
        head, _, rest = path.partition("/")
        heads.setdefault(head, [])
        if rest:
            heads[head].append(rest)
    return {
        head: (prefix + head, _tree(tuple(rests), f"{prefix}{head}/") if rests else None)
        for head, rests in heads.items()
    }


_BANK_CODE = (
    "BkTxCd/Domn/Cd", "BkTxCd/Domn/Fmly/Cd", "BkTxCd/Domn/Fmly/SubFmlyCd", "BkTxCd/Prtry/Cd",
)  # fmt: skip
_TX_TREE = _tree(
    (
        "Refs/EndToEndId", "Refs/AcctSvcrRef", "Refs/MndtId",
        "Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt",
        "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm", "RltdPties/DbtrAcct/Id/IBAN",
        "RltdPties/Cdtr/Nm", "RltdPties/Cdtr/Pty/Nm", "RltdPties/CdtrAcct/Id/IBAN",
        "RmtInf/Ustrd", "RmtInf/Strd/CdtrRefInf/Ref",
        "RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry",
        *_BANK_CODE,
    )
)  # fmt: skip
_ENTRY_TREE = _tree(
    (
        "Amt", "CdtDbtInd", "Sts/Cd", "BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm",
        "AcctSvcrRef", "NtryRef", "RvslInd", "AddtlNtryInf",
        "NtryDtls/Btch/MsgId", "NtryDtls/Btch/PmtInfId", "NtryDtls/Btch/NbOfTxs",
        *_BANK_CODE,
    )
)  # fmt: skip
_ENTRY_TREE["NtryDtls"][1]["TxDtls"] = ("NtryDtls/TxDtls", _TRANSACTION)  # type: ignore[index]
_ENTRY_TREE["Sts"] = ("Sts", _ENTRY_TREE["Sts"][1])  # .02: a code as text; .08: a Cd child


def _flatten(element: etree._Element, namespace_length: int, tree: _Tree) -> _Flat:
    flat = _Flat({}, set(), [])
    _walk(element, tree, namespace_length, flat)
    return flat


def _walk(element: etree._Element, tree: _Tree, cut: int, flat: _Flat) -> None:
    texts = flat.texts
    for child in element:
        node = tree.get(child.tag[cut:])  # type: ignore[arg-type,index]  # comments and PIs are not kept
        if node is None:
            continue
        key, below = node
        if below is _TRANSACTION:
            flat.transactions.append((child, _flatten(child, cut, _TX_TREE)))
            continue
        if key in texts and key != "NtryDtls":  # NtryDtls repeats in .02: each one's TxDtls
            flat.repeated.add(key)
            continue
        if key[-3:] == "Amt":
            texts[key + "@Ccy"] = child.get("Ccy")
        text = child.text
        if text and (text := text.strip()):
            # ISO 20022 has no mixed content: an element with text is a leaf
            texts[key] = text
        else:
            # a container (pretty-printed or not), or an empty leaf with nothing to walk
            texts[key] = None
            if below is not None:
                _walk(child, below, cut, flat)


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


_PARTY_KEYS = {
    role: (f"RltdPties/{role}/Nm", f"RltdPties/{role}/Pty/Nm", f"RltdPties/{role}Acct/Id/IBAN")
    for role in ("Dbtr", "Cdtr")
}


def _counterparty(
    texts: dict[str, str | None], way: Direction, own_iban: str | None
) -> tuple[str | None, str | None]:
    """The other side: the party whose account is not ours; by default the debtor of money that
    came in and the creditor of money that went out. A name is `Nm` (.02) or `Pty/Nm` (.08)."""
    parties = []
    for role in ("Dbtr", "Cdtr") if way is Direction.CREDIT else ("Cdtr", "Dbtr"):
        name_key, party_key, iban_key = _PARTY_KEYS[role]
        name = texts.get(name_key) or texts.get(party_key)
        parties.append((name, fields.normalise_iban(texts.get(iban_key))))
    for name, iban in parties:
        if (name or iban) and (iban is None or iban != own_iban):
            return name, iban
    return parties[0]


def _remittance(
    reader: Reader, element: etree._Element, flat: _Flat
) -> tuple[str | None, str | None]:
    """(structured communication digits, free text)."""
    texts, repeated = flat.texts, flat.repeated
    free = texts.get("RmtInf/Ustrd")
    reference = texts.get("RmtInf/Strd/CdtrRefInf/Ref")
    references = [reference] if reference else []
    if repeated and ("RmtInf/Ustrd" in repeated or "RmtInf/Strd" in repeated):
        # several lines or references: rare, read one by one
        lines = [(line.text or "").strip() for line in reader.findall(element, "RmtInf/Ustrd")]
        free = " ".join(line for line in lines if line) or None
        references = [
            (one.text or "").strip()
            for one in reader.findall(element, "RmtInf/Strd/CdtrRefInf/Ref")
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


def _tx_amount(reader: Reader, element: etree._Element, texts: dict[str, str | None]) -> int | None:
    """`Amt` (.08), else `AmtDtls/TxAmt/Amt`, else `AmtDtls/InstdAmt/Amt`; None if none."""
    for path in ("Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt"):
        if path in texts:
            return _cents(reader, texts[path], texts[path + "@Ccy"], element, path)
    return None


def transaction(
    reader: Reader,
    element: etree._Element,
    way: Direction,
    own_iban: str | None,
    flat: _Flat | None = None,
) -> EntryTransaction:
    """One `TxDtls`; `flat` its fields when the entry's walk already holds them."""
    flat = flat or _flatten(element, len(reader.ns) + 2, _TX_TREE)
    texts = flat.texts
    structured, free = _remittance(reader, element, flat)
    name, iban = _counterparty(texts, way, own_iban)
    end_to_end = texts.get("Refs/EndToEndId")
    return EntryTransaction(
        line=element.sourceline or 1,
        # NOTPROVIDED is ISO's placeholder for "none"
        end_to_end_id=end_to_end if end_to_end != "NOTPROVIDED" else None,
        amount_cents=_tx_amount(reader, element, texts),
        bank_reference=texts.get("Refs/AcctSvcrRef"),
        mandate_reference=texts.get("Refs/MndtId"),
        is_return="RtrInf" in texts,
        return_reason=texts.get("RtrInf/Rsn/Cd") or texts.get("RtrInf/Rsn/Prtry"),
        structured_communication=structured,
        remittance=free,
        counterparty_name=name,
        counterparty_iban=iban,
    )


def _status(reader: Reader, ntry: etree._Element, flat: _Flat) -> str | None:
    """`Sts/Cd` (.08) or `Sts` (.02); an error for anything but BOOK, PDNG, INFO, FUTR."""
    status = flat.texts.get("Sts/Cd") or flat.texts.get("Sts")
    if status is None:
        reader.error(ntry, "Ntry/Sts is missing")
    elif status != _BOOKED and status not in _SKIPPED:
        reader.error(
            _line(reader, ntry, "Sts"), f"entry status {status!r} is not BOOK, PDNG or INFO"
        )
    return status


def _transactions(
    reader: Reader, flat: _Flat, way: Direction, context: EntryContext
) -> tuple[EntryTransaction, ...]:
    own = context.account_iban
    return tuple(transaction(reader, tx, way, own, walked) for tx, walked in flat.transactions)


def _bank_code(flat: _Flat) -> str | None:
    """The entry's ISO code as `PMNT/RDDT/ESDD`, else its proprietary code; some banks give
    them only on the (first) transaction."""
    for texts in (flat.texts, *(walked.texts for _tx, walked in flat.transactions[:1])):
        domain = texts.get("BkTxCd/Domn/Cd")
        if domain is not None:
            family = texts.get("BkTxCd/Domn/Fmly/Cd")
            sub_family = texts.get("BkTxCd/Domn/Fmly/SubFmlyCd")
            return "/".join(part for part in (domain, family, sub_family) if part)
        proprietary = texts.get("BkTxCd/Prtry/Cd")
        if proprietary is not None:
            return proprietary
    return None


def entry(reader: Reader, ntry: etree._Element, context: EntryContext) -> StatementEntry | None:
    """The entry, or None when it is not booked or has errors (recorded in `reader`)."""
    errors_before = len(reader.errors)
    line = ntry.sourceline or 1
    flat = _flatten(ntry, len(reader.ns) + 2, _ENTRY_TREE)
    texts = flat.texts
    if _status(reader, ntry, flat) != _BOOKED:
        return None
    cents = None
    if "Amt" not in texts:
        reader.error(ntry, "Ntry/Amt is missing")
    else:
        cents = _cents(reader, texts["Amt"], texts["Amt@Ccy"], ntry, "Amt")
    indicator = texts.get("CdtDbtInd")
    way = _DIRECTIONS.get(indicator or "")
    if way is None:
        reader.error(line, f"CdtDbtInd {indicator!r} is neither CRDT nor DBIT")
    if "BookgDt" not in texts:
        reader.error(line, "Ntry/BookgDt is missing")
    booked = _date(reader, ntry, texts.get("BookgDt/Dt"), texts.get("BookgDt/DtTm"), "BookgDt")
    valued = _date(reader, ntry, texts.get("ValDt/Dt"), texts.get("ValDt/DtTm"), "ValDt")
    if len(reader.errors) > errors_before:
        return None
    assert cents is not None
    assert way is not None
    assert booked is not None
    txs = _transactions(reader, flat, way, context)
    batch_count: int | None = None
    count_text = texts.get("NtryDtls/Btch/NbOfTxs")
    if count_text is not None:
        if not count_text.isdigit():
            where = _line(reader, ntry, "NtryDtls/Btch/NbOfTxs")
            reader.error(where, f"Btch/NbOfTxs {count_text!r} is not a number")
        else:
            batch_count = int(count_text)
    elif len(txs) > 1:
        batch_count = len(txs)
    if len(reader.errors) > errors_before:
        return None
    code = _bank_code(flat)
    single = txs[0] if len(txs) == 1 else None
    reasons = {tx.return_reason for tx in txs if tx.return_reason}
    is_return = (
        any(tx.is_return for tx in txs)
        or texts.get("RvslInd") == "true"
        or (code is not None and code.rsplit("/", 1)[-1] in RETURN_SUBFAMILIES)
    )
    return StatementEntry(
        line=line,
        bank_reference=texts.get("AcctSvcrRef")
        or texts.get("NtryRef")
        or f"{context.statement_id}/{line}",
        direction=way,
        amount_cents=cents,
        booking_date=booked,
        value_date=valued or booked,
        end_to_end_id=single.end_to_end_id if single else None,
        batch_message_id=texts.get("NtryDtls/Btch/MsgId"),
        batch_payment_info_id=texts.get("NtryDtls/Btch/PmtInfId"),
        batch_count=batch_count,
        structured_communication=single.structured_communication if single else None,
        remittance=(single.remittance if single else None) or texts.get("AddtlNtryInf"),
        counterparty_name=single.counterparty_name if single else None,
        counterparty_iban=single.counterparty_iban if single else None,
        mandate_reference=single.mandate_reference if single else None,
        is_return=is_return,
        return_reason=reasons.pop() if len(reasons) == 1 else None,
        bank_transaction_code=code,
        transactions=txs,
    )
