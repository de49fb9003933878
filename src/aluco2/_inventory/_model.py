"""Data structures of the inventory (no behaviour)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from aluco2._plant import Plant

__all__ = ["Activity", "DefaultUse", "FactorUse", "Inventory", "Omission", "RouteInventory"]


@dataclasses.dataclass(frozen=True, slots=True)
class FactorUse:
    """A factor applied to an activity: mass of one gas per unit of activity."""

    gas: str
    """CO2, CH4, N2O, CF4, C2F6, CO2e (already aggregated) or CO2_biogenic (memo only)."""
    value: np.ndarray
    """t of gas per unit of the activity, one element per variant."""
    reference: str
    """Factor id, ``plant:<key path>`` for a value of the plant file, or the equation
    that computed a directly emitted gas."""


@dataclasses.dataclass(frozen=True, slots=True)
class Activity:
    """An activity per tonne of the route's product and the factors that apply to it."""

    stage: str
    source: str
    scope: int
    label: str
    """What the activity is, e.g. 'electrolysis: grid' or 'anode consumption (Eq. 4.21)'."""
    amount: np.ndarray
    """Amount per t of product, in :attr:`unit`, one element per variant."""
    unit: str
    factors: tuple[FactorUse, ...]
    scope2_basis: str | None = None
    """'location' or 'market' for purchased electricity counted in only one basis."""
    inputs: tuple[str, ...] = ()
    """Factor ids and plant key paths that computed :attr:`amount` (coefficients, NCV ...)."""


@dataclasses.dataclass(frozen=True, slots=True)
class RouteInventory:
    """The activities of one route, per tonne of its product."""

    route: str
    activities: tuple[Activity, ...]
    liquid_metal_t_per_t: np.ndarray | None = None
    """Primary route: liquid aluminium per t of product (1/yield - additions). [t/t]"""


@dataclasses.dataclass(frozen=True, slots=True)
class DefaultUse:
    """A value the plant file left out and the value used instead."""

    key: str
    factor: str
    """Factor id, or a description of the package default."""
    value: str


@dataclasses.dataclass(frozen=True, slots=True)
class Omission:
    """A contribution not estimated, and why."""

    key: str
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class Inventory:
    """All routes of a plant, with the defaults used and the omissions."""

    plant: Plant
    size: int
    """Number of variants evaluated."""
    routes: Mapping[str, RouteInventory]
    defaults_used: tuple[DefaultUse, ...]
    omitted: tuple[Omission, ...]
    methods: tuple[str, ...]
    """Methods, tiers and conventions applied, e.g. 'PFC: slope method (IPCC Eq. 4.26)'."""
    warnings: tuple[str, ...]
    """What a reader must know about the data used, e.g. a grid factor older than the plant."""
    product_shares: tuple[Mapping[str, np.ndarray], ...]
    """For each product of the plant, the share of each route."""
    refused: Mapping[int, str] = dataclasses.field(default_factory=dict)
    """Variants refused one by one (index -> reason): their results are NaN."""
