"""Text building blocks: deterministic JSON, CSV and plain tables."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["csv_text", "text_table"]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Return CSV text: a header row, then ``rows``, lines ending in a bare newline.

    Parameters
    ----------
    header : sequence of str
        Column names.
    rows : iterable of sequences
        The rows.

    Returns
    -------
    str
        The CSV text.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def text_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Lay out rows as a left-aligned plain-text table.

    Parameters
    ----------
    header : sequence of str
        Column titles.
    rows : iterable of sequence of str
        Cell texts.

    Returns
    -------
    str
        The table, one line per row, with a rule under the header.
    """
    body = [list(map(str, row)) for row in rows]
    widths = [len(title) for title in header]
    for row in body:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(t.ljust(w) for t, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body
    ]
    return "\n".join(lines) + "\n"
