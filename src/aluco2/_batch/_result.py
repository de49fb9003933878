"""The result of a batch: one value per offer and column, every refused cell, provenance."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from aluco2 import __version__
from aluco2._batch._columns import RowError
from aluco2._json import to_json

__all__ = ["BatchResult"]


@dataclasses.dataclass(frozen=True)
class BatchResult:
    """The offers evaluated: a result column per output, every refused cell, provenance."""

    columns: dict[str, np.ndarray]
    """Result columns of :func:`output_columns`, one element per offer, in table order
    (or in rank order when ranked)."""
    units: dict[str, str]
    errors: tuple[RowError, ...]
    defaults_used: tuple[tuple[str, str, str], ...]
    """(plant key path, factor id, value) of the defaults the offers' plants took."""
    source: tuple[str, str] | None
    """(path, SHA-256) of the offers file, if read from one."""
    factor_set_hash: str
    carbon_price: float | None
    rank_by: str | None

    @property
    def rows(self) -> int:
        """Offers in the table (rows with the header's number of fields)."""
        return len(self.columns["row"])

    @property
    def evaluated(self) -> int:
        """Offers evaluated."""
        return int(np.count_nonzero(self.columns["status"] == "ok"))

    @property
    def malformed(self) -> int:
        """CSV rows that could not be split into the header's columns (not in ``columns``)."""
        return sum(1 for e in self.errors if e.column == "row" and "fields" in e.reason)

    def summary(self) -> dict[str, int]:
        """Return the counts: offers, evaluated, invalid, malformed rows, refused cells."""
        return {
            "offers": self.rows,
            "evaluated": self.evaluated,
            "invalid": self.rows - self.evaluated,
            "malformed_rows": self.malformed,
            "errors": len(self.errors),
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``aluco2 batch -o RESULT.json``.

        Returns
        -------
        dict
            ``aluco2_version``, ``provenance``, ``summary``, ``units`` of each column,
            ``errors`` (row, column, value, reason) and ``offers``, one object per offer
            (null where a value does not apply); described by
            ``aluco2 schema batch-result``.
        """
        names = list(self.units)
        lists = {n: self.columns[n].tolist() for n in names}
        offers = [
            {
                n: (None if isinstance(v, float) and v != v else v)
                for n, v in zip(names, values, strict=True)
            }
            for values in zip(*(lists[n] for n in names), strict=True)
        ]
        return {
            "aluco2_version": __version__,
            "provenance": {
                "factor_set_hash": self.factor_set_hash,
                "inputs": []
                if self.source is None
                else [{"path": self.source[0], "sha256": self.source[1]}],
                "carbon_price": self.carbon_price,
                "rank_by": self.rank_by,
                "defaults_used": [
                    {"key": key, "factor": factor, "value": value}
                    for key, factor, value in self.defaults_used
                ],
            },
            "summary": self.summary(),
            "units": self.units,
            "errors": [dataclasses.asdict(e) for e in self.errors],
            "offers": offers,
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict())
