"""Generate ``docs/factors.md``, the catalogue of shipped factors.

Usage::

    python -m aluco2._build.factor_docs > docs/factors.md

A test regenerates the catalogue and compares it with the committed file, so the
catalogue cannot drift from ``factors/*.yaml``.
"""

from __future__ import annotations

import sys

from aluco2._factors import load_factor_set
from aluco2._report import factors_markdown

__all__ = ["main"]


def main() -> int:
    """Write the catalogue of the shipped factor set to standard output.

    Returns
    -------
    int
        Exit status.
    """
    sys.stdout.write(factors_markdown(load_factor_set()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
