"""The problem file of the optimiser: target alloy, candidate charge, energy options, limits.

Declared once as pydantic models, like the plant file: the same declaration
validates input, prints the JSON Schema (``aluco2 schema problem``) and
generates ``docs/problem-file.md``. No arithmetic happens here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic

from aluco2._countries import GridRegion
from aluco2._plant import Allocation, Element, Key, Name, Section
from aluco2._provenance import canonical_json, sha256_hex
from aluco2._quantities import (
    CO2ePerElectricity,
    CO2ePerMass,
    CompositionSD,
    ElectricityAmount,
    ElectricityPerMass,
    FuelEnergyPerMass,
    Mass,
    MaterialIntensity,
    Percent,
    PricePerElectricity,
    PricePerEnergy,
    PricePerMass,
    ProductMass,
)
from aluco2._units import parse_magnitude
from aluco2._validation import validate_data, validate_document
from aluco2._yaml import KeyPath, nearest_line, read_yaml

__all__ = ["Problem", "ProblemModel", "load_problem", "problem_from_mapping"]

ElementOrSum = Annotated[
    str,
    pydantic.Field(pattern=r"^([A-Z][a-z]?(_[A-Z][a-z]?)*|others_each|others_total)$"),
]
"""An element ('Fe'), a sum of elements ('Mn_Cr'), or the alloy standards' windows on the
elements no other window names: 'others_each' and 'others_total'."""


def _describe(description: str) -> Any:
    return pydantic.Field(default=None, description=description)


class Window(Section):
    """Limits of one element (or of a sum such as Si_Fe) in the product, wt-%."""

    min: Percent | None = _describe("Lowest content.")
    max: Percent | None = _describe("Highest content.")


class Target(Section):
    """What to make."""

    alloy: Annotated[str, pydantic.Field(pattern=r"^[A-Za-z0-9_]+$")] | None = _describe(
        "Alloy of the factor set (alloy.<name>.*), e.g. '6063', 'A380_0', '3104'."
    )
    composition: dict[ElementOrSum, Window] = pydantic.Field(
        default_factory=dict,
        description="Windows given inline, by element ('Fe'), sum ('Mn_Cr') or 'others_each' / "
        "'others_total' (the elements no window names); they replace the alloy's windows "
        "one by one.",
    )
    mass: ProductMass = pydantic.Field(description="Mass of product to make, e.g. '1000 t'.")

    @pydantic.model_validator(mode="after")
    def _has_windows(self) -> Target:
        if self.alloy is None and not self.composition:
            raise ValueError("give an 'alloy' of the factor set or a 'composition'")
        return self


class Availability(Section):
    """How much of a material may be used."""

    min: Mass | None = _describe("Must use at least this much (e.g. contracted tonnage).")
    max: Mass | None = _describe("Can use at most this much (stock, supply).")


class PlantFootprint(Section):
    """The intensity of a material taken from a plant file's footprint."""

    plant: Annotated[str, pydantic.Field(min_length=1)] = pydantic.Field(
        description="Plant file, relative to the problem file."
    )
    product: Name = pydantic.Field(description="Product of that plant.")
    route: Literal["primary", "recycled", "mix"] = pydantic.Field(
        default="primary", description="Route of the product."
    )


class PreparationEnergy(Section):
    """Energy to prepare a material (shredding, sorting, decoating), per t of material."""

    fuels: dict[Key, FuelEnergyPerMass] = pydantic.Field(
        default_factory=dict, description="Fuel energy (NCV basis) per t, by fuel id."
    )
    electricity: ElectricityPerMass | None = _describe("Electricity per t.")


