"""ISO 20022 pain.002 (customer payment status report), versions .001.03 and .001.10: the bank's
verdict on one of our pain.001/pain.008 files, for the whole file (`GrpSts`), per payment
information block (`PmtInfSts`) and per transaction (`TxSts`), each with its reason code.

A status report is small (one per file we send), so it is parsed whole, with the same hardening
as the statements.
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from cybercare.banking import fields
from cybercare.banking.statement import (
    FileError,
    PaymentInfoStatusLine,
    StatusReport,
    TransactionStatus,
    TransactionStatusLine,
    UnreadableBankFile,
)
from cybercare.banking.xmlsafe import Reader, parse_document

_PREFIX = "urn:iso:std:iso:20022:tech:xsd:"
NAMESPACES = frozenset({f"{_PREFIX}pain.002.001.03", f"{_PREFIX}pain.002.001.10"})

# ISO external payment transaction status codes -> what they mean for us.
STATUSES: dict[str, TransactionStatus] = {
    "ACCP": TransactionStatus.ACCEPTED,  # accepted customer profile
    "ACTC": TransactionStatus.ACCEPTED,  # accepted technical validation
    "ACSP": TransactionStatus.ACCEPTED,  # accepted, settlement in process
    "ACWC": TransactionStatus.ACCEPTED,  # accepted with change
    "ACSC": TransactionStatus.SETTLED,  # accepted, settlement completed (debtor's account)
    "ACCC": TransactionStatus.SETTLED,  # accepted, creditor's account credited (instant)
    "RJCT": TransactionStatus.REJECTED,
    "PDNG": TransactionStatus.PENDING,
    "PART": TransactionStatus.PARTIAL,
}


def read_pain002(data: bytes) -> StatusReport:
    root = parse_document(data)
    name = etree.QName(root)
    if name.namespace not in NAMESPACES or name.localname != "Document":
        raise UnreadableBankFile(
            [FileError(root.sourceline or 1, f"not a pain.002 document: {name.text}")]
        )
    reader = Reader(name.namespace)
    report = reader.find(root, "CstmrPmtStsRpt")
    if report is None:
        raise UnreadableBankFile([FileError(root.sourceline or 1, "CstmrPmtStsRpt is missing")])
    header = reader.find(report, "GrpHdr")
    original = reader.find(report, "OrgnlGrpInfAndSts")
    if header is None or original is None:
        missing = "GrpHdr" if header is None else "OrgnlGrpInfAndSts"
        raise UnreadableBankFile([FileError(report.sourceline or 1, f"{missing} is missing")])
    message_id = reader.required(header, "MsgId")
    created = _created(reader, header)
    original_id = reader.required(original, "OrgnlMsgId")
    original_type = reader.required(original, "OrgnlMsgNmId")
    group_status = _status(reader, original, "GrpSts")
    group_reason = _reason(reader, original)
    blocks: list[PaymentInfoStatusLine] = []
    transactions: list[TransactionStatusLine] = []
    for block in reader.findall(report, "OrgnlPmtInfAndSts"):
        block_id = reader.required(block, "OrgnlPmtInfId")
        blocks.append(
            PaymentInfoStatusLine(
                line=block.sourceline or 1,
                payment_info_id=block_id or "",
                status=_status(reader, block, "PmtInfSts"),
                reason=_reason(reader, block),
            )
        )
        for tx in reader.findall(block, "TxInfAndSts"):
            end_to_end = reader.required(tx, "OrgnlEndToEndId")
            if reader.required(tx, "TxSts") is None:
                continue
            tx_status = _status(reader, tx, "TxSts")
            if tx_status is None:
                continue
            transactions.append(
                TransactionStatusLine(
                    line=tx.sourceline or 1,
                    end_to_end_id=end_to_end or "",
                    status=tx_status,
                    reason=_reason(reader, tx),
                    payment_info_id=block_id,
                )
            )
    if group_status is None and not blocks and not reader.errors:
        reader.error(original, "the report gives no status (GrpSts nor OrgnlPmtInfAndSts)")
    reader.raise_if_any()
    assert message_id
    assert original_id
    assert original_type
    return StatusReport(
        message_id=message_id,
        original_message_id=original_id,
        original_message_type=original_type,
        group_status=group_status,
        group_reason=group_reason,
        transactions=tuple(transactions),
        created_at=created,
        payment_infos=tuple(blocks),
    )


def _created(reader: Reader, header: etree._Element) -> datetime | None:
    text = reader.required(header, "CreDtTm")
    if text is None:
        return None
    try:
        return fields.iso_datetime(text)
    except fields.FieldError as error:
        reader.error(header, f"GrpHdr/CreDtTm: {error}")
        return None


def _status(reader: Reader, element: etree._Element, path: str) -> TransactionStatus | None:
    code = reader.text(element, path)
    if code is None:
        return None
    if code not in STATUSES:
        found = reader.find(element, path)
        reader.error(found if found is not None else element, f"unknown status code {code!r}")
        return None
    return STATUSES[code]


def _reason(reader: Reader, element: etree._Element) -> str | None:
    """The first status reason: an ISO code (`Rsn/Cd`) or the bank's own (`Rsn/Prtry`)."""
    return reader.text(element, "StsRsnInf/Rsn/Cd") or reader.text(element, "StsRsnInf/Rsn/Prtry")
