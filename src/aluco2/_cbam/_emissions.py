"""Direct emissions of one production process, with an audit line for every figure.

Source streams (Annex II B.3.1 standard method and B.3.2 mass balance), PFC (B.7) and
the attribution terms (Annex III A.3) of Implementing Regulation (EU) 2025/2547, in
decimal arithmetic. Every figure is recorded as an :class:`AuditLine` naming the
equation, the installation key paths and the factor ids it used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from aluco2._errors import InputError, UnitError, parse_key_path
from aluco2._methods import cbam as eq
from aluco2._units import parse_decimal

if TYPE_CHECKING:
    from aluco2._factors import FactorSet
    from aluco2._installation import PFC, Process, SourceStream
    from aluco2._plant import Electrolysis, Plant

__all__ = ["AuditLine", "DirectEmissions", "direct_emissions", "plain"]

ZERO = Decimal(0)


def plain(value: Decimal) -> str:
    """Write a decimal without exponent or trailing zeros, e.g. ``8415``, ``0.5345``."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


@dataclasses.dataclass(frozen=True, slots=True)
class AuditLine:
    """One computed figure: what, how much, by which equation, from which inputs."""

    quantity: str
    value: Decimal
    unit: str
    equation: str
    inputs: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class DirectEmissions:
    """Directly attributable and attributed direct emissions of a process."""

    combustion_t: Decimal
    mass_balance_t: Decimal
    pfc_t: Decimal
    directly_attributable_t: Decimal
    attributed_t: Decimal
    audit: tuple[AuditLine, ...]
    zero_rated_fuels: bool
    terms_t: Mapping[str, Decimal]
    """The attribution terms of Eq. 55 (heat_imported ... electricity_produced). [t CO2e]"""


class _Data:
    """Reads installation values as decimals and names them for audit lines."""

    def __init__(self, key: str) -> None:
        self.key = key

    def value(self, text: str, unit: str, field: str) -> tuple[Decimal, str]:
        try:
            return parse_decimal(text, unit), f"{self.key}.{field} = {text}"
        except UnitError as exc:
            raise exc.located(key_path=(*parse_key_path(self.key), field)) from None

    def optional(
        self, text: str | None, unit: str, field: str, default: Decimal
    ) -> tuple[Decimal, str | None]:
        if text is None:
            return default, None
        return self.value(text, unit, field)


def _factor(factors: FactorSet, factor_id: str, unit: str) -> tuple[Decimal, str]:
    record = factors.get(factor_id)
    return parse_decimal(record.value, unit), f"{factor_id} = {record.value}"


def _stream(stream: SourceStream, key: str, factors: FactorSet) -> tuple[str, AuditLine, bool]:
    """CO2 of one source stream; returns (method, audit line, zero-rated)."""
    data = _Data(key)
    biomass, biomass_in = data.optional(stream.biomass_fraction, "", "biomass_fraction", ZERO)
    if stream.method == "mass_balance":
        mass, mass_in = data.value(stream.amount, "t", "amount")
        carbon, carbon_in = data.value(stream.carbon_content or "", "", "carbon_content")
        f, f_in = _factor(factors, "cbam.ir2025_2547.f_co2_per_c", "t CO2/t")
        sign = Decimal(-1) if stream.direction == "output" else Decimal(1)
        co2 = eq.mass_balance_co2(sign * mass, carbon * (1 - biomass), f)
        inputs = (mass_in, carbon_in, f_in, *(x for x in [biomass_in] if x))
        line = AuditLine(
            f"{key} ({stream.name}, {stream.direction})",
            co2,
            "t CO2",
            "IR 2025/2547 Annex II B.3.2 Eq. 12: f x AD x CC (outputs negative)",
            inputs,
        )
        return "mass_balance", line, biomass > 0
    energy_in: list[str] = []
    if _is_mass(stream.amount):
        mass, mass_in = data.value(stream.amount, "t", "amount")
        if stream.ncv is not None:
            ncv, ncv_in = data.value(stream.ncv, "GJ/t", "ncv")
        elif stream.fuel is not None:
            ncv, ncv_in = _fuel_factor(factors, stream.fuel, "ncv", "GJ/t", key)
        else:
            raise InputError(
                expected="'ncv' (or a 'fuel' of the factor set) for a fuel given as mass",
                key_path=(*parse_key_path(key), "ncv"),
            )
        fuel_tj = mass * ncv / Decimal(1000)
        energy_in = [mass_in, ncv_in]
    else:
        fuel_tj, tj_in = data.value(stream.amount, "TJ", "amount")
        energy_in = [tj_in]
    if stream.emission_factor is not None:
        ef, ef_in = data.value(stream.emission_factor, "t CO2/TJ", "emission_factor")
    else:
        ef, ef_in = _fuel_factor(factors, stream.fuel or "", "co2", "t CO2/TJ", key)
    oxidation, ox_in = data.optional(stream.oxidation_factor, "", "oxidation_factor", Decimal(1))
    co2 = eq.combustion_co2(fuel_tj, ef, oxidation, biomass)
    inputs = (*energy_in, ef_in, *(x for x in [ox_in, biomass_in] if x))
    line = AuditLine(
        f"{key} ({stream.name})",
        co2,
        "t CO2",
        "IR 2025/2547 Annex II B.3.1 standard method: AD x EF x OF x (1 - BF)",
        inputs,
    )
    return "combustion", line, biomass > 0


