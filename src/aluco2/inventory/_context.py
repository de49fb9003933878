"""The state of one inventory build: plant values, factor look-ups, and the record of choices."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from aluco2.errors import FactorNotFoundError, InputError
from aluco2.factors import FactorRecord, FactorSet
from aluco2.inventory._model import DefaultUse, Omission
from aluco2.units import Q_, parse_quantity
from aluco2.validation import values_at

if TYPE_CHECKING:
    from aluco2.plant import Plant, PlantModel
    from aluco2.units import Quantity

_KEY_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(path: str) -> tuple[str | int, ...]:
    return tuple(m[1] if m[1] is not None else int(m[2]) for m in _KEY_PATH_PART.finditer(path))


def lookup(model: Any, path: str) -> Any:
    node = model
    for part in split_path(path):
        if node is None:
            return None
        if isinstance(part, int):
            node = node[part]
        elif isinstance(node, Mapping):
            node = node.get(part)
        else:
            node = getattr(node, part, None)
    return node


class Context:
    """State of one inventory build: plant, factors, variants, and the record of choices."""

    def __init__(
        self, plant: Plant, factors: FactorSet, variations: Mapping[str, Quantity]
    ) -> None:
        self.plant = plant
        self.model: PlantModel = plant.model
        self.factors = factors
        self.variations = dict(variations)
        self.size = max((np.size(v.magnitude) for v in self.variations.values()), default=1)
        self.defaults: list[DefaultUse] = []
        self.omitted: list[Omission] = []
        self.methods: list[str] = []
        self.errors: list[InputError] = []
        self._check_variations()

    def _check_variations(self) -> None:
        from aluco2.plant import PlantModel, QuantityString

        for path, value in self.variations.items():
            metadata = [m for _, meta in values_at(PlantModel, split_path(path)) for m in meta]
            if not any(isinstance(m, QuantityString) for m in metadata):
                self.errors.append(
                    InputError(expected="the key path of a quantity in the plant file", value=path)
                )
            elif np.ndim(value.magnitude) > 1 or np.size(value.magnitude) not in (1, self.size):
                self.errors.append(
                    InputError(
                        expected=f"a scalar or a 1-D array of length {self.size}",
                        value=f"shape {np.shape(value.magnitude)}",
                        key_path=("variations", path),
                    )
                )

    def array(self, value: float | np.ndarray) -> np.ndarray:
        """Broadcast a scalar or array to the variant length."""
        return np.broadcast_to(np.asarray(value, dtype=float), (self.size,)).copy()

    def fail(self, key: str, expected: str, value: Any = None, hint: str | None = None) -> None:
        """Record a problem with the plant value at ``key``."""
        error = InputError(expected=expected, key_path=split_path(key), hint=hint)
        if value is not None:
            error = dataclasses.replace(error, value=value)
        self.errors.append(error.located(file=self.plant.path))

    # -- values -------------------------------------------------------------------------

    def given(self, key: str, unit: str) -> np.ndarray | None:
        """Return the plant value at ``key`` in ``unit``, a variation if any, else None."""
        if key in self.variations:
            try:
                return self.array(self.variations[key].m_as(unit))
            except Exception:
                self.fail(key, f"a variation convertible to {unit!r}", str(self.variations[key]))
                return self.array(np.nan)
        text = lookup(self.model, key)
        if text is None:
            return None
        return self.array(parse_quantity(text).m_as(unit))

    def factor(self, factor_id: str, unit: str, key: str | None = None) -> np.ndarray:
        """Return a factor-set value in ``unit``; record a problem if it is missing."""
        try:
            return self.array(self.factors.magnitude(factor_id, unit))
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

    def value(self, key: str, unit: str, default: str | None = None) -> np.ndarray:
        """Return the plant value at ``key``, or the factor ``default`` (recorded as used)."""
        given = self.given(key, unit)
        if given is not None:
            return given
        if default is None:
            self.fail(key, f"given (no shipped default exists for {key})")
            return self.array(np.nan)
        record = self._record(default, key)
        if record is None:
            return self.array(np.nan)
        self.defaults.append(DefaultUse(key=key, factor=record.id, value=record.value))
        return self.array(record.quantity().m_as(unit))

    def _record(self, factor_id: str, key: str) -> FactorRecord | None:
        if factor_id in self.factors:
            return self.factors.get(factor_id)
        self.factor(factor_id, "", key)
        return None

    def closest(self, pattern: str, key: str, what: str) -> FactorRecord | None:
        """Pick among records ``<pattern>.<year>`` the year closest to the plant year."""
        candidates = self.factors.select(pattern + ".*")
        if not candidates:
            self.fail(key, f"a {what} in the factor set (none matches {pattern}.<year>)")
            return None
        return min(candidates, key=lambda r: (abs(r.year - self.model.year), r.year))

    def use_default(self, key: str, record: FactorRecord, note: str = "") -> None:
        """Record that ``record`` stood in for the plant value at ``key``."""
        self.defaults.append(DefaultUse(key=key, factor=record.id, value=record.value + note))


def q(magnitude: np.ndarray, unit: str) -> Quantity:
    return Q_(magnitude, unit)
