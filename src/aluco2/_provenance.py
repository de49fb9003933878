"""Content hashes and canonical JSON, the basis of reproducible provenance."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

__all__ = ["canonical_json", "sha256_hex"]


def canonical_json(data: Any) -> str:
    """Serialise ``data`` to JSON with sorted keys and no insignificant whitespace.

    Parameters
    ----------
    data : object
        JSON-serialisable data.

    Returns
    -------
    str
        The same text for the same data on every machine and run.

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [1.5, "x"]})
    '{"a":[1.5,"x"],"b":1}'
    """
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso_date
    )


def _iso_date(value: Any) -> str:
    """Write dates (YAML timestamps) as ISO 8601 text; refuse anything else."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def sha256_hex(text: str | bytes) -> str:
    """Return the SHA-256 hex digest of ``text`` (UTF-8 when str).

    Parameters
    ----------
    text : str or bytes
        The content.

    Returns
    -------
    str
        64 hexadecimal characters.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()
