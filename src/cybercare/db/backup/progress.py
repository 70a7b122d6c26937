"""How a backup or a restore tells its edge how far it is: a named step, work done, work in all
(None while unknown). The command line draws it as a progress bar; tests ignore it."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int | None], None]


def silent(_step: str, _done: int, _total: int | None) -> None:
    """No progress shown."""
