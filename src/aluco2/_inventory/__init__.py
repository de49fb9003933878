"""Plant + factor set -> inventory: activities per tonne of product, for each route.

An :class:`Activity` is an amount per tonne of the route's product (electricity,
fuel energy, alumina, a gas emitted by a process ...) together with the factors
that turn it into masses of greenhouse gases (``t gas`` per unit of activity)
and where each factor came from. The footprint multiplies and adds them up.

Every amount is a NumPy array of the same length ``n``: one element per plant
variant. :func:`build_inventory` evaluates ``n`` variants of a plant in one
vectorised pass; a variant overrides numeric plant values by key path, e.g.
``{"primary.electrolysis.electricity": Q_(np.linspace(13, 16, 1000), "MWh/t")}``.
The equations themselves are the functions of :mod:`aluco2._methods`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from aluco2._errors import InputErrors
from aluco2._inventory._context import Context
from aluco2._inventory._model import (
    Activity,
    DefaultUse,
    FactorUse,
    Inventory,
    Omission,
    RouteInventory,
)
from aluco2._inventory._primary import primary_route
from aluco2._inventory._recycled import recycled_route

if TYPE_CHECKING:
    from aluco2._factors import FactorSet
    from aluco2._plant import Plant
    from aluco2._units import Quantity

__all__ = [
    "Activity",
    "DefaultUse",
    "FactorUse",
    "Inventory",
    "Omission",
    "RouteInventory",
    "build_inventory",
]


BOUNDARY_NOTES = (
    "boundary: cradle-to-gate; transport, capital goods and the upstream of fuels are outside",
    "electricity: grid factors are life-cycle (Ember), so scope 2 rows include the grid's "
    "upstream emissions (GHG Protocol scope 3 category 3)",
    "market-based scope 2: the remainder beyond contracts at the grid average (no residual mix "
    "is shipped)",
    "CO2e factors (grid, purchased materials, alloying) are used as published; the GWP set "
    "applies to the CO2, CH4, N2O, CF4 and C2F6 rows",
)
"""Conventions every result states in its ``methods``."""


def build_inventory(
    plant: Plant,
    factors: FactorSet,
    variations: Mapping[str, Quantity] | None = None,
    factor_samples: Mapping[str, np.ndarray] | None = None,
) -> Inventory:
    """Build the inventory of every route of ``plant`` for one or many variants.

    Parameters
    ----------
    plant : Plant
        The validated plant.
    factors : FactorSet
        The factors to draw defaults and emission factors from.
    variations : mapping of str to pint.Quantity, optional
        Plant values to replace, by key path (``"primary.electrolysis.electricity"``,
        ``"electricity.contracts[0].share"``), each a scalar or a 1-D array. The key must
        hold a quantity in the plant file; each value is checked like the plant file's.
    factor_samples : mapping of str to numpy.ndarray, optional
        Values replacing factor records, by id, in each record's canonical unit
        (``FactorRecord.unit``), e.g. Monte Carlo samples.

    Returns
    -------
    Inventory
        Activities per t of product of each route; arrays have the common length ``n``
        of the variations and samples (1 without them).

    Raises
    ------
    InputErrors
        If a value breaks chemistry or mass balance, a factor is missing, or a variation
        or sample does not fit; every problem is reported, each with its key path.
    """
    ctx = Context(plant, factors, variations or {}, factor_samples or {})
    routes: dict[str, RouteInventory] = {}
    model = plant.model
    if not ctx.errors:
        if model.primary is not None:
            routes["primary"] = primary_route(ctx, model.primary)
        if model.recycled is not None:
            routes["recycled"] = recycled_route(ctx, model.recycled, routes.get("primary"))
    shares = tuple(_route_shares(ctx, index) for index in range(len(model.products)))
    if "gwp" not in model.model_fields_set:
        ctx.defaults.append(DefaultUse("gwp", "aluco2 default GWP set", model.gwp))
    if ctx.errors:
        raise InputErrors(ctx.errors)
    return Inventory(
        plant=plant,
        size=ctx.size,
        routes=routes,
        defaults_used=tuple(_unique(ctx.defaults)),
        omitted=tuple(_unique(ctx.omitted)),
        methods=tuple(_unique([*ctx.methods, *BOUNDARY_NOTES])),
        warnings=tuple(_unique(ctx.warnings)),
        product_shares=shares,
        refused=dict(sorted(ctx.refused.items())),
    )


def _route_shares(ctx: Context, index: int) -> dict[str, np.ndarray]:
    product = ctx.model.products[index]
    shares = {}
    for route in product.routes:
        value = ctx.required(f"products[{index}].routes.{route}", "")
        shares[str(route)] = value
    total = sum(shares.values(), ctx.array(0.0))
    off = np.abs(total - 1) > 1e-6
    if np.any(off):
        ctx.refuse_variants(
            off, f"products[{index}].routes", "route shares adding up to 100 %", 100 * total, "%"
        )
    return shares


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))
