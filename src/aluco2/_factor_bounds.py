"""Physical and plausible bounds of factor values, applied to shipped and site files alike.

A site file can replace any shipped factor, so it gets the same checks: the GWP of CO2
is 1 by definition, a grid factor above 2 000 g CO2e/kWh is a unit slip, and so on. Each
bound names its basis; the first pattern that matches an id applies ('*' is one segment).
"""

from __future__ import annotations

import dataclasses

from aluco2._errors import InputError
from aluco2._units import parse_magnitude

__all__ = ["BOUNDS", "Bound", "check_bounds"]


@dataclasses.dataclass(frozen=True, slots=True)
class Bound:
    """The range allowed for the values of a family of factors."""

    pattern: str
    low: str
    high: str
    """Lowest and highest value with a unit; ``{gas}`` stands for the id's last segment."""
    basis: str


_GWP = "GWP100 values of the gases aluco2 tracks run from 1 (CO2) to about 25 200 (SF6, AR6)"
_PFC = "IPCC 2006 and IR 2025/2547 table values"

BOUNDS: tuple[Bound, ...] = (
    Bound("gwp.*.CO2", "1 t CO2e/t CO2", "1 t CO2e/t CO2", "CO2 is the reference gas: 1"),
    Bound("gwp.*.*", "1 t CO2e/t {gas}", "100000 t CO2e/t {gas}", _GWP),
    Bound("cbam.ir2025_2547.gwp.*", "1 t CO2e/t {gas}", "100000 t CO2e/t {gas}", _GWP),
    Bound(
        "grid.*.*.*",
        "0 g CO2e/kWh",
        "2000 g CO2e/kWh",
        "life-cycle factors of electricity reach about 1 000-1 300 g CO2e/kWh (lignite, coal)",
    ),
    Bound("fuel.*.co2", "0 kg CO2/TJ", "150000 kg CO2/TJ", "IPCC 2006 defaults reach 107 t/TJ"),
    Bound("fuel.*.ch4", "0 kg CH4/TJ", "1000 kg CH4/TJ", "IPCC 2006 defaults reach 300 kg/TJ"),
    Bound("fuel.*.n2o", "0 kg N2O/TJ", "100 kg N2O/TJ", "IPCC 2006 defaults reach 5 kg/TJ"),
    Bound("fuel.*.ncv", "1 GJ/t", "150 GJ/t", "hydrogen, the highest, has 120 GJ/t"),
    Bound("alloying.*.co2e", "0 kg CO2e/kg", "100 kg CO2e/kg", "magnesium is below 50"),
    Bound("iai.smelting_*.*.*", "10000 kWh/t", "25000 kWh/t", "Hall-Heroult cells"),
    Bound("lci.*.electrolysis.electricity", "10 MWh/t", "25 MWh/t", "Hall-Heroult cells"),
    Bound("lci.*.*.electricity", "0 MWh/t", "5 MWh/t", "steps other than electrolysis"),
    Bound("lci.*.*.energy.*", "0 GJ/t", "50 GJ/t", "alumina refining takes 8-13 GJ/t"),
    Bound("recycling.*.*.electricity", "0 MWh/t", "5 MWh/t", "induction melting ~0.6 MWh/t"),
    Bound("recycling.*.*.energy.*", "0 GJ/t", "50 GJ/t", "remelting takes 3-6 GJ/t"),
    Bound("recycling.*.scrap_charge", "1 t/t", "3 t/t", "no scrap yields more than its mass"),
    Bound("supply.alumina.co2e.*.*", "0 t CO2e/t", "10 t CO2e/t", "alumina is 0.5-2.5"),
    Bound("ipcc2006.al.slope_cf4.*", "0 (kg CF4/t)/(min/d)", "1 (kg CF4/t)/(min/d)", _PFC),
    Bound("cbam.ir2025_2547.slope_cf4.*", "0 (kg CF4/t)/(min/d)", "1 (kg CF4/t)/(min/d)", _PFC),
    Bound("ipcc2006.al.tier1_cf4.*", "0 kg CF4/t", "5 kg CF4/t", _PFC),
    Bound("ipcc2006.al.tier1_c2f6.*", "0 kg C2F6/t", "1 kg C2F6/t", _PFC),
    Bound("ipcc2006.al.tier1_co2.*", "0 t CO2/t", "5 t CO2/t", "IPCC 2006 Tier 1: 1.6-1.7"),
    Bound("cbam.default.*.*.*", "0 t CO2e/t", "50 t CO2e/t", "CBAM default values"),
    Bound("cbam.benchmark.*.*.*", "0 t CO2e/t", "50 t CO2e/t", "CBAM benchmarks"),
)
"""Bounds by id pattern, most specific first."""


def _matches(pattern: str, factor_id: str) -> bool:
    parts, wanted = factor_id.split("."), pattern.split(".")
    return len(parts) == len(wanted) and all(
        w == p or w == "*" or (w.endswith("*") and p.startswith(w[:-1]))
        for w, p in zip(wanted, parts, strict=True)
    )


def check_bounds(factor_id: str, magnitude: float, unit: str) -> None:
    """Refuse a factor value outside the bounds of its family.

    Parameters
    ----------
    factor_id : str
        The record's id.
    magnitude : float
        Its value in ``unit``.
    unit : str
        The family's canonical unit.

    Raises
    ------
    InputError
        If the value lies outside the first bound whose pattern matches the id.
    """
    bound = next((b for b in BOUNDS if _matches(b.pattern, factor_id)), None)
    if bound is None:
        return
    gas = factor_id.rsplit(".", 1)[1]
    low_text, high_text = (text.format(gas=gas) for text in (bound.low, bound.high))
    low, high = (parse_magnitude(text, unit) for text in (low_text, high_text))
    if low - 1e-12 * abs(low) <= magnitude <= high + 1e-12 * abs(high):
        return
    span = low_text if low_text == high_text else f"between {low_text} and {high_text}"
    raise InputError(
        expected=f"{span} ({bound.basis})",
        value=f"{magnitude:g} {unit}",
    )
