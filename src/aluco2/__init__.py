"""aluco2: embodied CO2e of primary and recycled aluminium from cited emission factors.

The public face, for applications that embed aluco2 (everything else is private by name)::

    import aluco2

    plant = aluco2.load_plant("plant.yaml")          # or a plain dict of the same document
    result = aluco2.footprint(plant)                 # shipped factors unless factors=...
    result.to_dict()                                 # = aluco2 footprint --format json

Inputs
    :func:`load_plant`, :func:`load_problem`, :func:`load_installation` (a file or a
    mapping), :func:`load_factors` (the shipped factors and site overlays).
Calculations
    :func:`footprint`, :func:`compare`, :func:`optimise`, :func:`pareto`, :func:`cbam`,
    :func:`cbam_certificates`, :func:`cbam_default`; :mod:`aluco2.batch` evaluates a
    table of supplier offers (``aluco2.batch.evaluate("offers.csv")``).
Results
    :class:`Footprint`, :class:`Comparison`, :class:`Plan`, :class:`Frontier`,
    :class:`CbamReport`, :class:`CertificateEstimate`, :class:`DefaultLookup`,
    :class:`BatchResult`; each has
    ``to_dict()`` and ``to_json()`` giving the CLI's JSON document, whose JSON Schema
    ``aluco2 schema <kind>-result`` prints.
Errors
    :class:`AlucoError` is the base; :class:`InputError` (file, line, key path, value,
    expectation) and its kinds, :class:`InputErrors` holding several,
    :class:`FactorNotFoundError`, :class:`InfeasibleProblemError`.

Nothing prints or exits. Names load on first use, so ``import aluco2`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AlucoError",
    "BatchResult",
    "CbamReport",
    "CertificateEstimate",
    "Comparison",
    "DefaultLookup",
    "FactorNotFoundError",
    "FactorSet",
    "Footprint",
    "Frontier",
    "InfeasibleProblemError",
    "InputError",
    "InputErrors",
    "Installation",
    "Plan",
    "Plant",
    "Problem",
    "SchemaError",
    "UnitError",
    "YamlError",
    "__version__",
    "batch",
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

_HOMES = {
    "aluco2._api": (
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
    ),
    "aluco2._batch": ("BatchResult",),
    "aluco2._cbam": ("CbamReport", "CertificateEstimate", "DefaultLookup"),
    "aluco2._errors": (
        "AlucoError",
        "FactorNotFoundError",
        "InfeasibleProblemError",
        "InputError",
        "InputErrors",
        "SchemaError",
        "UnitError",
        "YamlError",
    ),
    "aluco2._factors": ("FactorSet",),
    "aluco2._footprint": ("Comparison", "Footprint"),
    "aluco2._installation": ("Installation",),
    "aluco2._optimise": ("Frontier", "Plan"),
    "aluco2._plant": ("Plant",),
    "aluco2._problem": ("Problem",),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import a public name from its private home on first use."""
    if name == "batch":
        return importlib.import_module("aluco2.batch")
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'aluco2' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from aluco2 import batch
    from aluco2._api import (
        cbam,
        cbam_certificates,
        cbam_default,
        compare,
        footprint,
        load_factors,
        load_installation,
        load_plant,
        load_problem,
        optimise,
        pareto,
    )
    from aluco2._batch import BatchResult
    from aluco2._cbam import CbamReport, CertificateEstimate, DefaultLookup
    from aluco2._errors import (
        AlucoError,
        FactorNotFoundError,
        InfeasibleProblemError,
        InputError,
        InputErrors,
        SchemaError,
        UnitError,
        YamlError,
    )
    from aluco2._factors import FactorSet
    from aluco2._footprint import Comparison, Footprint
    from aluco2._installation import Installation
    from aluco2._optimise import Frontier, Plan
    from aluco2._plant import Plant
    from aluco2._problem import Problem
