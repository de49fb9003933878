"""Equations of Implementing Regulation (EU) 2025/2547 that differ from the IPCC forms.

The slope and overvoltage PFC equations (Eqs. 21-25) are the IPCC ones and live
in :mod:`aluco2.methods.ipcc_aluminium`. Here: the mass-balance CO2 with the
regulation's f = 3.664 (Annex II B.3.2, Eq. 12), total PFC from duct
measurements (Eq. 20) and PFC CO2e (Eq. 26).

References
----------
.. [1] Commission Implementing Regulation (EU) 2025/2547, Annex II, points B.3.2 and B.7,
   http://data.europa.eu/eli/reg_impl/2025/2547/oj
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aluco2.methods._checks import require_range
from aluco2.methods.gwp import co2_equivalent

if TYPE_CHECKING:
    from aluco2.units import Quantity

__all__ = ["mass_balance_co2", "pfc_co2e", "pfc_total_from_duct"]


def mass_balance_co2(
    activity_data: Quantity, carbon_content: Quantity, carbon_to_co2: Quantity
) -> Quantity:
    r"""CO2 of one source stream of a mass balance (Annex II B.3.2, Eq. 12).

    Parameters
    ----------
    activity_data : pint.Quantity
        Mass of the source stream, AD_k; negative for outputs. [t]
    carbon_content : pint.Quantity
        Carbon content of the stream, CC_k, as a mass fraction. [t/t]
    carbon_to_co2 : pint.Quantity
        The factor f, fixed by the regulation at 3.664 t CO2/t C. [t CO2/t]

    Returns
    -------
    pint.Quantity
        CO2 of the stream, negative for outputs. [t CO2]

    Notes
    -----
    .. math:: Em_k = f \cdot AD_k \cdot CC_k

    Examples
    --------
    >>> from aluco2.units import Q_
    >>> round(mass_balance_co2(Q_(100, "t"), Q_(0.9, "t/t"), Q_(3.664, "t CO2/t"))
    ...       .m_as("t CO2"), 6)
    329.76
    """
    return carbon_to_co2 * activity_data * carbon_content


def pfc_total_from_duct(duct_emissions: Quantity, collection_efficiency: Quantity) -> Quantity:
    r"""Total PFC from emissions measured in the duct (Annex II B.7, Eq. 20).

    Parameters
    ----------
    duct_emissions : pint.Quantity
        PFC measured in the duct. [t gas]
    collection_efficiency : pint.Quantity
        Share of the cell gases the duct collects. [%]

    Returns
    -------
    pint.Quantity
        Total PFC, including fugitive emissions. [t gas]

    Notes
    -----
    .. math:: PFC_{total} = PFC_{duct} / \eta_{collection}

    Examples
    --------
    >>> from aluco2.units import Q_
    >>> round(pfc_total_from_duct(Q_(0.98, "t CF4"), Q_(98, "%")).m_as("t CF4"), 6)
    1.0
    """
    require_range(
        "collection_efficiency",
        collection_efficiency,
        "%",
        low=0.0,
        high=100.0,
        low_inclusive=False,
    )
    return duct_emissions / collection_efficiency


def pfc_co2e(cf4: Quantity, c2f6: Quantity, gwp_cf4: Quantity, gwp_c2f6: Quantity) -> Quantity:
    r"""PFC emissions as CO2e (Annex II B.7, Eq. 26).

    Parameters
    ----------
    cf4, c2f6 : pint.Quantity
        CF4 and C2F6 emitted. [t CF4], [t C2F6]
    gwp_cf4, gwp_c2f6 : pint.Quantity
        GWPs of Annex II point G, Table 6 (6 630 and 11 100). [t CO2e/t CF4], [t CO2e/t C2F6]

    Returns
    -------
    pint.Quantity
        PFC emissions. [t CO2e]

    Notes
    -----
    .. math:: PFC_{CO_2e} = E_{CF_4} \cdot GWP_{CF_4} + E_{C_2F_6} \cdot GWP_{C_2F_6}

    Examples
    --------
    Worked case of the reference note: 3.575 t CF4 and 0.432575 t C2F6 give 28 503.83 t CO2e.

    >>> from aluco2.units import Q_
    >>> round(pfc_co2e(Q_(3.575, "t CF4"), Q_(0.432575, "t C2F6"),
    ...       Q_(6630, "t CO2e / t CF4"), Q_(11100, "t CO2e / t C2F6")).m_as("t CO2e"), 2)
    28503.83
    """
    return co2_equivalent(cf4, gwp_cf4) + co2_equivalent(c2f6, gwp_c2f6)
