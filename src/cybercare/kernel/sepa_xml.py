"""The finishing touches every SEPA file (pain.001, pain.008) gets after `sepaxml` built it.

`sepaxml` stamps the creation time from the system clock and makes the message and payment
information ids from the system clock and randomness; a file must instead carry the platform
clock's time (replayable, testable) and ids we chose and stored. This sets them with lxml and then
proves that every text of the file is in the EPC basic Latin set (kernel/sepa_text.py).
Pure: bytes and values in, bytes out.
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from cybercare.kernel.clock import BRUSSELS
from cybercare.kernel.sepa_text import is_epc_text


class NonEpcText(ValueError):
    """A text outside the EPC set reached a file: a bug upstream, never sent."""


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def creation_time(at: datetime) -> str:
    """ISODateTime of the Brussels wall clock, as Belgian banks show it back on statements."""
    return at.astimezone(BRUSSELS).strftime("%Y-%m-%dT%H:%M:%S")


def finish(xml: bytes, *, message_id: str, created_at: datetime) -> bytes:
    """`xml` with our message id, our creation time and payment information ids derived from
    the message id (`<message id>-<n>`, n from 1), checked for EPC characters."""
    root = etree.fromstring(xml)
    payment_number = 0
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        name = _local(node.tag)
        if name == "MsgId":
            node.text = message_id
        elif name == "CreDtTm":
            node.text = creation_time(created_at)
        elif name == "PmtInfId":
            payment_number += 1
            node.text = f"{message_id}-{payment_number}"
    check_epc_characters(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def check_epc_characters(root: etree._Element) -> None:
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.text and node.text.strip() and not is_epc_text(node.text):
            raise NonEpcText(f"<{_local(node.tag)}> holds {node.text!r}, outside the EPC set")
