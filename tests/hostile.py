"""Hostile-input corpus of the command line (issue 9): cases, one runner, one judge.

Every case copies ``examples/`` (and a site factor file) into a fresh directory,
applies its edits there (a mutated value, key or list of one YAML file, a whole
file replaced by garbage, an output target prepared), runs one ``aluco2`` command
line in it and judges the outcome:

- exit 0 with finite output (no ``inf``/``nan`` token; JSON parses without
  NaN/Infinity), or exit 2 with only ``error: ...`` lines on standard error (exit
  1 only for an infeasible ``optimise``/``pareto``), never a traceback or a warning;
- no input or special file changed, no partial output, no stray temporary file,
  and the mode of a written file follows the umask (new) or is kept (existing).

What is generated comes from tables, so a new input kind (a CSV batch table, a
registry) or command is one entry: :data:`KINDS` says which files belong to a kind
and which command lines read them, :func:`option_cases` and :func:`output_cases`
the bad options and output targets of each command.

The corpus is sampled with a fixed seed down to ``ALUCO2_HOSTILE_BUDGET`` cases
(default :data:`DEFAULT_BUDGET`; ``0`` runs all of them). ``python -m tests.hostile``
runs it outside pytest and prints the corpus size, the pass rate and the failure
classes; ``python -m tests.hostile repro CASE_ID DIR`` prepares one case in DIR and
prints its command line.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import dataclasses
import datetime
import functools
import hashlib
import io
import json
import math
import os
import random
import re
import resource
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import time
import warnings
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEED = 20261202
DEFAULT_BUDGET = 1000
CASE_TIMEOUT_S = 60.0
"""Longest a case may run (in-process by an alarm, in a subprocess by a timeout)."""
UMASK = 0o027
"""Umask while a case runs: a new output file must get 0o666 & ~UMASK = 0o640."""
SITE = "site.yaml"
"""Site factor file written into every case directory (relative to it)."""
TOKEN = "__HOSTILE_TOKEN__"
"""Placeholder replaced by a raw YAML token (e.g. an invalid date) after dumping."""

SITE_TEXT = """\
dataset: site
title: Site factors of the hostile-input corpus
units:
  "site.*.*": "GJ/t"
sources:
  meter: {publisher: Example Smelter, title: Metering report, year: 2025}
defaults:
  region: "NO"
  year: 2025
  category: statistics
  confidence: primary
  source: {ref: meter, locator: "Table 1"}
factors:
  - id: gwp.AR5.CF4
    value: "6630 t CO2e / t CF4"
    uncertainty: {low: "6000 t CO2e / t CF4", high: "7000 t CO2e / t CF4", basis: "illustrative"}
  - id: grid.owid_ember_2023.NO.2021
    value: "26.07 g CO2e/kWh"
    year: 2021
  - id: site.furnace.gas
    name: Furnace gas use
    value: "3.1 GJ/t"
"""

KeyPath = tuple[str | int, ...]


# --------------------------------------------------------------------------- YAML


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (``NO`` stays a string), like aluco2's reader."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:bool"]
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )


def load(text: str, name: str = "") -> Any:
    """Parse a corpus file: CSV tables as lists of rows, everything else as YAML."""
    if name.endswith(".csv"):
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    return yaml.load(text, Loader=_Loader)


def _cell(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else json.dumps(value)


def dump(data: Any, name: str = "") -> str:
    """Write a corpus file back: CSV rows (a mutated cell as its JSON text), or YAML."""
    if name.endswith(".csv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in data if isinstance(data, list) else [[_cell(data)]]:
            writer.writerow([_cell(c) for c in row] if isinstance(row, list) else [_cell(row)])
        return buffer.getvalue()
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
    return text


def path_text(key_path: KeyPath) -> str:
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "<root>"


def walk(data: Any, key_path: KeyPath = ()) -> Iterator[tuple[str, KeyPath, Any]]:
    """Yield ('leaf'|'key'|'list'|'map', key path, value) for every node of ``data``."""
    if isinstance(data, dict):
        yield "map", key_path, data
        for key, value in data.items():
            yield "key", (*key_path, key), value
            yield from walk(value, (*key_path, key))
    elif isinstance(data, list):
        yield "list", key_path, data
        for index, value in enumerate(data):
            yield from walk(value, (*key_path, index))
    else:
        yield "leaf", key_path, data


def _parent(data: Any, key_path: KeyPath) -> Any:
    for part in key_path[:-1]:
        data = data[part]
    return data


# ---------------------------------------------------------------------- mutations

_QUANTITY = re.compile(
    r"^\s*(?P<num>[-+]?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?P<unit>(?:1/|[^\d\s]).*)?$"
)
LONG = 100_000


def _quantity(value: Any) -> tuple[float, str] | None:
    """(magnitude, unit) of a plain number ('' unit) or a quantity string; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value), ""
    if isinstance(value, str):
        match = _QUANTITY.match(value)
        if match and (match["unit"] is None or not match["unit"].strip().isdigit()):
            try:
                return float(match["num"].replace("_", "")), (match["unit"] or "").strip()
            except ValueError:
                return None
    return None


def _wrong_dimension(unit: str) -> str:
    return "15 s" if unit.strip() in {"t", "kg", "g", "Mt", "kt"} else "15 kg"


def _divide_by_zero(number: float, unit: str) -> str:
    if "/" in unit:
        head, tail = unit.split("/", 1)
        return f"{number:g} {head.strip() or '1'}/(0 {tail.strip()})"
    return f"{number:g} {unit or 't'}/(0 t)"


def numeric_mutations(value: Any) -> dict[str, Any]:
    """Replacements of a number or quantity string, by label."""
    number, unit = _quantity(value) or (1.0, "")
    plain = isinstance(value, int | float)

    def q(text: str) -> Any:
        return f"{text} {unit}".strip()

    special = {
        "nan": math.nan if plain else q("nan"),
        "inf": math.inf if plain else q("inf"),
        "-inf": -math.inf if plain else q("-inf"),
        "1e308": 1e308 if plain else q("1e308"),
        "-1": -1 if plain else q("-1"),
        "0": 0 if plain else q("0"),
        "x1e6": number * 1e6 if plain else q(repr(number * 1e6)),
        "text": "fifteen and a bit",
        "wrong-dimension": _wrong_dimension(unit),
        "unit/(0 t)": _divide_by_zero(number, unit),
        "1/0": "1/0",
        "long-digits": q("9" * LONG),
        "ctrl-esc": "\x1b[31mred\x1b[0m",
        "invalid-date": TOKEN + "2026-02-30",
        "null": None,
    }
    if not plain:
        special["bare-number"] = number
        special["nan-string"] = "NaN"
    return special


def text_mutations(value: Any) -> dict[str, Any]:
    """Replacements of a text, boolean or date scalar, by label."""
    return {
        "text": "fifteen and a bit",
        "empty": "",
        "number": 15,
        "long-text": "A" * LONG,
        "ctrl-esc": "\x1b[31mred\x1b[0m\x07",
        "invalid-date": TOKEN + "2026-02-30",
        "list": [value] if not isinstance(value, datetime.date) else ["x"],
        "null": None,
    }


