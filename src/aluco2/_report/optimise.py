"""Optimal plans and Pareto frontiers as text tables, CSV and a picture (JSON: ``to_dict()``)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from aluco2._errors import InputError
from aluco2._report._text import csv_text, text_table

if TYPE_CHECKING:
    from aluco2._optimise import Frontier, Plan

__all__ = [
    "pareto_csv",
    "pareto_table",
    "plan_csv",
    "plan_table",
]


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def plan_table(plan: Plan) -> str:
    """Render an optimal plan for a terminal.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    str
        Summary, mix, energy, composition against the window and binding constraints.
    """
    model = plan.problem.model
    lines = [
        f"{model.problem}: {plan.mass_t:g} t, objective {plan.objective}",
        f"  CO2e {plan.co2e_t_per_t:.4g} t CO2e/t ({plan.co2e_t:,.1f} t; footprint engine "
        f"{plan.engine_co2e_t_per_t:.4g} t CO2e/t)",
        f"  cost {plan.cost_per_t:,.2f} {plan.currency}/t ({plan.cost:,.0f} {plan.currency})",
        "",
    ]
    materials = plan.mix.materials_t
    charge = sum(materials.values()) or 1.0
    mix = [(n, f"{v:,.2f}", f"{100 * v / charge:.1f} %") for n, v in materials.items() if v]
    lines.append(text_table(("material", "t", "of charge"), mix))
    lines.append(
        f"recycled content {100 * plan.mix.recycled_fraction:.1f} % of the metal "
        f"(post-consumer {100 * plan.mix.post_consumer_fraction:.1f} %)\n"
    )
    energy = [("melting", n, f"{v:,.2f} t") for n, v in plan.mix.melting_t.items() if v]
    energy += [
        ("electricity", n, f"{v:,.2f} MWh") for n, v in plan.mix.electricity_mwh.items() if v
    ]
    if energy:
        lines.append(text_table(("energy", "option", "amount"), energy))
    composition = [
        (label, _fmt(value), _fmt(low), _fmt(high))
        for label, (value, low, high) in plan.composition.items()
    ]
    lines.append(text_table(("element", "wt-%", "min", "max"), composition))
    if plan.binding:
        lines += ["binding constraints:"] + [f"  - {b.message}" for b in plan.binding] + [""]
    if plan.monte_carlo is not None:
        check = plan.monte_carlo
        lines.append(
            f"off-spec probability {100 * check.off_spec_probability:.2f} % "
            f"({check.samples} Monte Carlo samples of the compositions, seed {check.seed})"
        )
    return "\n".join(line.rstrip() for line in lines).rstrip() + "\n"


def plan_csv(plan: Plan) -> str:
    """Render an optimal plan as CSV (section, name, value, unit).

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    str
        One row per material, option, element and total.
    """
    mix = plan.mix
    rows = [
        *(("material", name, repr(value), "t") for name, value in mix.materials_t.items()),
        *(("melting", name, repr(value), "t") for name, value in mix.melting_t.items()),
        *(("electricity", name, repr(value), "MWh") for name, value in mix.electricity_mwh.items()),
        ("content", "recycled", repr(mix.recycled_fraction), "t/t"),
        ("content", "post_consumer", repr(mix.post_consumer_fraction), "t/t"),
        *(("composition", label, repr(v), "wt-%") for label, (v, _, _) in plan.composition.items()),
        ("total", "co2e_per_t", repr(plan.co2e_t_per_t), "t CO2e/t"),
        ("total", "cost_per_t", repr(plan.cost_per_t), f"{plan.currency}/t"),
    ]
    return csv_text(("section", "name", "value", "unit"), rows)


def pareto_table(frontier: Frontier) -> str:
    """Render a frontier as a text table.

    Parameters
    ----------
    frontier : Frontier
        The frontier.

    Returns
    -------
    str
        One row per point with CO2e, cost, recycled content and the largest materials.
    """
    currency = frontier.problem.model.currency
    rows = []
    for index, point in enumerate(frontier.points, start=1):
        largest = sorted(point.mix.materials_t.items(), key=lambda item: -item[1])[:3]
        rows.append(
            (
                str(index),
                f"{point.co2e_t_per_t:.4g}",
                f"{point.cost_per_t:,.2f}",
                f"{100 * point.mix.recycled_fraction:.1f} %",
                ", ".join(f"{name} {mass:,.0f} t" for name, mass in largest if mass),
            )
        )
    header = ("point", "t CO2e/t", f"{currency}/t", "recycled", "largest materials")
    return text_table(header, rows)


def pareto_csv(frontier: Frontier) -> str:
    """Render a frontier as CSV, one row per point and a column per material and option.

    Parameters
    ----------
    frontier : Frontier
        The frontier.

    Returns
    -------
    str
        CSV text.
    """
    points = frontier.points
    first = points[0].mix
    columns = [
        *(f"{n} [t]" for n in first.materials_t),
        *(f"{n} [t melted]" for n in first.melting_t),
        *(f"{n} [MWh]" for n in first.electricity_mwh),
    ]
    rows = (
        (
            repr(point.co2e_t_per_t),
            repr(point.cost_per_t),
            repr(point.mix.recycled_fraction),
            *(
                repr(v)
                for part in (point.mix.materials_t, point.mix.melting_t, point.mix.electricity_mwh)
                for v in part.values()
            ),
        )
        for point in points
    )
    return csv_text(("co2e_t_per_t", "cost_per_t", "recycled_content", *columns), rows)


def pareto_png(frontier: Frontier) -> bytes:
    """Draw the frontier as a PNG image (needs matplotlib, the 'plot' extra).

    Parameters
    ----------
    frontier : Frontier
        The frontier.

    Returns
    -------
    bytes
        The PNG file's content.

    Raises
    ------
    InputError
        If matplotlib is not installed.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError(
            expected="matplotlib for --plot", hint="Install it with: pip install 'aluco2[plot]'"
        ) from None
    problem, points = frontier.problem, frontier.points
    figure, axes = plt.subplots(figsize=(6, 4), dpi=150)
    axes.plot([p.co2e_t_per_t for p in points], [p.cost_per_t for p in points], "o-")
    axes.set_xlabel("CO2e [t CO2e/t]")
    axes.set_ylabel(f"cost [{problem.model.currency}/t]")
    axes.set_title(problem.model.problem)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
