"""Never lose a file, never a traceback, never a wrong number (issue 9): one test per rule.

The hostile corpus (``tests/test_hostile.py``) samples thousands of mutations; these
tests pin each rule down with a case that names it.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from aluco2._cli import cli
from aluco2._errors import InputError, InputErrors
from aluco2._factors import load_factor_set
from aluco2._footprint import evaluate
from aluco2._optimise import optimise, pareto
from aluco2._plant import load_plant
from aluco2._problem import load_problem

from .conftest import SITE_HEADER

REPO = Path(__file__).resolve().parents[1]
PLANT = REPO / "examples" / "nordic_hydro_smelter.yaml"
PROBLEM = REPO / "examples" / "problems" / "6063_billet.yaml"


def aluco2(*args: str, cwd: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    """Run the installed command line in a child process, as a user would."""
    code = f"import os, sys; os.umask({umask}); from aluco2._cli import cli; cli()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def error_lines(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "an error must say something"
    assert all(line.startswith("error: ") for line in lines), stderr
    assert "Traceback" not in stderr
    return lines


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def plant_copy(tmp_path: Path) -> Path:
    target = tmp_path / "plant.yaml"
    target.write_bytes(PLANT.read_bytes())
    return target


def edited_plant(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(PLANT.read_text(encoding="utf-8"))
    edit(data)
    target = tmp_path / "edited.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


# ------------------------------------------------------------------ output targets


def test_dash_writes_to_standard_output(run, tmp_path):
    result = run("footprint", PLANT, "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("{")
    assert not (Path.cwd() / "-").exists()


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "dotdot"])
def test_output_never_over_an_input(run, plant_copy, tmp_path, how):
    before = plant_copy.read_bytes()
    target = {
        "same": lambda: plant_copy,
        "symlink": lambda: (
            (tmp_path / "link.yaml").symlink_to(plant_copy) or tmp_path / "link.yaml"
        ),
        "hardlink": lambda: (
            (tmp_path / "hard.yaml").hardlink_to(plant_copy) or tmp_path / "hard.yaml"
        ),
        "dotdot": lambda: tmp_path / "sub" / ".." / "plant.yaml",
    }[how]()
    (tmp_path / "sub").mkdir(exist_ok=True)
    result = run("footprint", plant_copy, "-o", target)
    assert result.exit_code == 2
    assert "a file the command does not read" in error_lines(result.stderr)[0]
    assert plant_copy.read_bytes() == before


def test_optimise_refuses_to_write_over_a_plant_its_problem_names(run, tmp_path):
    (tmp_path / "problems").mkdir()
    problem = tmp_path / "problems" / PROBLEM.name
    problem.write_bytes(PROBLEM.read_bytes())
    for name in ("nordic_hydro_smelter.yaml", "coal_grid_smelter.yaml"):
        (tmp_path / name).write_bytes((REPO / "examples" / name).read_bytes())
    named = load_problem(problem).files_named
    assert named, "the example problem takes footprints from plant files"
    before = named[0].read_bytes()
    result = run("optimise", problem, "-o", named[0])
    assert result.exit_code == 2
    assert "a file the command does not read" in error_lines(result.stderr)[0]
    assert named[0].read_bytes() == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "a file name, or - for standard output"),
        ("missing/out.json", "a path in an existing directory"),
        ("out/", "a file, not a directory"),
        ("x" * 300, "a usable path"),
    ],
)
def test_bad_output_names_are_refused_before_any_work(run, tmp_path, monkeypatch, name, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    result = run("footprint", PLANT, "-o", name)
    assert result.exit_code == 2
    assert expected in error_lines(result.stderr)[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_plot_and_output_must_differ(run, tmp_path):
    target = tmp_path / "same.png"
    result = run("pareto", PROBLEM, "--points", "3", "--plot", target, "-o", target)
    assert result.exit_code == 2
    assert "different file" in error_lines(result.stderr)[0]
    assert not target.exists()


def test_existing_output_keeps_its_mode_and_new_output_follows_umask(tmp_path):
    kept = tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o600)
    assert (
        aluco2("footprint", str(PLANT), "-o", "kept.txt", cwd=tmp_path, umask=0o027).returncode == 0
    )
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "t CO2e/t" in kept.read_text(encoding="utf-8")
    assert (
        aluco2("footprint", str(PLANT), "-o", "new.txt", cwd=tmp_path, umask=0o027).returncode == 0
    )
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt", "new.txt"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_is_an_error_line(tmp_path):
    result = aluco2("footprint", str(PLANT), "-o", "/dev/full", cwd=tmp_path)
    assert result.returncode == 2
    assert "no space left on device" in error_lines(result.stderr)[0]


def test_failed_run_leaves_the_old_output_whole(run, tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("previous result\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("plant: [unclosed\n", encoding="utf-8")
    result = run("footprint", broken, "-o", target)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml", "out.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_read_once(tmp_path):
    pipe = tmp_path / "plant.yaml"
    os.mkfifo(pipe)

    def feed() -> None:
        with open(pipe, "wb") as stream:
            stream.write(PLANT.read_bytes())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = aluco2("footprint", "plant.yaml", cwd=tmp_path)
    writer.join(5)
    assert result.returncode == 0, result.stderr
    assert "t CO2e/t" in result.stdout


# ------------------------------------------------------------------ options


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("footprint",), "Missing argument 'PLANT_FILE'"),
        (("footprint", PLANT, "--format", "pdf"), "--format"),
        (("optimise", PROBLEM, "--confidence", "nan"), "not a finite number"),
        (("optimise", PROBLEM, "--objective", "weighted", "--carbon-price", "-5 EUR/t"), "0 to"),
        (("optimise", PROBLEM, "--carbon-price", "80 EUR/t"), "weighted"),
        (("pareto", PROBLEM, "--points", "1"), "--points"),
    ],
)
def test_bad_options_give_one_error_line(run, args, expected):
    result = run(*args)
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1
    assert expected in lines[0]


# ------------------------------------------------------------------ impossible input


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d.update(year="2021-02-30"), "year"),
        (lambda d: d["primary"]["electrolysis"].update(electricity="1 MWh/t"), "electricity"),
        (lambda d: d["primary"]["electrolysis"].update(electricity="1e308 MWh/t"), "electricity"),
        (lambda d: d["primary"]["electrolysis"].update(electricity="15 MWh/0"), "electricity"),
        (lambda d: d["primary"]["electrolysis"].update(electricity="15 " + "m" * 300), "unit"),
        (lambda d: d.update(plant="Smelter \x1b[31mred"), "plant"),
    ],
    ids=["date", "too-low", "too-high", "divide-by-zero", "long-unit", "control-character"],
)
def test_impossible_plant_values_are_located_errors(run, tmp_path, edit, expected):
    target = edited_plant(tmp_path, edit)
    before = target.read_bytes()
    result = run("footprint", target)
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert any(expected in line and "edited.yaml" in line for line in lines), lines
    assert "\x1b" not in result.stderr
    assert target.read_bytes() == before


def test_a_range_error_names_the_range_and_its_basis(tmp_path):
    target = edited_plant(
        tmp_path, lambda d: d["primary"]["electrolysis"].update(electricity="1 MWh/t")
    )
    with pytest.raises(InputErrors) as caught:
        load_plant(target)
    message = str(caught.value)
    assert "electrolysis" in message
    assert "MWh/t" in message
    assert message.rstrip().endswith(".")


def test_site_factor_file_cannot_redefine_the_gwp_of_co2(write_yaml, run):
    site = write_yaml(SITE_HEADER + '  - {id: gwp.AR5.CO2, value: "0 t CO2e / t CO2"}\n')
    result = run("footprint", PLANT, "--factors", site)
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert any("factors[0].value" in line and "reference gas" in line for line in lines), lines


def test_many_problems_are_capped_with_a_count(tmp_path):
    data = yaml.safe_load(PLANT.read_text(encoding="utf-8"))
    data.update({f"unknown_key_{i}": 1 for i in range(120)})
    target = tmp_path / "many.yaml"
    target.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_plant(target)
    text = str(caught.value)
    assert "more problems" in text
    assert "70 more problems" in text  # 120 found, 50 listed (each names its key twice)
    assert text.count("unknown_key_") == 2 * 50


# ------------------------------------------------------------------ library arguments


def test_library_arguments_are_checked_with_sentences():
    factors = load_factor_set()
    plant = load_plant(PLANT)
    problem = load_problem(PROBLEM)
    calls = [
        lambda: evaluate(plant, factors, gwp_set="AR9"),
        lambda: optimise(problem, factors, objective="co3"),
        lambda: optimise(problem, factors, objective="weighted", carbon_price=float("nan")),
        lambda: optimise(problem, factors, confidence=1.5),
        lambda: pareto(problem, factors, points=1),
    ]
    for call in calls:
        with pytest.raises(InputError) as caught:
            call()
        message = str(caught.value)
        assert "must be" in message, message
        assert message.rstrip().endswith("instead."), message
        assert ".0;" not in message, message


def test_a_country_without_grid_data_is_reported_once_at_its_line(run, tmp_path):
    target = edited_plant(tmp_path, lambda d: d.update(country="AQ"))
    result = run("footprint", target)
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1, lines
    assert "edited.yaml:2: country: must be a country with a grid" in lines[0]


def test_problem_errors_found_while_solving_carry_their_line(run, tmp_path):
    (tmp_path / "problems").mkdir()
    text = PROBLEM.read_text(encoding="utf-8").replace("natural_gas: 12 EUR/GJ", "gas: 12 EUR/GJ")
    problem = tmp_path / "problems" / "billet.yaml"
    problem.write_text(text, encoding="utf-8")
    for name in ("nordic_hydro_smelter.yaml", "coal_grid_smelter.yaml"):
        (tmp_path / name).write_bytes((REPO / "examples" / name).read_bytes())
    result = run("optimise", problem)
    assert result.exit_code == 2
    lines = error_lines(result.stderr)
    line = 1 + text.splitlines().index("fuel_prices:")
    assert any(f"billet.yaml:{line}: fuel_prices.natural_gas: must be given" in x for x in lines)
