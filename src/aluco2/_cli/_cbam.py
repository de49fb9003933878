"""``aluco2 cbam`` (report, defaults)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from aluco2._cli._common import (
    OutputFormat,
    cn_option_value,
    emit,
    factor_overlay_option,
    input_path,
    output_options,
    prepare_output,
    reports_errors,
)

__all__ = ["COMMANDS"]


class _DefaultCommandGroup(click.Group):
    """A group whose first argument, when it names no subcommand, goes to a default one."""

    def __init__(self, *args: Any, default_command: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_command = default_command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = next((a for a in args if not a.startswith("-")), None)
        if first is not None and first not in self.commands and args[:1] != ["--help"]:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


def _decimal_option(
    text: str | None, name: str, unit: str, *, low: int, high: int | None = None
) -> Any:
    """Read a finite decimal option (in ``unit`` if given) between ``low`` and ``high``."""
    from decimal import Decimal, InvalidOperation

    from aluco2._errors import InputError, UnitError
    from aluco2._units import parse_decimal

    if text is None:
        return None
    bounds = f"from {low}" + (f" to {high}" if high is not None else "")
    expected = f"a number {bounds}{f' in {unit}' if unit else ''}"
    try:
        value = parse_decimal(text, unit) if unit else Decimal(text)
    except (InvalidOperation, UnitError, ValueError):
        raise InputError(expected=expected, value=text, key_path=(name,)) from None
    if not value.is_finite() or value < low or (high is not None and value > high):
        raise InputError(expected=expected, value=text, key_path=(name,))
    return value


@click.group(cls=_DefaultCommandGroup, default_command="report")
def cbam() -> None:
    """CBAM specific embedded emissions of aluminium goods (IR 2025/2547).

    aluco2 cbam INSTALLATION.yaml is short for aluco2 cbam report INSTALLATION.yaml.
    """


@cbam.command("report")
@click.argument("installation_file", type=input_path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"], case_sensitive=False),
    default="table",
    show_default=True,
    help="Output format; xlsx needs --output and the 'xlsx' extra.",
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="Write to this file (atomically) instead of standard output; '-' is standard output.",
)
@click.option(
    "--year",
    type=click.IntRange(2026, 2100),
    help="Year of import, for the certificate estimate (the mark-up on defaults; the CBAM "
    "factor and benchmarks follow the reporting period).",
)
@click.option(
    "--cscf",
    help="Cross-sectoral correction factor of the production year, 0 to 1 (not shipped).",
)
@click.option(
    "--eua-price",
    help="Certificate price for the cost estimate, 0 to 10 000 EUR/t, e.g. '75 EUR/t'.",
)
@factor_overlay_option
@reports_errors
def cbam_report(
    installation_file: Path,
    fmt: str,
    output: str | None,
    year: int | None,
    cscf: str | None,
    eua_price: str | None,
    overlays: tuple[Path, ...],
) -> None:
    """Specific embedded emissions per good, operator's summary, certificate estimate."""
    from aluco2 import _cbam as cbam_module
    from aluco2 import _report as report
    from aluco2._errors import InputError
    from aluco2._factors import load_factor_set
    from aluco2._installation import load_installation

    if fmt == "xlsx" and output is None:
        raise InputError(expected="given (a FILE.xlsx) with --format xlsx", key_path=("--output",))
    wants_estimate = year is not None or cscf is not None or eua_price is not None
    if wants_estimate and (year is None or cscf is None):
        missing = "--year" if year is None else "--cscf"
        raise InputError(
            expected="given for the certificate estimate, which needs --year and --cscf",
            key_path=(missing,),
            hint="No CSCF is shipped: none could be confirmed from a legal text.",
        )
    cross_sectoral = _decimal_option(cscf, "--cscf", "", low=0, high=1)
    price = _decimal_option(
        eua_price, "--eua-price", "EUR/t", low=0, high=cbam_module.MAX_EUA_PRICE_EUR_PER_T
    )
    installation = load_installation(installation_file)
    reads = [installation_file, *overlays, *installation.files_named]
    target = prepare_output(output, reads)
    factor_set = load_factor_set(overlays)
    result = cbam_module.compute(installation, factor_set)
    estimate = None
    if year is not None:
        estimate = cbam_module.estimate_certificates(
            result,
            factor_set,
            year=year,
            cross_sectoral_correction=cross_sectoral,
            eua_price=price,
        )
    render: dict[str, Callable[[], str | bytes]] = {
        "xlsx": lambda: report.cbam_xlsx(result, estimate),
        "table": lambda: report.cbam_table(result, estimate),
        "json": lambda: result.to_json(estimate),
        "csv": lambda: report.cbam_csv(result, estimate),
    }
    emit(render[fmt](), target)


@cbam.command("defaults")
@click.option("--cn", required=True, help="CN code of the good, e.g. 7601 or '7606 12 92'.")
@click.option(
    "--country",
    help="ISO 3166-1 alpha-2 country of production. Left out, the Annex IV value for an "
    "unknown country is wanted, which is not shipped (it could not yet be confirmed).",
)
@click.option("--year", type=click.IntRange(2026, 2100), required=True, help="Year of import.")
@factor_overlay_option
@output_options
@reports_errors
def cbam_defaults(
    cn: str,
    country: str | None,
    year: int,
    overlays: tuple[Path, ...],
    fmt: OutputFormat,
    output: str | None,
) -> None:
    """Print the default value of a good with its mark-up and benchmark, with sources."""
    from aluco2 import _report as report
    from aluco2._cbam import lookup_default
    from aluco2._errors import InputError
    from aluco2._factors import load_factor_set

    target = prepare_output(output, overlays)
    cn_option_value(cn)
    try:
        found = lookup_default(
            load_factor_set(overlays), cn, country.upper() if country else None, year
        )
    except InputError as exc:
        if exc.key_path == ("country",):
            raise dataclasses.replace(exc, key_path=("--country",)) from None
        raise
    text = {
        OutputFormat.TABLE: lambda: report.defaults_table(found),
        OutputFormat.JSON: lambda: found.to_json(),
        OutputFormat.CSV: lambda: report.defaults_csv(found),
    }[fmt]()
    emit(text, target)


COMMANDS = (cbam,)
