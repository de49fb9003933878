"""``aluco2 footprint``, ``aluco2 compare`` and ``aluco2 schema``."""

from __future__ import annotations

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
    from aluco2._api import footprint as compute_footprint
    from aluco2._api import load_factors

    target = prepare_output(output, [plant_file, *overlays])
    unit = check_intensity_unit(unit)
    results = [compute_footprint(plant_file, load_factors(overlays), gwp_set=gwp_set)]
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


COMMANDS = (footprint, compare, schema)
