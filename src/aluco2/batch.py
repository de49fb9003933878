"""Batch evaluation of supplier offers, for procurement tools (public).

::

    import aluco2.batch

    result = aluco2.batch.evaluate("offers.csv", carbon_price=80, currency="EUR")
    result.columns["intensity"]        # one t CO2e/t per offer, NaN where refused
    result.errors                      # every refused cell: row, column, value, reason
    result.to_dict()                   # = aluco2 batch offers.csv -o result.json

The columns of an offers table are listed in docs/batch.md and in :data:`COLUMNS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aluco2._api import load_factors
from aluco2._batch import COLUMNS, RANK_BY, BatchResult, RowError
from aluco2._batch import evaluate as _evaluate
from aluco2._batch._columns import Column
from aluco2._factors import FactorSet

__all__ = ["COLUMNS", "RANK_BY", "BatchResult", "Column", "RowError", "evaluate"]


def evaluate(
    table: Any,
    factors: FactorSet | None = None,
    *,
    carbon_price: float | None = None,
    currency: str | None = None,
    rank_by: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    labels: Sequence[str] = (),
    units: Mapping[str, str] | None = None,
) -> BatchResult:
    """Evaluate every offer of a table: footprint by scope, CBAM default, adjusted price.

    Parameters
    ----------
    table : str, os.PathLike, mapping of columns or pandas.DataFrame
        A CSV or parquet file, or its columns by header (e.g. ``"electricity [MWh/t]"``).
    factors : FactorSet, optional
        Factors to use; the shipped set by default.
    carbon_price : float, optional
        Price per t CO2e, in ``currency``, for the carbon-adjusted price.
    currency : str, optional
        Currency of ``carbon_price``; the price column's (e.g. 'EUR').
    rank_by : {'co2', 'price', 'carbon-adjusted-price'}, optional
        Order the offers, lowest first; invalid offers last.
    progress : callable, optional
        Called as ``progress(done, total)`` as rows are evaluated.
    labels : sequence of str, optional
        Label ids to judge every offer against (``aluco2 labels`` lists them): a
        ``label_<id>`` column (pass, fail, n/a) and its margin.
    units : mapping of str to str, optional
        The unit of each quantity column whose header carries none (a units sidecar).

    Returns
    -------
    BatchResult
        One result per offer (refused offers with status 'invalid' and their reason)
        and every refused cell; ``to_dict()`` is the document of ``aluco2 batch -o X.json``.

    Raises
    ------
    InputErrors
        If the table cannot be read or its header is not an offers header, or an option
        does not fit it. A bad cell never raises: its row is refused and listed.
    """
    return _evaluate(
        table,
        load_factors() if factors is None else factors,
        carbon_price=carbon_price,
        currency=currency,
        rank_by=rank_by,
        progress=progress,
        labels=labels,
        units=units,
    )
