"""Deterministic JSON text: the one serialisation of every document aluco2 writes."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["to_json"]


def to_json(data: Any) -> str:
    """Serialise ``data`` as indented JSON with sorted keys and a final newline.

    Parameters
    ----------
    data : object
        JSON-serialisable data (no NaN or infinity).

    Returns
    -------
    str
        The same text for the same data.
    """
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
