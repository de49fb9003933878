"""Least-CO2e, least-cost or carbon-priced furnace charges and melting energy.

:func:`optimise` turns a :class:`~aluco2._problem.Problem` into a linear programme
(a MILP when lots or a single melting option are required), solves it with
SciPy's HiGHS, and returns a :class:`Plan`: the mix, energy, composition against
its window, CO2e and cost, the binding constraints with their shadow prices in
words, and the plan's footprint computed by the footprint engine, which must equal
the optimum's CO2e. An infeasible problem raises
:class:`~aluco2._errors.InfeasibleProblemError` with the smallest relaxation that
would make it feasible, found by an elastic LP. :func:`pareto` traces the
cost-CO2e frontier by the epsilon-constraint method.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from aluco2._arguments import check_choice, check_number
from aluco2._errors import InfeasibleProblemError, InputError
from aluco2._factors import FactorSet
from aluco2._footprint import Footprint, evaluate
from aluco2._json import to_json
from aluco2._optimise._data import ProblemData, problem_data, template_plant_mapping, z_score
from aluco2._optimise._document import pareto_document, plan_document
from aluco2._optimise._lp import (
    InfeasibleError,
    LinearProgramme,
    Row,
    build,
    limited_groups,
    solve,
    window_content,
)
from aluco2._optimise._sensitivity import Binding, Objective, explain, relaxation
from aluco2._plant import plant_from_mapping
from aluco2._problem import Problem

__all__ = [
    "Binding",
    "Frontier",
    "Mix",
    "MonteCarloCheck",
    "ParetoPoint",
    "Plan",
    "optimise",
    "pareto",
    "plan_plant_mapping",
    "problem_data",
]


@dataclasses.dataclass(frozen=True, slots=True)
class MonteCarloCheck:
    """Chance that the plan leaves its window when compositions vary as stated."""

    samples: int
    seed: int
    off_spec_probability: float
    by_element: Mapping[str, float]


@dataclasses.dataclass(frozen=True, slots=True)
class Mix:
    """What a plan charges and burns."""

    materials_t: Mapping[str, float]
    """Mass charged of each material. [t]"""
    melting_t: Mapping[str, float]
    """Product melted by each option. [t]"""
    electricity_mwh: Mapping[str, float]
    """Electricity from each source. [MWh]"""
    recycled_fraction: float
    """Share of the product's metal that comes from scrap. [-]"""
    post_consumer_fraction: float
    """Share of the product's metal that comes from post-consumer scrap. [-]"""


def _mix(data: ProblemData, values: np.ndarray) -> Mix:
    n_m, n_e, n_s = len(data.materials), len(data.melting), len(data.supplies)
    charge = values[:n_m]
    metal = [m.metal_yield * x for m, x in zip(data.materials, charge, strict=True)]
    scrap = sum(t for m, t in zip(data.materials, metal, strict=True) if m.kind == "scrap")
    post = sum(
        t
        for m, t in zip(data.materials, metal, strict=True)
        if m.kind == "scrap" and m.consumer == "post"
    )
    return Mix(
        materials_t={m.name: float(v) for m, v in zip(data.materials, charge, strict=True)},
        melting_t={
            o.name: float(v) for o, v in zip(data.melting, values[n_m : n_m + n_e], strict=True)
        },
        electricity_mwh={
            s.name: float(v)
            for s, v in zip(data.supplies, values[n_m + n_e : n_m + n_e + n_s], strict=True)
        },
        recycled_fraction=float(scrap) / data.mass_t,
        post_consumer_fraction=float(post) / data.mass_t,
    )


def _plant_files(data: ProblemData) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({m.source_file for m in data.materials if m.source_file is not None}))


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
    mix: Mix
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
    plant_files: tuple[tuple[str, str], ...]
    """(path, SHA-256) of the plant files whose footprints the problem uses."""

    @property
    def co2e_t_per_t(self) -> float:
        """CO2e per tonne of product, in t CO2e/t."""
        return self.co2e_t / self.mass_t

    @property
    def cost_per_t(self) -> float:
        """Cost per tonne of product, in the problem's currency per t."""
        return self.cost / self.mass_t

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``aluco2 optimise --format json``.

        Returns
        -------
        dict
            ``aluco2_version``, ``provenance``, ``plan`` (mix, energy, composition, CO2e,
            cost, binding constraints) and ``footprint``, the engine's document of the plan;
            described by ``aluco2 schema plan-result``.
        """
        return plan_document(self)

    def to_json(self) -> str:
        """Return :meth:`to_dict` as the CLI's JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict())

    @property
    def engine_co2e_t_per_t(self) -> float:
        """CO2e per tonne of the plan's footprint by the engine, in t CO2e/t."""
        return float(
            self.footprint.routes["recycled"].total_t_per_t(self.problem.model.scope2_method)[0]
        )


