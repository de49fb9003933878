"""Text building blocks: deterministic JSON, plain tables, safe file writing."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from aluco2.errors import InputError

__all__ = ["csv_text", "text_table", "to_json", "write_bytes", "write_text"]


def to_json(data: Any) -> str:
    """Serialise ``data`` as indented JSON with sorted keys and a final newline.

    Parameters
    ----------
    data : object
        JSON-serialisable data.

    Returns
    -------
    str
        The same text for the same data.
    """
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


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


def write_text(text: str, path: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``path`` atomically, refusing to overwrite an input file.

    Parameters
    ----------
    text : str
        The content.
    path : pathlib.Path
        Destination.
    inputs : iterable of pathlib.Path
        Files read to produce ``text``; writing over one of them is an error.

    Raises
    ------
    InputError
        If ``path`` is one of ``inputs`` or its directory does not exist.
    """
    write_bytes(text.encode("utf-8"), path, inputs=inputs)


def write_bytes(data: bytes, path: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename), never over an input.

    Parameters
    ----------
    data : bytes
        The content.
    path : pathlib.Path
        Destination.
    inputs : iterable of pathlib.Path
        Files read to produce ``data``; writing over one of them is an error.

    Raises
    ------
    InputError
        If ``path`` is one of ``inputs`` or its directory does not exist.
    """
    target = path.resolve()
    if any(target == Path(source).resolve() for source in inputs):
        raise InputError(
            expected="an output file that is not one of the input files", value=str(path)
        )
    if not target.parent.is_dir():
        raise InputError(expected="a path in an existing directory", value=str(path))
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
