"""Checks of the arguments of library calls: a wrong one raises a typed aluco2 error.

The command line checks its options with click; an embedding application calls the
library directly, so each public function checks its own arguments with these and
names the argument in the error.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from aluco2._errors import InputError

__all__ = ["check_choice", "check_number", "decimal_argument"]


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> None:
    """Refuse ``value`` unless it is one of ``choices``.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value given.
    choices : iterable
        The values allowed.

    Raises
    ------
    InputError
        Naming the argument and the allowed values.
    """
    allowed = tuple(choices)
    if value not in allowed:
        raise InputError(
            expected="one of " + ", ".join(repr(c) for c in allowed), value=value, key_path=(name,)
        )


def _text(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def decimal_argument(name: str, value: Any) -> Decimal:
    """Return ``value`` (a Decimal, int, float or numeric text) as an exact Decimal.

    A float is read through its shortest text (``0.1`` gives ``Decimal('0.1')``), so
    decimal arithmetic sees the number the caller wrote.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value given.

    Returns
    -------
    decimal.Decimal
        The finite number.

    Raises
    ------
    InputError
        If ``value`` is not a finite number.
    """
    expected = "a finite number (a Decimal, int, float or numeric text)"
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float, str)):
        raise InputError(expected=expected, value=value, key_path=(name,))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(expected=expected, value=value, key_path=(name,)) from None
    if not number.is_finite():
        raise InputError(expected=expected, value=value, key_path=(name,))
    return number


def check_number(
    name: str,
    value: Any,
    low: float,
    high: float,
    *,
    integer: bool = False,
    open_low: bool = False,
    open_high: bool = False,
) -> None:
    """Refuse ``value`` unless it is a finite number (an integer if asked) in the range.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        The value given.
    low, high : float
        The range.
    integer : bool, default False
        Whether only whole numbers are allowed.
    open_low, open_high : bool, default False
        Whether the bounds themselves are refused.

    Raises
    ------
    InputError
        Naming the argument, the value and the range.
    """
    kind = "a whole number" if integer else "a number"
    left = "more than" if open_low else "from"
    right = "and less than" if open_high else "to"
    expected = f"{kind} {left} {_text(low)} {right} {_text(high)}"
    numeric = isinstance(value, int) if integer else isinstance(value, (int, float, Decimal))
    if isinstance(value, bool) or not numeric or not _finite(value):
        raise InputError(expected=expected, value=value, key_path=(name,))
    too_low = value <= low if open_low else value < low
    too_high = value >= high if open_high else value > high
    if too_low or too_high:
        raise InputError(expected=expected, value=value, key_path=(name,))
