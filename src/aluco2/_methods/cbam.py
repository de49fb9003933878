"""Equations of the CBAM regulations for aluminium, in exact decimal arithmetic.

A CBAM declaration is a legal figure: these functions take and return
:class:`decimal.Decimal` numbers in the fixed units of their docstrings, so that
no binary rounding creeps in between the installation's data and the specific
embedded emissions. The footprint engine uses the IPCC forms of the PFC equations on
NumPy arrays (:mod:`aluco2._methods.ipcc_aluminium`); the forms here follow the
regulation's notation (f = 3.664, PFC in t, AR5 GWPs of Annex II point G).

References
----------
.. [1] Commission Implementing Regulation (EU) 2025/2547, Annex II points B.3 and B.7,
   Annex III points A.3 and B, http://data.europa.eu/eli/reg_impl/2025/2547/oj
.. [2] Commission Implementing Regulation (EU) 2025/2620, Annex, points 3 and 5,
   http://data.europa.eu/eli/reg_impl/2025/2620/oj
.. [3] Commission Implementing Regulation (EU) 2025/2621, Annex I, as replaced by
   Implementing Regulation (EU) 2026/1740.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from aluco2._errors import InputError

__all__ = [
    "anode_effect_minutes",
    "attributed_direct_emissions",
    "c2f6_from_cf4",
    "combustion_co2",
    "default_with_markup",
    "mass_balance_co2",
    "pfc_cf4_overvoltage",
    "pfc_cf4_slope",
    "pfc_co2e",
    "pfc_total_from_duct",
    "specific_embedded_emissions",
    "specific_free_allocation",
]

ZERO = Decimal(0)
ONE = Decimal(1)


def _require(name: str, value: Decimal, *, low: Decimal, high: Decimal | None = None) -> None:
    if value < low or (high is not None and value > high):
        limit = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise InputError(expected=f"{limit}", value=str(value), key_path=(name,))


def combustion_co2(
    fuel_tj: Decimal,
    emission_factor_t_per_tj: Decimal,
    oxidation_factor: Decimal = ONE,
    biomass_fraction: Decimal = ZERO,
) -> Decimal:
    r"""Fossil CO2 of a fuel burnt, (Annex II point B.3.1, the standard-method Equation).

    Parameters
    ----------
    fuel_tj : Decimal
        Activity data: fuel burnt on a net calorific value basis. [TJ]
    emission_factor_t_per_tj : Decimal
        CO2 emission factor. [t CO2/TJ]
    oxidation_factor : Decimal, default 1
        Share of the carbon oxidised. [t/t]
    biomass_fraction : Decimal, default 0
        Zero-rated biomass share of the carbon. [t/t]

    Returns
    -------
    Decimal
        Fossil CO2. [t CO2]

    Notes
    -----
    .. math:: Em = AD \cdot EF \cdot OF \cdot (1 - BF)

    Examples
    --------
    >>> combustion_co2(Decimal("1000"), Decimal("56.1"))
    Decimal('56100.0')
    """
    _require("oxidation_factor", oxidation_factor, low=ZERO, high=ONE)
    _require("biomass_fraction", biomass_fraction, low=ZERO, high=ONE)
    return fuel_tj * emission_factor_t_per_tj * oxidation_factor * (ONE - biomass_fraction)


def mass_balance_co2(
    activity_t: Decimal, carbon_content: Decimal, f_t_co2_per_t_c: Decimal
) -> Decimal:
    r"""CO2 of one source stream of a mass balance (Annex II point B.3.2, Eq. 12).

    Parameters
    ----------
    activity_t : Decimal
        Mass of the stream, AD_k; negative for outputs. [t]
    carbon_content : Decimal
        Carbon per mass of the stream, CC_k (t of carbon per t). [t/t]
    f_t_co2_per_t_c : Decimal
        The factor f of the regulation, 3.664 t CO2 per t of carbon. [t CO2/t]

    Returns
    -------
    Decimal
        CO2 of the stream, negative for outputs. [t CO2]

    Notes
    -----
    .. math:: Em_k = f \cdot AD_k \cdot CC_k

    Examples
    --------
    >>> mass_balance_co2(Decimal("100"), Decimal("0.9"), Decimal("3.664"))
    Decimal('329.7600')
    """
    _require("carbon_content", carbon_content, low=ZERO, high=ONE)
    return f_t_co2_per_t_c * activity_t * carbon_content


def anode_effect_minutes(frequency_per_cell_day: Decimal, duration_min: Decimal) -> Decimal:
    r"""Anode-effect minutes per cell-day (Annex II point B.7, Eq. 23).

    Parameters
    ----------
    frequency_per_cell_day : Decimal
        Anode effects per cell-day. [1/d]
    duration_min : Decimal
        Mean duration of an anode effect. [min]

    Returns
    -------
    Decimal
        AEM. [min/d]

    Examples
    --------
    >>> anode_effect_minutes(Decimal("0.1"), Decimal("2.5"))
    Decimal('0.25')
    """
    return frequency_per_cell_day * duration_min


def pfc_cf4_slope(
    slope_kg_per_t_per_aem: Decimal, aem_min_per_day: Decimal, aluminium_t: Decimal
) -> Decimal:
    r"""CF4 by the slope method (Annex II point B.7, Eq. 21).

    Parameters
    ----------
    slope_kg_per_t_per_aem : Decimal
        SEF_CF4. [(kg CF4/t)/(min/d)]
    aem_min_per_day : Decimal
        Anode-effect minutes per cell-day. [min/d]
    aluminium_t : Decimal
        Primary aluminium produced, PrAl. [t]

    Returns
    -------
    Decimal
        CF4 emitted. [t CF4]

    Notes
    -----
    .. math:: E_{CF_4} = AEM \cdot (SEF_{CF_4} / 1000) \cdot Pr_{Al}

    Examples
    --------
    Worked case of the reference notes: CWPB, AEM 0.25, 100 000 t.

    >>> pfc_cf4_slope(Decimal("0.143"), Decimal("0.25"), Decimal("100000"))
    Decimal('3.57500000')
    """
    return aem_min_per_day * (slope_kg_per_t_per_aem / Decimal(1000)) * aluminium_t


def pfc_cf4_overvoltage(
    ovc_kg_per_t_per_mv: Decimal,
    overvoltage_mv: Decimal,
    current_efficiency_percent: Decimal,
    aluminium_t: Decimal,
) -> Decimal:
    r"""CF4 by the overvoltage method (Annex II point B.7, Eq. 24).

    Parameters
    ----------
    ovc_kg_per_t_per_mv : Decimal
        Overvoltage coefficient OVC. [(kg CF4/t)/mV]
    overvoltage_mv : Decimal
        Anode-effect overvoltage per cell, AEO. [mV]
    current_efficiency_percent : Decimal
        Mean current efficiency CE, as a percent number (96, not 0.96). [%]
    aluminium_t : Decimal
        Primary aluminium produced, PrAl. [t]

    Returns
    -------
    Decimal
        CF4 emitted. [t CF4]

    Notes
    -----
    .. math:: E_{CF_4} = OVC \cdot (AEO / CE) \cdot Pr_{Al} \cdot 0.001

    Examples
    --------
    >>> round(pfc_cf4_overvoltage(Decimal("1.16"), Decimal("2.5"), Decimal("96"),
    ...       Decimal("100000")), 6)
    Decimal('3.020833')
    """
    _require("current_efficiency", current_efficiency_percent, low=Decimal(1), high=Decimal(100))
    return (
        ovc_kg_per_t_per_mv
        * (overvoltage_mv / current_efficiency_percent)
        * aluminium_t
        * Decimal("0.001")
    )


def c2f6_from_cf4(cf4_t: Decimal, c2f6_per_cf4: Decimal) -> Decimal:
    r"""C2F6 from CF4 (Annex II point B.7, Eqs. 22 and 25).

    Parameters
    ----------
    cf4_t : Decimal
        CF4 emitted. [t CF4]
    c2f6_per_cf4 : Decimal
        Weight fraction F_C2F6. [t C2F6/t CF4]

    Returns
    -------
    Decimal
        C2F6 emitted. [t C2F6]

    Examples
    --------
    >>> c2f6_from_cf4(Decimal("3.575"), Decimal("0.121"))
    Decimal('0.432575')
    """
    return cf4_t * c2f6_per_cf4


def pfc_total_from_duct(duct_t: Decimal, collection_efficiency: Decimal) -> Decimal:
    r"""Total PFC from emissions measured in the duct (Annex II point B.7, Eq. 20).

    Parameters
    ----------
    duct_t : Decimal
        CF4 or C2F6 measured in the duct. [t]
    collection_efficiency : Decimal
        Share of the cell gases the duct collects. [t/t]

    Returns
    -------
    Decimal
        Total emission including fugitive emissions. [t]

    Notes
    -----
    .. math:: PFC_{total} = PFC_{duct} / \eta_{collection}

    Examples
    --------
    >>> pfc_total_from_duct(Decimal("0.98"), Decimal("0.98"))
    Decimal('1')
    """
    _require("collection_efficiency", collection_efficiency, low=Decimal("0.01"), high=ONE)
    return duct_t / collection_efficiency


def pfc_co2e(cf4_t: Decimal, c2f6_t: Decimal, gwp_cf4: Decimal, gwp_c2f6: Decimal) -> Decimal:
    r"""PFC emissions in CO2e (Annex II point B.7, Eq. 26).

    Parameters
    ----------
    cf4_t, c2f6_t : Decimal
        CF4 and C2F6 emitted. [t]
    gwp_cf4, gwp_c2f6 : Decimal
        GWPs of Annex II point G, Table 6 (6 630 and 11 100). [t CO2e/t]

    Returns
    -------
    Decimal
        PFC emissions. [t CO2e]

    Notes
    -----
    .. math:: PFC_{CO_2e} = E_{CF_4} \cdot GWP_{CF_4} + E_{C_2F_6} \cdot GWP_{C_2F_6}

    Examples
    --------
    >>> pfc_co2e(Decimal("3.575"), Decimal("0.432575"), Decimal("6630"), Decimal("11100"))
    Decimal('28503.832500')
    """
    return cf4_t * gwp_cf4 + c2f6_t * gwp_c2f6


def attributed_direct_emissions(
    directly_attributable_t: Decimal,
    heat_imported_t: Decimal = ZERO,
    heat_exported_t: Decimal = ZERO,
    waste_gas_imported_t: Decimal = ZERO,
    waste_gas_exported_t: Decimal = ZERO,
    electricity_produced_t: Decimal = ZERO,
) -> Decimal:
    r"""Attributed direct emissions of a production process (Annex III point A.3, Eq. 55).

    Parameters
    ----------
    directly_attributable_t : Decimal
        Direct emissions of the process's source streams and PFC, DirEm*. [t CO2e]
    heat_imported_t, heat_exported_t : Decimal
        Emissions of measurable heat imported and exported, Em_H,imp and Em_H,exp. [t CO2e]
    waste_gas_imported_t, waste_gas_exported_t : Decimal
        Waste-gas corrections, WG_corr,imp and WG_corr,exp. [t CO2e]
    electricity_produced_t : Decimal
        Emissions of electricity produced within the boundary, Em_el,prod. [t CO2e]

    Returns
    -------
    Decimal
        AttrEm_dir, set to zero where the sum is negative. [t CO2e]

    Notes
    -----
    .. math:: AttrEm_{dir} = \max(0,\ DirEm^* + Em_{H,imp} - Em_{H,exp}
              + WG_{corr,imp} - WG_{corr,exp} - Em_{el,prod})

    Examples
    --------
    >>> attributed_direct_emissions(Decimal("100"), heat_exported_t=Decimal("120"))
    Decimal('0')
    """
    total = (
        directly_attributable_t
        + heat_imported_t
        - heat_exported_t
        + waste_gas_imported_t
        - waste_gas_exported_t
        - electricity_produced_t
    )
    return max(total, ZERO)


def specific_embedded_emissions(
    attributed_t: Decimal,
    precursors: Iterable[tuple[Decimal, Decimal]],
    activity_level_t: Decimal,
) -> Decimal:
    r"""Specific embedded emissions of a good (Annex III point B, Eqs. 59 and 60).

    Parameters
    ----------
    attributed_t : Decimal
        Attributed emissions of the production process, AttrEm_g. [t CO2e]
    precursors : iterable of (Decimal, Decimal)
        Mass consumed M_i [t] and specific embedded emissions SEE_i [t CO2e/t] of each
        precursor not covered by the same production process.
    activity_level_t : Decimal
        Activity level of the process, AL_g. [t]

    Returns
    -------
    Decimal
        SEE_g. [t CO2e/t]

    Notes
    -----
    .. math:: SEE_g = \frac{AttrEm_g + \sum_i M_i \cdot SEE_i}{AL_g}

    Examples
    --------
    Remelting 10 000 t with 2 000 t of precursor at 1.87 t CO2e/t and 1 500 t CO2 of fuel:

    >>> specific_embedded_emissions(Decimal("1500"), [(Decimal("2000"), Decimal("1.87"))],
    ...                             Decimal("10000"))
    Decimal('0.524')
    """
    if activity_level_t <= 0:
        raise InputError(expected="more than 0 t", value=str(activity_level_t), key_path=("AL",))
    embedded_inputs = sum((mass * see for mass, see in precursors), ZERO)
    return (attributed_t + embedded_inputs) / activity_level_t


def default_with_markup(default_t_per_t: Decimal, markup: Decimal) -> Decimal:
    r"""Default value increased by the year's mark-up (IR 2025/2621 Annex I definition).

    Parameters
    ----------
    default_t_per_t : Decimal
        Default 'total emissions' value of the good and country. [t CO2e/t]
    markup : Decimal
        Mark-up of the year, e.g. 0.10 for 10 %. [t/t]

    Returns
    -------
    Decimal
        The value used for certificates. [t CO2e/t]

    Examples
    --------
    >>> default_with_markup(Decimal("3.000"), Decimal("0.10"))
    Decimal('3.30000')
    """
    return default_t_per_t * (ONE + markup)


def specific_free_allocation(
    cbam_factor: Decimal,
    cross_sectoral_correction: Decimal,
    benchmark_t_per_t: Decimal,
    precursors: Iterable[tuple[Decimal, Decimal]] = (),
) -> Decimal:
    r"""Specific embedded free allocation of a good (IR 2025/2620 Annex, Eqs. 2, 4 and 6).

    Parameters
    ----------
    cbam_factor : Decimal
        CBAM factor of the year, CBAM_y (Directive 2003/87/EC Art. 10a(1a)). [t/t]
    cross_sectoral_correction : Decimal
        Cross-sectoral correction factor of the year, CSCF_y. [t/t]
    benchmark_t_per_t : Decimal
        CBAM benchmark of the good's process: Column A with actual data, Column B with
        default values. [t CO2e/t]
    precursors : iterable of (Decimal, Decimal)
        Specific mass m_i [t/t] and specific embedded free allocation SEFA_i [t CO2e/t] of
        each precursor of a complex good.

    Returns
    -------
    Decimal
        SEFA_g. [t CO2e/t]

    Notes
    -----
    .. math:: SEFA_g = CBAM_y \cdot CSCF_y \cdot BM_g + \sum_i m_i \cdot SEFA_i

    The equations are images in the Official Journal; this form is the one secondary
    sources agree on, consistent with the symbols the regulation defines in words.

    Examples
    --------
    >>> specific_free_allocation(Decimal("0.975"), Decimal("1"), Decimal("1.423"))
    Decimal('1.387425')
    """
    _require("cbam_factor", cbam_factor, low=ZERO, high=ONE)
    own = cbam_factor * cross_sectoral_correction * benchmark_t_per_t
    return own + sum((m * sefa for m, sefa in precursors), ZERO)
