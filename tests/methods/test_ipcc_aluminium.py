"""IPCC 2006 Vol. 3 Ch. 4.4 and IR 2025/2547 equations against hand calculations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aluco2._errors import InputError
from aluco2._methods import ipcc_aluminium as ipcc
from aluco2._methods.gwp import co2_equivalent
from aluco2._units import Q_

ONE_T = Q_(1.0, "t")


def test_tier1_co2_uses_table_4_10(shipped):
    # Eq. 4.20 with Table 4.10: prebake 1.6, Soderberg 1.7 t CO2/t.
    for technology, expected in (("prebake", 1.6), ("soderberg", 1.7)):
        factor = shipped.get(f"ipcc2006.al.tier1_co2.{technology}").quantity()
        assert ipcc.tier1_process_co2(Q_(1000, "t"), factor).m_as("t CO2") == pytest.approx(
            1000 * expected
        )


@pytest.mark.parametrize(
    ("gwp_set", "expected_kg"),
    [
        # 0.4 kg CF4 and 0.04 kg C2F6 (Table 4.15, CWPB) under each GWP set, by hand:
        ("SAR", 0.4 * 6500 + 0.04 * 9200),
        ("AR4", 0.4 * 7390 + 0.04 * 12200),
        ("AR5", 0.4 * 6630 + 0.04 * 11100),
        ("AR6", 0.4 * 7380 + 0.04 * 12400),
    ],
)
def test_tier1_pfc_cwpb_under_each_gwp_set(shipped, gwp_set, expected_kg):
    cf4, c2f6 = ipcc.tier1_pfc(
        ONE_T,
        shipped.get("ipcc2006.al.tier1_cf4.CWPB").quantity(),
        shipped.get("ipcc2006.al.tier1_c2f6.CWPB").quantity(),
    )
    total = co2_equivalent(cf4, shipped.get(f"gwp.{gwp_set}.CF4").quantity()) + co2_equivalent(
        c2f6, shipped.get(f"gwp.{gwp_set}.C2F6").quantity()
    )
    assert total.m_as("kg CO2e") == pytest.approx(expected_kg)


def test_prebake_anode_co2_with_ipcc_defaults(shipped):
    # Eq. 4.21 with S_a 2.0 % and Ash_a 0.4 % (Table 4.11): 0.42 x 0.976 x 44/12 = 1.50304.
    co2 = ipcc.prebake_anode_co2(
        Q_(0.42, "t/t"),
        ONE_T,
        shipped.get("ipcc2006.al.tier2.anode_sulphur").quantity(),
        shipped.get("ipcc2006.al.tier2.anode_ash").quantity(),
    )
    assert co2.m_as("t CO2") == pytest.approx(0.42 * 0.976 * 44 / 12)


def test_prebake_anode_refuses_impossible_impurities():
    with pytest.raises(InputError, match="sulphur_content"):
        ipcc.prebake_anode_co2(Q_(0.4, "t/t"), ONE_T, Q_(120, "%"), Q_(0.4, "%"))
    with pytest.raises(InputError, match="carbon"):
        ipcc.prebake_anode_co2(Q_(0.4, "t/t"), ONE_T, Q_(60, "%"), Q_(40, "%"))
    with pytest.raises(InputError, match="carbon"):  # review finding: packing coke went negative
        ipcc.packing_coke_co2(Q_(0.015, "t/t"), ONE_T, Q_(60, "%"), Q_(50, "%"))


@given(
    st.floats(0.34, 0.7),
    st.floats(0.34, 0.7),
    st.floats(0.0, 5.0),
    st.floats(0.0, 5.0),
)
def test_prebake_anode_co2_grows_with_consumption_and_falls_with_impurities(a, b, s, ash):
    low, high = sorted((a, b))
    co2 = [
        ipcc.prebake_anode_co2(Q_(nac, "t/t"), ONE_T, Q_(s, "%"), Q_(ash, "%")).m_as("t CO2")
        for nac in (low, high)
    ]
    assert co2[0] <= co2[1]
    purer = ipcc.prebake_anode_co2(Q_(low, "t/t"), ONE_T, Q_(0, "%"), Q_(0, "%")).m_as("t CO2")
    assert co2[0] <= purer


def test_pitch_volatiles_hand_check_and_mass_balance():
    # Eq. 4.22: (GA - H_w - BA - WT) x 44/12 with H_w = 0.005 GA (Table 4.12).
    co2 = ipcc.pitch_volatiles_co2(Q_(1.0, "t"), Q_(0.005, "t"), Q_(0.96, "t"), Q_(0.0, "t"))
    assert co2.m_as("t CO2") == pytest.approx(0.035 * 44 / 12)
    with pytest.raises(InputError, match="green anodes minus"):
        ipcc.pitch_volatiles_co2(Q_(1.0, "t"), Q_(0.005, "t"), Q_(1.0, "t"), Q_(0.0, "t"))


def test_packing_coke_with_ipcc_defaults(shipped):
    # Eq. 4.23 with Table 4.13 defaults: 0.015 x (1 - 0.02 - 0.025) x 44/12 per t BA.
    co2 = ipcc.packing_coke_co2(
        shipped.get("ipcc2006.al.tier2.packing_coke").quantity(),
        ONE_T,
        shipped.get("ipcc2006.al.tier2.packing_coke_sulphur").quantity(),
        shipped.get("ipcc2006.al.tier2.packing_coke_ash").quantity(),
    )
    assert co2.m_as("t CO2") == pytest.approx(0.015 * 0.955 * 44 / 12)


def test_soderberg_paste_hand_check_with_hss_defaults(shipped):
    # Eq. 4.24 with HSS defaults (Table 4.14; CD from US EPA Table F-2) and PC = 0.52 t/t:
    # 0.52 - 0.004 - 0.24*0.52*0.041 - 0.76*0.52*0.021 - 0.01 = 0.4925504 t C.
    t2 = "ipcc2006.al.tier2"
    co2 = ipcc.soderberg_paste_co2(
        Q_(0.52, "t/t"),
        ONE_T,
        shipped.get(f"{t2}.csm.HSS").quantity(),
        shipped.get(f"{t2}.binder_content.dry_paste").quantity(),
        shipped.get(f"{t2}.pitch_sulphur").quantity(),
        shipped.get(f"{t2}.pitch_ash").quantity(),
        shipped.get(f"{t2}.pitch_hydrogen").quantity(),
        shipped.get(f"{t2}.coke_sulphur").quantity(),
        shipped.get(f"{t2}.coke_ash").quantity(),
        shipped.get(f"{t2}.skimmed_dust_carbon").quantity(),
    )
    carbon = 0.52 - 0.004 - 0.24 * 0.52 * 0.041 - 0.76 * 0.52 * 0.021 - 0.01
    assert co2.m_as("t CO2") == pytest.approx(carbon * 44 / 12)


def test_slope_method_matches_ir_2025_2547_worked_case(shipped):
    # AEM 0.25, CWPB, 100 000 t -> CF4 3.575 t, C2F6 0.432575 t (reference note, section 1.6).
    aem = ipcc.anode_effect_minutes(Q_(0.1, "1/d"), Q_(2.5, "min"))
    cf4 = ipcc.pfc_cf4_slope_method(
        aem, shipped.get("cbam.ir2025_2547.slope_cf4.CWPB").quantity(), Q_(100_000, "t")
    )
    c2f6 = ipcc.c2f6_from_cf4(
        cf4, shipped.get("cbam.ir2025_2547.slope_c2f6_per_cf4.CWPB").quantity()
    )
    assert cf4.m_as("t CF4") == pytest.approx(3.575)
    assert c2f6.m_as("t C2F6") == pytest.approx(0.432575)


def test_overvoltage_method_takes_current_efficiency_in_percent():
    # IR 2025/2547 Eq. 24 by hand: 1.16 x 2.5 / 96 x 100 000 x 0.001 t = 3.0208 t CF4.
    for efficiency in (Q_(96, "%"), Q_(0.96, "")):
        cf4 = ipcc.pfc_cf4_overvoltage_method(
            Q_(1.16, "(kg CF4/t)/mV"), Q_(2.5, "mV"), efficiency, Q_(100_000, "t")
        )
        assert cf4.m_as("t CF4") == pytest.approx(3.0208333)
    with pytest.raises(InputError, match="current_efficiency"):
        ipcc.pfc_cf4_overvoltage_method(Q_(1.16, "(kg CF4/t)/mV"), Q_(2.5, "mV"), Q_(0, "%"), ONE_T)


def test_methods_accept_arrays_and_agree_with_scalars():
    nac = np.linspace(0.34, 0.6, 7)
    vector = ipcc.prebake_anode_co2(Q_(nac, "t/t"), ONE_T, Q_(2.0, "%"), Q_(0.4, "%"))
    scalars = [
        ipcc.prebake_anode_co2(Q_(x, "t/t"), ONE_T, Q_(2.0, "%"), Q_(0.4, "%")).m_as("t CO2")
        for x in nac
    ]
    np.testing.assert_allclose(vector.m_as("t CO2"), scalars)
    with pytest.raises(InputError, match="anode_effect_minutes"):
        ipcc.pfc_cf4_slope_method(
            Q_(np.array([0.1, -0.1]), "min/d"), Q_(0.1, "(kg CF4/t)/(min/d)"), ONE_T
        )
