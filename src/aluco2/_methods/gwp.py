"""Conversion of a species mass to CO2-equivalent with a named GWP."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aluco2._units import Quantity

__all__ = ["co2_equivalent"]


def co2_equivalent(mass: Quantity, gwp: Quantity) -> Quantity:
    r"""CO2-equivalent of a mass of one gas: mass times its GWP.

    The definition of a CO2-equivalent emission in the IPCC glossaries, and the form
    of IR (EU) 2025/2547 Annex II B.7, Eq. 26, term by term.

    Parameters
    ----------
    mass : pint.Quantity
        Mass of the gas, e.g. ``kg CF4`` or ``kg CF4/t``. [kg gas]
    gwp : pint.Quantity
        Global warming potential of that gas from a named set, e.g.
        ``6630 t CO2e / t CF4``. There is no default: the caller picks the set.

    Returns
    -------
    pint.Quantity
        ``mass * gwp`` in CO2e.

    Notes
    -----
    .. math:: E_{CO_2e} = m_{gas} \cdot GWP_{gas}

    Because each gas is its own dimension, passing the GWP of another gas
    leaves a gas dimension in the result; the caller's conversion to CO2e then
    fails instead of producing a wrong number.

    Examples
    --------
    >>> from aluco2._units import Q_
    >>> round(co2_equivalent(Q_(0.4, "kg CF4/t"), Q_(6630, "t CO2e / t CF4")).m_as("t CO2e/t"), 6)
    2.652
    """
    return mass * gwp
