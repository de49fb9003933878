"""``aluco2 batch``: evaluate a table of supplier offers."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from aluco2._cli._common import (
    emit,
    factor_overlay_option,
    prepare_output,
    reports_errors,
)

__all__ = ["COMMANDS"]

FORMATS = ("csv", "json", "parquet")


def _format(fmt: str | None, output: str | None) -> str:
    """Return the output format: as given, else by the output's extension, else CSV."""
    if fmt is not None:
        return fmt
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    return {".json": "json", ".parquet": "parquet", ".pq": "parquet"}.get(suffix, "csv")


def _units(path: Path | None) -> dict[str, str] | None:
    """Read a units sidecar: a mapping of column name to unit text."""
    if path is None:
        return None
    from aluco2._errors import InputError
    from aluco2._yaml import read_yaml

    document = read_yaml(path)
    units = {}
    for name, unit in document.data.items():
        if not isinstance(unit, str) or not unit.strip():
            raise InputError(
                expected="a unit as text, e.g. 'MWh/t'",
                value=unit,
                file=str(path),
                line=document.lines.get((name,)),
                key_path=(name,),
            )
        units[str(name)] = unit
    return units


def _carbon_price(text: str | None) -> tuple[float | None, str | None]:
    """Read ``--carbon-price`` as (price, currency), e.g. '80 EUR/t' -> (80.0, 'EUR')."""
    from aluco2._cli._optimise import carbon_price_in
    from aluco2._errors import InputError

    if text is None:
        return None, None
    match = re.search(r"\b([A-Z]{3})\s*/", text)
    if match is None:
        raise InputError(
            expected="a price per t CO2e with its currency, e.g. '80 EUR/t'",
            value=text,
            key_path=("--carbon-price",),
        )
    return carbon_price_in(text, match.group(1)), match.group(1)


def _on_local_cluster(
    path: Path,
    factors: Any,
    price: float | None,
    currency: str | None,
    rank_by: str | None,
    workers: int | None,
    labels: tuple[str, ...],
    units: dict[str, str] | None,
) -> Any:
    """Evaluate a parquet table on a local Dask cluster of worker processes."""
    import os

    from aluco2._batch import evaluate
    from aluco2._errors import InputError

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(
            expected="The 'dask' extra is needed for --engine dask.",
            key_path=("--engine",),
            hint="Install it with: pip install 'aluco2[dask]'.",
        ) from None
    count = workers or os.cpu_count() or 1
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),  # type: ignore[no-untyped-call]
    ):
        return evaluate(
            path,
            factors,
            carbon_price=price,
            currency=currency,
            rank_by=rank_by,
            engine="dask",
            labels=labels,
            units=units,
        )


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("offers_file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="Results (.csv, .parquet or .json); '-' or none: standard output as CSV.",
)
@click.option(
    "--errors",
    "errors_file",
    metavar="FILE",
    help="Write every refused cell here as CSV: row, column, value, reason.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format; default: by the output's extension, else csv.",
)
@click.option(
    "--carbon-price",
    metavar="PRICE",
    help="Carbon price for the carbon-adjusted price, e.g. '80 EUR/t' (per t CO2e, in the "
    "price column's currency).",
)
@click.option(
    "--rank-by",
    type=click.Choice(["co2", "price", "carbon-adjusted-price"]),
    help="Order the offers, lowest first; invalid offers last.",
)
@click.option(
    "--engine",
    type=click.Choice(["single", "dask"]),
    default="single",
    show_default=True,
    help="'dask' evaluates the partitions of a parquet table (a file's row groups or a "
    "directory of files) on a local Dask cluster (the 'dask' extra).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Worker processes of the local Dask cluster; default: one per core.",
)
@click.option(
    "--check-label",
    "check_labels",
    multiple=True,
    metavar="ID",
    help="Judge every offer against a label or threshold (repeatable): a pass/fail column "
    "and its margin; 'aluco2 labels' lists them.",
)
@click.option(
    "--units",
    "units_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Units sidecar (YAML): the unit of each quantity column whose header has none, "
    "e.g. 'electricity: MWh/t'.",
)
@factor_overlay_option
@reports_errors
def batch(
    offers_file: Path,
    output: str | None,
    errors_file: str | None,
    fmt: str | None,
    carbon_price: str | None,
    rank_by: str | None,
    engine: str,
    workers: int | None,
    check_labels: tuple[str, ...],
    units_file: Path | None,
    overlays: tuple[Path, ...],
) -> None:
    """Footprint, CBAM default and carbon-adjusted price of every offer in a table.

    OFFERS_FILE is CSV or parquet, one offer per row, units in the headers
    (e.g. 'electricity [MWh/t]'); see docs/batch.md for the columns. Refused rows
    are kept with status 'invalid' and their reason; --errors lists every refused cell.
    """
    from aluco2 import _report as report
    from aluco2._api import load_factors
    from aluco2._batch import evaluate
    from aluco2._errors import InputError

    parts = sorted(offers_file.glob("*.parquet")) if offers_file.is_dir() else []
    reads = [offers_file, *parts, *overlays, *([units_file] if units_file else [])]
    units = _units(units_file)
    target = prepare_output(output, reads)
    errors_target = prepare_output(errors_file, reads, option="--errors", others=[target])
    kind = _format(fmt, output)
    if kind == "parquet" and target is None:
        raise InputError(
            expected="given (a FILE.parquet) for parquet output", key_path=("--output",)
        )
    price, currency = _carbon_price(carbon_price)
    factors = load_factors(overlays)
    if engine == "dask":
        result = _on_local_cluster(
            offers_file, factors, price, currency, rank_by, workers, check_labels, units
        )
    else:
        with click.progressbar(
            length=1, label="offers", file=sys.stderr, hidden=not sys.stderr.isatty()
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = max(total, 1)
                bar.update(done - bar.pos)

            result = evaluate(
                offers_file,
                factors,
                carbon_price=price,
                currency=currency,
                rank_by=rank_by,
                progress=progress,
                labels=check_labels,
                units=units,
            )
    render: dict[str, Callable[[], str | bytes]] = {
        "csv": lambda: report.batch_csv(result),
        "json": lambda: result.to_json(),
        "parquet": lambda: report.batch_parquet(result),
    }
    data = render[kind]()
    errors_text = report.batch_errors_csv(result) if errors_target is not None else None
    emit(data, target)
    if errors_text is not None:
        emit(errors_text, errors_target)
    click.echo(report.batch_summary(result), err=True)
    if result.errors and errors_target is None:
        for error in result.errors[:10]:
            click.echo(
                f"  row {error.row}, {error.column}: {error.reason} (got {error.value!r})", err=True
            )
        if len(result.errors) > 10:
            click.echo(
                f"  ... and {len(result.errors) - 10:,} more; list them all with --errors FILE.",
                err=True,
            )


COMMANDS = (batch,)
