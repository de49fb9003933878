"""Quantity fields of input schemas: ``"<number> <unit>"`` strings checked for dimension and range.

A field declared ``Annotated[str, QuantityString(("MWh/t",), 0, 5, "why")]`` accepts a
string whose unit converts to MWh/t and whose magnitude lies in the declared range; its
JSON Schema carries the unit (``x-unit``), the range (``x-minimum``, ``x-maximum``) and
its basis (``x-range-basis``), and the generated file references print all three. The
value stays a string in the model; the inventory converts it.

Every physical quantity of the plant, problem and installation files has an upper bound:
a physical limit where one exists (100 %, the minutes of a day), otherwise a generous
bound above the published values named in its basis, so that a slip of unit or of
magnitude (``0.435 t/kg``, ``1e6 t/t``) is refused instead of giving a wrong number.
Stoichiometric floors that depend on other values are checked by the inventory.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Annotated, Any

from pydantic_core import PydanticCustomError, core_schema

from aluco2._errors import InputError
from aluco2._units import parse_quantity, parse_unit

__all__ = [
    "AlloyingAmount",
    "AluminaConsumption",
    "AnodeEffectDuration",
    "AnodeEffectFrequency",
    "AnodeEffectMinutes",
    "AnodeMass",
    "BauxitePerAlumina",
    "C2F6Mass",
    "C2F6PerMass",
    "CF4Mass",
    "CF4PerMass",
    "CO2PerElectricity",
    "CO2PerEnergy",
    "CO2eMass",
    "CO2ePerElectricity",
    "CO2ePerMass",
    "CastingYield",
    "CollectionEfficiency",
    "CompositionSD",
    "CurrentEfficiency",
    "CyclohexaneSolubleMatter",
    "DilutionMetal",
    "ElectricityAmount",
    "ElectricityPerMass",
    "FuelAmount",
    "FuelEnergyPerMass",
    "FuelPerMass",
    "GeneratorEfficiency",
    "ImpurityContent",
    "KgCO2ePerKg",
    "Mass",
    "MaterialAmount",
    "MaterialIntensity",
    "Millivolt",
    "NetAnodeConsumption",
    "NetCalorificValue",
    "OvervoltageCoefficient",
    "PackingCoke",
    "PasteConsumption",
    "Percent",
    "PricePerCO2e",
    "PricePerElectricity",
    "PricePerEnergy",
    "PricePerMass",
    "ProductMass",
    "QuantityString",
    "ScrapBurden",
    "ScrapCharge",
    "SkimmedDustCarbon",
    "SlopeCoefficient",
    "SmeltingElectricity",
    "WasteTar",
    "WeightFraction",
    "check_quantity",
]

Bound = float | tuple[float, ...]
"""One bound for every accepted unit, or one per unit in the order of ``units``."""


def _per_unit(bound: Bound | None, index: int) -> float | None:
    return bound[index] if isinstance(bound, tuple) else bound


def _bounds_text(minimum: float, maximum: float | None, exclusive: bool) -> str:
    low = f"more than {minimum:g}" if exclusive else f"at least {minimum:g}"
    if maximum is None:
        return low
    return f"{low} and at most {maximum:g}" if exclusive else f"between {minimum:g} and {maximum:g}"


def check_quantity(
    text: Any,
    units: tuple[str, ...],
    minimum: Bound,
    maximum: Bound | None,
    why: str | None = None,
    exclusive_minimum: bool = False,
) -> float:
    """Check a ``"<number> <unit>"`` value; return its magnitude in the matching unit.

    Parameters
    ----------
    text : object
        The value as read.
    units : tuple of str
        Accepted units; the value must convert to one of them.
    minimum, maximum : float or tuple of float
        Allowed range in that unit (one bound per unit when a tuple; ``maximum`` None
        for no upper bound).
    why : str, optional
        Basis of the range, for the message.
    exclusive_minimum : bool, default False
        Whether the minimum itself is refused.

    Returns
    -------
    float
        The magnitude in the first unit the value converts to.

    Raises
    ------
    pydantic_core.PydanticCustomError
        With a message of what was expected.
    """
    if not isinstance(text, str):
        raise PydanticCustomError("quantity", f"a string '<number> <unit>', e.g. '1.5 {units[0]}'")
    try:
        quantity = parse_quantity(text)
    except InputError as exc:
        hint = f" ({exc.hint.rstrip('.')})" if exc.hint else ""
        raise PydanticCustomError("quantity", f"{exc.expected}{hint}") from None
    for index, unit in enumerate(units):
        reference = parse_unit(unit)
        if quantity.dimensionality != reference.dimensionality:
            continue
        magnitude = float(quantity.m_as(reference))
        low = _per_unit(minimum, index)
        high = _per_unit(maximum, index)
        assert low is not None
        too_low = magnitude <= low if exclusive_minimum else magnitude < low
        if not math.isfinite(magnitude) or too_low or (high is not None and magnitude > high):
            reason = f" ({why})" if why else ""
            bounds = _bounds_text(low, high, exclusive_minimum)
            raise PydanticCustomError("quantity", f"{bounds} {unit}{reason}")
        return magnitude
    wanted = " or ".join(repr(u) for u in units)
    raise PydanticCustomError("quantity", f"a number with a unit convertible to {wanted}")


@dataclasses.dataclass(frozen=True)
class QuantityString:
    """Pydantic metadata: a ``"<number> <unit>"`` string of one of ``units`` within a range.

    Parameters
    ----------
    units : tuple of str
        Accepted units; the value must be convertible to one of them.
    minimum : float or tuple of float, default 0
        Smallest magnitude allowed, in the matching unit.
    maximum : float or tuple of float, optional
        Largest magnitude allowed, in the matching unit.
    why : str, optional
        Basis of the range (physical limit or published values), quoted in messages
        and in the file references.
    exclusive_minimum : bool, default False
        Whether the minimum itself is refused (a mass that must be positive).
    """

    units: tuple[str, ...]
    minimum: Bound = 0.0
    maximum: Bound | None = None
    why: str | None = None
    exclusive_minimum: bool = False

    def bounds(self, unit: str) -> tuple[float, float | None]:
        """Return the range of magnitudes allowed in ``unit`` (one of :attr:`units`).

        Parameters
        ----------
        unit : str
            One of the accepted units.

        Returns
        -------
        tuple
            (minimum, maximum or None).
        """
        index = self.units.index(unit)
        low = _per_unit(self.minimum, index)
        assert low is not None
        return low, _per_unit(self.maximum, index)

    def validate(self, text: Any) -> str:
        """Check ``text``; return it unchanged.

        Parameters
        ----------
        text : object
            The value as read.

        Returns
        -------
        str
            ``text``.
        """
        check_quantity(
            text, self.units, self.minimum, self.maximum, self.why, self.exclusive_minimum
        )
        return str(text)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return core_schema.no_info_before_validator_function(
            self.validate, core_schema.str_schema()
        )

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        extra: dict[str, Any] = {"x-minimum": self.minimum}
        if self.exclusive_minimum:
            extra["x-exclusive-minimum"] = True
        if self.maximum is not None:
            extra["x-maximum"] = self.maximum
        if self.why:
            extra["x-range-basis"] = self.why
        return {
            "type": "string",
            "pattern": r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*\S.*$",
            "x-unit": " or ".join(self.units),
            "examples": [f"1 {self.units[0]}"],
            **extra,
        }


def _quantity(
    units: str | tuple[str, ...],
    minimum: Bound,
    maximum: Bound,
    why: str,
    *,
    exclusive_minimum: bool = False,
) -> Any:
    return Annotated[
        str,
        QuantityString(
            (units,) if isinstance(units, str) else units,
            minimum,
            maximum,
            why,
            exclusive_minimum,
        ),
    ]


_WHOLE = "a share cannot exceed the whole"

# -- shares, efficiencies and yields -------------------------------------------------------
Percent = _quantity("%", 0.0, 100.0, _WHOLE)
ImpurityContent = _quantity(
    "%",
    0.0,
    10.0,
    "IPCC 2006 Vol. 3 Tables 4.11-4.13 defaults are 0.2-3.3 % for sulphur, ash and hydrogen "
    "of anodes, coke and pitch; 10 % is three times the highest",
)
CurrentEfficiency = _quantity("%", 50.0, 100.0, "plausible current efficiency")
CastingYield = _quantity("%", 50.0, 100.0, "plausible casthouse metal yield (net of dross)")
CollectionEfficiency = _quantity("%", 50.0, 100.0, "plausible collection efficiency of the duct")
GeneratorEfficiency = _quantity(
    "%",
    10.0,
    65.0,
    "net electrical efficiency (NCV basis) of thermal power plants: the best combined-cycle "
    "gas turbines reach about 62 %",
)
CompositionSD = _quantity("%", 0.0, 50.0, "a standard deviation above half the whole is no data")

# -- masses per tonne of product -----------------------------------------------------------
AluminaConsumption = _quantity(
    "t/t",
    0.0,
    2.5,
    "1.8894 t/t is the stoichiometric minimum (checked exactly by the footprint); the EA 2018 "
    "LCI gives 1.908 t/t, so 2.5 t/t allows 30 % losses",
)
NetAnodeConsumption = _quantity(
    "t/t",
    0.0,
    0.8,
    "the stoichiometric carbon is 0.334 t/t (checked exactly by the footprint); EA 2018 LCI "
    "0.435 t/t, so 0.8 t/t is almost twice a working cell's",
)
PasteConsumption = _quantity(
    "t/t", 0.0, 1.0, "Soderberg paste: about 0.5-0.6 t/t in practice; 1 t/t is twice that"
)
AnodeMass = _quantity(
    "t/t", 0.0, 1.0, "green and baked anodes: about 0.5 t per t of aluminium; 1 t/t is twice"
)
BauxitePerAlumina = _quantity(
    "t/t",
    1.0,
    5.0,
    "a tonne of alumina needs at least a tonne of bauxite; 5 t/t means less than 20 % "
    "available alumina, which is not mined (EA 2018 LCI: 2.156 t/t)",
)
PackingCoke = _quantity(
    "t/t", 0.0, 0.1, "IPCC 2006 default 0.015 t per t of baked anode; 0.1 t/t is six times that"
)
WasteTar = _quantity(
    "t/t", 0.0, 0.05, "IPCC 2006: 0.005 x green anodes for Riedhammer furnaces; 0.05 t/t is 20x"
)
SkimmedDustCarbon = _quantity(
    "t/t", 0.0, 0.05, "40 CFR 98 Table F-2 default 0.01 t C per t of aluminium; 0.05 is 5x"
)
CyclohexaneSolubleMatter = _quantity(
    "kg/t", 0.0, 20.0, "IPCC 2006 defaults 0.5 (VSS) and 4.0 (HSS) kg/t; 20 kg/t is 5x"
)
MaterialAmount = _quantity(
    "t/t",
    0.0,
    5.0,
    "the heaviest input per t of aluminium is alumina at about 1.9 t/t (bauxite per t of "
    "alumina about 2.2 t/t); 5 t/t of a purchased material is a unit slip",
)
AlloyingAmount = _quantity(
    "t/t",
    0.0,
    0.5,
    "no aluminium alloy holds more than about 25 % of one alloying element (hypereutectic "
    "Al-Si); 0.5 t/t is twice that",
)
DilutionMetal = _quantity(
    "t/t",
    0.0,
    1.5,
    "primary metal added per t of product cannot exceed the product's mass by more than the "
    "melt loss (casthouse yields are above 67 %)",
)
ScrapCharge = _quantity(
    "t/t",
    1.0,
    3.0,
    "no scrap yields more metal than its mass; scrap under a third metal is not remelted "
    "(EA 2018: 1.019 t/t for process scrap, AA 2014: 1.048 t/t for old scrap)",
)

# -- energy per tonne ----------------------------------------------------------------------
SmeltingElectricity = _quantity(
    "MWh/t", 10.0, 25.0, "plausible AC consumption of Hall-Heroult cells (IAI: 13.1-17.2)"
)
ElectricityPerMass = _quantity(
    "MWh/t",
    0.0,
    5.0,
    "steps other than electrolysis use under 1 MWh/t (EA 2018 LCI: refinery 0.14, casting "
    "0.1; induction melting about 0.6); 5 MWh/t is a unit slip",
)
FuelEnergyPerMass = _quantity(
    "GJ/t",
    0.0,
    50.0,
    "alumina refining, the most fuel-hungry step, takes 8-13 GJ/t (IAI statistics); 50 GJ/t "
    "is four times that",
)
FuelPerMass = _quantity(
    ("GJ/t", "t/t"),
    0.0,
    (50.0, 2.0),
    "alumina refining, the most fuel-hungry step, takes 8-13 GJ/t (IAI statistics), about "
    "0.5 t of coal; 50 GJ/t or 2 t/t are four times that",
)

# -- emission factors and intensities ------------------------------------------------------
CO2ePerMass = _quantity(
    "t CO2e/t",
    0.0,
    50.0,
    "primary aluminium on coal power is about 20 t CO2e/t (European Aluminium, IAI); 50 t "
    "CO2e/t is 2.5 times that",
)
MaterialIntensity = _quantity(
    "t CO2e/t",
    0.0,
    100.0,
    "the most carbon-intensive inputs of aluminium, magnesium by the Pidgeon process and "
    "master alloys, are below 50 t CO2e/t",
)
KgCO2ePerKg = _quantity(
    "kg CO2e/kg",
    0.0,
    100.0,
    "the most carbon-intensive alloying element, magnesium by the Pidgeon process, is below "
    "50 kg CO2e/kg",
)
ScrapBurden = _quantity(
    "t CO2e/t", 0.0, 50.0, "a burden above the primary metal it replaces (about 20) is no data"
)
CO2ePerElectricity = _quantity(
    "g CO2e/kWh",
    0.0,
    2000.0,
    "life-cycle factors of electricity reach about 1 000-1 300 g CO2e/kWh for lignite and "
    "coal (IPCC AR5 WG3 Annex III); 2 000 is a unit slip",
)
CO2PerElectricity = _quantity(
    "t CO2/MWh", 0.0, 2.0, "direct factors of coal-fired generation are about 1 t CO2/MWh"
)
CO2PerEnergy = _quantity(
    "t CO2/TJ", 0.0, 150.0, "IPCC 2006 Vol. 2 Table 1.4 defaults reach 107 t CO2/TJ (peat)"
)
NetCalorificValue = _quantity(
    "GJ/t", 0.0, 150.0, "hydrogen, the fuel with the highest NCV, has 120 GJ/t"
)

# -- perfluorocarbons ----------------------------------------------------------------------
AnodeEffectMinutes = _quantity(
    "min/d",
    0.0,
    60.0,
    "a cell-day has 1 440 minutes; 60 AE-minutes per cell-day is far beyond any potline "
    "in operation",
)
AnodeEffectFrequency = _quantity("1/d", 0.0, 20.0, "20 anode effects per cell-day is no data")
AnodeEffectDuration = _quantity("min", 0.0, 60.0, "an anode effect lasting an hour is no data")
Millivolt = _quantity("mV", 0.0, 2000.0, "2 V of anode-effect overvoltage is beyond any cell")
CF4PerMass = _quantity(
    "kg CF4/t", 0.0, 5.0, "IPCC 2006 Tier 1 defaults reach 1.6 kg CF4/t (SWPB); 5 is 3x"
)
C2F6PerMass = _quantity(
    "kg C2F6/t", 0.0, 1.0, "IPCC 2006 Tier 1 defaults reach 0.4 kg C2F6/t (SWPB); 1 is 2.5x"
)
SlopeCoefficient = _quantity(
    "(kg CF4/t)/(min/d)", 0.0, 1.0, "IPCC and IR 2025/2547 slopes are 0.058-0.272"
)
OvervoltageCoefficient = _quantity(
    "(kg CF4/t)/mV", 0.0, 10.0, "IR 2025/2547 Table 3 coefficients are 1.16 and 3.65"
)
WeightFraction = _quantity(
    "kg C2F6/kg CF4", 0.0, 1.0, "IPCC and IR 2025/2547 ratios are 0.053-0.28"
)

# -- totals of a site or a period ----------------------------------------------------------
_TEN_YEARS = "more than ten years of the world's aluminium output"
Mass = _quantity("t", 0.0, 1e9, _TEN_YEARS)
ProductMass = _quantity("t", 0.0, 1e9, _TEN_YEARS, exclusive_minimum=True)
FuelAmount = _quantity(("TJ", "t"), 0.0, (1e7, 1e9), _TEN_YEARS + " would burn less")
CO2eMass = _quantity("t CO2e", 0.0, 1e10, "ten times the aluminium sector's yearly emissions")
CF4Mass = _quantity("t CF4", 0.0, 1e6, "far above the sector's yearly PFC emissions")
C2F6Mass = _quantity("t C2F6", 0.0, 1e6, "far above the sector's yearly PFC emissions")
ElectricityAmount = _quantity("MWh", 0.0, 1e10, "ten times the sector's yearly use")

# -- prices --------------------------------------------------------------------------------
_PRICE = "a bound far above any market price"
PricePerMass = _quantity(("EUR/t", "USD/t"), 0.0, 1e6, _PRICE + " of a charge material")
PricePerEnergy = _quantity(("EUR/GJ", "USD/GJ"), 0.0, 1e4, _PRICE + " of fuel")
PricePerElectricity = _quantity(("EUR/MWh", "USD/MWh"), 0.0, 1e5, _PRICE + " of electricity")
PricePerCO2e = _quantity(
    ("EUR/t CO2e", "USD/t CO2e", "EUR/t", "USD/t"), 0.0, 1e5, _PRICE + " of carbon"
)
