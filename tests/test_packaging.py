"""The factor files ship inside the installed package."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest

import aluco2
from aluco2._factors import shipped_factor_files

REPO_FACTORS = Path(__file__).parents[1] / "factors"


def _is_editable() -> bool:
    direct_url = metadata.distribution("aluco2").read_text("direct_url.json")
    return bool(direct_url and json.loads(direct_url).get("dir_info", {}).get("editable"))


def test_installed_package_contains_every_factor_file():
    if _is_editable():
        pytest.skip("editable install: the factor files are read from the checkout")
    installed = {p.name for p in shipped_factor_files()}
    assert installed == {p.name for p in REPO_FACTORS.glob("*.yaml")}
    package_dir = Path(aluco2.__file__).parent
    assert all(p.parent == package_dir / "factors" for p in shipped_factor_files())
    recorded = {str(f) for f in metadata.files("aluco2") or ()}
    assert {f"aluco2/factors/{name}" for name in installed} <= recorded


def test_installed_factor_files_equal_the_checkout():
    for path in shipped_factor_files():
        assert path.read_bytes() == (REPO_FACTORS / path.name).read_bytes()
