"""Footprints and comparisons as JSON documents, text tables and long-form CSV."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from aluco2._report._text import csv_text, text_table

if TYPE_CHECKING:
    from aluco2._footprint import BreakdownRow, Footprint, ProductResult

__all__ = [
    "compare_csv",
    "compare_document",
    "compare_table",
    "footprint_csv",
    "footprint_document",
    "footprint_table",
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


def _scalar(values: Any) -> float:
    array = np.asarray(values, dtype=float).ravel()
    if array.size != 1:
        raise ValueError("reports render a single evaluation; this result has several variants")
    return float(array[0])


def _converter(unit: str) -> Callable[[float], float]:
    from aluco2._units import Q_, as_unit

    factor = float(Q_(1.0, "t CO2e/t").m_as(as_unit(unit)))
    return lambda value: value * factor


def _row_order(row: BreakdownRow) -> tuple[int, str, int, str]:
    stage = STAGE_ORDER.index(row.stage) if row.stage in STAGE_ORDER else len(STAGE_ORDER)
    return (stage, row.source, row.scope, row.gas)


def _rows(result: ProductResult, method: str) -> list[BreakdownRow]:
    return sorted(result.footprint.breakdown(method), key=_row_order)


def _result_json(footprint: Footprint, result: ProductResult, unit: str) -> dict[str, Any]:
    convert = _converter(unit)
    method = footprint.scope2_method
    other = "location-based" if method == "market-based" else "market-based"

    def total(scope2_method: str) -> dict[str, Any]:
        return {
            "value": convert(_scalar(result.footprint.total_t_per_t(scope2_method))),
            "unit": unit,
        }

    return {
        "plant": footprint.plant.name,
        "product": result.product,
        "route": result.route,
        "route_shares": {r: _scalar(s) for r, s in result.route_shares.items()},
        "allocation": footprint.plant.model.allocation.approach,
        "scope2_method": method,
        "intensity": total(method),
        "intensity_market_based": total("market-based"),
        "intensity_location_based": total("location-based"),
        "biogenic_co2": {
            "value": convert(_scalar(result.footprint.biogenic_co2_t_per_t)),
            "unit": unit.replace("CO2e", "CO2"),
        },
        "breakdown": [_row_json(row, convert, unit) for row in _rows(result, method)],
        "other_scope2_rows": [
            _row_json(row, convert, unit)
            for row in _rows(result, other)
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
        "value": convert(_scalar(row.co2e_t_per_t)),
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
        "results": [_result_json(f, r, unit) for f in footprints for r in f.products],
    }


def _fmt(value: float) -> str:
    return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def footprint_table(footprints: Sequence[Footprint], unit: str = "t CO2e/t") -> str:
    """Render footprints as text: totals, breakdown by stage and source, scopes, defaults.

    Parameters
    ----------
    footprints : sequence of Footprint
        Single-variant footprints.
    unit : str, default 't CO2e/t'
        Unit of the values.

    Returns
    -------
    str
        A report for reading on a terminal.
    """
    convert = _converter(unit)
    parts = []
    for footprint in footprints:
        method = footprint.scope2_method
        for result in footprint.products:
            market = convert(_scalar(result.footprint.total_t_per_t("market-based")))
            location = convert(_scalar(result.footprint.total_t_per_t("location-based")))
            title = f"{footprint.plant.name} | {result.product} | {result.route}"
            headline, other = (market, location) if method == "market-based" else (location, market)
            other_method = "location-based" if method == "market-based" else "market-based"
            parts.append(
                f"{title}\n  {_fmt(headline)} {unit}  (scope 2 {method}; {other_method} "
                f"{_fmt(other)}; GWP {footprint.gwp_set}; "
                f"{footprint.plant.model.allocation.approach})\n"
            )
            totals: dict[tuple[str, str, int], float] = {}
            for row in _rows(result, method):
                key = (row.stage, row.source, row.scope)
                totals[key] = totals.get(key, 0.0) + convert(_scalar(row.co2e_t_per_t))
            grand = sum(totals.values()) or 1.0
            table_rows = [
                (stage, source, str(scope), _fmt(value), f"{100 * value / grand:.1f} %")
                for (stage, source, scope), value in totals.items()
            ]
            parts.append(text_table(("stage", "source", "scope", unit, "share"), table_rows))
        inventory = footprint.inventory
        notes = [
            f"{len(inventory.defaults_used)} values from the factor set's defaults "
            "(listed with --format json)"
        ]
        notes += [f"note: {warning}" for warning in inventory.warnings]
        notes += [f"not estimated: {o.reason}" for o in inventory.omitted]
        parts.append("".join(f"  - {note}\n" for note in notes))
    return "\n".join(part.rstrip("\n") + "\n" for part in parts if part.strip())


def footprint_csv(footprints: Sequence[Footprint], unit: str = "t CO2e/t") -> str:
    """Render footprints as CSV in long form, one row per breakdown entry.

    Parameters
    ----------
    footprints : sequence of Footprint
        Single-variant footprints.
    unit : str, default 't CO2e/t'
        Unit of the values.

    Returns
    -------
    str
        Columns plant, product, route, scope2_method, stage, source, gas, scope, value, unit.
    """
    rows = (
        (
            data["plant"],
            data["product"],
            data["route"],
            data["scope2_method"],
            row["stage"],
            row["source"],
            row["gas"],
            row["scope"],
            repr(row["value"]),
            unit,
        )
        for footprint in footprints
        for result in footprint.products
        for data in [_result_json(footprint, result, unit)]
        for row in data["breakdown"]
    )
    header = ("plant", "product", "route", "scope2_method", "stage", "source", "gas", "scope")
    return csv_text((*header, "value", "unit"), rows)


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


def compare_table(footprints: Sequence[Footprint], unit: str = "t CO2e/t") -> str:
    """Render a comparison of plants and routes as one text table.

    Parameters
    ----------
    footprints : sequence of Footprint
        Single-variant footprints under the same GWP set.
    unit : str, default 't CO2e/t'
        Unit of the values.

    Returns
    -------
    str
        One row per plant, product and route: total, difference to the first
        row, and the share of each source.
    """
    entries = compare_document(footprints, unit)["comparison"]
    sources = sorted({s for e in entries for s in e["source_shares"]})
    header = ("plant", "product", "route", unit, "vs first", *sources)
    rows = [
        (
            e["plant"],
            e["product"],
            e["route"],
            _fmt(e["intensity"]),
            f"{e['difference_to_first']:+.4g}",
            *(f"{100 * e['source_shares'].get(s, 0.0):.0f} %" for s in sources),
        )
        for e in entries
    ]
    return text_table(header, rows)


def compare_csv(footprints: Sequence[Footprint], unit: str = "t CO2e/t") -> str:
    """Render a comparison as CSV: one row per plant, product and route, as the table.

    Parameters
    ----------
    footprints : sequence of Footprint
        Single-variant footprints under the same GWP set.
    unit : str, default 't CO2e/t'
        Unit of the values.

    Returns
    -------
    str
        Columns plant, product, route, intensity, difference_to_first, unit, then
        ``share_<source>`` for each source (fractions of the total).
    """
    entries = compare_document(footprints, unit)["comparison"]
    sources = sorted({s for e in entries for s in e["source_shares"]})
    rows = (
        (
            e["plant"],
            e["product"],
            e["route"],
            repr(e["intensity"]),
            repr(e["difference_to_first"]),
            unit,
            *(repr(e["source_shares"].get(s, 0.0)) for s in sources),
        )
        for e in entries
    )
    header = ("plant", "product", "route", "intensity", "difference_to_first", "unit")
    return csv_text((*header, *(f"share_{s}" for s in sources)), rows)
