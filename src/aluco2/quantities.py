"""Quantity fields of input schemas: ``"<number> <unit>"`` strings checked for dimension and range.

A field declared ``Annotated[str, QuantityString(("MWh/t",))]`` accepts a string whose
unit converts to MWh/t and whose magnitude lies in the declared range; its JSON Schema
carries the unit (``x-unit``). The value stays a string in the model; the inventory
converts it. The aliases below are shared by the plant and problem schemas.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from pydantic_core import PydanticCustomError, core_schema

from aluco2.errors import InputError
from aluco2.units import parse_quantity, parse_unit

__all__ = [
    "AnodeEffectMinutes",
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
    "CurrentEfficiency",
    "ElectricityAmount",
    "ElectricityPerMass",
    "FuelAmount",
    "FuelPerMass",
    "KgCO2ePerKg",
    "KgPerTonne",
    "Mass",
    "MassRatio",
    "Millivolt",
    "Minutes",
    "NetCalorificValue",
    "OvervoltageCoefficient",
    "PerDay",
    "Percent",
    "QuantityString",
    "ScrapCharge",
    "SlopeCoefficient",
    "SmeltingElectricity",
    "WeightFraction",
]


def check_quantity(
    text: Any, units: tuple[str, ...], minimum: float, maximum: float | None, why: str | None = None
) -> float:
    """Check a ``"<number> <unit>"`` value; return its magnitude in the matching unit.

    Parameters
    ----------
    text : object
        The value as read.
    units : tuple of str
        Accepted units; the value must convert to one of them.
    minimum, maximum : float
        Allowed range in that unit (``maximum`` None for no upper bound).
    why : str, optional
        Why the range is what it is, for the message.

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
        hint = f" ({exc.hint})" if exc.hint else ""
        raise PydanticCustomError("quantity", f"{exc.expected}{hint}") from None
    for unit in units:
        reference = parse_unit(unit)
        if quantity.dimensionality == reference.dimensionality:
            magnitude = float(quantity.m_as(reference))
            if magnitude < minimum or (maximum is not None and magnitude > maximum):
                bounds = (
                    f"at least {minimum:g}"
                    if maximum is None
                    else (f"between {minimum:g} and {maximum:g}")
                )
                reason = f" ({why})" if why else ""
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
    minimum : float, default 0
        Smallest magnitude allowed, in the matching unit.
    maximum : float, optional
        Largest magnitude allowed, in the matching unit.
    why : str, optional
        Reason for the range, quoted in error messages.
    """

    units: tuple[str, ...]
    minimum: float = 0.0
    maximum: float | None = None
    why: str | None = None

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
        check_quantity(text, self.units, self.minimum, self.maximum, self.why)
        return str(text)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return core_schema.no_info_before_validator_function(
            self.validate, core_schema.str_schema()
        )

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        extra: dict[str, Any] = {"x-minimum": self.minimum}
        if self.maximum is not None:
            extra["x-maximum"] = self.maximum
        return {
            "type": "string",
            "pattern": r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*\S.*$",
            "x-unit": " or ".join(self.units),
            "examples": [f"1 {self.units[0]}"],
            **extra,
        }


MassRatio = Annotated[str, QuantityString(("t/t",))]
Percent = Annotated[str, QuantityString(("%",), maximum=100.0)]
ElectricityPerMass = Annotated[str, QuantityString(("MWh/t",))]
SmeltingElectricity = Annotated[
    str,
    QuantityString(
        ("MWh/t",), minimum=10.0, maximum=25.0, why="plausible AC consumption of Hall-Heroult cells"
    ),
]
CurrentEfficiency = Annotated[
    str, QuantityString(("%",), minimum=50.0, maximum=100.0, why="plausible current efficiency")
]
CastingYield = Annotated[
    str,
    QuantityString(
        ("%",), minimum=50.0, maximum=100.0, why="plausible casthouse metal yield (net of dross)"
    ),
]
ScrapCharge = Annotated[
    str, QuantityString(("t/t",), minimum=1.0, why="no scrap yields more metal than its mass")
]
FuelPerMass = Annotated[str, QuantityString(("GJ/t", "t/t"))]
CO2ePerMass = Annotated[str, QuantityString(("t CO2e/t",))]
CO2ePerElectricity = Annotated[str, QuantityString(("g CO2e/kWh",))]
KgPerTonne = Annotated[str, QuantityString(("kg/t",))]
AnodeEffectMinutes = Annotated[str, QuantityString(("min/d",))]
PerDay = Annotated[str, QuantityString(("1/d",))]
Minutes = Annotated[str, QuantityString(("min",))]
Millivolt = Annotated[str, QuantityString(("mV",))]
CF4PerMass = Annotated[str, QuantityString(("kg CF4/t",))]
C2F6PerMass = Annotated[str, QuantityString(("kg C2F6/t",))]
SlopeCoefficient = Annotated[str, QuantityString(("(kg CF4/t)/(min/d)",))]
WeightFraction = Annotated[str, QuantityString(("kg C2F6/kg CF4",))]
OvervoltageCoefficient = Annotated[str, QuantityString(("(kg CF4/t)/mV",))]
KgCO2ePerKg = Annotated[str, QuantityString(("kg CO2e/kg",))]
Mass = Annotated[
    str,
    QuantityString(("t",), maximum=1e9, why="more than ten years of the world's aluminium output"),
]
FuelAmount = Annotated[str, QuantityString(("TJ", "t"))]
NetCalorificValue = Annotated[str, QuantityString(("GJ/t",))]
CO2PerEnergy = Annotated[str, QuantityString(("t CO2/TJ",))]
CO2eMass = Annotated[str, QuantityString(("t CO2e",))]
CF4Mass = Annotated[str, QuantityString(("t CF4",))]
C2F6Mass = Annotated[str, QuantityString(("t C2F6",))]
ElectricityAmount = Annotated[str, QuantityString(("MWh",))]
CO2PerElectricity = Annotated[str, QuantityString(("t CO2/MWh",))]
CollectionEfficiency = Annotated[
    str,
    QuantityString(
        ("%",), minimum=50.0, maximum=100.0, why="plausible collection efficiency of the duct"
    ),
]
