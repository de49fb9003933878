"""The command line: exit codes, formats, error lines, lazy imports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from aluco2.cli import cli

from .conftest import FIRST_RECORD_LINE, SITE_HEADER

COMMANDS = [[], ["factors"], ["factors", "list"], ["factors", "show"], ["factors", "validate"]]


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "aluco2")
def test_help_for_every_command(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert "0.1.0" in result.output


def test_factors_list_json_has_value_unit_and_source_for_every_factor(run, shipped):
    result = run("factors", "list", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["factor_set_hash"] == shipped.hash
    assert len(data["factors"]) == len(shipped)
    for factor in data["factors"]:
        assert factor["value"]
        assert factor["unit"]
        assert isinstance(factor["magnitude"], float)
        assert factor["source"]["publisher"]
        assert factor["source"]["title"]
        assert factor["file"].startswith("factors/")


def test_factors_list_json_is_deterministic(run):
    assert (
        run("factors", "list", "--format", "json").output
        == run("factors", "list", "--format", "json").output
    )


def test_factors_list_csv_and_table(run, shipped):
    rows = list(csv.DictReader(io.StringIO(run("factors", "list", "--format", "CSV").output)))
    assert len(rows) == len(shipped)
    assert {row["dataset"] for row in rows} == set(shipped.datasets())
    table = run("factors", "list", "--dataset", "gwp").output
    assert "gwp.AR5.CF4" in table
    assert "6630 t CO2e / t CF4" in table
    assert "fuel.natural_gas.ncv" not in table


def test_factors_show(run):
    result = run("factors", "show", "cbam.ir2025_2547.f_co2_per_c")
    assert result.exit_code == 0
    assert "3.664 t CO2/t" in result.output
    assert "Annex II point B.3.2, Equation 12" in result.output
    as_json = json.loads(run("factors", "show", "gwp.AR5.CF4", "--format", "json").output)
    assert as_json["factors"][0]["magnitude"] == 6630.0


def test_unknown_id_exits_2_with_suggestion(run):
    result = run("factors", "show", "gwp.AR5.CF5")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no factor with id 'gwp.AR5.CF5'; did you mean")
    assert "Traceback" not in result.output


def test_unknown_dataset_exits_2(run):
    result = run("factors", "list", "--dataset", "nope")
    assert result.exit_code == 2
    assert "--dataset: must be one of the datasets" in result.stderr


def test_validate_wrong_dimension_exits_2_and_names_key_path(run, write_yaml):
    path = write_yaml(SITE_HEADER + '  - {id: grid.owid_ember_2023.NO.2021, value: "0.2 kWh"}\n')
    result = run("factors", "validate", str(path))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"error: {path}:{FIRST_RECORD_LINE}: factors[0].value: must be a number with a unit"
    )
    assert result.stdout == ""


def test_validate_reports_every_problem_one_line_each(run, write_yaml):
    path = write_yaml(
        SITE_HEADER
        + '  - {id: gwp.AR5.CF4, value: "6630 t CO2e / t CF4", categry: statistics}\n'
        + '  - {id: fuel.natural_gas.co2, value: "56.1 t CO2/ton"}\n'
    )
    result = run("factors", "validate", str(path))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 2


def test_validate_good_file(run, write_yaml):
    path = write_yaml(SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4"}\n')
    result = run("factors", "validate", str(path))
    assert result.exit_code == 0
    assert result.output.startswith("ok: 1 factor(s) from 1 file(s) valid")


@pytest.mark.parametrize(
    "text",
    [
        "- just\n- a list\n",
        "a: !!python/object/apply:os.system ['true']\n",
        "a: &x [1, *x]\n",
        "",
    ],
)
def test_validate_bad_yaml_exits_2_without_traceback(run, write_yaml, text):
    result = run("factors", "validate", str(write_yaml(text)))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output


def test_validate_missing_file(run, tmp_path):
    result = run("factors", "validate", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_overlay_option_changes_listed_value(run, write_yaml):
    path = write_yaml(SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4"}\n')
    result = run("factors", "show", "gwp.AR5.CH4", "--factors", str(path))
    assert "30 t CO2e / t CH4" in result.output
    assert "Example Smelter" in result.output


def test_output_file_is_written_and_input_is_protected(run, write_yaml, tmp_path):
    site = write_yaml(SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4"}\n')
    before = site.read_bytes()
    target = tmp_path / "factors.json"
    assert run("factors", "list", "--format", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["factors"]
    result = run("factors", "list", "--factors", str(site), "-o", str(site))
    assert result.exit_code == 2
    assert "not one of the input files" in result.stderr
    assert site.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["factors.json", "site.yaml"]


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from aluco2.cli import cli\n"
        "try:\n"
        "    cli(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('pint', 'scipy', 'numpy', 'pydantic', 'yaml') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "Usage: " in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "HEAVY:"
