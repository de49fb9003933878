"""Scale-out on Dask: the same chunk function over the partitions of a parquet table.

``dask.dataframe.read_parquet`` splits the table (a file's row groups, or the files of a
directory); ``map_partitions`` runs :func:`aluco2._batch.evaluate_chunk` on each with an
explicit ``meta``. A row's number comes from its place in the whole table (the lengths of
the partitions before it), never from the partitioning, so the result and the errors are
those of a single-process run whatever the partitions. Nothing here is random; when draws
come (uncertainty), each row's stream will derive from the seed and this row number.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from aluco2._batch._columns import HeaderColumn, RowError
from aluco2._factors import FactorSet

__all__ = ["DEFAULTS", "ERRORS", "evaluate_partitions"]

ERRORS = "_errors"
"""Column carrying a row's refused cells as JSON, so the errors survive the partitions."""
DEFAULTS = "_defaults"
"""Column carrying, on a partition's first row, the defaults its plants took (JSON)."""


def _partition(
    frame: Any,
    columns: Sequence[HeaderColumn],
    factors: FactorSet,
    options: Any,
    offsets: Sequence[int],
    names: Sequence[str],
    partition_info: dict[str, Any] | None = None,
) -> Any:
    """Evaluate one partition (a pandas DataFrame) and return its result frame."""
    import pandas as pd

    from aluco2._batch import evaluate_chunk

    number = 0 if partition_info is None else partition_info["number"]
    rows = np.arange(len(frame), dtype=np.int64) + offsets[number] + 2
    cells = {h: frame[h].to_numpy() for h in frame.columns}
    chunk = evaluate_chunk(columns, cells, rows, factors, options)
    by_row: dict[int, list[list[Any]]] = {}
    for error in chunk.errors:
        by_row.setdefault(error.row, []).append([error.column, error.value, error.reason])
    out = {name: chunk.columns[name] for name in names}
    out[ERRORS] = np.array(
        [json.dumps(by_row[r]) if r in by_row else "" for r in rows.tolist()], dtype=object
    )
    defaults = np.full(len(frame), "", dtype=object)
    if len(frame):
        defaults[0] = json.dumps(sorted(chunk.defaults_used))
    out[DEFAULTS] = defaults
    return pd.DataFrame(out, index=frame.index)


def _meta(names: Sequence[str], sample: dict[str, np.ndarray]) -> Any:
    import pandas as pd

    meta = {name: pd.Series([], dtype=sample[name].dtype) for name in names}
    meta[ERRORS] = pd.Series([], dtype=object)
    meta[DEFAULTS] = pd.Series([], dtype=object)
    return pd.DataFrame(meta)


def evaluate_partitions(
    path: str,
    columns: Sequence[HeaderColumn],
    factors: FactorSet,
    options: Any,
    names: Sequence[str],
    sample: dict[str, np.ndarray],
) -> tuple[dict[str, np.ndarray], list[RowError], set[tuple[str, str, str]]]:
    """Evaluate a parquet table on the current Dask scheduler.

    Parameters
    ----------
    path : str
        A parquet file or a directory of parquet files.
    columns : sequence of HeaderColumn
        The table's columns.
    factors : FactorSet
        Factors to use (sent to the workers).
    options : Options
        As for :func:`aluco2._batch.evaluate_chunk`.
    names : sequence of str
        The result columns, in order.
    sample : dict of str to numpy.ndarray
        A result of the same columns (e.g. of an empty chunk), for the dtypes of ``meta``.

    Returns
    -------
    tuple
        Result columns in table order, every refused cell, the defaults the plants took.
    """
    import dask.dataframe as dd

    frame = dd.read_parquet(path)
    lengths = frame.map_partitions(len).compute().tolist()
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(int).tolist()
    result = frame.map_partitions(
        _partition,
        columns,
        factors,
        options,
        offsets,
        list(names),
        meta=_meta(names, sample),
    ).compute()
    out = {name: result[name].to_numpy() for name in names}
    errors = [
        RowError(int(row), column, value, reason)
        for row, listed in zip(out["row"].tolist(), result[ERRORS].tolist(), strict=True)
        if listed
        for column, value, reason in json.loads(listed)
    ]
    defaults = {
        (key, factor, value)
        for listed in result[DEFAULTS].tolist()
        if listed
        for key, factor, value in json.loads(listed)
    }
    return out, errors, defaults
