"""Combustion, electricity and GWP equations against hand calculations."""

from __future__ import annotations

import pint
import pytest

from aluco2._errors import InputError
from aluco2._methods import combustion, electricity
from aluco2._methods.gwp import co2_equivalent
from aluco2._units import Q_


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
