"""Energy and purchased inputs of any step: electricity supply mix, fuels, materials, alloying."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

import numpy as np

from aluco2._factors import FactorRecord
from aluco2._inventory._context import Context, lookup
from aluco2._inventory._model import Activity, FactorUse, Omission
from aluco2._methods import combustion, electricity
from aluco2._units import Q_, parse_quantity

if TYPE_CHECKING:
    from aluco2._plant import Casting, Material, RecycledRoute

__all__ = [
    "GRID_DATASET_PRIORITY",
    "EnergyInputs",
    "alloying",
    "electricity_supply",
    "energy_use",
    "fuel_activities",
    "grid_factor",
    "materials",
]

GRID_DATASET_PRIORITY = ("owid_ember_2023",)
"""Shipped grid datasets, most preferred first; site datasets come before all of them."""


class EnergyInputs(Protocol):
    """Any plant section with per-tonne ``fuels`` and ``electricity``."""

    @property
    def fuels(self) -> Mapping[str, str] | None:
        """Fuel per t of product by fuel id, as energy or mass."""

    @property
    def electricity(self) -> str | None:
        """Electricity per t of product."""


# -- electricity ---------------------------------------------------------------------------


def _grid_record(ctx: Context, country: str, key: str) -> FactorRecord | None:
    """Return the grid record of ``country``: site datasets first, then the closest year."""
    candidates = [r for r in ctx.factors.select("grid.*.*.*") if r.region == country]
    if not candidates:
        regions = sorted({r.region for r in ctx.factors.select("grid.*.*.*")})
        close = difflib.get_close_matches(country, regions, n=3)
        ctx.fail(
            key,
            f"a country with a grid factor in the factor set ({', '.join(regions)})",
            country,
            hint=(f"Did you mean {', '.join(close)}? " if close else "")
            + "Or give electricity.grid.factor, the grid's factor.",
        )
        return None
    wanted_year = lookup(ctx.model, "electricity.grid.year") or ctx.model.year

    def rank(record: FactorRecord) -> tuple[int, int, int, int]:
        dataset = record.id.split(".")[1]
        priority = GRID_DATASET_PRIORITY.index(dataset) if dataset in GRID_DATASET_PRIORITY else 0
        return (int(record.shipped), priority, abs(record.year - wanted_year), record.year)

    return min(candidates, key=rank)


def grid_factor(ctx: Context, country: str | None, key: str) -> tuple[np.ndarray, str]:
    """Return the grid factor [t CO2e/MWh] and its reference: the plant's grid or a country's.

    Parameters
    ----------
    ctx : Context
        The build.
    country : str, optional
        Country of an off-site step; None for the plant's own grid.
    key : str
        Plant key path to record the choice under and to report problems at.

    Returns
    -------
    tuple
        Factor per variant [t CO2e/MWh], and the factor id or plant key path used.
    """
    where = key
    if country is None:
        given = ctx.plant_value("electricity.grid.factor", "t CO2e/MWh")
        if given is not None:
            return given, "plant:electricity.grid.factor"
        grid_country = lookup(ctx.model, "electricity.grid.country")
        where = "electricity.grid.country" if grid_country else "country"
        country = str(grid_country or ctx.model.country)
    record = _grid_record(ctx, country, where)
    if record is None:
        return ctx.array(np.nan), "missing"
    ctx.use_default(key, record, f" ({record.region}, data year {record.year})")
    if record.year is not None and record.year < ctx.model.year:
        ctx.warnings.append(
            f"grid factor of {record.region} is for {record.year}, older than the plant's "
            f"year {ctx.model.year} ({record.id}, for {key}); a factor for "
            f"{ctx.model.year} can be given in the plant file or a site factor file"
        )
    return ctx.record_value(record, "t CO2e/MWh"), record.id


def electricity_supply(
    ctx: Context, stage: str, amount_mwh_per_t: np.ndarray, label: str
) -> list[Activity]:
    """Electricity of a stage on site over the site's supply mix, in both scope 2 bases.

    Market-based: contracts at their own factors, the remainder at the grid factor.
    Location-based: all purchased electricity at the grid factor. Captive generation is
    fuel burnt on site (scope 1) in both.
    """
    supply = ctx.model.electricity
    grid_t_per_mwh, grid_reference = grid_factor(ctx, None, "electricity.grid.factor")
    activities: list[Activity] = []
    contracted_share = ctx.array(0.0)
    captive_share = ctx.array(0.0)
    for index, contract in enumerate(supply.contracts):
        key = f"electricity.contracts[{index}]"
        share = ctx.required(f"{key}.share", "")
        contracted_share = contracted_share + share
        factor_t_per_mwh = ctx.required(f"{key}.factor", "t CO2e/MWh")
        activities.append(
            Activity(
                stage,
                "electricity",
                2,
                f"{label}: contract {contract.name}",
                amount_mwh_per_t * share,
                "MWh/t",
                (FactorUse("CO2e", factor_t_per_mwh, f"plant:{key}.factor"),),
                scope2_basis="market",
            )
        )
    for index, plant in enumerate(supply.captive):
        key = f"electricity.captive[{index}]"
        share = ctx.required(f"{key}.share", "")
        efficiency = ctx.required(f"{key}.efficiency", "%")
        captive_share = captive_share + share
        fuel_gj_per_t = ctx.run(
            key,
            lambda: electricity.captive_fuel_input(
                Q_(amount_mwh_per_t * share, "MWh/t"),  # noqa: B023 - called now
                Q_(efficiency, "%"),  # noqa: B023
            ),
            "GJ/t",
        )
        activities += fuel_activities(
            ctx,
            stage,
            "electricity",
            1,
            plant.fuel,
            fuel_gj_per_t,
            f"{key}.fuel",
            f"{label}: captive {plant.name}",
            inputs=(f"plant:{key}.efficiency",),
        )
    if np.any(contracted_share + captive_share > 1 + 1e-9):
        ctx.fail(
            "electricity",
            "contract and captive shares adding up to at most 100 %",
            f"{100 * float(np.max(contracted_share + captive_share)):g} %",
        )
    grid_share = 1.0 - contracted_share - captive_share
    activities.append(
        Activity(
            stage,
            "electricity",
            2,
            f"{label}: grid",
            amount_mwh_per_t * grid_share,
            "MWh/t",
            (FactorUse("CO2e", grid_t_per_mwh, grid_reference),),
            scope2_basis="market",
        )
    )
    activities.append(
        Activity(
            stage,
            "electricity",
            2,
            f"{label}: grid (location-based)",
            amount_mwh_per_t * (1.0 - captive_share),
            "MWh/t",
            (FactorUse("CO2e", grid_t_per_mwh, grid_reference),),
            scope2_basis="location",
        )
    )
    return activities


# -- fuels ---------------------------------------------------------------------------------


def _fuel_energy(ctx: Context, fuel: str, key: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """Fuel energy [GJ per t] of a plant amount given as energy or as mass (x NCV)."""
    given = ctx.variations.get(key)
    quantity = given if given is not None else parse_quantity(lookup(ctx.model, key))
    if quantity.check("[energy]/[mass]"):
        energy = ctx.required(key, "GJ/t")
        return energy, ()
    mass_t_per_t = ctx.required(key, "t/t")
    ncv_gj_per_t = ctx.factor_value(f"fuel.{fuel}.ncv", "GJ/t", key)
    energy = ctx.run(
        key,
        lambda: combustion.fuel_energy(Q_(mass_t_per_t, "t/t"), Q_(ncv_gj_per_t, "GJ/t")),
        "GJ/t",
    )
    return energy, (f"fuel.{fuel}.ncv",)


_PER_GJ: dict[tuple[str, str], tuple[FactorUse, ...]] = {}
"""Gases per GJ of each fuel, by factor-set content hash and fuel: they depend on the
factors only, so a batch of plants computes them once (unless factors are sampled)."""


def _per_gj(ctx: Context, fuel: str, key: str) -> tuple[FactorUse, ...]:
    """Return the CO2 (fossil and biogenic), CH4 and N2O of burning 1 GJ of ``fuel``."""
    ids = [f"fuel.{fuel}.{name}" for name in ("co2", "biogenic_share", "ch4", "n2o")]
    cache_key = (ctx.factors.hash, fuel)
    if cache_key in _PER_GJ and not any(i in ctx.samples for i in ids):
        return _PER_GJ[cache_key]
    errors = len(ctx.errors)
    one_gj = Q_(ctx.array(1.0), "GJ")
    co2_kg_per_tj = ctx.factor_value(ids[0], "kg CO2/TJ")
    biogenic_share = ctx.factor_value(ids[1], "")
    co2_t_per_gj = ctx.run(
        key,
        lambda: combustion.combustion_emissions(one_gj, Q_(co2_kg_per_tj, "kg CO2/TJ")),
        "t CO2",
    )
    fossil_t_per_gj = ctx.run(
        ids[1],
        lambda: combustion.fossil_co2(Q_(co2_t_per_gj, "t CO2"), Q_(biogenic_share, "")),
        "t CO2",
    )
    uses = [
        FactorUse("CO2", fossil_t_per_gj, ids[0]),
        FactorUse("CO2_biogenic", co2_t_per_gj - fossil_t_per_gj, ids[1]),
    ]
    for gas, factor_id in (("CH4", ids[2]), ("N2O", ids[3])):
        if factor_id in ctx.factors:
            ef_kg_per_tj = ctx.factor_value(factor_id, f"kg {gas}/TJ")
            emitted = ctx.run(
                key,
                lambda: combustion.combustion_emissions(
                    one_gj,
                    Q_(ef_kg_per_tj, f"kg {gas}/TJ"),  # noqa: B023 - called now
                ),
                f"t {gas}",
            )
            uses.append(FactorUse(gas, emitted, factor_id))
    found = tuple(uses)
    constant = all(np.size(u.value) == 1 for u in found)
    if constant and len(ctx.errors) == errors and not any(i in ctx.samples for i in ids):
        for use in found:
            use.value.flags.writeable = False  # shared by every inventory of this factor set
        _PER_GJ[cache_key] = found
    return found


def fuel_activities(
    ctx: Context,
    stage: str,
    source: str,
    scope: int,
    fuel: str,
    energy_gj_per_t: np.ndarray,
    key: str,
    label: str,
    inputs: tuple[str, ...] = (),
) -> list[Activity]:
    """Return the combustion of ``energy_gj_per_t`` of ``fuel``: CO2, CH4, N2O, biogenic memo."""
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
    uses = _per_gj(ctx, fuel, key)
    for gas in ("CH4", "N2O"):
        if f"fuel.{fuel}.{gas.lower()}" not in ctx.factors:
            ctx.omitted.append(Omission(key, f"{gas} of {fuel} combustion: no factor in the set"))
    return [
        Activity(
            stage,
            source,
            scope,
            f"{label}: {fuel}",
            energy_gj_per_t,
            "GJ/t",
            tuple(uses),
            inputs=inputs,
        )
    ]


def _fuels(
    ctx: Context,
    stage: str,
    key: str,
    fuels: Mapping[str, str] | None,
    per_product: np.ndarray,
    defaults: str | None,
    scope: int,
    label: str,
    *,
    omit_if_missing: bool,
) -> list[Activity]:
    """Return the fuels given at ``key``, else the default records ``<defaults>.energy.*``."""
    activities = []
    if fuels is not None:
        for fuel in fuels:
            fuel_key = f"{key}.fuels.{fuel}"
            energy, inputs = _fuel_energy(ctx, fuel, fuel_key)
            activities += fuel_activities(
                ctx, stage, "fuel", scope, fuel, energy * per_product, fuel_key, label, inputs
            )
    elif defaults is not None and ctx.factors.select(f"{defaults}.energy.*"):
        for record in ctx.factors.select(f"{defaults}.energy.*"):
            ctx.use_default(f"{key}.fuels", record)
            fuel = record.id.rsplit(".", 1)[1]
            energy = ctx.record_value(record, "GJ/t") * per_product
            activities += fuel_activities(
                ctx, stage, "fuel", scope, fuel, energy, f"{key}.fuels", label, (record.id,)
            )
    elif omit_if_missing:
        ctx.omitted.append(Omission(f"{key}.fuels", f"{label}: no fuel given, none counted"))
    return activities


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
    carriers: tuple[str, ...] = ("fuels", "electricity"),
) -> list[Activity]:
    """Fuels and electricity of a step; amounts per t of the step's product x ``per_product``.

    Each carrier falls back on its own to the factor records ``<defaults>.energy.<fuel>``
    and ``<defaults>.electricity``; a carrier with neither a value nor a default is listed
    as omitted. Off-site steps (``scope3``) count everything in scope 3, electricity at
    the grid of ``grid_country``. ``carriers`` limits the call to some of the two.
    """
    activities: list[Activity] = []
    fuels = given.fuels if given is not None else None
    fuel_scope = 3 if scope3 else 1
    if "fuels" in carriers:
        activities += _fuels(
            ctx,
            stage,
            key,
            fuels,
            per_product,
            defaults,
            fuel_scope,
            label,
            omit_if_missing=given is not None,
        )
    default_electricity = f"{defaults}.electricity" if defaults else None
    if "electricity" not in carriers:
        return activities
    if given is not None and given.electricity is not None:
        mwh_per_t = ctx.required(f"{key}.electricity", "MWh/t")
    elif default_electricity is not None and default_electricity in ctx.factors:
        mwh_per_t = ctx.plant_or_default(f"{key}.electricity", "MWh/t", default_electricity)
    else:
        if given is not None:
            ctx.omitted.append(
                Omission(f"{key}.electricity", f"{label}: no electricity given, none counted")
            )
        return activities
    mwh_per_t = mwh_per_t * per_product
    if scope3:
        factor, reference = grid_factor(ctx, grid_country or ctx.model.country, key)
        activities.append(
            Activity(
                stage,
                "electricity",
                3,
                f"{label}: electricity, grid",
                mwh_per_t,
                "MWh/t",
                (FactorUse("CO2e", factor, reference),),
            )
        )
    else:
        activities += electricity_supply(ctx, stage, mwh_per_t, label)
    return activities


# -- purchased inputs ----------------------------------------------------------------------


def materials(
    ctx: Context, stage: str, key: str, used: list[Material], per_product: np.ndarray
) -> tuple[list[Activity], np.ndarray]:
    """Return purchased materials, and the metal they bring into the product per t."""
    activities = []
    metal_t_per_t = ctx.array(0.0)
    for i, material in enumerate(used):
        amount_t_per_t = ctx.required(f"{key}[{i}].amount", "t/t")
        intensity_t_per_t = ctx.required(f"{key}[{i}].intensity", "t CO2e/t")
        amount_t_per_t = amount_t_per_t * per_product
        if material.metal_content is not None:
            content = ctx.required(f"{key}[{i}].metal_content", "")
            metal_t_per_t = metal_t_per_t + amount_t_per_t * content
        use = FactorUse("CO2e", intensity_t_per_t, f"plant:{key}[{i}].intensity")
        source = "alloying" if material.kind == "alloying" else "materials"
        activities.append(Activity(stage, source, 3, material.name, amount_t_per_t, "t/t", (use,)))
    return activities, metal_t_per_t


def alloying(
    ctx: Context, stage: str, key: str, section: Casting | RecycledRoute
) -> tuple[list[Activity], np.ndarray]:
    """Return the alloying additions and their total mass per t of product."""
    activities = []
    total_t_per_t = ctx.array(0.0)
    for element in section.alloying:
        amount_t_per_t = ctx.required(f"{key}.alloying.{element}", "t/t")
        total_t_per_t = total_t_per_t + amount_t_per_t
        if element in section.alloying_intensity:
            reference = f"plant:{key}.alloying_intensity.{element}"
            intensity = ctx.required(f"{key}.alloying_intensity.{element}", "t CO2e/t")
        else:
            reference = f"alloying.{element}.co2e"
            intensity = ctx.factor_value(reference, "t CO2e/t", f"{key}.alloying.{element}")
        activities.append(
            Activity(
                stage,
                "alloying",
                3,
                f"{element} addition",
                amount_t_per_t,
                "t/t",
                (FactorUse("CO2e", intensity, reference),),
            )
        )
    return activities, total_t_per_t
