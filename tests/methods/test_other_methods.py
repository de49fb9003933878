"""CBAM, combustion, electricity and GWP equations against hand calculations."""

from __future__ import annotations

import pint
import pytest

from aluco2.errors import InputError
from aluco2.methods import cbam, combustion, electricity
from aluco2.methods.gwp import co2_equivalent
from aluco2.units import Q_


def test_mass_balance_uses_regulation_factor_not_44_over_12(shipped):
    f = shipped.get("cbam.ir2025_2547.f_co2_per_c").quantity()
    co2 = cbam.mass_balance_co2(Q_(1000, "t"), Q_(0.97, "t/t"), f)
    assert co2.m_as("t CO2") == pytest.approx(1000 * 0.97 * 3.664)
    assert co2.m_as("t CO2") != pytest.approx(1000 * 0.97 * 44 / 12, rel=1e-4)
    outputs = cbam.mass_balance_co2(Q_(-10, "t"), Q_(0.5, "t/t"), f)
    assert outputs.m_as("t CO2") == pytest.approx(-18.32)


def test_pfc_total_and_co2e_worked_case():
    cf4 = cbam.pfc_total_from_duct(Q_(3.50, "t CF4"), Q_(98, "%"))
    assert cf4.m_as("t CF4") == pytest.approx(3.5 / 0.98)
    co2e = cbam.pfc_co2e(
        Q_(3.575, "t CF4"),
        Q_(0.432575, "t C2F6"),
        Q_(6630, "t CO2e / t CF4"),
        Q_(11100, "t CO2e / t C2F6"),
    )
    assert co2e.m_as("t CO2e") == pytest.approx(28503.8325)
    with pytest.raises(InputError, match="collection_efficiency"):
        cbam.pfc_total_from_duct(Q_(1, "t CF4"), Q_(0, "%"))


def test_gwp_of_the_wrong_gas_cannot_become_co2e():
    wrong = co2_equivalent(Q_(1, "t CF4"), Q_(11100, "t CO2e / t C2F6"))
    with pytest.raises(pint.DimensionalityError):
        wrong.to("t CO2e")


def test_combustion_natural_gas(shipped):
    # IPCC 2006 Vol. 2: 1 t natural gas = 48.0 GJ; x 56 100 kg CO2/TJ = 2.6928 t CO2.
    energy = combustion.fuel_energy(Q_(1, "t"), shipped.get("fuel.natural_gas.ncv").quantity())
    co2 = combustion.combustion_emissions(energy, shipped.get("fuel.natural_gas.co2").quantity())
    assert co2.m_as("t CO2") == pytest.approx(2.6928)
    assert combustion.fossil_co2(co2, Q_(100, "%")).m_as("t CO2") == 0.0
    with pytest.raises(InputError, match="biogenic_share"):
        combustion.fossil_co2(co2, Q_(150, "%"))


def test_electricity_indirect_and_captive():
    assert electricity.indirect_emissions(Q_(15, "MWh"), Q_(544.36, "g CO2e/kWh")).m_as(
        "t CO2e"
    ) == pytest.approx(8.1654)
    # 1 MWh at 36 % net efficiency needs 3.6 GJ / 0.36 = 10 GJ of fuel.
    assert electricity.captive_fuel_input(Q_(1, "MWh"), Q_(36, "%")).m_as("GJ") == pytest.approx(10)
    with pytest.raises(InputError, match="efficiency"):
        electricity.captive_fuel_input(Q_(1, "MWh"), Q_(0, "%"))
