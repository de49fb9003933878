"""Energy and purchased inputs of any step: electricity supply mix, fuels, materials, alloying."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from aluco2.factors import FactorRecord
from aluco2.inventory._context import Context, lookup, q
from aluco2.inventory._model import Activity, FactorUse, Omission
from aluco2.methods import combustion, electricity
from aluco2.units import parse_quantity

if TYPE_CHECKING:
    from aluco2.plant import Casting, Material, RecycledRoute


class EnergyInputs(Protocol):
    """Any plant section with per-tonne ``fuels`` and ``electricity``."""

    @property
    def fuels(self) -> Mapping[str, str] | None: ...

    @property
    def electricity(self) -> str | None: ...


GRID_DATASET_PRIORITY = ("owid_ember_2023",)
"""Shipped grid datasets, most preferred first; site datasets come before all of them."""


def _grid_record(ctx: Context, country: str, key: str) -> FactorRecord | None:
    candidates = [r for r in ctx.factors.select(f"grid.*.{country}.*")]
    if not candidates:
        regions = sorted({r.region for r in ctx.factors.select("grid.*.*.*")})
        close = difflib.get_close_matches(country, regions, n=3)
        ctx.fail(
            key,
            f"a country with a shipped grid factor ({', '.join(regions)})",
            country,
            hint=(f"Did you mean {', '.join(close)}? " if close else "")
            + "Or give electricity.grid.factor.",
        )
        return None
    wanted_year = lookup(ctx.model, "electricity.grid.year") or ctx.model.year

    def rank(record: FactorRecord) -> tuple[int, int, int, int]:
        dataset = record.id.split(".")[1]
        shipped = record.file.startswith("factors/")
        priority = GRID_DATASET_PRIORITY.index(dataset) if dataset in GRID_DATASET_PRIORITY else 0
        return (int(shipped), priority, abs(record.year - wanted_year), record.year)

    return min(candidates, key=rank)


def grid_factor(ctx: Context, country: str | None, key: str) -> tuple[np.ndarray, str]:
    """Grid factor [t CO2e/MWh] and its reference, for a country or the plant's grid."""
    given = ctx.given("electricity.grid.factor", "t CO2e/MWh") if country is None else None
    if given is not None:
        return given, "plant:electricity.grid.factor"
    record = _grid_record(ctx, country or _plant_grid_country(ctx), key)
    if record is None:
        return ctx.array(np.nan), "missing"
    return ctx.array(record.quantity().m_as("t CO2e/MWh")), record.id


def _plant_grid_country(ctx: Context) -> str:
    country = lookup(ctx.model, "electricity.grid.country")
    return str(country or ctx.model.country)


def electricity_supply(
    ctx: Context, stage: str, amount_mwh_per_t: np.ndarray, label: str
) -> list[Activity]:
    """Electricity of a stage on site, split over the site's supply mix (both scope 2 bases)."""
    supply = ctx.model.electricity
    grid_mwh_per_t = amount_mwh_per_t.copy()
    grid_t_per_mwh, grid_ref = grid_factor(ctx, None, "electricity.grid")
    activities: list[Activity] = []
    purchased_mwh_per_t = amount_mwh_per_t.copy()
    for index, contract in enumerate(supply.contracts):
        key = f"electricity.contracts[{index}]"
        share = ctx.value(f"{key}.share", "")
        contract_mwh_per_t = amount_mwh_per_t * share
        grid_mwh_per_t -= contract_mwh_per_t
        factor = ctx.value(f"{key}.factor", "t CO2e/MWh")
        activities.append(
            Activity(
                stage,
                "electricity",
                2,
                f"{label}: contract {contract.name}",
                contract_mwh_per_t,
                "MWh/t",
                (FactorUse("CO2e", factor, f"plant:{key}.factor"),),
                scope2_basis="market",
            )
        )
    for index, plant in enumerate(supply.captive):
        key = f"electricity.captive[{index}]"
        share = ctx.value(f"{key}.share", "")
        captive_mwh_per_t = amount_mwh_per_t * share
        grid_mwh_per_t -= captive_mwh_per_t
        purchased_mwh_per_t -= captive_mwh_per_t
        efficiency = q(ctx.value(f"{key}.efficiency", "%"), "%")
        fuel_gj_per_t = electricity.captive_fuel_input(
            q(captive_mwh_per_t, "MWh/t"), efficiency
        ).m_as("GJ/t")
        activities += fuel_activities(
            ctx,
            stage,
            "electricity",
            1,
            plant.fuel,
            fuel_gj_per_t,
            f"{key}.fuel",
            f"{label}: captive {plant.name}",
        )
    activities.append(
        Activity(
            stage,
            "electricity",
            2,
            f"{label}: grid",
            grid_mwh_per_t,
            "MWh/t",
            (FactorUse("CO2e", grid_t_per_mwh, grid_ref),),
            scope2_basis="market",
        )
    )
    activities.append(
        Activity(
            stage,
            "electricity",
            2,
            f"{label}: grid (location-based)",
            purchased_mwh_per_t,
            "MWh/t",
            (FactorUse("CO2e", grid_t_per_mwh, grid_ref),),
            scope2_basis="location",
        )
    )
    return activities


