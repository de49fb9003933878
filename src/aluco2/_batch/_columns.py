"""The columns of an offers table: names, units in the header, and how each cell is checked.

A column header is ``name`` for a text column and ``name [unit]`` for a quantity, e.g.
``electricity [MWh/t]``; the unit may be any unit of the right dimension. Quantity columns
that describe the plant map to a plant key path and take their range from the plant file's
schema, so a cell is refused in a table exactly when the same value is refused in a plant
file. Cells are checked a whole column at a time; every refused cell becomes a
:class:`RowError` and keeps its row out of the arrays, never out of the report.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pint

from aluco2._countries import iso_country
from aluco2._errors import InputError, UnitError
from aluco2._installation import CN_CODE
from aluco2._plant import SODERBERG, TECHNOLOGIES, PlantModel, quantity_spec
from aluco2._units import Q_, parse_unit

__all__ = [
    "COLUMNS",
    "Column",
    "ParsedColumns",
    "RowError",
    "factorize",
    "header_columns",
    "parse_cells",
]


@dataclasses.dataclass(frozen=True, slots=True)
class RowError:
    """A refused cell (or row): where it is, what it held, and why."""

    row: int
    """Line of the CSV file (the header is line 1), or row index + 2 of a parquet file."""
    column: str
    value: str
    reason: str


@dataclasses.dataclass(frozen=True)
class Column:
    """One column an offers table may have."""

    name: str
    description: str
    unit: str | None = None
    """Canonical unit of a quantity column (values are converted to it); None for text."""
    key: str | None = None
    """Plant key path the column sets, if any (its range comes from the plant schema)."""
    low: float | None = None
    high: float | None = None
    """Range in ``unit`` of a column with no plant key."""
    why: str = ""
    required: bool = False
    check: Callable[[np.ndarray], np.ndarray] | None = None
    """For text columns: the reason each value is refused, '' where it is accepted."""

    def bounds(self) -> tuple[float, float | None, bool]:
        """Return (low, high, whether low itself is refused) in :attr:`unit`."""
        if self.key is None:
            assert self.low is not None
            return self.low, self.high, False
        spec = quantity_spec(self.key)
        assert spec is not None  # every plant-keyed column names a quantity of the plant file
        low, high = spec.bounds(spec.units[0])
        scale = float(Q_(1.0, spec.units[0]).m_as(parse_unit(self.unit or "")))
        return low * scale, None if high is None else high * scale, spec.exclusive_minimum


def factorize(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Return integer codes of the values and the distinct values, in order of appearance.

    Offers tables repeat their codes (countries, technologies, CN codes), so each distinct
    value is checked or cleaned once; a dictionary does it without sorting strings.
    """
    items = values.tolist()
    distinct = list(dict.fromkeys(items))
    position = {value: at for at, value in enumerate(distinct)}
    codes = np.fromiter(map(position.__getitem__, items), dtype=np.int64, count=len(items))
    return codes, distinct


def _refusals(values: np.ndarray, allowed: Callable[[str], str]) -> np.ndarray:
    """Map each distinct value through ``allowed`` once."""
    codes, distinct = factorize(values)
    reasons = np.array([allowed(str(v)) for v in distinct] or [""], dtype=object)
    return np.asarray(reasons[codes])


def _country(code: str) -> str:
    try:
        iso_country(code)
    except ValueError as exc:
        return str(exc)
    return ""


_YEAR_BOUNDS = PlantModel.model_fields["year"].metadata
_YEAR_LOW = next(m.ge for m in _YEAR_BOUNDS if hasattr(m, "ge"))
_YEAR_HIGH = next(m.le for m in _YEAR_BOUNDS if hasattr(m, "le"))
"""The bounds of the plant file's ``year`` (pydantic's Ge and Le)."""
PREBAKE = tuple(t for t in TECHNOLOGIES if t not in SODERBERG)


def _technology(code: str) -> str:
    if code in SODERBERG:
        return (
            "a prebake technology: Soderberg offers need paste data, so evaluate them "
            "with a plant file"
        )
    return "" if code in PREBAKE else "one of " + ", ".join(PREBAKE)


def _cn(code: str) -> str:
    try:
        CN_CODE.validate(code)
    except ValueError as exc:
        return str(exc)
    return ""