MAX_SAMPLES = 1_000_000
"""Most Monte Carlo samples of the compositions in one call."""
MAX_POINTS = 1000
"""Most points on a frontier in one call (each is one linear programme)."""
MAX_CARBON_PRICE = 1e5
"""Highest carbon price accepted [currency per t CO2e]."""


def _check_arguments(objective: str, carbon_price: float | None, confidence: float | None) -> None:
    """Refuse an unknown objective, a missing or impossible carbon price or confidence."""
    check_choice("objective", objective, ("co2", "cost", "weighted"))
    if objective == "weighted" and carbon_price is None:
        raise InputError(
            expected="given for the weighted objective (currency per t CO2e)",
            key_path=("carbon_price",),
        )
    if carbon_price is not None:
        check_number("carbon_price", carbon_price, 0, MAX_CARBON_PRICE)
    if confidence is not None:
        check_number("confidence", confidence, 0.5, 1.0, open_low=True, open_high=True)


def _objective_vector(
    programme: LinearProgramme, objective: Objective, carbon_price: float | None
) -> np.ndarray:
    if objective == "co2":
        return programme.co2e
    if objective == "cost":
        return programme.cost
    assert carbon_price is not None  # checked by _check_arguments
    return programme.cost + carbon_price * programme.co2e


def _without_solver_noise(values: np.ndarray, mass_t: float) -> np.ndarray:
    """Set to zero the amounts below the solver's tolerance (1e-7 of the target mass)."""
    return np.where(np.abs(values) < 1e-7 * max(mass_t, 1.0), 0.0, values)


def _break_ties(
    programme: LinearProgramme, c: np.ndarray, optimum: float, secondary: np.ndarray
) -> np.ndarray:
    """Among the plans within a relative 1e-9 of ``optimum``, return the best by ``secondary``.

    Minimising CO2e alone often leaves many optimal charges (all scrap is free under the
    cut-off approach); the plan reported is then the cheapest of them, and the cheapest
    plan the one with the least CO2e. The marginals of the first solve still describe the
    optimum's sensitivity.
    """
    cap = optimum + 1e-9 * max(abs(optimum), 1.0)
    row = Row("objective", "optimum", c, cap)
    return solve(dataclasses.replace(programme, rows=(*programme.rows, row)), secondary).values


def _text(value: float, unit: str) -> str:
    """Write a number exactly, with its unit, as plant files do."""
    return f"{float(value)!r} {unit}"


def _left_to_the_engine(data: ProblemData, carrier: str) -> bool:
    """Whether the plan leaves a preparation carrier out for the engine to default.

    It does when every scrap left it to its shipped class's data, so the engine's
    footprint of the plan checks the optimiser's defaults instead of repeating them.
    """
    scrap = [m for m in data.materials if m.kind == "scrap"]
    return bool(scrap) and all(carrier in m.preparation_defaulted for m in scrap)


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
        carrier: value
        for carrier, value in (
            ("fuels", {f: _text(v, "GJ/t") for f, v in prep_fuels.items()}),
            ("electricity", _text(prep_electricity, "MWh/t")),
        )
        if not _left_to_the_engine(data, carrier)
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


def _percent(fraction: float) -> float:
    """Return a limit in wt-%, without the binary noise of the /100 and x100 round trip."""
    return float(f"{100 * fraction:.12g}")


def _composition(
    data: ProblemData, charge: np.ndarray
) -> dict[str, tuple[float, float | None, float | None]]:
    result = {}
    for label, elements, low, high in limited_groups(data):
        content = float(window_content(data, elements, np.zeros(len(charge))) @ charge)
        result[label] = (
            100 * content / data.mass_t,
            None if low is None else _percent(low),
            None if high is None else _percent(high),
        )
    return result


