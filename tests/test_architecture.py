"""Imports follow the one-directional data flow of docs/design: no back-edges."""

from __future__ import annotations

import ast
from pathlib import Path

import aluco2

PACKAGE = Path(aluco2.__file__).parent

# Each module may import only modules of a lower layer (and the package root for __version__).
LAYERS = [
    {"_errors", "_json", "_schemas"},
    {"_units", "_provenance", "_arguments"},
    {"_yaml"},
    {"_validation", "_quantities"},
    {"_factor_files", "_factor_bounds", "_countries"},
    {"_derivation"},
    {"_factors", "_methods"},
    {"_plant"},
    {"_problem", "_installation"},
    {"_inventory"},
    {"_footprint"},
    {"_optimise", "_cbam"},
    {"_batch"},
    {"_report"},
    {"_api"},
    {"batch"},
    {"_build"},
    {"_cli"},
]
# methods/ holds pure equations: they may use units and errors, nothing that reads files.
ALLOWED = {"_methods": {"_units", "_errors"}}
LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}


def _top_module(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    return relative.parts[0]


def _aluco2_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("aluco2."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "aluco2":
            found.update(alias.name for alias in node.names if alias.name != "__version__")
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("aluco2."))
    return found


def test_every_module_has_a_layer():
    modules = {_top_module(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    modules |= {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules.discard("__pycache__")
    assert modules <= set(LAYER_OF), modules - set(LAYER_OF)


def test_imports_point_down_the_layers():
    for path in PACKAGE.rglob("*.py"):
        if path.parent == PACKAGE and path.name == "__init__.py":
            continue
        module = _top_module(path)
        for imported in _aluco2_imports(path):
            if imported == module:
                continue
            assert LAYER_OF[imported] < LAYER_OF[module], f"{module} imports {imported}"
            if module in ALLOWED:
                assert imported in ALLOWED[module], f"{module} imports {imported}"
