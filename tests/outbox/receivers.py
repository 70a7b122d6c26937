"""Real servers on 127.0.0.1 for delivery tests: a webhook receiver and a minimal SMTP server."""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Receipt:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


class Receiver:
    """An HTTP receiver on a random local port. It answers the scripted `statuses` first (one per
    request), then 200; `on_request` runs before answering; `delay_s` slows every answer."""

    def __init__(
        self,
        *,
        port: int = 0,
        statuses: Iterable[int] = (),
        delay_s: float = 0.0,
        on_request: Callable[[Receipt], None] | None = None,
    ) -> None:
        self.receipts: list[Receipt] = []
        self._script = list(statuses)
        self._lock = threading.Lock()
        self._delay_s = delay_s
        self._on_request = on_request
        ThreadingHTTPServer.request_queue_size = 128  # workers post concurrently (issue 18)
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/cybercare"

    def start(self) -> Receiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() waits for a serve_forever that must be running
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    @property
    def accepted(self) -> list[Receipt]:
        with self._lock:
            return [receipt for receipt in self.receipts if 200 <= receipt.status < 300]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    status = receiver._script.pop(0) if receiver._script else 200
                receipt = Receipt(self.path, dict(self.headers.items()), body, status)
                if receiver._on_request is not None:
                    receiver._on_request(receipt)
                if receiver._delay_s:
                    time.sleep(receiver._delay_s)
                with receiver._lock:
                    receiver.receipts.append(receipt)
                payload = b"thanks" if status < 300 else b"not now"
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


class SmtpServer:
    """Just enough SMTP (RFC 5321) on a random local port to receive messages from smtplib."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self) -> None:
                self.reply("220 localhost test SMTP")
                sender, recipients = "", list[str]()
                for _ in range(100):  # bounded conversation
                    command = self.rfile.readline().decode().strip()
                    verb = command[:4].upper()
                    if verb in {"EHLO", "HELO"}:
                        self.reply("250 localhost")
                    elif verb == "MAIL":
                        sender, recipients = command.partition(":")[2].strip(), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        recipients.append(command.partition(":")[2].strip())
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 end with <CRLF>.<CRLF>")
                        lines = []
                        while (line := self.rfile.readline()) not in {b".\r\n", b""}:
                            lines.append(line[1:] if line.startswith(b"..") else line)
                        message = message_from_bytes(b"".join(lines), policy=policy.default)
                        assert isinstance(message, EmailMessage)
                        server.messages.append(message)
                        server.envelopes.append((sender, recipients))
                        self.reply("250 OK queued")
                    elif verb == "QUIT" or not command:
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 OK")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> SmtpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() waits for a serve_forever that must be running
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()
