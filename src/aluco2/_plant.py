"""The plant file: what a user declares about a site, validated, without any arithmetic.

One pydantic model per section declares every key, its unit and its meaning;
the same declaration validates YAML/JSON input, produces the JSON Schema
(``aluco2 schema plant``) and generates ``docs/plant-file.md``. Quantities stay
strings (``"13.9 MWh/t"``) that are checked for dimension and range here and
converted by the inventory. Anything left out falls back to a cited default
from the factor set; the footprint lists which.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import pydantic

from aluco2._countries import Country, GridRegion
from aluco2._errors import parse_key_path
from aluco2._provenance import canonical_json, sha256_hex
from aluco2._quantities import (
    AlloyingAmount,
    AluminaConsumption,
    AnodeEffectDuration,
    AnodeEffectFrequency,
    AnodeEffectMinutes,
    AnodeMass,
    BauxitePerAlumina,
    C2F6PerMass,
    CastingYield,
    CF4PerMass,
    CO2ePerElectricity,
    CO2ePerMass,
    CurrentEfficiency,
    CyclohexaneSolubleMatter,
    DilutionMetal,
    ElectricityPerMass,
    FuelPerMass,
    GeneratorEfficiency,
    ImpurityContent,
    KgCO2ePerKg,
    MaterialAmount,
    MaterialIntensity,
    Millivolt,
    NetAnodeConsumption,
    OvervoltageCoefficient,
    PackingCoke,
    PasteConsumption,
    Percent,
    QuantityString,
    ScrapBurden,
    ScrapCharge,
    SkimmedDustCarbon,
    SlopeCoefficient,
    SmeltingElectricity,
    WasteTar,
    WeightFraction,
)
from aluco2._units import parse_magnitude
from aluco2._validation import (
    STRICT,
    TextPattern,
    validate_data,
    validate_document,
    values_at,
)
from aluco2._yaml import KeyPath, nearest_line, read_yaml

__all__ = [
    "GWP_SETS",
    "TECHNOLOGIES",
    "Plant",
    "PlantModel",
    "Technology",
    "load_plant",
    "plant_from_mapping",
    "quantity_spec",
]

GWP_SETS = ("SAR", "AR4", "AR5", "AR6")
"""Named GWP100 sets (factors/gwp.yaml)."""
Technology = Literal["CWPB", "SWPB", "VSS", "HSS", "PFPB_L", "PFPB_M"]
"""Cell technologies: centre/side-worked prebake, vertical/horizontal-stud Soderberg,
legacy/modern point-feed prebake."""
TECHNOLOGIES: tuple[str, ...] = get_args(Technology)
SODERBERG = ("VSS", "HSS")


Name = Annotated[
    str,
    TextPattern(
        r"^[^\x00-\x1f\x7f-\x9f]{1,200}$", "a name of 1 to 200 characters, no control characters"
    ),
]
Region = Annotated[str, pydantic.Field(pattern=r"^[A-Z][A-Z0-9_]{1,19}$")]
Key = Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_]*$")]
Element = Annotated[str, pydantic.Field(pattern=r"^[A-Z][a-z]?$")]
Fuels = dict[Key, FuelPerMass]


def _describe(description: str) -> Any:
    return pydantic.Field(default=None, description=description)


class Section(pydantic.BaseModel):
    model_config = STRICT


class EnergyUse(Section):
    """Fuels and electricity of a process step, per tonne of the step's product."""

    fuels: Fuels | None = _describe(
        "Fuel burnt per t of product, by fuel id of the factor set (natural_gas, lpg, "
        "heavy_fuel_oil, diesel, coal, petroleum_coke, biomethane, hydrogen ...), as energy "
        "(NCV basis, e.g. '3.1 GJ/t') or as mass ('65 kg/t')."
    )
    electricity: ElectricityPerMass | None = _describe("Electricity per t of product.")


