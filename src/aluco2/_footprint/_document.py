"""The JSON document of footprints and comparisons: what ``to_dict()`` and the CLI return.

Values are converted from the engine's ``t CO2e/t`` to the unit asked for once, here;
rows are ordered along the material flow so the same inputs give the same document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from aluco2._footprint import BreakdownRow, Footprint, ProductResult

__all__ = [
    "STAGE_ORDER",
    "compare_document",
    "footprint_document",
    "intensity_converter",
    "ordered_rows",
    "result_dict",
    "scalar",
]

STAGE_ORDER = (
    "alumina",
    "anode_production",
    "electrolysis",
    "casting",
    "primary_metal",
    "scrap_preparation",
    "remelting",
    "dross_handling",
)
"""Order of stages in reports: along the material flow."""


def scalar(values: Any) -> float:
    """Return the one value of a single-variant array; refuse an array of several variants."""
    array = np.asarray(values, dtype=float).ravel()
    if array.size != 1:
        raise ValueError(
            f"A document renders one evaluation, and this result has {array.size} variants; "
            "select one variant before rendering it."
        )
    return float(array[0])


def intensity_converter(unit: str) -> Callable[[float], float]:
    """Return the function converting a value in t CO2e/t to ``unit``."""
    from aluco2._units import Q_, as_unit

    factor = float(Q_(1.0, "t CO2e/t").m_as(as_unit(unit)))
    return lambda value: value * factor


def _row_order(row: BreakdownRow) -> tuple[int, str, int, str]:
    stage = STAGE_ORDER.index(row.stage) if row.stage in STAGE_ORDER else len(STAGE_ORDER)
    return (stage, row.source, row.scope, row.gas)


def ordered_rows(result: ProductResult, method: str) -> list[BreakdownRow]:
    """Return the rows counting under ``method``, along the material flow."""
    return sorted(result.footprint.breakdown(method), key=_row_order)


def result_dict(footprint: Footprint, result: ProductResult, unit: str) -> dict[str, Any]:
    convert = intensity_converter(unit)
    method = footprint.scope2_method
    other = "location-based" if method == "market-based" else "market-based"

    def total(scope2_method: str) -> dict[str, Any]:
        return {
            "value": convert(scalar(result.footprint.total_t_per_t(scope2_method))),
            "unit": unit,
        }

    return {
        "plant": footprint.plant.name,
        "product": result.product,
        "route": result.route,
        "route_shares": {r: scalar(s) for r, s in result.route_shares.items()},
        "allocation": footprint.plant.model.allocation.approach,
        "scope2_method": method,
        "intensity": total(method),
        "intensity_market_based": total("market-based"),
        "intensity_location_based": total("location-based"),
        "biogenic_co2": {
            "value": convert(scalar(result.footprint.biogenic_co2_t_per_t)),
            "unit": unit.replace("CO2e", "CO2"),
        },
        "breakdown": [_row_json(row, convert, unit) for row in ordered_rows(result, method)],
        "other_scope2_rows": [
            _row_json(row, convert, unit)
            for row in ordered_rows(result, other)
            if row.scope2_basis is not None
        ],
    }


def _row_json(row: BreakdownRow, convert: Callable[[float], float], unit: str) -> dict[str, Any]:
    return {
        "stage": row.stage,
        "source": row.source,
        "gas": row.gas,
        "scope": row.scope,
        "scope2_basis": row.scope2_basis,
        "value": convert(scalar(row.co2e_t_per_t)),
        "unit": unit,
        "references": list(row.references),
    }


def _plant_provenance(footprint: Footprint) -> dict[str, Any]:
    inventory = footprint.inventory
    return {
        "plant": footprint.plant.name,
        "path": footprint.plant.path,
        "gwp": footprint.gwp_set,
        "allocation": footprint.plant.model.allocation.approach,
        "scope2_method": footprint.scope2_method,
        "methods": list(inventory.methods),
        "defaults_used": [
            {"key": d.key, "factor": d.factor, "value": d.value} for d in inventory.defaults_used
        ],
        "omitted": [{"key": o.key, "reason": o.reason} for o in inventory.omitted],
        "warnings": list(inventory.warnings),
    }


def footprint_document(footprints: Sequence[Footprint], unit: str = "t CO2e/t") -> dict[str, Any]:
    """Build the JSON document of one or more plant footprints.

    The contract (extended, never broken): top-level ``aluco2_version``,
    ``provenance`` (``factor_set_hash``, ``gwp``, ``allocation``, ``inputs``
    with path and SHA-256, ``defaults_used``, plus ``factor_files`` and per-plant
    ``plants``), and ``results``, one per plant, product and route (``primary``,
    ``recycled`` or ``mix``), each with ``intensity`` and a ``breakdown`` by
    stage, source, gas and scope that adds up to it.

    Parameters
    ----------
    footprints : sequence of Footprint
        Single-variant footprints computed with the same factor set.
    unit : str, default 't CO2e/t'
        Unit of every intensity.

    Returns
    -------
    dict
        JSON-ready data.
    """
    first = footprints[0]
    plants = [_plant_provenance(f) for f in footprints]
    approaches = {p["allocation"] for p in plants}
    return {
        "aluco2_version": first.aluco2_version,
        "provenance": {
            "factor_set_hash": first.factor_set_hash,
            "factor_files": list(first.factor_files),
            "gwp": first.gwp_set,
            "allocation": approaches.pop() if len(approaches) == 1 else "per plant",
            "inputs": [{"path": f.plant.path, "sha256": f.plant.sha256} for f in footprints],
            "defaults_used": [
                {"plant": p["plant"], **default} for p in plants for default in p["defaults_used"]
            ],
            "plants": plants,
        },
        "results": [result_dict(f, r, unit) for f in footprints for r in f.products],
    }


def compare_document(footprints: Sequence[Footprint], unit: str = "t CO2e/t") -> dict[str, Any]:
    """Build the JSON of a comparison: the footprint document plus a ``comparison`` list.

    Parameters
    ----------
    footprints : sequence of Footprint
        Single-variant footprints under the same GWP set.
    unit : str, default 't CO2e/t'
        Unit of the values.

    Returns
    -------
    dict
        Each comparison entry has the intensity, the difference to the first
        entry, and the share of each source in the total.
    """
    document = footprint_document(footprints, unit)
    entries = []
    reference = None
    for result in document["results"]:
        value = result["intensity"]["value"]
        reference = value if reference is None else reference
        by_source: dict[str, float] = {}
        for row in result["breakdown"]:
            by_source[row["source"]] = by_source.get(row["source"], 0.0) + row["value"]
        entries.append(
            {
                "plant": result["plant"],
                "product": result["product"],
                "route": result["route"],
                "intensity": value,
                "difference_to_first": value - reference,
                "source_shares": {s: v / value if value else 0.0 for s, v in by_source.items()},
                "unit": unit,
            }
        )
    document["comparison"] = entries
    return document
