"""The command line: exit codes, formats, error lines, lazy imports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from aluco2._cli import cli

from .conftest import FIRST_RECORD_LINE, SITE_HEADER

COMMANDS = [
    [],
    ["factors"],
    ["factors", "list"],
    ["factors", "show"],
    ["factors", "validate"],
    ["footprint"],
    ["compare"],
    ["optimise"],
    ["pareto"],
    ["cbam"],
    ["cbam", "report"],
    ["cbam", "defaults"],
    ["schema"],
]
EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))
PROBLEM = Path(__file__).parents[1] / "examples" / "problems" / "6063_billet.yaml"


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
    assert "a file the command does not read" in result.stderr
    assert site.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["factors.json", "site.yaml"]


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from aluco2._cli import cli\n"
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


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_footprint_runs_on_every_example(run, example, fmt):
    result = run("footprint", str(example), "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        document = json.loads(result.output)
        assert document["provenance"]["inputs"][0]["path"] == str(example)
    if fmt == "csv":
        header = result.output.splitlines()[0]
        assert header == "plant,product,route,scope2_method,stage,source,gas,scope,value,unit"


def test_footprint_options(run):
    example = str(EXAMPLES[0])
    default = json.loads(run("footprint", example, "--format", "json").output)
    in_kg = json.loads(run("footprint", example, "--format", "json", "--unit", "kg CO2e/t").output)
    assert in_kg["results"][0]["intensity"]["value"] == pytest.approx(
        1000 * default["results"][0]["intensity"]["value"]
    )
    sar = json.loads(run("footprint", example, "--format", "json", "--gwp", "sar").output)
    assert sar["provenance"]["gwp"] == "SAR"
    bad_unit = run("footprint", example, "--unit", "kWh/t")
    assert bad_unit.exit_code == 2
    assert bad_unit.stderr.startswith("error: --unit: must be a unit of CO2e per mass")


def test_compare_all_examples(run):
    result = run("compare", *map(str, EXAMPLES))
    assert result.exit_code == 0
    assert "vs first" in result.output.splitlines()[0]
    document = json.loads(run("compare", *map(str, EXAMPLES), "--format", "json").output)
    first = document["comparison"][0]
    assert first["difference_to_first"] == 0.0
    for entry in document["comparison"]:
        assert sum(entry["source_shares"].values()) == pytest.approx(1.0)


def test_bad_plant_file_exits_2_with_one_line_per_problem(run, write_yaml):
    path = write_yaml(
        "plant: P\ncountry: NO\nyear: 2021\n"
        "primary:\n  anodes: {net_consumption: 0.30 t/t}\n"
        "  electrolysis: {technology: CWPB, electricty: 14 MWh/t}\n"
        "products: [{name: x, routes: {primary: 100 %}}]\n",
        "plant.yaml",
    )
    result = run("footprint", str(path))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"error: {path}:6: primary.electrolysis.electricty: must be one of the keys allowed here:"
    )
    assert "Traceback" not in result.output


def test_chemistry_error_exits_2_with_key_path(run, write_yaml):
    path = write_yaml(
        "plant: P\ncountry: NO\nyear: 2021\n"
        "primary:\n  anodes: {net_consumption: 0.30 t/t}\n"
        "  electrolysis: {technology: CWPB, electricity: 14 MWh/t}\n"
        "products: [{name: x, routes: {primary: 100 %}}]\n",
        "plant.yaml",
    )
    result = run("footprint", str(path))
    assert result.exit_code == 2
    assert "primary.anodes.net_consumption: must be enough anode carbon" in result.stderr


def test_schema_plant_is_json_schema(run):
    schema = json.loads(run("schema", "plant").output)
    assert schema["title"] == "PlantModel"
    assert "primary" in schema["properties"]
    assert json.loads(run("schema", "factors").output)["title"] == "FactorFileModel"


def test_schema_installation_is_json_schema(run):
    schema = json.loads(run("schema", "installation").output)
    assert schema["title"] == "InstallationModel"
    assert {"operator", "installation", "processes"} <= set(schema["properties"])


def test_schema_problem_is_json_schema(run):
    schema = json.loads(run("schema", "problem").output)
    assert schema["title"] == "ProblemModel"
    assert {"target", "materials", "melting"} <= set(schema["properties"])


def test_optimise_json_matches_the_engine_and_names_the_objective(run):
    result = run("optimise", str(PROBLEM), "--format", "json", "--objective", "cost")
    assert result.exit_code == 0
    document = json.loads(result.output)
    plan = document["plan"]
    assert plan["engine_co2e_per_t"] == pytest.approx(plan["co2e"]["per_t"], rel=1e-9)
    assert document["provenance"]["objective"] == "cost"
    total = sum(r["value"] for r in document["footprint"]["results"][0]["breakdown"])
    assert total == pytest.approx(plan["co2e"]["per_t"], rel=1e-9)


def test_optimise_weighted_needs_a_carbon_price_in_the_problem_currency(run):
    result = run("optimise", str(PROBLEM), "--objective", "weighted")
    assert result.exit_code == 2
    assert "--carbon-price" in result.stderr
    result = run("optimise", str(PROBLEM), "--objective", "weighted", "--carbon-price", "80 USD/t")
    assert result.exit_code == 2
    assert "EUR" in result.stderr
    ok = run("optimise", str(PROBLEM), "--objective", "weighted", "--carbon-price", "80 EUR/t")
    assert ok.exit_code == 0


def test_impossible_specification_exits_1_naming_the_element(run, tmp_path):
    text = PROBLEM.read_text(encoding="utf-8").replace(
        'alloy: "6063"', 'alloy: "6063"\n  composition: {Fe: {max: "0.05 %"}}'
    )
    text = text.replace("../", str(PROBLEM.parents[1]) + "/")
    problem = tmp_path / "impossible.yaml"
    problem.write_text(text, encoding="utf-8")
    result = run("optimise", str(problem))
    assert result.exit_code == 1
    assert "Fe max 0.05 wt-% must be relaxed to" in result.stderr
    assert "Traceback" not in result.stderr


def test_pareto_csv_has_a_row_per_point(run):
    result = run("pareto", str(PROBLEM), "--points", "4", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    assert rows[0][:3] == ["co2e_t_per_t", "cost_per_t", "recycled_content"]


def test_pareto_plot_needs_the_plot_extra(run, tmp_path):
    png = tmp_path / "frontier.png"
    result = run("pareto", str(PROBLEM), "--points", "3", "--plot", str(png))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert result.exit_code == 2
        assert "pip install 'aluco2[plot]'" in result.stderr
        assert not png.exists()
    else:
        assert result.exit_code == 0
        assert png.read_bytes().startswith(b"\x89PNG")
