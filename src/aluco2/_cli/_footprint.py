"""``aluco2 footprint``, ``aluco2 compare`` and ``aluco2 schema``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from aluco2._cli._common import (
    OutputFormat,
    cn_option_value,
    emit,
    factor_overlay_option,
    gwp_option,
    input_path,
    output_options,
    prepare_output,
    reports_errors,
    unit_option,
)
from aluco2._schemas import RESULT_SCHEMAS, result_schema

if TYPE_CHECKING:
    pass

__all__ = ["COMMANDS"]


def check_intensity_unit(unit: str) -> str:
    """Return ``unit`` if it is a CO2e-per-mass unit; refuse it at ``--unit`` otherwise."""
    from aluco2._errors import UnitError
    from aluco2._units import parse_unit

    try:
        reference = parse_unit("t CO2e/t")
        if parse_unit(unit).dimensionality != reference.dimensionality:
            raise UnitError(expected="a unit of CO2e per mass, e.g. 'kg CO2e/t'", value=unit)
    except UnitError as exc:
        raise exc.located(key_path=("--unit",)) from None
    return unit


def label_option(command: Any) -> Any:
    """Add ``--check-label ID`` (repeatable) to a command."""
    return click.option(
        "--check-label",
        "check_labels",
        multiple=True,
        metavar="ID",
        help="Judge the results against a label or threshold (repeatable); "
        "'aluco2 labels' lists them.",
    )(command)


def _label_lines(results: Any, names: tuple[str, ...], origin: float | None) -> str:
    lines = []
    for footprint_result in results:
        for result, checked in footprint_result.check_labels(names, origin):
            where = f"{result.product} | {result.route}"
            rule = checked.label.describe()
            if checked.label.threshold_t_per_t is None:
                rule += f", {checked.threshold_t_per_t:g} t CO2e/t"
            if not checked.applies:
                verdict = f"not applicable (judges {checked.label.route} metal)"
            else:
                verdict = "pass" if checked.passes else "fail"
                verdict += f", margin {checked.margin_t_per_t:+.3f} t CO2e/t"
            lines.append(
                f"  label {checked.label.id} ({rule}) on {where}: "
                f"{checked.value_t_per_t:.3f} t CO2e/t, {verdict}"
            )
    return "\n".join(lines) + "\n"


def _origin_default(cn: str | None, country: str, factors: Any) -> float | None:
    """Return the CBAM default of ``country`` for ``cn``, or None without a CN code."""
    if cn is None:
        return None
    from aluco2._cbam import _tables as tables
    from aluco2._cbam._defaults import check_origin
    from aluco2._errors import InputError

    cn_option_value(cn)
    check_origin(country)
    try:
        return float(tables.default_value(factors, cn, country).value)
    except InputError as exc:
        raise exc.located(key_path=("--cn",)) from None


@click.command()
@click.argument("plant_file", type=input_path())
@gwp_option
@factor_overlay_option
@unit_option
@label_option
@click.option(
    "--cn",
    metavar="CODE",
    help="CN code of the good, for --check-label cbam-default (the CBAM default value of "
    "the plant's country for it), e.g. '7601 10'.",
)
@output_options
@reports_errors
def footprint(
    plant_file: Path,
    gwp_set: str | None,
    overlays: tuple[Path, ...],
    unit: str,
    check_labels: tuple[str, ...],
    cn: str | None,
    fmt: OutputFormat,
    output: str | None,
) -> None:
    """Cradle-to-gate CO2e per tonne of each product of a plant, route by route."""
    from aluco2 import _report as report
    from aluco2._api import footprint as compute_footprint
    from aluco2._api import load_factors
    from aluco2._errors import InputError
    from aluco2._footprint._labels import label

    target = prepare_output(output, [plant_file, *overlays])
    unit = check_intensity_unit(unit)
    if check_labels and fmt == OutputFormat.CSV:
        raise InputError(
            expected="used with --format table or json: label checks are not rows of the CSV",
            key_path=("--check-label",),
        )
    for name in check_labels:
        label(name)  # an unknown label is refused before any work
    factors = load_factors(overlays)
    results = [compute_footprint(plant_file, factors, gwp_set=gwp_set)]
    wants_origin = any(label(name).threshold_t_per_t is None for name in check_labels)
    if cn is not None and not wants_origin:
        raise InputError(
            expected="used with --check-label cbam-default, the label it sets the threshold of",
            key_path=("--cn",),
        )
    origin = _origin_default(cn, results[0].plant.model.country, factors)
    text = {
        OutputFormat.TABLE: lambda: (
            report.footprint_table(results, unit)
            + (_label_lines(results, check_labels, origin) if check_labels else "")
        ),
        OutputFormat.JSON: lambda: results[0].to_json(unit, check_labels, origin),
        OutputFormat.CSV: lambda: report.footprint_csv(results, unit),
    }[fmt]()
    emit(text, target)


@click.command()
@click.argument("plant_files", nargs=-1, required=True, type=input_path())
@gwp_option
@factor_overlay_option
@unit_option
@output_options
@reports_errors
def compare(
    plant_files: tuple[Path, ...],
    gwp_set: str | None,
    overlays: tuple[Path, ...],
    unit: str,
    fmt: OutputFormat,
    output: str | None,
) -> None:
    """Plants and routes side by side: totals, difference to the first, source shares."""
    from aluco2 import _report as report
    from aluco2._api import compare as compare_plants
    from aluco2._api import load_factors

    target = prepare_output(output, [*plant_files, *overlays])
    unit = check_intensity_unit(unit)
    comparison = compare_plants(plant_files, load_factors(overlays), gwp_set=gwp_set)
    results = comparison.footprints
    text = {
        OutputFormat.TABLE: lambda: report.compare_table(results, unit),
        OutputFormat.JSON: lambda: comparison.to_json(unit),
        OutputFormat.CSV: lambda: report.compare_csv(results, unit),
    }[fmt]()
    emit(text, target)


INPUT_SCHEMAS = ("plant", "problem", "installation", "factors")
RESULT_KINDS = tuple(RESULT_SCHEMAS)


@click.command()
@click.argument("kind", type=click.Choice([*INPUT_SCHEMAS, *RESULT_KINDS]))
def schema(kind: str) -> None:
    """Print the JSON Schema of an input file or of an output document (KIND-result)."""
    import json

    from aluco2._factors import FactorFileModel
    from aluco2._installation import InstallationModel
    from aluco2._plant import PlantModel
    from aluco2._problem import ProblemModel

    if kind in RESULT_KINDS:
        schema_data = result_schema(kind)
    else:
        model = {
            "plant": PlantModel,
            "problem": ProblemModel,
            "installation": InstallationModel,
            "factors": FactorFileModel,
        }[kind]
        schema_data = model.model_json_schema(by_alias=True)  # type: ignore[attr-defined]
    click.echo(json.dumps(schema_data, indent=2, sort_keys=True))


@click.command()
@output_options
@reports_errors
def labels(fmt: OutputFormat, output: str | None) -> None:
    """List the labels and thresholds --check-label knows: rule, boundary, source."""
    from aluco2._footprint._labels import labels as shipped_labels
    from aluco2._json import to_json
    from aluco2._report._text import csv_text, text_table

    target = prepare_output(output, [])
    known = list(shipped_labels().values())
    rows = [(x.id, x.describe(), x.route, x.citation()) for x in known]
    header = ("id", "rule", "route", "source")
    text = {
        OutputFormat.TABLE: lambda: (
            text_table(header[:3], [r[:3] for r in rows])
            + "".join(f"  {x.id}: {x.citation()}\n" for x in known)
        ),
        OutputFormat.JSON: lambda: to_json([x.to_dict() for x in known]),
        OutputFormat.CSV: lambda: csv_text(header, rows),
    }[fmt]()
    emit(text, target)


COMMANDS = (footprint, compare, schema, labels)
