"""What the optimum's limits are worth, and how an infeasible programme could be met.

:func:`explain` finds the binding limits of a solved programme with their shadow
prices and, by solving again with each limit relaxed one step, what relaxing it is
worth. :func:`relaxation` finds, with an elastic LP (one slack column per limit), the
single limits whose relaxation alone makes an infeasible programme feasible, or else
the least combined relaxation.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

import numpy as np

from aluco2._optimise._lp import InfeasibleError, Limit, LinearProgramme, Row, Solution, solve

Objective = Literal["co2", "cost", "weighted"]


@dataclasses.dataclass(frozen=True, slots=True)
class Binding:
    """A constraint that limits the optimum, and what relaxing it is worth."""

    constraint: str
    kind: str
    shadow_price: float
    """Change of the objective per unit of the constraint's right-hand side."""
    per_step: float
    """Saving of the objective per tonne of product when the limit is relaxed by one
    step, found by solving again (kg CO2e/t for 'co2', currency/t otherwise)."""
    message: str


def _relaxed_row(programme: LinearProgramme, index: int) -> LinearProgramme:
    """Return the programme with row ``index`` relaxed by one step (``scale``)."""
    rows = list(programme.rows)
    rows[index] = dataclasses.replace(rows[index], rhs=rows[index].rhs + rows[index].scale)
    return dataclasses.replace(programme, rows=tuple(rows))


def _relaxed_bound(programme: LinearProgramme, column: int, step: float) -> LinearProgramme:
    """Return the programme with the bound of ``column`` widened by ``step`` (upper if > 0)."""
    lower, upper = programme.lower.copy(), programme.upper.copy()
    if step > 0:
        upper[column] += step
    else:
        lower[column] = max(lower[column] + step, 0.0)
    return dataclasses.replace(programme, lower=lower, upper=upper)


def explain(
    programme: LinearProgramme, c: np.ndarray, solution: Solution, objective: Objective
) -> tuple[Binding, ...]:
    """Binding constraints with their shadow price and the saving of one relaxation step.

    The saving is found by solving the programme again with the one limit relaxed, so it
    stays true when the step carries the optimum past another limit (where the shadow
    price alone would overstate it).
    """
    unit = {
        "co2": "kg CO2e/t",
        "cost": f"{programme.data.currency}/t",
        "weighted": f"{programme.data.currency}/t (cost + carbon price)",
    }[objective]
    factor = (1000.0 if objective == "co2" else 1.0) / programme.data.mass_t

    def saving(relaxed: LinearProgramme) -> float:
        return (solution.objective - solve(relaxed, c).objective) * factor

    binding = []
    for index, (row, marginal) in enumerate(
        zip(programme.rows, solution.row_marginals, strict=True)
    ):
        if row.limit is None or abs(marginal) < 1e-9:
            continue
        per_step = saving(_relaxed_row(programme, index))
        message = f"{row.label} binds: relaxing it by {row.unit} saves {per_step:.4g} {unit}"
        binding.append(Binding(row.label, row.kind, float(marginal), per_step, message))
    step = 0.01 * programme.data.mass_t
    for i, material in enumerate(programme.data.materials):
        upper, lower = solution.upper_marginals[i], solution.lower_marginals[i]
        if abs(upper) > 1e-9:
            per_step = saving(_relaxed_bound(programme, i, step))
            message = (
                f"{material.name} is used up: {step:g} t more would save {per_step:.4g} {unit}"
            )
            binding.append(
                Binding(
                    f"{material.name} available max",
                    "availability",
                    float(upper),
                    per_step,
                    message,
                )
            )
        if abs(lower) > 1e-9 and material.min_t > 0:
            per_step = saving(_relaxed_bound(programme, i, -step))
            message = (
                f"{material.name} minimum use binds: {step:g} t less would save "
                f"{per_step:.4g} {unit}"
            )
            binding.append(
                Binding(
                    f"{material.name} minimum use", "availability", float(lower), per_step, message
                )
            )
    return tuple(sorted(binding, key=lambda b: -abs(b.per_step)))


