"""The platform's HTTP client to the bank (docs/banking.md, "The bank connector protocol").

The bank here is whatever answers at `settings.bank_url`: the `banksim` process in development
and tests, the bank's gateway adapter in production. Bytes in, bytes out: this module neither
writes nor reads ISO 20022 or CODA; it only carries them.

Errors: `BankUnavailable` (no answer, a timeout, a 5xx) is worth retrying later, the outbox does;
`BankRefused` (a 4xx) is the bank's final word on that request; `DuplicateFile` (a 409 on
`POST /files`) says the bank already holds a file with this message id, which for a redelivery
means "delivered".
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from cybercare.kernel.errors import Conflict, DomainError

XML = "application/xml"
ERROR_TEXT_LIMIT = 300


class BankUnavailable(DomainError):
    """The bank did not answer (connection refused, timeout) or failed (5xx): try again later."""

    code = "bank.unavailable"


class BankRefused(DomainError):
    """The bank refused the request (4xx): sending the same bytes again will not help."""

    code = "bank.refused"


class DuplicateFile(Conflict):
    """The bank already received a file with this message id (it rejects the second copy)."""

    code = "bank.duplicate_file"

    def __init__(self, message_id: str, file_id: str | None) -> None:
        super().__init__(
            f"the bank already holds file {message_id}",
            params={"message_id": message_id, "file_id": file_id},
        )
        self.message_id = message_id
        self.file_id = file_id


@dataclass(frozen=True, slots=True)
class SentFile:
    file_id: str  # the bank's id of the file
    message_id: str  # our GrpHdr/MsgId, as the bank read it


@dataclass(frozen=True, slots=True)
class BankDocumentRef:
    seq: int  # the bank's global sequence: "after" cursor of the next pull
    kind: str  # pain.002 | camt.054 | camt.053 | coda
    name: str
    account_iban: str | None


class BankConnector:
    """One httpx client with bounded timeouts; use as a context manager or call `close()`."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 30.0,
        connect_timeout_s: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
            follow_redirects=False,
            headers={"User-Agent": "Cybercare-Bank/1"},
            transport=transport,
        )

    @classmethod
    def from_settings(cls, settings: Any) -> BankConnector:
        """From `settings.bank_url`; refuses when none is configured."""
        url = getattr(settings, "bank_url", None)
        if not url:
            raise BankUnavailable(
                "no bank connector configured (CYBERCARE_BANK_URL)", code="bank.not_configured"
            )
        return cls(str(url))

    def send_file(self, xml: bytes) -> SentFile:
        """Hand a pain.001 or pain.008 file to the bank; its verdict comes later (pain.002)."""
        response = self._request("POST", "/files", content=xml, headers={"Content-Type": XML})
        if response.status_code == 409:
            body = _json_or_empty(response)
            raise DuplicateFile(str(body.get("message_id") or ""), body.get("file_id"))
        body = self._checked(response).json()
        return SentFile(file_id=str(body["file_id"]), message_id=str(body["message_id"]))

    def send_instant(self, xml: bytes) -> bytes:
        """One SEPA Instant transfer; returns the bank's immediate pain.002 (ACCC or RJCT)."""
        response = self._request("POST", "/instant", content=xml, headers={"Content-Type": XML})
        return self._checked(response).content

    def documents_after(self, seq: int) -> list[BankDocumentRef]:
        """The documents the bank wrote after sequence `seq`, oldest first."""
        response = self._request("GET", "/documents", params={"after": seq})
        return [
            BankDocumentRef(
                seq=int(item["seq"]),
                kind=str(item["kind"]),
                name=str(item["name"]),
                account_iban=item.get("account_iban"),
            )
            for item in self._checked(response).json()
        ]

    def document(self, name: str) -> bytes:
        response = self._request("GET", f"/documents/{quote(name, safe='')}")
        return self._checked(response).content

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            reason = f"the bank did not answer in time ({type(exc).__name__})"
            raise BankUnavailable(reason) from exc
        except httpx.HTTPError as exc:
            raise BankUnavailable(f"the bank is unreachable: {exc}"[:ERROR_TEXT_LIMIT]) from exc

    @staticmethod
    def _checked(response: httpx.Response) -> httpx.Response:
        if response.is_success:
            return response
        excerpt = response.text[:ERROR_TEXT_LIMIT].strip()
        params = {"status": response.status_code, "detail": excerpt}
        if response.status_code >= 500:
            raise BankUnavailable(f"the bank failed: HTTP {response.status_code}", params=params)
        raise BankRefused(f"the bank refused: HTTP {response.status_code} {excerpt}", params=params)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> BankConnector:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