# -- fuels ---------------------------------------------------------------------------------


def _fuel_energy(ctx: Context, fuel: str, key: str) -> np.ndarray:
    """Fuel energy [GJ per t of product] from a plant amount given as energy or mass."""
    given = ctx.variations.get(key)
    if given is None:
        given = parse_quantity(lookup(ctx.model, key))
    if given.check("[energy]/[mass]"):
        return ctx.given(key, "GJ/t")  # type: ignore[return-value]
    mass = q(ctx.given(key, "t/t"), "t/t")  # type: ignore[arg-type]
    ncv = q(ctx.factor(f"fuel.{fuel}.ncv", "GJ/t", key), "GJ/t")
    return ctx.array(combustion.fuel_energy(mass, ncv).m_as("GJ/t"))


def fuel_activities(
    ctx: Context,
    stage: str,
    source: str,
    scope: int,
    fuel: str,
    energy_gj_per_t: np.ndarray,
    key: str,
    label: str,
) -> list[Activity]:
    """Combustion of ``energy_gj_per_t`` of ``fuel``: CO2 (fossil), CH4, N2O, biogenic memo."""
    if f"fuel.{fuel}.co2" not in ctx.factors:
        known = sorted({r.id.split(".")[1] for r in ctx.factors.select("fuel.*.co2")})
        close = difflib.get_close_matches(fuel, known, n=1)
        ctx.fail(
            key,
            f"a fuel of the factor set ({', '.join(known)})",
            fuel,
            hint=f"Did you mean {close[0]!r}?" if close else None,
        )
        return []
    one_gj = q(ctx.array(1.0), "GJ")
    co2 = combustion.combustion_emissions(
        one_gj, q(ctx.factor(f"fuel.{fuel}.co2", "kg CO2/TJ"), "kg CO2/TJ")
    )
    biogenic = q(ctx.factor(f"fuel.{fuel}.biogenic_share", "%"), "%")
    fossil = combustion.fossil_co2(co2, biogenic)
    uses = [
        FactorUse("CO2", fossil.m_as("t CO2"), f"fuel.{fuel}.co2"),
        FactorUse("CO2_biogenic", (co2 - fossil).m_as("t CO2"), f"fuel.{fuel}.biogenic_share"),
    ]
    for gas in ("CH4", "N2O"):
        factor_id = f"fuel.{fuel}.{gas.lower()}"
        if factor_id in ctx.factors:
            ef = q(ctx.factor(factor_id, f"kg {gas}/TJ"), f"kg {gas}/TJ")
            uses.append(
                FactorUse(
                    gas, combustion.combustion_emissions(one_gj, ef).m_as(f"t {gas}"), factor_id
                )
            )
        else:
            ctx.omitted.append(Omission(key, f"{gas} of {fuel} combustion: no factor in the set"))
    return [
        Activity(stage, source, scope, f"{label}: {fuel}", energy_gj_per_t, "GJ/t", tuple(uses))
    ]


