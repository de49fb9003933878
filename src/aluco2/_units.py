"""The one unit registry of aluco2 and the parser for ``"<number> <unit>"`` strings.

The registry is pint's default registry plus ``units.txt``: each greenhouse gas
(CO2, CH4, N2O, CF4, C2F6, SF6) and CO2-equivalent is a dimension of its own,
so ``kg CF4 + kg CO2`` raises until a GWP from a named set converts the CF4.
It is built on first use, so importing aluco2 does not pay for it.

Two parsing rules differ from pint's defaults, both on purpose:

* a space binds tighter than ``/``: ``"t CO2e / t CF4"`` means
  ``(t CO2e) / (t CF4)`` as an engineer reads it (pint alone would read
  ``t * CO2e / t * CF4``);
* units that are easy to get wrong in this field are refused with a fix:
  ``ton`` (pint's US short ton; ``short_ton`` written out is accepted),
  ``long_ton``, ``kt`` (pint's knot) and ``C`` (pint's coulomb, not carbon).
"""

from __future__ import annotations

import dataclasses
import decimal
import fractions
import functools
import math
import re
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from aluco2._errors import UnitError

if TYPE_CHECKING:
    from typing import TypeAlias

    import pint
    from pint.facets.plain import PlainUnit

    Quantity: TypeAlias = pint.Quantity[Any]
    Unit: TypeAlias = PlainUnit

__all__ = [
    "GASES",
    "Q_",
    "as_unit",
    "conversion_factor",
    "dimension_text",
    "parse_decimal",
    "parse_magnitude",
    "parse_quantity",
    "parse_unit",
    "registry",
    "require_dimension",
]

GASES: tuple[str, ...] = ("CO2", "CH4", "N2O", "CF4", "C2F6", "SF6")
"""Greenhouse gases that carry their own dimension in the registry."""

_FORBIDDEN_UNITS: dict[str, str] = {
    "ton": "pint reads 'ton' as the US short ton (907.18 kg); write 't' (tonne), or "
    "'short_ton' if you mean it",
    "tons": "pint reads 'tons' as US short tons (907.18 kg); write 't' (tonne)",
    "long_ton": "pint reads 'long_ton' as the imperial ton (1016.05 kg); write 't' (tonne)",
    "kt": "pint reads 'kt' as the knot; write 'kilotonne' or '1000 t'",
    "C": "pint reads 'C' as the coulomb; write a carbon mass as plain mass, e.g. '0.42 t/t'",
}
"""Unit symbols refused as written (checked on the text, so 'short_ton' stays allowed)."""

_MAX_UNIT_LENGTH = 200
"""Longest unit expression read; longer ones are refused before pint parses them."""
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_REFUSED_TEXT: dict[str, str] = {
    "#": "Comments do not belong inside a quoted value; put them after the closing quote.",
    "%%": "Write one '%'.",
    ",": "Write decimals with a point, e.g. '1.5 t/t'.",
}
_PERCENT_SPELLINGS = re.compile(r"(?:wt|mass|m)[-.\s]?%")
_NUMBER_THEN_UNIT = re.compile(
    r"^\s*(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(?P<unit>.*?)\s*$"
)


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """Return the package's unit registry, building it on first call.

    Returns
    -------
    UnitRegistry
        pint's default registry extended with the definitions in ``units.txt``.
    """
    import pint

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(on_redefinition="raise")
    ureg.load_definitions(str(files("aluco2") / "units.txt"))
    return ureg


def Q_(magnitude: Any, unit: str | Unit) -> Quantity:  # noqa: N802 - pint convention
    """Build a quantity in the package registry.

    Parameters
    ----------
    magnitude : float or array_like
        The number(s).
    unit : str or pint.Unit
        Unit, parsed by :func:`parse_unit` when given as text; ``""`` for a pure number.

    Returns
    -------
    pint.Quantity
        The quantity.

    Examples
    --------
    >>> Q_(13.9, "MWh/t").to("GJ/t")
    <Quantity(50.04, 'gigajoule / metric_ton')>
    """
    if isinstance(unit, str):
        unit = as_unit(unit)
    return registry().Quantity(magnitude, unit)


