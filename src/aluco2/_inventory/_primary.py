"""Primary route: alumina, anodes or paste, electrolysis (electricity, PFC), casting.

Amounts of electrolysis and everything upstream of it are computed per tonne of liquid
aluminium and scaled to the product by ``liquid metal per t of product`` (1 minus the
casthouse's additions); casting amounts are per tonne of product.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from aluco2._inventory._context import Context
from aluco2._inventory._model import Activity, DefaultUse, FactorUse, Omission, RouteInventory
from aluco2._inventory._supply import alloying, electricity_supply, energy_use, materials
from aluco2._methods import ipcc_aluminium
from aluco2._units import Q_

if TYPE_CHECKING:
    from aluco2._plant import AnodeBaking, PrimaryRoute

__all__ = ["LIQUID_METAL_STAGES", "direct_emission", "primary_route"]

LIQUID_METAL_STAGES = ("alumina", "anode_production", "electrolysis")
"""Stages that make liquid aluminium (everything before the casthouse)."""

_ONE_TONNE = Q_(1.0, "t")
_PFC_SLOPE_TABLES = {
    "ipcc2006": ("ipcc2006.al.slope_cf4", "ipcc2006.al.c2f6_per_cf4", "IPCC 2006 Table 4.16"),
    "cbam_ir2025_2547": (
        "cbam.ir2025_2547.slope_cf4",
        "cbam.ir2025_2547.slope_c2f6_per_cf4",
        "IR (EU) 2025/2547 Annex II B.7 Table 2",
    ),
}


def direct_emission(
    stage: str,
    source: str,
    label: str,
    gas_t_per_t: np.ndarray,
    gas: str,
    inputs: tuple[str, ...],
) -> Activity:
    """Return a gas emitted by a process per t of product, with the inputs that computed it."""
    return Activity(
        stage,
        source,
        1,
        label,
        gas_t_per_t,
        f"t {gas}/t",
        (FactorUse(gas, np.ones_like(gas_t_per_t), label),),
        inputs=inputs,
    )


def _reference(ctx: Context, key: str, default: str) -> str:
    """Return the plant key path if the plant gives ``key``, else the default factor id."""
    return f"plant:{key}" if ctx.has(key) else default


# -- alumina -------------------------------------------------------------------------------


def _alumina(ctx: Context, route: PrimaryRoute, liquid_t_per_t: np.ndarray) -> list[Activity]:
    key = "primary.alumina"
    consumption_t_per_t = ctx.plant_or_default(
        f"{key}.consumption", "t/t", "lci.eu27.electrolysis.alumina"
    )
    minimum_t_per_t = ctx.factors.exact_magnitude("physical.al_electrolysis.min_alumina", "t/t")
    if np.any(consumption_t_per_t < minimum_t_per_t):
        ctx.fail(
            f"{key}.consumption",
            f"at least the stoichiometric {minimum_t_per_t:.6g} t of alumina per t of aluminium",
            f"{np.min(consumption_t_per_t):.4g} t/t",
        )
    alumina_t_per_t = consumption_t_per_t * liquid_t_per_t
    alumina = route.alumina
    if alumina.purchased is not None:
        return [_purchased_alumina(ctx, key, alumina.purchased.region, alumina_t_per_t)]
    refinery = alumina.refinery
    on_site = refinery is not None and refinery.on_site
    country = refinery.country if refinery is not None else None
    if country is None:
        ctx.defaults.append(
            DefaultUse(f"{key}.refinery.country", "the plant's country", ctx.model.country)
        )
        country = ctx.model.country
    ctx.methods.append("alumina: refinery inventory (fuels, electricity, bauxite mining)")
    activities = energy_use(
        ctx,
        "alumina",
        f"{key}.refinery",
        refinery,
        alumina_t_per_t,
        "lci.eu27.alumina",
        scope3=not on_site,
        grid_country=country,
        label="alumina refinery",
    )
    bauxite_t_per_t = alumina_t_per_t * ctx.plant_or_default(
        f"{key}.refinery.bauxite", "t/t", "lci.eu27.alumina.bauxite"
    )
    mining = refinery.bauxite_mining if refinery is not None else None
    activities += energy_use(
        ctx,
        "alumina",
        f"{key}.refinery.bauxite_mining",
        mining,
        bauxite_t_per_t,
        "lci.eu27.bauxite",
        scope3=True,
        grid_country=country,
        label="bauxite mining",
    )
    for omitted in ("caustic soda", "lime"):
        ctx.omitted.append(
            Omission(
                f"{key}.refinery",
                f"{omitted}: no shipped intensity "
                "(give it as a material of the refinery's supplier data)",
            )
        )
    if not on_site:
        activities = [dataclasses.replace(a, source="alumina") for a in activities]
    return activities


def _purchased_alumina(
    ctx: Context, key: str, region: str | None, alumina_t_per_t: np.ndarray
) -> Activity:
    ctx.methods.append("alumina: purchased, cradle-to-gate intensity")
    if region is None:
        intensity = ctx.required(f"{key}.purchased.intensity", "t CO2e/t")
        reference = f"plant:{key}.purchased.intensity"
    else:
        record = ctx.closest(
            f"supply.alumina.co2e.{region}", f"{key}.purchased.region", "shipped alumina factor"
        )
        if record is None:
            intensity, reference = ctx.array(np.nan), "missing"
        else:
            ctx.use_default(f"{key}.purchased.intensity", record)
            intensity, reference = ctx.record_value(record, "t CO2e/t"), record.id
    return Activity(
        "alumina",
        "alumina",
        3,
        "alumina, purchased",
        alumina_t_per_t,
        "t/t",
        (FactorUse("CO2e", intensity, reference),),
    )


# -- anodes and paste ----------------------------------------------------------------------


def _baking(
    ctx: Context, baking: AnodeBaking | None, nac_t_per_t: np.ndarray, liquid_t_per_t: np.ndarray
) -> list[Activity]:
    key = "primary.anodes.baking"
    t2 = "ipcc2006.al.tier2"
    baked_t_per_t = ctx.plant_value(f"{key}.baked_anodes", "t/t")
    if baked_t_per_t is None:
        ctx.defaults.append(
            DefaultUse(
                f"{key}.baked_anodes",
                _reference(ctx, "primary.anodes.net_consumption", "lci.eu27.electrolysis.anode"),
                "baked anodes per t of aluminium = net anode consumption (European Aluminium LCI "
                "chain)",
            )
        )
        baked_t_per_t = nac_t_per_t
    activities = energy_use(
        ctx,
        "anode_production",
        key,
        baking,
        baked_t_per_t * liquid_t_per_t,
        "lci.eu27.anode",
        label="anode baking",
    )
    pcc = ctx.plant_or_default(f"{key}.packing_coke", "t/t", f"{t2}.packing_coke")
    s_pc = ctx.plant_or_default(f"{key}.packing_coke_sulphur", "%", f"{t2}.packing_coke_sulphur")
    ash_pc = ctx.plant_or_default(f"{key}.packing_coke_ash", "%", f"{t2}.packing_coke_ash")
    packing_t_per_t = ctx.run(
        f"{key}.packing_coke",
        lambda: ipcc_aluminium.packing_coke_co2(
            Q_(pcc, "t/t"), Q_(baked_t_per_t, "t"), Q_(s_pc, "%"), Q_(ash_pc, "%")
        ),
        "t CO2",
    )
    activities.append(
        direct_emission(
            "anode_production",
            "anode",
            "packing coke (IPCC Eq. 4.23)",
            packing_t_per_t * liquid_t_per_t,
            "CO2",
            (f"{t2}.packing_coke", f"{t2}.packing_coke_sulphur", f"{t2}.packing_coke_ash"),
        )
    )
    green_t_per_t = ctx.plant_value(f"{key}.green_anodes", "t/t")
    if green_t_per_t is None or ctx.plant_value(f"{key}.baked_anodes", "t/t") is None:
        ctx.omitted.append(
            Omission(
                f"{key}.green_anodes",
                "pitch volatiles (IPCC Eq. 4.22) need the green and the baked anode masses",
            )
        )
        return activities
    hydrogen_t_per_t = green_t_per_t * ctx.plant_or_default(
        f"{key}.hydrogen_in_green_anodes", "", f"{t2}.green_anode_hydrogen"
    )
    tar_t_per_t = ctx.plant_value(f"{key}.waste_tar", "t/t")
    if tar_t_per_t is None and baking is not None and baking.furnace == "riedhammer":
        tar_t_per_t = green_t_per_t * ctx.plant_or_default(
            f"{key}.waste_tar", "", f"{t2}.waste_tar_riedhammer"
        )
    elif tar_t_per_t is None:
        ctx.methods.append("waste tar of non-Riedhammer furnaces: insignificant (IPCC 2006)")
        tar_t_per_t = ctx.array(0.0)
    volatiles_t_per_t = ctx.run(
        f"{key}.green_anodes",
        lambda: ipcc_aluminium.pitch_volatiles_co2(
            Q_(green_t_per_t, "t"),
            Q_(hydrogen_t_per_t, "t"),
            Q_(baked_t_per_t, "t"),
            Q_(tar_t_per_t, "t"),
        ),
        "t CO2",
    )
    activities.append(
        direct_emission(
            "anode_production",
            "anode",
            "pitch volatiles (IPCC Eq. 4.22)",
            volatiles_t_per_t * liquid_t_per_t,
            "CO2",
            (
                f"plant:{key}.green_anodes",
                f"plant:{key}.baked_anodes",
                f"{t2}.green_anode_hydrogen",
            ),
        )
    )
    return activities


def _anodes(ctx: Context, route: PrimaryRoute, liquid_t_per_t: np.ndarray) -> list[Activity]:
    key = "primary.anodes"
    t2 = "ipcc2006.al.tier2"
    nac_t_per_t = ctx.plant_or_default(
        f"{key}.net_consumption", "t/t", "lci.eu27.electrolysis.anode"
    )
    sulphur_pct = ctx.plant_or_default(f"{key}.sulphur", "%", f"{t2}.anode_sulphur")
    ash_pct = ctx.plant_or_default(f"{key}.ash", "%", f"{t2}.anode_ash")
    carbon_t_per_t = ctx.run(
        f"{key}.net_consumption",
        lambda: ipcc_aluminium.carbon_content(
            Q_(nac_t_per_t, "t/t"), Q_(sulphur_pct, "%"), Q_(ash_pct, "%")
        ),
        "t/t",
    )
    minimum_t_per_t = ctx.factors.exact_magnitude("physical.al_electrolysis.min_carbon", "t/t")
    if np.any(carbon_t_per_t < minimum_t_per_t):
        ctx.fail(
            f"{key}.net_consumption",
            "enough anode carbon for electrolysis: net consumption x (1 - sulphur - ash) of "
            f"at least the stoichiometric {minimum_t_per_t:.6g} t C per t of aluminium",
            f"{np.min(nac_t_per_t):.4g} t/t",
        )
    ctx.methods.append("anode CO2: IPCC 2006 Tier 2 (Eq. 4.21)")
    co2_t_per_t = ctx.run(
        f"{key}.net_consumption",
        lambda: ipcc_aluminium.prebake_anode_co2(
            Q_(nac_t_per_t, "t/t"), _ONE_TONNE, Q_(sulphur_pct, "%"), Q_(ash_pct, "%")
        ),
        "t CO2",
    )
    inputs = (
        _reference(ctx, f"{key}.net_consumption", "lci.eu27.electrolysis.anode"),
        _reference(ctx, f"{key}.sulphur", f"{t2}.anode_sulphur"),
        _reference(ctx, f"{key}.ash", f"{t2}.anode_ash"),
    )
    activities = [
        direct_emission(
            "electrolysis",
            "anode",
            "anode consumption (IPCC Eq. 4.21)",
            co2_t_per_t * liquid_t_per_t,
            "CO2",
            inputs,
        )
    ]
    anodes = route.anodes
    if anodes is not None and anodes.purchased_intensity is not None:
        intensity = ctx.required(f"{key}.purchased_intensity", "t CO2e/t")
        activities.append(
            Activity(
                "anode_production",
                "materials",
                3,
                "anodes, purchased",
                nac_t_per_t * liquid_t_per_t,
                "t/t",
                (FactorUse("CO2e", intensity, f"plant:{key}.purchased_intensity"),),
            )
        )
        return activities
    activities += _baking(ctx, anodes.baking if anodes else None, nac_t_per_t, liquid_t_per_t)
    ctx.omitted.append(
        Omission(
            f"{key}.baking",
            "upstream of calcined coke and pitch: no "
            "shipped intensity (give it with purchased_intensity)",
        )
    )
    return activities


def _paste(ctx: Context, route: PrimaryRoute, liquid_t_per_t: np.ndarray) -> list[Activity]:
    key = "primary.paste"
    paste = route.paste
    assert paste is not None  # the plant schema requires paste for Soderberg technologies
    technology = route.electrolysis.technology
    t2 = "ipcc2006.al.tier2"
    defaults = {
        "cyclohexane_soluble_matter": ("kg/t", f"{t2}.csm.{technology}"),
        "binder_content": ("%", f"{t2}.binder_content.{paste.kind}_paste"),
        "pitch_sulphur": ("%", f"{t2}.pitch_sulphur"),
        "pitch_ash": ("%", f"{t2}.pitch_ash"),
        "pitch_hydrogen": ("%", f"{t2}.pitch_hydrogen"),
        "coke_sulphur": ("%", f"{t2}.coke_sulphur"),
        "coke_ash": ("%", f"{t2}.coke_ash"),
        "skimmed_dust_carbon": ("t/t", f"{t2}.skimmed_dust_carbon"),
    }
    values = {
        name: Q_(ctx.plant_or_default(f"{key}.{name}", unit, default), unit)
        for name, (unit, default) in defaults.items()
    }
    consumption_t_per_t = ctx.required(f"{key}.consumption", "t/t")
    ctx.methods.append("Soderberg paste CO2: IPCC 2006 Tier 2 (Eq. 4.24)")
    co2_t_per_t = ctx.run(
        f"{key}.consumption",
        lambda: ipcc_aluminium.soderberg_paste_co2(
            Q_(consumption_t_per_t, "t/t"), _ONE_TONNE, **values
        ),
        "t CO2",
    )
    inputs = (
        f"plant:{key}.consumption",
        *(_reference(ctx, f"{key}.{n}", d) for n, (_, d) in defaults.items()),
    )
    activities = [
        direct_emission(
            "electrolysis",
            "anode",
            "Soderberg paste (IPCC Eq. 4.24)",
            co2_t_per_t * liquid_t_per_t,
            "CO2",
            inputs,
        )
    ]
    ctx.omitted.append(Omission(key, "upstream of paste coke and pitch: no shipped intensity"))
    if paste.production is None:
        ctx.omitted.append(Omission(f"{key}.production", "paste plant energy: not given"))
        return activities
    return activities + energy_use(
        ctx,
        "anode_production",
        f"{key}.production",
        paste.production,
        consumption_t_per_t * liquid_t_per_t,
        None,
        label="paste plant",
    )


# -- electrolysis --------------------------------------------------------------------------


def _coefficient(ctx: Context, key: str, table_id: str, unit: str) -> tuple[np.ndarray, str]:
    """Return the installation-specific coefficient of the plant, else the table value."""
    given = ctx.plant_value(key, unit)
    if given is not None:
        return given, f"plant:{key}"
    if table_id not in ctx.factors:
        ctx.fail(
            key,
            f"a coefficient of the chosen table ({table_id!r} does not exist)",
            hint="Choose another method or table, or give the installation's coefficient.",
        )
        return ctx.array(np.nan), table_id
    return ctx.factor_value(table_id, unit), table_id


TIER1_ROW = {"PFPB_L": "CWPB", "PFPB_M": "CWPB"}
"""IPCC 2006 Table 4.15 row of cell technologies it does not list: point-fed prebake cells
are centre-worked prebake cells in the 2006 classification (the split into PFPB_L and
PFPB_M is that of IR (EU) 2025/2547 Table 2)."""


def _pfc_tier1(ctx: Context, route: PrimaryRoute) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    key = "primary.electrolysis.pfc"
    technology = route.electrolysis.technology
    row = TIER1_ROW.get(technology, technology)
    cf4_id, c2f6_id = (f"ipcc2006.al.tier1_{gas}.{row}" for gas in ("cf4", "c2f6"))
    method = "PFC: IPCC 2006 Tier 1 (Eq. 4.25, Table 4.15)"
    if row != technology:
        method += f", {row} factors for {technology} (point-fed prebake); the slope method"
        method += " with the plant's anode-effect minutes is far closer for modern cells"
    ctx.methods.append(method)
    if cf4_id not in ctx.factors:
        ctx.fail(
            f"{key}.method",
            f"a method with factors for {technology}",
            "tier1",
            hint="IPCC 2006 Tier 1 covers CWPB, SWPB, VSS and HSS (and point-fed prebake as "
            "CWPB); use 'slope' with the plant's anode-effect minutes.",
        )
        return ctx.array(np.nan), ctx.array(np.nan), ()
    cf4, c2f6 = ipcc_aluminium.tier1_pfc(
        _ONE_TONNE,
        Q_(ctx.factor_value(cf4_id, "kg CF4/t"), "kg CF4/t"),
        Q_(ctx.factor_value(c2f6_id, "kg C2F6/t"), "kg C2F6/t"),
    )
    return cf4.m_as("t CF4"), c2f6.m_as("t C2F6"), (cf4_id, c2f6_id)


def _pfc_slope(ctx: Context, route: PrimaryRoute) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    key = "primary.electrolysis.pfc"
    pfc = route.electrolysis.pfc
    technology = route.electrolysis.technology
    slope_table, fraction_table, table_name = _PFC_SLOPE_TABLES[pfc.coefficients]
    ctx.methods.append(f"PFC: slope method (IPCC Eq. 4.26) with {table_name}")
    aem = ctx.plant_value(f"{key}.anode_effect_minutes", "min/d")
    if aem is not None:
        inputs = [f"plant:{key}.anode_effect_minutes"]
    else:
        frequency = ctx.plant_value(f"{key}.anode_effect_frequency", "1/d")
        duration = ctx.plant_value(f"{key}.anode_effect_duration", "min")
        aem = ctx.run(
            f"{key}.anode_effect_frequency",
            lambda: ipcc_aluminium.anode_effect_minutes(Q_(frequency, "1/d"), Q_(duration, "min")),
            "min/d",
        )
        inputs = [f"plant:{key}.anode_effect_frequency", f"plant:{key}.anode_effect_duration"]
    slope, slope_ref = _coefficient(
        ctx, f"{key}.slope_cf4", f"{slope_table}.{technology}", "(kg CF4/t)/(min/d)"
    )
    fraction, fraction_ref = _coefficient(
        ctx, f"{key}.c2f6_per_cf4", f"{fraction_table}.{technology}", "kg C2F6/kg CF4"
    )
    cf4 = ctx.run(
        f"{key}.anode_effect_minutes",
        lambda: ipcc_aluminium.pfc_cf4_slope_method(
            Q_(aem, "min/d"), Q_(slope, "(kg CF4/t)/(min/d)"), _ONE_TONNE
        ),
        "t CF4",
    )
    c2f6 = ipcc_aluminium.c2f6_from_cf4(Q_(cf4, "t CF4"), Q_(fraction, "kg C2F6/kg CF4"))
    return cf4, c2f6.m_as("t C2F6"), (*inputs, slope_ref, fraction_ref)


def _pfc_overvoltage(
    ctx: Context, route: PrimaryRoute
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    key = "primary.electrolysis.pfc"
    technology = route.electrolysis.technology
    ctx.methods.append("PFC: overvoltage method (IR 2025/2547 Eq. 24, Table 3)")
    ovc, ovc_ref = _coefficient(
        ctx,
        f"{key}.overvoltage_coefficient",
        f"cbam.ir2025_2547.overvoltage_cf4.{technology}",
        "(kg CF4/t)/mV",
    )
    fraction, fraction_ref = _coefficient(
        ctx,
        f"{key}.c2f6_per_cf4",
        f"cbam.ir2025_2547.overvoltage_c2f6_per_cf4.{technology}",
        "kg C2F6/kg CF4",
    )
    overvoltage = ctx.plant_value(f"{key}.overvoltage", "mV")
    efficiency = ctx.plant_value(f"{key}.current_efficiency", "%")
    cf4 = ctx.run(
        f"{key}.overvoltage",
        lambda: ipcc_aluminium.pfc_cf4_overvoltage_method(
            Q_(ovc, "(kg CF4/t)/mV"), Q_(overvoltage, "mV"), Q_(efficiency, "%"), _ONE_TONNE
        ),
        "t CF4",
    )
    c2f6 = ipcc_aluminium.c2f6_from_cf4(Q_(cf4, "t CF4"), Q_(fraction, "kg C2F6/kg CF4"))
    inputs = (f"plant:{key}.overvoltage", f"plant:{key}.current_efficiency", ovc_ref, fraction_ref)
    return cf4, c2f6.m_as("t C2F6"), inputs


def _pfc_measured(
    ctx: Context, route: PrimaryRoute
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    key = "primary.electrolysis.pfc"
    ctx.methods.append("PFC: measured (installation data)")
    cf4 = ctx.required(f"{key}.cf4", "t CF4/t")
    c2f6 = ctx.required(f"{key}.c2f6", "t C2F6/t")
    return cf4, c2f6, (f"plant:{key}.cf4", f"plant:{key}.c2f6")


_PFC_METHODS = {
    "tier1": _pfc_tier1,
    "slope": _pfc_slope,
    "overvoltage": _pfc_overvoltage,
    "measured": _pfc_measured,
}


def _pfc(ctx: Context, route: PrimaryRoute, liquid_t_per_t: np.ndarray) -> list[Activity]:
    cf4_t_per_t, c2f6_t_per_t, inputs = _PFC_METHODS[route.electrolysis.pfc.method](ctx, route)
    return [
        direct_emission(
            "electrolysis",
            "pfc",
            "CF4 from anode effects",
            cf4_t_per_t * liquid_t_per_t,
            "CF4",
            inputs,
        ),
        direct_emission(
            "electrolysis",
            "pfc",
            "C2F6 from anode effects",
            c2f6_t_per_t * liquid_t_per_t,
            "C2F6",
            inputs,
        ),
    ]


def _electrolysis_electricity(ctx: Context, liquid_t_per_t: np.ndarray) -> list[Activity]:
    key = "primary.electrolysis.electricity"
    mwh_per_t = ctx.plant_value(key, "MWh/t")
    if mwh_per_t is None:
        record = ctx.closest("iai.smelting_ac.GLO", key, "world smelting electricity")
        if record is None:
            return []
        ctx.use_default(key, record)
        mwh_per_t = ctx.record_value(record, "MWh/t")
    return electricity_supply(ctx, "electrolysis", mwh_per_t * liquid_t_per_t, "electrolysis")


def _metal_charged(ctx: Context, key: str) -> np.ndarray:
    """Metal charged per t of cast product: ``1 / metal yield`` (1 when no yield is given)."""
    metal_yield = ctx.plant_value(f"{key}.metal_yield", "")
    if metal_yield is None:
        ctx.omitted.append(
            Omission(f"{key}.metal_yield", "casthouse metal loss to dross: not given, none counted")
        )
        return ctx.array(1.0)
    return 1.0 / metal_yield


def primary_route(ctx: Context, route: PrimaryRoute) -> RouteInventory:
    """Return the activities of the primary route per tonne of cast product.

    Parameters
    ----------
    ctx : Context
        The build.
    route : PrimaryRoute
        The plant's primary route.

    Returns
    -------
    RouteInventory
        Its activities, with the liquid metal per tonne of product.
    """
    key = "primary.casting"
    one = ctx.array(1.0)
    casting, added_t_per_t = alloying(ctx, "casting", key, route.casting)
    casting += energy_use(
        ctx, "casting", key, route.casting, one, "lci.eu27.casting", label="casting"
    )
    used, metal_t_per_t = materials(
        ctx, "casting", f"{key}.materials", route.casting.materials, one
    )
    casting += used
    liquid_t_per_t = _metal_charged(ctx, key) - added_t_per_t - metal_t_per_t
    if np.any(liquid_t_per_t <= 0):
        ctx.fail(
            key,
            "alloying additions and metal in materials of less than 1 t per t of product",
            f"{float(np.max(added_t_per_t + metal_t_per_t)):.4g} t/t",
        )
    activities = _alumina(ctx, route, liquid_t_per_t)
    if route.electrolysis.technology in ("VSS", "HSS"):
        activities += _paste(ctx, route, liquid_t_per_t)
    else:
        activities += _anodes(ctx, route, liquid_t_per_t)
    activities += _electrolysis_electricity(ctx, liquid_t_per_t)
    activities += _pfc(ctx, route, liquid_t_per_t)
    electrolysis_materials, _ = materials(
        ctx,
        "electrolysis",
        "primary.electrolysis.materials",
        route.electrolysis.materials,
        liquid_t_per_t,
    )
    activities += electrolysis_materials
    for index, material in enumerate(route.electrolysis.materials):
        if material.metal_content is not None:
            ctx.fail(
                f"primary.electrolysis.materials[{index}].metal_content",
                "absent: metal brought into the product is counted at casting",
                material.metal_content,
                hint="Move the material to primary.casting.materials.",
            )
    if not route.electrolysis.materials:
        ctx.omitted.append(
            Omission(
                "primary.electrolysis.materials",
                "aluminium fluoride and cathode materials: no shipped intensity (give them here)",
            )
        )
    return RouteInventory("primary", tuple(activities + casting), liquid_t_per_t)