def _monte_carlo(data: ProblemData, charge: np.ndarray, samples: int, seed: int) -> MonteCarloCheck:
    """Sample material compositions (normal, truncated at zero) and count off-spec melts."""
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
    for label, group, low, high in limited_groups(data):
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
        If the problem's data are incomplete or inconsistent, or an argument is out of
        range (``confidence`` in (0.5, 1), ``carbon_price`` 0 to :data:`MAX_CARBON_PRICE`,
        ``samples`` 0 to :data:`MAX_SAMPLES`).
    """
    _check_arguments(objective, carbon_price, confidence)
    check_number("samples", samples, 0, MAX_SAMPLES, integer=True)
    check_number("seed", seed, 0, 2**63 - 1, integer=True)
    data = data or problem_data(problem, factors)
    z = z_score(confidence) if confidence is not None else 0.0
    programme = build(data, z=z)
    c = _objective_vector(programme, objective, carbon_price)
    try:
        solution = solve(programme, c)
    except InfeasibleError:
        raise InfeasibleProblemError(problem.path, *relaxation(programme)) from None
    tie_break = programme.cost if objective == "co2" else programme.co2e
    values = _break_ties(programme, c, solution.objective, tie_break)
    values = _without_solver_noise(values, data.mass_t)
    n_m = len(data.materials)
    plant = plant_from_mapping(plan_plant_mapping(data, values), name=problem.path)
    return Plan(
        problem=problem,
        objective=objective,
        carbon_price=carbon_price,
        confidence=confidence,
        mass_t=data.mass_t,
        currency=data.currency,
        mix=_mix(data, values),
        composition=_composition(data, values[:n_m]),
        co2e_t=float(programme.co2e @ values),
        cost=float(programme.cost @ values),
        binding=explain(programme, c, solution, objective),
        footprint=evaluate(plant, factors),
        solver=solution.solver,
        monte_carlo=_monte_carlo(data, values[:n_m], samples, seed) if samples else None,
        factor_set_hash=factors.hash,
        plant_files=_plant_files(data),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class ParetoPoint:
    """One point of the cost-CO2e frontier."""

    co2e_t_per_t: float
    cost_per_t: float
    mix: Mix


@dataclasses.dataclass(frozen=True)
class Frontier:
    """The cost-CO2e frontier of a problem and where its numbers came from."""

    problem: Problem
    points: tuple[ParetoPoint, ...]
    """From the least CO2e to the least cost."""
    factor_set_hash: str
    plant_files: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``aluco2 pareto --format json``.

        Returns
        -------
        dict
            ``aluco2_version``, ``provenance`` and ``points`` (CO2e, cost and mix of each);
            described by ``aluco2 schema pareto-result``.
        """
        return pareto_document(self)

    def to_json(self) -> str:
        """Return :meth:`to_dict` as the CLI's JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict())


def pareto(
    problem: Problem,
    factors: FactorSet,
    *,
    points: int = 20,
    confidence: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Frontier:
    """Trace the cost-CO2e frontier with the epsilon-constraint method.

    The ends are the least-CO2e plan and the least-cost plan with the least CO2e; in
    between, the least cost is found under a CO2e cap stepping evenly from one end's
    CO2e to the other's.

    Parameters
    ----------
    problem : Problem
        The validated problem.
    factors : FactorSet
        Factors as for :func:`optimise`.
    points : int, default 20
        Number of points, 2 to :data:`MAX_POINTS`.
    confidence : float, optional
        As for :func:`optimise`.
    progress : callable, optional
        Called with (points done, points in all) after each point.

    Returns
    -------
    Frontier
        The points, from the least CO2e to the least cost.

    Raises
    ------
    InfeasibleProblemError
        If the problem has no feasible plan.
    InputError
        If ``points`` or ``confidence`` is out of range.
    """
    check_number("points", points, 2, MAX_POINTS, integer=True)
    _check_arguments("co2", None, confidence)
    data = problem_data(problem, factors)
    programme = build(data, z=z_score(confidence) if confidence is not None else 0.0)
    try:
        greenest = solve(programme, programme.co2e)
        cheapest = solve(programme, programme.cost)
    except InfeasibleError:
        raise InfeasibleProblemError(problem.path, *relaxation(programme)) from None
    mass = data.mass_t
    cheapest_values = _break_ties(programme, programme.cost, cheapest.objective, programme.co2e)
    low = greenest.objective
    high = float(programme.co2e @ cheapest_values)
    caps = np.linspace(low, high, max(points, 2))
    result = []
    for done, cap in enumerate(caps, start=1):
        row = Row("max_co2e", "CO2e cap", programme.co2e, cap + 1e-9 * max(abs(cap), 1.0))
        capped = dataclasses.replace(programme, rows=(*programme.rows, row))
        try:
            values = solve(capped, programme.cost).values
        except InfeasibleError:  # the lowest cap, missed by the solver's tolerance
            values = greenest.values
        values = _without_solver_noise(values, mass)
        result.append(
            ParetoPoint(
                float(programme.co2e @ values) / mass,
                float(programme.cost @ values) / mass,
                _mix(data, values),
            )
        )
        if progress is not None:
            progress(done, len(caps))
    return Frontier(problem, tuple(result), factors.hash, _plant_files(data))
