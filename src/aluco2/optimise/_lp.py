"""The linear programme: variables, rows, objective; solved with SciPy's HiGHS.

Variables, in order: the mass charged of each material [t], the product melted by each
melting option [t], the electricity from each source [MWh], then the binaries of lots
and of the single-melting-option choice. Rows carry a description so that a binding
constraint can be explained and an infeasible one relaxed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from scipy import optimize

from aluco2.errors import AlucoError
from aluco2.optimise._data import ProblemData

__all__ = ["InfeasibleError", "LinearProgramme", "Row", "Solution", "build", "solve"]


@dataclasses.dataclass(frozen=True)
class Row:
    """One constraint ``coefficients . x <= rhs`` (or ``==`` when ``equality``)."""

    kind: str
    """composition_max, composition_min, recycled, post_consumer, max_cost, max_co2e,
    capacity, lot, metal, melting, electricity, one_option."""
    label: str
    coefficients: np.ndarray
    rhs: float
    equality: bool = False
    scale: float = 1.0
    """Size of one unit of relaxation in rhs units (e.g. 0.1 wt-% of the target mass)."""
    unit: str = ""
    """Name of that unit for messages, e.g. '0.1 wt-%'."""


@dataclasses.dataclass(frozen=True)
class LinearProgramme:
    """Matrices of the programme and what each row and column means."""

    data: ProblemData
    co2e: np.ndarray
    """t CO2e per unit of each variable."""
    cost: np.ndarray
    """Currency per unit of each variable."""
    rows: tuple[Row, ...]
    lower: np.ndarray
    upper: np.ndarray
    integrality: np.ndarray
    names: tuple[str, ...]

    @property
    def n_materials(self) -> int:
        """Number of material variables."""
        return len(self.data.materials)


def _window_content(data: ProblemData, elements: Sequence[str], shift: np.ndarray) -> np.ndarray:
    """Return the content of ``elements`` (summed) in the product per t of each material."""
    contents = []
    for index, material in enumerate(data.materials):
        if list(elements) == ["Al"]:
            share = 1.0 - sum(material.composition.values())
        else:
            share = sum(material.composition.get(e, 0.0) for e in elements)
        contents.append(material.metal_yield * (share + shift[index]))
    return np.asarray(contents)


def _limited_groups(
    data: ProblemData,
) -> list[tuple[str, tuple[str, ...], float | None, float | None]]:
    """Expand the windows into (label, elements, min, max); 'others' into the unlisted elements."""
    listed = {e for w in data.windows for e in w.elements}
    others = tuple(sorted({e for m in data.materials for e in m.composition} - listed))
    groups: list[tuple[str, tuple[str, ...], float | None, float | None]] = []
    for window in data.windows:
        if window.label == "others_each":
            groups += [
                (f"{e} (other element)", (e,), window.min_fraction, window.max_fraction)
                for e in others
            ]
        elif window.label == "others_total":
            if others:
                groups.append(("others total", others, window.min_fraction, window.max_fraction))
        else:
            groups.append((window.label, window.elements, window.min_fraction, window.max_fraction))
    return groups


def _sd(data: ProblemData, elements: Sequence[str]) -> np.ndarray:
    """Return the summed standard deviation of ``elements`` in each material."""
    return np.asarray([sum(m.composition_sd.get(e, 0.0) for e in elements) for m in data.materials])


def build(data: ProblemData, *, z: float = 0.0) -> LinearProgramme:
    """Assemble the programme of a problem.

    Parameters
    ----------
    data : ProblemData
        The resolved problem.
    z : float, default 0
        Safety factor on composition: each window is tightened by ``z`` standard
        deviations of the charge (summed linearly, an upper bound of the true spread).

    Returns
    -------
    LinearProgramme
        Objective vectors, rows, bounds and integrality.
    """
    n_m, n_e, n_s = len(data.materials), len(data.melting), len(data.supplies)
    lots = [i for i, m in enumerate(data.materials) if m.lot_t]
    n_w = n_e if data.one_melting_option else 0
    size = n_m + n_e + n_s + len(lots) + n_w
    mass = data.mass_t
    x, e, s = slice(0, n_m), slice(n_m, n_m + n_e), slice(n_m + n_e, n_m + n_e + n_s)
    names = [m.name for m in data.materials] + [o.name for o in data.melting]
    names += [p.name for p in data.supplies] + [f"use {data.materials[i].name}" for i in lots]
    names += [f"choose {o.name}" for o in data.melting][:n_w]

    co2e, cost = np.zeros(size), np.zeros(size)
    for i, material in enumerate(data.materials):
        prep = material.preparation_fuel_gj_per_t
        co2e[i] = material.co2e_t_per_t + sum(
            a * data.fuel_co2e_t_per_gj[f] for f, a in prep.items()
        )
        cost[i] = material.price_per_t + sum(a * data.fuel_price_per_gj[f] for f, a in prep.items())
    for j, option in enumerate(data.melting):
        fuels = option.fuel_gj_per_t
        co2e[n_m + j] = sum(a * data.fuel_co2e_t_per_gj[f] for f, a in fuels.items())
        cost[n_m + j] = option.price_per_t + sum(
            a * data.fuel_price_per_gj[f] for f, a in fuels.items()
        )
    for k, supply in enumerate(data.supplies):
        co2e[n_m + n_e + k] = supply.co2e_t_per_mwh
        cost[n_m + n_e + k] = supply.price_per_mwh

    rows: list[Row] = []

    def row(
        kind: str,
        label: str,
        coefficients: list[tuple[slice | int, np.ndarray | float]],
        rhs: float,
        **extra: object,
    ) -> None:
        vector = np.zeros(size)
        for where, values in coefficients:
            vector[where] = values
        rows.append(Row(kind, label, vector, rhs, **extra))  # type: ignore[arg-type]

    yields = np.asarray([m.metal_yield for m in data.materials])
    row("metal", "metal balance", [(x, yields)], mass, equality=True)
    row("melting", "all product melted", [(e, np.ones(n_e))], mass, equality=True)
    if n_s:
        electricity = np.asarray([m.preparation_electricity_mwh_per_t for m in data.materials])
        melt_electricity = np.asarray([o.electricity_mwh_per_t for o in data.melting])
        row(
            "electricity",
            "electricity balance",
            [(x, -electricity), (e, -melt_electricity), (s, np.ones(n_s))],
            0.0,
            equality=True,
        )
    step = {"scale": 0.001 * mass, "unit": "0.1 wt-%"}
    for label, elements, low, high in _limited_groups(data):
        spread = z * _sd(data, elements)
        if high is not None:
            row(
                "composition_max",
                f"{label.strip()} max {100 * high:.4g} wt-%",
                [(x, _window_content(data, elements, spread))],
                high * mass,
                **step,
            )
        if low is not None:
            row(
                "composition_min",
                f"{label.strip()} min {100 * low:.4g} wt-%",
                [(x, -_window_content(data, elements, -spread))],
                -low * mass,
                **step,
            )
    is_scrap = np.asarray([m.kind == "scrap" for m in data.materials])
    if data.min_recycled_fraction is not None:
        row(
            "recycled",
            f"recycled content min {100 * data.min_recycled_fraction:.4g} %",
            [(x, -yields * is_scrap)],
            -data.min_recycled_fraction * mass,
            scale=0.01 * mass,
            unit="1 %-point",
        )
    if data.min_post_consumer_fraction is not None:
        post = np.asarray([m.consumer == "post" for m in data.materials])
        row(
            "post_consumer",
            f"post-consumer content min {100 * data.min_post_consumer_fraction:.4g} %",
            [(x, -yields * post)],
            -data.min_post_consumer_fraction * mass,
            scale=0.01 * mass,
            unit="1 %-point",
        )
    if data.max_cost_per_t is not None:
        row(
            "max_cost",
            f"cost max {data.max_cost_per_t:g} {data.currency}/t",
            [(slice(0, size), cost)],
            data.max_cost_per_t * mass,
            scale=mass,
            unit=f"1 {data.currency}/t",
        )
    if data.max_co2e_t_per_t is not None:
        row(
            "max_co2e",
            f"CO2e max {data.max_co2e_t_per_t:g} t CO2e/t",
            [(slice(0, size), co2e)],
            data.max_co2e_t_per_t * mass,
            scale=0.01 * mass,
            unit="10 kg CO2e/t",
        )
    for j, option in enumerate(data.melting):
        if option.capacity_t is not None:
            row(
                "capacity",
                f"capacity of {option.name} {option.capacity_t:g} t",
                [(n_m + j, 1.0)],
                option.capacity_t,
                scale=0.01 * mass,
                unit="1 % of the target mass",
            )
    for k, supply in enumerate(data.supplies):
        if supply.capacity_mwh is not None:
            row(
                "capacity",
                f"capacity of {supply.name} {supply.capacity_mwh:g} MWh",
                [(n_m + n_e + k, 1.0)],
                supply.capacity_mwh,
                scale=1.0,
                unit="1 MWh",
            )

    lower = np.zeros(size)
    upper = np.full(size, np.inf)
    integrality = np.zeros(size)
    for i, material in enumerate(data.materials):
        upper[i] = material.max_t if material.max_t is not None else mass / material.metal_yield
        if material.lot_t is None:
            lower[i] = material.min_t
    for position, i in enumerate(lots):
        b = n_m + n_e + n_s + position
        material = data.materials[i]
        integrality[b], upper[b] = 1, 1.0
        row(
            "lot",
            f"lot of {material.name} at least {material.lot_t:g} t",
            [(b, float(material.lot_t or 0.0)), (i, -1.0)],
            0.0,
        )
        row("lot", f"{material.name} only if used", [(i, 1.0), (b, -float(upper[i]))], 0.0)
        if material.min_t > 0:
            row(
                "lot",
                f"{material.name} at least {material.min_t:g} t",
                [(i, -1.0)],
                -material.min_t,
            )
    if n_w:
        first = n_m + n_e + n_s + len(lots)
        for j in range(n_e):
            integrality[first + j], upper[first + j] = 1, 1.0
            row(
                "one_option",
                f"{data.melting[j].name} only if chosen",
                [(n_m + j, 1.0), (first + j, -mass)],
                0.0,
            )
        row(
            "one_option",
            "exactly one melting option",
            [(slice(first, first + n_e), np.ones(n_e))],
            1.0,
            equality=True,
        )
    return LinearProgramme(data, co2e, cost, tuple(rows), lower, upper, integrality, tuple(names))


@dataclasses.dataclass(frozen=True)
class Solution:
    """Optimal values, objective, and marginals of rows and bounds (LP or fixed MILP)."""

    values: np.ndarray
    objective: float
    row_marginals: np.ndarray
    lower_marginals: np.ndarray
    upper_marginals: np.ndarray
    solver: str


class InfeasibleError(Exception):
    """No plan satisfies every constraint."""


def _linprog(
    programme: LinearProgramme, c: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> optimize.OptimizeResult:
    rows = programme.rows
    ub = [r for r in rows if not r.equality]
    eq = [r for r in rows if r.equality]
    return optimize.linprog(
        c,
        A_ub=np.asarray([r.coefficients for r in ub]) if ub else None,
        b_ub=np.asarray([r.rhs for r in ub]) if ub else None,
        A_eq=np.asarray([r.coefficients for r in eq]) if eq else None,
        b_eq=np.asarray([r.rhs for r in eq]) if eq else None,
        bounds=np.column_stack([lower, upper]),
        method="highs",
    )


def solve(programme: LinearProgramme, c: np.ndarray) -> Solution:
    """Minimise ``c . x`` subject to the programme; MILP when it has binaries.

    With binaries, :func:`scipy.optimize.milp` finds the integer solution; the LP is then
    re-solved with the binaries fixed to report marginals.

    Parameters
    ----------
    programme : LinearProgramme
        The programme.
    c : numpy.ndarray
        Objective coefficients.

    Returns
    -------
    Solution
        The optimum.

    Raises
    ------
    InfeasibleError
        If no plan satisfies every constraint.
    AlucoError
        If the solver fails for another reason.
    """
    lower, upper = programme.lower.copy(), programme.upper.copy()
    solver = "HiGHS LP (scipy.optimize.linprog)"
    if programme.integrality.any():
        rows = programme.rows
        matrix = np.asarray([r.coefficients for r in rows])
        low = np.asarray([r.rhs if r.equality else -np.inf for r in rows])
        high = np.asarray([r.rhs for r in rows])
        result = optimize.milp(
            c,
            constraints=optimize.LinearConstraint(matrix, low, high),
            integrality=programme.integrality,
            bounds=optimize.Bounds(lower, upper),
        )
        if result.status == 2:
            raise InfeasibleError
        if not result.success:
            raise AlucoError(f"the MILP solver failed: {result.message}")
        binaries = programme.integrality.astype(bool)
        lower[binaries] = upper[binaries] = np.round(result.x[binaries])
        solver = "HiGHS MILP (scipy.optimize.milp), LP re-solved with integers fixed"
    result = _linprog(programme, c, lower, upper)
    if result.status == 2:
        raise InfeasibleError
    if not result.success:
        raise AlucoError(f"the LP solver failed: {result.message}")
    rows = programme.rows
    marginals = np.zeros(len(rows))
    ub = [i for i, r in enumerate(rows) if not r.equality]
    eq = [i for i, r in enumerate(rows) if r.equality]
    if ub:
        marginals[ub] = result.ineqlin.marginals
    if eq:
        marginals[eq] = result.eqlin.marginals
    return Solution(
        result.x,
        float(result.fun),
        marginals,
        result.lower.marginals,
        result.upper.marginals,
        solver,
    )