def _is_mass(text: str) -> bool:
    from aluco2._units import parse_quantity

    return bool(parse_quantity(text).check("[mass]"))


def _fuel_factor(
    factors: FactorSet, fuel: str, kind: str, unit: str, key: str
) -> tuple[Decimal, str]:
    factor_id = f"fuel.{fuel}.{kind}"
    if factor_id not in factors:
        known = sorted({r.id.split(".")[1] for r in factors.select(f"fuel.*.{kind}")})
        raise InputError(
            expected=f"a fuel of the factor set ({', '.join(known)})",
            value=fuel,
            key_path=(*parse_key_path(key), "fuel"),
        )
    return _factor(factors, factor_id, unit)


@dataclasses.dataclass(frozen=True, slots=True)
class _PFCInputs:
    """PFC inputs of a process, from the installation or the plant file."""

    method: str
    technology: str
    values: dict[str, tuple[str, str]]
    """Field -> (text, where it was read)."""

    def get(self, field: str, unit: str) -> tuple[Decimal, str] | None:
        if field not in self.values:
            return None
        text, where = self.values[field]
        return parse_decimal(text, unit), f"{where}.{field} = {text}"


_AEM_FIELDS = ("anode_effect_minutes", "anode_effect_frequency", "anode_effect_duration")
_INSTALLATION_PFC_FIELDS = (
    *_AEM_FIELDS,
    "overvoltage",
    "current_efficiency",
    "slope_cf4",
    "overvoltage_coefficient",
    "c2f6_per_cf4",
    "cf4_duct",
    "c2f6_duct",
    "collection_efficiency",
)
_PLANT_PFC_FIELDS = {
    **{f: f for f in _INSTALLATION_PFC_FIELDS[:8]},
    "cf4": "cf4_per_t",
    "c2f6": "c2f6_per_t",
}
"""PFC keys of the plant file -> the names used here (measured values are per t)."""


def _present(section: object, names: Mapping[str, str], where: str) -> dict[str, tuple[str, str]]:
    """Return {name: (text, where)} of the keys of ``section`` that hold a value."""
    return {
        name: (getattr(section, field), where)
        for field, name in names.items()
        if getattr(section, field, None) is not None
    }


def _plant_electrolysis(plant: Plant | None, key: str) -> Electrolysis:
    if plant is None:
        raise InputError(
            expected="'method' and 'technology' given, or a 'plant' file that has them",
            key_path=(*parse_key_path(key), "method"),
        )
    if plant.model.primary is None:
        raise InputError(
            expected=f"'method' and 'technology' given: the plant file {plant.path} has no "
            "primary route to take them from",
            key_path=(*parse_key_path(key), "method"),
        )
    return plant.model.primary.electrolysis


