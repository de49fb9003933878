"""Stationary combustion of fuels (IPCC 2006 GL, Vol. 2, Ch. 2, Tier 1).

References
----------
.. [1] IPCC, "Stationary Combustion", in 2006 IPCC Guidelines for National Greenhouse Gas
   Inventories, vol. 2, ch. 2, Eq. 2.1, 2006.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aluco2._methods._checks import require_range

if TYPE_CHECKING:
    from aluco2._units import Quantity

__all__ = ["combustion_emissions", "fossil_co2", "fuel_energy"]


def fuel_energy(fuel_mass: Quantity, net_calorific_value: Quantity) -> Quantity:
    r"""Energy content of a fuel mass on a net calorific value basis (Vol. 2, Ch. 1).

    Parameters
    ----------
    fuel_mass : pint.Quantity
        Fuel burnt. [t]
    net_calorific_value : pint.Quantity
        Net calorific value of the fuel, NCV. [GJ/t]

    Returns
    -------
    pint.Quantity
        Fuel consumption in energy units. [GJ]

    Notes
    -----
    .. math:: FC = m \cdot NCV

    Examples
    --------
    >>> from aluco2._units import Q_
    >>> round(fuel_energy(Q_(1, "t"), Q_(48.0, "GJ/t")).m_as("GJ"), 6)
    48.0
    """
    return fuel_mass * net_calorific_value


def combustion_emissions(fuel_consumption: Quantity, emission_factor: Quantity) -> Quantity:
    r"""Emissions of one gas from burning a fuel (Vol. 2, Ch. 2, Eq. 2.1).

    Parameters
    ----------
    fuel_consumption : pint.Quantity
        Fuel burnt, in energy units (NCV basis). [GJ]
    emission_factor : pint.Quantity
        Default or plant emission factor of the gas for the fuel. [kg gas/TJ]

    Returns
    -------
    pint.Quantity
        Mass of the gas emitted. [kg gas]

    Notes
    -----
    .. math:: Emissions_{GHG,fuel} = FC_{fuel} \cdot EF_{GHG,fuel}

    Examples
    --------
    Natural gas, IPCC default 56 100 kg CO2/TJ: 1 GJ emits 56.1 kg CO2.

    >>> from aluco2._units import Q_
    >>> round(combustion_emissions(Q_(1, "GJ"), Q_(56100, "kg CO2/TJ")).m_as("kg CO2"), 6)
    56.1
    """
    return fuel_consumption * emission_factor


def fossil_co2(co2: Quantity, biogenic_share: Quantity) -> Quantity:
    r"""Fossil part of combustion CO2; the rest is biogenic and reported apart.

    The IPCC 2006 Guidelines (Vol. 2, Ch. 1 and 2) report CO2 from biomass fuels as an
    information item outside the energy total; the GHG Protocol Corporate Standard
    reports it outside the scopes.

    Parameters
    ----------
    co2 : pint.Quantity
        All CO2 from the fuel. [t CO2]
    biogenic_share : pint.Quantity
        Share of the fuel's carbon that is biogenic. [%]

    Returns
    -------
    pint.Quantity
        Fossil CO2. [t CO2]

    Notes
    -----
    .. math:: CO_{2,fossil} = CO_2 \cdot (1 - f_{bio})

    Examples
    --------
    >>> from aluco2._units import Q_
    >>> fossil_co2(Q_(2.0, "t CO2"), Q_(25, "%")).m_as("t CO2")
    1.5
    """
    require_range("biogenic_share", biogenic_share, "%", low=0.0, high=100.0)
    return co2 * (1 - biogenic_share)