class ChargeMaterial(Section):
    """A candidate for the furnace charge."""

    name: Name = pydantic.Field(description="Unique name.")
    kind: Literal["scrap", "primary", "master_alloy", "element"] = pydantic.Field(
        description="Scrap, primary ingot, master alloy or pure element."
    )
    composition: dict[Element, Percent] = pydantic.Field(
        default_factory=dict,
        description="Mean content of each element, wt-%; Al is the balance (if listed, it must "
        "equal 100 % less the others within 0.05 wt-%).",
    )
    composition_sd: dict[Element, CompositionSD] = pydantic.Field(
        default_factory=dict, description="Standard deviation of the content, wt-%."
    )
    metal_yield: Percent | None = _describe(
        "Metal reaching the product per mass charged; default for shipped scrap classes: "
        "1 / their scrap charge."
    )
    scrap_class: Key | None = _describe("Scrap class of the factor set (recycling.<class>).")
    consumer: Literal["pre", "post"] | None = _describe(
        "Pre- or post-consumer scrap; known for shipped classes."
    )
    price: PricePerMass = pydantic.Field(description="Delivered price per t.")
    available: Availability = pydantic.Field(default_factory=Availability, description="Limits.")
    lot: Mass | None = _describe("Minimum lot: if used at all, at least this much (MILP).")
    co2e: MaterialIntensity | None = _describe(
        "Cradle-to-gate CO2e per t of the material; scrap carries the allocation's burden "
        "instead, a pure element defaults to the factor set's alloying.<El>.co2e."
    )
    footprint: PlantFootprint | None = _describe("Take the CO2e from a plant file instead.")
    preparation: PreparationEnergy | None = _describe(
        "Preparation energy per t of the material; for a shipped scrap class, fuels or "
        "electricity left out take the class's data (recycling.<class>.preparation.*, per t "
        "of metal) times the metal yield, as the footprint engine does."
    )

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> ChargeMaterial:
        if self.co2e is not None and self.footprint is not None:
            raise ValueError("give either 'co2e' or 'footprint', not both")
        if self.kind == "scrap" and (self.co2e is not None or self.footprint is not None):
            raise ValueError("scrap carries the burden of the problem's 'allocation', not 'co2e'")
        if self.kind != "scrap" and (self.scrap_class or self.consumer):
            raise ValueError("'scrap_class' and 'consumer' apply only to scrap")
        if self.kind == "element" and len(self.composition) != 1:
            raise ValueError("a pure element lists exactly one element in 'composition'")
        total = sum(parse_magnitude(v, "%") for v in self.composition.values())
        if total > 100.0 + 1e-9:
            raise ValueError(f"composition adds up to {total:g} %, more than 100 %")
        return self


class MeltingOption(Section):
    """A way to melt: furnace, fuel, electricity, per t of product."""

    name: Name = pydantic.Field(description="E.g. 'gas reverberatory', 'induction'.")
    fuels: dict[Key, FuelEnergyPerMass] = pydantic.Field(
        default_factory=dict, description="Fuel energy (NCV basis) per t of product, by fuel id."
    )
    electricity: ElectricityPerMass | None = _describe("Electricity per t of product.")
    price: PricePerMass | None = _describe("Other operating cost per t of product.")
    capacity: Mass | None = _describe("Most product this option can melt.")


class ElectricityOption(Section):
    """A source of electricity: the grid (no factor) or a contract with its own factor."""

    name: Name = pydantic.Field(description="E.g. 'grid', 'wind PPA'.")
    factor: CO2ePerElectricity | None = _describe(
        "Emission factor of a contract; leave out for the public grid (location-based factor)."
    )
    price: PricePerElectricity = pydantic.Field(description="Price per MWh.")
    capacity: ElectricityAmount | None = _describe("Most electricity available.")


class Constraints(Section):
    """Optional limits on the plan."""

    min_recycled_content: Percent | None = _describe("Share of product metal from scrap.")
    min_post_consumer: Percent | None = _describe(
        "Share of product metal from post-consumer scrap."
    )
    max_cost: PricePerMass | None = _describe("Highest cost per t of product.")
    max_co2e: CO2ePerMass | None = _describe("Highest CO2e per t of product.")
    one_melting_option: bool = pydantic.Field(
        default=False, description="Use exactly one melting option (MILP)."
    )


