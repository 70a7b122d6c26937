"""ISO 20022 camt.053 (end-of-day statement) and camt.054 (debit/credit notification), versions
.001.02 and .001.08, streamed with lxml's `iterparse`: each `Ntry` is mapped then cleared, so a
100,000-entry statement never sits in memory as a tree.

A file may hold several statements (`Stmt`, or `Ntfctn` in a camt.054): the reader returns a
tuple of `Statement`, one per block, in file order. Any error anywhere refuses the whole file
(`UnreadableBankFile` with every line-numbered error found), never a partial result.
"""

from __future__ import annotations

from datetime import date, datetime

from lxml import etree

from cybercare.banking import fields
from cybercare.banking.camt_entry import EntryContext, amount, entry
from cybercare.banking.statement import (
    Direction,
    FileError,
    Statement,
    StatementEntry,
    StatementFormat,
    UnreadableBankFile,
)
from cybercare.banking.xmlsafe import Reader, clark, iter_ends, root_name

_PREFIX = "urn:iso:std:iso:20022:tech:xsd:"
# namespace -> (format, the message element, the statement block element)
NAMESPACES: dict[str, tuple[StatementFormat, str, str]] = {
    f"{_PREFIX}camt.053.001.02": (StatementFormat.CAMT_053, "BkToCstmrStmt", "Stmt"),
    f"{_PREFIX}camt.053.001.08": (StatementFormat.CAMT_053, "BkToCstmrStmt", "Stmt"),
    f"{_PREFIX}camt.054.001.02": (StatementFormat.CAMT_054, "BkToCstmrDbtCdtNtfctn", "Ntfctn"),
    f"{_PREFIX}camt.054.001.08": (StatementFormat.CAMT_054, "BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}
_OPENING = ("OPBD", "PRCD")  # opening booked; else the previous closing booked
_CLOSING = "CLBD"
_MAX_ERRORS = 200  # enough to fix a file; a broken 100,000-line file need not list them all


def read_camt(data: bytes) -> tuple[Statement, ...]:
    namespace, local, line = root_name(data)
    if namespace not in NAMESPACES or local != "Document":
        raise UnreadableBankFile(
            [FileError(line, f"not a camt.053/camt.054 document: {{{namespace}}}{local}")]
        )
    kind, message, block = NAMESPACES[namespace]
    reader = Reader(namespace)
    ntry_tag, block_tag = clark(namespace, "Ntry"), clark(namespace, block)
    header_tag, message_tag = clark(namespace, "GrpHdr"), clark(namespace, message)
    statements: list[Statement] = []
    entries: list[StatementEntry] = []
    skipped: list[int] = []
    context: EntryContext | None = None
    created: datetime | None = None
    seen_message = False
    for element in iter_ends(data, (ntry_tag, block_tag, header_tag, message_tag)):
        tag = element.tag
        if tag == ntry_tag:
            if context is None:
                context = _context(reader, element.getparent())
            errors_before = len(reader.errors)
            mapped = entry(reader, element, context)
            if mapped is not None:
                entries.append(mapped)
            elif len(reader.errors) == errors_before:
                skipped.append(element.sourceline or 1)
            _forget(element)
            if len(reader.errors) >= _MAX_ERRORS:
                break
        elif tag == block_tag:
            statement = _statement(reader, kind, element, entries, skipped, created)
            if statement is not None:
                statements.append(statement)
            entries, skipped, context = [], [], None
            element.clear()
        elif tag == header_tag:
            created = _created(reader, element)
        else:
            seen_message = True
    if not seen_message:
        reader.error(line, f"the document holds no {message}")
    elif not statements and not reader.errors:
        reader.error(line, f"the document holds no {block}")
    reader.raise_if_any()
    return tuple(statements)


def _forget(element: etree._Element) -> None:
    """Free a mapped entry and its already-read siblings (lxml's iterparse keeps the tree)."""
    element.clear()
    parent = element.getparent()
    previous = element.getprevious()
    while parent is not None and previous is not None and previous.tag == element.tag:
        parent.remove(previous)
        previous = element.getprevious()


def _context(reader: Reader, block: etree._Element | None) -> EntryContext:
    if block is None:  # pragma: no cover - an Ntry always has a parent
        return EntryContext(None, None)
    iban = fields.normalise_iban(reader.text(block, "Acct/Id/IBAN"))
    return EntryContext(iban, reader.text(block, "Id"))


def _created(reader: Reader, header: etree._Element) -> datetime | None:
    text = reader.text(header, "CreDtTm")
    if text is None:
        return None
    try:
        return fields.iso_datetime(text)
    except fields.FieldError as error:
        reader.error(header, f"GrpHdr/CreDtTm: {error}")
        return None


def _balances(reader: Reader, block: etree._Element) -> dict[str, tuple[int, date | None]]:
    """Signed balances by type code (a debit balance is negative)."""
    found: dict[str, tuple[int, date | None]] = {}
    for balance in reader.findall(block, "Bal"):
        code = reader.text(balance, "Tp/CdOrPrtry/Cd")
        if code is None:
            continue
        cents = amount(reader, reader.find(balance, "Amt"), balance)
        indicator = reader.text(balance, "CdtDbtInd")
        if indicator not in ("CRDT", "DBIT"):
            reader.error(balance, f"Bal/CdtDbtInd {indicator!r} is neither CRDT nor DBIT")
            continue
        day: date | None = None
        text = reader.text(balance, "Dt/Dt")
        if text is not None:
            try:
                day = fields.iso_date(text)
            except fields.FieldError as error:
                reader.error(balance, f"Bal/Dt: {error}")
        if cents is not None:
            found.setdefault(code, (-cents if indicator == "DBIT" else cents, day))
    return found


def _check_balances(
    reader: Reader,
    block: etree._Element,
    opening: int,
    closing: int,
    entries: list[StatementEntry],
) -> None:
    """A statement contradicts itself when its booked entries do not lead from the opening to
    the closing balance: refused, since one of its amounts is wrong and we cannot tell which."""
    moved = sum(
        item.amount_cents if item.direction is Direction.CREDIT else -item.amount_cents
        for item in entries
    )
    if opening + moved != closing:
        reader.error(
            block,
            f"opening balance {opening} + booked entries {moved} != closing balance {closing}"
            " (cents)",
        )


def _period(
    reader: Reader, block: etree._Element, entries: list[StatementEntry], created: datetime | None
) -> tuple[date, date] | None:
    period = reader.find(block, "FrToDt")
    if period is not None:
        try:
            return (
                fields.iso_datetime(reader.text(period, "FrDtTm")).date(),
                fields.iso_datetime(reader.text(period, "ToDtTm")).date(),
            )
        except fields.FieldError as error:
            reader.error(period, f"FrToDt: {error}")
            return None
    if entries:
        days = [item.booking_date for item in entries]
        return min(days), max(days)
    if created is not None:
        return created.date(), created.date()
    reader.error(block, "the statement has no period (FrToDt), no entry and no creation date")
    return None


def _statement(
    reader: Reader,
    kind: StatementFormat,
    block: etree._Element,
    entries: list[StatementEntry],
    skipped: list[int],
    group_created: datetime | None,
) -> Statement | None:
    errors_before = len(reader.errors)
    name = etree.QName(block).localname
    statement_id = reader.required(block, "Id")
    iban: str | None = None
    account = reader.find(block, "Acct")
    if account is None:
        reader.error(block, f"{name}/Acct is missing")
    else:
        try:
            iban = fields.checked_iban(reader.text(account, "Id/IBAN"))
        except fields.FieldError as error:
            reader.error(account, f"Acct/Id/IBAN: {error}")
        currency = reader.text(account, "Ccy")
        if currency not in (None, "EUR"):
            reader.error(account, f"account in {currency!r}: only EUR accounts are supported")
    created = group_created
    created_text = reader.text(block, "CreDtTm")
    if created_text is not None:
        try:
            created = fields.iso_datetime(created_text)
        except fields.FieldError as error:
            reader.error(block, f"{name}/CreDtTm: {error}")
    sequence_text = reader.text(block, "ElctrncSeqNb")
    if sequence_text is not None and not sequence_text.isdigit():
        reader.error(block, f"ElctrncSeqNb {sequence_text!r} is not a number")
    balances = _balances(reader, block)
    opening = next((balances[code] for code in _OPENING if code in balances), None)
    closing = balances.get(_CLOSING)
    if kind is StatementFormat.CAMT_053:
        if opening is None:
            reader.error(block, "Stmt has no opening balance (Bal OPBD)")
        if closing is None:
            reader.error(block, "Stmt has no closing balance (Bal CLBD)")
    if opening is not None and closing is not None and not reader.errors:
        _check_balances(reader, block, opening[0], closing[0], entries)
    period = _period(reader, block, entries, created)
    if len(reader.errors) > errors_before:
        return None
    assert statement_id is not None
    assert iban is not None
    assert period is not None
    return Statement(
        format=kind,
        statement_id=statement_id,
        account_iban=iban,
        created_at=created,
        from_date=period[0],
        to_date=period[1],
        opening_balance_cents=opening[0] if opening else None,
        closing_balance_cents=closing[0] if closing else None,
        entries=tuple(entries),
        sequence=int(sequence_text) if sequence_text else None,
        skipped_lines=tuple(skipped),
    )