def structure_mutations(kind: str, key_path: KeyPath, value: Any) -> dict[str, Callable]:
    """Edits of a key, list or mapping, by label: functions that change data in place."""
    if kind == "key":

        def delete(data: Any) -> None:
            del _parent(data, key_path)[key_path[-1]]

        def typo(data: Any) -> None:
            parent = _parent(data, key_path)
            items = [(f"{k}x" if k == key_path[-1] else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)

        return {"delete-key": delete, "typo-key": typo}
    if kind == "list":

        def node(data: Any) -> Any:
            return _parent(data, (*key_path, 0)) if key_path else data

        def duplicate(data: Any) -> None:
            items = node(data)
            items.append(copy.deepcopy(items[0]))

        def empty(data: Any) -> None:
            node(data).clear()

        return {"duplicate-entry": duplicate, "empty-list": empty} if value else {}
    if kind == "map":

        def extra(data: Any) -> None:
            (_parent(data, (*key_path, "")) if key_path else data)["hostile_extra_key"] = 1

        return {"unknown-key": extra}
    return {}


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def file_mutations(original: bytes) -> dict[str, Callable[[], bytes]]:
    """Whole-file replacements, by label (bytes made on demand: some are large)."""
    text = original.decode("utf-8")
    first_key = next(line.split(":")[0] for line in text.splitlines() if re.match(r"^\w", line))
    rng = random.Random(SEED)
    return {
        "empty-file": lambda: b"",
        "comments-only": lambda: b"# nothing here\n\n",
        "list-document": lambda: b"- 1\n- 2\n",
        "scalar-document": lambda: b"just a string\n",
        "binary-garbage": lambda: bytes(rng.randrange(256) for _ in range(4096)),
        "invalid-utf8": lambda: original[:40] + b"\xff\xfe\xc3\x28" + original[40:],
        "utf16-bom": lambda: text.encode("utf-16"),
        "nul-byte": lambda: original.replace(b"\n", b"\n\x00", 1),
        "unsafe-tag": lambda: b'plant: !!python/object/apply:os.system ["echo hi"]\n' + original,
        "python-name-tag": lambda: original + b"extra: !!python/name:os.system\n",
        "custom-tag": lambda: original + b"extra: !foo bar\n",
        "deep-flow": lambda: b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n",
        "deep-block": lambda: "".join(f"{' ' * i}k{i}:\n" for i in range(300)).encode() + b"",
        "billion-laughs": lambda: _billion_laughs().encode(),
        "recursive-alias": lambda: b"a: &x [*x]\n",
        "large-file": lambda: original + b"#" * (9 * 1024 * 1024) + b"\n",
        "many-keys": lambda: original + "".join(f"k{i}: {i}\n" for i in range(60_000)).encode(),
        "duplicate-top-key": lambda: original + f"\n{first_key}: duplicate\n".encode(),
        "tab-indent": lambda: original.replace(b"\n  ", b"\n\t", 1),
        "truncated": lambda: original[: len(original) // 2],
        "crlf": lambda: original.replace(b"\n", b"\r\n"),
        "merge-key": lambda: b"base: &b {x: 1}\n" + original + b"other:\n  <<: *b\n",
        "complex-key": lambda: original + b"? [a, b]\n: c\n",
        "numeric-key": lambda: original + b"2026: x\n",
    }


# -------------------------------------------------------------------------- edits


@dataclasses.dataclass(frozen=True)
class Edit:
    """A change made in the case directory before the command runs."""

    def apply(self, root: Path) -> None:
        raise NotImplementedError


@dataclasses.dataclass(frozen=True)
class DataEdit(Edit):
    """Replace a YAML file by a mutated copy of its data (re-dumped)."""

    file: str
    key_path: KeyPath
    value: Any = None
    change: Callable | None = None

    def apply(self, root: Path) -> None:
        path = root / self.file
        data = load(path.read_text(encoding="utf-8"), self.file)
        if self.change is not None:
            self.change(data)
        elif self.key_path:
            _parent(data, self.key_path)[self.key_path[-1]] = self.value
        text = dump(data, self.file)
        text = re.sub(rf"'?{TOKEN}([^'\n]*)'?", r"\1", text)
        path.write_text(text, encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class RawEdit(Edit):
    """Replace a file's bytes."""

    file: str
    make: Callable[[], bytes]

    def apply(self, root: Path) -> None:
        (root / self.file).write_bytes(self.make())


@dataclasses.dataclass(frozen=True)
class ReplaceEdit(Edit):
    """Replace a path by something else: 'fifo', 'dir', 'missing', 'loop', or 'link:TARGET'."""

    file: str
    by: str

    def apply(self, root: Path) -> None:
        path = root / self.file
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        if self.by == "fifo":
            os.mkfifo(path)
        elif self.by == "dir":
            path.mkdir()
        elif self.by == "loop":
            os.symlink(path.name + ".loop", path)
            os.symlink(path.name, path.with_name(path.name + ".loop"))
        elif self.by.startswith("link:"):
            os.symlink(self.by.removeprefix("link:"), path)
        elif self.by.startswith("hardlink:"):
            os.link(root / self.by.removeprefix("hardlink:"), path)


@dataclasses.dataclass(frozen=True)
class MakeFile(Edit):
    """Create a regular file with given bytes and mode."""

    file: str
    data: bytes = b"old content\n"
    mode: int = 0o644

    def apply(self, root: Path) -> None:
        path = root / self.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.data)
        path.chmod(self.mode)


# -------------------------------------------------------------------------- cases


@dataclasses.dataclass(frozen=True)
class Case:
    """One command line in a prepared directory, and what is allowed of it."""

    id: str
    argv: tuple[str, ...]
    edits: tuple[Edit, ...] = ()
    outputs: tuple[str, ...] = ()
    """Paths the command may write on success (as given on the command line)."""
    expect_ok: bool = False
    infeasible_ok: bool = False
    subprocess: bool = False
    feed: str | None = None
    """A FIFO input to feed with the original file's bytes while the command runs."""
    group: str = "value"
    """'value' cases are sampled; the others are always kept."""


@dataclasses.dataclass(frozen=True)
class Command:
    """A command line reading one file of a kind; ``{}`` stands for the file."""

    name: str
    argv: tuple[str, ...]
    infeasible_ok: bool = False
    output: str | None = None

    def line(self, file: str, other: str = "") -> tuple[str, ...]:
        return tuple(a.replace("{}", file).replace("{other}", other) for a in self.argv)


@dataclasses.dataclass(frozen=True)
class Kind:
    """An input kind: which files are of it, and the command lines that read them."""

    name: str
    claims: Callable[[str, Any], bool]
    commands: tuple[Command, ...]


def _is_plant(name: str, data: Any) -> bool:
    return isinstance(data, dict) and "plant" in data and "products" in data


def _is_problem(name: str, data: Any) -> bool:
    return isinstance(data, dict) and "problem" in data


def _is_installation(name: str, data: Any) -> bool:
    return isinstance(data, dict) and "installation" in data and "processes" in data


def _is_factor_file(name: str, data: Any) -> bool:
    return isinstance(data, dict) and "dataset" in data and "factors" in data


def _is_offers_table(name: str, data: Any) -> bool:
    return name.endswith(".csv") and not name.endswith("_plain.csv")


def _is_plain_offers_table(name: str, data: Any) -> bool:
    return name.endswith("_plain.csv")


def _is_units_sidecar(name: str, data: Any) -> bool:
    return name.endswith(".units.yaml")


UNITS_SIDECAR = "examples/offers/aluminium_offers.units.yaml"
PLAIN_OFFERS = "examples/offers/aluminium_offers_plain.csv"


_OPT = ("optimise", "{}")
KINDS: tuple[Kind, ...] = (
    Kind(
        "plant",
        _is_plant,
        (
            Command("footprint", ("footprint", "{}")),
            Command("footprint-json", ("footprint", "{}", "--format", "json")),
            Command("footprint-csv", ("footprint", "{}", "--format", "csv", "--unit", "kg CO2e/t")),
            Command("compare", ("compare", "{}", "{other}", "--format", "json")),
        ),
    ),
    Kind(
        "problem",
        _is_problem,
        (
            Command("optimise", _OPT, infeasible_ok=True),
            Command("optimise-cost", (*_OPT, "--objective", "cost", "--format", "json"), True),
            Command(
                "optimise-weighted",
                (*_OPT, "--objective", "weighted", "--carbon-price", "80 EUR/t", "--format", "csv"),
                True,
            ),
            Command("optimise-mc", (*_OPT, "--confidence", "0.95", "--samples", "200"), True),
            Command("pareto", ("pareto", "{}", "--points", "3", "--format", "csv"), True),
        ),
    ),
    Kind(
        "installation",
        _is_installation,
        (
            Command("cbam", ("cbam", "{}")),
            Command("cbam-json", ("cbam", "{}", "--format", "json")),
            Command(
                "cbam-estimate",
                (
                    *("cbam", "{}", "--format", "csv", "--year", "2027", "--cscf", "1"),
                    *("--eua-price", "75 EUR/t"),
                ),
            ),
            Command(
                "cbam-xlsx",
                ("cbam", "{}", "--format", "xlsx", "-o", "out/report.xlsx"),
                output="out/report.xlsx",
            ),
        ),
    ),
    Kind(
        "site-factors",
        _is_factor_file,
        (
            Command("factors-validate", ("factors", "validate", "{}")),
            Command(
                "footprint-site",
                (
                    *("footprint", "examples/nordic_hydro_smelter.yaml", "--format", "json"),
                    *("--factors", "{}"),
                ),
            ),
            Command("factors-list-site", ("factors", "list", "--factors", "{}", "--format", "csv")),
            Command(
                "cbam-site",
                ("cbam", "examples/cbam/primary_smelter_in.yaml", "--factors", "{}"),
            ),
        ),
    ),
    Kind(
        "units-sidecar",
        _is_units_sidecar,
        (
            Command("batch-units", ("batch", PLAIN_OFFERS, "--units", "{}")),
            Command(
                "batch-units-json",
                ("batch", PLAIN_OFFERS, "--units", "{}", "-o", "out/result.json"),
                output="out/result.json",
            ),
        ),
    ),
    Kind(
        "offers-plain",
        _is_plain_offers_table,
        (Command("batch-plain", ("batch", "{}", "--units", UNITS_SIDECAR)),),
    ),
    Kind(
        "offers",
        _is_offers_table,
        (
            Command("batch", ("batch", "{}")),
            Command(
                "batch-json",
                (
                    "batch",
                    "{}",
                    "--carbon-price",
                    "80 EUR/t",
                    "--rank-by",
                    "carbon-adjusted-price",
                    "-o",
                    "out/result.json",
                ),
                output="out/result.json",
            ),
            Command(
                "batch-errors",
                ("batch", "{}", "--check-label", "asi-smelter-8", "--errors", "out/errors.csv"),
                output="out/errors.csv",
            ),
        ),
    ),
)


@dataclasses.dataclass(frozen=True)
class InputFile:
    """A file of the corpus: its path in the case directory, kind, data and bytes."""

    name: str
    kind: Kind
    data: Any
    raw: bytes
    referrers: tuple[str, ...] = ()


def _references(data: Any) -> set[str]:
    return {
        v for k, _p, v in walk(data) if k == "leaf" and isinstance(v, str) and v.endswith(".yaml")
    }


def input_files(examples: Path = EXAMPLES) -> list[InputFile]:
    """Every example file (found by globbing) and the site factor file, with their kinds."""
    found: list[tuple[str, bytes]] = [
        (f"examples/{p.relative_to(examples).as_posix()}", p.read_bytes())
        for p in sorted([*examples.rglob("*.yaml"), *examples.rglob("*.csv")])
    ]
    found.append((SITE, SITE_TEXT.encode()))
    files = []
    for name, raw in found:
        data = load(raw.decode("utf-8"), name)
        kind = next((k for k in KINDS if k.claims(name, data)), None)
        if kind is not None:
            files.append(InputFile(name, kind, data, raw))
    referrers: dict[str, list[str]] = defaultdict(list)
    for file in files:
        for ref in _references(file.data):
            target = os.path.normpath(str(Path(file.name).parent / ref))
            referrers[target].append(file.name)
    return [dataclasses.replace(f, referrers=tuple(referrers.get(f.name, ()))) for f in files]


def _other_plant(files: Sequence[InputFile], name: str) -> str:
    plants = [f.name for f in files if f.kind.name == "plant" and f.name != name]
    return plants[0] if plants else name


def command_lines(file: InputFile, files: Sequence[InputFile]) -> list[tuple[str, Command, str]]:
    """(label, command, file argument) of every command line that reads ``file``."""
    lines = [(c.name, c, file.name) for c in file.kind.commands]
    by_name = {f.name: f for f in files}
    for referrer in file.referrers:
        command = by_name[referrer].kind.commands[0]
        lines.append((f"{command.name}<-{Path(referrer).name}", command, referrer))
    return lines


def _case(
    line: tuple[str, Command, str],
    files: Sequence[InputFile],
    file: str,
    where: str,
    mutation: str,
    edits: tuple[Edit, ...],
    group: str,
    **extra: Any,
) -> Case:
    label, command, arg = line
    argv = command.line(arg, _other_plant(files, arg))
    outputs = (command.output,) if command.output else ()
    return Case(
        id=f"{label}|{file.removeprefix('examples/')}|{where}|{mutation}",
        argv=argv,
        edits=edits,
        outputs=outputs,
        infeasible_ok=command.infeasible_ok,
        group=group,
        **extra,
    )


def _pick(rng: random.Random, items: Sequence[Any]) -> Any:
    return items[rng.randrange(len(items))]


def value_cases(files: Sequence[InputFile]) -> list[Case]:
    """Every scalar, key, list and mapping of every file, each mutation, one command each."""
    cases = []
    for file in files:
        lines = command_lines(file, files)
        for node, key_path, value in walk(file.data):
            where = f"{Path(file.name).name}:{path_text(key_path)}"
            if node == "leaf":
                mutations = (
                    numeric_mutations(value)
                    if _quantity(value) is not None
                    else text_mutations(value)
                )
                edits = {m: DataEdit(file.name, key_path, v) for m, v in mutations.items()}
            else:
                changes = structure_mutations(node, key_path, value)
                edits = {m: DataEdit(file.name, key_path, change=c) for m, c in changes.items()}
            for mutation, edit in edits.items():
                rng = random.Random(f"{SEED}:{where}:{mutation}")
                line = _pick(rng, lines)
                where_ = path_text(key_path)
                cases.append(_case(line, files, file.name, where_, mutation, (edit,), "value"))
    return cases


def file_cases(files: Sequence[InputFile]) -> list[Case]:
    """Whole-file garbage and special files in place of each file, for each command line."""
    cases = []
    for file in files:
        lines = command_lines(file, files)
        specials: dict[str, tuple[Edit, dict[str, Any]]] = {
            m: (RawEdit(file.name, make), {}) for m, make in file_mutations(file.raw).items()
        }
        specials |= {
            "identity-redump": (DataEdit(file.name, ()), {}),
            "directory": (ReplaceEdit(file.name, "dir"), {}),
            "missing": (ReplaceEdit(file.name, "missing"), {}),
            "symlink-loop": (ReplaceEdit(file.name, "loop"), {}),
            "dev-null": (ReplaceEdit(file.name, "link:/dev/null"), {}),
            "dev-zero": (ReplaceEdit(file.name, "link:/dev/zero"), {"subprocess": True}),
            "fifo-fed": (ReplaceEdit(file.name, "fifo"), {"subprocess": True, "feed": file.name}),
        }
        for index, (mutation, (edit, extra)) in enumerate(specials.items()):
            chosen = lines if mutation == "identity-redump" else [lines[index % len(lines)]]
            for line in chosen:
                cases.append(
                    _case(line, files, file.name, "<file>", mutation, (edit,), "file", **extra)
                )
    for file in files:
        for line in command_lines(file, files):
            if line[2] == file.name:
                case = _case(line, files, file.name, "<baseline>", "none", (), "baseline")
                cases.append(dataclasses.replace(case, expect_ok=not line[1].infeasible_ok))
    return cases


PLANT = "examples/nordic_hydro_smelter.yaml"
PLANT_B = "examples/coal_grid_smelter.yaml"
PROBLEM = "examples/problems/6063_billet.yaml"
INSTALLATION = "examples/cbam/primary_smelter_in.yaml"
OFFERS = "examples/offers/aluminium_offers.csv"

OPTIONS: dict[str, tuple[tuple[str, ...], list[tuple[str, tuple[str, ...]]]]] = {
    "footprint": (
        ("footprint", PLANT),
        [
            ("unit-lb-per-short-ton+ok", ("--unit", "lb CO2e/short_ton")),
            ("unit-kg", ("--unit", "kg")),
            ("unit-empty", ("--unit", "")),
            ("unit-1/0", ("--unit", "1/0")),
            ("unit-div-zero", ("--unit", "kg CO2e/(0 t)")),
            ("unit-esc", ("--unit", "\x1b[31mkg")),
            ("unit-unknown", ("--unit", "furlong CO2e/t")),
            ("unit-offset", ("--unit", "degC")),
            ("unit-json-kg+ok", ("--unit", "kg CO2e/t", "--format", "json")),
            ("gwp-AR7", ("--gwp", "AR7")),
            ("gwp-lower+ok", ("--gwp", "ar6")),
            ("format-xml", ("--format", "xml")),
            ("unknown-option", ("--bogus",)),
            ("factors-missing", ("--factors", "nope.yaml")),
            ("factors-dir", ("--factors", "examples")),
            ("factors-devnull", ("--factors", "/dev/null")),
            ("factors-plant", ("--factors", PLANT_B)),
            ("extra-argument", ("extra.yaml",)),
        ],
    ),
    "footprint-misc": (
        ("footprint",),
        [
            ("problem-as-plant", (PROBLEM,)),
            ("installation-as-plant", (INSTALLATION,)),
            ("factor-file-as-plant", (SITE,)),
            ("no-file", ()),
            ("directory", ("examples",)),
        ],
    ),
    "cbam-misc": (
        ("cbam",),
        [
            ("plant-as-installation", ("examples/cbam/smelter_plant.yaml",)),
            ("problem-as-installation", (PROBLEM,)),
            ("report-no-file", ("report",)),
        ],
    ),
    "batch": (
        ("batch", OFFERS),
        [
            ("carbon-price-word", ("--carbon-price", "lots")),
            ("carbon-price-no-currency", ("--carbon-price", "80")),
            ("carbon-price-usd", ("--carbon-price", "80 USD/t")),
            ("carbon-price-negative", ("--carbon-price", "-5 EUR/t")),
            ("carbon-price-nan", ("--carbon-price", "nan EUR/t")),
            ("carbon-price-huge", ("--carbon-price", "1e308 EUR/t")),
            ("rank-adjusted-without-price", ("--rank-by", "carbon-adjusted-price")),
            ("rank-bogus", ("--rank-by", "cheapest")),
            ("rank-price+ok", ("--rank-by", "price")),
            ("label-unknown", ("--check-label", "asi")),
            ("label-all+ok", ("--check-label", "asi-smelter-8", "--check-label", "hydro-reduxa-4")),
            ("format-parquet-stdout", ("--format", "parquet")),
            ("format-json+ok", ("--format", "json")),
            ("engine-bogus", ("--engine", "spark")),
            ("workers-zero", ("--engine", "dask", "--workers", "0")),
            ("dask-on-csv", ("--engine", "dask", "--workers", "1")),
            ("factors-missing", ("--factors", "nope.yaml")),
        ],
    ),
    "batch-misc": (
        ("batch",),
        [
            ("plant-as-offers", (PLANT,)),
            ("directory", ("examples",)),
            ("no-file", ()),
        ],
    ),
    "optimise-misc": (
        ("optimise",),
        [("plant-as-problem", (PLANT,)), ("installation-as-problem", (INSTALLATION,))],
    ),
    "compare": (
        ("compare", PLANT),
        [
            ("same-twice+ok", (PLANT,)),
            ("one-plant+ok", ()),
            ("unit-kg", (PLANT_B, "--unit", "kg")),
            ("problem-as-plant", (PROBLEM,)),
            ("installation-as-plant", (INSTALLATION,)),
            ("gwp-mixed-sets", ("examples/coal_grid_smelter.yaml", "--gwp", "SAR")),
        ],
    ),
    "optimise": (
        ("optimise", PROBLEM),
        [
            ("confidence-nan", ("--confidence", "nan")),
            ("confidence-inf", ("--confidence", "inf")),
            ("confidence-0.2", ("--confidence", "0.2")),
            ("confidence-1", ("--confidence", "1")),
            ("confidence-text", ("--confidence", "high")),
            ("samples--1", ("--samples", "-1")),
            ("samples-1e9", ("--samples", "1000000000")),
            ("samples-text", ("--samples", "many")),
            ("price-negative", ("--objective", "weighted", "--carbon-price", "-80 EUR/t")),
            ("price-nan", ("--objective", "weighted", "--carbon-price", "nan EUR/t")),
            ("price-inf", ("--objective", "weighted", "--carbon-price", "inf EUR/t")),
            ("price-1e308", ("--objective", "weighted", "--carbon-price", "1e308 EUR/t")),
            ("price-usd", ("--objective", "weighted", "--carbon-price", "80 USD/t")),
            ("price-kg", ("--objective", "weighted", "--carbon-price", "80 kg")),
            ("price-bare", ("--objective", "weighted", "--carbon-price", "80")),
            ("price-div-zero", ("--objective", "weighted", "--carbon-price", "80 EUR/(0 t)")),
            ("price-per-co2e+ok", ("--objective", "weighted", "--carbon-price", "80 EUR/t CO2e")),
            ("price-without-weighted", ("--carbon-price", "80 EUR/t")),
            ("weighted-without-price", ("--objective", "weighted")),
            ("objective-bogus", ("--objective", "speed")),
            ("unknown-option", ("--bogus",)),
            ("factors-site+ok", ("--factors", SITE)),
            ("factors-problem", ("--factors", PROBLEM)),
        ],
    ),
    "pareto": (
        ("pareto", PROBLEM),
        [
            ("points-0", ("--points", "0")),
            ("points-1", ("--points", "1")),
            ("points--5", ("--points", "-5")),
            ("points-1001", ("--points", "1001")),
            ("points-nan", ("--points", "nan")),
            ("points-2+ok", ("--points", "2")),
            ("confidence-nan", ("--points", "3", "--confidence", "nan")),
            ("confidence-0.2", ("--points", "3", "--confidence", "0.2")),
            ("unknown-option", ("--bogus",)),
        ],
    ),
    "cbam": (
        ("cbam", INSTALLATION),
        [
            ("year-1900", ("--year", "1900", "--cscf", "1")),
            ("year-without-cscf", ("--year", "2027")),
            ("cscf-without-year", ("--cscf", "1")),
            ("cscf-nan", ("--year", "2027", "--cscf", "nan")),
            ("cscf-inf", ("--year", "2027", "--cscf", "inf")),
            ("cscf-negative", ("--year", "2027", "--cscf", "-0.1")),
            ("cscf-2", ("--year", "2027", "--cscf", "2")),
            ("cscf-text", ("--year", "2027", "--cscf", "one")),
            ("cscf-1e400", ("--year", "2027", "--cscf", "1e400")),
            ("eua-negative", ("--year", "2027", "--cscf", "1", "--eua-price", "-1 EUR/t")),
            ("eua-nan", ("--year", "2027", "--cscf", "1", "--eua-price", "nan EUR/t")),
            ("eua-usd", ("--year", "2027", "--cscf", "1", "--eua-price", "75 USD/t")),
            ("eua-kg", ("--year", "2027", "--cscf", "1", "--eua-price", "75 kg")),
            ("eua-1e400", ("--year", "2027", "--cscf", "1", "--eua-price", "1e400 EUR/t")),
            ("eua-div-zero", ("--year", "2027", "--cscf", "1", "--eua-price", "75 EUR/(0 t)")),
            ("eua-bare", ("--year", "2027", "--cscf", "1", "--eua-price", "75")),
            ("xlsx-without-output", ("--format", "xlsx")),
            ("xlsx-to-stdout", ("--format", "xlsx", "-o", "-")),
            ("format-pdf", ("--format", "pdf")),
            ("unknown-option", ("--bogus",)),
            ("two-files", ("examples/cbam/remelter_tr.yaml",)),
        ],
    ),
    "cbam-defaults": (
        ("cbam", "defaults"),
        [
            ("ok+ok", ("--cn", "7601", "--country", "CN", "--year", "2027")),
            ("cn-bogus", ("--cn", "abcd", "--year", "2027")),
            ("cn-empty", ("--cn", "", "--year", "2027")),
            ("cn-long", ("--cn", "7" * LONG, "--year", "2027")),
            ("cn-steel", ("--cn", "7208", "--country", "CN", "--year", "2027")),
            ("country-XX", ("--cn", "7601", "--country", "XX", "--year", "2027")),
            ("country-esc", ("--cn", "7601", "--country", "\x1b[", "--year", "2027")),
            ("year-1900", ("--cn", "7601", "--country", "CN", "--year", "1900")),
            ("year-missing", ("--cn", "7601", "--country", "CN")),
            ("json+ok", ("--cn", "7601", "--country", "CN", "--year", "2027", "--format", "json")),
        ],
    ),
    "factors": (
        ("factors",),
        [
            ("show-unknown", ("show", "no.such.factor")),
            ("show-empty", ("show", "")),
            ("show-esc", ("show", "\x1b[31m")),
            ("show-json+ok", ("show", "gwp.AR5.CF4", "--format", "json")),
            ("validate-missing", ("validate", "nope.yaml")),
            ("validate-dir", ("validate", "examples")),
            ("validate-devnull", ("validate", "/dev/null")),
            ("validate-plant", ("validate", PLANT)),
            ("validate-site-twice", ("validate", SITE, SITE)),
            ("list-dataset-bogus", ("list", "--dataset", "nope")),
            ("list-format-xml", ("list", "--format", "xml")),
            ("list-json+ok", ("list", "--format", "json")),
            ("unknown-subcommand", ("frobnicate",)),
        ],
    ),
    "schema": (
        ("schema",),
        [
            ("plant+ok", ("plant",)),
            ("problem+ok", ("problem",)),
            ("installation+ok", ("installation",)),
            ("factors+ok", ("factors",)),
            ("bogus", ("bogus",)),
        ],
    ),
    "aluco2": (
        (),
        [
            ("no-command", ()),
            ("unknown-command", ("frobnicate",)),
            ("version+ok", ("--version",)),
        ],
    ),
}


def option_cases() -> list[Case]:
    """Bad (and a few good but unusual) options of every command; '+ok' ones must succeed."""
    cases = []
    for command, (head, variants) in OPTIONS.items():
        for label, extra in variants:
            argv = head + extra
            cases.append(
                Case(
                    id=f"{command}|options|{_printable(shlex.join(extra))[:60]}|{label}",
                    argv=argv,
                    expect_ok=label.endswith("+ok"),
                    infeasible_ok=command in {"optimise", "pareto"},
                    group="option",
                )
            )
    return cases


OUTPUT_COMMANDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # command: (argv, files it reads that a target may name)
    "footprint": (("footprint", PLANT, "--factors", SITE), (PLANT, SITE)),
    "compare": (("compare", PLANT, PLANT_B, "--format", "csv"), (PLANT_B,)),
    "optimise": (("optimise", PROBLEM, "--format", "json"), (PROBLEM, PLANT, PLANT_B)),
    "pareto": (("pareto", PROBLEM, "--points", "3"), (PROBLEM, PLANT_B)),
    "cbam": (("cbam", INSTALLATION, "--format", "json"), (INSTALLATION,)),
    "cbam-xlsx": (
        ("cbam", INSTALLATION, "--format", "xlsx"),
        ("examples/cbam/smelter_plant.yaml",),
    ),
    "cbam-defaults": (
        ("cbam", "defaults", "--cn", "7601", "--country", "CN", "--year", "2027"),
        (),
    ),
    "factors-list": (("factors", "list", "--factors", SITE, "--format", "csv"), (SITE,)),
    "batch": (("batch", OFFERS, "--format", "csv"), (OFFERS,)),
}


def _output_variants(reads: Sequence[str]) -> list[tuple[str, str, tuple[Edit, ...], dict]]:
    """(label, target as given to -o, edits, case fields) of each output target."""
    ok = {"expect_ok": True}
    stream = {"subprocess": True}
    variants: list[tuple[str, str, tuple[Edit, ...], dict]] = [
        ("new-file", "out/result.out", (), ok),
        ("existing-0644", "existing.out", (MakeFile("existing.out", mode=0o644),), ok),
        ("existing-0600", "existing.out", (MakeFile("existing.out", mode=0o600),), ok),
        ("existing-0755", "existing.out", (MakeFile("existing.out", mode=0o755),), ok),
        ("stdout-dash", "-", (), ok),
        ("empty-name", "", (), {}),
        ("blank-name", "   ", (), {}),
        ("directory", "out", (), {}),
        ("trailing-slash", "out/", (), {}),
        ("missing-dir", "nowhere/deeper/result.out", (), {}),
        ("missing-dir-trailing-slash", "nowhere/", (), {}),
        ("symlink-loop", "loop", (ReplaceEdit("loop", "loop"),), {}),
        ("dangling-symlink", "dangling", (ReplaceEdit("dangling", "link:out/new.out"),), ok),
        ("dev-null", "/dev/null", (), ok),
        ("dev-full", "/dev/full", (), {}),
        ("fifo", "out/pipe", (ReplaceEdit("out/pipe", "fifo"),), stream | ok),
        ("file-as-dir", "existing.out/x", (MakeFile("existing.out"),), {}),
        ("long-name", "out/" + "n" * 300, (), {}),
        ("esc-name", "out/\x1b[31mred", (), ok),
    ]
    for index, read in enumerate(reads):
        variants.append((f"onto-input-{index}:{Path(read).name}", read, (), {}))
    if reads:
        variants += [
            (
                "symlink-to-input",
                "alias.yaml",
                (ReplaceEdit("alias.yaml", f"link:{reads[0]}"),),
                {},
            ),
            (
                "hardlink-to-input",
                "hard.yaml",
                (ReplaceEdit("hard.yaml", f"hardlink:{reads[0]}"),),
                {},
            ),
            ("dotdot-to-input", f"./out/../{reads[0]}", (), {}),
        ]
    return variants


def output_cases() -> list[Case]:
    """Every output target for every command that writes one."""
    cases = []
    for command, (argv, reads) in OUTPUT_COMMANDS.items():
        for label, target, edits, extra in _output_variants(reads):
            cases.append(
                Case(
                    id=f"{command}|output|{target!r}|{label}",
                    argv=(*argv, "-o", target),
                    edits=edits,
                    outputs=(target, "out/new.out") if target == "dangling" else (target,),
                    infeasible_ok=command in {"optimise", "pareto"},
                    group="output",
                    **extra,
                )
            )
    return cases + second_output_cases()


SECOND_OUTPUTS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    # command: (argv, its second output option, whether it may fail as infeasible)
    "pareto": (OUTPUT_COMMANDS["pareto"][0], "--plot", True),
    "batch": (("batch", OFFERS), "--errors", False),
}


