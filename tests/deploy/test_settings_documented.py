"""Every setting an operator can give has its row in docs/deployment.md's settings table."""

from __future__ import annotations

import re
from pathlib import Path

from cybercare.settings import Settings

DEPLOYMENT = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def test_every_setting_has_a_row_in_the_deployment_settings_table() -> None:
    documented = set(re.findall(r"^\| `(CYBERCARE_[A-Z0-9_]+)` \|", DEPLOYMENT.read_text(), re.M))
    settings = {f"CYBERCARE_{name.upper()}" for name in Settings.model_fields}

    missing, stale = sorted(settings - documented), sorted(documented - settings)
    assert missing == [], f"add a row to docs/deployment.md's settings table for {missing}"
    assert stale == [], f"docs/deployment.md documents settings that no longer exist: {stale}"
