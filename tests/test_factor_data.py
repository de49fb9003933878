"""The shipped factor data: pinned checksums, coverage, and published values."""

from __future__ import annotations

import math

import pytest

from aluco2._factors import CATEGORIES, shipped_factor_files
from aluco2._methods.ipcc_aluminium import pfc_cf4_overvoltage_method
from aluco2._units import Q_

# Pinned per dataset: (number of records, sum of canonical magnitudes). Changing a shipped
# number must change these and add a CHANGELOG line naming the source.
PINNED = {
    "alloying": (6, 73.0),
    "alloys": (194, 492.36),
    "cbam_ir2025_2547": (20, 18005.39),
    "cbam_ir2025_2620": (232, 114.01),
    "cbam_ir2025_2621": (1632, 3178.983),
    "cbam_phase_in": (12, 551.0),
    "fuels": (43, 614063.35),
    "grid_electricity": (71, 27445.19),
    "gwp": (24, 169451.9),
    "ipcc2006_aluminium": (35, 80.227),
    "physical": (9, 423.6628384),
    "recycling": (12, 111.33357),
    "upstream": (99, 694909.82585),
}


@pytest.mark.parametrize("dataset", sorted(PINNED))
def test_dataset_is_pinned(shipped, dataset):
    records = [r for r in shipped if r.dataset == dataset]
    count, magnitude_sum = PINNED[dataset]
    assert len(records) == count
    assert math.isclose(sum(r.magnitude for r in records), magnitude_sum, rel_tol=1e-9)


def test_every_dataset_is_pinned(shipped):
    assert set(shipped.datasets()) == set(PINNED)
    assert len(shipped_factor_files()) == len(PINNED)


def test_every_record_has_a_full_source(shipped):
    for record in shipped:
        assert record.source.publisher
        assert record.source.title
        assert record.source.year
        assert record.category in CATEGORIES
        if record.confidence == "secondary":
            assert record.source.via, f"{record.id}: a transcription must be named in 'via'"
        if record.category == "derived":
            assert record.derivation
            assert record.inputs


def test_gwp_sets_cover_the_gases(shipped):
    for gwp_set in ("SAR", "AR4", "AR5", "AR6"):
        for gas in ("CO2", "CH4", "N2O", "CF4", "C2F6", "SF6"):
            assert f"gwp.{gwp_set}.{gas}" in shipped


def test_ar5_gwp_equals_cbam_table_6(shipped):
    # Two independent readings: IPCC AR5 via globalwarmingpotentials, and IR 2025/2547 Table 6.
    for gas in ("N2O", "CF4", "C2F6"):
        assert shipped.magnitude(f"gwp.AR5.{gas}") == shipped.magnitude(
            f"cbam.ir2025_2547.gwp.{gas}"
        )


def test_tier1_pfc_cwpb_ar5_hand_check(shipped):
    # IPCC 2006 Table 4.15 CWPB: 0.4 kg CF4/t and 0.04 kg C2F6/t; AR5 GWPs 6630 and 11100:
    # 0.4 * 6630 + 0.04 * 11100 = 2652 + 444 = 3096 kg CO2e/t.
    cf4 = shipped.get("ipcc2006.al.tier1_cf4.CWPB").quantity()
    c2f6 = shipped.get("ipcc2006.al.tier1_c2f6.CWPB").quantity()
    co2e = (
        cf4 * shipped.get("gwp.AR5.CF4").quantity() + c2f6 * shipped.get("gwp.AR5.C2F6").quantity()
    )
    assert co2e.m_as("kg CO2e/t") == pytest.approx(3096.0)


def test_cbam_slope_worked_example(shipped):
    # IR 2025/2547 Eqs. 21, 22, 26 with AEM 0.25, CWPB, 100 000 t: CF4 3.575 t,
    # C2F6 0.432575 t, 28 503.83 t CO2e (reference note, matches a public CBAM crate).
    production = Q_(100_000, "t")
    aem = Q_(0.25, "min/d")
    cf4 = aem * shipped.get("cbam.ir2025_2547.slope_cf4.CWPB").quantity() * production
    c2f6 = cf4 * shipped.get("cbam.ir2025_2547.slope_c2f6_per_cf4.CWPB").quantity()
    co2e = (
        cf4 * shipped.get("cbam.ir2025_2547.gwp.CF4").quantity()
        + c2f6 * shipped.get("cbam.ir2025_2547.gwp.C2F6").quantity()
    )
    assert cf4.m_as("t CF4") == pytest.approx(3.575)
    assert c2f6.m_as("t C2F6") == pytest.approx(0.432575)
    assert co2e.m_as("t CO2e") == pytest.approx(28503.8325)