class Material(Section):
    """A purchased material with its cradle-to-gate intensity (scope 3)."""

    name: Name = pydantic.Field(description="What it is, e.g. 'aluminium fluoride', 'salt flux'.")
    amount: MaterialAmount = pydantic.Field(description="Mass used per t of the stage's product.")
    intensity: MaterialIntensity = pydantic.Field(description="CO2e per t of the material.")
    source: Name | None = _describe("Where the intensity comes from (supplier EPD, study ...).")
    kind: Literal["material", "alloying"] = pydantic.Field(
        default="material",
        description="Reported under source 'materials', or 'alloying' for master alloys.",
    )
    metal_content: Percent | None = _describe(
        "Share of its mass that ends up in the product (master alloys, remelt ingot); "
        "counted in the metal balance. Default: none (fluxes, gases, fluorides). "
        "Only for casting and recycled-route materials."
    )


class GridSupply(Section):
    """The public grid: location-based factor of a country."""

    country: GridRegion | None = _describe(
        "Country of the grid (ISO 3166-1 alpha-2) or a grid region such as EU27; default: plant."
    )
    factor: CO2ePerElectricity | None = _describe(
        "Grid factor to use instead of the shipped one (e.g. a national inventory value)."
    )
    year: int | None = _describe(
        "Data year of the shipped grid factor; default: the data year closest to the plant year."
    )


class Contract(Section):
    """Electricity bought under a power purchase agreement or a direct line (market-based)."""

    name: Name = pydantic.Field(description="Contract or generator.")
    share: Percent = pydantic.Field(description="Share of the site's electricity.")
    factor: CO2ePerElectricity = pydantic.Field(description="Emission factor of that supply.")
    evidence: Name | None = _describe("Contract, certificate or direct-line reference.")


class CaptivePlant(Section):
    """Electricity generated on site from a fuel (its emissions are scope 1)."""

    name: Name = pydantic.Field(description="Power plant.")
    share: Percent = pydantic.Field(description="Share of the site's electricity.")
    fuel: Key = pydantic.Field(description="Fuel id of the factor set, e.g. coal.")
    efficiency: GeneratorEfficiency = pydantic.Field(
        description="Net electrical efficiency (NCV basis)."
    )


class ElectricitySupply(Section):
    """Where the site's electricity comes from; the grid supplies what the others do not."""

    grid: GridSupply = pydantic.Field(default_factory=GridSupply, description="Public grid.")
    contracts: list[Contract] = pydantic.Field(default_factory=list, description="PPAs.")
    captive: list[CaptivePlant] = pydantic.Field(default_factory=list, description="On site.")

    @pydantic.model_validator(mode="after")
    def _shares_fit(self) -> ElectricitySupply:
        shares = [c.share for c in self.contracts] + [p.share for p in self.captive]
        total = sum(parse_magnitude(share, "%") for share in shares)
        if total > 100.0 + 1e-9:
            raise ValueError(
                f"contract and captive shares must add up to at most 100 %, not {total:g} %"
            )
        return self


class AluminaPurchased(Section):
    """Alumina bought in: either its intensity or a region with a shipped factor."""

    intensity: CO2ePerMass | None = _describe("CO2e per t of alumina (supplier data).")
    region: Region | None = _describe(
        "Region of a shipped alumina factor (supply.alumina.co2e.<region>.<year>)."
    )

    @pydantic.model_validator(mode="after")
    def _one_of(self) -> AluminaPurchased:
        if (self.intensity is None) == (self.region is None):
            raise ValueError("give exactly one of 'intensity' and 'region'")
        return self


class AluminaRefinery(Section):
    """Alumina from a refinery whose fuels and electricity are known (Bayer process)."""

    on_site: bool = pydantic.Field(
        default=False, description="Part of the plant (scopes 1 and 2) or a supplier (scope 3)."
    )
    country: GridRegion | None = _describe(
        "Country (or grid region) of the refinery, for its grid; default: plant."
    )
    fuels: Fuels | None = _describe("Fuel per t of alumina; default: EU-27 LCI (EA 2018).")
    electricity: ElectricityPerMass | None = _describe("Electricity per t of alumina.")
    bauxite: BauxitePerAlumina | None = _describe("Bauxite per t of alumina; default: EU-27 LCI.")
    bauxite_mining: EnergyUse | None = _describe("Mining energy per t of bauxite.")


class Alumina(Section):
    """Alumina consumed by electrolysis and where it comes from."""

    consumption: AluminaConsumption | None = _describe(
        "Alumina per t of liquid aluminium; at least the stoichiometric 1.889 t/t."
    )
    purchased: AluminaPurchased | None = _describe("Bought-in alumina.")
    refinery: AluminaRefinery | None = _describe(
        "Refinery inventory; the default when neither is given (EU-27 LCI, EA 2018)."
    )

    @pydantic.model_validator(mode="after")
    def _not_both(self) -> Alumina:
        if self.purchased is not None and self.refinery is not None:
            raise ValueError("give either 'purchased' or 'refinery', not both")
        return self