def _bind_spaces_tighter(text: str) -> str:
    """Wrap each operand of a top-level ``/`` in parentheses."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "/" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    if len(parts) == 1:
        return text
    return "/".join(f"({part.strip()})" for part in parts)


def parse_unit(text: str) -> Unit:
    """Parse a unit expression such as ``"kg CF4/t"`` or ``"(kg CF4/t)/(min/d)"``.

    Parameters
    ----------
    text : str
        The unit expression. ``wt-%``, ``wt%`` and ``mass-%`` are read as ``%``.

    Returns
    -------
    pint.Unit
        The unit.

    Raises
    ------
    UnitError
        If the expression is empty, unknown, carries a number, or uses a unit
        refused in this package (``ton``, ``long_ton``, ``kt``, ``C``).

    Examples
    --------
    >>> str(parse_unit("t CO2e / t CF4").dimensionality)
    '[carbon_dioxide_equivalent] / [tetrafluoromethane]'
    """
    return _parse_unit_text(text)


@functools.lru_cache(maxsize=1024)
def _parse_unit_text(text: str) -> Unit:
    import pint

    cleaned = _PERCENT_SPELLINGS.sub("%", text.strip()).replace("·", " ")
    if not cleaned:
        raise UnitError(expected="a unit", value=text, hint="Write e.g. 't', '%' or 'MWh/t'.")
    if len(cleaned) > _MAX_UNIT_LENGTH:
        raise UnitError(
            expected=f"a unit expression of at most {_MAX_UNIT_LENGTH} characters",
            value=text,
        )
    for bad, hint in _REFUSED_TEXT.items():
        if bad in cleaned:
            raise UnitError(expected="a plain unit expression", value=text, hint=hint)
    for name in _NAME.findall(cleaned):
        if name in _FORBIDDEN_UNITS:
            raise UnitError(expected="an unambiguous unit", value=text, hint=_FORBIDDEN_UNITS[name])
    try:
        unit = registry().Unit(_bind_spaces_tighter(cleaned))
    except pint.UndefinedUnitError as exc:
        raise UnitError(expected="a known unit", value=text, hint=f"{exc}.") from None
    except ZeroDivisionError:
        raise UnitError(
            expected="a unit expression without a division by zero", value=text
        ) from None
    except Exception as exc:  # pint raises many types for malformed text
        # ValueError for "kg / 100 kg", AssertionError for "/0", RecursionError, TokenError ...
        reason = str(exc).rstrip(".")
        hint = f"pint says: {reason}." if reason else "Write e.g. 't', '%' or 'MWh/t'."
        raise UnitError(expected="a unit expression", value=text, hint=hint) from None
    return unit


def as_unit(text: str) -> Unit:
    """Return the unit of an expression in code, ``""`` meaning dimensionless.

    Parameters
    ----------
    text : str
        A unit expression as :func:`parse_unit` reads it, or ``""``.

    Returns
    -------
    pint.Unit
        The unit.
    """
    return parse_unit(text) if text else registry().dimensionless


def parse_quantity(text: str) -> Quantity:
    """Parse ``"<number> <unit>"`` into a quantity.

    The number is read by Python's ``float`` (not by YAML or pint), so
    ``"1e3 kg"`` and ``"1.0e+3 kg"`` mean the same; the unit part follows
    :func:`parse_unit`.

    Parameters
    ----------
    text : str
        A finite number followed by a unit, e.g. ``"13.9 MWh/t"``, ``"2.0 %"``.

    Returns
    -------
    pint.Quantity
        The quantity, magnitude a Python float.

    Raises
    ------
    UnitError
        If ``text`` is not a string, has no number, a non-finite number, or a
        unit that :func:`parse_unit` refuses.

    Examples
    --------
    >>> parse_quantity("0.092 (kg CF4/t)/(min/d)").to("kg CF4/t / (min/d)").magnitude
    0.092
    """
    number, unit_text = _split(text)
    try:
        unit = parse_unit(unit_text)
    except UnitError as exc:
        raise dataclasses.replace(exc, value=text) from None
    return registry().Quantity(float(number), unit)


def _split(text: str) -> tuple[str, str]:
    """Return the number and the unit text of ``"<number> <unit>"``, checked."""
    if not isinstance(text, str):
        raise UnitError(
            expected="a string '<number> <unit>'",
            value=text,
            hint="Quote the value and give its unit, e.g. '13.9 MWh/t'.",
        )
    match = _NUMBER_THEN_UNIT.match(text)
    if match is None:
        raise UnitError(expected="'<number> <unit>'", value=text, hint="E.g. '13.9 MWh/t'.")
    if not math.isfinite(float(match["number"])):
        raise UnitError(expected="a finite number", value=text)
    if not match["unit"]:
        raise UnitError(
            expected="a number with a unit",
            value=text,
            hint="Give the unit, e.g. '%' or 't/t' for a fraction.",
        )
    return match["number"], match["unit"]


def _number_and_factor(text: str, unit: str) -> tuple[str, float]:
    """Return the number of ``text`` as written and the factor from its unit to ``unit``."""
    number, unit_text = _split(text)
    try:
        return number, conversion_factor(unit_text, unit)
    except UnitError as exc:
        raise dataclasses.replace(exc, value=text) from None


@functools.lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Return the factor that converts a magnitude in ``from_unit`` into ``to_unit``.

    Parameters
    ----------
    from_unit, to_unit : str
        Unit texts as :func:`parse_unit` reads them; ``""`` is dimensionless.

    Returns
    -------
    float
        Magnitude in ``to_unit`` of 1 ``from_unit``.

    Raises
    ------
    UnitError
        If a unit is refused or the dimensions differ.

    Examples
    --------
    >>> conversion_factor("kg CO2e/t", "t CO2e/t")
    0.001
    """
    source = as_unit(from_unit)
    target = as_unit(to_unit)
    if source.dimensionality != target.dimensionality:
        raise UnitError(
            expected=f"a quantity convertible to {to_unit!r} ({dimension_text(target)})",
            value=from_unit,
            hint=f"Its dimension is {dimension_text(source)}.",
        )
    return float(registry().Quantity(1.0, source).m_as(target))