class ProblemModel(Section):
    """An optimisation problem: make a target alloy from candidate materials and energy."""

    problem: Name = pydantic.Field(description="Name of the problem.")
    country: GridRegion = pydantic.Field(description="Country of the melt shop, for its grid.")
    year: int = pydantic.Field(ge=1990, le=2100, description="Year the data describe.")
    gwp: Literal["SAR", "AR4", "AR5", "AR6"] = pydantic.Field(default="AR5", description="GWP set.")
    scope2_method: Literal["market-based", "location-based"] = pydantic.Field(
        default="market-based", description="Basis of electricity CO2e in the objective."
    )
    currency: Literal["EUR", "USD"] = pydantic.Field(description="Currency of every price.")
    allocation: Allocation = pydantic.Field(
        default_factory=Allocation,
        description="How scrap enters the CO2e: cut-off (default) or a burden per t of scrap.",
    )
    target: Target = pydantic.Field(description="The alloy and the mass to make.")
    materials: list[ChargeMaterial] = pydantic.Field(
        min_length=1,
        description="Candidate charge: scrap, primary ingot, master alloys, pure elements.",
    )
    melting: list[MeltingOption] = pydantic.Field(
        min_length=1,
        description="Ways to melt; the plan may split the product among them.",
    )
    electricity: list[ElectricityOption] = pydantic.Field(
        default_factory=list, description="Electricity sources, needed if anything uses it."
    )
    fuel_prices: dict[Key, PricePerEnergy] = pydantic.Field(
        default_factory=dict, description="Price per GJ of each fuel used."
    )
    constraints: Constraints = pydantic.Field(
        default_factory=Constraints, description="Optional limits on the plan."
    )

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> ProblemModel:
        names = [m.name for m in self.materials] + [m.name for m in self.melting]
        names += [e.name for e in self.electricity]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"names must be unique; repeated: {', '.join(duplicates)}")
        wrong = [text for text in self._prices() if self.currency not in text]
        if wrong:
            raise ValueError(f"every price must be in {self.currency}; found {', '.join(wrong)}")
        grids = [e.name for e in self.electricity if e.factor is None]
        if len(grids) > 1:
            raise ValueError(f"only one electricity option can be the grid; found {grids}")
        return self

    def _prices(self) -> Iterator[str]:
        for material in self.materials:
            yield material.price
        for option in self.melting:
            if option.price is not None:
                yield option.price
        for supply in self.electricity:
            yield supply.price
        yield from self.fuel_prices.values()
        if self.constraints.max_cost is not None:
            yield self.constraints.max_cost


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """A validated problem and where it came from."""

    model: ProblemModel
    path: str
    sha256: str
    lines: Mapping[KeyPath, int] = dataclasses.field(default_factory=dict)
    """Line of each key path in the file, for error messages."""

    def line_of(self, key_path: KeyPath) -> int | None:
        """Return the line of ``key_path`` or of its nearest ancestor (None in memory)."""
        return nearest_line(self.lines, key_path)

    @property
    def directory(self) -> Path:
        """Directory that relative plant paths in the problem are resolved against."""
        return Path(self.path).parent if self.path != "<mapping>" else Path.cwd()

    @property
    def files_named(self) -> tuple[Path, ...]:
        """Plant files the problem takes footprints from, resolved against its directory."""
        names = {m.footprint.plant for m in self.model.materials if m.footprint is not None}
        return tuple(self.directory / name for name in sorted(names))


def problem_from_mapping(data: Mapping[str, Any], *, name: str = "<mapping>") -> Problem:
    """Validate problem data given in memory (e.g. parsed JSON).

    Parameters
    ----------
    data : mapping
        The problem document.
    name : str, optional
        Name used in error messages and provenance.

    Returns
    -------
    Problem
        The validated problem.

    Raises
    ------
    InputErrors
        With every problem found, each naming its key path.
    """
    model = validate_data(ProblemModel, data, name)
    return Problem(model=model, path=name, sha256=sha256_hex(canonical_json(dict(data))))


def load_problem(path: str | Path) -> Problem:
    """Read and validate a problem file (YAML or JSON).

    Parameters
    ----------
    path : str or pathlib.Path
        The problem file.

    Returns
    -------
    Problem
        The validated problem with the file's hash.

    Raises
    ------
    InputErrors
        With every problem found, each naming file, line and key path.
    """
    document = read_yaml(path)
    model = validate_document(ProblemModel, document)
    return Problem(model=model, path=str(path), sha256=document.sha256, lines=document.lines)
