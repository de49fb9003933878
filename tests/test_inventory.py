"""Inventory wiring: which factor, which method, which default; chemistry and mass checks."""

from __future__ import annotations

import numpy as np
import pytest

from aluco2._errors import InputErrors
from aluco2._factors import load_factor_set
from aluco2._inventory import build_inventory
from aluco2._plant import plant_from_mapping
from aluco2._units import Q_

from .conftest import SITE_HEADER, smelter_data


def _inventory(data, factors, **variations):
    return build_inventory(plant_from_mapping(data), factors, variations or None)


def _errors(data, factors, **variations) -> list[str]:
    with pytest.raises(InputErrors) as info:
        _inventory(data, factors, **variations)
    return [str(e) for e in info.value.errors]


def _references(inventory, route="primary") -> set[str]:
    return {use.reference for a in inventory.routes[route].activities for use in a.factors}


def test_defaults_are_recorded_with_their_factor(shipped):
    data = smelter_data()
    del data["primary"]["electrolysis"]["electricity"]
    inventory = _inventory(data, shipped)
    used = {d.key: d.factor for d in inventory.defaults_used}
    assert used["primary.electrolysis.electricity"] == "iai.smelting_ac.GLO.2021"
    assert used["primary.anodes.sulphur"] == "ipcc2006.al.tier2.anode_sulphur"
    assert "primary.alumina.consumption" not in used  # given in the plant file


def test_grid_factor_is_the_closest_year_of_the_plant_country(shipped):
    data = smelter_data()
    data["year"] = 2019
    assert "grid.owid_ember_2023.NO.2020" in _references(_inventory(data, shipped))
    data["year"] = 2030
    assert "grid.owid_ember_2023.NO.2021" in _references(_inventory(data, shipped))
    data["country"] = "IS"  # Iceland has no 2021 value in the release
    assert "grid.owid_ember_2023.IS.2020" in _references(_inventory(data, shipped))


def test_site_grid_dataset_wins_over_shipped(write_yaml):
    site = write_yaml(SITE_HEADER + '  - {id: grid.utility_2025.NO.2025, value: "12 g CO2e/kWh"}\n')
    factors = load_factor_set([site])
    assert "grid.utility_2025.NO.2025" in _references(_inventory(smelter_data(), factors))


@pytest.mark.parametrize(
    ("pfc", "expected"),
    [
        ({"method": "tier1"}, {"ipcc2006.al.tier1_cf4.CWPB", "ipcc2006.al.tier1_c2f6.CWPB"}),
        (
            {"method": "slope", "anode_effect_minutes": "0.1 min/d"},
            {"ipcc2006.al.slope_cf4.CWPB", "ipcc2006.al.c2f6_per_cf4.CWPB"},
        ),
        (
            {
                "method": "slope",
                "coefficients": "cbam_ir2025_2547",
                "anode_effect_frequency": "0.05 1/d",
                "anode_effect_duration": "2 min",
            },
            {"cbam.ir2025_2547.slope_cf4.CWPB", "cbam.ir2025_2547.slope_c2f6_per_cf4.CWPB"},
        ),
        (
            {"method": "overvoltage", "overvoltage": "2.5 mV", "current_efficiency": "95 %"},
            {
                "cbam.ir2025_2547.overvoltage_cf4.CWPB",
                "cbam.ir2025_2547.overvoltage_c2f6_per_cf4.CWPB",
            },
        ),
        (
            {"method": "measured", "cf4": "0.02 kg CF4/t", "c2f6": "0.002 kg C2F6/t"},
            {"plant:primary.electrolysis.pfc.cf4", "plant:primary.electrolysis.pfc.c2f6"},
        ),
    ],
)
def test_pfc_methods_use_their_tables(shipped, pfc, expected):
    data = smelter_data()
    data["primary"]["electrolysis"]["pfc"] = pfc
    inventory = _inventory(data, shipped)
    pfc_inputs = {
        name
        for a in inventory.routes["primary"].activities
        if a.source == "pfc"
        for name in a.inputs
    }
    assert expected <= pfc_inputs


def test_net_carbon_below_stoichiometry_is_refused(shipped):
    data = smelter_data()
    data["primary"]["anodes"]["net_consumption"] = "0.30 t/t"
    (message,) = _errors(data, shipped)
    assert "primary.anodes.net_consumption" in message
    assert "stoichiometric 0.333867 t C" in message  # 3 x 12.011 / (4 x 26.9815384)
    assert "'0.3 t/t'" in message


def test_alumina_below_stoichiometry_is_refused(shipped):
    data = smelter_data()
    data["primary"]["alumina"]["consumption"] = "1.80 t/t"
    (message,) = _errors(data, shipped)
    assert "primary.alumina.consumption: must be at least the stoichiometric 1.8894" in message


def test_unknown_fuel_and_missing_alloying_factor(shipped):
    data = smelter_data()
    data["primary"]["casting"] = {"fuels": {"natural_gaz": "1 GJ/t"}, "alloying": {"Si": "4 kg/t"}}
    messages = _errors(data, shipped)
    assert any("primary.casting.fuels.natural_gaz" in m and "'natural_gas'" in m for m in messages)
    assert any("primary.casting.alloying.Si" in m and "alloying.Si.co2e" in m for m in messages)


