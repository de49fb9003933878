"""IPCC 2006 Guidelines, Vol. 3, Ch. 4.4 (aluminium production), Eqs. 4.20-4.26.

Every function takes and returns pint quantities; magnitudes may be NumPy arrays.
Mass fractions (sulphur, ash, hydrogen, binder) are dimensionless quantities
such as ``Q_(2.0, "%")``: the equations' ``(100 - S - Ash) / 100`` is written
``1 - S - Ash`` with fractions. The carbon-to-CO2 ratio is the equations' 44/12.

References
----------
.. [1] IPCC, "Metal Industry Emissions", in 2006 IPCC Guidelines for National
   Greenhouse Gas Inventories, vol. 3, ch. 4, sec. 4.4, 2006.
.. [2] Commission Implementing Regulation (EU) 2025/2547, Annex II, point B.7
   (the same slope and overvoltage equations, numbered 21-25).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aluco2._methods._checks import require_range
from aluco2._units import Q_

if TYPE_CHECKING:
    from aluco2._units import Quantity

__all__ = [
    "CO2_PER_C",
    "anode_effect_minutes",
    "c2f6_from_cf4",
    "carbon_content",
    "packing_coke_co2",
    "pfc_cf4_overvoltage_method",
    "pfc_cf4_slope_method",
    "pitch_volatiles_co2",
    "prebake_anode_co2",
    "soderberg_paste_co2",
    "tier1_pfc",
    "tier1_process_co2",
]

CO2_PER_C = 44 / 12
"""Mass of CO2 per mass of carbon as written in Eqs. 4.21-4.24 [t CO2/t C].

