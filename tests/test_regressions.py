"""Regressions for defects found in review: each test names the behaviour it pins."""

from __future__ import annotations

import numpy as np
import pytest

from aluco2._errors import InputErrors
from aluco2._factors import load_factor_set
from aluco2._footprint import evaluate
from aluco2._inventory import build_inventory
from aluco2._plant import load_plant, plant_from_mapping
from aluco2._units import Q_

from .conftest import SITE_HEADER, smelter_data


def _rows(footprint, route):
    return {
        (r.stage, r.source, r.gas): r.co2e_t_per_t[0]
        for r in footprint.routes[route].breakdown("market-based")
    }


def _total(footprint, route):
    return footprint.routes[route].total_t_per_t("market-based")


def test_dilution_takes_liquid_metal_without_primary_casting_or_alloying(shipped):
    data = smelter_data()
    data["primary"]["casting"] = {"alloying": {"Mg": "8 kg/t"}}
    data["recycled"]["primary_metal"] = {"amount": "30 %"}
    footprint = evaluate(plant_from_mapping(data), shipped)
    recycled = _rows(footprint, "recycled")
    assert not [key for key in recycled if key[0] == "casting"]
    assert not [key for key in recycled if key[1] == "alloying"]
    # Exactly 0.3 t of the primary route's liquid metal stages per t of product.
    primary = footprint.routes["primary"]
    liquid = 1 - 0.008
    electrolysis_primary = sum(
        r.co2e_t_per_t[0] for r in primary.breakdown("market-based") if r.stage == "electrolysis"
    )
    electrolysis_recycled = sum(v for k, v in recycled.items() if k[0] == "electrolysis")
    assert electrolysis_recycled == pytest.approx(electrolysis_primary / liquid * 0.3)


def test_class_energy_scales_with_metal_from_scrap(shipped):
    # AA 2014 old-scrap preparation is per t of ingot from old scrap: 110.32 kWh + 0.90 GJ.
    data = smelter_data()
    data["recycled"]["scrap"] = [{"class": "old_scrap", "share": "100 %"}]
    full = _rows(evaluate(plant_from_mapping(data), shipped), "recycled")
    data["recycled"]["primary_metal"] = {"amount": "50 %", "intensity": "4 t CO2e/t"}
    half = _rows(evaluate(plant_from_mapping(data), shipped), "recycled")
    for key in full:
        if key[0] in ("scrap_preparation", "remelting"):
            assert half[key] == pytest.approx(0.5 * full[key])


def test_factor_samples_round_trip_and_take_effect(shipped):
    plant = load_plant("examples/integrated_casthouse.yaml")
    base = evaluate(plant, shipped)
    used = {
        "cbam.ir2025_2547.slope_cf4.PFPB_M",
        "fuel.natural_gas.co2",
        "gwp.AR5.CF4",
        "grid.owid_ember_2023.NO.2021",
        "lci.eu27.electrolysis.alumina",
        "alloying.Mg.co2e",
    }
    same = {i: np.full(3, shipped.get(i).magnitude) for i in used}
    again = evaluate(plant, shipped, factor_samples=same)
    np.testing.assert_allclose(_total(again, "primary"), _total(base, "primary")[0])
    doubled = evaluate(plant, shipped, factor_samples={"gwp.AR5.CF4": np.array([6630.0, 13260.0])})
    cf4 = next(r for r in doubled.routes["primary"].rows if r.gas == "CF4").co2e_t_per_t
    assert cf4[1] == pytest.approx(2 * cf4[0])


