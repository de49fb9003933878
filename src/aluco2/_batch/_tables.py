"""Offers tables in and out: CSV (always) and parquet (with the 'parquet' extra).

A table is read once into column arrays with the row number of each element (the CSV
line, or the parquet row + 2 so both count like a spreadsheet with its header on row 1).
A CSV row with the wrong number of fields is an error of that row; a file that cannot be
read as a table (not UTF-8, a NUL byte, a field over the size limit) is refused whole,
naming the line.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from aluco2._batch._columns import RowError
from aluco2._errors import InputError
from aluco2._yaml import read_bytes

__all__ = ["MAX_TABLE_BYTES", "RawTable", "parquet_header", "read_table"]

MAX_TABLE_BYTES = 1024**3
"""Largest offers file read, 1 GiB (about ten million offers as CSV)."""
Cells = tuple[tuple[str, ...], dict[str, np.ndarray], np.ndarray, list[RowError]]
"""Headers, cells by header, row numbers and malformed rows of a table as read."""
READ_ROWS = 250_000
"""Rows converted to arrays at a time while reading a CSV file."""


@dataclasses.dataclass
class RawTable:
    """The cells of a table by header, as read."""

    name: str
    sha256: str
    headers: tuple[str, ...]
    cells: dict[str, np.ndarray]
    rows: np.ndarray
    """Row number of each element (CSV line; parquet row + 2)."""
    errors: list[RowError]
    """Rows that could not be split into the header's columns."""
    trimmed: bool = True
    """Whether text cells are str without surrounding blanks (files read here are)."""


def _csv_chunks(
    reader: Any, width: int, errors: list[RowError], name: str
) -> Iterator[tuple[list[list[str]], list[int]]]:
    records: list[list[str]] = []
    lines: list[int] = []
    try:
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # blank line
            if len(record) != width:
                shown = ",".join(record)[:60]
                errors.append(
                    RowError(
                        reader.line_num,
                        "row",
                        shown,
                        f"has {len(record)} fields; the header has {width}",
                    )
                )
                continue
            records.append(record)
            lines.append(reader.line_num)
            if len(records) == READ_ROWS:
                yield records, lines
                records, lines = [], []
    except csv.Error as exc:
        raise InputError(
            expected=f"CSV text ({exc})", file=name, line=reader.line_num + 1
        ) from None
    if records:
        yield records, lines


