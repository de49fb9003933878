"""Docs stay in sync with the code and the data."""

from __future__ import annotations

import re
from pathlib import Path

from aluco2.report import factors_markdown

ROOT = Path(__file__).parents[1]


def test_factor_catalogue_is_generated_from_the_data(shipped):
    committed = (ROOT / "docs" / "factors.md").read_text(encoding="utf-8")
    assert committed == factors_markdown(shipped), (
        "docs/factors.md is stale: python -m aluco2._build.factor_docs > docs/factors.md"
    )


def test_readme_gives_exactly_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh|console)\n(.*?)```", readme, flags=re.S)
    commands = [line for block in blocks[:1] for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && aluco2 ")
    assert commands[1] == 'pip install ".[test]" && pytest'


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test]" && pytest' in ci
    assert "set -euo pipefail" in ci
    assert "venv" in ci
