"""Optimal plans and Pareto frontiers as JSON documents, text tables and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aluco2 import __version__
from aluco2.errors import InputError
from aluco2.report._text import text_table, write_bytes
from aluco2.report.footprint import footprint_document

if TYPE_CHECKING:
    from pathlib import Path

    from aluco2.optimise import ParetoPoint, Plan
    from aluco2.problem import Problem

__all__ = [
    "pareto_csv",
    "pareto_document",
    "pareto_table",
    "plan_csv",
    "plan_document",
    "plan_table",
]


def _problem_provenance(problem: Problem, factor_set_hash: str) -> dict[str, Any]:
    model = problem.model
    return {
        "factor_set_hash": factor_set_hash,
        "inputs": [{"path": problem.path, "sha256": problem.sha256}],
        "gwp": model.gwp,
        "allocation": model.allocation.approach,
        "scope2_method": model.scope2_method,
        "currency": model.currency,
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """Build the JSON document of an optimal plan.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    dict
        ``aluco2_version``, ``provenance`` (factor-set hash, input hash, objective,
        solver ...), ``plan`` (mix, energy, composition, CO2e, cost, binding
        constraints, Monte Carlo check) and ``footprint``, the engine's footprint
        document of the plan.
    """
    mass = plan.mass_t
    charge = sum(plan.materials_t.values()) or 1.0
    check = plan.monte_carlo
    return {
        "aluco2_version": __version__,
        "provenance": {
            **_problem_provenance(plan.problem, plan.factor_set_hash),
            "objective": plan.objective,
            "carbon_price": plan.carbon_price,
            "confidence": plan.confidence,
            "solver": plan.solver,
        },
        "plan": {
            "problem": plan.problem.model.problem,
            "mass": {"value": mass, "unit": "t"},
            "materials": [
                {"name": name, "mass": value, "unit": "t", "share_of_charge": value / charge}
                for name, value in plan.materials_t.items()
            ],
            "melting": [{"name": n, "product": v, "unit": "t"} for n, v in plan.melting_t.items()],
            "electricity": [
                {"name": n, "value": v, "unit": "MWh"} for n, v in plan.electricity_mwh.items()
            ],
            "composition": [
                {"element": label, "value": value, "min": low, "max": high, "unit": "wt-%"}
                for label, (value, low, high) in plan.composition.items()
            ],
            "co2e": {
                "per_t": plan.co2e_t_per_t,
                "total": plan.co2e_t,
                "unit_per_t": "t CO2e/t",
                "unit_total": "t CO2e",
            },
            "engine_co2e_per_t": plan.engine_co2e_t_per_t,
            "cost": {"per_t": plan.cost_per_t, "total": plan.cost, "currency": plan.currency},
            "binding": [
                {
                    "constraint": b.constraint,
                    "kind": b.kind,
                    "shadow_price": b.shadow_price,
                    "saving_per_step": b.per_step,
                    "message": b.message,
                }
                for b in plan.binding
            ],
            "monte_carlo": None
            if check is None
            else {
                "samples": check.samples,
                "seed": check.seed,
                "off_spec_probability": check.off_spec_probability,
                "by_element": dict(check.by_element),
            },
        },
        "footprint": footprint_document([plan.footprint]),
    }


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
    charge = sum(plan.materials_t.values()) or 1.0
    mix = [(n, f"{v:,.2f}", f"{100 * v / charge:.1f} %") for n, v in plan.materials_t.items() if v]
    lines.append(text_table(("material", "t", "of charge"), mix))
    energy = [("melting", n, f"{v:,.2f} t") for n, v in plan.melting_t.items() if v]
    energy += [("electricity", n, f"{v:,.2f} MWh") for n, v in plan.electricity_mwh.items() if v]
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "name", "value", "unit"))
    for name, value in plan.materials_t.items():
        writer.writerow(("material", name, repr(value), "t"))
    for name, value in plan.melting_t.items():
        writer.writerow(("melting", name, repr(value), "t"))
    for name, value in plan.electricity_mwh.items():
        writer.writerow(("electricity", name, repr(value), "MWh"))
    for label, (value, _, _) in plan.composition.items():
        writer.writerow(("composition", label, repr(value), "wt-%"))
    writer.writerow(("total", "co2e_per_t", repr(plan.co2e_t_per_t), "t CO2e/t"))
    writer.writerow(("total", "cost_per_t", repr(plan.cost_per_t), f"{plan.currency}/t"))
    return buffer.getvalue()


def pareto_document(
    problem: Problem, points: Sequence[ParetoPoint], factor_set_hash: str
) -> dict[str, Any]:
    """Build the JSON document of a cost-CO2e frontier.

    Parameters
    ----------
    problem : Problem
        The problem.
    points : sequence of ParetoPoint
        The frontier, from least CO2e to least cost.
    factor_set_hash : str
        Hash of the factor set used.

    Returns
    -------
    dict
        ``aluco2_version``, ``provenance`` and ``points``.
    """
    return {
        "aluco2_version": __version__,
        "provenance": {
            **_problem_provenance(problem, factor_set_hash),
            "method": "epsilon-constraint (least cost under a CO2e cap)",
        },
        "points": [
            {
                "co2e_per_t": p.co2e_t_per_t,
                "cost_per_t": p.cost_per_t,
                "unit_co2e": "t CO2e/t",
                "unit_cost": f"{problem.model.currency}/t",
                "materials": dict(p.materials_t),
            }
            for p in points
        ],
    }


def pareto_table(problem: Problem, points: Sequence[ParetoPoint]) -> str:
    """Render a frontier as a text table.

    Parameters
    ----------
    problem : Problem
        The problem.
    points : sequence of ParetoPoint
        The frontier.

    Returns
    -------
    str
        One row per point with CO2e, cost and the three largest materials.
    """
    currency = problem.model.currency
    rows = []
    for index, point in enumerate(points, start=1):
        largest = sorted(point.materials_t.items(), key=lambda item: -item[1])[:3]
        rows.append(
            (
                str(index),
                f"{point.co2e_t_per_t:.4g}",
                f"{point.cost_per_t:,.2f}",
                ", ".join(f"{name} {mass:,.0f} t" for name, mass in largest if mass),
            )
        )
    return text_table(("point", "t CO2e/t", f"{currency}/t", "largest materials"), rows)


def pareto_csv(points: Sequence[ParetoPoint]) -> str:
    """Render a frontier as CSV, one row per point and a column per material.

    Parameters
    ----------
    points : sequence of ParetoPoint
        The frontier.

    Returns
    -------
    str
        CSV text.
    """
    names = list(points[0].materials_t) if points else []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("co2e_t_per_t", "cost_per_t", *(f"{n} [t]" for n in names)))
    for point in points:
        writer.writerow(
            (
                repr(point.co2e_t_per_t),
                repr(point.cost_per_t),
                *(repr(point.materials_t[n]) for n in names),
            )
        )
    return buffer.getvalue()


def pareto_png(
    problem: Problem, points: Sequence[ParetoPoint], path: Path, *, inputs: Sequence[Path] = ()
) -> None:
    """Draw the frontier to a PNG file (needs matplotlib, the 'plot' extra).

    Parameters
    ----------
    problem : Problem
        The problem, for the title and currency.
    points : sequence of ParetoPoint
        The frontier.
    path : pathlib.Path
        Destination; written atomically, never over an input file.
    inputs : sequence of pathlib.Path
        Files read to produce the frontier.

    Raises
    ------
    InputError
        If matplotlib is not installed or the path is an input file.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError(
            expected="matplotlib for --plot", hint="Install it with: pip install 'aluco2[plot]'"
        ) from None
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
    write_bytes(buffer.getvalue(), path, inputs=inputs)
