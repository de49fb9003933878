"""Domain checks shared by the method functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from aluco2._errors import InputError
from aluco2._units import as_unit

if TYPE_CHECKING:
    from aluco2._units import Quantity


def _first(values: np.ndarray) -> float:
    return float(np.ravel(values)[0])


def require_range(
    name: str,
    quantity: Quantity,
    unit: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
) -> Quantity:
    """Check every element of ``quantity`` lies in ``[low, high]`` when expressed in ``unit``.

    Parameters
    ----------
    name : str
        Glossary name of the quantity, used in the error message.
    quantity : pint.Quantity
        The value(s) to check.
    unit : str
        Unit the bounds are expressed in.
    low, high : float, optional
        Bounds; ``None`` for no bound.
    low_inclusive : bool, default True
        Whether ``low`` itself is allowed.

    Returns
    -------
    pint.Quantity
        ``quantity`` unchanged.

    Raises
    ------
    InputError
        Naming the quantity, the first offending value and the allowed range.
    """
    values = np.asarray(quantity.m_as(as_unit(unit)), dtype=float)
    bad = ~np.isfinite(values)
    if low is not None:
        bad |= values < low if low_inclusive else values <= low
    if high is not None:
        bad |= values > high
    if np.any(bad):
        lower = "" if low is None else f"{'at least' if low_inclusive else 'more than'} {low:g}"
        upper = "" if high is None else f"at most {high:g}"
        bounds = " and ".join(part for part in (lower, upper) if part)
        raise InputError(
            expected=f"{name} {bounds} {unit}".rstrip(),
            value=f"{_first(values[bad]):.6g} {unit}",
        )
    return quantity
