"""The public face: names, inputs as files or mappings, documents equal to the CLI's."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import aluco2
from aluco2._cli import cli
from aluco2._schemas import RESULT_SCHEMAS, result_schema

ROOT = Path(__file__).parents[1]
PLANTS = sorted((ROOT / "examples").glob("*.yaml"))
PROBLEMS = sorted((ROOT / "examples" / "problems").glob("*.yaml"))
INSTALLATIONS = [
    p for p in sorted((ROOT / "examples" / "cbam").glob("*.yaml")) if p.stem != "smelter_plant"
]


def _cli_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _valid(kind: str, document: dict) -> None:
    jsonschema.Draft202012Validator(result_schema(kind)).validate(document)


def test_every_public_name_resolves_and_nothing_else_is_public():
    names = set(aluco2.__all__)
    for name in names:
        assert getattr(aluco2, name) is not None, name
    assert set(dir(aluco2)) == names
    assert {n for n in names if n.startswith("_")} == {"__version__"}
    package = Path(aluco2.__file__).parent
    modules = [p for p in package.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()]
    public = {p.name for p in modules if not p.name.startswith("_")}
    assert public == {"batch.py"}, "implementation modules are private; batch is the face's"
    with pytest.raises(AttributeError, match="no attribute 'evaluate'"):
        _ = aluco2.evaluate  # type: ignore[attr-defined]


def test_the_type_checking_imports_name_the_same_homes_as_the_lazy_loader():
    tree = ast.parse(Path(aluco2.__file__).read_text(encoding="utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If))
    imported = {
        alias.name: node.module
        for node in guarded.body
        if isinstance(node, ast.ImportFrom) and node.module != "aluco2"
        for alias in node.names
    }
    assert imported == aluco2._MODULE_OF
    assert set(imported) | {"__version__", "batch"} == set(aluco2.__all__)


def test_import_aluco2_loads_neither_pint_nor_scipy_nor_numpy():
    code = "import sys, aluco2; print(sorted({'pint', 'scipy', 'numpy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_plant_given_as_a_mapping_gives_the_footprint_of_its_file():
    path = ROOT / "examples" / "coal_grid_smelter.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    from_file = aluco2.footprint(path).to_dict()["results"]
    from_mapping = aluco2.footprint(data).to_dict()["results"]
    assert from_mapping == from_file
    assert aluco2.load_plant(aluco2.load_plant(data)).model == aluco2.load_plant(path).model


def test_a_problem_given_as_a_mapping_gives_the_plan_of_its_file(monkeypatch):
    path = PROBLEMS[0]
    monkeypatch.chdir(path.parent)  # plant files named in a mapping resolve from here
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    from_file, from_mapping = aluco2.optimise(path), aluco2.optimise(data)
    assert from_mapping.to_dict()["plan"] == from_file.to_dict()["plan"]


def test_an_installation_given_as_a_mapping_gives_the_report_of_its_file(monkeypatch):
    path = INSTALLATIONS[0]
    monkeypatch.chdir(path.parent)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert aluco2.cbam(data).to_dict()["goods"] == aluco2.cbam(path).to_dict()["goods"]


@pytest.mark.parametrize("loader", ["load_plant", "load_problem", "load_installation"])
def test_a_source_of_the_wrong_type_is_a_typed_error(loader):
    with pytest.raises(aluco2.InputError, match="file path or a mapping") as caught:
        getattr(aluco2, loader)(42)
    assert "got 'int' instead" in str(caught.value)


def test_errors_in_a_mapping_name_their_key_paths():
    data = yaml.safe_load((ROOT / "examples" / "nordic_hydro_smelter.yaml").read_text())
    data["primary"]["electrolysis"]["specific_energy"] = "13.2 kg"
    data["yeer"] = 2024
    with pytest.raises(aluco2.InputErrors) as caught:
        aluco2.footprint(data)
    text = str(caught.value)
    assert "primary.electrolysis.specific_energy" in text
    assert "yeer" in text
    assert all(isinstance(e, aluco2.InputError) for e in caught.value.errors)


def test_the_api_never_prints(capsys):
    aluco2.footprint(PLANTS[0])
    aluco2.pareto(PROBLEMS[0], points=3, progress=lambda done, total: None)
    with pytest.raises(aluco2.InputError):
        aluco2.footprint({"plant": "x"})
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("path", PLANTS, ids=lambda p: p.stem)
def test_footprint_to_dict_is_the_cli_document(path):
    relative = str(path.relative_to(ROOT))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        document = aluco2.footprint(relative).to_dict("kg CO2e/t")
        assert document == _cli_json("footprint", relative, "--unit", "kg CO2e/t")
    _valid("footprint-result", document)
    assert (
        aluco2.footprint(path).to_json()
        == json.dumps(
            aluco2.footprint(path).to_dict(), indent=2, sort_keys=True, ensure_ascii=False
        )
        + "\n"
    )


def test_compare_to_dict_is_the_cli_document(monkeypatch):
    monkeypatch.chdir(ROOT)
    names = [str(p.relative_to(ROOT)) for p in PLANTS]
    document = aluco2.compare(names, gwp_set="ar6").to_dict()
    assert document == _cli_json("compare", *names, "--gwp", "AR6")
    _valid("compare-result", document)
    assert document["comparison"][0]["plant"] == document["results"][0]["plant"]


@pytest.mark.parametrize("path", PROBLEMS, ids=lambda p: p.stem)
def test_plan_and_frontier_to_dict_are_the_cli_documents(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    relative = str(path.relative_to(ROOT))
    plan = aluco2.optimise(relative, objective="cost", samples=200)
    assert plan.to_dict() == _cli_json(
        "optimise", relative, "--objective", "cost", "--samples", "200"
    )
    _valid("plan-result", plan.to_dict())
    frontier = aluco2.pareto(relative, points=3)
    assert frontier.to_dict() == _cli_json("pareto", relative, "--points", "3")
    _valid("pareto-result", frontier.to_dict())


@pytest.mark.parametrize("path", INSTALLATIONS, ids=lambda p: p.stem)
def test_cbam_to_dict_is_the_cli_document(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    relative = str(path.relative_to(ROOT))
    report = aluco2.cbam(relative)
    assert report.to_dict() == _cli_json("cbam", relative)
    _valid("cbam-result", report.to_dict())
    estimate = aluco2.cbam_certificates(
        report, year=2027, cross_sectoral_correction="0.9", eua_price=75
    )
    with_estimate = report.to_dict(estimate)
    assert with_estimate == _cli_json(
        "cbam", relative, "--year", "2027", "--cscf", "0.9", "--eua-price", "75 EUR/t"
    )
    _valid("cbam-result", with_estimate)


def test_cbam_default_to_dict_is_the_cli_document():
    found = aluco2.cbam_default("7601 10", "CN", 2027)
    cli_doc = _cli_json("cbam", "defaults", "--cn", "7601 10", "--country", "CN", "--year", "2027")
    assert found.to_dict() == cli_doc
    _valid("cbam-defaults-result", found.to_dict())


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("cross_sectoral_correction", "1.5"),
        ("cross_sectoral_correction", "abc"),
        ("eua_price", -1),
        ("eua_price", float("nan")),
        ("cross_sectoral_correction", True),
    ],
)
def test_certificate_arguments_are_checked_by_the_library(argument, value):
    report = aluco2.cbam(INSTALLATIONS[0])
    kwargs = {"cross_sectoral_correction": "0.9", "eua_price": 75, argument: value}
    with pytest.raises(aluco2.InputError, match=argument):
        aluco2.cbam_certificates(report, year=2027, **kwargs)


@pytest.mark.parametrize("kind", sorted(RESULT_SCHEMAS))
def test_aluco2_schema_prints_each_result_schema(kind):
    result = CliRunner().invoke(cli, ["schema", kind])
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert printed == result_schema(kind)
    jsonschema.Draft202012Validator.check_schema(printed)


def test_the_result_schemas_refuse_an_added_or_a_missing_key():
    document = aluco2.footprint(PLANTS[0]).to_dict()
    document["results"][0]["intensity_typo"] = 1.0
    with pytest.raises(jsonschema.ValidationError, match="intensity_typo"):
        _valid("footprint-result", document)
    del document["results"][0]["intensity_typo"]
    del document["provenance"]["factor_set_hash"]
    with pytest.raises(jsonschema.ValidationError, match="factor_set_hash"):
        _valid("footprint-result", document)
