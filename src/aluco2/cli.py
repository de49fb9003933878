"""The ``aluco2`` command line: parse options, call the library, hand results to report.

Exit codes: 0 success; 2 bad input (unreadable or invalid file, unknown id,
wrong unit); 1 a problem without a solution. Errors print as ``error: ...``
lines on standard error, never as a traceback. pint, NumPy and SciPy are
imported inside the commands, so ``aluco2 --help`` stays fast.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from aluco2 import __version__

F = TypeVar("F", bound=Callable[..., Any])


class OutputFormat(enum.StrEnum):
    """Output formats shared by the commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class _ReportedError(click.ClickException):
    """Bad input, shown as one ``error:`` line per problem; exit code 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def show(self, file: Any = None) -> None:
        for line in self.message.splitlines():
            click.echo(f"error: {line}", err=True)


def _fail(exc: Exception) -> NoReturn:
    from aluco2.errors import FactorNotFoundError, InputError

    if isinstance(exc, (InputError, FactorNotFoundError)):
        raise _ReportedError(str(exc)) from None
    raise exc


def _reports_errors(command: F) -> F:
    """Turn aluco2's exceptions raised by ``command`` into exit codes."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from aluco2.errors import AlucoError

        try:
            return command(*args, **kwargs)
        except AlucoError as exc:
            _fail(exc)

    return wrapper  # type: ignore[return-value]


def output_options(command: F) -> F:
    """Add ``--format`` and ``--output`` to a command."""
    command = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        help="Write to this file (atomically) instead of standard output.",
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OutputFormat, case_sensitive=False),
        default=OutputFormat.TABLE,
        show_default=True,
        help="Output format.",
    )(command)


def factor_overlay_option(command: F) -> F:
    """Add ``--factors SITE.yaml`` (repeatable) to a command."""
    return click.option(
        "--factors",
        "overlays",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Site factor file laid over the shipped factors (repeatable, later wins).",
    )(command)


def _emit(text: str, output: Path | None, inputs: Sequence[Path] = ()) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from aluco2.report import write_text

    write_text(text, output, inputs=inputs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, package_name="aluco2")
def cli() -> None:
    """Embodied CO2e of primary and recycled aluminium from cited emission factors."""


@cli.group()
def factors() -> None:
    """List, show and validate the emission-factor library."""


@factors.command("list")
@click.option("--dataset", help="Only this dataset (e.g. gwp, fuels, grid_electricity).")
@factor_overlay_option
@output_options
@_reports_errors
def factors_list(
    dataset: str | None, overlays: tuple[Path, ...], fmt: OutputFormat, output: Path | None
) -> None:
    """List factors with value, unit, region, year and source."""
    from aluco2 import report
    from aluco2.errors import InputError
    from aluco2.factors import load_factor_set

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
    _emit(text, output, overlays)


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
@_reports_errors
def factors_show(factor_id: str, overlays: tuple[Path, ...], fmt: OutputFormat) -> None:
    """Show one factor with its full source and uncertainty."""
    from aluco2 import report
    from aluco2.factors import load_factor_set

    factor_set = load_factor_set(overlays)
    record = factor_set.get(factor_id)
    if fmt == OutputFormat.JSON:
        click.echo(report.factors_json(factor_set, [record]), nl=False)
    else:
        click.echo(report.factor_detail(record), nl=False)


@factors.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_reports_errors
def factors_validate(files: tuple[Path, ...]) -> None:
    """Check factor files laid over the shipped factors; report every problem."""
    from aluco2.factors import load_factor_set

    factor_set = load_factor_set(files)
    names = {str(path) for path in files}
    count = sum(1 for record in factor_set if record.file in names)
    click.echo(
        f"ok: {count} factor(s) from {len(files)} file(s) valid; factor-set hash {factor_set.hash}"
    )