def _pfc_inputs(pfc: PFC, key: str, plant: Plant | None) -> _PFCInputs:
    """Collect the PFC inputs: the installation's, completed from the plant file.

    The installation's values win; anode-effect data are taken as a group (its frequency
    and duration replace the plant's minutes and the other way round).
    """
    given = _present(pfc, {f: f for f in _INSTALLATION_PFC_FIELDS}, key)
    if pfc.method is not None and pfc.technology is not None:
        return _PFCInputs(pfc.method, pfc.technology, given)
    if pfc.method == "measured" and plant is None:
        return _PFCInputs("measured", "", given)  # Eq. 20 uses no technology factor
    electrolysis = _plant_electrolysis(plant, key)
    assert plant is not None  # _plant_electrolysis refused a missing plant
    method = pfc.method or electrolysis.pfc.method
    if method not in ("slope", "overvoltage", "measured"):
        raise InputError(
            expected="the slope, overvoltage or measured method for CBAM (not IPCC Tier 1)",
            value=method,
            key_path=(*parse_key_path(key), "method"),
            hint="Give 'method' and its data here, or use one of them in the plant file.",
        )
    inherited = _present(
        electrolysis.pfc, _PLANT_PFC_FIELDS, f"plant:{plant.path}:primary.electrolysis.pfc"
    )
    if any(field in given for field in _AEM_FIELDS):
        inherited = {k: v for k, v in inherited.items() if k not in _AEM_FIELDS}
    return _PFCInputs(method, pfc.technology or electrolysis.technology, inherited | given)


@dataclasses.dataclass(frozen=True)
class _PFCCalculation:
    """The PFC of one process: its inputs, the tables, and the key for messages."""

    inputs: _PFCInputs
    key: str
    factors: FactorSet

    def coefficient(self, field: str, table_id: str, unit: str) -> tuple[Decimal, str]:
        """Return the installation's coefficient, or the Table 2/3 value of its technology."""
        own = self.inputs.get(field, unit)
        if own is not None:
            return own
        tech = self.inputs.technology
        row = "CWPB" if tech == "PFPB_MW" and table_id.startswith("slope") else tech
        factor_id = f"cbam.ir2025_2547.{table_id}.{row}"
        if factor_id not in self.factors:
            raise InputError(
                expected=f"an installation-specific {field!r}: Table 2/3 of IR 2025/2547 "
                f"has no {tech} value for the {self.inputs.method} method",
                key_path=(*parse_key_path(self.key), field),
            )
        value, where = _factor(self.factors, factor_id, unit)
        if row != tech:
            where += " (PFPB MW without own measurement: CWPB values, Table 2 footnote 1)"
        return value, where

    def required(self, field: str, unit: str) -> tuple[Decimal, str]:
        """Return an input the method needs, or refuse its absence."""
        value = self.inputs.get(field, unit)
        if value is None:
            raise InputError(
                expected=f"given for the {self.inputs.method} method",
                key_path=(*parse_key_path(self.key), field),
            )
        return value

    def slope(self, aluminium: tuple[Decimal, str]) -> list[AuditLine]:
        """CF4 by the slope method (Eqs. 21, 23), with AEM from its parts when needed."""
        slope, slope_in = self.coefficient("slope_cf4", "slope_cf4", "(kg CF4/t)/(min/d)")
        given = self.inputs.get("anode_effect_minutes", "min/d")
        lines = []
        if given is not None:
            aem, aem_in = given
        else:
            frequency, f_in = self.required("anode_effect_frequency", "1/d")
            duration, d_in = self.required("anode_effect_duration", "min")
            aem = eq.anode_effect_minutes(frequency, duration)
            lines.append(
                AuditLine(
                    f"{self.key} AEM", aem, "min/d", "Eq. 23: frequency x duration", (f_in, d_in)
                )
            )
            aem_in = f"{self.key} AEM = {plain(aem)}"
        cf4 = eq.pfc_cf4_slope(slope, aem, aluminium[0])
        return [
            *lines,
            AuditLine(
                f"{self.key} CF4",
                cf4,
                "t CF4",
                "Eq. 21: AEM x SEF_CF4/1000 x PrAl",
                (aem_in, slope_in, aluminium[1]),
            ),
        ]

    def overvoltage(self, aluminium: tuple[Decimal, str]) -> list[AuditLine]:
        """CF4 by the overvoltage method (Eq. 24, CE in percent)."""
        ovc, ovc_in = self.coefficient(
            "overvoltage_coefficient", "overvoltage_cf4", "(kg CF4/t)/mV"
        )
        aeo, aeo_in = self.required("overvoltage", "mV")
        ce, ce_in = self.required("current_efficiency", "%")
        cf4 = eq.pfc_cf4_overvoltage(ovc, aeo, ce, aluminium[0])
        return [
            AuditLine(
                f"{self.key} CF4",
                cf4,
                "t CF4",
                "Eq. 24: OVC x AEO/CE x PrAl x 0.001 (CE in %)",
                (ovc_in, aeo_in, ce_in, aluminium[1]),
            )
        ]

    def c2f6(self, cf4_line: AuditLine) -> AuditLine:
        """C2F6 from CF4 with the method's weight fraction (Eqs. 22, 25)."""
        table = (
            "slope_c2f6_per_cf4" if self.inputs.method == "slope" else "overvoltage_c2f6_per_cf4"
        )
        fraction, fraction_in = self.coefficient("c2f6_per_cf4", table, "t C2F6/t CF4")
        return AuditLine(
            f"{self.key} C2F6",
            eq.c2f6_from_cf4(cf4_line.value, fraction),
            "t C2F6",
            "Eqs. 22/25: CF4 x F_C2F6",
            (f"{cf4_line.quantity} = {plain(cf4_line.value)}", fraction_in),
        )