@dataclasses.dataclass(frozen=True)
class _Elastic:
    """The programme with one slack column per limit that may be relaxed."""

    programme: LinearProgramme
    first_slack: int
    limits: tuple[Limit, ...]
    """The limit of each slack column; one unit of slack is one step of the limit."""


def _availability_rows(programme: LinearProgramme) -> list[Row]:
    """Return the availability bounds of the materials as rows, so they can be relaxed."""
    rows = []
    size = len(programme.co2e)
    for i, material in enumerate(programme.data.materials):
        vector = np.zeros(size)
        if material.max_t is not None:
            vector[i] = 1.0
            limit = Limit(f"{material.name} available", "max", material.max_t, "t", 1.0, 1.0)
            rows.append(Row("availability", limit.label, vector, material.max_t, limit=limit))
        if material.min_t > 0 and not material.lot_t:
            vector = np.zeros(size)
            vector[i] = -1.0
            limit = Limit(f"{material.name} use", "min", material.min_t, "t", 1.0, 1.0)
            rows.append(Row("availability", limit.label, vector, -material.min_t, limit=limit))
    return rows


def _elastic(programme: LinearProgramme) -> _Elastic:
    """Add a slack column to every row with a limit; availability bounds become rows."""
    n = len(programme.co2e)
    lower, upper = programme.lower.copy(), programme.upper.copy()
    for i, material in enumerate(programme.data.materials):
        upper[i] = np.inf if material.max_t is not None else upper[i]
        lower[i] = 0.0
    rows = [*programme.rows, *_availability_rows(programme)]
    soft = [i for i, r in enumerate(rows) if r.limit is not None]
    size = n + len(soft)
    matrix = np.zeros((len(rows), size))
    matrix[:, :n] = [r.coefficients for r in rows]
    for position, index in enumerate(soft):
        matrix[index, n + position] = -rows[index].scale
    elastic = dataclasses.replace(
        programme,
        rows=tuple(
            dataclasses.replace(r, coefficients=v) for r, v in zip(rows, matrix, strict=True)
        ),
        lower=np.concatenate([lower, np.zeros(len(soft))]),
        upper=np.concatenate([upper, np.full(len(soft), np.inf)]),
        integrality=np.concatenate([programme.integrality, np.zeros(len(soft))]),
        co2e=np.zeros(size),
        cost=np.zeros(size),
    )
    limits = tuple(limit for i in soft if (limit := rows[i].limit) is not None)
    return _Elastic(elastic, n, limits)


def _slacks(elastic: _Elastic, only: int | None = None) -> np.ndarray | None:
    """Least total relaxation (in steps); with ``only``, relaxing that limit alone."""
    programme = elastic.programme
    first = elastic.first_slack
    c = np.zeros(len(programme.lower))
    c[first:] = 1.0
    upper = programme.upper.copy()
    if only is not None:
        upper[first:] = 0.0
        upper[first + only] = np.inf
    try:
        values = solve(dataclasses.replace(programme, upper=upper), c).values
    except InfeasibleError:
        return None
    return values[first:]


def relaxation(programme: LinearProgramme) -> tuple[list[str], list[str]]:
    """Relaxations that would make an infeasible programme feasible (elastic LP).

    Returns
    -------
    single : list of str
        Each limit that, relaxed alone, makes the problem feasible, with the amount.
    combined : list of str
        The least total relaxation (steps of each limit's unit) when no single limit does.
    """
    elastic = _elastic(programme)
    single = []
    for index, limit in enumerate(elastic.limits):
        slacks = _slacks(elastic, only=index)
        if slacks is not None:
            single.append(limit.relaxed(float(slacks[index])))
    if single:
        return single, []
    slacks = _slacks(elastic)
    if slacks is None:
        return [], [
            "no relaxation of composition, availability, content, cost, CO2e or capacity "
            "limits helps; check the target mass, the metal yields and the options"
        ]
    return [], [
        limit.relaxed(float(slack))
        for limit, slack in zip(elastic.limits, slacks, strict=True)
        if slack > 1e-7
    ]
