"""Emissions of electricity: purchased (indirect) and generated on site (captive).

References
----------
.. [1] WRI/WBCSD, "GHG Protocol Scope 2 Guidance", 2015, ch. 6 (location- and
   market-based methods: activity data times emission factor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aluco2._methods._checks import require_range

if TYPE_CHECKING:
    from aluco2._units import Quantity

__all__ = ["captive_fuel_input", "indirect_emissions"]


def indirect_emissions(electricity: Quantity, emission_factor: Quantity) -> Quantity:
    r"""Emissions of purchased electricity: consumption times the supply's factor.

    GHG Protocol Scope 2 Guidance, ch. 6: location-based (grid average factor) and
    market-based (contractual instrument's factor) methods.

    Parameters
    ----------
    electricity : pint.Quantity
        Electricity consumed from the supply. [MWh]
    emission_factor : pint.Quantity
        Emission factor of the supply: grid average (location-based) or the
        contract's own factor (market-based). [g CO2e/kWh]

    Returns
    -------
    pint.Quantity
        Emissions. [t CO2e]

    Notes
    -----
    .. math:: E = EC \cdot EF

    Examples
    --------
    >>> from aluco2._units import Q_
    >>> round(indirect_emissions(Q_(14.0, "MWh"), Q_(30, "g CO2e/kWh")).m_as("t CO2e"), 6)
    0.42
    """
    return electricity * emission_factor


def captive_fuel_input(electricity: Quantity, efficiency: Quantity) -> Quantity:
    r"""Fuel energy burnt to generate electricity on site at a net electrical efficiency.

    The definition of net electrical efficiency (electricity sent out per fuel energy on a
    net calorific value basis), as used for captive generation in GHG Protocol Scope 2
    Guidance, ch. 5.

    Parameters
    ----------
    electricity : pint.Quantity
        Net electricity generated. [MWh]
    efficiency : pint.Quantity
        Net electrical efficiency of the plant (fuel NCV to electricity). [%]

    Returns
    -------
    pint.Quantity
        Fuel consumption in energy units. [GJ]

    Notes
    -----
    .. math:: FC = \frac{E_{el}}{\eta_{el}}

    Examples
    --------
    >>> from aluco2._units import Q_
    >>> round(captive_fuel_input(Q_(1, "MWh"), Q_(36, "%")).m_as("GJ"), 6)
    10.0
    """
    require_range("efficiency", efficiency, "%", low=0.0, high=100.0, low_inclusive=False)
    return electricity / efficiency
