"""Primary route: alumina, anodes or paste, electrolysis (electricity, PFC), casting."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from aluco2.inventory._context import Context, q
from aluco2.inventory._model import Activity, DefaultUse, FactorUse, Omission, RouteInventory
from aluco2.inventory._supply import (
    alloying,
    electricity_supply,
    energy_use,
    materials,
)
from aluco2.methods import ipcc_aluminium
from aluco2.units import Q_

if TYPE_CHECKING:
    from aluco2.plant import AnodeBaking, Casting, PrimaryRoute
    from aluco2.units import Quantity


def _alumina(ctx: Context, route: PrimaryRoute, per_product: np.ndarray) -> list[Activity]:
    key = "primary.alumina"
    consumption = ctx.value(f"{key}.consumption", "t/t", "lci.eu27.electrolysis.alumina")
    minimum = ctx.factor("physical.al_electrolysis.min_alumina", "t/t")
    if np.any(consumption < minimum):
        ctx.fail(
            f"{key}.consumption",
            f"at least the stoichiometric {minimum[0]:.4f} t of alumina per t of aluminium",
            f"{np.min(consumption):.4g} t/t",
        )
    per_t = consumption * per_product
    alumina = route.alumina
    if alumina.purchased is not None:
        if alumina.purchased.intensity is not None:
            intensity = ctx.value(f"{key}.purchased.intensity", "t CO2e/t")
            reference = f"plant:{key}.purchased.intensity"
        else:
            record = ctx.closest(
                f"supply.alumina.co2e.{alumina.purchased.region}",
                f"{key}.purchased.region",
                "shipped alumina factor",
            )
            if record is None:
                return []
            intensity, reference = ctx.array(record.quantity().m_as("t CO2e/t")), record.id
        ctx.methods.append("alumina: purchased, cradle-to-gate intensity")
        return [
            Activity(
                "alumina",
                "alumina",
                3,
                "alumina, purchased",
                per_t,
                "t/t",
                (FactorUse("CO2e", intensity, reference),),
            )
        ]
    refinery = alumina.refinery
    on_site = refinery is not None and refinery.on_site
    country = (refinery.country if refinery is not None else None) or ctx.model.country
    ctx.methods.append("alumina: refinery inventory (fuels, electricity, bauxite mining)")
    activities = energy_use(
        ctx,
        "alumina",
        f"{key}.refinery",
        refinery,
        per_t,
        "lci.eu27.alumina",
        scope3=not on_site,
        grid_country=country,
        label="alumina refinery",
    )
    bauxite = ctx.value(f"{key}.refinery.bauxite", "t/t", "lci.eu27.alumina.bauxite") * per_t
    mining = refinery.bauxite_mining if refinery is not None else None
    activities += energy_use(
        ctx,
        "alumina",
        f"{key}.refinery.bauxite_mining",
        mining,
        bauxite,
        "lci.eu27.bauxite",
        scope3=True,
        grid_country=country,
        label="bauxite mining",
    )
    for omitted in ("caustic soda", "lime"):
        ctx.omitted.append(Omission(f"{key}.refinery", f"{omitted}: no shipped intensity"))
    if not on_site:
        activities = [dataclasses.replace(a, source="alumina") for a in activities]
    return activities


def _baking(
    ctx: Context, baking: AnodeBaking | None, anode_t_per_t: np.ndarray, per_product: np.ndarray
) -> list[Activity]:
    key = "primary.anodes.baking"
    given_ba = ctx.given(f"{key}.baked_anodes", "t/t")
    if given_ba is None:
        ctx.defaults.append(
            DefaultUse(
                f"{key}.baked_anodes",
                "primary.anodes.net_consumption",
                "baked anodes per t Al = net anode consumption "
                "(as in the European Aluminium LCI chain)",
            )
        )
    baked = given_ba if given_ba is not None else anode_t_per_t
    activities = energy_use(
        ctx,
        "anode_production",
        key,
        baking,
        baked * per_product,
        "lci.eu27.anode",
        label="anode baking",
    )
    pcc = q(ctx.value(f"{key}.packing_coke", "t/t", "ipcc2006.al.tier2.packing_coke"), "t/t")
    s_pc = q(
        ctx.value(f"{key}.packing_coke_sulphur", "%", "ipcc2006.al.tier2.packing_coke_sulphur"), "%"
    )
    ash_pc = q(ctx.value(f"{key}.packing_coke_ash", "%", "ipcc2006.al.tier2.packing_coke_ash"), "%")
    packing = ipcc_aluminium.packing_coke_co2(pcc, q(baked, "t"), s_pc, ash_pc).m_as("t CO2")
    activities.append(
        direct(
            "anode_production",
            "anode",
            "packing coke (IPCC Eq. 4.23)",
            packing * per_product,
            "CO2",
        )
    )
    green = ctx.given(f"{key}.green_anodes", "t/t")
    if green is None:
        ctx.omitted.append(
            Omission(
                f"{key}.green_anodes", "pitch volatiles (IPCC Eq. 4.22) need green and baked anodes"
            )
        )
        return activities
    hydrogen = green * ctx.value(
        f"{key}.hydrogen_in_green_anodes", "", "ipcc2006.al.tier2.green_anode_hydrogen"
    )
    tar = ctx.given(f"{key}.waste_tar", "t/t")
    if tar is None and baking is not None and baking.furnace == "riedhammer":
        tar = green * ctx.value(f"{key}.waste_tar", "", "ipcc2006.al.tier2.waste_tar_riedhammer")
    elif tar is None:
        ctx.methods.append("waste tar of non-Riedhammer furnaces: insignificant (IPCC 2006)")
        tar = ctx.array(0.0)
    volatiles = ipcc_aluminium.pitch_volatiles_co2(
        q(green, "t"), q(hydrogen, "t"), q(baked, "t"), q(tar, "t")
    ).m_as("t CO2")
    activities.append(
        direct(
            "anode_production",
            "anode",
            "pitch volatiles (IPCC Eq. 4.22)",
            volatiles * per_product,
            "CO2",
        )
    )
    return activities


def direct(stage: str, source: str, label: str, amount_t_per_t: np.ndarray, gas: str) -> Activity:
    """Return a gas emitted by a process per t of product (factor 1 t gas per t gas)."""
    return Activity(
        stage,
        source,
        1,
        label,
        amount_t_per_t,
        f"t {gas}/t",
        (FactorUse(gas, np.ones_like(amount_t_per_t), "emitted directly"),),
    )


def _anodes(ctx: Context, route: PrimaryRoute, per_product: np.ndarray) -> list[Activity]:
    key = "primary.anodes"
    nac = ctx.value(f"{key}.net_consumption", "t/t", "lci.eu27.electrolysis.anode")
    sulphur = ctx.value(f"{key}.sulphur", "%", "ipcc2006.al.tier2.anode_sulphur")
    ash = ctx.value(f"{key}.ash", "%", "ipcc2006.al.tier2.anode_ash")
    carbon = nac * (1 - (sulphur + ash) / 100)
    minimum = ctx.factor("physical.al_electrolysis.min_carbon", "t/t")
    if np.any(carbon < minimum):
        ctx.fail(
            f"{key}.net_consumption",
            f"enough anode carbon for electrolysis: net consumption x (1 - sulphur - ash) of "
            f"at least the stoichiometric {minimum[0]:.4f} t C per t of aluminium",
            f"{np.min(nac):.4g} t/t",
        )
        return []
    ctx.methods.append("anode CO2: IPCC 2006 Tier 2 (Eq. 4.21)")
    co2 = ipcc_aluminium.prebake_anode_co2(
        q(nac, "t/t"), Q_(1.0, "t"), q(sulphur, "%"), q(ash, "%")
    ).m_as("t CO2")
    activities = [
        direct(
            "electrolysis", "anode", "anode consumption (IPCC Eq. 4.21)", co2 * per_product, "CO2"
        )
    ]
    anodes = route.anodes
    if anodes is not None and anodes.purchased_intensity is not None:
        intensity = ctx.value(f"{key}.purchased_intensity", "t CO2e/t")
        activities.append(
            Activity(
                "anode_production",
                "materials",
                3,
                "anodes, purchased",
                nac * per_product,
                "t/t",
                (FactorUse("CO2e", intensity, f"plant:{key}.purchased_intensity"),),
            )
        )
    else:
        activities += _baking(ctx, anodes.baking if anodes else None, nac, per_product)
        ctx.omitted.append(
            Omission(f"{key}.baking", "upstream of calcined coke and pitch: no shipped intensity")
        )
    return activities


def _paste(ctx: Context, route: PrimaryRoute, per_product: np.ndarray) -> list[Activity]:
    key = "primary.paste"
    paste = route.paste
    assert paste is not None  # guaranteed by the plant schema for Soderberg technologies
    technology = route.electrolysis.technology
    t2 = "ipcc2006.al.tier2"

    def value(name: str, unit: str, default: str | None = None) -> Quantity:
        return q(ctx.value(f"{key}.{name}", unit, default), unit)

    ctx.methods.append("Soderberg paste CO2: IPCC 2006 Tier 2 (Eq. 4.24)")
    consumption = value("consumption", "t/t")
    co2 = ipcc_aluminium.soderberg_paste_co2(
        consumption,
        Q_(1.0, "t"),
        value("cyclohexane_soluble_matter", "kg/t", f"{t2}.csm.{technology}"),
        value("binder_content", "%", f"{t2}.binder_content.{paste.kind}_paste"),
        value("pitch_sulphur", "%", f"{t2}.pitch_sulphur"),
        value("pitch_ash", "%", f"{t2}.pitch_ash"),
        value("pitch_hydrogen", "%", f"{t2}.pitch_hydrogen"),
        value("coke_sulphur", "%", f"{t2}.coke_sulphur"),
        value("coke_ash", "%", f"{t2}.coke_ash"),
        value("skimmed_dust_carbon", "t/t", f"{t2}.skimmed_dust_carbon"),
    ).m_as("t CO2")
    activities = [
        direct("electrolysis", "anode", "Soderberg paste (IPCC Eq. 4.24)", co2 * per_product, "CO2")
    ]
    ctx.omitted.append(Omission(key, "upstream of paste coke and pitch: no shipped intensity"))
    if paste.production is not None:
        activities += energy_use(
            ctx,
            "anode_production",
            f"{key}.production",
            paste.production,
            consumption.m_as("t/t") * per_product,
            None,
            label="paste plant",
        )
    else:
        ctx.omitted.append(Omission(f"{key}.production", "paste plant energy: not given"))
    return activities


_PFC_TABLES = {
    "ipcc2006": ("ipcc2006.al.slope_cf4", "ipcc2006.al.c2f6_per_cf4", "IPCC 2006 Table 4.16"),
    "cbam_ir2025_2547": (
        "cbam.ir2025_2547.slope_cf4",
        "cbam.ir2025_2547.slope_c2f6_per_cf4",
        "IR (EU) 2025/2547 Annex II B.7 Table 2",
    ),
}


def _coefficient(ctx: Context, key: str, table_id: str, unit: str) -> tuple[np.ndarray, str]:
    given = ctx.given(key, unit)
    if given is not None:
        return given, f"plant:{key}"
    if table_id not in ctx.factors:
        ctx.fail(
            key,
            f"a coefficient of the chosen table ({table_id!r} does not exist)",
            hint="Choose another method or table, or give the installation's coefficient.",
        )
        return ctx.array(np.nan), table_id
    return ctx.factor(table_id, unit), table_id


def _pfc(ctx: Context, route: PrimaryRoute, per_product: np.ndarray) -> list[Activity]:
    key = "primary.electrolysis.pfc"
    pfc = route.electrolysis.pfc
    technology = route.electrolysis.technology
    one_t = Q_(1.0, "t")
    if pfc.method == "measured":
        ctx.methods.append("PFC: measured (installation data)")
        cf4, c2f6 = ctx.given(f"{key}.cf4", "t CF4/t"), ctx.given(f"{key}.c2f6", "t C2F6/t")
        cf4_ref, c2f6_ref = f"plant:{key}.cf4", f"plant:{key}.c2f6"
    elif pfc.method == "tier1":
        ctx.methods.append("PFC: IPCC 2006 Tier 1 (Eq. 4.25, Table 4.15)")
        cf4_ref, c2f6_ref = (f"ipcc2006.al.tier1_{gas}.{technology}" for gas in ("cf4", "c2f6"))
        if cf4_ref not in ctx.factors:
            ctx.fail(
                f"{key}.method",
                f"a method with factors for {technology}",
                "tier1",
                hint="IPCC 2006 Tier 1 covers CWPB, SWPB, VSS and HSS; use 'slope' with "
                "coefficients 'cbam_ir2025_2547' for point-feed prebake cells.",
            )
            return []
        cf4_q, c2f6_q = ipcc_aluminium.tier1_pfc(
            one_t,
            q(ctx.factor(cf4_ref, "kg CF4/t"), "kg CF4/t"),
            q(ctx.factor(c2f6_ref, "kg C2F6/t"), "kg C2F6/t"),
        )
        cf4, c2f6 = cf4_q.m_as("t CF4"), c2f6_q.m_as("t C2F6")
    else:
        if pfc.method == "slope":
            slope_table, fraction_table, table_name = _PFC_TABLES[pfc.coefficients]
            ctx.methods.append(f"PFC: slope method (IPCC Eq. 4.26) with {table_name}")
            if pfc.anode_effect_minutes is not None:
                aem = q(ctx.given(f"{key}.anode_effect_minutes", "min/d"), "min/d")  # type: ignore[arg-type]
            else:
                aem = ipcc_aluminium.anode_effect_minutes(
                    q(ctx.given(f"{key}.anode_effect_frequency", "1/d"), "1/d"),  # type: ignore[arg-type]
                    q(ctx.given(f"{key}.anode_effect_duration", "min"), "min"),  # type: ignore[arg-type]
                )
            slope, cf4_ref = _coefficient(
                ctx, f"{key}.slope_cf4", f"{slope_table}.{technology}", "(kg CF4/t)/(min/d)"
            )
            cf4_q = ipcc_aluminium.pfc_cf4_slope_method(aem, q(slope, "(kg CF4/t)/(min/d)"), one_t)
        else:
            fraction_table = "cbam.ir2025_2547.overvoltage_c2f6_per_cf4"
            ctx.methods.append("PFC: overvoltage method (IR 2025/2547 Eq. 24, Table 3)")
            ovc, cf4_ref = _coefficient(
                ctx,
                f"{key}.overvoltage_coefficient",
                f"cbam.ir2025_2547.overvoltage_cf4.{technology}",
                "(kg CF4/t)/mV",
            )
            cf4_q = ipcc_aluminium.pfc_cf4_overvoltage_method(
                q(ovc, "(kg CF4/t)/mV"),
                q(ctx.given(f"{key}.overvoltage", "mV"), "mV"),  # type: ignore[arg-type]
                q(ctx.given(f"{key}.current_efficiency", "%"), "%"),  # type: ignore[arg-type]
                one_t,
            )
        fraction, c2f6_ref = _coefficient(
            ctx, f"{key}.c2f6_per_cf4", f"{fraction_table}.{technology}", "kg C2F6/kg CF4"
        )
        c2f6_q = ipcc_aluminium.c2f6_from_cf4(cf4_q, q(fraction, "kg C2F6/kg CF4"))
        cf4, c2f6 = cf4_q.m_as("t CF4"), c2f6_q.m_as("t C2F6")
    return [
        Activity(
            "electrolysis",
            "pfc",
            1,
            "CF4 from anode effects",
            cf4 * per_product,
            "t CF4/t",
            (FactorUse("CF4", np.ones(ctx.size), cf4_ref),),
        ),
        Activity(
            "electrolysis",
            "pfc",
            1,
            "C2F6 from anode effects",
            c2f6 * per_product,
            "t C2F6/t",
            (FactorUse("C2F6", np.ones(ctx.size), c2f6_ref),),
        ),
    ]


def _electrolysis_electricity(ctx: Context, per_product: np.ndarray) -> list[Activity]:
    key = "primary.electrolysis.electricity"
    given = ctx.given(key, "MWh/t")
    if given is None:
        record = ctx.closest("iai.smelting_ac.GLO", key, "world smelting electricity")
        if record is None:
            return []
        ctx.use_default(key, record)
        given = ctx.array(record.quantity().m_as("MWh/t"))
    return electricity_supply(ctx, "electrolysis", given * per_product, "electrolysis")


def _casting(
    ctx: Context, key: str, casting: Casting, defaults: str | None
) -> tuple[list[Activity], np.ndarray]:
    """Casthouse activities and the mass added to the liquid metal per t of product."""
    activities, alloying_t_per_t = alloying(ctx, "casting", key, casting)
    activities += energy_use(
        ctx, "casting", key, casting, ctx.array(1.0), defaults, label="casting"
    )
    used, metal_t_per_t = materials(
        ctx, "casting", f"{key}.materials", casting.materials, ctx.array(1.0)
    )
    return activities + used, alloying_t_per_t + metal_t_per_t


def primary_route(ctx: Context, route: PrimaryRoute) -> RouteInventory:
    casting, added_t_per_t = _casting(ctx, "primary.casting", route.casting, "lci.eu27.casting")
    liquid_metal = 1.0 - added_t_per_t
    if np.any(liquid_metal <= 0):
        ctx.fail(
            "primary.casting",
            "alloying additions and metal in materials of less than 1 t per t of product",
        )
    activities = _alumina(ctx, route, liquid_metal)
    if route.electrolysis.technology in ("VSS", "HSS"):
        activities += _paste(ctx, route, liquid_metal)
    else:
        activities += _anodes(ctx, route, liquid_metal)
    activities += _electrolysis_electricity(ctx, liquid_metal)
    activities += _pfc(ctx, route, liquid_metal)
    activities += materials(
        ctx,
        "electrolysis",
        "primary.electrolysis.materials",
        route.electrolysis.materials,
        liquid_metal,
    )[0]
    return RouteInventory("primary", tuple(activities + casting))