class AnodeBaking(Section):
    """Baking of prebaked anodes on site: furnace fuels and IPCC Eqs. 4.22-4.23."""

    fuels: Fuels | None = _describe("Fuel per t of baked anode; default: EU-27 LCI (EA 2018).")
    electricity: ElectricityPerMass | None = _describe("Electricity per t of baked anode.")
    green_anodes: AnodeMass | None = _describe("Green anodes baked per t of aluminium (GA).")
    baked_anodes: AnodeMass | None = _describe("Baked anodes produced per t of aluminium (BA).")
    hydrogen_in_green_anodes: ImpurityContent | None = _describe(
        "Hydrogen in green anodes (H_w), share of GA; default IPCC 0.5 %."
    )
    furnace: Literal["riedhammer", "other"] = pydantic.Field(
        default="other", description="Riedhammer furnaces collect waste tar (IPCC 0.5 % of GA)."
    )
    waste_tar: WasteTar | None = _describe("Waste tar collected per t of aluminium (WT).")
    packing_coke: PackingCoke | None = _describe(
        "Packing coke per t of baked anode (PCC); default IPCC 0.015 t/t."
    )
    packing_coke_sulphur: ImpurityContent | None = _describe("S_pc; default IPCC 2.0 %.")
    packing_coke_ash: ImpurityContent | None = _describe("Ash_pc; default IPCC 2.5 %.")


class Anodes(Section):
    """Prebaked anodes (CWPB, SWPB, PFPB): consumption (IPCC Eq. 4.21) and their production."""

    net_consumption: NetAnodeConsumption | None = _describe(
        "Net anode consumption per t of aluminium (NAC); default: EU-27 LCI 0.435 t/t."
    )
    sulphur: ImpurityContent | None = _describe(
        "Sulphur in baked anodes (S_a); default IPCC 2.0 %."
    )
    ash: ImpurityContent | None = _describe("Ash in baked anodes (Ash_a); default IPCC 0.4 %.")
    baking: AnodeBaking | None = _describe("Anodes baked on site; the default.")
    purchased_intensity: CO2ePerMass | None = _describe(
        "CO2e per t of anode bought in baked (replaces 'baking')."
    )

    @pydantic.model_validator(mode="after")
    def _not_both(self) -> Anodes:
        if self.baking is not None and self.purchased_intensity is not None:
            raise ValueError("give either 'baking' or 'purchased_intensity', not both")
        return self


class Paste(Section):
    """Soderberg paste (VSS, HSS): IPCC Eq. 4.24."""

    consumption: PasteConsumption = pydantic.Field(description="Paste per t of aluminium (PC).")
    kind: Literal["dry", "wet"] = pydantic.Field(default="dry", description="Paste type.")
    binder_content: Percent | None = _describe("BC; default IPCC dry 24 %, wet 27 %.")
    cyclohexane_soluble_matter: CyclohexaneSolubleMatter | None = _describe(
        "CSM per t of aluminium; default IPCC HSS 4.0, VSS 0.5 kg/t."
    )
    pitch_sulphur: ImpurityContent | None = _describe("S_p; default IPCC 0.6 %.")
    pitch_ash: ImpurityContent | None = _describe("Ash_p; default IPCC 0.2 %.")
    pitch_hydrogen: ImpurityContent | None = _describe("H_p; default IPCC 3.3 %.")
    coke_sulphur: ImpurityContent | None = _describe("S_c; default IPCC 1.9 %.")
    coke_ash: ImpurityContent | None = _describe("Ash_c; default IPCC 0.2 %.")
    skimmed_dust_carbon: SkimmedDustCarbon | None = _describe(
        "CD per t of aluminium; default 0.01 t/t."
    )
    production: EnergyUse | None = _describe("Paste plant energy per t of paste.")


