"""``aluco2 factors`` (list, show, validate)."""

from __future__ import annotations

from pathlib import Path

import click

from aluco2._cli._common import (
    OutputFormat,
    emit,
    factor_overlay_option,
    output_options,
    prepare_output,
    reports_errors,
)

__all__ = ["COMMANDS"]


@click.group()
def factors() -> None:
    """List, show and validate the emission-factor library."""


@factors.command("list")
@click.option("--dataset", help="Only this dataset (e.g. gwp, fuels, grid_electricity).")
@factor_overlay_option
@output_options
@reports_errors
def factors_list(
    dataset: str | None, overlays: tuple[Path, ...], fmt: OutputFormat, output: str | None
) -> None:
    """List factors with value, unit, region, year and source."""
    from aluco2 import _report as report
    from aluco2._errors import InputError
    from aluco2._factors import load_factor_set

    target = prepare_output(output, overlays)
    factor_set = load_factor_set(overlays)
    records = [r for r in factor_set if dataset is None or r.dataset == dataset]
    if dataset is not None and not records:
        raise InputError(
            expected=f"one of the datasets {', '.join(factor_set.datasets())}",
            value=dataset,
            key_path=("--dataset",),
        )
    text = {
        OutputFormat.TABLE: lambda: report.factors_table(records),
        OutputFormat.JSON: lambda: report.factors_json(factor_set, records),
        OutputFormat.CSV: lambda: report.factors_csv(records),
    }[fmt]()
    emit(text, target)


@factors.command("show")
@click.argument("factor_id")
@factor_overlay_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice([OutputFormat.TABLE, OutputFormat.JSON], case_sensitive=False),
    default=OutputFormat.TABLE,
    show_default=True,
    help="Output format.",
)
@reports_errors
def factors_show(factor_id: str, overlays: tuple[Path, ...], fmt: OutputFormat) -> None:
    """Show one factor with its full source and uncertainty."""
    from aluco2 import _report as report
    from aluco2._factors import load_factor_set

    factor_set = load_factor_set(overlays)
    record = factor_set.get(factor_id)
    if fmt == OutputFormat.JSON:
        click.echo(report.factors_json(factor_set, [record]), nl=False)
    else:
        click.echo(report.factor_detail(record), nl=False)


@factors.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@reports_errors
def factors_validate(files: tuple[Path, ...]) -> None:
    """Check factor files laid over the shipped factors; report every problem."""
    from aluco2._factors import load_factor_set

    factor_set = load_factor_set(files)
    names = {str(path) for path in files}
    count = sum(1 for record in factor_set if record.file in names)
    click.echo(
        f"ok: {count} factor(s) from {len(files)} file(s) valid; factor-set hash {factor_set.hash}"
    )


COMMANDS = (factors,)
