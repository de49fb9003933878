"""Least-CO2e, least-cost or carbon-priced furnace charges and melting energy.

:func:`optimise` turns a :class:`~aluco2.problem.Problem` into a linear programme
(a MILP when lots or a single melting option are required), solves it with
SciPy's HiGHS, and returns a :class:`Plan`: the mix, energy, composition against
its window, CO2e and cost, the binding constraints with their shadow prices in
words, and the plan's footprint computed by the footprint engine, which must equal
the optimum's CO2e. An infeasible problem raises
:class:`~aluco2.errors.InfeasibleProblemError` with the smallest relaxation that
would make it feasible, found by an elastic LP. :func:`pareto` traces the
cost-CO2e frontier by the epsilon-constraint method.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np

from aluco2.errors import InfeasibleProblemError
from aluco2.factors import FactorSet
from aluco2.footprint import Footprint, evaluate
from aluco2.optimise._data import ProblemData, problem_data, template_plant_mapping, z_score
from aluco2.optimise._lp import InfeasibleError, LinearProgramme, Row, Solution, build, solve
from aluco2.plant import plant_from_mapping
from aluco2.problem import Problem

__all__ = [
    "Binding",
    "MonteCarloCheck",
    "ParetoPoint",
    "Plan",
    "optimise",
    "pareto",
    "plan_plant_mapping",
]

Objective = Literal["co2", "cost", "weighted"]


@dataclasses.dataclass(frozen=True, slots=True)
class Binding:
    """A constraint that limits the optimum, and what relaxing it is worth."""

    constraint: str
    kind: str
    shadow_price: float
    """Change of the objective per unit of the constraint's right-hand side."""
    per_step: float
    """Change of the objective per tonne of product for one relaxation step."""
    message: str


@dataclasses.dataclass(frozen=True, slots=True)
class MonteCarloCheck:
    """Chance that the plan leaves its window when compositions vary as stated."""

    samples: int
    seed: int
    off_spec_probability: float
    by_element: Mapping[str, float]


@dataclasses.dataclass(frozen=True)
class Plan:
    """An optimal plan and everything needed to trust it."""

    problem: Problem
    objective: Objective
    carbon_price: float | None
    """Currency per t CO2e in the weighted objective."""
    confidence: float | None
    mass_t: float
    currency: str
    materials_t: Mapping[str, float]
    """Mass charged of each material. [t]"""
    melting_t: Mapping[str, float]
    """Product melted by each option. [t]"""
    electricity_mwh: Mapping[str, float]
    """Electricity from each source. [MWh]"""
    composition: Mapping[str, tuple[float, float | None, float | None]]
    """Content of each limited element or group: (value, min, max). [wt-%]"""
    co2e_t: float
    """CO2e of the plan by the linear programme. [t CO2e]"""
    cost: float
    """Cost of the plan. [currency]"""
    binding: tuple[Binding, ...]
    footprint: Footprint
    """The plan as a plant, evaluated by the footprint engine."""
    solver: str
    monte_carlo: MonteCarloCheck | None
    factor_set_hash: str

    @property
    def co2e_t_per_t(self) -> float:
        """CO2e per tonne of product, in t CO2e/t."""
        return self.co2e_t / self.mass_t

    @property
    def cost_per_t(self) -> float:
        """Cost per tonne of product, in the problem's currency per t."""
        return self.cost / self.mass_t

    @property
    def engine_co2e_t_per_t(self) -> float:
        """CO2e per tonne of the plan's footprint by the engine, in t CO2e/t."""
        return float(
            self.footprint.routes["recycled"].total_t_per_t(self.problem.model.scope2_method)[0]
        )


def _objective_vector(
    programme: LinearProgramme, objective: Objective, carbon_price: float | None
) -> np.ndarray:
    if objective == "co2":
        return programme.co2e
    if objective == "cost":
        return programme.cost
    if carbon_price is None:
        raise ValueError("the weighted objective needs a carbon price")
    return programme.cost + carbon_price * programme.co2e


