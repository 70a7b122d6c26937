"""Generates the partner SDKs from the partner document (`make sdk`; docs/distributor-api.md).

    PYTHONPATH=src .venv/bin/python tools/partner_sdk.py [OUT]        (default: sdk/)

writes into OUT:
- `openapi.json`: the partner document (`cybercare.api.contract`), as served at
  /api/v1/openapi.json;
- `python/cybercare_partner_client/`: the Python client, by openapi-python-client (run from its
  own virtualenv `.venv-sdk`, `make sdk-tools`: it pins an older typer than the platform's);
- `typescript/schema.d.ts`: the TypeScript types, by openapi-typescript (node_modules, `npm ci`);
  `typescript/client.ts`, written by hand, makes the openapi-fetch client of them.

`tests/api/test_sdk.py` generates into a temporary directory and fails on any difference from
the checked-in `sdk/`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SDK_VENV = ROOT / ".venv-sdk"
PYTHON_GENERATOR = SDK_VENV / "bin" / "openapi-python-client"
TYPESCRIPT_GENERATOR = ROOT / "node_modules" / ".bin" / "openapi-typescript"
PACKAGE = "cybercare_partner_client"


def partner_document() -> dict[str, object]:
    from cybercare.api.contract import partner_openapi
    from cybercare.app import create_app
    from cybercare.settings import Environment, Settings

    app = create_app(Settings(environment=Environment.TEST, database_url="sqlite://"))
    return partner_openapi(app)


def generate(out: Path) -> None:
    for tool, how in ((PYTHON_GENERATOR, "make sdk-tools"), (TYPESCRIPT_GENERATOR, "npm ci")):
        if not tool.exists():
            raise SystemExit(f"{tool} is missing: {how}")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    document = out / "openapi.json"
    document.write_text(json.dumps(partner_document(), indent=1, ensure_ascii=False) + "\n")
    package = out / "python" / PACKAGE
    if package.exists():
        shutil.rmtree(package)
    package.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PATH": f"{SDK_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(  # noqa: S603 (the generators of this repository, fixed arguments)
        [
            str(PYTHON_GENERATOR),
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(package),
            "--meta",
            "none",
            "--config",
            str(ROOT / "sdk" / "python-config.yaml"),
        ],
        check=True,
        cwd=package.parent,
        env=env,
        capture_output=True,
    )
    (out / "typescript").mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 (the generators of this repository, fixed arguments)
        [
            str(TYPESCRIPT_GENERATOR),
            str(document),
            "--output",
            str(out / "typescript" / "schema.d.ts"),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def generated_files(out: Path) -> dict[str, bytes]:
    """Every file the generators write under `out`, by relative path."""
    roots = [out / "openapi.json", out / "python" / PACKAGE, out / "typescript" / "schema.d.ts"]
    found: dict[str, bytes] = {}
    for root in roots:
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path.relative_to(out))] = path.read_bytes()
    return found


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sdk")
