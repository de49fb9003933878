"""Plant + factor set -> inventory: activities per tonne of product, for each route.

An :class:`Activity` is an amount per tonne of the route's product (electricity,
fuel energy, alumina, a gas emitted by a process ...) together with the factors
that turn it into masses of greenhouse gases (``t gas`` per unit of activity)
and where each factor came from. The footprint multiplies and adds them up.

Every amount is a NumPy array of the same length ``n``: one element per plant
variant. :func:`build_inventory` evaluates ``n`` variants of a plant in one
vectorised pass; a variant overrides numeric plant values by key path, e.g.
``{"primary.electrolysis.electricity": Q_(np.linspace(13, 16, 1000), "MWh/t")}``.
The equations themselves are the functions of :mod:`aluco2.methods`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from aluco2.errors import InputErrors
from aluco2.inventory._context import Context
from aluco2.inventory._model import (
    Activity,
    DefaultUse,
    FactorUse,
    Inventory,
    Omission,
    RouteInventory,
)
from aluco2.inventory._primary import primary_route
from aluco2.inventory._recycled import recycled_route

if TYPE_CHECKING:
    from aluco2.factors import FactorSet
    from aluco2.plant import Plant
    from aluco2.units import Quantity

__all__ = [
    "Activity",
    "DefaultUse",
    "FactorUse",
    "Inventory",
    "Omission",
    "RouteInventory",
    "build_inventory",
]


def build_inventory(
    plant: Plant, factors: FactorSet, variations: Mapping[str, Quantity] | None = None
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
        ``"electricity.contracts[0].share"``), each a scalar or a 1-D array; all arrays
        must have the same length ``n``, which becomes :attr:`Inventory.size`.

    Returns
    -------
    Inventory
        Activities per t of product of each route.

    Raises
    ------
    InputErrors
        If a value breaks chemistry or mass balance, a factor is missing, or a
        variation does not fit; every problem is reported, each with its key path.
    """
    ctx = Context(plant, factors, variations or {})
    routes: dict[str, RouteInventory] = {}
    if not ctx.errors:
        model = plant.model
        if model.primary is not None:
            routes["primary"] = primary_route(ctx, model.primary)
        if model.recycled is not None:
            routes["recycled"] = recycled_route(ctx, model.recycled, routes.get("primary"))
    shares: tuple[Mapping[str, np.ndarray], ...] = tuple(
        {str(route): ctx.value(f"products[{i}].routes.{route}", "") for route in product.routes}
        for i, product in enumerate(plant.model.products)
    )
    if ctx.errors:
        raise InputErrors(ctx.errors)
    return Inventory(
        plant=plant,
        size=ctx.size,
        routes=routes,
        defaults_used=tuple(_unique(ctx.defaults)),
        omitted=tuple(_unique(ctx.omitted)),
        methods=tuple(_unique(ctx.methods)),
        product_shares=shares,
    )


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))
