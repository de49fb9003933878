"""The JSON documents of optimal plans and frontiers: what ``to_dict()`` and the CLI return."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aluco2 import __version__

if TYPE_CHECKING:
    from aluco2._optimise import Frontier, Mix, Plan
    from aluco2._problem import Problem

__all__ = ["pareto_document", "plan_document"]


def _problem_provenance(
    problem: Problem, factor_set_hash: str, plant_files: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    model = problem.model
    inputs = [(problem.path, problem.sha256), *sorted(set(plant_files))]
    return {
        "factor_set_hash": factor_set_hash,
        "inputs": [{"path": path, "sha256": sha256} for path, sha256 in inputs],
        "gwp": model.gwp,
        "allocation": model.allocation.approach,
        "scope2_method": model.scope2_method,
        "currency": model.currency,
    }


def _mix_document(mix: Mix) -> dict[str, Any]:
    charge = sum(mix.materials_t.values()) or 1.0
    return {
        "materials": [
            {"name": name, "mass": value, "unit": "t", "share_of_charge": value / charge}
            for name, value in mix.materials_t.items()
        ],
        "melting": [{"name": n, "product": v, "unit": "t"} for n, v in mix.melting_t.items()],
        "electricity": [
            {"name": n, "value": v, "unit": "MWh"} for n, v in mix.electricity_mwh.items()
        ],
        "recycled_content": mix.recycled_fraction,
        "post_consumer_content": mix.post_consumer_fraction,
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
        ``aluco2_version``, ``provenance`` (factor-set hash, input hashes, objective,
        solver ...), ``plan`` (mix, energy, recycled content, composition, CO2e, cost,
        binding constraints, Monte Carlo check) and ``footprint``, the engine's footprint
        document of the plan.
    """
    check = plan.monte_carlo
    return {
        "aluco2_version": __version__,
        "provenance": {
            **_problem_provenance(plan.problem, plan.factor_set_hash, plan.plant_files),
            "objective": plan.objective,
            "carbon_price": plan.carbon_price,
            "confidence": plan.confidence,
            "solver": plan.solver,
        },
        "plan": {
            "problem": plan.problem.model.problem,
            "mass": {"value": plan.mass_t, "unit": "t"},
            **_mix_document(plan.mix),
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
        "footprint": plan.footprint.to_dict(),
    }


def pareto_document(frontier: Frontier) -> dict[str, Any]:
    """Build the JSON document of a cost-CO2e frontier.

    Parameters
    ----------
    frontier : Frontier
        The frontier.

    Returns
    -------
    dict
        ``aluco2_version``, ``provenance`` and ``points`` (CO2e, cost and mix of each).
    """
    problem = frontier.problem
    return {
        "aluco2_version": __version__,
        "provenance": {
            **_problem_provenance(problem, frontier.factor_set_hash, frontier.plant_files),
            "method": "epsilon-constraint (least cost under a CO2e cap)",
        },
        "points": [
            {
                "co2e_per_t": p.co2e_t_per_t,
                "cost_per_t": p.cost_per_t,
                "unit_co2e": "t CO2e/t",
                "unit_cost": f"{problem.model.currency}/t",
                **_mix_document(p.mix),
            }
            for p in frontier.points
        ],
    }
