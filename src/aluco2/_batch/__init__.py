"""Batch evaluation of supplier offers: one row per offer, one vectorised pass per plant shape.

:func:`evaluate` reads an offers table (a CSV or parquet file, or columns in memory),
checks every cell (:mod:`._columns`), turns each valid row into the plant it describes and
evaluates alike rows together (:mod:`._rows`). Refused rows stay in the result with status
``invalid`` and their reason, and each refused cell is listed in :attr:`BatchResult.errors`
with its row, column, value and reason: nothing is dropped silently. :func:`evaluate_chunk`
is the pure function of a chunk of rows that Dask's ``map_partitions`` runs unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np

from aluco2._arguments import check_choice, check_number
from aluco2._batch._columns import (
    COLUMNS,
    HeaderColumn,
    ParsedColumns,
    RowError,
    factorize,
    header_columns,
    parse_cells,
)
from aluco2._batch._result import BatchResult
from aluco2._batch._rows import PRIMARY_ONLY, evaluate_groups, plant_mapping
from aluco2._batch._tables import RawTable, parquet_header, read_table
from aluco2._cbam import _tables as cbam_tables
from aluco2._errors import InputError
from aluco2._factors import FactorSet
from aluco2._footprint._labels import Label, boundary_value, label

__all__ = [
    "COLUMNS",
    "ENGINES",
    "RANK_BY",
    "BatchResult",
    "RowError",
    "evaluate",
    "evaluate_chunk",
    "output_columns",
    "plant_mapping",
    "read_table",
]

RankBy = Literal["co2", "price", "carbon-adjusted-price"]
RANK_BY: tuple[str, ...] = ("co2", "price", "carbon-adjusted-price")
ENGINES: tuple[str, ...] = ("single", "dask")
MAX_CARBON_PRICE = 1e5
"""Highest carbon price accepted, currency per t CO2e (as for ``optimise``)."""


@dataclasses.dataclass(frozen=True)
class Options:
    """What a batch computes beyond the footprint."""

    carbon_price: float | None = None
    """Price per t CO2e, in the currency of the price column (checked by :func:`evaluate`)."""
    labels: tuple[str, ...] = ()
    """Label ids each offer is judged against."""


def output_columns(
    given: Sequence[str], currency: str | None, labels: Sequence[str] = ()
) -> dict[str, str]:
    """Return the result columns, with their units, of a table with columns ``given``.

    Parameters
    ----------
    given : sequence of str
        Column names of the offers table.
    currency : str or None
        Currency of its price column.
    labels : sequence of str, optional
        Label ids judged: a ``label_<id>`` column (pass, fail, or n/a for metal the label
        does not judge) and its ``label_<id>_margin`` each.

    Returns
    -------
    dict
        Column name -> unit ('' for text and counts), in output order.
    """
    columns = {"row": "", "offer": "", "supplier": "", "country": "", "status": ""}
    columns |= {
        "intensity": "t CO2e/t",
        "intensity_location_based": "t CO2e/t",
        "scope1": "t CO2e/t",
        "scope2": "t CO2e/t",
        "scope3": "t CO2e/t",
    }
    if "mass" in given:
        columns["total_co2e"] = "t CO2e"
    if "declared_footprint" in given:
        columns["declared_minus_computed"] = "t CO2e/t"
    if "cn" in given:
        columns["cbam_default"] = "t CO2e/t"
        columns["cbam_default_minus_scope1"] = "t CO2e/t"
    if "price" in given:
        columns["price"] = f"{currency}/t"
        columns["carbon_adjusted_price"] = f"{currency}/t"
    for name in labels:
        columns[f"label_{name}"] = ""
        columns[f"label_{name}_margin"] = "t CO2e/t"
    columns |= {"defaults": "", "reason": ""}
    return columns


def _cbam_defaults(
    parsed: ParsedColumns, rows: np.ndarray, factors: FactorSet, valid: np.ndarray
) -> tuple[np.ndarray, list[RowError]]:
    """Return the CBAM default of each row's CN code and country (IR 2025/2621 Annex I).

    Each distinct (CN code, country) pair is looked up once; EU and exempt origins
    (Regulation (EU) 2023/956 Annex III) carry no CBAM obligation and get none.
    """
    cn, country = parsed.text["cn"], parsed.text["country"]
    cn_codes, cn_values = factorize(cn)
    country_codes, country_values = factorize(country)
    pair = cn_codes * max(len(country_values), 1) + country_codes
    distinct, inverse = np.unique(pair, return_inverse=True)
    found = np.full(distinct.size, np.nan)
    reasons: dict[int, str] = {}
    for at, code in enumerate(distinct.tolist()):
        good, origin = (
            cn_values[code // max(len(country_values), 1)],
            country_values[code % max(len(country_values), 1)],
        )
        if not good or origin in cbam_tables.EU_AND_EXEMPT:
            continue  # no CN code, or an origin without CBAM obligation: no default applies
        try:
            found[at] = float(cbam_tables.default_value(factors, good, origin).value)
        except InputError as exc:
            reasons[at] = f"must be {exc.expected}"
    values = found[inverse]
    wanted = valid & (cn != "")
    errors = [
        RowError(int(rows[i]), "cn", str(cn[i]), reasons[int(inverse[i])])
        for i in np.flatnonzero(wanted & np.isin(inverse, list(reasons)))
    ]
    return np.where(wanted, values, np.nan), errors


DEFAULTED = {
    "pre_consumer_scrap": "pre_consumer_scrap=0 %",
    "post_consumer_scrap": "post_consumer_scrap=0 %",
    "electricity": "electricity",
    "cf4": "pfc (IPCC Tier 1)",
    "grid_factor": "grid_factor",
}
"""Optional columns a row may leave empty, and what the row's ``defaults`` says for each."""


