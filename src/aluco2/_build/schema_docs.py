"""Generate the plant, problem and installation file references from the JSON Schemas.

Usage::

    python -m aluco2._build.schema_docs plant > docs/plant-file.md
    python -m aluco2._build.schema_docs problem > docs/problem-file.md
    python -m aluco2._build.schema_docs installation > docs/installation-file.md

Each schema is declared once (:class:`aluco2._plant.PlantModel`,
:class:`aluco2._problem.ProblemModel`, :class:`aluco2._installation.InstallationModel`);
this renders its JSON Schema as tables,
one per section, with key paths, units, defaults and descriptions. A test keeps
the committed files in sync.
"""

from __future__ import annotations

import sys
from typing import Any

import pydantic

from aluco2._installation import InstallationModel
from aluco2._plant import PlantModel
from aluco2._problem import ProblemModel

__all__ = ["installation_file_markdown", "main", "plant_file_markdown", "problem_file_markdown"]

_PLANT_INTRO = """\
# Plant file reference

Generated from the plant schema (`aluco2._plant.PlantModel`) by
`python -m aluco2._build.schema_docs plant`; do not edit by hand. `aluco2 schema plant` prints the
same schema as JSON Schema for editors and embedding applications.

A plant file is YAML (or JSON). Quantities are strings of a number and a unit, e.g.
`"13.9 MWh/t"`; "per t" means per tonne of the step's product (liquid aluminium for
electrolysis and its inputs, the cast product for casting and the recycled route). Every
optional quantity left out falls back to a cited default of the factor set, and the
footprint lists each default used (`provenance.defaults_used` in the JSON output).
Examples: [examples/](../examples/).
"""

_PROBLEM_INTRO = """\
# Problem file reference

Generated from the problem schema (`aluco2._problem.ProblemModel`) by
`python -m aluco2._build.schema_docs problem`; do not edit by hand. `aluco2 schema problem`
prints the same schema as JSON Schema. How the optimiser uses these values:
[optimise.md](optimise.md).

A problem file is YAML (or JSON). Quantities are strings of a number and a unit, e.g.
`"1000 t"`, `"0.35 %"`, `"2450 EUR/t"`; every price is in the problem's `currency`.
Compositions are wt-% of the metal, aluminium the balance. Examples:
[examples/problems/](../examples/problems/).
"""

_INSTALLATION_INTRO = """\
# Installation file reference

Generated from the installation schema (`aluco2._installation.InstallationModel`) by
`python -m aluco2._build.schema_docs installation`; do not edit by hand.
`aluco2 schema installation` prints the same schema as JSON Schema. How `aluco2 cbam` uses
these values: [cbam.md](cbam.md).

An installation file is YAML (or JSON) describing one CBAM installation for one reporting
period. Amounts are totals of the period (`"174000 t"`, `"311.6 TJ"`, `"5867600 MWh"`), not
per-tonne intensities. A primary process may leave its cell technology and PFC method out
and take them from the plant file the installation names (`plant`). Examples:
[examples/cbam/](../examples/cbam/).
"""


def _ref_name(schema: dict[str, Any]) -> str | None:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[1]
    for option in schema.get("anyOf", []):
        name = _ref_name(option)
        if name:
            return name
    if schema.get("type") == "array":
        return _ref_name(schema.get("items", {}))
    if schema.get("type") == "object":
        return _ref_name(_mapping_value(schema))
    return None


