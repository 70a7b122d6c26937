"""pain.002.001.10, the bank's verdict on a file (or an instant transfer)."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from banksim.entries import amount_text
from banksim.model import REJECTED, ReceivedFile

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"


def _el(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        node.text = text
    return node


def _reason(parent: etree._Element, code: str | None) -> None:
    if code:
        _el(_el(_el(parent, "StsRsnInf"), "Rsn"), "Cd", code)


def write_pain002(
    received: ReceivedFile, *, report_id: str, created_at: datetime, tx_status: str | None = None
) -> bytes:
    """Group status, then per payment information block its status, and a TxInfAndSts for each
    rejected transaction (every transaction when `tx_status` is given: an instant's ACCC)."""
    root = etree.Element(f"{{{NAMESPACE}}}Document", nsmap={None: NAMESPACE})
    report = _el(root, "CstmrPmtStsRpt")
    header = _el(report, "GrpHdr")
    _el(header, "MsgId", report_id)
    _el(header, "CreDtTm", created_at.strftime("%Y-%m-%dT%H:%M:%S"))
    group = _el(report, "OrgnlGrpInfAndSts")
    _el(group, "OrgnlMsgId", received.message_id)
    _el(group, "OrgnlMsgNmId", received.message_name)
    _el(group, "OrgnlNbOfTxs", str(received.nb_of_txs))
    if received.control_sum_cents is not None:
        _el(group, "OrgnlCtrlSum", amount_text(received.control_sum_cents))
    _el(group, "GrpSts", tx_status or received.status)
    if received.status == REJECTED:
        _reason(group, received.reason)
    for block in received.blocks:
        info = _el(report, "OrgnlPmtInfAndSts")
        _el(info, "OrgnlPmtInfId", block.payment_info_id)
        _el(info, "OrgnlNbOfTxs", str(block.nb_of_txs))
        if block.control_sum_cents is not None:
            _el(info, "OrgnlCtrlSum", amount_text(block.control_sum_cents))
        _el(info, "PmtInfSts", tx_status or block.status)
        if block.status == REJECTED:
            _reason(info, block.reason)
        for tx in block.transactions:
            if tx.status != REJECTED and tx_status is None:
                continue
            status = _el(info, "TxInfAndSts")
            _el(status, "OrgnlEndToEndId", tx.end_to_end_id)
            _el(status, "TxSts", tx.status if tx.status == REJECTED else (tx_status or tx.status))
            if tx.status == REJECTED:
                _reason(status, tx.reason)
            reference = _el(status, "OrgnlTxRef")
            amount = _el(_el(reference, "Amt"), "InstdAmt", amount_text(tx.amount_cents))
            amount.set("Ccy", "EUR")
            if tx.mandate_id:
                _el(_el(_el(reference, "MndtRltdInf"), "DrctDbtMndt"), "MndtId", tx.mandate_id)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
