"""The linear programme: variables, rows, objective; solved with SciPy's HiGHS.

Variables, in order: the mass charged of each material [t], the product melted by each
melting option [t], the electricity from each source [MWh], then the binaries of lots
and of the single-melting-option choice. Rows carry a description so that a binding
constraint can be explained and an infeasible one relaxed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy import optimize

from aluco2._errors import AlucoError
from aluco2._optimise._data import ProblemData

__all__ = [
    "InfeasibleError",
    "Limit",
    "LinearProgramme",
    "Row",
    "Solution",
    "build",
    "limited_groups",
    "solve",
    "window_content",
]


@dataclasses.dataclass(frozen=True)
class Limit:
    """A limit the problem sets, as the user wrote it, for explanations and relaxations."""

    subject: str
    """What is limited, e.g. 'Si', 'recycled content', 'wind PPA capacity'."""
    side: Literal["max", "min"]
    value: float
    """The limit, in :attr:`unit`."""
    unit: str
    """Unit the user reads, e.g. 'wt-%', '%', 'EUR/t', 't CO2e/t', 't', 'MWh'."""
    step: float
    """One relaxation step, in :attr:`unit` (e.g. 0.1 wt-%)."""
    rhs_per_unit: float
    """Change of the row's right-hand side when the limit moves by one :attr:`unit`."""

    @property
    def label(self) -> str:
        """The limit in words, e.g. 'Fe max 0.7 wt-%'."""
        return f"{self.subject} {self.side} {self.value:.4g} {self.unit}"

    def relaxed(self, steps: float) -> str:
        """Say how far the limit must move for ``steps`` steps of relaxation."""
        change = steps * self.step
        sign = 1 if self.side == "max" else -1
        return (
            f"{self.label} must be relaxed to {self.value + sign * change:.4g} {self.unit} "
            f"({'+' if sign > 0 else '-'}{change:.3g} {self.unit})"
        )


@dataclasses.dataclass(frozen=True)
class Row:
    """One constraint ``coefficients . x <= rhs`` (or ``==`` when ``equality``)."""

    kind: str
    """composition_max, composition_min, recycled, post_consumer, max_cost, max_co2e,
    capacity, lot, metal, melting, electricity, one_option, objective, availability."""
    label: str
    coefficients: np.ndarray
    rhs: float
    equality: bool = False
    limit: Limit | None = None
    """The user's limit behind the row; None for balances and modelling rows."""

    @property
    def scale(self) -> float:
        """Change of the right-hand side for one relaxation step."""
        return self.limit.step * self.limit.rhs_per_unit if self.limit else 1.0

    @property
    def unit(self) -> str:
        """One relaxation step in words, e.g. '0.1 wt-%'."""
        return f"{self.limit.step:g} {self.limit.unit}" if self.limit else "1 unit"


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


def window_content(data: ProblemData, elements: Sequence[str], shift: np.ndarray) -> np.ndarray:
    """Return the content of ``elements`` (summed) in the product per t of each material."""
    contents = []
    for index, material in enumerate(data.materials):
        if list(elements) == ["Al"]:
            share = 1.0 - sum(material.composition.values())
        else:
            share = sum(material.composition.get(e, 0.0) for e in elements)
        contents.append(material.metal_yield * (share + shift[index]))
    return np.asarray(contents)


