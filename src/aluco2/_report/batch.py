"""Batch results as CSV (with units in the header), parquet, and the errors file."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from aluco2._errors import InputError
from aluco2._report._text import csv_text

if TYPE_CHECKING:
    from aluco2._batch import BatchResult

__all__ = ["batch_csv", "batch_errors_csv", "batch_parquet", "batch_summary"]

WRITE_ROWS = 100_000
"""Rows formatted at a time."""


def _header(name: str, unit: str) -> str:
    return f"{name} [{unit}]" if unit else name


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell_text(values: np.ndarray) -> list[str]:
    """Format a column: shortest exact floats ('2' for 2.0), '' for NaN, text quoted."""
    if values.dtype.kind == "f":
        text = values.astype(str).astype(object)
        whole = np.isfinite(values) & (values == np.round(values)) & (np.abs(values) < 1e16)
        text[whole] = values[whole].astype(np.int64).astype(str)
        text[np.isnan(values)] = ""
        return list(text.tolist())
    if values.dtype.kind in "iu":
        return list(values.astype(str).tolist())
    return [_quoted("" if v is None else str(v)) for v in values.tolist()]


def _lines(result: BatchResult) -> Iterator[str]:
    names = list(result.units)
    yield ",".join(_quoted(_header(n, result.units[n])) for n in names) + "\n"
    for start in range(0, result.rows, WRITE_ROWS):
        columns = [_cell_text(result.columns[n][start : start + WRITE_ROWS]) for n in names]
        yield "".join(",".join(cells) + "\n" for cells in zip(*columns, strict=True))


def _arrow_table(result: BatchResult, *, units_in_names: bool) -> Any:
    """Return the result as a pyarrow table; a value that does not apply is null, not NaN."""
    import pyarrow as pa

    arrays = {}
    for name, unit in result.units.items():
        values = result.columns[name]
        title = _header(name, unit) if units_in_names else name
        if values.dtype.kind == "O":
            arrays[title] = pa.array(values, pa.string())
        else:
            arrays[title] = pa.array(values, from_pandas=True)  # NaN -> null
    return pa.table(arrays)


def batch_csv(result: BatchResult) -> bytes:
    """Render the offers as CSV, one row per offer, units in the header.

    The text is the same with or without pyarrow (which writes it about ten times faster):
    headers and text cells in double quotes, numbers in their shortest exact form
    ('2' for 2.0), nothing where a value does not apply.

    Parameters
    ----------
    result : BatchResult
        The evaluated offers.

    Returns
    -------
    bytes
        UTF-8 text; columns of :func:`aluco2._batch.output_columns`, e.g.
        ``"intensity [t CO2e/t]"``.
    """
    try:
        import pyarrow.csv as pa_csv
    except ImportError:
        return "".join(_lines(result)).encode("utf-8")
    buffer = io.BytesIO()
    options = pa_csv.WriteOptions(quoting_style="needed", include_header=True)
    pa_csv.write_csv(_arrow_table(result, units_in_names=True), buffer, write_options=options)
    return buffer.getvalue()


def batch_parquet(result: BatchResult) -> bytes:
    """Render the offers as a parquet file; column units go in the schema's metadata.

    Parameters
    ----------
    result : BatchResult
        The evaluated offers.

    Returns
    -------
    bytes
        The file.

    Raises
    ------
    InputError
        If pyarrow (the 'parquet' extra) is not installed.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            expected="The 'parquet' extra (pyarrow) is needed to write parquet files.",
            key_path=("--output",),
            hint="Install it with: pip install 'aluco2[parquet]'.",
        ) from None
    table = _arrow_table(result, units_in_names=False)
    units = {name.encode(): unit.encode() for name, unit in result.units.items() if unit}
    table = table.replace_schema_metadata(
        {b"aluco2.units": b";".join(k + b"=" + v for k, v in units.items())}
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def batch_errors_csv(result: BatchResult) -> str:
    """Render every refused cell or row: row, column, value, reason.

    Parameters
    ----------
    result : BatchResult
        The evaluated offers.

    Returns
    -------
    str
        CSV text; the header alone when nothing was refused.
    """
    rows: Sequence[tuple[int, str, str, str]] = [
        (e.row, e.column, e.value, e.reason) for e in result.errors
    ]
    return csv_text(("row", "column", "value", "reason"), rows)


def batch_summary(result: BatchResult) -> str:
    """Return one sentence counting the offers evaluated and refused."""
    s = result.summary()
    text = f"{s['offers']:,} offers: {s['evaluated']:,} evaluated, {s['invalid']:,} invalid"
    if s["malformed_rows"]:
        rows = "row" if s["malformed_rows"] == 1 else "rows"
        text += f"; {s['malformed_rows']:,} malformed {rows} left out of the offers"
    return text + f"; {s['errors']:,} errors."
