"""Footprints and comparisons as text tables and long-form CSV (JSON: ``to_dict()``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aluco2._footprint._document import (
    compare_document,
    intensity_converter,
    ordered_rows,
    result_dict,
    scalar,
)
from aluco2._report._text import csv_text, text_table

if TYPE_CHECKING:
    from aluco2._footprint import Footprint

__all__ = [
    "compare_csv",
    "compare_table",
    "footprint_csv",
    "footprint_table",
]


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
    convert = intensity_converter(unit)
    parts = []
    for footprint in footprints:
        method = footprint.scope2_method
        for result in footprint.products:
            market = convert(scalar(result.footprint.total_t_per_t("market-based")))
            location = convert(scalar(result.footprint.total_t_per_t("location-based")))
            title = f"{footprint.plant.name} | {result.product} | {result.route}"
            headline, other = (market, location) if method == "market-based" else (location, market)
            other_method = "location-based" if method == "market-based" else "market-based"
            parts.append(
                f"{title}\n  {_fmt(headline)} {unit}  (scope 2 {method}; {other_method} "
                f"{_fmt(other)}; GWP {footprint.gwp_set}; "
                f"{footprint.plant.model.allocation.approach})\n"
            )
            totals: dict[tuple[str, str, int], float] = {}
            for row in ordered_rows(result, method):
                key = (row.stage, row.source, row.scope)
                totals[key] = totals.get(key, 0.0) + convert(scalar(row.co2e_t_per_t))
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
        for data in [result_dict(footprint, result, unit)]
        for row in data["breakdown"]
    )
    header = ("plant", "product", "route", "scope2_method", "stage", "source", "gas", "scope")
    return csv_text((*header, "value", "unit"), rows)


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
