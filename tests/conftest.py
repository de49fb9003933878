"""Shared fixtures: the shipped factor set and a writer for small YAML files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from aluco2._factors import FactorSet, load_factor_set

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def shipped() -> FactorSet:
    return load_factor_set()


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(text: str, name: str = "site.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


SITE_HEADER = """\
dataset: site
title: Site factors
sources:
  meter: {publisher: Example Smelter, title: Metering report, year: 2025}
defaults:
  {region: "NO", year: 2025, category: statistics, confidence: primary, source: {ref: meter}}
factors:
"""

FIRST_RECORD_LINE = len(SITE_HEADER.splitlines()) + 1
"""Line of the first record written after SITE_HEADER."""


def smelter_data() -> dict:
    """A small prebake smelter with a PPA, as plain data (a fresh copy on every call)."""
    return {
        "plant": "Test smelter",
        "country": "NO",
        "year": 2021,
        "electricity": {
            "contracts": [{"name": "wind PPA", "share": "50 %", "factor": "10 g CO2e/kWh"}],
        },
        "primary": {
            "alumina": {"purchased": {"intensity": "0.72 t CO2e/t"}, "consumption": "1.92 t/t"},
            "anodes": {"net_consumption": "0.42 t/t"},
            "electrolysis": {"technology": "CWPB", "electricity": "14.0 MWh/t"},
        },
        "recycled": {"scrap": [{"class": "clean_process_scrap", "share": "100 %"}]},
        "products": [{"name": "ingot", "routes": {"primary": "80 %", "recycled": "20 %"}}],
    }
