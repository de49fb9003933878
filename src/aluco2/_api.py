"""The public face: load inputs, compute, return results that serialise as the CLI does.

Each function here is what one ``aluco2`` command does between parsing its options and
rendering its output, so a Python caller and a command-line user get the same numbers and,
through ``to_dict()``, the same JSON document. Nothing here prints or exits; bad input
raises :class:`~aluco2.InputError` (or :class:`~aluco2.InputErrors`, which holds every
problem found) naming the file, line and key path.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

from aluco2._arguments import decimal_argument
from aluco2._cbam import (
    CbamReport,
    CertificateEstimate,
    DefaultLookup,
    compute,
    estimate_certificates,
    lookup_default,
)
from aluco2._errors import InputError, InputErrors
from aluco2._factors import FactorSet, load_factor_set
from aluco2._footprint import Comparison, Footprint, compare_footprints, evaluate
from aluco2._installation import Installation, installation_from_mapping
from aluco2._installation import load_installation as _load_installation_file
from aluco2._optimise import Frontier, Plan
from aluco2._optimise import optimise as _optimise
from aluco2._optimise import pareto as _pareto
from aluco2._optimise._sensitivity import Objective
from aluco2._plant import Plant, plant_from_mapping
from aluco2._plant import load_plant as _load_plant_file
from aluco2._problem import Problem, problem_from_mapping
from aluco2._problem import load_problem as _load_problem_file

__all__ = [
    "Source",
    "cbam",
    "cbam_certificates",
    "cbam_default",
    "compare",
    "footprint",
    "load_factors",
    "load_installation",
    "load_plant",
    "load_problem",
    "optimise",
    "pareto",
]

Source: TypeAlias = str | os.PathLike[str] | Mapping[str, Any]
"""A file (YAML or JSON) or the same document as a plain mapping (e.g. parsed JSON)."""


def _load(
    source: Source,
    from_file: Callable[[Path], Any],
    from_mapping: Callable[..., Any],
    kind: str,
) -> Any:
    if isinstance(source, Mapping):
        return from_mapping(source)
    if isinstance(source, str | os.PathLike):
        return from_file(Path(source))
    article = "an" if kind[0] in "aeiou" else "a"
    raise InputError(
        expected=f"{article} {kind} file path or a mapping holding the {kind} document",
        value=type(source).__name__,
        key_path=(kind,),
    )


def load_plant(source: Source | Plant) -> Plant:
    """Read and validate a plant, from a file or a plain mapping.

    Parameters
    ----------
    source : str, os.PathLike, mapping or Plant
        A plant file, the plant document as a mapping, or an already loaded plant
        (returned as it is).

    Returns
    -------
    Plant
        The validated plant, with the SHA-256 of what was read.

    Raises
    ------
    InputErrors
        Every problem of the document: YAML, unknown or missing keys, units, ranges.
    """
    if isinstance(source, Plant):
        return source
    plant: Plant = _load(source, _load_plant_file, plant_from_mapping, "plant")
    return plant


def load_problem(source: Source | Problem) -> Problem:
    """Read and validate an optimisation problem, from a file or a plain mapping.

    Parameters
    ----------
    source : str, os.PathLike, mapping or Problem
        A problem file, the problem document as a mapping, or a loaded problem.

    Returns
    -------
    Problem
        The validated problem.

    Raises
    ------
    InputErrors
        Every problem of the document.
    """
    if isinstance(source, Problem):
        return source
    problem: Problem = _load(source, _load_problem_file, problem_from_mapping, "problem")
    return problem


def load_installation(source: Source | Installation) -> Installation:
    """Read and validate a CBAM installation, from a file or a plain mapping.

    Parameters
    ----------
    source : str, os.PathLike, mapping or Installation
        An installation file, the installation document as a mapping, or a loaded one.

    Returns
    -------
    Installation
        The validated installation.

    Raises
    ------
    InputErrors
        Every problem of the document, cross-checks between processes included.
    """
    if isinstance(source, Installation):
        return source
    installation: Installation = _load(
        source, _load_installation_file, installation_from_mapping, "installation"
    )
    return installation


@functools.cache
def _shipped_factors() -> FactorSet:
    return load_factor_set()


def load_factors(overlays: Iterable[str | os.PathLike[str]] = ()) -> FactorSet:
    """Load the shipped emission factors, with site factor files laid over them.

    Parameters
    ----------
    overlays : iterable of path, optional
        Site factor files applied in order; a record with a shipped id replaces it.

    Returns
    -------
    FactorSet
        The effective factors and their content hash (in every result's provenance).
        Without overlays the shipped set is loaded once per process and reused.

    Raises
    ------
    InputErrors
        Every problem in every file.
    """
    paths = [Path(p) for p in overlays]
    return load_factor_set(paths) if paths else _shipped_factors()


def _factors(factors: FactorSet | None) -> FactorSet:
    return _shipped_factors() if factors is None else factors


def footprint(
    plant: Source | Plant,
    factors: FactorSet | None = None,
    *,
    gwp_set: str | None = None,
) -> Footprint:
    """Compute the cradle-to-gate footprint of each product of a plant, route by route.

    Parameters
    ----------
    plant : str, os.PathLike, mapping or Plant
        The plant (see :func:`load_plant`).
    factors : FactorSet, optional
        Factors to use; the shipped set by default (see :func:`load_factors`).
    gwp_set : {'SAR', 'AR4', 'AR5', 'AR6'}, optional
        GWP set replacing the plant file's.

    Returns
    -------
    Footprint
        Per route and product, by stage, source, gas and scope, with provenance;
        ``to_dict()`` is the document of ``aluco2 footprint --format json``.

    Raises
    ------
    InputErrors
        If the plant is invalid, breaks chemistry or mass balance, or needs a factor
        the set lacks.
    """
    return evaluate(
        load_plant(plant), _factors(factors), gwp_set=gwp_set.upper() if gwp_set else None
    )


def compare(
    plants: Sequence[Source | Plant],
    factors: FactorSet | None = None,
    *,
    gwp_set: str | None = None,
) -> Comparison:
    """Compute the footprints of several plants and put them side by side.

    Parameters
    ----------
    plants : sequence of plant sources
        The plants; the first is the reference of the differences.
    factors : FactorSet, optional
        Factors to use; the shipped set by default.
    gwp_set : str, optional
        GWP set for all plants (plants under different sets are refused).

    Returns
    -------
    Comparison
        ``to_dict()`` is the document of ``aluco2 compare --format json``.

    Raises
    ------
    InputErrors
        Every problem of every plant, or plants under different GWP sets.
    """
    errors: list[InputError] = []
    footprints: list[Footprint] = []
    for source in plants:
        try:
            footprints.append(footprint(source, factors, gwp_set=gwp_set))
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise InputErrors(errors)
    return compare_footprints(footprints)


def optimise(
    problem: Source | Problem,
    factors: FactorSet | None = None,
    *,
    objective: Objective = "co2",
    carbon_price: float | None = None,
    confidence: float | None = None,
    samples: int = 0,
    seed: int = 0,
) -> Plan:
    """Find the least-CO2e, least-cost or carbon-priced furnace charge of a problem.

    Parameters
    ----------
    problem : str, os.PathLike, mapping or Problem
        The problem (see :func:`load_problem`).
    factors : FactorSet, optional
        Factors to use; the shipped set by default.
    objective : {'co2', 'cost', 'weighted'}, default 'co2'
        What to minimise; 'weighted' is cost + ``carbon_price`` x CO2e.
    carbon_price : float, optional
        Currency of the problem per t CO2e, for 'weighted'.
    confidence : float, optional
        Keep each element in its window with this probability (0.5 < p < 1).
    samples : int, default 0
        Monte Carlo samples of the compositions for the off-spec chance.
    seed : int, default 0
        Seed of those samples.

    Returns
    -------
    Plan
        The plan, its binding constraints and its footprint by the engine;
        ``to_dict()`` is the document of ``aluco2 optimise --format json``.

    Raises
    ------
    InfeasibleProblemError
        With the smallest relaxation that would make the problem feasible.
    InputErrors
        If the problem or an argument is invalid.
    """
    return _optimise(
        load_problem(problem),
        _factors(factors),
        objective=objective,
        carbon_price=carbon_price,
        confidence=confidence,
        samples=samples,
        seed=seed,
    )


def pareto(
    problem: Source | Problem,
    factors: FactorSet | None = None,
    *,
    points: int = 20,
    confidence: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Frontier:
    """Trace the cost-CO2e frontier of a problem (epsilon-constraint method).

    Parameters
    ----------
    problem : str, os.PathLike, mapping or Problem
        The problem.
    factors : FactorSet, optional
        Factors to use; the shipped set by default.
    points : int, default 20
        Points on the frontier, both ends included.
    confidence : float, optional
        As for :func:`optimise`.
    progress : callable, optional
        Called as ``progress(done, total)`` after each point.

    Returns
    -------
    Frontier
        ``to_dict()`` is the document of ``aluco2 pareto --format json``.

    Raises
    ------
    InfeasibleProblemError
        If the problem has no feasible plan.
    InputErrors
        If the problem or an argument is invalid.
    """
    return _pareto(
        load_problem(problem),
        _factors(factors),
        points=points,
        confidence=confidence,
        progress=progress,
    )


def cbam(installation: Source | Installation, factors: FactorSet | None = None) -> CbamReport:
    """Compute the EU CBAM embedded emissions of an installation's goods.

    Parameters
    ----------
    installation : str, os.PathLike, mapping or Installation
        The installation and its reporting period (see :func:`load_installation`).
    factors : FactorSet, optional
        Factors to use; the shipped set (with the CBAM tables) by default.

    Returns
    -------
    CbamReport
        Specific embedded emissions per good with audit lines; ``to_dict()`` is the
        document of ``aluco2 cbam --format json``.

    Raises
    ------
    InputErrors
        If the installation is invalid or its data cannot give embedded emissions.
    """
    return compute(load_installation(installation), _factors(factors))


def cbam_certificates(
    report: CbamReport,
    factors: FactorSet | None = None,
    *,
    year: int,
    cross_sectoral_correction: Decimal | str | float,
    eua_price: Decimal | str | float | None = None,
) -> CertificateEstimate:
    """Estimate the CBAM certificates per tonne of each good: actual data against defaults.

    Parameters
    ----------
    report : CbamReport
        The result of :func:`cbam`.
    factors : FactorSet, optional
        The factor set the report was computed with; the shipped set by default.
    year : int
        Year of import (the mark-up on default values).
    cross_sectoral_correction : Decimal, str or float
        Cross-sectoral correction factor of the production year, 0 to 1; none is
        shipped because none could be confirmed from a legal text.
    eua_price : Decimal, str or float, optional
        Certificate price in EUR per t CO2e (0 to 10 000) for a cost estimate.

    Returns
    -------
    CertificateEstimate
        Pass it to ``report.to_dict(estimate)`` for the document of
        ``aluco2 cbam --year ... --cscf ...``.

    Raises
    ------
    InputErrors
        If an argument is out of range or a table lacks the good, country or year.
    """
    return estimate_certificates(
        report,
        _factors(factors),
        year=year,
        cross_sectoral_correction=decimal_argument(
            "cross_sectoral_correction", cross_sectoral_correction
        ),
        eua_price=None if eua_price is None else decimal_argument("eua_price", eua_price),
    )


def cbam_default(
    cn: str, country: str | None, year: int, factors: FactorSet | None = None
) -> DefaultLookup:
    """Look up the CBAM default value of a good from a country for a year of import.

    Parameters
    ----------
    cn : str
        CN code of the good (e.g. '7601 10').
    country : str or None
        ISO 3166-1 alpha-2 code of the country of origin; None for the
        unknown-origin value.
    year : int
        Year of import (the mark-up).
    factors : FactorSet, optional
        Factors to use; the shipped set by default.

    Returns
    -------
    DefaultLookup
        The marked-up default, its benchmark and sources; ``to_dict()`` is the document
        of ``aluco2 cbam defaults --format json``.

    Raises
    ------
    InputError
        If the CN code, country or year is not in the tables.
    """
    return lookup_default(_factors(factors), cn, country, year)