def _pfc(pfc: PFC, key: str, factors: FactorSet, plant: Plant | None) -> list[AuditLine]:
    """Return CF4, C2F6 and their CO2e in the period (Annex II B.7) as audit lines."""
    inputs = _pfc_inputs(pfc, key, plant)
    aluminium = _Data(key).value(pfc.aluminium_produced, "t", "aluminium_produced")
    if inputs.method == "measured":
        return _measured_pfc(inputs, key, aluminium[0], aluminium[1], factors)
    calculation = _PFCCalculation(inputs, key, factors)
    lines = (
        calculation.slope(aluminium)
        if inputs.method == "slope"
        else calculation.overvoltage(aluminium)
    )
    cf4_line = lines[-1]
    c2f6_line = calculation.c2f6(cf4_line)
    return [*lines, c2f6_line, _pfc_co2e_line(key, cf4_line.value, c2f6_line.value, factors)]


def _measured_pfc(
    inputs: _PFCInputs, key: str, aluminium: Decimal, al_in: str, factors: FactorSet
) -> list[AuditLine]:
    duct = inputs.get("cf4_duct", "t CF4")
    if duct is not None:
        c2f6_duct = inputs.get("c2f6_duct", "t C2F6")
        efficiency = inputs.get("collection_efficiency", "")
        if c2f6_duct is None or efficiency is None:
            raise InputError(
                expected="'c2f6_duct' and 'collection_efficiency' with 'cf4_duct'",
                key_path=(*parse_key_path(key), "collection_efficiency"),
            )
        cf4 = eq.pfc_total_from_duct(duct[0], efficiency[0])
        c2f6 = eq.pfc_total_from_duct(c2f6_duct[0], efficiency[0])
        lines = [
            AuditLine(
                f"{key} CF4",
                cf4,
                "t CF4",
                "Eq. 20: duct / collection efficiency",
                (duct[1], efficiency[1]),
            ),
            AuditLine(
                f"{key} C2F6",
                c2f6,
                "t C2F6",
                "Eq. 20: duct / collection efficiency",
                (c2f6_duct[1], efficiency[1]),
            ),
        ]
    else:
        per_t_cf4 = inputs.get("cf4_per_t", "t CF4/t")
        per_t_c2f6 = inputs.get("c2f6_per_t", "t C2F6/t")
        if per_t_cf4 is None or per_t_c2f6 is None:
            raise InputError(
                expected="'cf4_duct', 'c2f6_duct' and 'collection_efficiency' for the "
                "measured method",
                key_path=(*parse_key_path(key), "cf4_duct"),
            )
        cf4, c2f6 = per_t_cf4[0] * aluminium, per_t_c2f6[0] * aluminium
        lines = [
            AuditLine(f"{key} CF4", cf4, "t CF4", "measured per t x PrAl", (per_t_cf4[1], al_in)),
            AuditLine(
                f"{key} C2F6", c2f6, "t C2F6", "measured per t x PrAl", (per_t_c2f6[1], al_in)
            ),
        ]
    return [*lines, _pfc_co2e_line(key, cf4, c2f6, factors)]


