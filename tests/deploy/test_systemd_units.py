"""The systemd units of deploy/systemd/ are valid (`systemd-analyze verify`, no warning: an
unknown or misspelt hardening option is only a warning to systemd, and silently not applied),
and every long-running unit carries the hardening options docs/deployment.md promises."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
INSTANCES = (
    "cybercare-migrate.service",
    "cybercare-api@8001.service",
    "cybercare-worker@1.service",
)
HARDENING = (
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    "ProtectHome=yes",
    "PrivateTmp=yes",
    "PrivateDevices=yes",
    "CapabilityBoundingSet=",
    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
    "SystemCallFilter=@system-service",
    "EnvironmentFile=/etc/cybercare/cybercare.env",
    "User=cybercare",
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A root directory holding the units, the system's own units they refer to, and a stand-in
    for /opt/cybercare/bin/cybercare (verify checks that ExecStart is executable)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if IN_CI:
            pytest.fail("systemd-analyze is missing: install systemd to verify the units in CI")
        pytest.skip("systemd-analyze is not installed")
    system_units = Path("/usr/lib/systemd/system")
    shutil.copytree(system_units, tmp_path / "usr/lib/systemd/system", symlinks=True)
    shutil.copytree(UNITS, tmp_path / "etc/systemd/system")
    command = tmp_path / "opt/cybercare/bin/cybercare"
    command.parent.mkdir(parents=True)
    command.write_text("#!/bin/sh\n")
    command.chmod(0o755)
    return tmp_path


def test_systemd_verifies_every_unit_without_a_warning(root: Path) -> None:
    verified = subprocess.run(
        ["systemd-analyze", f"--root={root}", "verify", *INSTANCES, "cybercare.target"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert verified.returncode == 0, verified.stderr
    assert verified.stderr.strip() == ""


@pytest.mark.parametrize(
    "unit", ["cybercare-migrate.service", "cybercare-api@.service", "cybercare-worker@.service"]
)
def test_every_unit_runs_unprivileged_and_hardened(unit: str) -> None:
    lines = set((UNITS / unit).read_text().splitlines())

    assert [option for option in HARDENING if option not in lines] == []


def test_the_api_and_the_workers_start_only_after_the_migration() -> None:
    for unit in ("cybercare-api@.service", "cybercare-worker@.service"):
        lines = (UNITS / unit).read_text().splitlines()
        assert "Requires=cybercare-migrate.service" in lines
        assert any(line.startswith("After=cybercare-migrate.service") for line in lines)
    migrate = (UNITS / "cybercare-migrate.service").read_text().splitlines()
    assert "Type=oneshot" in migrate and "ExecStart=/opt/cybercare/bin/cybercare migrate" in migrate