def test_array_variation_of_a_fuel_amount(shipped):
    data = smelter_data()
    data["primary"]["casting"] = {"fuels": {"natural_gas": "1.5 GJ/t"}, "electricity": "0.1 MWh/t"}
    footprint = evaluate(
        plant_from_mapping(data),
        shipped,
        variations={"primary.casting.fuels.natural_gas": Q_(np.array([1.0, 2.0]), "GJ/t")},
    )
    totals = _total(footprint, "primary")
    assert totals[1] - totals[0] == pytest.approx(0.0561, rel=1e-3)  # 1 GJ of natural gas


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("primary.electrolysis.electricity", Q_(np.array([-1.0, 9.0]), "MWh/t"), "between 10"),
        ("products[0].routes.primary", Q_(1.5, ""), "between 0 and 100"),
        ("electricity.contracts[0].share", Q_(np.array([1.5, 1.2]), ""), "between 0 and 100"),
        ("primary.electrolysis.electricity", 14.0, "a pint Quantity"),
        ("primary.electrolysis.electricty", Q_(14.0, "MWh/t"), "Did you mean"),
        ("primary.electrolysis.pfc.anode_effect_minutes", Q_(0.1, "min/d"), "given in the plant"),
        ("primary.electrolysis.electricity", Q_(14.0, "kWh"), "convertible to 'MWh/t'"),
    ],
)
def test_variations_are_checked_like_the_plant_file(shipped, path, value, fragment):
    with pytest.raises(InputErrors) as info:
        build_inventory(plant_from_mapping(smelter_data()), shipped, {path: value})
    assert any(fragment in str(e) for e in info.value.errors), info.value


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("primary.electrolysis.electricity", Q_(np.array([-1.0, 14.0]), "MWh/t"), "between 10"),
        ("electricity.contracts[0].share", Q_(np.array([1.2, 0.5]), ""), "between 0 and 100"),
    ],
)
def test_a_variant_out_of_range_is_refused_alone(shipped, path, value, fragment):
    plant = plant_from_mapping(smelter_data())
    varied = evaluate(plant, shipped, variations={path: value})
    assert list(varied.refused) == [0]
    assert fragment in varied.refused[0]
    alone = evaluate(plant, shipped, variations={path: value[1:]})
    total = varied.routes["primary"].total_t_per_t("market-based")
    assert np.isnan(total[0])
    assert total[1] == pytest.approx(alone.routes["primary"].total_t_per_t("market-based")[0])


def test_route_shares_off_in_one_variant_refuse_that_variant(shipped):
    plant = plant_from_mapping(smelter_data())  # 80 % primary, 20 % recycled
    shares = {
        "products[0].routes.primary": Q_(np.array([0.8, 0.9]), ""),
        "products[0].routes.recycled": Q_(np.array([0.2, 0.2]), ""),
    }
    varied = evaluate(plant, shipped, variations=shares)
    assert list(varied.refused) == [1]
    assert "route shares adding up to 100 %" in varied.refused[1]


def test_route_shares_off_in_every_variant_refuse_the_plant(shipped):
    with pytest.raises(InputErrors, match="route shares adding up to 100 %"):
        build_inventory(
            plant_from_mapping(smelter_data()),
            shipped,
            {"products[0].routes.primary": Q_(np.array([0.9, 0.95]), "")},
        )


def test_method_errors_carry_file_line_and_key_path(shipped, write_yaml):
    path = write_yaml(
        "plant: P\ncountry: NO\nyear: 2021\n"
        "primary:\n  paste: {consumption: 0.01 t/t}\n"
        "  electrolysis: {technology: VSS, electricity: 15 MWh/t}\n"
        "products: [{name: x, routes: {primary: 100 %}}]\n",
        "paste.yaml",
    )
    with pytest.raises(InputErrors) as info:
        evaluate(load_plant(path), shipped)
    (error,) = info.value.errors
    assert str(error).startswith(f"{path}:5: primary.paste.consumption: must be carbon balance")


def test_pitch_volatiles_need_both_anode_masses(shipped):
    data = smelter_data()
    data["primary"]["anodes"]["baking"] = {"green_anodes": "0.40 t/t"}
    inventory = build_inventory(plant_from_mapping(data), shipped)
    assert any("pitch volatiles" in o.reason for o in inventory.omitted)


@pytest.mark.parametrize("text", ["14 MWh/t # metered", "5 %%", "1,5 t/t"])
def test_odd_quantity_text_is_refused_cleanly(text):
    data = smelter_data()
    data["primary"]["electrolysis"]["electricity"] = text
    with pytest.raises(InputErrors, match="plain unit expression"):
        plant_from_mapping(data)


def test_partial_energy_block_takes_the_other_carrier_from_the_defaults(shipped):
    data = smelter_data()
    data["recycled"]["melting"] = {"electricity": "0.2 MWh/t"}
    inventory = build_inventory(plant_from_mapping(data), shipped)
    used = {d.key for d in inventory.defaults_used}
    assert "recycled.melting.fuels" in used
    assert "recycled.melting.electricity" not in used


def test_site_units_cannot_change_a_shipped_family(write_yaml):
    path = write_yaml("dataset: site\ntitle: t\nunits: {'gwp.AR5.CF4': 't CO2e / t CO2'}\n")
    with pytest.raises(InputErrors) as info:
        load_factor_set([path])
    (error,) = info.value.errors
    assert str(error).startswith(f"{path}:3: units.gwp.AR5.CF4: must be a unit of the same")


def test_factor_shares_over_100_percent_are_refused(write_yaml):
    path = write_yaml(SITE_HEADER + '  - {id: fuel.natural_gas.biogenic_share, value: "150 %"}\n')
    with pytest.raises(InputErrors, match="a share of at most 100 %"):
        load_factor_set([path])