def _defaulted(parsed: ParsedColumns, valid: np.ndarray) -> np.ndarray:
    """For each row, the optional columns it left to defaults, separated by ';'.

    Empty scrap shares are 0 %; an empty electricity (of a row with primary metal) or
    grid factor takes the value a plant file without it takes, listed with its factor in
    the result's ``defaults_used``.
    """
    shares = np.zeros(parsed.size)
    for name in ("pre_consumer_scrap", "post_consumer_scrap"):
        shares = shares + np.nan_to_num(parsed.numbers.get(name, np.zeros(parsed.size)))
    primary = shares < 100.0 - 1e-9
    code = np.zeros(parsed.size, dtype=np.int64)
    for bit, name in enumerate(DEFAULTED):
        values = parsed.numbers.get(name)
        empty = np.ones(parsed.size, bool) if values is None else np.isnan(values)
        if name in PRIMARY_ONLY:
            empty &= primary
        code |= empty.astype(np.int64) << bit
    shown = list(DEFAULTED.values())
    texts = np.array(
        [
            ";".join(s for bit, s in enumerate(shown) if c >> bit & 1)
            for c in range(2 ** len(shown))
        ],
        dtype=object,
    )
    return np.where(valid, texts[code], "")


def _labels(parsed: ParsedColumns, name: str, rows: np.ndarray) -> np.ndarray:
    if name in parsed.text:
        return parsed.text[name]
    if name == "offer":
        return np.array([f"row {r}" for r in rows], dtype=object)
    return np.full(parsed.size, "", dtype=object)