def test_fuel_given_as_mass_uses_its_ncv(shipped):
    data = smelter_data()
    data["primary"]["casting"] = {
        "fuels": {"natural_gas": "20.8333333 kg/t"},
        "electricity": "0 MWh/t",
    }
    inventory = _inventory(data, shipped)
    (fuel,) = [
        a
        for a in inventory.routes["primary"].activities
        if a.stage == "casting" and a.source == "fuel"
    ]
    assert fuel.amount[0] == pytest.approx(1.0)  # 0.0208333 t x 48.0 GJ/t = 1 GJ per t


def test_scrap_burden_needs_a_burden_for_each_origin(shipped):
    data = smelter_data()
    data["allocation"] = {"approach": "scrap-burden", "post_consumer_burden": "0.5 t CO2e/t"}
    (message,) = _errors(data, shipped)
    assert "allocation.pre_consumer_burden" in message


def test_scrap_charge_follows_mass_balance(shipped):
    data = smelter_data()
    data["allocation"] = {"approach": "scrap-burden", "pre_consumer_burden": "1 t CO2e/t"}
    data["recycled"]["primary_metal"] = {"amount": "10 %", "intensity": "4 t CO2e/t"}
    inventory = _inventory(data, shipped)
    (burden,) = [a for a in inventory.routes["recycled"].activities if a.source == "scrap_burden"]
    # 0.9 t of metal from scrap at 1.019 t of scrap per t (European Aluminium remelting data).
    assert burden.amount[0] == pytest.approx(0.9 * 1.019)


def test_variations_must_fit(shipped):
    messages = _errors(
        smelter_data(),
        shipped,
        **{
            "primary.electrolysis.electricity": Q_(np.ones((2, 2)), "MWh/t"),
            "primary.electrolysis.voltage": Q_(1.0, "V"),
        },
    )
    assert any("1-D array" in m for m in messages)
    assert any("'primary.electrolysis.voltage'" in m and "Did you mean" in m for m in messages)


def test_custom_scrap_class_needs_its_data(shipped):
    data = smelter_data()
    data["recycled"]["scrap"] = [{"class": "turnings", "share": "100 %"}]
    messages = _errors(data, shipped)
    assert any("recycled.scrap[0].scrap_charge" in m for m in messages)
    assert any("recycled.scrap[0].consumer" in m for m in messages)
    assert any("recycled.melting" in m for m in messages)


def test_metal_in_materials_counts_in_the_mass_balance(shipped):
    data = smelter_data()
    data["allocation"] = {"approach": "scrap-burden", "pre_consumer_burden": "1 t CO2e/t"}
    data["recycled"]["materials"] = [
        {
            "name": "AlSi50 master alloy",
            "amount": "20 kg/t",
            "intensity": "5 t CO2e/t",
            "kind": "alloying",
            "metal_content": "100 %",
        },
        {"name": "salt flux", "amount": "30 kg/t", "intensity": "0.1 t CO2e/t"},
    ]
    inventory = _inventory(data, shipped)
    activities = inventory.routes["recycled"].activities
    (burden,) = [a for a in activities if a.source == "scrap_burden"]
    assert burden.amount[0] == pytest.approx((1 - 0.020) * 1.019)  # flux is not metal
    assert {a.label: a.source for a in activities if a.stage == "remelting"}[
        "AlSi50 master alloy"
    ] == "alloying"


def test_metal_content_of_electrolysis_materials_is_refused(shipped):
    data = smelter_data()
    data["primary"]["electrolysis"]["materials"] = [
        {"name": "AlF3", "amount": "16 kg/t", "intensity": "1 t CO2e/t", "metal_content": "32 %"}
    ]
    (message,) = _errors(data, shipped)
    assert "primary.electrolysis.materials[0].metal_content" in message
    assert "primary.casting.materials" in message


def test_casthouse_yield_scales_liquid_metal(shipped):
    data = smelter_data()
    data["primary"]["casting"] = {"alloying": {"Mg": "5 kg/t"}}
    full = _inventory(data, shipped).routes["primary"]
    data["primary"]["casting"]["metal_yield"] = "98 %"
    lossy = _inventory(data, shipped).routes["primary"]
    # 1/0.98 t of metal charged per t of product, of which 5 kg is magnesium.
    assert full.liquid_metal_t_per_t[0] == pytest.approx(0.995)
    assert lossy.liquid_metal_t_per_t[0] == pytest.approx(1 / 0.98 - 0.005)
    data["primary"]["casting"]["metal_yield"] = "30 %"
    (message,) = _errors(data, shipped)
    assert "primary.casting.metal_yield" in message


def test_dross_handling_energy_is_counted_or_listed_as_omitted(shipped):
    data = smelter_data()
    absent = _inventory(data, shipped)
    assert "recycled.dross" in {o.key for o in absent.omitted}
    data["recycled"]["dross"] = {"electricity": "20 kWh/t"}
    given = _inventory(data, shipped).routes["recycled"].activities
    # Under each scope 2 basis the site's supply splits the 20 kWh among its sources.
    for basis in ("location", "market"):
        dross = [
            a.amount[0]
            for a in given
            if a.stage == "dross_handling" and a.scope2_basis in (basis, None)
        ]
        assert sum(dross) == pytest.approx(0.020)
