"""Derived factor records: evaluate their formula and check it reproduces their value."""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import pint

from aluco2._errors import InputError, SchemaError
from aluco2._factor_files import PLACEHOLDER
from aluco2._units import Q_, parse_unit
from aluco2._yaml import KeyPath

if TYPE_CHECKING:
    from aluco2._units import Quantity


class DerivedRecord(Protocol):
    """What :func:`check_derivations` reads of a factor record (read-only)."""

    @property
    def id(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def magnitude(self) -> float: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    @property
    def derivation(self) -> str | None: ...
    @property
    def inputs(self) -> tuple[str, ...]: ...

    def quantity(self) -> Quantity:
        """Return the value as a quantity."""


__all__ = ["check_derivations", "evaluate_derivation"]

_UNIT_LITERAL = re.compile(r"\[([^\[\]]+)\]")
_REL_TOL = 1e-3
"""How far a derived record's value may be from its formula (rounding of the written value)."""

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def evaluate_derivation(derivation: str, values: Mapping[str, Quantity]) -> Quantity:
    """Evaluate a record's derivation formula over the quantities of its inputs.

    Parameters
    ----------
    derivation : str
        Arithmetic (``+ - * / **``, parentheses, numbers) over factor ids in
        braces and units in brackets, e.g.
        ``'3 * {physical.molar_mass.C} / (4 * {physical.molar_mass.Al})'`` or
        ``'{a} / {b} * [t CO2/t]'``.
    values : mapping of str to pint.Quantity
        Quantity of every id used.

    Returns
    -------
    pint.Quantity
        The result, with the units the arithmetic gives.

    Raises
    ------
    ValueError
        If the formula uses anything but the operations above.

    Examples
    --------
    >>> evaluate_derivation("2 * {a}", {"a": Q_(1.5, "t")})
    <Quantity(3.0, 'metric_ton')>
    """
    names: dict[str, Any] = {}

    def value_name(match: re.Match[str]) -> str:
        name = f"_v{len(names)}"
        names[name] = values[match[1]]
        return name

    def unit_name(match: re.Match[str]) -> str:
        name = f"_v{len(names)}"
        names[name] = Q_(1, match[1])
        return name

    code = _UNIT_LITERAL.sub(unit_name, PLACEHOLDER.sub(value_name, derivation))
    tree = ast.parse(code, mode="eval")

    def evaluate(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return evaluate(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](evaluate(node.left), evaluate(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -evaluate(node.operand)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        raise ValueError(f"unsupported element in derivation: {ast.dump(node)}")

    return evaluate(tree)  # type: ignore[no-any-return]


def check_derivations(
    records: Mapping[str, DerivedRecord], indices: Mapping[str, int]
) -> Iterator[InputError]:
    for record in records.values():
        if record.derivation is None:
            continue
        path: KeyPath = ("factors", indices[record.id], "derivation")
        missing = [key for key in record.inputs if key not in records]
        if missing:
            yield SchemaError(
                expected=f"inputs that exist in the factor set; missing {', '.join(missing)}",
                file=record.file,
                line=record.line,
                key_path=path,
            )
            continue
        try:
            derived = evaluate_derivation(
                record.derivation, {key: records[key].quantity() for key in record.inputs}
            )
            derived_magnitude = float(derived.m_as(parse_unit(record.unit)))
        except (ValueError, TypeError, KeyError, ZeroDivisionError, pint.PintError) as exc:
            yield SchemaError(
                expected=f"a formula giving {record.unit!r} ({exc})",
                value=record.derivation,
                file=record.file,
                line=record.line,
                key_path=path,
            )
            continue
        if not math.isclose(derived_magnitude, record.magnitude, rel_tol=_REL_TOL):
            yield SchemaError(
                expected=f"the value its derivation gives, {derived_magnitude:.6g} {record.unit}",
                value=record.value,
                file=record.file,
                line=record.line,
                key_path=path,
            )
