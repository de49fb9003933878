"""Recycled route: scrap charge, preparation, remelting, dross, dilution, scrap burden.

Per tonne of product: ``metal from scrap = 1 - primary metal - alloying - metal in
materials``; each scrap class contributes the metal ``metal from scrap x its share of the
metal`` (its share of the charge divided by its scrap charge, normalised), and the scrap
charged is that metal times the class's scrap charge. Shipped preparation and melting
energies are per tonne of metal from their class, so they scale with that metal.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from aluco2._inventory._context import Context
from aluco2._inventory._model import Activity, DefaultUse, FactorUse, Omission, RouteInventory
from aluco2._inventory._primary import LIQUID_METAL_STAGES
from aluco2._inventory._supply import alloying, energy_use, materials

if TYPE_CHECKING:
    from aluco2._plant import RecycledRoute

__all__ = ["recycled_route"]

_STAGES = {"preparation": "scrap_preparation", "melting": "remelting"}


@dataclasses.dataclass(frozen=True)
class _ScrapMetal:
    """Metal and scrap of each scrap class per tonne of product."""

    metal_t_per_t: list[np.ndarray]
    scrap_t_per_t: list[np.ndarray]
    consumers: list[str]


def _scrap(ctx: Context, route: RecycledRoute, metal_from_scrap: np.ndarray) -> _ScrapMetal:
    shares, charges, consumers = [], [], []
    for index, scrap in enumerate(route.scrap):
        key = f"recycled.scrap[{index}]"
        share = ctx.required(f"{key}.share", "")
        shares.append(share)
        shipped = f"recycling.{scrap.scrap_class}.scrap_charge"
        charge = ctx.plant_or_default(
            f"{key}.scrap_charge", "t/t", shipped if shipped in ctx.factors else None
        )
        if np.any(charge < 1):
            ctx.fail(
                f"{key}.scrap_charge",
                "at least 1 t of scrap per t of metal",
                f"{float(np.min(charge)):g} t/t",
            )
        charges.append(charge)
        consumers.append(_consumer(ctx, key, scrap.scrap_class, scrap.consumer))
    total_share = sum(shares, ctx.array(0.0))
    off = np.abs(total_share - 1) > 1e-6
    if np.any(off):
        ctx.refuse_variants(
            off, "recycled.scrap", "shares adding up to 100 %", 100 * total_share, "%"
        )
    metal_per_scrap = [s / c for s, c in zip(shares, charges, strict=True)]
    total = sum(metal_per_scrap, ctx.array(0.0))
    metal = [metal_from_scrap * m / total for m in metal_per_scrap]
    charged = [m * c for m, c in zip(metal, charges, strict=True)]
    return _ScrapMetal(metal, charged, consumers)


def _consumer(ctx: Context, key: str, scrap_class: str, given: str | None) -> str:
    if given is not None:
        return given
    factor_id = f"recycling.{scrap_class}.post_consumer_share"
    if factor_id not in ctx.factors:
        ctx.fail(
            f"{key}.consumer", "given ('pre' or 'post') for a scrap class without shipped data"
        )
        return "post"
    record = ctx.factors.get(factor_id)
    consumer = "post" if record.magnitude >= 50 else "pre"
    ctx.defaults.append(DefaultUse(f"{key}.consumer", factor_id, f"{consumer} ({record.value})"))
    return consumer


def _step(ctx: Context, route: RecycledRoute, step: str, scrap: _ScrapMetal) -> list[Activity]:
    """Energy of preparation or melting.

    What the plant gives applies per t of product; each carrier it leaves out comes from
    the shipped data of each scrap class, per t of metal from that class.
    """
    given = getattr(route, step)
    stage, key = _STAGES[step], f"recycled.{step}"
    given_carriers = tuple(
        c for c in ("fuels", "electricity") if given is not None and getattr(given, c) is not None
    )
    missing = tuple(c for c in ("fuels", "electricity") if c not in given_carriers)
    activities = []
    if given_carriers:
        activities += energy_use(
            ctx, stage, key, given, ctx.array(1.0), None, label=step, carriers=given_carriers
        )
    if not missing:
        return activities
    for scrap_class, metal in zip(
        (s.scrap_class for s in route.scrap), scrap.metal_t_per_t, strict=True
    ):
        prefix = f"recycling.{scrap_class}.{step}"
        if ctx.factors.select(f"{prefix}.energy.*") or f"{prefix}.electricity" in ctx.factors:
            activities += energy_use(
                ctx,
                stage,
                key,
                None,
                metal,
                prefix,
                label=f"{step}, {scrap_class}",
                carriers=missing,
            )
        elif f"recycling.{scrap_class}.scrap_charge" in ctx.factors:
            ctx.omitted.append(
                Omission(
                    key, f"{step} of {scrap_class}: the class's source data have no separate step"
                )
            )
        else:
            ctx.fail(
                key,
                f"given ({' and '.join(missing)}): scrap class {scrap_class!r} has no shipped data",
                hint="Give the fuels and electricity of the step.",
            )
    return activities


def _primary_metal(
    ctx: Context, route: RecycledRoute, primary: RouteInventory | None
) -> tuple[list[Activity], np.ndarray]:
    """Primary metal added: a given intensity, or the plant's own liquid metal."""
    key = "recycled.primary_metal"
    if route.primary_metal is None:
        return [], ctx.array(0.0)
    amount_t_per_t = ctx.required(f"{key}.amount", "t/t")
    if route.primary_metal.intensity is not None:
        intensity = ctx.required(f"{key}.intensity", "t CO2e/t")
        return [
            Activity(
                "primary_metal",
                "primary_metal",
                3,
                "primary metal, purchased",
                amount_t_per_t,
                "t/t",
                (FactorUse("CO2e", intensity, f"plant:{key}.intensity"),),
            )
        ], amount_t_per_t
    if primary is None or primary.liquid_metal_t_per_t is None:
        ctx.fail(f"{key}.intensity", "given when the plant has no primary route of its own")
        return [], amount_t_per_t
    ctx.methods.append(
        "dilution: the plant's own liquid primary metal (stages up to "
        "electrolysis; no primary casting, no primary alloying)"
    )
    scale = amount_t_per_t / primary.liquid_metal_t_per_t
    return [
        dataclasses.replace(a, amount=a.amount * scale)
        for a in primary.activities
        if a.stage in LIQUID_METAL_STAGES
    ], amount_t_per_t


