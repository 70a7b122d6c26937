"""A real local HTTP bank for the instant-payout tests and the bench: it answers
`POST /instant` as docs/banking.md says (a pain.002.001.10 with ACCC, or RJCT and a reason for
the accounts it is told to refuse) and remembers what it received and when. A stand-in for the
banksim simulator where that process is not at hand; not a mock of our code."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

PAIN002 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
<GrpHdr><MsgId>ST-{msg}</MsgId><CreDtTm>2026-11-27T09:00:00</CreDtTm></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>{msg}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
</OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>{msg}</OrgnlPmtInfId><TxInfAndSts>
<OrgnlEndToEndId>{e2e}</OrgnlEndToEndId><TxSts>{status}</TxSts>{reason}</TxInfAndSts>
</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>"""


@dataclass
class Received:
    at: float  # time.monotonic() when the POST arrived
    xml: bytes
    end_to_end_id: str
    iban: str


@dataclass
class LocalBank:
    url: str = ""
    rejects: dict[str, str] = field(default_factory=dict)  # IBAN -> reason code
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, body: bytes) -> bytes:
        root = etree.fromstring(body)

        def text(name: str) -> str:
            return str(root.xpath(f"string(//*[local-name()='{name}'])"))

        msg, e2e = text("MsgId"), text("EndToEndId")
        iban = str(root.xpath("string(//*[local-name()='CdtrAcct']//*[local-name()='IBAN'])"))
        with self.lock:
            self.received.append(Received(time.monotonic(), body, e2e, iban))
        code = self.rejects.get(iban)
        reason = f"<StsRsnInf><Rsn><Cd>{code}</Cd></Rsn></StsRsnInf>" if code else ""
        return PAIN002.format(
            msg=msg, e2e=e2e, status="RJCT" if code else "ACCC", reason=reason
        ).encode()


@contextmanager
def local_bank() -> Iterator[LocalBank]:
    bank = LocalBank()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if self.path != "/instant":
                self.send_error(404)
                return
            answer = bank.answer(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    bank.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield bank
    finally:
        server.shutdown()
        server.server_close()
