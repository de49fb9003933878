"""Footprint properties: additivity, monotonicity, unit invariance, determinism, examples."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluco2._footprint import evaluate
from aluco2._plant import load_plant, plant_from_mapping
from aluco2._units import Q_

from .conftest import smelter_data

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))
METHODS = ("market-based", "location-based")


def _total(footprint, route="primary", method="market-based"):
    return footprint.routes[route].total_t_per_t(method)


@pytest.fixture(scope="module")
def example_footprints(shipped):
    return {path.stem: evaluate(load_plant(path), shipped) for path in EXAMPLES}


def test_examples_exist():
    assert {p.stem for p in EXAMPLES} >= {
        "nordic_hydro_smelter",
        "coal_grid_smelter",
        "ubc_recycler",
        "integrated_casthouse",
    }


def test_breakdown_adds_up_to_total(example_footprints):
    for footprint in example_footprints.values():
        document = footprint.to_dict()
        for result in document["results"]:
            parts = sum(row["value"] for row in result["breakdown"])
            assert parts == pytest.approx(result["intensity"]["value"], rel=1e-12)
        for product in footprint.products:
            for method in METHODS:
                rows = product.footprint.breakdown(method)
                assert sum(r.co2e_t_per_t for r in rows) == pytest.approx(
                    product.footprint.total_t_per_t(method)
                )


def test_hydro_smelter_far_below_coal_smelter(example_footprints):
    hydro = _total(example_footprints["nordic_hydro_smelter"])[0]
    coal = _total(example_footprints["coal_grid_smelter"])[0]
    assert hydro < coal / 3


def test_ubc_recycler_within_remelting_range_named_by_issue_3(example_footprints):
    # Issue 3 expects remelting UBC near 0.3-0.6 t CO2e/t.
    assert 0.3 <= _total(example_footprints["ubc_recycler"], "recycled")[0] <= 0.6


def test_ubc_recycler_hand_check(example_footprints):
    # Aluminum Association (2014), secondary ingot from old scrap, per t of ingot:
    # preparation 110.32 kWh + 0.90 GJ gas, melting and casting 115.25 kWh + 4.78 GJ gas.
    # US grid 2021 (Ember via OWID) 379.38 g CO2e/kWh; natural gas IPCC 2006 Vol. 2
    # Tables 1.4/2.3: 56 100 kg CO2, 1 kg CH4, 0.1 kg N2O per TJ; AR5 GWP 28 and 265.
    electricity_t = (0.11032 + 0.11525) * 0.37938
    gas_tj = (0.90 + 4.78) / 1000
    gas_t = gas_tj * (56_100 + 1 * 28 + 0.1 * 265) / 1000
    total = _total(example_footprints["ubc_recycler"], "recycled")[0]
    assert total == pytest.approx(electricity_t + gas_t, rel=1e-4)


def test_mix_is_share_weighted(example_footprints):
    casthouse = example_footprints["integrated_casthouse"]
    (mix,) = [p for p in casthouse.products if p.route == "mix"]
    expected = 0.7 * _total(casthouse, "primary") + 0.3 * _total(casthouse, "recycled")
    assert mix.footprint.total_t_per_t("market-based") == pytest.approx(expected)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=8))
def test_more_renewable_electricity_never_raises_total(shipped, shares):
    # The PPA (10 g CO2e/kWh) is cleaner than every grid; a larger share cannot add CO2e.
    shares = np.sort(np.asarray(shares))
    footprint = evaluate(
        plant_from_mapping(smelter_data()),
        shipped,
        variations={"electricity.contracts[0].share": Q_(shares, "")},
    )
    totals = _total(footprint)
    assert np.all(np.diff(totals) <= 1e-12)
    location = _total(footprint, method="location-based")
    np.testing.assert_allclose(location, location[0])  # location-based ignores contracts


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=8))
def test_higher_recycled_share_never_raises_product_total_under_cut_off(shipped, shares):
    recycled = np.sort(np.asarray(shares))
    footprint = evaluate(
        plant_from_mapping(smelter_data()),
        shipped,
        variations={
            "products[0].routes.recycled": Q_(recycled, ""),
            "products[0].routes.primary": Q_(1 - recycled, ""),
        },
    )
    (mix,) = [p for p in footprint.products if p.route == "mix"]
    assert np.all(np.diff(mix.footprint.total_t_per_t("market-based")) <= 1e-12)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.0, 0.5), min_size=2, max_size=8))
def test_more_primary_dilution_never_lowers_recycled_total(shipped, amounts):
    data = smelter_data()
    data["recycled"]["primary_metal"] = {"amount": "0 t/t"}  # from the plant's own primary route
    amounts = np.sort(np.asarray(amounts))
    footprint = evaluate(
        plant_from_mapping(data),
        shipped,
        variations={"recycled.primary_metal.amount": Q_(amounts, "t/t")},
    )
    assert np.all(np.diff(_total(footprint, "recycled")) >= -1e-12)


def test_vectorised_variants_equal_one_by_one(shipped):
    plant = plant_from_mapping(smelter_data())
    electricity = np.array([13.0, 14.5, 16.0])
    batch = _total(
        evaluate(
            plant,
            shipped,
            variations={"primary.electrolysis.electricity": Q_(electricity, "MWh/t")},
        )
    )
    for value, total in zip(electricity, batch, strict=True):
        data = smelter_data()
        data["primary"]["electrolysis"]["electricity"] = f"{value} MWh/t"
        assert _total(evaluate(plant_from_mapping(data), shipped))[0] == pytest.approx(total)


def test_same_plant_in_other_units_gives_same_result(shipped):
    base = _total(evaluate(plant_from_mapping(smelter_data()), shipped))
    data = smelter_data()
    data["primary"]["electrolysis"]["electricity"] = "14000 kWh/t"
    data["primary"]["anodes"]["net_consumption"] = "420 kg/t"
    data["primary"]["alumina"]["consumption"] = "1920 kg/t"
    data["electricity"]["contracts"][0]["factor"] = "0.01 t CO2e/MWh"
    data["products"][0]["routes"] = {"primary": "0.8 t/t", "recycled": "200 kg/t"}
    np.testing.assert_allclose(_total(evaluate(plant_from_mapping(data), shipped)), base)


def test_gwp_set_changes_only_non_co2_rows(shipped):
    plant = plant_from_mapping(smelter_data())
    ar5 = {
        (r.stage, r.source, r.gas): r.co2e_t_per_t[0]
        for r in evaluate(plant, shipped).routes["primary"].rows
    }
    sar = {
        (r.stage, r.source, r.gas): r.co2e_t_per_t[0]
        for r in evaluate(plant, shipped, gwp_set="SAR").routes["primary"].rows
    }
    for key, value in ar5.items():
        if key[2] in ("CO2", "CO2e"):
            assert sar[key] == value
    # Tier 1 CWPB: 0.4 kg CF4/t at 6630 (AR5) and 6500 (SAR).
    assert ar5[("electrolysis", "pfc", "CF4")] == pytest.approx(0.4e-3 * 6630)
    assert sar[("electrolysis", "pfc", "CF4")] == pytest.approx(0.4e-3 * 6500)


def test_electricity_hand_check(shipped):
    # 14 MWh/t: half from the PPA at 10 g/kWh, half from the Norwegian grid (2021,
    # 26.07 g/kWh, Ember via OWID): 7 x 0.010 + 7 x 0.02607 t CO2e per t of aluminium.
    footprint = evaluate(plant_from_mapping(smelter_data()), shipped)
    rows = [
        r
        for r in footprint.routes["primary"].breakdown("market-based")
        if r.stage == "electrolysis" and r.source == "electricity"
    ]
    assert sum(r.co2e_t_per_t[0] for r in rows) == pytest.approx(7 * 0.010 + 7 * 0.02607)


def test_json_is_deterministic_and_units_survive(shipped, example_footprints):
    path = EXAMPLES[0]
    first = evaluate(load_plant(path), shipped).to_json()
    second = evaluate(load_plant(path), shipped).to_json()
    assert first == second
    in_kg = example_footprints[path.stem].to_dict("kg CO2e/t")
    in_t = json.loads(first)
    assert in_kg["results"][0]["intensity"]["unit"] == "kg CO2e/t"
    assert in_kg["results"][0]["intensity"]["value"] == pytest.approx(
        1000 * in_t["results"][0]["intensity"]["value"]
    )


def test_json_contract_keys(example_footprints):
    document = example_footprints["integrated_casthouse"].to_dict()
    assert {"aluco2_version", "provenance", "results"} <= set(document)
    assert {"factor_set_hash", "gwp", "allocation", "inputs", "defaults_used"} <= set(
        document["provenance"]
    )
    assert {r["route"] for r in document["results"]} == {"primary", "recycled", "mix"}
    row = document["results"][0]["breakdown"][0]
    assert {"stage", "source", "gas", "scope", "value", "unit"} <= set(row)
