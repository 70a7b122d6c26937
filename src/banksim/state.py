"""The data directory: `state.json` (the bank's memory, replaced atomically after each change)
and `documents/` (every document the bank wrote, byte for byte, listed with a global sequence)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from banksim.model import BankState, DocumentRef


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.documents_dir = root / "documents"
        self.documents_dir.mkdir(parents=True, exist_ok=True)
        self._path = root / "state.json"
        self._lock = threading.Lock()
        self.state = (
            BankState.model_validate_json(self._path.read_bytes())
            if self._path.exists()
            else BankState()
        )

    @contextmanager
    def changing(self) -> Iterator[BankState]:
        """One change at a time; saved when the block ends without an error, else forgotten."""
        with self._lock:
            before = self.state.model_copy(deep=True)
            try:
                yield self.state
            except BaseException:
                self.state = before
                raise
            self._save()

    @contextmanager
    def reading(self) -> Iterator[BankState]:
        with self._lock:
            yield self.state

    def write_document(
        self, state: BankState, kind: str, name: str, data: bytes, account_iban: str | None
    ) -> DocumentRef:
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)
        (self.documents_dir / safe).write_bytes(data)
        seq = (state.documents[-1].seq if state.documents else 0) + 1
        ref = DocumentRef(seq=seq, kind=kind, name=safe, account_iban=account_iban)
        state.documents.append(ref)
        return ref

    def keep_file(self, name: str, data: bytes) -> None:
        """A file beside the documents, not listed in `/documents` (an instant's answer)."""
        (self.documents_dir / name).write_bytes(data)

    def read_document(self, name: str) -> bytes | None:
        path = self.documents_dir / name
        if "/" in name or name.startswith(".") or not path.is_file():
            return None
        return path.read_bytes()

    def _save(self) -> None:
        temporary = self._path.with_suffix(".tmp")
        temporary.write_text(self.state.model_dump_json(indent=1), encoding="utf-8")
        os.replace(temporary, self._path)
