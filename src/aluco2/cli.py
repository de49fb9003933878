"""The ``aluco2`` command line: parse options, call the library, hand results to report.

Exit codes: 0 success; 2 bad input (unreadable or invalid file, unknown id,
wrong unit); 1 a problem without a solution. Errors print as ``error: ...``
lines on standard error, never as a traceback. pint, NumPy and SciPy are
imported inside the commands, so ``aluco2 --help`` stays fast.
"""

from __future__ import annotations

import enum
import functools
import sys
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
    """An aluco2 error shown as ``error:`` lines; exit 2 for bad input, 1 for no solution."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        for line in self.message.splitlines():
            click.echo(f"error: {line}", err=True)


def _fail(exc: Exception) -> NoReturn:
    from aluco2.errors import FactorNotFoundError, InfeasibleProblemError, InputError

    if isinstance(exc, (InputError, FactorNotFoundError)):
        raise _ReportedError(str(exc), exit_code=2) from None
    if isinstance(exc, InfeasibleProblemError):
        raise _ReportedError(str(exc), exit_code=1) from None
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


def gwp_option(command: F) -> F:
    """Add ``--gwp SAR|AR4|AR5|AR6`` to a command."""
    return click.option(
        "--gwp",
        "gwp_set",
        type=click.Choice(["SAR", "AR4", "AR5", "AR6"], case_sensitive=False),
        help="GWP100 set for non-CO2 gases, replacing the plant file's choice.",
    )(command)


def unit_option(command: F) -> F:
    """Add ``--unit`` for intensities to a command."""
    return click.option(
        "--unit",
        default="t CO2e/t",
        show_default=True,
        help="Unit of the intensities, e.g. 'kg CO2e/t'.",
    )(command)


def _check_intensity_unit(unit: str) -> str:
    from aluco2.errors import UnitError
    from aluco2.units import parse_unit

    try:
        reference = parse_unit("t CO2e/t")
        if parse_unit(unit).dimensionality != reference.dimensionality:
            raise UnitError(expected="a unit of CO2e per mass, e.g. 'kg CO2e/t'", value=unit)
    except UnitError as exc:
        raise exc.located(key_path=("--unit",)) from None
    return unit


def _footprints(
    plant_files: Sequence[Path], overlays: Sequence[Path], gwp_set: str | None
) -> list[Any]:
    from aluco2.errors import InputError, InputErrors
    from aluco2.factors import load_factor_set
    from aluco2.footprint import evaluate
    from aluco2.plant import load_plant

    factor_set = load_factor_set(overlays)
    plants = []
    errors: list[InputError] = []
    for path in plant_files:
        try:
            plants.append(load_plant(path))
        except InputErrors as exc:
            errors.extend(exc.errors)
    results = []
    for plant in plants:
        try:
            results.append(
                evaluate(plant, factor_set, gwp_set=gwp_set.upper() if gwp_set else None)
            )
        except InputErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputErrors(errors)
    return results


@cli.command()
@click.argument("plant_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@gwp_option
@factor_overlay_option
@unit_option
@output_options
@_reports_errors
def footprint(
    plant_file: Path,
    gwp_set: str | None,
    overlays: tuple[Path, ...],
    unit: str,
    fmt: OutputFormat,
    output: Path | None,
) -> None:
    """Cradle-to-gate CO2e per tonne of each product of a plant, route by route."""
    from aluco2 import report

    unit = _check_intensity_unit(unit)
    results = _footprints([plant_file], overlays, gwp_set)
    text = {
        OutputFormat.TABLE: lambda: report.footprint_table(results, unit),
        OutputFormat.JSON: lambda: report.to_json(report.footprint_document(results, unit)),
        OutputFormat.CSV: lambda: report.footprint_csv(results, unit),
    }[fmt]()
    _emit(text, output, [plant_file, *overlays])


@cli.command()
@click.argument(
    "plant_files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@gwp_option
@factor_overlay_option
@unit_option
@output_options
@_reports_errors
def compare(
    plant_files: tuple[Path, ...],
    gwp_set: str | None,
    overlays: tuple[Path, ...],
    unit: str,
    fmt: OutputFormat,
    output: Path | None,
) -> None:
    """Plants and routes side by side: totals, difference to the first, source shares."""
    from aluco2 import report
    from aluco2.errors import InputError

    unit = _check_intensity_unit(unit)
    results = _footprints(plant_files, overlays, gwp_set)
    sets = {f.gwp_set for f in results}
    if len(sets) > 1:
        raise InputError(
            expected="plants under one GWP set; comparing different sets misleads",
            value=", ".join(sorted(sets)),
            key_path=("gwp",),
            hint="Pass --gwp to use the same set for all.",
        )
    text = {
        OutputFormat.TABLE: lambda: report.compare_table(results, unit),
        OutputFormat.JSON: lambda: report.to_json(report.compare_document(results, unit)),
        OutputFormat.CSV: lambda: report.footprint_csv(results, unit),
    }[fmt]()
    _emit(text, output, [*plant_files, *overlays])


def _carbon_price(text: str | None, currency: str) -> float | None:
    from aluco2.errors import UnitError
    from aluco2.units import as_unit, parse_quantity

    if text is None:
        return None
    try:
        quantity = parse_quantity(text)
        for unit in (f"{currency}/t CO2e", f"{currency}/t"):
            if quantity.check(
                f"[currency_{currency}]/[mass]"
                + ("" if unit.endswith("/t") else "/[carbon_dioxide_equivalent]")
            ):
                return float(quantity.m_as(as_unit(unit)))
    except UnitError as exc:
        raise exc.located(key_path=("--carbon-price",)) from None
    raise UnitError(
        expected=f"a price per t CO2e in the problem's currency, e.g. '80 {currency}/t'",
        value=text,
        key_path=("--carbon-price",),
    )


def _problem(problem_file: Path, overlays: Sequence[Path]) -> tuple[Any, Any]:
    from aluco2.factors import load_factor_set
    from aluco2.problem import load_problem

    return load_problem(problem_file), load_factor_set(overlays)


@cli.command()
@click.argument("problem_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--objective",
    type=click.Choice(["co2", "cost", "weighted"]),
    default="co2",
    show_default=True,
    help="Minimise CO2e, cost, or cost + carbon price x CO2e.",
)
@click.option("--carbon-price", help="Carbon price for --objective weighted, e.g. '80 EUR/t'.")
@click.option(
    "--confidence",
    type=click.FloatRange(0.5, 1.0, min_open=True, max_open=True),
    help="Keep each element in its window with this probability (e.g. 0.95).",
)
@click.option(
    "--samples",
    type=click.IntRange(0, 1_000_000),
    default=0,
    help="Monte Carlo samples of the compositions to estimate the off-spec probability.",
)
@factor_overlay_option
@output_options
@_reports_errors
def optimise(
    problem_file: Path,
    objective: str,
    carbon_price: str | None,
    confidence: float | None,
    samples: int,
    overlays: tuple[Path, ...],
    fmt: OutputFormat,
    output: Path | None,
) -> None:
    """Charge mix and melting energy at least CO2e, least cost, or least carbon-priced cost."""
    from aluco2 import optimise as optimiser
    from aluco2 import report
    from aluco2.errors import InputError

    problem, factor_set = _problem(problem_file, overlays)
    price = _carbon_price(carbon_price, problem.model.currency)
    if objective == "weighted" and price is None:
        raise InputError(expected="given with --objective weighted", key_path=("--carbon-price",))
    plan = optimiser.optimise(
        problem,
        factor_set,
        objective=objective,  # type: ignore[arg-type]
        carbon_price=price,
        confidence=confidence,
        samples=samples,
    )
    text = {
        OutputFormat.TABLE: lambda: report.plan_table(plan),
        OutputFormat.JSON: lambda: report.to_json(report.plan_document(plan)),
        OutputFormat.CSV: lambda: report.plan_csv(plan),
    }[fmt]()
    _emit(text, output, [problem_file, *overlays])


@cli.command()
@click.argument("problem_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--points",
    type=click.IntRange(2, 1000),
    default=20,
    show_default=True,
    help="Number of points on the frontier.",
)
@click.option(
    "--confidence",
    type=click.FloatRange(0.5, 1.0, min_open=True, max_open=True),
    help="Keep each element in its window with this probability (e.g. 0.95).",
)
@click.option(
    "--plot",
    "plot_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the frontier to this PNG file (needs the 'plot' extra).",
)
@factor_overlay_option
@output_options
@_reports_errors
def pareto(
    problem_file: Path,
    points: int,
    confidence: float | None,
    plot_file: Path | None,
    overlays: tuple[Path, ...],
    fmt: OutputFormat,
    output: Path | None,
) -> None:
    """Trace the cost-CO2e frontier (epsilon-constraint), with a progress bar."""
    import importlib.util

    from aluco2 import optimise as optimiser
    from aluco2 import report
    from aluco2.errors import InputError

    if plot_file is not None and importlib.util.find_spec("matplotlib") is None:
        raise InputError(
            expected="the 'plot' extra (matplotlib) installed",
            key_path=("--plot",),
            hint="Install it with: pip install 'aluco2[plot]'",
        )
    problem, factor_set = _problem(problem_file, overlays)
    with click.progressbar(length=points, label="frontier", file=sys.stderr) as bar:
        frontier = optimiser.pareto(
            problem,
            factor_set,
            points=points,
            confidence=confidence,
            progress=lambda done, total: bar.update(1),
        )
    text = {
        OutputFormat.TABLE: lambda: report.pareto_table(frontier),
        OutputFormat.JSON: lambda: report.to_json(report.pareto_document(frontier)),
        OutputFormat.CSV: lambda: report.pareto_csv(frontier),
    }[fmt]()
    _emit(text, output, [problem_file, *overlays])
    if plot_file is not None:
        report.pareto_png(frontier, plot_file, inputs=[problem_file, *overlays])


@cli.command()
@click.argument("kind", type=click.Choice(["plant", "problem", "installation", "factors"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a plant, problem, installation or factor file."""
    import json

    from aluco2.factors import FactorFileModel
    from aluco2.installation import InstallationModel
    from aluco2.plant import PlantModel
    from aluco2.problem import ProblemModel

    model = {
        "plant": PlantModel,
        "problem": ProblemModel,
        "installation": InstallationModel,
        "factors": FactorFileModel,
    }[kind]
    schema_data = model.model_json_schema(by_alias=True)  # type: ignore[attr-defined]
    click.echo(json.dumps(schema_data, indent=2, sort_keys=True))


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

    from aluco2.errors import InputError, UnitError
    from aluco2.units import parse_decimal

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