def limited_groups(
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


def _composition_step(limit_fraction: float) -> float:
    """Relaxation step of a composition limit in wt-%: 0.1, or 0.01 below a 1 wt-% limit."""
    return 0.01 if limit_fraction < 0.01 else 0.1


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
        coefficients: list[tuple[slice | int, np.ndarray | float]],
        rhs: float,
        *,
        label: str = "",
        limit: Limit | None = None,
        equality: bool = False,
    ) -> None:
        vector = np.zeros(size)
        for where, values in coefficients:
            vector[where] = values
        text = limit.label if limit is not None else label
        rows.append(Row(kind, text, vector, rhs, equality, limit))

    yields = np.asarray([m.metal_yield for m in data.materials])
    row("metal", [(x, yields)], mass, label="metal balance", equality=True)
    row("melting", [(e, np.ones(n_e))], mass, label="all product melted", equality=True)
    if n_s:
        electricity = np.asarray([m.preparation_electricity_mwh_per_t for m in data.materials])
        melt_electricity = np.asarray([o.electricity_mwh_per_t for o in data.melting])
        row(
            "electricity",
            [(x, -electricity), (e, -melt_electricity), (s, np.ones(n_s))],
            0.0,
            label="electricity balance",
            equality=True,
        )
    per_wt_percent = 0.01 * mass
    for label, elements, low, high in limited_groups(data):
        spread = z * _sd(data, elements)
        subject = label.strip()
        if high is not None:
            row(
                "composition_max",
                [(x, window_content(data, elements, spread))],
                high * mass,
                limit=Limit(
                    subject, "max", 100 * high, "wt-%", _composition_step(high), per_wt_percent
                ),
            )
        if low is not None:
            row(
                "composition_min",
                [(x, -window_content(data, elements, -spread))],
                -low * mass,
                limit=Limit(
                    subject, "min", 100 * low, "wt-%", _composition_step(low), per_wt_percent
                ),
            )
    is_scrap = np.asarray([m.kind == "scrap" for m in data.materials])
    post = np.asarray([m.consumer == "post" for m in data.materials])
    for kind, subject, fraction, counted in (
        ("recycled", "recycled content", data.min_recycled_fraction, is_scrap),
        ("post_consumer", "post-consumer content", data.min_post_consumer_fraction, post),
    ):
        if fraction is not None:
            row(
                kind,
                [(x, -yields * counted)],
                -fraction * mass,
                limit=Limit(subject, "min", 100 * fraction, "%", 1.0, per_wt_percent),
            )
    if data.max_cost_per_t is not None:
        row(
            "max_cost",
            [(slice(0, size), cost)],
            data.max_cost_per_t * mass,
            limit=Limit("cost", "max", data.max_cost_per_t, f"{data.currency}/t", 1.0, mass),
        )
    if data.max_co2e_t_per_t is not None:
        row(
            "max_co2e",
            [(slice(0, size), co2e)],
            data.max_co2e_t_per_t * mass,
            limit=Limit("CO2e", "max", data.max_co2e_t_per_t, "t CO2e/t", 0.01, mass),
        )
    for j, option in enumerate(data.melting):
        if option.capacity_t is not None:
            row(
                "capacity",
                [(n_m + j, 1.0)],
                option.capacity_t,
                limit=Limit(
                    f"{option.name} capacity", "max", option.capacity_t, "t", 0.01 * mass, 1.0
                ),
            )
    for k, supply in enumerate(data.supplies):
        if supply.capacity_mwh is not None:
            row(
                "capacity",
                [(n_m + n_e + k, 1.0)],
                supply.capacity_mwh,
                limit=Limit(f"{supply.name} capacity", "max", supply.capacity_mwh, "MWh", 1.0, 1.0),
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
            [(b, float(material.lot_t or 0.0)), (i, -1.0)],
            0.0,
            label=f"lot of {material.name} at least {material.lot_t:g} t",
        )
        row(
            "lot",
            [(i, 1.0), (b, -float(upper[i]))],
            0.0,
            label=f"{material.name} only if used",
        )
        if material.min_t > 0:
            row(
                "lot",
                [(i, -1.0)],
                -material.min_t,
                label=f"{material.name} at least {material.min_t:g} t",
            )
    if n_w:
        first = n_m + n_e + n_s + len(lots)
        for j in range(n_e):
            integrality[first + j], upper[first + j] = 1, 1.0
            row(
                "one_option",
                [(n_m + j, 1.0), (first + j, -mass)],
                0.0,
                label=f"{data.melting[j].name} only if chosen",
            )
        row(
            "one_option",
            [(slice(first, first + n_e), np.ones(n_e))],
            1.0,
            label="exactly one melting option",
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