def _dross(ctx: Context, route: RecycledRoute) -> list[Activity]:
    """Energy of dross handling on site, per t of product (no shipped default)."""
    key = "recycled.dross"
    if route.dross is None:
        ctx.omitted.append(Omission(key, "dross handling: no shipped data (give its energy here)"))
        return []
    return energy_use(ctx, "dross_handling", key, route.dross, ctx.array(1.0), None, label="dross")


def _scrap_burden(ctx: Context, route: RecycledRoute, scrap: _ScrapMetal) -> list[Activity]:
    allocation = ctx.model.allocation
    if allocation.approach == "cut-off":
        ctx.methods.append("scrap: cut-off (recycled-content) approach, no burden")
        return []
    ctx.methods.append("scrap: burden per t of scrap as given in the plant file")
    activities = []
    for index, (scrap_class, scrap_t_per_t, consumer) in enumerate(
        zip((s.scrap_class for s in route.scrap), scrap.scrap_t_per_t, scrap.consumers, strict=True)
    ):
        key = f"allocation.{consumer}_consumer_burden"
        burden = ctx.plant_value(key, "t CO2e/t")
        if burden is None:
            ctx.fail(key, f"given: recycled.scrap[{index}] is {consumer}-consumer scrap")
            continue
        activities.append(
            Activity(
                "scrap_preparation",
                "scrap_burden",
                3,
                f"burden of {scrap_class}",
                scrap_t_per_t,
                "t/t",
                (FactorUse("CO2e", burden, f"plant:{key}"),),
            )
        )
    return activities


def recycled_route(
    ctx: Context, route: RecycledRoute, primary: RouteInventory | None
) -> RouteInventory:
    """Return the activities of the recycled route per tonne of product.

    Parameters
    ----------
    ctx : Context
        The build.
    route : RecycledRoute
        The plant's recycled route.
    primary : RouteInventory, optional
        The plant's primary route, for dilution with its own metal.

    Returns
    -------
    RouteInventory
        Its activities.
    """
    key = "recycled"
    activities, alloying_t_per_t = alloying(ctx, "remelting", key, route)
    dilution, primary_t_per_t = _primary_metal(ctx, route, primary)
    activities += dilution
    used, metal_in_materials = materials(
        ctx, "remelting", f"{key}.materials", route.materials, ctx.array(1.0)
    )
    activities += used
    metal_from_scrap = 1.0 - primary_t_per_t - alloying_t_per_t - metal_in_materials
    # A plan that uses no scrap can leave a rounding residue of order 1e-16.
    metal_from_scrap = np.where(np.abs(metal_from_scrap) < 1e-9, 0.0, metal_from_scrap)
    if np.any(metal_from_scrap < 0):
        ctx.fail(
            key,
            "primary metal, alloying additions and metal in materials of at most "
            "1 t per t of product",
            f"{float(np.max(1 - metal_from_scrap)):.4g} t/t",
        )
    scrap = _scrap(ctx, route, metal_from_scrap)
    for step in _STAGES:
        activities += _step(ctx, route, step, scrap)
    activities += _dross(ctx, route)
    activities += _scrap_burden(ctx, route, scrap)
    return RouteInventory("recycled", tuple(activities))