def _pfc_co2e_line(key: str, cf4: Decimal, c2f6: Decimal, factors: FactorSet) -> AuditLine:
    gwp_cf4, cf4_in = _factor(factors, "cbam.ir2025_2547.gwp.CF4", "t CO2e/t CF4")
    gwp_c2f6, c2f6_in = _factor(factors, "cbam.ir2025_2547.gwp.C2F6", "t CO2e/t C2F6")
    return AuditLine(
        f"{key} PFC",
        eq.pfc_co2e(cf4, c2f6, gwp_cf4, gwp_c2f6),
        "t CO2e",
        "Eq. 26: CF4 x GWP_CF4 + C2F6 x GWP_C2F6",
        (f"{key} CF4 = {plain(cf4)}", f"{key} C2F6 = {plain(c2f6)}", cf4_in, c2f6_in),
    )


_TERMS = (
    "heat_imported",
    "heat_exported",
    "waste_gas_imported",
    "waste_gas_exported",
    "electricity_produced",
)


def _attribution(
    process: Process, key: str, direct_t: Decimal
) -> tuple[Decimal, dict[str, Decimal], AuditLine]:
    """Return AttrEm_dir (Annex III A.3, Eq. 55), the terms used, and its audit line."""
    data = _Data(f"{key}.corrections")
    terms, inputs = {}, []
    for field in _TERMS:
        terms[field], where = data.optional(
            getattr(process.corrections, field), "t CO2e", field, ZERO
        )
        inputs += [where] if where else []
    attributed = eq.attributed_direct_emissions(direct_t, *(terms[t] for t in _TERMS))
    line = AuditLine(
        f"{key} AttrEm_dir",
        attributed,
        "t CO2e",
        "IR 2025/2547 Annex III A.3 Eq. 55: DirEm* + Em_H,imp - Em_H,exp + WG_imp - "
        "WG_exp - Em_el,prod, at least 0",
        (f"{key} DirEm* = {plain(direct_t)}", *inputs),
    )
    return attributed, terms, line


def direct_emissions(
    process: Process, key: str, factors: FactorSet, plant: Plant | None
) -> DirectEmissions:
    """Compute the attributed direct emissions of a production process.

    Parameters
    ----------
    process : Process
        The process of the installation file.
    key : str
        Its key path, e.g. ``'processes[0]'``, for audit lines and errors.
    factors : FactorSet
        Factor set with the IR 2025/2547 coefficients and the fuels.
    plant : Plant or None
        The installation's plant file, for PFC data it does not repeat.

    Returns
    -------
    DirectEmissions
        Combustion, mass-balance and PFC emissions, DirEm*, AttrEm_dir and the audit.
    """
    audit: list[AuditLine] = []
    totals = {"combustion": ZERO, "mass_balance": ZERO}
    zero_rated = False
    for index, stream in enumerate(process.source_streams):
        method, line, biomass = _stream(stream, f"{key}.source_streams[{index}]", factors)
        totals[method] += line.value
        zero_rated |= biomass
        audit.append(line)
    pfc_t = ZERO
    if process.pfc is not None:
        pfc_lines = _pfc(process.pfc, f"{key}.pfc", factors, plant)
        audit += pfc_lines
        pfc_t = pfc_lines[-1].value
    direct = totals["combustion"] + totals["mass_balance"] + pfc_t
    audit.append(
        AuditLine(
            f"{key} DirEm*",
            direct,
            "t CO2e",
            "sum of source streams and PFC",
            tuple(
                f"{line.quantity} = {plain(line.value)}"
                for line in audit
                if line.unit in ("t CO2", "t CO2e") and not line.quantity.endswith("DirEm*")
            ),
        )
    )
    attributed, terms, attribution_line = _attribution(process, key, direct)
    audit.append(attribution_line)
    return DirectEmissions(
        combustion_t=totals["combustion"],
        mass_balance_t=totals["mass_balance"],
        pfc_t=pfc_t,
        directly_attributable_t=direct,
        attributed_t=attributed,
        audit=tuple(audit),
        zero_rated_fuels=zero_rated,
        terms_t=terms,
    )