def _mapping_value(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of the values of a mapping (keys free or matching a pattern)."""
    value = schema.get("additionalProperties")
    if isinstance(value, dict):
        return value
    patterns = list(schema.get("patternProperties", {}).values())
    return patterns[0] if patterns else {}


def _type_text(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    texts = []
    for option in options:
        if "x-unit" in option:
            texts.append(f"quantity [{option['x-unit']}]")
        elif "$ref" in option:
            texts.append(f"section {_ref_name(option)}")
        elif "enum" in option:
            texts.append(" \\| ".join(f"`{v}`" for v in option["enum"]))
        elif "const" in option:
            texts.append(f"`{option['const']}`")
        elif option.get("type") == "array":
            texts.append(f"list of {_type_text(option.get('items', {}), defs)}")
        elif option.get("type") == "object":
            texts.append(f"mapping of name to {_type_text(_mapping_value(option), defs)}")
        else:
            texts.append(str(option.get("type", "any")))
    return " or ".join(texts)


def _paths(
    name: str, path: str, defs: dict[str, Any], found: dict[str, list[str]]
) -> dict[str, list[str]]:
    """Collect every key path at which each section occurs, in document order."""
    first_visit = name not in found
    found.setdefault(name, []).append(path)
    if first_visit:
        for key, field in defs[name].get("properties", {}).items():
            child = _ref_name(field)
            if child:
                is_list = any(o.get("type") == "array" for o in field.get("anyOf", [field]))
                child_path = (f"{path}.{key}" if path else key) + ("[]" if is_list else "")
                _paths(child, child_path, defs, found)
    return found


def _quantities(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the quantity schemas of a field, also inside a list or mapping."""
    options = [s for s in field.get("anyOf", [field]) if s.get("type") != "null"]
    found = []
    for option in options:
        if "x-unit" in option:
            found.append(option)
        elif option.get("type") == "array":
            found += _quantities(option.get("items", {}))
        elif option.get("type") == "object":
            found += _quantities(_mapping_value(option))
    return found


def _range_text(quantity: dict[str, Any]) -> str:
    units = str(quantity["x-unit"]).split(" or ")
    lows, highs = quantity["x-minimum"], quantity.get("x-maximum")
    texts = []
    for index, unit in enumerate(units):
        low = lows[index] if isinstance(lows, (list, tuple)) else lows
        high = highs[index] if isinstance(highs, (list, tuple)) else highs
        above = "more than" if quantity.get("x-exclusive-minimum") else "from"
        texts.append(f"{above} {low:g} to {high:g} {unit}" if high is not None else f"{low:g}")
    return "; ".join(texts)


def _ranges(sections: dict[str, list[str]], defs: dict[str, Any]) -> list[str]:
    """Tabulate the plausible range of every quantity and the basis of each range."""
    lines = [
        "## Plausible ranges",
        "",
        "A value outside its range is refused with the range and its basis, so that a slip "
        "of unit or magnitude cannot give a wrong number. Stoichiometric floors that depend "
        "on other values (alumina, anode carbon) are checked exactly by the footprint.",
        "",
        "| key | range | basis |",
        "|---|---|---|",
    ]
    for name, paths in sections.items():
        where = next((p for p in paths if p), "")
        for key, field in defs[name].get("properties", {}).items():
            for quantity in _quantities(field):
                path = f"{where}.{key}" if where else key
                basis = str(quantity.get("x-range-basis", "")).replace("|", "/")
                lines.append(f"| `{path}` | {_range_text(quantity)} | {basis} |")
    return [*lines, ""]


def _markdown(model: type[pydantic.BaseModel], intro: str) -> str:
    schema = model.model_json_schema(by_alias=True)
    defs = dict(schema.pop("$defs"))
    defs[model.__name__] = schema
    lines = [intro]
    sections = _paths(model.__name__, "", defs, {})
    for name, paths in sections.items():
        section = defs[name]
        where = ", ".join(f"`{p}`" for p in paths if p) or "top level"
        lines += [f"## {name} ({where})", ""]
        lines += [section.get("description", "").strip(), ""]
        lines += ["| key | type | required | default | description |", "|---|---|---|---|---|"]
        required = set(section.get("required", []))
        for key, field in section.get("properties", {}).items():
            default = field.get("default")
            default_text = "" if default in (None, [], {}) else f"`{default}`"
            description = field.get("description", "").replace("|", "/").replace("\n", " ")
            lines.append(
                f"| `{key}` | {_type_text(field, defs)} | {'yes' if key in required else ''} "
                f"| {default_text} | {description} |"
            )
        lines.append("")
    lines += _ranges(sections, defs)
    return "\n".join(lines)


def plant_file_markdown() -> str:
    """Render the plant file reference.

    Returns
    -------
    str
        Markdown text for ``docs/plant-file.md``.
    """
    return _markdown(PlantModel, _PLANT_INTRO)


def problem_file_markdown() -> str:
    """Render the problem file reference.

    Returns
    -------
    str
        Markdown text for ``docs/problem-file.md``.
    """
    return _markdown(ProblemModel, _PROBLEM_INTRO)


def installation_file_markdown() -> str:
    """Render the installation file reference.

    Returns
    -------
    str
        Markdown text for ``docs/installation-file.md``.
    """
    return _markdown(InstallationModel, _INSTALLATION_INTRO)


def main(argv: list[str] | None = None) -> int:
    """Write the plant, problem or installation file reference to standard output.

    Parameters
    ----------
    argv : list of str, optional
        ``["plant"]``, ``["problem"]`` or ``["installation"]``; default: the command line.

    Returns
    -------
    int
        Exit status (2 for a wrong argument).
    """
    arguments = sys.argv[1:] if argv is None else argv
    render = {
        "plant": plant_file_markdown,
        "problem": problem_file_markdown,
        "installation": installation_file_markdown,
    }
    if len(arguments) != 1 or arguments[0] not in render:
        sys.stderr.write("usage: python -m aluco2._build.schema_docs plant|problem|installation\n")
        return 2
    sys.stdout.write(render[arguments[0]]())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
