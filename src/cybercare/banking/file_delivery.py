"""The worker's `bank.file` handler: POST the file to the bank connector.

The bank's answers map to the outbox's: received (202, or 200 for the same bytes sent again) →
delivered; unreachable, a timeout or a 5xx → retried later; a refusal (4xx) or another file
already under this message id (409) → dead at once, for an operator to look at (sending the same
bytes again cannot help).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from cybercare.banking.connector import BankRefused, BankUnavailable, DuplicateFile, SentFile
from cybercare.outbox.transports import DeliveryFailed

logger = logging.getLogger("cybercare.banking")


class BankFileHandler:
    def __init__(self, send_file: Callable[[bytes], SentFile] | None) -> None:
        self._send_file = send_file

    def __call__(self, payload: Mapping[str, Any], now: datetime) -> None:
        message_id = str(payload["message_id"])
        if self._send_file is None:
            raise DeliveryFailed(
                f"file {message_id}: no bank connector configured (CYBERCARE_BANK_URL); "
                "hand the file to the bank by hand",
                permanent=True,
            )
        try:
            sent = self._send_file(str(payload["xml"]).encode("utf-8"))
        except DuplicateFile as exc:
            raise DeliveryFailed(
                f"file {message_id}: the bank holds another file under this message id "
                f"({exc.file_id})",
                permanent=True,
            ) from exc
        except BankRefused as exc:
            raise DeliveryFailed(f"file {message_id}: {exc.message}", permanent=True) from exc
        except BankUnavailable as exc:
            raise DeliveryFailed(f"file {message_id}: {exc.message}") from exc
        logger.info("file %s handed to the bank as %s", message_id, sent.file_id)