def _explain(
    programme: LinearProgramme, solution: Solution, objective: Objective
) -> tuple[Binding, ...]:
    unit = {
        "co2": "kg CO2e/t",
        "cost": f"{programme.data.currency}/t",
        "weighted": f"{programme.data.currency}/t (cost + carbon price)",
    }[objective]
    factor = 1000.0 if objective == "co2" else 1.0
    mass = programme.data.mass_t
    binding = []
    rows = programme.rows
    for row, marginal in zip(rows, solution.row_marginals, strict=True):
        if row.equality or row.kind == "lot" or abs(marginal) < 1e-9:
            continue
        saving = -marginal * row.scale / mass * factor
        binding.append(
            Binding(
                row.label,
                row.kind,
                float(marginal),
                saving,
                f"{row.label} binds: relaxing it by {row.unit} saves {saving:.4g} {unit}",
            )
        )
    n_m = programme.n_materials
    for i, material in enumerate(programme.data.materials[:n_m]):
        upper, lower = solution.upper_marginals[i], solution.lower_marginals[i]
        step = 0.01 * mass
        if abs(upper) > 1e-9:
            saving = -upper * step / mass * factor
            binding.append(
                Binding(
                    f"{material.name} available max",
                    "availability",
                    float(upper),
                    saving,
                    f"{material.name} is used up: {step:g} t more would save {saving:.4g} {unit}",
                )
            )
        if abs(lower) > 1e-9 and material.min_t > 0:
            saving = lower * step / mass * factor
            binding.append(
                Binding(
                    f"{material.name} minimum use",
                    "availability",
                    float(lower),
                    saving,
                    f"{material.name} minimum use binds: {step:g} t less would save "
                    f"{saving:.4g} {unit}",
                )
            )
    return tuple(sorted(binding, key=lambda b: -abs(b.per_step)))


def _relaxation(programme: LinearProgramme) -> list[str]:
    """Smallest relaxation of the constraints that makes the programme feasible (elastic LP)."""
    data = programme.data
    soft = [i for i, r in enumerate(programme.rows) if not r.equality and r.kind != "lot"]
    n = len(programme.co2e)
    bound_rows = []
    for i, material in enumerate(data.materials):
        if math.isfinite(programme.upper[i]) and data.materials[i].max_t is not None:
            bound_rows.append((i, "max", material))
        if material.min_t > 0 and material.lot_t is None:
            bound_rows.append((i, "min", material))
    size = n + len(soft) + len(bound_rows)
    rows = []
    for position, index in enumerate(soft):
        row = programme.rows[index]
        vector = np.zeros(size)
        vector[:n] = row.coefficients
        vector[n + position] = -row.scale
        rows.append(Row(row.kind, row.label, vector, row.rhs, scale=row.scale, unit=row.unit))
    lower = np.concatenate([programme.lower, np.zeros(size - n)])
    upper = np.concatenate([programme.upper, np.full(size - n, np.inf)])
    for position, (i, which, material) in enumerate(bound_rows):
        vector = np.zeros(size)
        column = n + len(soft) + position
        if which == "max":
            vector[i], vector[column] = 1.0, -1.0
            rows.append(
                Row(
                    "availability_max",
                    f"{material.name} available max {material.max_t:g} t",
                    vector,
                    float(material.max_t or 0.0),
                    unit="t",
                )
            )
        else:
            vector[i], vector[column] = -1.0, -1.0
            rows.append(
                Row(
                    "availability_min",
                    f"{material.name} minimum use {material.min_t:g} t",
                    vector,
                    -material.min_t,
                    unit="t",
                )
            )
        upper[i], lower[i] = np.inf, 0.0
    rows += [
        dataclasses.replace(r, coefficients=np.concatenate([r.coefficients, np.zeros(size - n)]))
        for r in programme.rows
        if r.equality or r.kind == "lot"
    ]
    cost = np.concatenate([np.zeros(n), np.ones(size - n)])
    elastic = dataclasses.replace(
        programme,
        rows=tuple(rows),
        lower=lower,
        upper=upper,
        integrality=np.zeros(size),
        co2e=cost,
        cost=cost,
    )
    try:
        values = solve(elastic, cost).values
    except InfeasibleError:
        return [
            "no relaxation of composition, availability, content, cost, CO2e or capacity "
            "limits helps; check the target mass, the metal yields and the options"
        ]
    messages = []
    for position, index in enumerate(soft):
        slack = values[n + position]
        if slack > 1e-7:
            messages.append(_relax_message(programme.rows[index], slack, data))
    for position, (_, which, material) in enumerate(bound_rows):
        slack = values[n + len(soft) + position]
        if slack > 1e-7:
            if which == "max":
                messages.append(
                    f"{material.name}: {slack:.4g} t more than the {material.max_t:g} t "
                    "available would be needed"
                )
            else:
                messages.append(f"{material.name}: the minimum use must fall by {slack:.4g} t")
    return messages or ["the problem is infeasible but no single limit explains it"]


