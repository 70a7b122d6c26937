"""What a backup or a restore refuses to do, and a restore that does not match its archive."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that did not happen or did not finish as it should; the message says
    what to do."""


class BackupRefused(BackupError):
    """Refused before anything was written: an unreadable, corrupted or newer archive, a target
    that is not empty, a file that exists already, a tool that is missing."""


class RestoreMismatch(BackupError):
    """The restored database differs from the figures its archive recorded: do not use it."""

    def __init__(self, differences: list[str]) -> None:
        shown = "; ".join(differences[:10])
        more = f" (and {len(differences) - 10} more)" if len(differences) > 10 else ""
        super().__init__(f"the restored database differs from its backup: {shown}{more}")
        self.differences = differences
