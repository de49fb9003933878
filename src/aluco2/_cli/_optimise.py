"""``aluco2 optimise`` and ``aluco2 pareto``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from aluco2._cli._common import (
    FiniteFloatRange,
    OutputFormat,
    emit,
    factor_overlay_option,
    input_path,
    output_options,
    prepare_output,
    reports_errors,
)

__all__ = ["COMMANDS"]


def carbon_price_in(text: str | None, currency: str) -> float | None:
    """Read ``--carbon-price`` in the problem's currency per t CO2e; it must be >= 0."""
    from aluco2._errors import InputError, UnitError
    from aluco2._units import as_unit, parse_quantity

    if text is None:
        return None
    expected = f"a price of 0 or more per t CO2e in the problem's currency, e.g. '80 {currency}/t'"
    try:
        quantity = parse_quantity(text)
    except UnitError as exc:
        raise exc.located(key_path=("--carbon-price",)) from None
    for unit, dimension in (
        (f"{currency}/t CO2e", f"[currency_{currency}]/[mass]/[carbon_dioxide_equivalent]"),
        (f"{currency}/t", f"[currency_{currency}]/[mass]"),
    ):
        if quantity.check(dimension):
            price = float(quantity.m_as(as_unit(unit)))
            if not 0 <= price <= 1e5:
                raise InputError(
                    expected=expected.replace("0 or more", "from 0 to 100 000"),
                    value=text,
                    key_path=("--carbon-price",),
                )
            return price
    raise InputError(expected=expected, value=text, key_path=("--carbon-price",))


def _problem(problem_file: Path, overlays: Sequence[Path]) -> tuple[Any, Any, list[Path]]:
    """Load the problem and the factors; return them with every file the run reads."""
    from aluco2._factors import load_factor_set
    from aluco2._problem import load_problem

    problem = load_problem(problem_file)
    reads = [problem_file, *overlays, *problem.files_named]
    return problem, load_factor_set(overlays), reads


_CONFIDENCE = click.option(
    "--confidence",
    type=FiniteFloatRange(0.5, 1.0, min_open=True, max_open=True),
    help="Keep each element in its window with this probability (e.g. 0.95).",
)


@click.command()
@click.argument("problem_file", type=input_path())
@click.option(
    "--objective",
    type=click.Choice(["co2", "cost", "weighted"]),
    default="co2",
    show_default=True,
    help="Minimise CO2e, cost, or cost + carbon price x CO2e.",
)
@click.option("--carbon-price", help="Carbon price for --objective weighted, e.g. '80 EUR/t'.")
@_CONFIDENCE
@click.option(
    "--samples",
    type=click.IntRange(0, 1_000_000),
    default=0,
    help="Monte Carlo samples of the compositions to estimate the off-spec probability.",
)
@factor_overlay_option
@output_options
@reports_errors
def optimise(
    problem_file: Path,
    objective: str,
    carbon_price: str | None,
    confidence: float | None,
    samples: int,
    overlays: tuple[Path, ...],
    fmt: OutputFormat,
    output: str | None,
) -> None:
    """Charge mix and melting energy at least CO2e, least cost, or least carbon-priced cost."""
    from aluco2 import _api
    from aluco2 import _report as report
    from aluco2._errors import InputError

    problem, factor_set, reads = _problem(problem_file, overlays)
    target = prepare_output(output, reads)
    price = carbon_price_in(carbon_price, problem.model.currency)
    if objective == "weighted" and price is None:
        raise InputError(
            expected="given with --objective weighted, e.g. '80 EUR/t'",
            key_path=("--carbon-price",),
        )
    if objective != "weighted" and price is not None:
        raise InputError(
            expected="left out unless --objective is weighted: the price has no effect on "
            f"the {objective} objective",
            key_path=("--carbon-price",),
        )
    plan = _api.optimise(
        problem,
        factor_set,
        objective=objective,  # type: ignore[arg-type]
        carbon_price=price,
        confidence=confidence,
        samples=samples,
    )
    text = {
        OutputFormat.TABLE: lambda: report.plan_table(plan),
        OutputFormat.JSON: lambda: plan.to_json(),
        OutputFormat.CSV: lambda: report.plan_csv(plan),
    }[fmt]()
    emit(text, target)


@click.command()
@click.argument("problem_file", type=input_path())
@click.option(
    "--points",
    type=click.IntRange(2, 1000),
    default=20,
    show_default=True,
    help="Number of points on the frontier.",
)
@_CONFIDENCE
@click.option(
    "--plot",
    "plot_file",
    metavar="FILE.png",
    help="Also draw the frontier to this PNG file (needs the 'plot' extra).",
)
@factor_overlay_option
@output_options
@reports_errors
def pareto(
    problem_file: Path,
    points: int,
    confidence: float | None,
    plot_file: str | None,
    overlays: tuple[Path, ...],
    fmt: OutputFormat,
    output: str | None,
) -> None:
    """Trace the cost-CO2e frontier (epsilon-constraint), with a progress bar."""
    import importlib.util

    from aluco2 import _api
    from aluco2 import _report as report
    from aluco2._errors import InputError

    if plot_file is not None and importlib.util.find_spec("matplotlib") is None:
        raise InputError(
            expected="The 'plot' extra (matplotlib) is needed for --plot.",
            key_path=("--plot",),
            hint="Install it with: pip install 'aluco2[plot]'.",
        )
    problem, factor_set, reads = _problem(problem_file, overlays)
    target = prepare_output(output, reads)
    plot_target = prepare_output(plot_file, reads, option="--plot", others=[target])
    with click.progressbar(length=points, label="frontier", file=sys.stderr) as bar:
        frontier = _api.pareto(
            problem,
            factor_set,
            points=points,
            confidence=confidence,
            progress=lambda done, total: bar.update(1),
        )
    text = {
        OutputFormat.TABLE: lambda: report.pareto_table(frontier),
        OutputFormat.JSON: lambda: frontier.to_json(),
        OutputFormat.CSV: lambda: report.pareto_csv(frontier),
    }[fmt]()
    image = report.pareto_png(frontier) if plot_target is not None else None
    emit(text, target)
    if image is not None:
        emit(image, plot_target)


COMMANDS = (optimise, pareto)