def energy_use(
    ctx: Context,
    stage: str,
    key: str,
    given: EnergyInputs | None,
    per_product: np.ndarray,
    defaults: str | None,
    *,
    scope3: bool = False,
    grid_country: str | None = None,
    label: str,
) -> list[Activity]:
    """Fuels and electricity of a step; amounts per t of the step's product x ``per_product``.

    Missing parts fall back to the factor records ``<defaults>.energy.<fuel>`` and
    ``<defaults>.electricity``. Off-site steps (``scope3``) count everything in scope 3,
    electricity at the grid factor of ``grid_country``.
    """
    activities: list[Activity] = []
    fuels: Mapping[str, Any] | None = given.fuels if given is not None else None
    if fuels is not None:
        for fuel in fuels:
            energy = _fuel_energy(ctx, fuel, f"{key}.fuels.{fuel}") * per_product
            activities += fuel_activities(
                ctx, stage, "fuel", 3 if scope3 else 1, fuel, energy, f"{key}.fuels.{fuel}", label
            )
    elif defaults is not None:
        for record in ctx.factors.select(f"{defaults}.energy.*"):
            ctx.use_default(f"{key}.fuels", record)
            fuel = record.id.rsplit(".", 1)[1]
            energy = ctx.array(record.quantity().m_as("GJ/t")) * per_product
            activities += fuel_activities(
                ctx, stage, "fuel", 3 if scope3 else 1, fuel, energy, f"{key}.fuels", label
            )
    default_electricity = f"{defaults}.electricity" if defaults else None
    if given is not None and given.electricity is not None:
        mwh = ctx.given(f"{key}.electricity", "MWh/t")
    elif default_electricity is not None and default_electricity in ctx.factors:
        mwh = ctx.value(f"{key}.electricity", "MWh/t", default_electricity)
    else:
        mwh = None
    if mwh is not None:
        mwh = mwh * per_product
        if scope3:
            factor, reference = grid_factor(ctx, grid_country or ctx.model.country, key)
            activities.append(
                Activity(
                    stage,
                    "electricity",
                    3,
                    f"{label}: electricity, grid",
                    mwh,
                    "MWh/t",
                    (FactorUse("CO2e", factor, reference),),
                )
            )
        else:
            activities += electricity_supply(ctx, stage, mwh, label)
    return activities


def materials(
    ctx: Context, stage: str, key: str, materials: list[Material], per_product: np.ndarray
) -> tuple[list[Activity], np.ndarray]:
    """Purchased materials, and the mass of metal they bring into the product per t."""
    activities = []
    metal_t_per_t = ctx.array(0.0)
    for i, material in enumerate(materials):
        amount = ctx.value(f"{key}[{i}].amount", "t/t") * per_product
        if material.metal_content is not None:
            metal_t_per_t = metal_t_per_t + amount * ctx.value(f"{key}[{i}].metal_content", "")
        intensity = ctx.value(f"{key}[{i}].intensity", "t CO2e/t")
        use = FactorUse("CO2e", intensity, f"plant:{key}[{i}].intensity")
        source = "alloying" if material.kind == "alloying" else "materials"
        activities.append(Activity(stage, source, 3, material.name, amount, "t/t", (use,)))
    return activities, metal_t_per_t


def alloying(
    ctx: Context, stage: str, key: str, section: Casting | RecycledRoute
) -> tuple[list[Activity], np.ndarray]:
    """Alloying additions and their total mass per t of product."""
    activities = []
    total = ctx.array(0.0)
    for element in section.alloying:
        amount = ctx.value(f"{key}.alloying.{element}", "t/t")
        total = total + amount
        if element in section.alloying_intensity:
            intensity = ctx.value(f"{key}.alloying_intensity.{element}", "t CO2e/t")
            reference = f"plant:{key}.alloying_intensity.{element}"
        else:
            reference = f"alloying.{element}.co2e"
            intensity = ctx.factor(reference, "t CO2e/t", f"{key}.alloying.{element}")
        activities.append(
            Activity(
                stage,
                "alloying",
                3,
                f"{element} addition",
                amount,
                "t/t",
                (FactorUse("CO2e", intensity, reference),),
            )
        )
    return activities, total