@cli.group(cls=_DefaultCommandGroup, default_command="report")
def cbam() -> None:
    """CBAM specific embedded emissions of aluminium goods (IR 2025/2547).

    aluco2 cbam INSTALLATION.yaml is short for aluco2 cbam report INSTALLATION.yaml.
    """


@cbam.command("report")
@click.argument("installation_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
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
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@click.option(
    "--year",
    type=int,
    help="Year of import, for the certificate estimate (the mark-up on defaults; the CBAM "
    "factor and benchmarks follow the reporting period).",
)
@click.option(
    "--cscf",
    help="Cross-sectoral correction factor of the production year, 0 to 1 (not shipped).",
)
@click.option("--eua-price", help="Certificate price for the cost estimate, e.g. '75 EUR/t'.")
@factor_overlay_option
@_reports_errors
def cbam_report(
    installation_file: Path,
    fmt: str,
    output: Path | None,
    year: int | None,
    cscf: str | None,
    eua_price: str | None,
    overlays: tuple[Path, ...],
) -> None:
    """Specific embedded emissions per good, operator's summary, certificate estimate."""
    from aluco2 import cbam as cbam_module
    from aluco2 import report
    from aluco2.errors import InputError
    from aluco2.factors import load_factor_set
    from aluco2.installation import load_installation

    if fmt == "xlsx" and output is None:
        raise InputError(expected="--output FILE.xlsx with --format xlsx", key_path=("--output",))
    wants_estimate = year is not None or cscf is not None or eua_price is not None
    if wants_estimate and (year is None or cscf is None):
        raise InputError(
            expected="--year and --cscf together for the certificate estimate",
            key_path=("--cscf" if year is not None else "--year",),
            hint="No CSCF is shipped: none could be confirmed from a legal text.",
        )
    installation = load_installation(installation_file)
    factor_set = load_factor_set(overlays)
    result = cbam_module.compute(installation, factor_set)
    estimate = None
    if year is not None:
        estimate = cbam_module.estimate_certificates(
            result,
            factor_set,
            year=year,
            cross_sectoral_correction=_decimal_option(cscf, "--cscf", "", low=0, high=1),
            eua_price=_decimal_option(eua_price, "--eua-price", "EUR/t", low=0),
        )
    inputs = [installation_file, *overlays]
    if result.plant_file is not None:
        inputs.append(Path(result.plant_file[0]))
    if fmt == "xlsx":
        assert output is not None
        report.cbam_xlsx(result, estimate, output, inputs=inputs)
        return
    text = {
        "table": lambda: report.cbam_table(result, estimate),
        "json": lambda: report.to_json(report.cbam_document(result, estimate)),
        "csv": lambda: report.cbam_csv(result, estimate),
    }[fmt]()
    _emit(text, output, inputs)


@cbam.command("defaults")
@click.option("--cn", required=True, help="CN code of the good, e.g. 7601 or '7606 12 92'.")
@click.option("--country", help="ISO country of production (leave out when unknown).")
@click.option("--year", type=int, required=True, help="Year of import (2026-2030).")
@factor_overlay_option
@output_options
@_reports_errors
def cbam_defaults(
    cn: str,
    country: str | None,
    year: int,
    overlays: tuple[Path, ...],
    fmt: OutputFormat,
    output: Path | None,
) -> None:
    """Print the default value of a good with its mark-up and benchmark, with sources."""
    from aluco2 import report
    from aluco2.cbam import lookup_default
    from aluco2.errors import InputError
    from aluco2.factors import load_factor_set
    from aluco2.installation import CN_CODE

    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise InputError(
            expected="an ISO 3166 alpha-2 code, e.g. CN", value=country, key_path=("--country",)
        )
    try:
        CN_CODE.validate(cn)
    except ValueError as exc:
        raise InputError(expected=str(exc), value=cn, key_path=("--cn",)) from None
    found = lookup_default(
        load_factor_set(overlays), cn, country.upper() if country else None, year
    )
    text = {
        OutputFormat.TABLE: lambda: report.defaults_table(found),
        OutputFormat.JSON: lambda: report.to_json(report.defaults_document(found)),
        OutputFormat.CSV: lambda: report.defaults_csv(found),
    }[fmt]()
    _emit(text, output, overlays)


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