def test_cbam_overvoltage_worked_example(shipped):
    # Eq. 24: OVC 1.16, AEO 2.5 mV, CE 96 %, 100 000 t -> 1.16 * 2.5/96 * 100 000 * 0.001 t.
    ovc = shipped.get("cbam.ir2025_2547.overvoltage_cf4.CWPB").quantity()
    for efficiency in (Q_(96, "%"), Q_(0.96, "")):
        cf4 = pfc_cf4_overvoltage_method(ovc, Q_(2.5, "mV"), efficiency, Q_(100_000, "t"))
        assert cf4.m_as("t CF4") == pytest.approx(1.16 * 2.5 / 96 * 100)


def test_stoichiometric_limits_hand_check(shipped):
    # 2 Al2O3 + 3 C -> 4 Al + 3 CO2; IUPAC 2021 abridged weights Al 26.9815384, C 12.011, O 15.999.
    assert shipped.magnitude("physical.al_electrolysis.min_carbon") == pytest.approx(
        3 * 12.011 / (4 * 26.9815384), rel=1e-4
    )
    assert shipped.magnitude("physical.al_electrolysis.min_alumina") == pytest.approx(
        (2 * 26.9815384 + 3 * 15.999) / (2 * 26.9815384), rel=1e-4
    )
    assert shipped.magnitude("cbam.ir2025_2547.f_co2_per_c") == pytest.approx(
        shipped.magnitude("physical.co2_per_c")
    )


def test_fuel_co2_per_tonne_hand_check(shipped):
    # Natural gas: 56 100 kg CO2/TJ x 48.0 TJ/Gg = 2.6928 t CO2/t (IPCC Tables 1.2 and 1.4).
    ncv = shipped.get("fuel.natural_gas.ncv").quantity()
    ef = shipped.get("fuel.natural_gas.co2").quantity()
    assert (ncv * ef).m_as("t CO2/t") == pytest.approx(2.6928)


def test_required_fuels_present(shipped):
    for fuel in ("natural_gas", "lpg", "heavy_fuel_oil", "diesel", "coal", "petroleum_coke"):
        for quantity in ("ncv", "co2", "ch4", "n2o", "biogenic_share"):
            assert f"fuel.{fuel}.{quantity}" in shipped
    assert shipped.magnitude("fuel.biomethane.biogenic_share") == 100.0
    assert shipped.magnitude("fuel.hydrogen.co2") == 0.0
    assert shipped.magnitude("fuel.hydrogen.ncv") == pytest.approx(119.95)


def test_grid_covers_major_producers(shipped):
    regions = {r.region for r in shipped.select("grid.owid_ember_2023.*.*")}
    required = {"CN", "IN", "AE", "BH", "SA", "RU", "CA", "NO", "IS", "AU", "US", "MY", "GB"}
    required |= {"DE", "FR", "ES", "BR", "ZA", "NZ"}
    assert required <= regions
    assert len(regions - {"GLO", "EU27"}) >= 25


def test_grid_values_are_plausible(shipped):
    for record in shipped.select("grid.owid_ember_2023.*.*"):
        assert 10 < record.magnitude < 1000, record.id
    assert shipped.magnitude("grid.owid_ember_2023.NO.2021") < shipped.magnitude(
        "grid.owid_ember_2023.CN.2021"
    )


def test_alloy_windows_are_consistent(shipped):
    alloys = {r.id.split(".")[1] for r in shipped.select("alloy.*.*.max")}
    assert len(alloys) >= 12
    for record in shipped.select("alloy.*.*.min"):
        maximum = record.id.removesuffix(".min") + ".max"
        if maximum in shipped:
            assert record.magnitude <= shipped.magnitude(maximum), record.id
    for record in shipped.select("alloy.*.*.max"):
        assert 0 < record.magnitude <= 100, record.id


def test_generated_grid_file_names_its_generator():
    (grid,) = [p for p in shipped_factor_files() if p.name == "grid_electricity.yaml"]
    assert grid.read_text(encoding="utf-8").startswith(
        "# Generated by: python -m aluco2._build.grid_factors"
    )