def second_output_cases() -> list[Case]:
    """A second output (pareto's --plot, batch's --errors) beside -o: clashes and bad targets."""
    cases = []
    for command, (head, option, infeasible) in SECOND_OUTPUTS.items():
        variants = [
            ("second+ok", (option, "out/second.out", "-o", "out/first.out"), True),
            ("same-as-output", (option, "out/x", "-o", "out/x"), False),
            ("same-via-dotdot", (option, "out/x", "-o", "out/../out/x"), False),
            ("onto-input", (option, head[1]), False),
            ("onto-plant", (option, PLANT_B), False),
            ("dir", (option, "out/"), False),
            ("empty", (option, ""), False),
            ("missing-dir", (option, "nowhere/f.out"), False),
            ("dev-full", (option, "/dev/full"), False),
        ]
        for label, extra, ok in variants:
            outputs = tuple(extra[i + 1] for i, a in enumerate(extra) if a in {option, "-o"})
            cases.append(
                Case(
                    id=f"{command}|output|{extra!r}|{label}",
                    argv=(*head, *extra),
                    outputs=outputs,
                    expect_ok=ok,
                    infeasible_ok=infeasible,
                    group="output",
                )
            )
    return cases


def all_cases(examples: Path = EXAMPLES) -> list[Case]:
    files = input_files(examples)
    return value_cases(files) + file_cases(files) + option_cases() + output_cases()