def _relax_message(row: Row, slack: float, data: ProblemData) -> str:
    if row.kind in ("composition_max", "composition_min"):
        change = slack * row.scale / data.mass_t * 100
        match = re.match(r"(.+) (max|min) ([0-9.eE+-]+) wt-%", row.label)
        if match:
            name, side, bound = match[1], match[2], float(match[3])
            new = bound + change if side == "max" else bound - change
            return (
                f"{name} {side} {bound:.4g} wt-% must be relaxed to {new:.4g} wt-% "
                f"({'+' if side == 'max' else '-'}{change:.3g} wt-%)"
            )
    return f"{row.label} must be relaxed by {slack:.4g} x {row.unit}"


def _text(value: float, unit: str) -> str:
    """Write a number exactly, with its unit, as plant files do."""
    return f"{float(value)!r} {unit}"


def plan_plant_mapping(data: ProblemData, values: np.ndarray) -> dict[str, Any]:
    """Return the plan as plant data: a recycled route with the chosen charge and energy.

    Parameters
    ----------
    data : ProblemData
        The resolved problem.
    values : numpy.ndarray
        Optimal values of the programme's variables.

    Returns
    -------
    dict
        Plant data whose footprint per tonne equals the plan's CO2e per tonne.
    """
    mass = data.mass_t
    n_m, n_e = len(data.materials), len(data.melting)
    charge = values[:n_m]
    melted = values[n_m : n_m + n_e]
    supplied = values[n_m + n_e : n_m + n_e + len(data.supplies)]
    mapping = template_plant_mapping(data.problem, [])
    recycled: dict[str, Any] = mapping["recycled"]
    scrap = [(m, x) for m, x in zip(data.materials, charge, strict=True) if m.kind == "scrap"]
    total_scrap = sum(x for _, x in scrap)
    if scrap and total_scrap > 0:
        recycled["scrap"] = [
            {
                "class": m.scrap_class or "custom_scrap",
                "share": _text(x / total_scrap, "t/t"),
                "consumer": m.consumer,
                "scrap_charge": _text(1 / m.metal_yield, "t/t"),
            }
            for m, x in scrap
        ]
    primary = [(m, x) for m, x in zip(data.materials, charge, strict=True) if m.kind == "primary"]
    primary_metal = sum(x * m.metal_yield for m, x in primary)
    if primary_metal > 0:
        intensity = sum(x * m.co2e_t_per_t for m, x in primary) / primary_metal
        recycled["primary_metal"] = {
            "amount": _text(primary_metal / mass, "t/t"),
            "intensity": _text(intensity, "t CO2e/t"),
        }
    recycled["materials"] = [
        {
            "name": m.name,
            "amount": _text(x / mass, "t/t"),
            "intensity": _text(m.co2e_t_per_t, "t CO2e/t"),
            "kind": "alloying",
            "metal_content": _text(m.metal_yield, "t/t"),
        }
        for m, x in zip(data.materials, charge, strict=True)
        if m.kind in ("master_alloy", "element") and x > 0
    ]
    prep_fuels: dict[str, float] = {}
    for m, x in zip(data.materials, charge, strict=True):
        for fuel, amount in m.preparation_fuel_gj_per_t.items():
            prep_fuels[fuel] = prep_fuels.get(fuel, 0.0) + x * amount / mass
    prep_electricity = (
        sum(
            x * m.preparation_electricity_mwh_per_t
            for m, x in zip(data.materials, charge, strict=True)
        )
        / mass
    )
    recycled["preparation"] = {
        "fuels": {f: _text(v, "GJ/t") for f, v in prep_fuels.items()},
        "electricity": _text(prep_electricity, "MWh/t"),
    }
    melt_fuels: dict[str, float] = {}
    for option, z in zip(data.melting, melted, strict=True):
        for fuel, amount in option.fuel_gj_per_t.items():
            melt_fuels[fuel] = melt_fuels.get(fuel, 0.0) + z * amount / mass
    melt_electricity = (
        sum(z * o.electricity_mwh_per_t for o, z in zip(data.melting, melted, strict=True)) / mass
    )
    recycled["melting"] = {
        "fuels": {f: _text(v, "GJ/t") for f, v in melt_fuels.items()},
        "electricity": _text(melt_electricity, "MWh/t"),
    }
    total_electricity = float(supplied.sum())
    for contract in mapping["electricity"]["contracts"]:
        (k,) = [i for i, s in enumerate(data.supplies) if s.name == contract["name"]]
        share = supplied[k] / total_electricity if total_electricity > 0 else 0.0
        contract["share"] = _text(share, "t/t")
    mapping["allocation"] = data.problem.model.allocation.model_dump(exclude_none=True)
    return mapping


