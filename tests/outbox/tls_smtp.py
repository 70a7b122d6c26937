"""A real ESMTP relay on 127.0.0.1 that demands what production relays demand: STARTTLS first
(a self-signed certificate made here), then AUTH PLAIN, then MAIL/RCPT/DATA. Written with
asyncio streams in a thread of its own; it records what it saw, so tests can prove that no
password crossed in clear and that nothing was accepted without a login."""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, its own CA: (certificate, key) PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2000, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2100, 1, 1, tzinfo=UTC))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_file, key_file = folder / "relay.crt", folder / "relay.key"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certificate_file, key_file


@dataclass
class Session:
    """What one connection did: its commands (AUTH arguments masked) and how far it got."""

    commands: list[str] = field(default_factory=list)
    tls: bool = False
    user: str | None = None


class TlsSmtpRelay:
    def __init__(self, certificate: Path, key: Path, *, username: str, password: str) -> None:
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(certificate, key)
        self._credentials = (username, password)
        self.sessions: list[Session] = []
        self.messages: list[EmailMessage] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> TlsSmtpRelay:
        self._thread.start()
        self._ready.wait(timeout=5)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._converse, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()
        self._loop.run_until_complete(server.wait_closed())
        self._loop.close()

    async def _converse(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = Session()
        self.sessions.append(session)

        async def reply(*lines: str) -> None:
            for index, line in enumerate(lines):
                separator = " " if index == len(lines) - 1 else "-"
                writer.write(f"{line[:3]}{separator}{line[4:]}\r\n".encode())
            await writer.drain()

        await reply("220 localhost ESMTP test relay")
        recipients: list[str] = []
        while line := await reader.readline():
            verb, _, argument = line.decode().rstrip("\r\n").partition(" ")
            verb = verb.upper()
            session.commands.append(f"{verb} ***" if verb == "AUTH" else f"{verb} {argument}")
            if verb == "EHLO":
                offer = "250 AUTH PLAIN" if session.tls else "250 STARTTLS"
                await reply("250 localhost", offer)
            elif verb == "STARTTLS" and not session.tls:
                await reply("220 ready to start TLS")
                await writer.start_tls(self._tls)
                session.tls = True
            elif verb == "AUTH" and not session.tls:
                await reply("530 5.7.0 must issue a STARTTLS command first")
            elif verb == "AUTH":
                session.user = self._login(argument)
                await reply("235 2.7.0 accepted" if session.user else "535 5.7.8 bad credentials")
            elif verb in {"MAIL", "RCPT", "DATA"} and session.user is None:
                await reply("530 5.7.0 authentication required")
            elif verb == "MAIL":
                recipients = []
                await reply("250 OK")
            elif verb == "RCPT":
                recipients.append(argument.partition(":")[2].strip())
                await reply("250 OK")
            elif verb == "DATA":
                await reply("354 end with <CRLF>.<CRLF>")
                lines = []
                while (data := await reader.readline()) not in {b".\r\n", b""}:
                    lines.append(data[1:] if data.startswith(b"..") else data)
                message = message_from_bytes(b"".join(lines), policy=policy.default)
                assert isinstance(message, EmailMessage)
                self.messages.append(message)
                await reply("250 OK queued")
            elif verb == "QUIT":
                await reply("221 bye")
                break
            else:
                await reply("502 not implemented")
        writer.close()

    def _login(self, argument: str) -> str | None:
        mechanism, _, initial = argument.partition(" ")
        if mechanism.upper() != "PLAIN":
            return None
        _authzid, user, password = base64.b64decode(initial).decode().split("\0")
        return user if (user, password) == self._credentials else None