def _read_csv(
    raw: bytes, name: str
) -> tuple[tuple[str, ...], dict[str, np.ndarray], np.ndarray, list[RowError]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            expected="UTF-8 text", file=name, line=line, hint="Save the table as UTF-8 CSV."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = tuple(h.strip() for h in next(reader))
    except StopIteration:
        raise InputError(expected="a header row naming the columns", file=name) from None
    except csv.Error as exc:
        raise InputError(expected=f"CSV text ({exc})", file=name, line=1) from None
    errors: list[RowError] = []
    columns: list[list[np.ndarray]] = [[] for _ in headers]
    lines: list[np.ndarray] = []
    for records, at in _csv_chunks(reader, len(headers), errors, name):
        for index, values in enumerate(zip(*records, strict=True)):
            columns[index].append(np.array([v.strip() for v in values], dtype=object))
        lines.append(np.array(at, dtype=np.int64))
    cells = {
        h: np.concatenate(parts) if parts else np.empty(0, dtype=object)
        for h, parts in zip(headers, columns, strict=True)
    }
    rows = np.concatenate(lines) if lines else np.empty(0, dtype=np.int64)
    return headers, cells, rows, errors


def _read_parquet(
    raw: bytes, name: str
) -> tuple[tuple[str, ...], dict[str, np.ndarray], np.ndarray, list[RowError]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            expected="The 'parquet' extra (pyarrow) is needed to read parquet files.",
            file=name,
            hint="Install it with: pip install 'aluco2[parquet]'.",
        ) from None
    try:
        table = pq.read_table(io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(expected=f"a readable parquet file ({exc})", file=name) from None
    headers = tuple(table.column_names)
    cells = {h: table.column(h).to_numpy(zero_copy_only=False) for h in headers}
    rows = np.arange(table.num_rows, dtype=np.int64) + 2
    return headers, cells, rows, []


def _arrow_column(column: Any, quantity: bool) -> np.ndarray:
    """Trim a column read as text; a quantity column becomes floats (NaN where empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim_whitespace(column)
    if quantity:
        empty = pc.equal(trimmed, "")
        try:
            numbers = np.asarray(
                pc.cast(pc.if_else(empty, None, trimmed), pa.float64()).to_numpy(
                    zero_copy_only=False
                ),
                dtype=float,
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            numbers = None  # a cell that is not a number: checked cell by cell
        filled = ~np.asarray(empty.to_numpy(zero_copy_only=False), dtype=bool)
        if numbers is not None and np.all(np.isfinite(numbers[filled])):
            return numbers  # NaN only where empty
    return np.asarray(trimmed.to_numpy(zero_copy_only=False), dtype=object)


def _read_csv_arrow(raw: bytes, name: str) -> Cells | None:
    """Read a plain CSV file with pyarrow (fast); None when it needs the careful reader.

    The careful reader is needed without pyarrow, for a file pyarrow refuses (a row with
    the wrong number of fields ...), and when lines and rows do not match one to one
    (blank lines, line breaks inside quoted fields), so row numbers stay file lines.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
    except ImportError:
        return None
    head = raw[: raw.find(b"\n") + 1 or len(raw)]
    try:
        headers = tuple(h.strip() for h in next(csv.reader([head.decode("utf-8-sig")])))
        table = pa_csv.read_csv(
            io.BytesIO(raw),
            read_options=pa_csv.ReadOptions(encoding="utf8"),
            parse_options=pa_csv.ParseOptions(newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(headers, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError, StopIteration, csv.Error):
        return None
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if table.num_rows != lines - 1 or tuple(table.column_names) != headers:
        return None
    cells = {h: _arrow_column(table.column(i), "[" in h) for i, h in enumerate(headers)}
    return headers, cells, np.arange(table.num_rows, dtype=np.int64) + 2, []


def read_table(path: str | Path) -> RawTable:
    """Read an offers table (``.csv`` or ``.parquet``) once.

    Parameters
    ----------
    path : str or pathlib.Path
        The file; '.parquet' or '.pq' is read as parquet, anything else as CSV.

    Returns
    -------
    RawTable
        The cells by header and the row number of each.

    Raises
    ------
    InputError
        If the file is missing, too large, or cannot be read as a table.
    """
    path = Path(path)
    name = str(path)
    raw = read_bytes(path, name, MAX_TABLE_BYTES, InputError)
    parquet = path.suffix.lower() in (".parquet", ".pq")
    nul = raw.find(b"\x00")
    if parquet:
        headers, cells, rows, errors = _read_parquet(raw, name)
    elif nul >= 0:
        raise InputError(
            expected="CSV text without NUL bytes",
            file=name,
            line=raw[:nul].count(b"\n") + 1,
            hint="The file looks binary; save the table as UTF-8 CSV.",
        )
    else:
        headers, cells, rows, errors = _read_csv_arrow(raw, name) or _read_csv(raw, name)
    return RawTable(name, hashlib.sha256(raw).hexdigest(), headers, cells, rows, errors)


def parquet_header(path: str | Path) -> RawTable:
    """Read the header and the content hash of a parquet file or directory, not its rows.

    Parameters
    ----------
    path : str or pathlib.Path
        A parquet file, or a directory of parquet files (the parts of one table).

    Returns
    -------
    RawTable
        Headers and SHA-256 (of the files' bytes, in name order); no cells.

    Raises
    ------
    InputError
        If the path holds no parquet, or pyarrow is missing.
    """
    path = Path(path)
    name = str(path)
    parts = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    if not parts:
        raise InputError(expected="a parquet file or a directory of .parquet files", file=name)
    digest = hashlib.sha256()
    for part in parts:
        digest.update(read_bytes(part, str(part), MAX_TABLE_BYTES, InputError))
    try:
        import pyarrow.parquet as pq

        headers = tuple(pq.read_schema(parts[0]).names)
    except ImportError:
        raise InputError(
            expected="The 'parquet' extra (pyarrow) is needed to read parquet files.",
            file=name,
            hint="Install it with: pip install 'aluco2[parquet]'.",
        ) from None
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(expected=f"a readable parquet file ({exc})", file=name) from None
    headers = tuple(h for h in headers if not h.startswith("__index_level_"))
    return RawTable(name, digest.hexdigest(), headers, {}, np.empty(0, dtype=np.int64), [])
