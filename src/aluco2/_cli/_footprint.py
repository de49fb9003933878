"""``aluco2 footprint``, ``aluco2 compare`` and ``aluco2 schema``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from aluco2._cli._common import (
    OutputFormat,
    emit,
    factor_overlay_option,
    gwp_option,
    input_path,
    output_options,
    prepare_output,
    reports_errors,
    unit_option,
)

if TYPE_CHECKING:
    from aluco2._footprint import Footprint

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


def _footprints(
    plant_files: Sequence[Path], overlays: Sequence[Path], gwp_set: str | None
) -> list[Footprint]:
    from aluco2._errors import InputError, InputErrors
    from aluco2._factors import load_factor_set
    from aluco2._footprint import evaluate
    from aluco2._plant import load_plant

    factor_set = load_factor_set(overlays)
    plants = []
    errors: list[InputError] = []
    for path in plant_files:
        try:
            plants.append(load_plant(path))
        except InputError as exc:
            errors.append(exc)
    results = []
    for plant in plants:
        try:
            results.append(
                evaluate(plant, factor_set, gwp_set=gwp_set.upper() if gwp_set else None)
            )
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise InputErrors(errors)
    return results


@click.command()
@click.argument("plant_file", type=input_path())
@gwp_option
@factor_overlay_option
@unit_option
@output_options
@reports_errors
def footprint(
    plant_file: Path,
    gwp_set: str | None,
    overlays: tuple[Path, ...],
    unit: str,
    fmt: OutputFormat,
    output: str | None,
) -> None:
    """Cradle-to-gate CO2e per tonne of each product of a plant, route by route."""
    from aluco2 import _report as report

    target = prepare_output(output, [plant_file, *overlays])
    unit = check_intensity_unit(unit)
    results = _footprints([plant_file], overlays, gwp_set)
    text = {
        OutputFormat.TABLE: lambda: report.footprint_table(results, unit),
        OutputFormat.JSON: lambda: results[0].to_json(unit),
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
    from aluco2._footprint import compare_footprints

    target = prepare_output(output, [*plant_files, *overlays])
    unit = check_intensity_unit(unit)
    comparison = compare_footprints(_footprints(plant_files, overlays, gwp_set))
    results = comparison.footprints
    text = {
        OutputFormat.TABLE: lambda: report.compare_table(results, unit),
        OutputFormat.JSON: lambda: comparison.to_json(unit),
        OutputFormat.CSV: lambda: report.compare_csv(results, unit),
    }[fmt]()
    emit(text, target)


@click.command()
@click.argument("kind", type=click.Choice(["plant", "problem", "installation", "factors"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a plant, problem, installation or factor file."""
    import json

    from aluco2._factors import FactorFileModel
    from aluco2._installation import InstallationModel
    from aluco2._plant import PlantModel
    from aluco2._problem import ProblemModel

    model = {
        "plant": PlantModel,
        "problem": ProblemModel,
        "installation": InstallationModel,
        "factors": FactorFileModel,
    }[kind]
    schema_data = model.model_json_schema(by_alias=True)  # type: ignore[attr-defined]
    click.echo(json.dumps(schema_data, indent=2, sort_keys=True))


COMMANDS = (footprint, compare, schema)