def _composition(
    data: ProblemData, charge: np.ndarray
) -> dict[str, tuple[float, float | None, float | None]]:
    from aluco2.optimise._lp import _limited_groups, _window_content

    result = {}
    for label, elements, low, high in _limited_groups(data):
        content = float(_window_content(data, elements, np.zeros(len(charge))) @ charge)
        result[label] = (
            100 * content / data.mass_t,
            None if low is None else 100 * low,
            None if high is None else 100 * high,
        )
    return result


def _monte_carlo(data: ProblemData, charge: np.ndarray, samples: int, seed: int) -> MonteCarloCheck:
    """Sample material compositions (normal, truncated at zero) and count off-spec melts."""
    from aluco2.optimise._lp import _limited_groups

    rng = np.random.default_rng(seed)
    metal = np.asarray([m.metal_yield for m in data.materials]) * charge
    elements = sorted({e for m in data.materials for e in m.composition})
    draws: dict[str, np.ndarray] = {}
    for element in elements:
        mean = np.asarray([m.composition.get(element, 0.0) for m in data.materials])
        sd = np.asarray([m.composition_sd.get(element, 0.0) for m in data.materials])
        sampled = np.clip(rng.normal(mean, sd, size=(samples, len(mean))), 0.0, None)
        draws[element] = sampled @ metal / data.mass_t
    off = np.zeros(samples, dtype=bool)
    by_element = {}
    for label, group, low, high in _limited_groups(data):
        if group == ("Al",):
            content = 1.0 - sum(draws.values(), np.zeros(samples))
        else:
            content = sum((draws.get(e, np.zeros(samples)) for e in group), np.zeros(samples))
        outside = np.zeros(samples, dtype=bool)
        if high is not None:
            outside |= content > high + 1e-12
        if low is not None:
            outside |= content < low - 1e-12
        by_element[label] = float(outside.mean())
        off |= outside
    return MonteCarloCheck(samples, seed, float(off.mean()), by_element)


