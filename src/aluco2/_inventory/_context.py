"""The state of one inventory build: plant values, factor look-ups, and the record of choices.

Plant values are read by key path (``"primary.electrolysis.electricity"``), from the
variations when one is given and from the plant file otherwise. Factor values are read by
id, from the factor samples when one is given and from the factor set otherwise. Every
problem is recorded with its key path, file and line, and all are raised together.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pint
import pydantic

from aluco2._errors import FactorNotFoundError, InputError, parse_key_path
from aluco2._factors import FactorRecord, FactorSet
from aluco2._inventory._model import DefaultUse, Omission
from aluco2._units import Q_, as_unit, parse_quantity

if TYPE_CHECKING:
    from aluco2._plant import Plant, PlantModel
    from aluco2._units import Quantity

__all__ = ["Context", "lookup"]


def lookup(model: Any, path: str) -> Any:
    """Return the value at ``path`` in a plant model, or None where any part is missing.

    Parameters
    ----------
    model : object
        A pydantic model (or mapping) to walk.
    path : str
        Key path.

    Returns
    -------
    object
        The value, or None.
    """
    node = model
    for part in parse_key_path(path):
        if node is None:
            return None
        if isinstance(part, int):
            node = node[part] if part < len(node) else None
        elif isinstance(node, Mapping):
            node = node.get(part)
        else:
            node = getattr(node, part, None)
    return node


def _value_paths(node: Any, prefix: str = "") -> Iterator[str]:
    """Yield the key path of every text value present in a plant model."""
    if isinstance(node, str):
        yield prefix
        return
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _value_paths(item, f"{prefix}[{index}]")
    elif isinstance(node, Mapping):
        for key, item in node.items():
            yield from _value_paths(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(node, pydantic.BaseModel):
        for name in type(node).model_fields:
            yield from _value_paths(getattr(node, name), f"{prefix}.{name}" if prefix else name)


class Context:
    """State of one inventory build: plant, factors, variants, and the record of choices."""

    def __init__(
        self,
        plant: Plant,
        factors: FactorSet,
        variations: Mapping[str, Quantity],
        factor_samples: Mapping[str, np.ndarray],
    ) -> None:
        self.plant = plant
        self.model: PlantModel = plant.model
        self.factors = factors
        self.defaults: list[DefaultUse] = []
        self.omitted: list[Omission] = []
        self.methods: list[str] = []
        self.warnings: list[str] = []
        self.errors: list[InputError] = []
        self.refused: dict[int, str] = {}
        """Variants refused one by one (index -> reason); the others are computed."""
        self.size = self._common_size(variations, factor_samples)
        self.variations = self._checked_variations(variations)
        self.samples = self._checked_samples(factor_samples)

    # -- checks of the inputs of a batch -----------------------------------------------------

    def _common_size(self, variations: Mapping[str, Any], samples: Mapping[str, Any]) -> int:
        sizes = set()
        for name, value in [*variations.items(), *samples.items()]:
            magnitude = getattr(value, "magnitude", value)
            if np.ndim(magnitude) > 1:
                self._batch_error(name, "a scalar or a 1-D array", f"shape {np.shape(magnitude)}")
            elif np.ndim(magnitude) == 1:
                if np.size(magnitude) == 0:
                    self._batch_error(name, "an array of at least one value", "an empty array")
                    continue
                sizes.add(np.size(magnitude))
        if len(sizes) > 1:
            self._batch_error("variations", "arrays of one length", f"lengths {sorted(sizes)}")
        return sizes.pop() if len(sizes) == 1 else 1

    def _batch_error(self, name: str, expected: str, value: Any, hint: str | None = None) -> None:
        self.errors.append(InputError(expected=expected, value=value, key_path=(name,), hint=hint))

    def _checked_variations(self, variations: Mapping[str, Any]) -> dict[str, Quantity]:
        """Check each variation against its field: present, right unit, in range."""
        from aluco2._plant import quantity_spec

        present = sorted(_value_paths(self.model))
        checked: dict[str, Quantity] = {}
        for path, value in variations.items():
            spec = quantity_spec(path)
            if spec is None or lookup(self.model, path) is None:
                close = difflib.get_close_matches(path, present, n=1)
                self._batch_error(
                    "variations",
                    "the key path of a quantity given in the plant file",
                    path,
                    hint=(f"Did you mean {close[0]!r}? " if close else "")
                    + "Give the value in the plant file to make it variable.",
                )
                continue
            if not isinstance(value, pint.Quantity):
                self._batch_error(path, "a pint Quantity, e.g. Q_(array, 'MWh/t')", repr(value))
                continue
            if np.ndim(value.magnitude) > 1 or np.size(value.magnitude) == 0:
                continue  # reported by _common_size
            unit = next((u for u in spec.units if value.check(Q_(1, u).dimensionality)), None)
            if unit is None:
                wanted = " or ".join(repr(u) for u in spec.units)
                self._batch_error(path, f"convertible to {wanted}", f"{value.units:~}")
                continue
            magnitude = self.array(value.m_as(as_unit(unit)))
            low, high = spec.bounds(unit)
            bad = ~np.isfinite(magnitude) | (magnitude < low)
            if spec.exclusive_minimum:
                bad |= magnitude == low
            if high is not None:
                bad |= magnitude > high
            if np.any(bad):
                bounds = (
                    f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
                )
                if not self.refuse_variants(bad, path, f"{bounds} {unit}", magnitude, unit):
                    continue
                magnitude = np.where(bad, magnitude[~bad][0], magnitude)  # computed, then NaN
            checked[path] = Q_(magnitude, unit)
        return checked

    def _checked_samples(self, samples: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Check factor samples: known ids; values are in each record's canonical unit."""
        checked = {}
        for factor_id, value in samples.items():
            if factor_id not in self.factors:
                close = difflib.get_close_matches(factor_id, list(self.factors.records), n=1)
                self._batch_error(
                    "factor_samples",
                    "a factor id of the factor set",
                    factor_id,
                    hint=f"Did you mean {close[0]!r}?" if close else None,
                )
                continue
            record = self.factors.get(factor_id)
            try:
                values = self.array(np.asarray(value, dtype=float))
            except (TypeError, ValueError):
                self._batch_error(factor_id, f"numbers in {record.unit!r}", repr(value)[:80])
                continue
            bad = ~np.isfinite(values) | (values < 0)
            if np.any(bad):
                self._batch_error(
                    factor_id,
                    f"finite values of 0 or more in {record.unit!r}",
                    float(values[bad][0]),
                )
                continue
            checked[factor_id] = values
        return checked

    # -- results and problems ------------------------------------------------------------

    def refuse_variants(
        self, bad: np.ndarray, key: str, expected: str, values: np.ndarray, unit: str = ""
    ) -> bool:
        """Refuse the variants where ``bad`` holds, if some are good; else record an error.

        Parameters
        ----------
        bad : numpy.ndarray
            Boolean, one element per variant (or one for all).
        key : str
            Key path of the value, for the reasons.
        expected : str
            What the value must be.
        values : numpy.ndarray
            The values, for the reasons.
        unit : str, optional
            Their unit.

        Returns
        -------
        bool
            True when the good variants go on (the bad ones are refused one by one), False
            when every variant is bad and the error is recorded for all.
        """
        bad = np.broadcast_to(bad, (self.size,))
        shown = np.broadcast_to(values, (self.size,))
        if self.size > 1 and not np.all(bad):
            for index in np.flatnonzero(bad).tolist():
                value = f"{float(shown[index]):g}{' ' + unit if unit else ''}"
                self.refused.setdefault(index, f"{key}: must be {expected}; got {value} instead.")
            return True
        self.fail(key, expected, f"{float(shown[np.flatnonzero(bad)[0]]):g} {unit}".strip())
        return False

    def array(self, value: Any) -> np.ndarray:
        """Return ``value`` as a float array that broadcasts to the variant length.

        One value stays one element (shape ``(1,)``), so a constant costs nothing however
        many variants there are; values of every variant have shape ``(n,)``.
        """
        array = np.asarray(value, dtype=float).reshape(-1)
        if array.size == 1 or array.size == self.size:
            return array
        return np.broadcast_to(array, (self.size,))

    def fail(self, key: str, expected: str, value: Any = None, hint: str | None = None) -> None:
        """Record a problem with the plant value at ``key``, with file and line."""
        path = parse_key_path(key)
        error = InputError(expected=expected, key_path=path, hint=hint)
        if value is not None:
            error = dataclasses.replace(error, value=value)
        error = error.located(file=self.plant.path, line=self.plant.line_of(path))
        if all(str(error) != str(e) for e in self.errors):  # one input, several stages
            self.errors.append(error)

    def run(self, key: str, compute: Callable[[], Quantity], unit: str) -> np.ndarray:
        """Run an equation of :mod:`aluco2._methods`; place its errors at ``key``.

        Parameters
        ----------
        key : str
            Plant key path the inputs come from, for error messages.
        compute : callable
            The equation with its arguments bound, returning a quantity.
        unit : str
            Unit to return the result in.

        Returns
        -------
        numpy.ndarray
            The result, or NaN when the equation refused its inputs (the error is recorded).
        """
        try:
            return self.array(compute().m_as(as_unit(unit)))
        except InputError as exc:
            path = parse_key_path(key)
            self.errors.append(
                dataclasses.replace(
                    exc, file=self.plant.path, key_path=path, line=self.plant.line_of(path)
                )
            )
            return self.array(np.nan)

    def use_default(self, key: str, record: FactorRecord, note: str = "") -> None:
        """Record that ``record`` stood in for the plant value at ``key``."""
        self.defaults.append(DefaultUse(key=key, factor=record.id, value=record.value + note))

    # -- values ----------------------------------------------------------------------------

    def has(self, key: str) -> bool:
        """Whether the plant file (or a variation) gives a value at ``key``."""
        return key in self.variations or lookup(self.model, key) is not None

    def plant_value(self, key: str, unit: str) -> np.ndarray | None:
        """Return the plant value at ``key`` in ``unit`` (a variation if any), else None."""
        if key in self.variations:
            return self.array(self.variations[key].m_as(as_unit(unit)))
        text = lookup(self.model, key)
        if text is None:
            return None
        return self.array(parse_quantity(text).m_as(as_unit(unit)))

    def required(self, key: str, unit: str) -> np.ndarray:
        """Return a plant value the schema requires (NaN and an error if it is absent)."""
        value = self.plant_value(key, unit)
        if value is None:
            self.fail(key, "given")
            return self.array(np.nan)
        return value

    def record_value(self, record: FactorRecord, unit: str) -> np.ndarray:
        """Return a record's value in ``unit``, or its samples when some were given."""
        if record.id in self.samples:
            return self.array(Q_(self.samples[record.id], record.unit).m_as(as_unit(unit)))
        return self.array(self.factors.magnitude(record.id, unit))

    def factor_value(self, factor_id: str, unit: str, key: str | None = None) -> np.ndarray:
        """Return a factor in ``unit``; record a problem at ``key`` if it is missing."""
        try:
            record = self.factors.get(factor_id)
        except FactorNotFoundError as exc:
            hint = (
                f"Did you mean {', '.join(repr(s) for s in exc.suggestions)}? "
                if exc.suggestions
                else ""
            ) + "Add it in a site factor file (--factors) or give the value in the plant file."
            self.fail(
                key or "factors",
                f"a value the factor set has ({factor_id!r} is missing)",
                hint=hint,
            )
            return self.array(np.nan)
        return self.record_value(record, unit)

    def plant_or_default(self, key: str, unit: str, default: str | None) -> np.ndarray:
        """Return the plant value at ``key``, or the factor ``default`` (recorded as used)."""
        given = self.plant_value(key, unit)
        if given is not None:
            return given
        if default is None:
            self.fail(key, "given: the factor set has no default for it")
            return self.array(np.nan)
        if default not in self.factors:
            return self.factor_value(default, unit, key)
        record = self.factors.get(default)
        self.use_default(key, record)
        return self.record_value(record, unit)

    def closest(self, pattern: str, key: str, what: str) -> FactorRecord | None:
        """Pick among records ``<pattern>.<year>`` the year closest to the plant year."""
        candidates = self.factors.select(pattern + ".*")
        if not candidates:
            self.fail(key, f"a {what} in the factor set (none matches {pattern}.<year>)")
            return None
        return min(candidates, key=lambda r: (abs(r.year - self.model.year), r.year))
