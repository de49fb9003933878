"""Recycled route: scrap charge, preparation, remelting, dilution, scrap burden."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from aluco2.inventory._context import Context
from aluco2.inventory._model import Activity, FactorUse, RouteInventory
from aluco2.inventory._supply import alloying, energy_use, materials

if TYPE_CHECKING:
    from aluco2.plant import RecycledRoute

SCRAP_CLASS_CONSUMER = {"clean_process_scrap": "pre", "old_scrap": "post"}
"""Pre- or post-consumer origin of the shipped scrap classes, by their definition."""


def _scrap_classes(ctx: Context, route: RecycledRoute) -> tuple[np.ndarray, list[np.ndarray]]:
    """Scrap charged per t of metal from scrap, and each class's share of the charge."""
    shares, yields = [], []
    for index, scrap in enumerate(route.scrap):
        key = f"recycled.scrap[{index}]"
        shares.append(ctx.value(f"{key}.share", ""))
        shipped = f"recycling.{scrap.scrap_class}.scrap_charge"
        default = shipped if shipped in ctx.factors else None
        yields.append(1.0 / ctx.value(f"{key}.scrap_charge", "t/t", default))
        if scrap.consumer is None and scrap.scrap_class not in SCRAP_CLASS_CONSUMER:
            ctx.fail(
                f"{key}.consumer",
                "given ('pre' or 'post') for a scrap class aluco2 does "
                f"not ship ({', '.join(SCRAP_CLASS_CONSUMER)})",
            )
    metal_per_scrap = sum((s * y for s, y in zip(shares, yields, strict=True)), ctx.array(0.0))
    return 1.0 / metal_per_scrap, shares


def _class_energy(
    ctx: Context, route: RecycledRoute, step: str, shares: list[np.ndarray]
) -> list[Activity]:
    """Energy of a step as the share-weighted energy of the shipped scrap classes."""
    activities = []
    for scrap, share in zip(route.scrap, shares, strict=True):
        prefix = f"recycling.{scrap.scrap_class}.{step}"
        if (
            not ctx.factors.select(f"{prefix}.energy.*")
            and f"{prefix}.electricity" not in ctx.factors
        ):
            if f"recycling.{scrap.scrap_class}.scrap_charge" not in ctx.factors:
                ctx.fail(
                    f"recycled.{step}",
                    f"given for scrap class {scrap.scrap_class!r}, which has no shipped data",
                    hint="Give fuels and electricity of the step.",
                )
            continue
        activities += energy_use(
            ctx,
            "scrap_preparation" if step == "preparation" else "remelting",
            f"recycled.{step}",
            None,
            share,
            prefix,
            label=f"{step}, {scrap.scrap_class}",
        )
    return activities


def recycled_route(
    ctx: Context, route: RecycledRoute, primary: RouteInventory | None
) -> RouteInventory:
    key = "recycled"
    additions, alloying_t_per_t = alloying(ctx, "remelting", key, route)
    activities: list[Activity] = list(additions)
    primary_t_per_t = ctx.array(0.0)
    if route.primary_metal is not None:
        primary_t_per_t = ctx.value(f"{key}.primary_metal.amount", "t/t")
        if route.primary_metal.intensity is not None:
            activities.append(
                Activity(
                    "primary_metal",
                    "primary_metal",
                    3,
                    "primary metal, purchased",
                    primary_t_per_t,
                    "t/t",
                    (
                        FactorUse(
                            "CO2e",
                            ctx.value(f"{key}.primary_metal.intensity", "t CO2e/t"),
                            f"plant:{key}.primary_metal.intensity",
                        ),
                    ),
                )
            )
        elif primary is not None:
            activities += [
                dataclasses.replace(a, amount=a.amount * primary_t_per_t)
                for a in primary.activities
            ]
        else:
            ctx.fail(
                f"{key}.primary_metal.intensity",
                "given when the plant has no primary route of its own",
            )
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
            "primary metal, alloying additions and metal in materials of at most 1 t per t "
            "of product",
        )
    charge_per_metal, shares = _scrap_classes(ctx, route)
    scrap_t_per_t = charge_per_metal * metal_from_scrap
    for step, given in (("preparation", route.preparation), ("melting", route.melting)):
        stage = "scrap_preparation" if step == "preparation" else "remelting"
        if given is not None:
            activities += energy_use(
                ctx, stage, f"{key}.{step}", given, ctx.array(1.0), None, label=step
            )
        else:
            activities += _class_energy(ctx, route, step, shares)
    activities += _scrap_burden(ctx, route, scrap_t_per_t, shares)
    return RouteInventory("recycled", tuple(activities))


def _scrap_burden(
    ctx: Context, route: RecycledRoute, scrap_t_per_t: np.ndarray, shares: list[np.ndarray]
) -> list[Activity]:
    allocation = ctx.model.allocation
    if allocation.approach == "cut-off":
        ctx.methods.append("scrap: cut-off (recycled-content) approach, no burden")
        return []
    ctx.methods.append("scrap: burden per t of scrap as given in the plant file")
    activities = []
    for index, (scrap, share) in enumerate(zip(route.scrap, shares, strict=True)):
        consumer = scrap.consumer or SCRAP_CLASS_CONSUMER.get(scrap.scrap_class, "post")
        key = f"allocation.{consumer}_consumer_burden"
        if getattr(allocation, f"{consumer}_consumer_burden") is None:
            ctx.fail(key, f"given: recycled.scrap[{index}] is {consumer}-consumer scrap")
            continue
        activities.append(
            Activity(
                "scrap_preparation",
                "scrap_burden",
                3,
                f"burden of {scrap.scrap_class}",
                scrap_t_per_t * share,
                "t/t",
                (FactorUse("CO2e", ctx.value(key, "t CO2e/t"), f"plant:{key}"),),
            )
        )
    return activities