def _year(text: str) -> str:
    """Refuse a year the plant file's ``year`` field would refuse (the same bounds)."""
    ok = re.fullmatch(r"\d{4}", text) is not None and _YEAR_LOW <= int(text) <= _YEAR_HIGH
    return "" if ok else f"a year from {_YEAR_LOW} to {_YEAR_HIGH}"


def _check(function: Callable[[str], str]) -> Callable[[np.ndarray], np.ndarray]:
    return lambda values: _refusals(values, function)


COLUMNS: tuple[Column, ...] = (
    Column("offer", "Identifier of the offer; default: its row."),
    Column("supplier", "Supplier's name (a label)."),
    Column("alloy", "Alloy designation (a label; alloying additions are not counted)."),
    Column(
        "country",
        "Country of the smelter or remelter (ISO 3166-1 alpha-2): its grid and defaults.",
        required=True,
        check=_check(_country),
    ),
    Column("year", "Year the offer's data describe.", required=True, check=_check(_year)),
    Column(
        "technology",
        "Cell technology of the primary metal (CWPB, SWPB, PFPB_L, PFPB_M); required "
        "when the offer contains primary metal.",
        check=_check(_technology),
    ),
    Column(
        "pre_consumer_scrap",
        "Share of the product's metal from pre-consumer scrap (evaluated as the shipped "
        "class clean_process_scrap); default 0 %.",
        unit="%",
        low=0.0,
        high=100.0,
        why="a share cannot exceed the whole",
    ),
    Column(
        "post_consumer_scrap",
        "Share of the product's metal from post-consumer scrap (evaluated as old_scrap); "
        "default 0 %.",
        unit="%",
        low=0.0,
        high=100.0,
        why="a share cannot exceed the whole",
    ),
    Column(
        "electricity",
        "AC electricity of electrolysis per t of liquid aluminium; default as in a plant "
        "file (the IAI world average).",
        unit="MWh/t",
        key="primary.electrolysis.electricity",
    ),
    Column(
        "cf4",
        "Measured CF4 per t of aluminium (with c2f6); default: IPCC Tier 1 of the technology.",
        unit="kg CF4/t",
        key="primary.electrolysis.pfc.cf4",
    ),
    Column(
        "c2f6",
        "Measured C2F6 per t of aluminium (with cf4).",
        unit="kg C2F6/t",
        key="primary.electrolysis.pfc.c2f6",
    ),
    Column(
        "grid_factor",
        "Declared factor of the site's grid electricity, replacing the shipped country factor.",
        unit="kg CO2e/kWh",
        key="electricity.grid.factor",
    ),
    Column(
        "contract_share",
        "Share of the site's electricity under a declared contract or certificate "
        "(with contract_factor).",
        unit="%",
        key="electricity.contracts[0].share",
    ),
    Column(
        "contract_factor",
        "Emission factor of that contracted supply (with contract_share).",
        unit="kg CO2e/kWh",
        key="electricity.contracts[0].factor",
    ),
    Column(
        "declared_footprint",
        "The supplier's declared cradle-to-gate footprint, compared with aluco2's.",
        unit="t CO2e/t",
        low=0.0,
        high=50.0,
        why="primary aluminium on coal power is about 20 t CO2e/t; 50 is 2.5 times that",
    ),
    Column(
        "mass",
        "Mass offered, for the total CO2e.",
        unit="t",
        low=0.0,
        high=1e8,
        why="more than the world's yearly aluminium production is a unit slip",
    ),
    Column(
        "price",
        "Price per t in one currency (e.g. 'price [EUR/t]'), for the carbon-adjusted price.",
        unit="currency/t",
        low=0.0,
        high=1e6,
        why="a million per tonne is a unit slip",
    ),
    Column(
        "cn",
        "CN code of the good, for the CBAM default value of its country.",
        check=_check(_cn),
    ),
)
BY_NAME = {c.name: c for c in COLUMNS}
HEADER = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[(.*)\])?\s*$")


@dataclasses.dataclass(frozen=True)
class HeaderColumn:
    """A column of the table as its header names it."""

    column: Column
    header: str
    scale: float
    """Multiplier from the header's unit to the column's canonical unit."""
    currency: str | None = None