def _label_columns(
    judged: Label, out: Mapping[str, np.ndarray], shares: Any, valid: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return pass/fail/n/a and the margin (threshold less value) of each row for a label.

    The ``cbam-default`` label's threshold is each row's ``cbam_default``; a row without one
    (no CN code, an EU or exempt origin) is n/a.
    """
    value = boundary_value(out["scope1"], out["scope2"], out["intensity"], judged.boundary)
    threshold = (
        np.full(valid.shape, judged.threshold_t_per_t)
        if judged.threshold_t_per_t is not None
        else out["cbam_default"]
    )
    applies = valid & np.isfinite(threshold)
    if judged.route == "primary":
        applies &= np.broadcast_to(np.asarray(shares) <= 1e-9, valid.shape)
    verdict = np.where(judged.passes(value, threshold), "pass", "fail").astype(object)
    verdict = np.where(applies, verdict, np.where(valid, "n/a", ""))
    return verdict, np.where(applies, threshold - value, np.nan)


def _reasons(errors: Sequence[RowError], rows: np.ndarray) -> np.ndarray:
    """Return the first reason given for each row ('' for the rows without an error)."""
    reasons = np.full(len(rows), "", dtype=object)
    first: dict[int, str] = {}
    for error in errors:
        first.setdefault(error.row, f"{error.column}: {error.reason}")
    if first:
        order = np.argsort(rows, kind="stable")
        wanted = np.array(list(first), dtype=np.int64)
        at = np.searchsorted(rows, wanted, sorter=order)
        inside = at < len(rows)
        hit = order[np.minimum(at, len(rows) - 1)]
        keep = inside & (rows[hit] == wanted)
        reasons[hit[keep]] = np.array(list(first.values()), dtype=object)[keep]
    return reasons


@dataclasses.dataclass(frozen=True)
class Chunk:
    """The results of a chunk of offers."""

    columns: dict[str, np.ndarray]
    errors: list[RowError]
    defaults_used: set[tuple[str, str, str]]


def evaluate_chunk(
    columns: Sequence[HeaderColumn],
    cells: Mapping[str, Any],
    rows: np.ndarray,
    factors: FactorSet,
    options: Options = Options(),
    progress: Callable[[int], None] | None = None,
    *,
    trimmed: bool = False,
) -> Chunk:
    """Evaluate a chunk of offers: the pure function every engine runs.

    Parameters
    ----------
    columns : sequence of HeaderColumn
        The table's columns (:func:`aluco2._batch._columns.header_columns`).
    cells : mapping of str to array-like
        The chunk's cells by header.
    rows : numpy.ndarray
        Row number of each element.
    factors : FactorSet
        Factors to use.
    options : Options
        Carbon price for the carbon-adjusted price.
    progress : callable, optional
        Called with the number of rows evaluated after each pass of the engine.
    trimmed : bool, default False
        Whether text cells are already str without surrounding blanks.

    Returns
    -------
    Chunk
        The result columns of :func:`output_columns` (one element per row of the chunk),
        every refused cell, and the defaults the rows' plants took.
    """
    parsed = parse_cells(columns, cells, rows, trimmed=trimmed)
    header = {c.column.name: c.header for c in columns}
    errors = list(parsed.errors)
    shares = np.nan_to_num(parsed.numbers.get("pre_consumer_scrap", 0.0)) + np.nan_to_num(
        parsed.numbers.get("post_consumer_scrap", 0.0)
    )
    over = (shares > 100.0 + 1e-9) & ~parsed.invalid
    errors += [
        RowError(
            int(rows[i]),
            header.get("post_consumer_scrap", "post_consumer_scrap"),
            f"{shares[i]:g} %",
            "must be at most 100 % together with pre_consumer_scrap",
        )
        for i in np.flatnonzero(over)
    ]
    technology = parsed.text.get("technology", np.full(parsed.size, "", dtype=object))
    untold = (shares < 100.0 - 1e-9) & (technology == "") & ~parsed.invalid & ~over
    errors += [
        RowError(int(rows[i]), "technology", "", "must be given for an offer with primary metal")
        for i in np.flatnonzero(untold)
    ]
    halves = np.zeros(parsed.size, dtype=bool)
    for first, second in (("cf4", "c2f6"), ("contract_share", "contract_factor")):
        if first in parsed.numbers:
            alone = np.isfinite(parsed.numbers[first]) != np.isfinite(parsed.numbers[second])
            alone &= ~parsed.invalid
            errors += [
                RowError(int(rows[i]), header[second], "", f"must be given with {first}")
                for i in np.flatnonzero(alone)
            ]
            halves |= alone
    valid = ~(parsed.invalid | over | untold | halves)
    cbam_default = None
    if "cn" in parsed.text:
        cbam_default, cn_errors = _cbam_defaults(parsed, rows, factors, valid)
        errors += cn_errors
        valid &= ~np.isin(rows, np.array([e.row for e in cn_errors], dtype=np.int64))
    result = evaluate_groups(parsed, rows, factors, valid, progress)
    errors += result.errors
    valid &= ~result.refused
    out: dict[str, np.ndarray] = {
        "row": rows,
        "offer": _labels(parsed, "offer", rows),
        "supplier": _labels(parsed, "supplier", rows),
        "country": parsed.text["country"],
        "status": np.where(valid, "ok", "invalid").astype(object),
        "intensity": result.intensity,
        "intensity_location_based": result.location_based,
        "scope1": result.scopes[1],
        "scope2": result.scopes[2],
        "scope3": result.scopes[3],
    }
    if "mass" in parsed.numbers:
        out["total_co2e"] = result.intensity * parsed.numbers["mass"]
    if "declared_footprint" in parsed.numbers:
        out["declared_minus_computed"] = parsed.numbers["declared_footprint"] - result.intensity
    if cbam_default is not None:
        out["cbam_default"] = np.where(valid, cbam_default, np.nan)
        out["cbam_default_minus_scope1"] = out["cbam_default"] - result.scopes[1]
    if "price" in parsed.numbers:
        price = parsed.numbers["price"]
        carbon = np.nan if options.carbon_price is None else options.carbon_price
        out["price"] = price
        out["carbon_adjusted_price"] = price + carbon * result.intensity
    for name in options.labels:
        verdict, margin = _label_columns(label(name), out, shares, valid)
        out[f"label_{name}"], out[f"label_{name}_margin"] = verdict, margin
    out["defaults"] = _defaulted(parsed, valid)
    out["reason"] = _reasons(errors, rows)
    for name in out:
        if out[name].dtype.kind == "f":
            out[name] = np.where(valid, out[name], np.nan)
    return Chunk(out, errors, result.defaults_used)


def _rank(columns: dict[str, np.ndarray], rank_by: str) -> np.ndarray:
    """Rank 1 = lowest; invalid offers (NaN) last, in table order."""
    key = {"co2": "intensity", "price": "price", "carbon-adjusted-price": "carbon_adjusted_price"}
    values = columns[key[rank_by]]
    return np.argsort(np.where(np.isnan(values), np.inf, values), kind="stable")


def _check_options(
    given: Sequence[str],
    price_currency: str | None,
    carbon_price: float | None,
    currency: str | None,
    rank_by: str | None,
) -> None:
    """Refuse options the table cannot serve, rather than ignore them."""
    if rank_by is not None:
        check_choice("rank_by", rank_by, RANK_BY)
        if rank_by != "co2" and "price" not in given:
            raise InputError(
                expected="a table with a price column to rank by price", key_path=("rank_by",)
            )
        if rank_by == "carbon-adjusted-price" and carbon_price is None:
            raise InputError(
                expected="given to rank by the carbon-adjusted price", key_path=("carbon_price",)
            )
    if carbon_price is None:
        return
    check_number("carbon_price", carbon_price, 0, MAX_CARBON_PRICE)
    if price_currency is None:
        raise InputError(
            expected="given only with a price column: it sets the carbon-adjusted price",
            key_path=("carbon_price",),
        )
    if currency != price_currency:
        raise InputError(
            expected=f"in the price column's currency, {price_currency} per t CO2e",
            value=currency,
            key_path=("carbon_price",),
        )


def _from_memory(table: Any) -> RawTable:
    """Return the raw table of columns given as a mapping or a pandas DataFrame."""
    if hasattr(table, "columns") and hasattr(table, "__getitem__"):
        headers = tuple(str(c) for c in table.columns)
        cells = {h: np.asarray(table[h]) for h in headers}
    elif isinstance(table, Mapping):
        headers = tuple(str(h) for h in table)
        cells = {str(h): np.asarray(v, dtype=object).reshape(-1) for h, v in table.items()}
    else:
        raise InputError(
            expected="an offers file path, a mapping of columns or a pandas DataFrame",
            value=type(table).__name__,
            key_path=("table",),
        )
    sizes = {len(v) for v in cells.values()}
    if len(sizes) > 1:
        raise InputError(expected="columns of one length", value=sorted(sizes), key_path=("table",))
    size = sizes.pop() if sizes else 0
    rows = np.arange(size, dtype=np.int64) + 2
    return RawTable("<table>", "", headers, cells, rows, [], trimmed=False)


def _on_dask(
    path: str, columns: Sequence[HeaderColumn], factors: FactorSet, options: Options
) -> Chunk:
    """Evaluate a parquet table partition by partition on the current Dask scheduler."""
    try:
        from aluco2._batch._dask import evaluate_partitions
    except ImportError:  # pragma: no cover - the message is tested where dask is absent
        raise InputError(
            expected="The 'dask' extra is needed for engine 'dask'.",
            key_path=("engine",),
            hint="Install it with: pip install 'aluco2[dask]'.",
        ) from None
    empty = {c.header: np.empty(0, dtype=object) for c in columns}
    sample = evaluate_chunk(columns, empty, np.empty(0, dtype=np.int64), factors, options)
    names = list(sample.columns)
    out, errors, defaults = evaluate_partitions(
        path, columns, factors, options, names, sample.columns
    )
    return Chunk(out, errors, defaults)


def evaluate(
    table: Any,
    factors: FactorSet,
    *,
    carbon_price: float | None = None,
    currency: str | None = None,
    rank_by: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    engine: str = "single",
    labels: Sequence[str] = (),
    units: Mapping[str, str] | None = None,
) -> BatchResult:
    """Evaluate every offer of a table.

    Parameters
    ----------
    table : str, os.PathLike, mapping of columns or pandas.DataFrame
        The offers: a CSV or parquet file, or columns by header (see docs/batch.md).
    factors : FactorSet
        Factors to use.
    carbon_price : float, optional
        Price per t CO2e in the currency of the price column, for the carbon-adjusted
        price (price + carbon price x intensity).
    currency : str, optional
        Currency of ``carbon_price``; must be that of the price column.
    rank_by : {'co2', 'price', 'carbon-adjusted-price'}, optional
        Order the offers, lowest first; invalid offers last.
    progress : callable, optional
        Called as ``progress(done, total)`` as rows are evaluated (single process).
    engine : {'single', 'dask'}, default 'single'
        'dask' runs the chunks over the partitions of a parquet table on the current Dask
        scheduler (a ``distributed.Client`` if one is active), with the same results.
    labels : sequence of str, optional
        Label ids to judge every offer against (``aluco2 labels`` lists them).
    units : mapping of str to str, optional
        The unit of each quantity column whose header carries none (a units sidecar,
        e.g. ``{"electricity": "MWh/t"}``).

    Returns
    -------
    BatchResult
        One result per offer and every refused cell.

    Raises
    ------
    InputErrors
        If the file cannot be read, its header is not an offers header, or an option
        does not fit the table (a ranking by price without a price column ...). Bad cells
        never raise: they are refused row by row.
    """
    check_choice("engine", engine, ENGINES)
    for name in labels:
        label(name)  # an unknown label refuses the batch before any work
    from_file = isinstance(table, str) or hasattr(table, "__fspath__")
    if engine == "dask":
        if not from_file:
            raise InputError(
                expected="a parquet file or directory with engine 'dask'", key_path=("table",)
            )
        raw = parquet_header(table)
    else:
        raw = read_table(table) if from_file else _from_memory(table)
    columns = header_columns(raw.headers, units)
    given = [c.column.name for c in columns]
    price_currency = next((c.currency for c in columns if c.currency), None)
    _check_options(given, price_currency, carbon_price, currency, rank_by)
    if "cn" not in given and any(label(n).threshold_t_per_t is None for n in labels):
        raise InputError(
            expected="a table with a cn column for the cbam-default label",
            key_path=("labels",),
        )
    options = Options(carbon_price, tuple(labels))
    if engine == "dask":
        chunk = _on_dask(str(table), columns, factors, options)
    else:
        total = len(raw.rows)
        done = [0]

        def advance(rows: int) -> None:
            done[0] += rows
            if progress is not None:
                progress(done[0], total)

        chunk = evaluate_chunk(
            columns, raw.cells, raw.rows, factors, options, advance, trimmed=raw.trimmed
        )
    out = chunk.columns
    units = output_columns(given, price_currency, labels)
    if rank_by is not None:
        order = _rank(out, rank_by)
        out = {name: values[order] for name, values in out.items()}
        out["rank"] = np.arange(1, len(order) + 1)
        units["rank"] = ""
    return BatchResult(
        columns=out,
        units=units,
        errors=tuple(sorted([*raw.errors, *chunk.errors], key=lambda e: e.row)),
        defaults_used=tuple(sorted(chunk.defaults_used)),
        source=None if raw.name == "<table>" else (raw.name, raw.sha256),
        factor_set_hash=factors.hash,
        carbon_price=carbon_price,
        rank_by=rank_by,
    )