def test_grid_is_chosen_by_the_record_region(write_yaml, shipped):
    site = write_yaml(
        SITE_HEADER + '  - {id: grid.site.NO.2025, value: "12 g CO2e/kWh", region: DE}\n'
    )
    inventory = build_inventory(plant_from_mapping(smelter_data()), load_factor_set([site]))
    references = {u.reference for a in inventory.routes["primary"].activities for u in a.factors}
    assert "grid.site.NO.2025" not in references


def test_defaults_list_the_gwp_set_and_the_grid_record(shipped):
    inventory = build_inventory(plant_from_mapping(smelter_data()), shipped)
    used = {d.key: d.factor for d in inventory.defaults_used}
    assert used["gwp"] == "aluco2 default GWP set"
    assert used["electricity.grid.factor"] == "grid.owid_ember_2023.NO.2021"


def test_fuel_given_as_mass_cites_its_ncv(shipped):
    data = smelter_data()
    data["primary"]["casting"] = {"fuels": {"natural_gas": "20 kg/t"}, "electricity": "0 MWh/t"}
    footprint = evaluate(plant_from_mapping(data), shipped)
    (row,) = [
        r
        for r in footprint.routes["primary"].rows
        if r.stage == "casting" and r.source == "fuel" and r.gas == "CO2"
    ]
    assert "fuel.natural_gas.ncv" in row.references


def test_casthouse_example_adds_no_magnesium_to_scrap_that_carries_it(shipped):
    # Its recycled metal is 5xxx process scrap of the same alloy: adding 8 kg/t Mg again
    # made alloying 0.34 of the route's 0.52 t CO2e/t (issue 8).
    footprint = evaluate(load_plant("examples/integrated_casthouse.yaml"), shipped)
    rows = footprint.routes["recycled"].breakdown("market-based")
    assert not [r for r in rows if "alloy" in r.source or "alloy" in r.stage]
    assert {r.stage for r in rows} == {"remelting"}


def test_stoichiometric_floors_are_exact_not_rounded(shipped):
    # 2 Al2O3 -> 4 Al: (2 x 26.9815384 + 3 x 15.999) / (2 x 26.9815384) = 1.889442 t/t;
    # 3 C per 4 Al: 3 x 12.011 / (4 x 26.9815384) = 0.333867 t/t (CIAAW 2021 atomic
    # weights). The file prints them as 1.8894 and 0.3339.
    just_under = smelter_data()
    just_under["primary"]["alumina"]["consumption"] = "1.88942 t/t"
    with pytest.raises(InputErrors, match=r"primary\.alumina\.consumption"):
        evaluate(plant_from_mapping(just_under), shipped)
    just_over = smelter_data()
    just_over["primary"]["anodes"] = {
        "net_consumption": "0.33388 t/t",
        "sulphur": "0 %",
        "ash": "0 %",
    }
    footprint = evaluate(plant_from_mapping(just_over), shipped)
    assert np.isfinite(footprint.routes["primary"].total_t_per_t("market-based")).all()


@pytest.mark.parametrize("technology", ["PFPB_L", "PFPB_M"])
def test_default_pfc_method_works_for_point_fed_prebake(shipped, technology):
    # IPCC 2006 Tier 1, CWPB row (Table 4.15): 0.4 kg CF4 and 0.04 kg C2F6 per t of
    # aluminium, with AR5 GWPs 6630 and 11100: 2.652 + 0.444 = 3.096 t CO2e per t (the
    # test smelter casts no loss, so per t of product).
    data = smelter_data()
    data["primary"]["electrolysis"]["technology"] = technology
    footprint = evaluate(plant_from_mapping(data), shipped)
    rows = footprint.routes["primary"].breakdown("market-based")
    pfc = sum(r.co2e_t_per_t[0] for r in rows if r.source == "pfc")
    assert pfc == pytest.approx((0.4 * 6630 + 0.04 * 11100) / 1000)
    assert any("CWPB factors for " + technology in m for m in footprint.inventory.methods)


def test_a_grid_factor_older_than_the_plant_is_noted_in_the_table(tmp_path):
    import json

    from click.testing import CliRunner

    from aluco2._cli import cli

    data = smelter_data()
    data["year"] = 2024  # the shipped Norwegian grid series ends in 2021
    path = tmp_path / "plant.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    newer = CliRunner().invoke(cli, ["footprint", str(path)])
    data["year"] = 2021
    path.write_text(json.dumps(data), encoding="utf-8")
    same = CliRunner().invoke(cli, ["footprint", str(path)])
    assert newer.exit_code == 0
    assert same.exit_code == 0
    assert "note: grid factor of NO is for 2021, older than the plant's year 2024" in newer.stdout
    assert "older than the plant's year" not in same.stdout