def _currency(unit_text: str, header: str) -> str:
    match = re.fullmatch(r"\s*([A-Z]{3})\s*/\s*t\s*", unit_text)
    if match is None:
        raise InputError(
            expected="a price unit of a currency per tonne, e.g. 'price [EUR/t]'",
            value=header,
            key_path=(header,),
        )
    return match.group(1)


def _header_column(header: str, sidecar: Mapping[str, str]) -> HeaderColumn:
    match = HEADER.match(header)
    name = match.group(1).lower() if match else header
    column = BY_NAME.get(name)
    if match is None or column is None:
        close = difflib.get_close_matches(name, list(BY_NAME), n=1)
        raise InputError(
            expected="a column of the offers table: " + ", ".join(BY_NAME),
            value=header,
            key_path=(header,),
            hint=f"Did you mean {close[0]!r}?" if close else "See docs/batch.md.",
        )
    unit_text = match.group(2)
    if name in sidecar:
        if unit_text is not None and unit_text.strip() != sidecar[name].strip():
            raise InputError(
                expected=f"one unit: the header says [{unit_text}], the units file "
                f"{sidecar[name]!r}",
                value=header,
                key_path=(header,),
            )
        unit_text = sidecar[name]
    if column.unit is None:
        if unit_text is not None:
            raise InputError(expected="a text column, without a unit", value=header)
        return HeaderColumn(column, header, 1.0)
    if unit_text is None:
        raise InputError(
            expected=f"the unit in the header, e.g. '{column.name} [{column.unit}]', "
            "or in a units file",
            value=header,
            key_path=(header,),
        )
    if column.unit == "currency/t":
        return HeaderColumn(column, header, 1.0, _currency(unit_text, header))
    try:
        scale = float(Q_(1.0, parse_unit(unit_text)).m_as(parse_unit(column.unit)))
    except (UnitError, pint.DimensionalityError):
        raise InputError(
            expected=f"a unit convertible to {column.unit!r}", value=header, key_path=(header,)
        ) from None
    return HeaderColumn(column, header, scale)


def header_columns(
    headers: Sequence[str], units: Mapping[str, str] | None = None
) -> tuple[HeaderColumn, ...]:
    """Read a table's header: every column known, unit-checked and named once.

    Parameters
    ----------
    headers : sequence of str
        The column headers, e.g. ``["offer", "country", "electricity [MWh/t]"]``.
    units : mapping of str to str, optional
        A units sidecar: the unit of each quantity column by name, for headers that do
        not carry one (``{"electricity": "MWh/t"}``).

    Returns
    -------
    tuple of HeaderColumn
        In the table's order.

    Raises
    ------
    InputErrors
        Naming each unknown, repeated or unit-less column and each missing required one.
    """
    from aluco2._errors import InputErrors

    errors: list[InputError] = []
    found: list[HeaderColumn] = []
    sidecar = dict(units or {})
    for header in headers:
        try:
            found.append(_header_column(header, sidecar))
        except InputError as exc:
            errors.append(exc)
    names = [h.column.name for h in found]
    for name in sorted(set(sidecar) - set(names)):
        errors.append(
            InputError(
                expected="a quantity column of the table", value=name, key_path=("units", name)
            )
        )
    for name in sorted({n for n in names if names.count(n) > 1}):
        errors.append(InputError(expected="each column once", value=name, key_path=(name,)))
    for column in COLUMNS:
        if column.required and column.name not in names:
            errors.append(InputError(expected="given", key_path=(column.name,)))
    for pair in (("contract_share", "contract_factor"), ("cf4", "c2f6")):
        given = set(pair) & set(names)
        if len(given) == 1:
            errors.append(
                InputError(
                    expected=f"given: {pair[0]} and {pair[1]} go together",
                    key_path=((set(pair) - given).pop(),),
                )
            )
    if errors:
        raise InputErrors(errors)
    return tuple(found)


@dataclasses.dataclass
class ParsedColumns:
    """The cells of a table as arrays, and the rows refused."""

    size: int
    text: dict[str, np.ndarray]
    """Text columns (object arrays of str; '' where empty)."""
    numbers: dict[str, np.ndarray]
    """Quantity columns in canonical units (NaN where empty or refused)."""
    invalid: np.ndarray
    """True for each refused row."""
    errors: list[RowError]