class PFC(Section):
    """Perfluorocarbons from anode effects."""

    method: Literal["tier1", "slope", "overvoltage", "measured"] = pydantic.Field(
        default="tier1",
        description="IPCC Tier 1 (Eq. 4.25; point-fed prebake PFPB_L/PFPB_M take the CWPB "
        "row of Table 4.15, a conservative default), slope (Eq. 4.26), overvoltage, or measured.",
    )
    coefficients: Literal["ipcc2006", "cbam_ir2025_2547"] = pydantic.Field(
        default="ipcc2006",
        description="Coefficient table of the slope method; overvoltage always uses the "
        "IR 2025/2547 table (the only one shipped).",
    )
    anode_effect_minutes: AnodeEffectMinutes | None = _describe("AEM per cell-day (slope).")
    anode_effect_frequency: AnodeEffectFrequency | None = _describe(
        "Anode effects per cell-day (slope)."
    )
    anode_effect_duration: AnodeEffectDuration | None = _describe(
        "Mean anode-effect duration (slope)."
    )
    overvoltage: Millivolt | None = _describe("Anode-effect overvoltage AEO (overvoltage).")
    current_efficiency: CurrentEfficiency | None = _describe("Current efficiency CE (overvoltage).")
    cf4: CF4PerMass | None = _describe("Measured CF4 per t of aluminium (measured).")
    c2f6: C2F6PerMass | None = _describe("Measured C2F6 per t of aluminium (measured).")
    slope_cf4: SlopeCoefficient | None = _describe("Installation-specific slope coefficient.")
    overvoltage_coefficient: OvervoltageCoefficient | None = _describe(
        "Installation-specific overvoltage coefficient."
    )
    c2f6_per_cf4: WeightFraction | None = _describe("Installation-specific C2F6/CF4 fraction.")

    @pydantic.model_validator(mode="after")
    def _inputs_of_method(self) -> PFC:
        if self.method == "slope":
            has_aem = self.anode_effect_minutes is not None
            has_parts = self.anode_effect_frequency is not None and (
                self.anode_effect_duration is not None
            )
            if has_aem == has_parts:
                raise ValueError(
                    "the slope method needs 'anode_effect_minutes', or both "
                    "'anode_effect_frequency' and 'anode_effect_duration'"
                )
        elif self.method == "overvoltage" and (
            self.overvoltage is None or self.current_efficiency is None
        ):
            raise ValueError("the overvoltage method needs 'overvoltage' and 'current_efficiency'")
        elif self.method == "measured" and (self.cf4 is None or self.c2f6 is None):
            raise ValueError("the measured method needs 'cf4' and 'c2f6'")
        return self


class Electrolysis(Section):
    """Hall-Heroult electrolysis."""

    technology: Technology = pydantic.Field(description="Cell technology.")
    electricity: SmeltingElectricity | None = _describe(
        "AC electricity per t of liquid aluminium; default: IAI world average."
    )
    pfc: PFC = pydantic.Field(default_factory=PFC, description="Perfluorocarbons.")
    materials: list[Material] = pydantic.Field(
        default_factory=list, description="Purchased materials such as aluminium fluoride."
    )


class Casting(Section):
    """Casthouse of a route: energy, alloying additions and other materials per t of product."""

    fuels: Fuels | None = _describe("Fuel per t of cast product.")
    electricity: ElectricityPerMass | None = _describe("Electricity per t of cast product.")
    alloying: dict[Element, AlloyingAmount] = pydantic.Field(
        default_factory=dict,
        description="Element added per t of product, e.g. {Mg: '5 kg/t', Si: '0.4 %'}.",
    )
    alloying_intensity: dict[Element, KgCO2ePerKg] = pydantic.Field(
        default_factory=dict, description="Intensity of an element, replacing the shipped one."
    )
    materials: list[Material] = pydantic.Field(default_factory=list, description="Other inputs.")
    metal_yield: CastingYield | None = _describe(
        "Cast product per t of metal charged (losses to dross); default: no loss counted."
    )


