"""Docs stay in sync with the code and the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aluco2._report import factors_markdown

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


@pytest.mark.parametrize("kind", ["plant", "problem", "installation"])
def test_file_references_are_generated_from_the_schemas(kind):
    from aluco2._build import schema_docs

    render = getattr(schema_docs, f"{kind}_file_markdown")
    committed = (ROOT / "docs" / f"{kind}-file.md").read_text(encoding="utf-8")
    assert committed == render(), (
        f"docs/{kind}-file.md is stale: "
        f"python -m aluco2._build.schema_docs {kind} > docs/{kind}-file.md"
    )


def test_method_documents_list_every_method_function():
    import importlib
    import pkgutil

    import aluco2._methods

    for info in pkgutil.iter_modules(aluco2._methods.__path__):
        if info.name.startswith("_"):
            continue
        # The CBAM equations are documented with the CBAM method, the rest with the footprint.
        document = "cbam.md" if info.name == "cbam" else "methodology.md"
        text = (ROOT / "docs" / document).read_text(encoding="utf-8")
        module = importlib.import_module(f"aluco2._methods.{info.name}")
        for name in module.__all__:
            if callable(getattr(module, name)):
                assert f"`aluco2._methods.{info.name}.{name}`" in text, name


def test_every_method_docstring_states_units_and_cites_a_source():
    import importlib
    import pkgutil

    import aluco2._methods
    from aluco2._units import parse_unit

    for info in pkgutil.iter_modules(aluco2._methods.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"aluco2._methods.{info.name}")
        for name in module.__all__:
            function = getattr(module, name)
            if not callable(function):
                continue
            doc = function.__doc__ or ""
            units = re.findall(r"\[([^\]]+)\]\s*$", doc, flags=re.M)
            assert units, f"{name}: no bracketed units"
            for unit in units:
                for part in unit.split("], ["):
                    parse_unit(part.replace("gas", "CO2"))  # 'gas' stands for any species
            assert re.search(r"Eqs?\.|Equation|Guidance|definition|Ch\. \d", doc), name


def _documented_commands() -> list[tuple[str, int, str]]:
    """Every ``$ aluco2 ...`` line of the docs that is not shown failing: (file, line, command)."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            following = lines[number] if number < len(lines) else ""
            if line.startswith("$ aluco2 ") and not following.startswith("error:"):
                found.append((path.name, number, line[2:]))
    return found


@pytest.mark.parametrize(
    ("doc", "line", "command"), _documented_commands(), ids=lambda v: str(v)[:60]
)
def test_every_documented_command_runs(doc, line, command, tmp_path, monkeypatch):
    import shlex
    import shutil

    from click.testing import CliRunner

    from aluco2._cli import cli

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command, comments=True)[1:]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, f"{doc}:{line}: {command}\n{result.stderr}"


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("index", range(len(_python_blocks(ROOT / "docs" / "embedding.md"))))
def test_the_embedding_examples_run(index, tmp_path, monkeypatch, capsys):
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    code = _python_blocks(ROOT / "docs" / "embedding.md")[index]
    exec(compile(code, f"docs/embedding.md block {index + 1}", "exec"), {"__name__": "__doc__"})
    assert "Traceback" not in capsys.readouterr().err


def test_the_batch_document_lists_every_column_with_its_unit():
    from aluco2._batch._columns import COLUMNS

    text = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"| `{column.name}` | {column.unit or 'text'} |" in text, column.name