def _covering(
    cases: Sequence[Case], room: int, keys: Sequence[Callable[[Case], Any]], rng: random.Random
) -> list[Case]:
    """Pick ``room`` cases at random, first one of each value of every key in turn."""
    if room >= len(cases):
        return list(cases)
    order = list(range(len(cases)))
    rng.shuffle(order)
    chosen: dict[int, None] = {}
    for key in keys:
        seen: set[Any] = set()
        for index in order:
            value = key(cases[index])
            if value not in seen:
                seen.add(value)
                chosen.setdefault(index)
    picked = list(chosen)[: max(room, 0)]
    for index in order:
        if len(picked) >= room:
            break
        if index not in chosen:
            picked.append(index)
    keep = set(picked)
    return [case for i, case in enumerate(cases) if i in keep]


def _part(case: Case, number: int) -> str:
    return [*case.id.split("|", 3), "", "", ""][number]


def sample(cases: Sequence[Case], budget: int, seed: int = SEED) -> list[Case]:
    """Sample ``budget`` cases (all when 0): half for the value mutations, half for the rest.

    Value cases cover each (file, mutation), then each (file, key path); the others each
    (command, mutation), then each mutation. Baselines are always kept.
    """
    if budget <= 0 or budget >= len(cases):
        return list(cases)
    rng = random.Random(seed)
    baselines = [c for c in cases if c.group == "baseline"]
    values = [c for c in cases if c.group == "value"]
    others = [c for c in cases if c.group not in ("value", "baseline")]
    room = max(budget - len(baselines), 0)
    other_room = min(len(others), room // 2)
    picked_others = _covering(
        others,
        other_room,
        [lambda c: (_part(c, 0), _part(c, 3)), lambda c: _part(c, 3)],
        rng,
    )
    picked_values = _covering(
        values,
        room - len(picked_others),
        [lambda c: (_part(c, 1), _part(c, 3)), lambda c: (_part(c, 1), _part(c, 2))],
        rng,
    )
    picked = {id(c) for c in (*baselines, *picked_others, *picked_values)}
    return [c for c in cases if id(c) in picked]


def budget_from_env() -> int:
    return int(os.environ.get("ALUCO2_HOSTILE_BUDGET", DEFAULT_BUDGET))


def unique_ids(cases: Sequence[Case]) -> list[Case]:
    counts: Counter[str] = Counter()
    result = []
    for case in cases:
        counts[case.id] += 1
        suffix = f"#{counts[case.id]}" if counts[case.id] > 1 else ""
        result.append(dataclasses.replace(case, id=_printable(case.id) + suffix))
    return result


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


@functools.cache
def corpus(budget: int | None = None) -> tuple[Case, ...]:
    """The sampled corpus, deterministic for one examples tree and budget."""
    cases = all_cases()
    return tuple(unique_ids(sample(cases, budget_from_env() if budget is None else budget)))


# ------------------------------------------------------------------------ running


def prepare(case: Case, root: Path) -> None:
    """Copy the examples and the site file into ``root`` and apply the case's edits."""
    shutil.copytree(EXAMPLES, root / "examples", symlinks=True)
    (root / SITE).write_text(SITE_TEXT, encoding="utf-8")
    (root / "out").mkdir()
    for edit in case.edits:
        edit.apply(root)


Entry = tuple[str, int, str]


def snapshot(root: Path) -> dict[str, Entry]:
    """Type, mode and content hash (or link target) of every entry below ``root``."""
    entries: dict[str, Entry] = {}
    for directory, names, files in os.walk(root, followlinks=False):
        for name in names + files:
            path = Path(directory, name)
            info = path.lstat()
            mode = info.st_mode
            if stat.S_ISREG(mode):
                content = hashlib.sha256(path.read_bytes()).hexdigest()
                kind = "file"
            elif stat.S_ISLNK(mode):
                content, kind = os.readlink(path), "link"
            elif stat.S_ISFIFO(mode):
                content, kind = "", "fifo"
            elif stat.S_ISDIR(mode):
                content, kind = "", "dir"
            else:
                content, kind = "", f"other:{stat.S_IFMT(mode):o}"
            entries[path.relative_to(root).as_posix()] = (kind, stat.S_IMODE(mode), content)
    return entries


SPECIAL_DEVICES = ("/dev/null", "/dev/full", "/dev/zero")


def devices() -> dict[str, bool]:
    return {d: os.path.exists(d) and stat.S_ISCHR(os.stat(d).st_mode) for d in SPECIAL_DEVICES}


@dataclasses.dataclass
class Outcome:
    """What one run did."""

    exit_code: int | None
    stdout: bytes
    stderr: str
    exception: str | None = None
    warnings: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0


class CaseTimeoutError(Exception):
    """Raised by the alarm when an in-process case runs too long."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeoutError(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


_SHOWN_BY_DEFAULT = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


def run_in_process(case: Case, root: Path) -> Outcome:
    from click.testing import CliRunner

    from aluco2._cli import cli

    runner = CliRunner()
    start = time.perf_counter()
    with (
        contextlib.chdir(root),
        _umask(UMASK),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        with _alarm(CASE_TIMEOUT_S):
            result = runner.invoke(cli, list(case.argv), catch_exceptions=True, prog_name="aluco2")
    exception = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc = result.exception
        where = ""
        if result.exc_info is not None:
            import traceback

            frames = traceback.extract_tb(result.exc_info[2])
            inner = [f for f in frames if "aluco2" in f.filename] or frames
            if inner:
                where = f" at {Path(inner[-1].filename).name}:{inner[-1].lineno}"
        exception = f"{type(exc).__name__}: {_first_line(str(exc))}{where}"
    shown = [
        f"{w.category.__name__}: {_first_line(str(w.message))}"
        for w in caught
        if not issubclass(w.category, _SHOWN_BY_DEFAULT)
    ]
    return Outcome(
        exit_code=result.exit_code,
        stdout=result.stdout_bytes,
        stderr=result.stderr,
        exception=exception,
        warnings=shown,
        seconds=time.perf_counter() - start,
    )


def _first_line(text: str, limit: int = 200) -> str:
    line = (text.strip().splitlines() or [""])[0]
    return _printable(line[:limit] + ("..." if len(line) > limit else ""))


def _limit_memory() -> None:  # pragma: no cover  (runs in the child)
    four_gib = 4 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (four_gib, four_gib))
    os.umask(UMASK)


_CHILD = "import sys; from aluco2._cli import cli; sys.argv[0] = 'aluco2'; cli()"


def _feed(path: Path, data: bytes, stop: Callable[[], bool]) -> None:
    """Write ``data`` into the FIFO ``path`` once a reader opens it (gives up on ``stop``)."""
    while not stop():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            time.sleep(0.01)
            continue
        try:
            os.set_blocking(fd, True)
            with contextlib.suppress(OSError):
                os.write(fd, data)
        finally:
            os.close(fd)
        return


def _drain(fd: int, sink: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            return
        sink.extend(chunk)


def run_subprocess(case: Case, root: Path, original: bytes = b"") -> Outcome:
    """Run a case in a child process with a timeout (FIFOs, endless devices)."""
    import tempfile
    import threading

    fifo_out = [root / o for o in case.outputs if o and (root / o).is_fifo()]
    readers = [os.open(p, os.O_RDONLY | os.O_NONBLOCK) for p in fifo_out]
    received = bytearray()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", PYTHONWARNINGS="")
    start = time.perf_counter()
    done = False
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-c", _CHILD, *case.argv],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            preexec_fn=_limit_memory,
        )
        feeder = None
        if case.feed is not None:
            feeder = threading.Thread(
                target=_feed, args=(root / case.feed, original, lambda: done), daemon=True
            )
            feeder.start()
        exception = None
        try:
            while process.poll() is None:
                if time.perf_counter() - start > CASE_TIMEOUT_S:
                    process.kill()
                    process.wait()
                    exception = f"CaseTimeoutError: still running after {CASE_TIMEOUT_S:g} s"
                    break
                for fd in readers:
                    _drain(fd, received)
                time.sleep(0.01)
        finally:
            done = True
            for fd in readers:
                _drain(fd, received)
                os.close(fd)
            if feeder is not None:
                feeder.join(timeout=5)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read().decode("utf-8", "replace")
    if exception is None and "Traceback (most recent call last)" in stderr:
        exception = "traceback: " + _first_line(stderr.strip().splitlines()[-1])
    if exception is None and process.returncode < 0:
        exception = f"killed by signal {-process.returncode}"
    return Outcome(
        exit_code=process.returncode,
        stdout=stdout + bytes(received),
        stderr=stderr,
        exception=exception,
        seconds=time.perf_counter() - start,
    )


# ------------------------------------------------------------------------- judging

_NONFINITE = re.compile(r"(?<![A-Za-z0-9_])[-+]?(?:nan|inf(?:inity)?)(?![A-Za-z0-9_])", re.I)
_PROGRESS = re.compile(r"^\s*frontier\b")
_BATCH_REPORT = re.compile(r"^([\d,]+ offers: |  row \d+, |  \.\.\. and [\d,]+ more)")
"""What ``aluco2 batch`` prints on standard error when it succeeds: its summary and the
first refused cells."""


def _format(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv[:-1]):
        if arg == "--format":
            return argv[i + 1].lower()
    return "table"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"JSON holds {name}")


def check_output(data: bytes, fmt: str, where: str) -> list[str]:
    """Problems of a successful run's output: non-finite tokens, JSON constants, format."""
    if data.startswith(b"\x89PNG"):
        return []
    if fmt == "xlsx" or data.startswith(b"PK\x03\x04"):
        return _check_xlsx(data, where)
    text = data.decode("utf-8", "replace")
    problems = []
    if fmt == "json" and text.strip():
        try:
            json.loads(text, parse_constant=_reject_constant)
        except ValueError as exc:
            problems.append(f"{where}: JSON does not parse: {_first_line(str(exc))}")
    match = _NONFINITE.search(text)
    if match:
        line = text[: match.start()].count("\n")
        context = text.splitlines()[line] if text.splitlines() else ""
        problems.append(f"{where}: non-finite '{match.group()}' in output: {_first_line(context)}")
    return problems


def _check_xlsx(data: bytes, where: str) -> list[str]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover
        return []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return [f"{where}: not a workbook: {_first_line(str(exc))}"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for cell in row:
                bad = (isinstance(cell, float) and not math.isfinite(cell)) or (
                    isinstance(cell, str) and _NONFINITE.fullmatch(cell.strip())
                )
                if bad:
                    return [f"{where}: non-finite cell {cell!r} in sheet {sheet.title!r}"]
    return []


def _stderr_problems(case: Case, outcome: Outcome) -> list[str]:
    problems = []
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    if case.argv[:1] == ("pareto",):
        lines = [line for line in lines if not _PROGRESS.match(line)]
    if case.argv[:1] == ("batch",) and outcome.exit_code == 0:
        lines = [line for line in lines if not _BATCH_REPORT.match(line)]
    if outcome.exit_code != 0:
        if not lines:
            problems.append(f"exit {outcome.exit_code} with nothing on stderr")
        bad = [line for line in lines if not line.startswith("error: ")]
        if bad:
            problems.append(f"stderr line without 'error: ': {_first_line(bad[0])}")
    elif lines:
        problems.append(f"exit 0 but stderr: {_first_line(lines[0])}")
    controls = [c for c in outcome.stderr if not c.isprintable() and c not in "\n\t\r"]
    if controls:
        problems.append(f"raw control character {controls[0]!r} on stderr")
    return problems


def _exit_problems(case: Case, outcome: Outcome) -> list[str]:
    code = outcome.exit_code
    if code == 0:
        return []
    if case.expect_ok:
        return [f"exit {code}, expected success: {_first_line(outcome.stderr)}"]
    if code == 2:
        return []
    if code == 1 and case.infeasible_ok:
        lines = [line for line in outcome.stderr.splitlines() if not _PROGRESS.match(line)]
        first = _first_line("\n".join(lines))
        if "no plan meets every constraint" in first:
            return []
        return [f"exit 1 without 'no plan meets every constraint': {first}"]
    return [f"exit {code}: {_first_line(outcome.stderr)}"]


def _regular_target(case: Case, root: Path, name: str) -> Path | None:
    if not name or name == "-" or name.startswith("/dev/"):
        return None
    return root / name


def _file_problems(
    case: Case, root: Path, before: dict[str, Entry], after: dict[str, Entry], ok: bool
) -> list[str]:
    allowed: set[str] = set()
    problems = []
    if ok:
        for name in case.outputs:
            target = _regular_target(case, root, name)
            if target is None:
                continue
            rel = os.path.normpath(name)
            allowed.add(rel)
            entry, old = after.get(rel), before.get(rel)
            if old is not None and entry is not None and old[0] != entry[0]:
                problems.append(f"output {name!r} changed from {old[0]} to {entry[0]}")
            if entry is None:
                problems.append(f"exit 0 but no output file {name!r}")
            elif entry[0] == "file":
                want = old[1] if old and old[0] == "file" else 0o666 & ~UMASK
                if entry[1] != want:
                    problems.append(f"output {name!r} has mode {entry[1]:o}, expected {want:o}")
    for name in sorted(set(before) | set(after)):
        if name in allowed:
            continue
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if old is None:
            problems.append(f"new file left behind: {name!r} ({new[0]})")
        elif new is None:
            problems.append(f"file removed: {name!r}")
        elif old[0] != new[0]:
            problems.append(f"{name!r} changed from {old[0]} to {new[0]}")
        elif old[2] != new[2]:
            problems.append(f"content of {name!r} changed")
        else:
            problems.append(f"mode of {name!r} changed from {old[1]:o} to {new[1]:o}")
    return problems


_TEXT_KEY = re.compile(r"(^|\.)(name|plant|problem)$")


def _echoes_text(case: Case) -> bool:
    """Whether the case mutated a name, which the output repeats (a material may be 'inf')."""
    return case.group == "value" and bool(_TEXT_KEY.search(_part(case, 2)))


def _success_output(case: Case, root: Path, outcome: Outcome) -> list[str]:
    if _echoes_text(case):
        return []
    fmt = _format(case.argv)
    problems = []
    regular = [n for n in case.outputs if _regular_target(case, root, n) is not None]
    written = [n for n in regular if (root / n).is_file()]
    check = check_batch_output if case.argv[:1] == ("batch",) else check_output
    if not case.outputs or "-" in case.argv or any((root / n).is_fifo() for n in case.outputs):
        problems += check(outcome.stdout, fmt, "stdout")
    for name in written:
        problems += check((root / name).read_bytes(), fmt, name)
    return problems


def check_batch_output(data: bytes, fmt: str, where: str) -> list[str]:
    """Problems of a batch output: every number finite (text cells echo the input as given).

    A batch keeps refused rows with their values in the errors and the labels as given,
    so a word such as 'nan' in a label or an errors file is not a non-finite number;
    numbers are checked where they are numbers: JSON numbers, CSV columns with a unit.
    """
    text = data.decode("utf-8", "replace")
    if where.endswith(".json"):
        try:
            json.loads(text, parse_constant=_reject_constant)
        except ValueError as exc:
            return [f"{where}: JSON does not parse: {_first_line(str(exc))}"]
        return []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or where.endswith("errors.csv"):
        return []
    numeric = [i for i, h in enumerate(rows[0]) if "[" in h or h in ("row", "rank")]
    for number, row in enumerate(rows[1:], 2):
        for i in numeric:
            cell = row[i] if i < len(row) else ""
            try:
                finite = cell == "" or math.isfinite(float(cell))
            except ValueError:
                finite = False
            if not finite:
                return [f"{where}: line {number}, {rows[0][i]}: not a finite number: {cell!r}"]
    return []


def judge(
    case: Case,
    root: Path,
    outcome: Outcome,
    before: dict[str, Entry],
    after: dict[str, Entry],
    devices_before: dict[str, bool],
) -> list[str]:
    """Every problem of one run; an empty list when the case passes."""
    problems = []
    if outcome.exception is not None:
        problems.append(f"exception {outcome.exception}")
    text = outcome.stdout.decode("utf-8", "replace") + outcome.stderr
    if "Traceback" in text and outcome.exception is None:
        problems.append("'Traceback' in output")
    problems += [f"warning shown: {w}" for w in outcome.warnings]
    if outcome.exception is None:
        problems += _exit_problems(case, outcome)
        problems += _stderr_problems(case, outcome)
        if outcome.exit_code == 0:
            problems += _success_output(case, root, outcome)
    problems += _file_problems(case, root, before, after, outcome.exit_code == 0)
    for device, was in devices_before.items():
        if was and not devices().get(device):
            problems.append(f"{device} is no longer a character device")
    return problems


def original_bytes(case: Case) -> bytes:
    if case.feed is None:
        return b""
    if case.feed == SITE:
        return SITE_TEXT.encode()
    return (REPO / case.feed).read_bytes()


def run_case(case: Case, root: Path) -> tuple[list[str], Outcome]:
    """Prepare ``root``, run the case and judge it: (problems, outcome)."""
    prepare(case, root)
    before, devices_before = snapshot(root), devices()
    if case.subprocess:
        outcome = run_subprocess(case, root, original_bytes(case))
    else:
        outcome = run_in_process(case, root)
    after = snapshot(root)
    return judge(case, root, outcome, before, after, devices_before), outcome


# ------------------------------------------------------------------ speed and reports


@contextlib.contextmanager
def cached_shipped_factors() -> Iterator[None]:
    """Load the shipped factor set once: a case changes only its own files, never those.

    Calls with site files still load them (and the shipped ones) every time. Set
    ``ALUCO2_HOSTILE_NO_CACHE=1`` to load everything every time.
    """
    import aluco2._factors as factors_module

    original = factors_module.load_factor_set
    if os.environ.get("ALUCO2_HOSTILE_NO_CACHE"):
        yield
        return
    cache: dict[str, Any] = {}

    @functools.wraps(original)
    def load_factor_set(overlays: Any = (), **kwargs: Any) -> Any:
        overlays = tuple(overlays)
        if overlays or kwargs:
            return original(overlays, **kwargs)
        if "shipped" not in cache:
            cache["shipped"] = original()
        return cache["shipped"]

    factors_module.load_factor_set = load_factor_set
    try:
        yield
    finally:
        factors_module.load_factor_set = original


def failure_class(case: Case, problem: str) -> str:
    """A coarse class of one problem: command, mutation and the problem without specifics."""
    command, _file, _where, mutation = [*case.id.split("|", 3), "", "", ""][:4]
    mutation = mutation.split("#", 1)[0]
    command = command.split("<-", 1)[0]
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", problem)
    text = re.sub(r"\d+(\.\d+)?", "N", text)
    return f"{command} | {mutation} | {text[:160]}"


def reproducer(case: Case) -> str:
    """A shell line that reruns a case in /tmp/hostile-repro (after ``repro`` set it up)."""
    return "cd /tmp/hostile-repro && aluco2 " + " ".join(
        shlex.quote(_printable(a)) for a in case.argv
    )


def summary(cases: Sequence[Case], stream: Any = sys.stdout) -> dict[str, Any]:
    """Run ``cases`` outside pytest; print corpus size, pass rate and failure classes."""
    import tempfile

    start = time.perf_counter()
    classes: dict[str, list[Case]] = defaultdict(list)
    failed = 0
    with cached_shipped_factors():
        for case in cases:
            with tempfile.TemporaryDirectory() as directory:
                problems, _outcome = run_case(case, Path(directory))
            if problems:
                failed += 1
                for problem in problems:
                    classes[failure_class(case, problem)].append(case)
    seconds = time.perf_counter() - start
    passed = len(cases) - failed
    rate = 100 * passed / len(cases) if cases else 100.0
    print(f"hostile-input corpus: {len(cases)} cases, {passed} passed ({rate:.1f} %),", file=stream)
    print(f"{failed} failed, {len(classes)} failure classes, {seconds:.0f} s", file=stream)
    for name, members in sorted(classes.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(members):5d}  {name}", file=stream)
        print(f"         e.g. {members[0].id}", file=stream)
    return {"cases": len(cases), "passed": passed, "seconds": seconds, "classes": classes}


def _main(argv: Sequence[str]) -> int:
    if argv[:1] == ["repro"] and len(argv) == 3:
        wanted = argv[1]
        case = next((c for c in corpus(0) if c.id == wanted), None)
        if case is None:
            print(f"no case {wanted!r}", file=sys.stderr)
            return 2
        root = Path(argv[2])
        root.mkdir(parents=True, exist_ok=True)
        prepare(case, root)
        print("cd " + shlex.quote(str(root)) + " && aluco2 " + shlex.join(case.argv))
        return 0
    budget = int(argv[0]) if argv else budget_from_env()
    result = summary(corpus(budget))
    return 0 if result["passed"] == result["cases"] else 1


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