class PrimaryRoute(Section):
    """Primary route: alumina, anodes or paste, electrolysis, casting."""

    alumina: Alumina = pydantic.Field(default_factory=Alumina, description="Alumina supply.")
    anodes: Anodes | None = _describe("Prebaked anodes (prebake technologies).")
    paste: Paste | None = _describe("Soderberg paste (VSS, HSS); required for them.")
    electrolysis: Electrolysis = pydantic.Field(description="Electrolysis.")
    casting: Casting = pydantic.Field(default_factory=Casting, description="Casthouse.")

    @pydantic.model_validator(mode="after")
    def _carbon_matches_technology(self) -> PrimaryRoute:
        soderberg = self.electrolysis.technology in SODERBERG
        if soderberg and self.anodes is not None:
            raise ValueError("Soderberg cells consume paste: give 'paste', not 'anodes'")
        if soderberg and self.paste is None:
            raise ValueError("Soderberg cells need 'paste' with its consumption")
        if not soderberg and self.paste is not None:
            raise ValueError("prebake cells consume anodes: give 'anodes', not 'paste'")
        return self


class ScrapInput(Section):
    """One scrap in the charge."""

    scrap_class: Key = pydantic.Field(
        alias="class",
        description="Scrap class: clean_process_scrap or old_scrap (shipped data), or your own.",
    )
    share: Percent = pydantic.Field(description="Share of the scrap charge.")
    consumer: Literal["pre", "post"] | None = _describe(
        "Pre- or post-consumer; known for the shipped classes, required for others."
    )
    scrap_charge: ScrapCharge | None = _describe(
        "Scrap per t of metal it yields; default: the class's shipped value."
    )


class PrimaryMetal(Section):
    """Primary metal added to dilute the scrap melt."""

    amount: DilutionMetal = pydantic.Field(description="Primary metal per t of product.")
    intensity: CO2ePerMass | None = _describe(
        "CO2e per t of the primary metal; default: this plant's own primary route."
    )


class RecycledRoute(Section):
    """Recycled route: scrap preparation, remelting or refining, casting."""

    scrap: list[ScrapInput] = pydantic.Field(min_length=1, description="Scrap charge.")
    preparation: EnergyUse | None = _describe(
        "Shredding, sorting, decoating per t of product; default: from the scrap classes."
    )
    melting: EnergyUse | None = _describe(
        "Melting and casting per t of product; default: from the scrap classes."
    )
    dross: EnergyUse | None = _describe(
        "Dross handling on site per t of product; no shipped default."
    )
    primary_metal: PrimaryMetal | None = _describe("Primary metal for dilution.")
    alloying: dict[Element, AlloyingAmount] = pydantic.Field(
        default_factory=dict, description="Element added per t of product."
    )
    alloying_intensity: dict[Element, KgCO2ePerKg] = pydantic.Field(
        default_factory=dict, description="Intensity of an element, replacing the shipped one."
    )
    materials: list[Material] = pydantic.Field(
        default_factory=list, description="Salt flux, gases and other purchased inputs."
    )

    @pydantic.model_validator(mode="after")
    def _shares_add_up(self) -> RecycledRoute:
        total = sum(parse_magnitude(s.share, "%") for s in self.scrap)
        if abs(total - 100.0) > 1e-6:
            raise ValueError(f"scrap shares must add up to 100 %, not {total:g} %")
        return self


class Allocation(Section):
    """How scrap enters the footprint."""

    approach: Literal["cut-off", "scrap-burden"] = pydantic.Field(
        default="cut-off",
        description="cut-off: scrap carries no burden (recycled content approach); "
        "scrap-burden: each t of scrap carries the burden given here.",
    )
    pre_consumer_burden: ScrapBurden | None = _describe("Burden per t of pre-consumer scrap.")
    post_consumer_burden: ScrapBurden | None = _describe("Burden per t of post-consumer scrap.")

    @pydantic.model_validator(mode="after")
    def _burdens_given(self) -> Allocation:
        given = self.pre_consumer_burden is not None or self.post_consumer_burden is not None
        if self.approach == "scrap-burden" and not given:
            raise ValueError(
                "scrap-burden needs 'pre_consumer_burden' and/or 'post_consumer_burden'"
            )
        if self.approach == "cut-off" and given:
            raise ValueError("burdens apply only to approach 'scrap-burden'")
        return self


class Product(Section):
    """A product and the routes that make it."""

    name: Name = pydantic.Field(description="E.g. 'extrusion billet'.")
    routes: dict[Literal["primary", "recycled"], Percent] = pydantic.Field(
        description="Share of the product from each route, adding up to 100 %."
    )

    @pydantic.model_validator(mode="after")
    def _shares_add_up(self) -> Product:
        total = sum(parse_magnitude(share, "%") for share in self.routes.values())
        if abs(total - 100.0) > 1e-6:
            raise ValueError(f"route shares must add up to 100 %, not {total:g} %")
        return self


