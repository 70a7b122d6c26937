"""Where the static files live, and the vendored front-end assets copied from node_modules.

The vendor files are not committed: `make install` runs `npm ci` (package.json and
package-lock.json at the repository root) and then `python -m cybercare.web.assets`, which copies
the files below into `static/vendor/`. The app starts without them (pages then lack their styles
and scripts, and each missing file is answered with a 404 and logged).
"""

from __future__ import annotations

import logging
import shutil
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class VendorFile:
    """One file served from `static/vendor/<name>`, copied from `node_modules/<source>`."""

    name: str
    package: str
    source: str
    license: str


VENDOR_FILES: tuple[VendorFile, ...] = (
    VendorFile("htmx.min.js", "htmx.org", "htmx.org/dist/htmx.min.js", "htmx.org/LICENSE"),
    VendorFile(
        "chart.umd.min.js", "chart.js", "chart.js/dist/chart.umd.min.js", "chart.js/LICENSE.md"
    ),
    VendorFile(
        "pico.min.css",
        "@picocss/pico",
        "@picocss/pico/css/pico.min.css",
        "@picocss/pico/LICENSE.md",
    ),
)


def static_dir() -> Path:
    """The package's `static/` folder (a real directory in both editable and wheel installs)."""
    return Path(str(files("cybercare.web") / "static"))


def missing_vendor_files(root: Path | None = None) -> list[str]:
    vendor = (root or static_dir()) / "vendor"
    return [f.name for f in VENDOR_FILES if not (vendor / f.name).is_file()]


class LoggedStaticFiles(StaticFiles):
    """StaticFiles that logs a missing vendor file (the usual cause: `make install` not run)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code == 404 and path.startswith("vendor/"):
                log.warning("static asset %s is missing: run `make install` (npm ci)", path)
            raise


def copy_vendor_files(node_modules: Path, target: Path) -> list[Path]:
    """Copy each vendor file and its licence from `node_modules` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "licenses").mkdir(exist_ok=True)
    written: list[Path] = []
    for vendor_file in VENDOR_FILES:
        source = node_modules / vendor_file.source
        if not source.is_file():
            raise FileNotFoundError(f"{source} is missing: run `npm ci` first")
        written.append(Path(shutil.copyfile(source, target / vendor_file.name)))
        licence_name = vendor_file.package.replace("/", "__").lstrip("@") + ".txt"
        shutil.copyfile(node_modules / vendor_file.license, target / "licenses" / licence_name)
    return written


def main(argv: list[str]) -> int:
    """`python -m cybercare.web.assets [NODE_MODULES]`: install the vendor files."""
    node_modules = Path(argv[0]) if argv else Path("node_modules")
    written = copy_vendor_files(node_modules, static_dir() / "vendor")
    sys.stdout.write(f"copied {len(written)} vendor files into {static_dir() / 'vendor'}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