def _as_text(values: Any, size: int, trimmed: bool) -> np.ndarray:
    """Return a column as trimmed text, '' where empty (``trimmed``: it already is)."""
    array = np.asarray(values, dtype=object).reshape(-1)
    if trimmed:
        return array
    out = np.empty(size, dtype=object)
    out[:] = [
        "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()
        for v in array.tolist()
    ]
    return out


def _as_numbers(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return (numbers, refused): NaN for empty cells; refused for text or non-finite ones.

    A typed numeric column (parquet, pandas) marks empty cells with NaN; in a text column
    only an empty cell (or None) is empty, so 'nan' or 'inf' typed in a cell is refused.
    """
    array = np.asarray(values)
    if array.dtype.kind in "fiu":
        numbers = array.astype(float)
        return numbers, np.isinf(numbers)
    cells = np.asarray(array, dtype=object).reshape(-1)
    missing = np.fromiter(
        (v is None or (isinstance(v, float) and v != v) for v in cells.tolist()),
        dtype=bool,
        count=cells.size,
    )
    text = np.char.strip(np.where(missing, "", cells).astype(str))
    empty = missing | (text == "")
    try:
        numbers = np.where(empty, "nan", text).astype(float)
    except ValueError:
        numbers = np.full(text.shape, np.nan)
        for index in np.flatnonzero(~empty).tolist():
            try:
                numbers[index] = float(text[index])
            except ValueError:
                numbers[index] = np.inf  # not a number: refused below
    refused = ~empty & ~np.isfinite(numbers)
    numbers[empty] = np.nan
    return numbers, refused


def _record(
    errors: list[RowError], rows: np.ndarray, mask: np.ndarray, header: str, values: Any, why: str
) -> None:
    for index in np.flatnonzero(mask):
        errors.append(RowError(int(rows[index]), header, str(values[index]), why))


def parse_cells(
    columns: Sequence[HeaderColumn],
    cells: Mapping[str, Any],
    rows: np.ndarray,
    *,
    trimmed: bool = False,
) -> ParsedColumns:
    """Check every cell of a chunk of rows, column by column.

    Parameters
    ----------
    columns : sequence of HeaderColumn
        The table's columns (from :func:`header_columns`).
    cells : mapping of str to array-like
        The cells of each column, by header, one element per row.
    rows : numpy.ndarray
        The row number of each element, for the errors.
    trimmed : bool, default False
        Whether text cells are already str without surrounding blanks (as
        :func:`aluco2._batch._tables.read_table` gives them).

    Returns
    -------
    ParsedColumns
        Values and the rows refused, each refused cell with its reason.
    """
    size = len(rows)
    errors: list[RowError] = []
    invalid = np.zeros(size, dtype=bool)
    text: dict[str, np.ndarray] = {}
    numbers: dict[str, np.ndarray] = {}
    for column in columns:
        spec, values = column.column, cells[column.header]
        if spec.unit is None:
            text[spec.name] = _as_text(values, size, trimmed)
            empty = text[spec.name] == ""
            if spec.required:
                _record(errors, rows, empty, column.header, text[spec.name], "must be given")
                invalid |= empty
            if spec.check is not None:
                reasons = spec.check(text[spec.name])
                for index in np.flatnonzero((reasons != "") & ~empty):
                    why = f"must be {reasons[index]}"
                    errors.append(
                        RowError(int(rows[index]), column.header, text[spec.name][index], why)
                    )
                    invalid[index] = True
            continue
        magnitude, refused = _as_numbers(values)
        shown = np.asarray(values, dtype=object)
        message = "must be a number (the unit is in the header)"
        _record(errors, rows, refused, column.header, shown, message)
        value = magnitude * column.scale
        low, high, exclusive = spec.bounds()
        out = (value <= low) if exclusive else (value < low)
        if high is not None:
            out |= value > high
        out &= ~refused & np.isfinite(value)
        unit = spec.unit if spec.unit != "currency/t" else f"{column.currency}/t"
        bounds = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
        if exclusive:
            bounds = f"more than {low:g}"
        _record(errors, rows, out, column.header, shown, f"must be {bounds} {unit}")
        invalid |= refused | out
        numbers[spec.name] = np.where(refused | out, np.nan, value)
    return ParsedColumns(size, text, numbers, invalid, errors)