class PlantModel(Section):
    """A plant: location, reporting choices, routes and products."""

    plant: Name = pydantic.Field(description="Name of the plant.")
    country: Country = pydantic.Field(description="ISO 3166-1 alpha-2 code, e.g. 'NO' (quoted).")
    year: int = pydantic.Field(ge=1990, le=2100, description="Year the data describe.")
    gwp: Literal["SAR", "AR4", "AR5", "AR6"] = pydantic.Field(
        default="AR5", description="GWP100 set for non-CO2 gases."
    )
    scope2_method: Literal["market-based", "location-based"] = pydantic.Field(
        default="market-based",
        description="Which scope 2 result is the headline; both are always reported.",
    )
    allocation: Allocation = pydantic.Field(default_factory=Allocation, description="Scrap.")
    electricity: ElectricitySupply = pydantic.Field(
        default_factory=ElectricitySupply, description="Electricity supply of the site."
    )
    primary: PrimaryRoute | None = _describe("Primary route, if the plant has one.")
    recycled: RecycledRoute | None = _describe("Recycled route, if the plant has one.")
    products: list[Product] = pydantic.Field(min_length=1, description="Products.")

    @pydantic.model_validator(mode="after")
    def _routes_exist(self) -> PlantModel:
        if self.primary is None and self.recycled is None:
            raise ValueError("a plant needs a 'primary' or a 'recycled' route")
        for product in self.products:
            for route in product.routes:
                if getattr(self, route) is None:
                    raise ValueError(
                        f"product {product.name!r} uses route {route!r}, which the plant lacks"
                    )
        return self


@dataclasses.dataclass(frozen=True, slots=True)
class Plant:
    """A validated plant and where it came from."""

    model: PlantModel
    path: str
    """File name, or ``'<mapping>'`` for data passed in memory."""
    sha256: str
    """SHA-256 of the file bytes, or of the canonical JSON of the mapping."""
    lines: Mapping[KeyPath, int] = dataclasses.field(default_factory=dict)
    """Line of each key path in the file, for error messages."""

    @property
    def name(self) -> str:
        """The plant's name."""
        return self.model.plant

    def line_of(self, key_path: KeyPath) -> int | None:
        """Return the line of ``key_path`` or of its nearest ancestor in the file.

        Parameters
        ----------
        key_path : tuple of str or int
            The key path.

        Returns
        -------
        int or None
            1-based line, or None for plants given in memory.
        """
        return nearest_line(self.lines, key_path)


def plant_from_mapping(data: Mapping[str, Any], *, name: str = "<mapping>") -> Plant:
    """Validate plant data given in memory (e.g. parsed JSON).

    Parameters
    ----------
    data : mapping
        The plant document.
    name : str, optional
        Name used in error messages and provenance.

    Returns
    -------
    Plant
        The validated plant.

    Raises
    ------
    InputErrors
        With every problem found, each naming its key path.
    """
    model = validate_data(PlantModel, data, name)
    return Plant(model=model, path=name, sha256=sha256_hex(canonical_json(dict(data))))


def load_plant(path: str | Path) -> Plant:
    """Read and validate a plant file (YAML or JSON).

    Parameters
    ----------
    path : str or pathlib.Path
        The plant file.

    Returns
    -------
    Plant
        The validated plant with the file's hash.

    Raises
    ------
    InputErrors
        With every problem found, each naming file, line and key path.
    """
    document = read_yaml(path)
    model = validate_document(PlantModel, document)
    return Plant(model=model, path=str(path), sha256=document.sha256, lines=document.lines)


def quantity_spec(key: str) -> QuantityString | None:
    """Return the unit and range a plant file allows at ``key``, or None for no quantity.

    Parameters
    ----------
    key : str
        Key path, e.g. ``"primary.electrolysis.electricity"``.

    Returns
    -------
    QuantityString or None
        The field's units and bounds (the ones a plant file is checked against).
    """
    specs = [
        m
        for _, meta in values_at(PlantModel, parse_key_path(key))
        for m in meta
        if isinstance(m, QuantityString)
    ]
    return specs[0] if specs else None
