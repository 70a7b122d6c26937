"""The backup archive: one uncompressed tar holding `manifest.json` first, then the database
(a SQLite file, or a pg_dump custom-format file, itself compressed).

The manifest says what the archive is (format version, when, which database and schema
revision) and what it holds (the figures, `figures.py`), with the SHA-256 and size of every other
member; a restore reads it first and refuses before touching anything when it cannot trust the
archive. The archive holds personal data: it is created readable by its owner only.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from cybercare.db.backup.errors import BackupRefused
from cybercare.db.backup.figures import Figures

FORMAT = "cybercare-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20

# (bytes done, bytes in all) of the member being written, hashed or extracted.
ByteProgress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Member:
    sha256: str
    size_bytes: int


@dataclass(frozen=True, slots=True)
class Manifest:
    created_at: datetime
    database: str  # "sqlite" or "postgresql"
    alembic_revision: str
    application_version: str
    figures: Figures
    members: Mapping[str, Member]
    format_version: int = FORMAT_VERSION

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "created_at": self.created_at.isoformat(),
            "database": self.database,
            "alembic_revision": self.alembic_revision,
            "application_version": self.application_version,
            "snapshot": "the figures and the database were taken in one read transaction",
            "evidence": "claim evidence files are rows of the database (claim_evidence.content)",
            **self.figures.as_json(),
            "members": {
                name: {"sha256": member.sha256, "size_bytes": member.size_bytes}
                for name, member in self.members.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Manifest:
        return cls(
            created_at=datetime.fromisoformat(data["created_at"]),
            database=str(data["database"]),
            alembic_revision=str(data["alembic_revision"]),
            application_version=str(data["application_version"]),
            figures=Figures.from_json(data),
            members={
                str(name): Member(str(member["sha256"]), int(member["size_bytes"]))
                for name, member in data["members"].items()
            },
            format_version=int(data["format_version"]),
        )


def file_member(path: Path, progress: ByteProgress) -> Member:
    """The checksum and size of a file, read once."""
    digest, size, done = hashlib.sha256(), path.stat().st_size, 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            progress(done, size)
    return Member(digest.hexdigest(), size)


def write_archive(
    target: Path, manifest: Manifest, files: Mapping[str, Path], progress: ByteProgress
) -> None:
    """Write the archive to `target.part`, then rename it: a finished archive or none."""
    partial = target.with_name(target.name + ".part")
    body = json.dumps(manifest.as_json(), indent=2, sort_keys=False).encode()
    mtime = manifest.created_at.timestamp()
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            tar.addfile(_info(MANIFEST, len(body), mtime), io.BytesIO(body))
            for name, path in files.items():
                size = path.stat().st_size
                with path.open("rb") as handle:
                    tar.addfile(_info(name, size, mtime), _Counting(handle, size, progress))
            raw.flush()
            os.fsync(raw.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def read_manifest(archive: Path) -> Manifest:
    """The manifest of `archive`; refused when it is not an archive of a known format."""
    try:
        with tarfile.open(archive, mode="r:") as tar:
            member = tar.next()
            handle = tar.extractfile(member) if member and member.name == MANIFEST else None
            if handle is None:
                raise BackupRefused(f"{archive} is not a Cyber Care backup (no {MANIFEST})")
            data = json.loads(handle.read())
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupRefused(f"{archive} cannot be read as a Cyber Care backup: {error}") from None
    if data.get("format") != FORMAT:
        raise BackupRefused(f"{archive} is not a Cyber Care backup (format {data.get('format')})")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupRefused(
            f"{archive} has format version {version}; this code reads up to {FORMAT_VERSION}:"
            " restore it with the release that wrote it or a newer one"
        )
    try:
        return Manifest.from_json(data)
    except (KeyError, TypeError, ValueError) as error:
        raise BackupRefused(f"{archive}: the manifest is incomplete ({error})") from None


def extract_member(
    archive: Path, name: str, expected: Member, target: Path, progress: ByteProgress
) -> None:
    """Copy member `name` to `target`, refused (and nothing left) unless its size and SHA-256
    are those the manifest recorded."""
    digest, done = hashlib.sha256(), 0
    try:
        with tarfile.open(archive, mode="r:") as tar:
            handle = _member(tar, name)
            with target.open("wb") as out:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    done += len(chunk)
                    progress(done, expected.size_bytes)
    except (tarfile.TarError, OSError) as error:
        target.unlink(missing_ok=True)
        raise BackupRefused(f"{archive}: {name} cannot be read ({error})") from None
    if done != expected.size_bytes or digest.hexdigest() != expected.sha256:
        target.unlink(missing_ok=True)
        raise BackupRefused(
            f"{archive} is corrupted: {name} has {done} bytes with SHA-256 {digest.hexdigest()},"
            f" the manifest recorded {expected.size_bytes} bytes with {expected.sha256}"
        )


def _member(tar: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        handle = tar.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupRefused(f"the archive has no member {name}")
    return handle


def _info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o600
    return info


class _Counting(io.RawIOBase):
    """A file read through, reporting how far `tarfile` has read it."""

    def __init__(self, handle: IO[bytes], size: int, progress: ByteProgress) -> None:
        self._handle, self._size, self._progress, self._done = handle, size, progress, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self._done += len(chunk)
        self._progress(self._done, self._size)
        return chunk