The equations fix the ratio 44/12; the factor set's ``physical.co2_per_c`` (3.664,
from atomic weights) and the CBAM ``f`` belong to other methods and are not used here.
"""


def _co2_from_carbon(carbon_mass: Quantity) -> Quantity:
    return carbon_mass * Q_(CO2_PER_C, "t CO2/t")


def _fraction(name: str, value: Quantity) -> Quantity:
    return require_range(name, value, "%", low=0.0, high=100.0)


def carbon_content(mass: Quantity, sulphur_content: Quantity, ash_content: Quantity) -> Quantity:
    r"""Carbon in a mass of anode or coke: the bracket of Eqs. 4.21 and 4.23.

    Parameters
    ----------
    mass : pint.Quantity
        Mass of baked anode or packing coke, or such a mass per tonne. [t]
    sulphur_content, ash_content : pint.Quantity
        Sulphur and ash, mass fractions. [%]

    Returns
    -------
    pint.Quantity
        Carbon contained. [t]

    Raises
    ------
    InputError
        If a fraction lies outside 0-100 % or sulphur and ash leave no carbon.

    Notes
    -----
    .. math:: C = m \cdot \frac{100 - S - Ash}{100}

    Examples
    --------
    >>> round(carbon_content(Q_(0.42, "t"), Q_(2.0, "%"), Q_(0.4, "%")).m_as("t"), 6)
    0.40992
    """
    fraction = (
        1 - _fraction("sulphur_content", sulphur_content) - _fraction("ash_content", ash_content)
    )
    require_range("carbon (100 % - sulphur - ash)", fraction, "%", low=0.0, low_inclusive=False)
    return mass * fraction


def tier1_process_co2(metal_produced: Quantity, emission_factor: Quantity) -> Quantity:
    r"""Tier 1 process CO2 of one cell technology (Eq. 4.20).

    Parameters
    ----------
    metal_produced : pint.Quantity
        Aluminium produced with the technology. [t]
    emission_factor : pint.Quantity
        Tier 1 factor of the technology (Table 4.10: prebake 1.6, Soderberg 1.7). [t CO2/t]

    Returns
    -------
    pint.Quantity
        CO2 emitted. [t CO2]

    Notes
    -----
    .. math:: E_{CO_2} = EF_i \cdot MP_i

    Examples
    --------
    >>> tier1_process_co2(Q_(1, "t"), Q_(1.6, "t CO2/t")).m_as("t CO2")
    1.6
    """
    return metal_produced * emission_factor


def prebake_anode_co2(
    net_anode_consumption: Quantity,
    metal_produced: Quantity,
    sulphur_content: Quantity,
    ash_content: Quantity,
) -> Quantity:
    r"""CO2 from consumption of prebaked anodes (Eq. 4.21).

    Parameters
    ----------
    net_anode_consumption : pint.Quantity
        Net anode consumed per tonne of aluminium, NAC. [t/t]
    metal_produced : pint.Quantity
        Aluminium produced, MP. [t]
    sulphur_content, ash_content : pint.Quantity
        Sulphur and ash in baked anodes, S_a and Ash_a, mass fractions. [%]

    Returns
    -------
    pint.Quantity
        CO2 emitted. [t CO2]

    Raises
    ------
    InputError
        If a fraction lies outside 0-100 % or sulphur and ash leave no carbon.

    Notes
    -----
    .. math:: E_{CO_2} = NAC \cdot MP \cdot \frac{100 - S_a - Ash_a}{100} \cdot \frac{44}{12}

    Examples
    --------
    Illustrative inputs (not shipped defaults); hand check 0.40 x 0.976 x 44/12 = 1.43147:

    >>> round(prebake_anode_co2(Q_(0.40, "t/t"), Q_(1, "t"), Q_(2.0, "%"), Q_(0.4, "%"))
    ...       .m_as("t CO2"), 5)
    1.43147
    """
    return _co2_from_carbon(
        carbon_content(net_anode_consumption * metal_produced, sulphur_content, ash_content)
    )


def pitch_volatiles_co2(
    green_anodes: Quantity,
    hydrogen_in_green_anodes: Quantity,
    baked_anodes: Quantity,
    waste_tar: Quantity,
) -> Quantity:
    r"""CO2 from combustion of pitch volatiles in anode baking (Eq. 4.22).

    Parameters
    ----------
    green_anodes : pint.Quantity
        Green anodes put into the baking furnace, GA. [t]
    hydrogen_in_green_anodes : pint.Quantity
        Hydrogen contained in the green anodes, H_w (default 0.005 GA). [t]
    baked_anodes : pint.Quantity
        Baked anodes taken out, BA. [t]
    waste_tar : pint.Quantity
        Waste tar collected, WT (0.005 GA for Riedhammer furnaces, else insignificant). [t]

    Returns
    -------
    pint.Quantity
        CO2 emitted. [t CO2]

    Raises
    ------
    InputError
        If baked anodes, hydrogen and tar together exceed the green anodes.

    Notes
    -----
    .. math:: E_{CO_2} = (GA - H_w - BA - WT) \cdot \frac{44}{12}

    Examples
    --------
    Hand check: (1.0 - 0.005 - 0.95 - 0) x 44/12 = 0.165 t CO2.

    >>> round(pitch_volatiles_co2(Q_(1.0, "t"), Q_(0.005, "t"), Q_(0.95, "t"), Q_(0, "t"))
    ...       .m_as("t CO2"), 6)
    0.165
    """
    volatiles = green_anodes - hydrogen_in_green_anodes - baked_anodes - waste_tar
    require_range(
        "green anodes minus hydrogen, baked anodes and waste tar", volatiles, "t", low=0.0
    )
    return _co2_from_carbon(volatiles)


def packing_coke_co2(
    packing_coke_consumption: Quantity,
    baked_anodes: Quantity,
    sulphur_content: Quantity,
    ash_content: Quantity,
) -> Quantity:
    r"""CO2 from packing coke burnt in anode baking furnaces (Eq. 4.23).

    Parameters
    ----------
    packing_coke_consumption : pint.Quantity
        Packing coke per tonne of baked anode, PCC. [t/t]
    baked_anodes : pint.Quantity
        Baked anodes produced, BA. [t]
    sulphur_content, ash_content : pint.Quantity
        Sulphur and ash in packing coke, S_pc and Ash_pc. [%]

    Returns
    -------
    pint.Quantity
        CO2 emitted. [t CO2]

    Notes
    -----
    .. math:: E_{CO_2} = PCC \cdot BA \cdot \frac{100 - S_{pc} - Ash_{pc}}{100} \cdot \frac{44}{12}

    Examples
    --------
    IPCC defaults 0.015 t/t, 2.0 % and 2.5 %: 0.015 x 0.955 x 44/12 = 0.052525 t CO2 per t BA.

    >>> round(packing_coke_co2(Q_(0.015, "t/t"), Q_(1, "t"), Q_(2.0, "%"), Q_(2.5, "%"))
    ...       .m_as("t CO2"), 6)
    0.052525
    """
    return _co2_from_carbon(
        carbon_content(packing_coke_consumption * baked_anodes, sulphur_content, ash_content)
    )


def soderberg_paste_co2(
    paste_consumption: Quantity,
    metal_produced: Quantity,
    cyclohexane_soluble_matter: Quantity,
    binder_content: Quantity,
    pitch_sulphur: Quantity,
    pitch_ash: Quantity,
    pitch_hydrogen: Quantity,
    coke_sulphur: Quantity,
    coke_ash: Quantity,
    skimmed_dust_carbon: Quantity,
) -> Quantity:
    r"""CO2 from Soderberg paste consumption (Eq. 4.24).

    Parameters
    ----------
    paste_consumption : pint.Quantity
        Paste consumed per tonne of aluminium, PC. [t/t]
    metal_produced : pint.Quantity
        Aluminium produced, MP. [t]
    cyclohexane_soluble_matter : pint.Quantity
        Emission of cyclohexane-soluble matter per tonne of aluminium, CSM. [kg/t]
    binder_content : pint.Quantity
        Binder (pitch) in the paste, BC. [%]
    pitch_sulphur, pitch_ash, pitch_hydrogen : pint.Quantity
        Sulphur, ash and hydrogen in pitch, S_p, Ash_p, H_p. [%]
    coke_sulphur, coke_ash : pint.Quantity
        Sulphur and ash in calcined coke, S_c, Ash_c. [%]
    skimmed_dust_carbon : pint.Quantity
        Carbon in skimmed dust per tonne of aluminium, CD. [t/t]

    Returns
    -------
    pint.Quantity
        CO2 emitted. [t CO2]

    Raises
    ------
    InputError
        If a fraction is outside 0-100 % or the carbon balance turns negative.

    Notes
    -----
    .. math::

        E_{CO_2} = \Big(PC \cdot MP - \frac{CSM \cdot MP}{1000}
        - \frac{BC}{100} PC \cdot MP \frac{S_p + Ash_p + H_p}{100}
        - \frac{100 - BC}{100} PC \cdot MP \frac{S_c + Ash_c}{100}
        - MP \cdot CD\Big) \cdot \frac{44}{12}

    Examples
    --------
    Illustrative paste use 0.5 t/t with the IPCC defaults for VSS (CSM 0.5 kg/t, BC 24 %,
    pitch 0.6/0.2/3.3 %, coke 1.9/0.2 %, CD 0.01 t/t); hand check:
    0.5 - 0.0005 - 0.24 x 0.5 x 0.041 - 0.76 x 0.5 x 0.021 - 0.01 = 0.4766 t C,
    x 44/12 = 1.747533 t CO2.

    >>> round(soderberg_paste_co2(Q_(0.5, "t/t"), Q_(1, "t"), Q_(0.5, "kg/t"), Q_(24, "%"),
    ...     Q_(0.6, "%"), Q_(0.2, "%"), Q_(3.3, "%"), Q_(1.9, "%"), Q_(0.2, "%"),
    ...     Q_(0.01, "t/t")).m_as("t CO2"), 6)
    1.747533
    """
    binder = _fraction("binder_content", binder_content)
    pitch_impurities = sum(
        _fraction(name, value)
        for name, value in (
            ("pitch_sulphur", pitch_sulphur),
            ("pitch_ash", pitch_ash),
            ("pitch_hydrogen", pitch_hydrogen),
        )
    )
    coke_impurities = _fraction("coke_sulphur", coke_sulphur) + _fraction("coke_ash", coke_ash)
    paste = paste_consumption * metal_produced
    carbon = (
        paste
        - cyclohexane_soluble_matter * metal_produced
        - binder * paste * pitch_impurities
        - (1 - binder) * paste * coke_impurities
        - metal_produced * skimmed_dust_carbon
    )
    require_range("carbon balance of the paste (Eq. 4.24 bracket)", carbon, "t", low=0.0)
    return _co2_from_carbon(carbon)


def tier1_pfc(
    metal_produced: Quantity, emission_factor_cf4: Quantity, emission_factor_c2f6: Quantity
) -> tuple[Quantity, Quantity]:
    r"""Tier 1 CF4 and C2F6 of one cell technology (Eq. 4.25).

    Parameters
    ----------
    metal_produced : pint.Quantity
        Aluminium produced with the technology, MP. [t]
    emission_factor_cf4, emission_factor_c2f6 : pint.Quantity
        Tier 1 factors of the technology (Table 4.15). [kg CF4/t], [kg C2F6/t]

    Returns
    -------
    tuple of pint.Quantity
        CF4 and C2F6 emitted. [kg CF4], [kg C2F6]

    Notes
    -----
    .. math:: E_{CF_4} = EF_{CF_4,i} \cdot MP_i, \quad E_{C_2F_6} = EF_{C_2F_6,i} \cdot MP_i

    Examples
    --------
    >>> cf4, c2f6 = tier1_pfc(Q_(1, "t"), Q_(0.4, "kg CF4/t"), Q_(0.04, "kg C2F6/t"))
    >>> cf4.m_as("kg CF4"), c2f6.m_as("kg C2F6")
    (0.4, 0.04)
    """
    return emission_factor_cf4 * metal_produced, emission_factor_c2f6 * metal_produced


def anode_effect_minutes(frequency: Quantity, duration: Quantity) -> Quantity:
    r"""Anode-effect minutes per cell-day from frequency and mean duration.

    Definition under Eq. 4.26; IR 2025/2547 Eq. 23.

    Parameters
    ----------
    frequency : pint.Quantity
        Anode effects per cell-day. [1/d]
    duration : pint.Quantity
        Mean duration of an anode effect. [min]

    Returns
    -------
    pint.Quantity
        Anode-effect minutes per cell-day, AEM. [min/d]

    Notes
    -----
    .. math:: AEM = frequency \cdot duration

    Examples
    --------
    >>> round(anode_effect_minutes(Q_(0.1, "1/d"), Q_(2.5, "min")).m_as("min/d"), 6)
    0.25
    """
    require_range("anode_effect_frequency", frequency, "1/d", low=0.0)
    require_range("anode_effect_duration", duration, "min", low=0.0)
    return frequency * duration


def pfc_cf4_slope_method(
    anode_effect_minutes: Quantity, slope_cf4: Quantity, metal_produced: Quantity
) -> Quantity:
    r"""CF4 from anode effects by the slope method (Eq. 4.26; IR 2025/2547 Eq. 21).

    Parameters
    ----------
    anode_effect_minutes : pint.Quantity
        Anode-effect minutes per cell-day, AEM. [min/d]
    slope_cf4 : pint.Quantity
        Slope coefficient of the technology, S_CF4. [(kg CF4/t)/(min/d)]
    metal_produced : pint.Quantity
        Aluminium produced, MP. [t]

    Returns
    -------
    pint.Quantity
        CF4 emitted. [kg CF4]

    Notes
    -----
    .. math:: E_{CF_4} = S_{CF_4} \cdot AEM \cdot MP

    Examples
    --------
    IR 2025/2547 worked case: AEM 0.25, CWPB 0.143, 100 000 t gives 3.575 t CF4.

    >>> round(pfc_cf4_slope_method(Q_(0.25, "min/d"), Q_(0.143, "(kg CF4/t)/(min/d)"),
    ...       Q_(100_000, "t")).m_as("t CF4"), 6)
    3.575
    """
    require_range("anode_effect_minutes", anode_effect_minutes, "min/d", low=0.0)
    return slope_cf4 * anode_effect_minutes * metal_produced


def pfc_cf4_overvoltage_method(
    overvoltage_coefficient: Quantity,
    anode_effect_overvoltage: Quantity,
    current_efficiency: Quantity,
    metal_produced: Quantity,
) -> Quantity:
    r"""CF4 from anode effects by the overvoltage method (IPCC 2006; IR 2025/2547 Eq. 24).

    The equation divides the overvoltage by the current efficiency *in percent*
    (e.g. 95, not 0.95) and takes the coefficient in (kg CF4/t)/mV as tabulated;
    this function applies that convention, so ``current_efficiency`` may be given
    as ``Q_(95, "%")`` or ``Q_(0.95, "")`` with the same result.

    Parameters
    ----------
    overvoltage_coefficient : pint.Quantity
        Overvoltage coefficient of the technology, OVC. [(kg CF4/t)/mV]
    anode_effect_overvoltage : pint.Quantity
        Anode-effect overvoltage per cell, AEO. [mV]
    current_efficiency : pint.Quantity
        Current efficiency of the pot line, CE. [%]
    metal_produced : pint.Quantity
        Aluminium produced, MP. [t]

    Returns
    -------
    pint.Quantity
        CF4 emitted. [kg CF4]

    Raises
    ------
    InputError
        If the current efficiency is not in (0, 100] %.

    Notes
    -----
    .. math:: E_{CF_4} = OVC \cdot \frac{AEO}{CE_{\%}} \cdot MP

    Examples
    --------
    IR 2025/2547 worked case: OVC 1.16, AEO 2.5 mV, CE 96 %, 100 000 t: 3.0208 t CF4.

    >>> round(pfc_cf4_overvoltage_method(Q_(1.16, "(kg CF4/t)/mV"), Q_(2.5, "mV"),
    ...       Q_(96, "%"), Q_(100_000, "t")).m_as("t CF4"), 4)
    3.0208
    """
    require_range(
        "current_efficiency", current_efficiency, "%", low=0.0, high=100.0, low_inclusive=False
    )
    require_range("anode_effect_overvoltage", anode_effect_overvoltage, "mV", low=0.0)
    efficiency_percent_number = current_efficiency.m_as("%")
    per_tonne = (
        overvoltage_coefficient.m_as("(kg CF4/t)/mV")
        * anode_effect_overvoltage.m_as("mV")
        / efficiency_percent_number
    )
    return Q_(per_tonne, "kg CF4/t") * metal_produced


def c2f6_from_cf4(cf4: Quantity, weight_fraction: Quantity) -> Quantity:
    r"""C2F6 from CF4 and the technology's C2F6/CF4 weight fraction (Eq. 4.26; IR Eqs. 22, 25).

    Parameters
    ----------
    cf4 : pint.Quantity
        CF4 emitted. [kg CF4]
    weight_fraction : pint.Quantity
        C2F6/CF4 weight fraction of the technology, F. [kg C2F6/kg CF4]

    Returns
    -------
    pint.Quantity
        C2F6 emitted. [kg C2F6]

    Notes
    -----
    .. math:: E_{C_2F_6} = E_{CF_4} \cdot F_{C_2F_6/CF_4}

    Examples
    --------
    >>> round(c2f6_from_cf4(Q_(3.575, "t CF4"), Q_(0.121, "t C2F6 / t CF4")).m_as("t C2F6"), 6)
    0.432575
    """
    return cf4 * weight_fraction