def parse_magnitude(text: str, unit: str) -> float:
    """Parse ``"<number> <unit>"`` and return its magnitude in ``unit``.

    The fast path for many values: the unit conversion is computed once per pair of
    unit texts.

    Parameters
    ----------
    text : str
        A finite number followed by a unit.
    unit : str
        The unit of the result.

    Returns
    -------
    float
        The magnitude.

    Raises
    ------
    UnitError
        If the text is not a quantity or has another dimension than ``unit``.

    Examples
    --------
    >>> parse_magnitude("1500 kg", "t")
    1.5
    """
    number, factor = _number_and_factor(text, unit)
    return float(number) * factor


def parse_decimal(text: str, unit: str) -> decimal.Decimal:
    """Parse ``"<number> <unit>"`` into an exact decimal number of ``unit``.

    The number is read by :class:`decimal.Decimal`, so ``"0.1 t"`` stays exactly 0.1;
    pint's conversion factor is turned back into the nearest fraction with a
    denominator up to 10^12, which recovers the exact ratio of the unit definitions
    (1/1000 for kg to t, 1/60 for s to min, 5/18 for GJ to MWh) from its binary float.
    For the CBAM path, where declarations are computed in decimal arithmetic.

    Parameters
    ----------
    text : str
        A finite number followed by a unit, e.g. ``"52000 t"``, ``"98.5 %"``.
    unit : str
        The unit of the result.

    Returns
    -------
    decimal.Decimal
        The value in ``unit``.

    Raises
    ------
    UnitError
        If the text is not a quantity or has another dimension than ``unit``.

    Examples
    --------
    >>> parse_decimal("98.5 %", "")
    Decimal('0.985')
    >>> parse_decimal("1500 kg", "t")
    Decimal('1.5')
    >>> parse_decimal("56.1 kg CO2/GJ", "t CO2/TJ")
    Decimal('56.1')
    >>> parse_decimal("90 s", "min")
    Decimal('1.5')
    """
    number, factor = _number_and_factor(text, unit)
    ratio = fractions.Fraction(factor).limit_denominator(10**12)
    return decimal.Decimal(number) * ratio.numerator / ratio.denominator


def dimension_text(unit: str | Unit) -> str:
    """Describe the dimension of a unit, e.g. ``'[mass] / [length] ** 3'``.

    Parameters
    ----------
    unit : str or pint.Unit
        The unit.

    Returns
    -------
    str
        pint's dimensionality string, or ``'dimensionless'``.
    """
    if isinstance(unit, str):
        unit = parse_unit(unit)
    text = str(unit.dimensionality)
    return text if text else "dimensionless"


def require_dimension(quantity: Quantity, reference_unit: str) -> Quantity:
    """Check that ``quantity`` can be expressed in ``reference_unit``.

    Parameters
    ----------
    quantity : pint.Quantity
        The value to check.
    reference_unit : str
        A unit of the expected dimension.

    Returns
    -------
    pint.Quantity
        ``quantity`` unchanged.

    Raises
    ------
    UnitError
        If the dimensions differ; the message names both.
    """
    reference = parse_unit(reference_unit)
    if quantity.dimensionality != reference.dimensionality:
        raise UnitError(
            expected=f"a quantity convertible to {reference_unit!r} ({dimension_text(reference)})",
            value=f"{quantity.magnitude:g} {quantity.units:~}",
            hint=f"Its dimension is {dimension_text(quantity.units)}.",
        )
    return quantity
