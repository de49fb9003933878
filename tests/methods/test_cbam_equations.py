"""The CBAM equations in decimal arithmetic against hand calculations."""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 - short name for readable hand checks

import pytest

from aluco2._errors import InputError
from aluco2._methods import cbam


def test_mass_balance_uses_the_regulation_factor_exactly():
    # 1000 t of anodes at 97 % carbon: 1000 x 0.97 x 3.664 = 3554.08 t CO2, exactly.
    assert cbam.mass_balance_co2(D("1000"), D("0.97"), D("3.664")) == D("3554.08")
    # 44/12 would give 3556.67: the regulation's f is not the IPCC ratio.
    assert cbam.mass_balance_co2(D("-10"), D("0.5"), D("3.664")) == D("-18.32")
    with pytest.raises(InputError, match="carbon_content"):
        cbam.mass_balance_co2(D("1"), D("1.2"), D("3.664"))


def test_slope_method_worked_case():
    # CWPB, 0.1 AE per cell-day of 2.5 min, 100 000 t: the reference notes' 0.285 t CO2e/t.
    aem = cbam.anode_effect_minutes(D("0.1"), D("2.5"))
    cf4 = cbam.pfc_cf4_slope(D("0.143"), aem, D("100000"))
    c2f6 = cbam.c2f6_from_cf4(cf4, D("0.121"))
    co2e = cbam.pfc_co2e(cf4, c2f6, D("6630"), D("11100"))
    assert (cf4, c2f6) == (D("3.575"), D("0.432575"))
    assert co2e == D("28503.8325")
    assert co2e / D("100000") == D("0.285038325")


def test_overvoltage_method_takes_current_efficiency_in_percent():
    cf4 = cbam.pfc_cf4_overvoltage(D("1.16"), D("2.5"), D("96"), D("100000"))
    assert cf4 == pytest.approx(D("1.16") * D("2.5") / D("96") * D("100"))
    with pytest.raises(InputError, match="current_efficiency"):
        cbam.pfc_cf4_overvoltage(D("1.16"), D("2.5"), D("0.96"), D("100000"))


def test_duct_measurement_is_scaled_by_collection_efficiency():
    assert cbam.pfc_total_from_duct(D("3.43"), D("0.98")) == D("3.5")
    with pytest.raises(InputError, match="collection_efficiency"):
        cbam.pfc_total_from_duct(D("1"), D("0"))


def test_attributed_emissions_are_floored_at_zero():
    assert cbam.attributed_direct_emissions(D("100"), heat_imported_t=D("5")) == D("105")
    assert cbam.attributed_direct_emissions(D("100"), electricity_produced_t=D("150")) == 0


def test_see_of_a_complex_good_by_hand():
    # Remelter: 1500 t CO2 from fuel, 2000 t of precursor at 1.87, 10 000 t produced.
    see = cbam.specific_embedded_emissions(D("1500"), [(D("2000"), D("1.87"))], D("10000"))
    assert see == D("0.524")
    # Decimal keeps 0.1 + 0.2 exact where binary floats would not.
    three_tenths = cbam.specific_embedded_emissions(D("0.1"), [(D("1"), D("0.2"))], D("1"))
    assert three_tenths == D("0.3")
    with pytest.raises(InputError, match="more than 0"):
        cbam.specific_embedded_emissions(D("1"), [], D("0"))


def test_certificate_arithmetic_of_the_reference_notes():
    # 1000 t of 7601 from China on defaults in 2026 (CSCF 1): 3.000 x 1.10 per t embedded,
    # free allocation 0.975 x 1 x 1.423 per t: 1912.575 certificates.
    embedded = D("1000") * cbam.default_with_markup(D("3.000"), D("0.10"))
    allocation = D("1000") * cbam.specific_free_allocation(D("0.975"), D("1"), D("1.423"))
    assert embedded - allocation == D("1912.575")
    # A complex good adds its precursors' allocation, m_i x SEFA_i.
    complex_good = cbam.specific_free_allocation(
        D("0.975"), D("1"), D("0.056"), [(D("1.02"), D("1.387425"))]
    )
    assert complex_good == D("0.975") * D("0.056") + D("1.02") * D("1.387425")