def optimise(
    problem: Problem,
    factors: FactorSet,
    *,
    objective: Objective = "co2",
    carbon_price: float | None = None,
    confidence: float | None = None,
    samples: int = 0,
    seed: int = 0,
    data: ProblemData | None = None,
) -> Plan:
    """Find the least-CO2e, least-cost or least carbon-priced cost plan of a problem.

    Parameters
    ----------
    problem : Problem
        The validated problem.
    factors : FactorSet
        Factors for fuels, grid, GWPs, alloy windows, element intensities.
    objective : {'co2', 'cost', 'weighted'}, default 'co2'
        What to minimise; 'weighted' is cost + ``carbon_price`` x CO2e.
    carbon_price : float, optional
        Currency of the problem per t CO2e, for 'weighted'.
    confidence : float, optional
        Keep every element inside its window with this probability (e.g. 0.95),
        tightening the windows by the stated standard deviations.
    samples : int, default 0
        Monte Carlo samples of the compositions to estimate the off-spec chance.
    seed : int, default 0
        Seed of those samples (the same seed gives the same estimate).
    data : ProblemData, optional
        The problem already resolved (saves the work in loops).

    Returns
    -------
    Plan
        The optimal plan.

    Raises
    ------
    InfeasibleProblemError
        With the smallest relaxation that would make the problem feasible.
    InputErrors
        If the problem's data are incomplete or inconsistent.
    """
    data = data or problem_data(problem, factors)
    z = z_score(confidence) if confidence is not None else 0.0
    programme = build(data, z=z)
    c = _objective_vector(programme, objective, carbon_price)
    try:
        solution = solve(programme, c)
    except InfeasibleError:
        raise InfeasibleProblemError(problem.path, _relaxation(programme)) from None
    values = np.where(np.abs(solution.values) < 1e-9, 0.0, solution.values)
    n_m, n_e, n_s = len(data.materials), len(data.melting), len(data.supplies)
    plant = plant_from_mapping(plan_plant_mapping(data, values), name=problem.path)
    return Plan(
        problem=problem,
        objective=objective,
        carbon_price=carbon_price,
        confidence=confidence,
        mass_t=data.mass_t,
        currency=data.currency,
        materials_t={m.name: float(v) for m, v in zip(data.materials, values[:n_m], strict=True)},
        melting_t={
            o.name: float(v) for o, v in zip(data.melting, values[n_m : n_m + n_e], strict=True)
        },
        electricity_mwh={
            s.name: float(v)
            for s, v in zip(data.supplies, values[n_m + n_e : n_m + n_e + n_s], strict=True)
        },
        composition=_composition(data, values[:n_m]),
        co2e_t=float(programme.co2e @ values),
        cost=float(programme.cost @ values),
        binding=_explain(programme, solution, objective),
        footprint=evaluate(plant, factors),
        solver=solution.solver,
        monte_carlo=_monte_carlo(data, values[:n_m], samples, seed) if samples else None,
        factor_set_hash=factors.hash,
    )


@dataclasses.dataclass(frozen=True, slots=True)
class ParetoPoint:
    """One point of the cost-CO2e frontier."""

    co2e_t_per_t: float
    cost_per_t: float
    materials_t: Mapping[str, float]


def pareto(
    problem: Problem,
    factors: FactorSet,
    *,
    points: int = 20,
    confidence: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ParetoPoint, ...]:
    """Trace the cost-CO2e frontier with the epsilon-constraint method.

    The end points are the least-CO2e plan (ties broken by cost) and the least-cost
    plan (ties broken by CO2e); in between, the least cost is found under a CO2e cap
    stepping evenly from one end to the other.

    Parameters
    ----------
    problem : Problem
        The validated problem.
    factors : FactorSet
        Factors as for :func:`optimise`.
    points : int, default 20
        Number of points, at least 2.
    confidence : float, optional
        As for :func:`optimise`.
    progress : callable, optional
        Called with (points done, points in all) after each point.

    Returns
    -------
    tuple of ParetoPoint
        From the least CO2e to the least cost.

    Raises
    ------
    InfeasibleProblemError
        If the problem has no feasible plan.
    """
    data = problem_data(problem, factors)
    programme = build(data, z=z_score(confidence) if confidence is not None else 0.0)
    try:
        greenest = solve(programme, programme.co2e)
        cheapest = solve(programme, programme.cost)
    except InfeasibleError:
        raise InfeasibleProblemError(problem.path, _relaxation(programme)) from None
    mass = data.mass_t
    low = float(programme.co2e @ greenest.values)
    high = float(programme.co2e @ cheapest.values)
    caps = np.linspace(low, high, max(points, 2))
    result = []
    for done, cap in enumerate(caps, start=1):
        row = Row("max_co2e", "CO2e cap", programme.co2e, cap + 1e-9 * max(abs(cap), 1.0))
        capped = dataclasses.replace(programme, rows=(*programme.rows, row))
        try:
            values = solve(capped, programme.cost + 1e-9 * programme.co2e).values
        except InfeasibleError:  # numerical edge at the low end: take the least-CO2e plan
            values = greenest.values
        result.append(
            ParetoPoint(
                float(programme.co2e @ values) / mass,
                float(programme.cost @ values) / mass,
                {m.name: float(v) for m, v in zip(data.materials, values, strict=False)},
            )
        )
        if progress is not None:
            progress(done, len(caps))
    return tuple(result)
