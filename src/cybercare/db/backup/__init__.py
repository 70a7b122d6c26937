"""Backups and restores of the whole platform (docs/backup.md): one archive per backup, taken
while the server keeps serving, restored only into an empty database and verified there."""

from cybercare.db.backup.archive import Manifest, read_manifest
from cybercare.db.backup.errors import BackupError, BackupRefused, RestoreMismatch
from cybercare.db.backup.figures import Figures
from cybercare.db.backup.operations import (
    BackupSummary,
    RestoreSummary,
    back_up,
    figures_of,
    restore,
)
from cybercare.db.backup.progress import Progress

__all__ = [
    "BackupError",
    "BackupRefused",
    "BackupSummary",
    "Figures",
    "Manifest",
    "Progress",
    "RestoreMismatch",
    "RestoreSummary",
    "back_up",
    "figures_of",
    "read_manifest",
    "restore",
]
