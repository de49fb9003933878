"""The installation file of a CBAM declaration: identity, processes, goods, emissions data.

Declared once as pydantic models, like the plant file: the same declaration validates
input, prints the JSON Schema (``aluco2 schema installation``) and generates
``docs/installation-file.md``. Amounts are totals of the reporting period (t, TJ,
MWh, t CO2e), as Implementing Regulation (EU) 2025/2547 monitors them, not the
per-tonne intensities of the plant file. Where the data overlap, the installation
names its plant file (``plant``) and a primary process takes its cell technology and
PFC data from it instead of repeating them. No arithmetic happens here.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic

from aluco2._countries import Country
from aluco2._errors import InputError, SchemaError
from aluco2._plant import Key, Name, Section, Technology
from aluco2._provenance import canonical_json, sha256_hex
from aluco2._quantities import (
    AnodeEffectDuration,
    AnodeEffectFrequency,
    AnodeEffectMinutes,
    C2F6Mass,
    CF4Mass,
    CO2eMass,
    CO2ePerMass,
    CO2PerElectricity,
    CO2PerEnergy,
    CollectionEfficiency,
    CurrentEfficiency,
    ElectricityAmount,
    FuelAmount,
    Mass,
    Millivolt,
    NetCalorificValue,
    OvervoltageCoefficient,
    Percent,
    ProductMass,
    SlopeCoefficient,
    WeightFraction,
)
from aluco2._units import parse_magnitude
from aluco2._validation import TextPattern, validate_data, validate_document
from aluco2._yaml import KeyPath, nearest_line, read_yaml

__all__ = [
    "CN_CODE",
    "CN_HEADINGS",
    "DEFINITIVE_PERIOD_START",
    "Installation",
    "InstallationModel",
    "cross_checks",
    "installation_from_mapping",
    "load_installation",
]

CN_HEADINGS = (
    "7601",
    "7603",
    "7604",
    "7605",
    "7606",
    "7607",
    "7608",
    "7609",
    "7610",
    "7611",
    "7612",
    "7613",
    "7614",
    "7616",
)
"""Aluminium headings of Regulation (EU) 2023/956 Annex I (7602 scrap and 7615 household
articles are outside CBAM)."""

CN_CODE = TextPattern(
    rf"^({'|'.join(CN_HEADINGS)})( ?\d\d){{0,3}}$",
    "a CN code of an aluminium good in CBAM (7601, 7603 to 7614, 7616), 4 to 10 digits, "
    "e.g. '7601' or '7606 12 92'",
)
"""Check of a CN code (also used by ``aluco2 cbam defaults``)."""
CNCode = Annotated[str, CN_CODE]
UNLocode = Annotated[
    str,
    TextPattern(
        r"^[A-Z]{2} ?[A-Z2-9]{3}$", "a UN/LOCODE: country code and three letters, e.g. 'IN JSG'"
    ),
]
DEFINITIVE_PERIOD_START = datetime.date(2026, 1, 1)
"""First day of the CBAM definitive period (Regulation (EU) 2023/956, Art. 36)."""


def _describe(description: str) -> Any:
    return pydantic.Field(default=None, description=description)


class Coordinates(Section):
    """Coordinates of the main emission source, decimal degrees (WGS 84)."""

    latitude: float = pydantic.Field(ge=-90, le=90, description="Latitude, degrees north.")
    longitude: float = pydantic.Field(ge=-180, le=180, description="Longitude, degrees east.")


class Operator(Section):
    """The operator of the installation (Annex IV §1.2 item 1)."""

    name: Name = pydantic.Field(description="Name of the operator.")
    address: Name | None = _describe("Address, in English.")
    country: Country = pydantic.Field(description="Country, ISO 3166-1 alpha-2.")
    contact: Name | None = _describe("Contact person or e-mail.")


class InstallationIdentity(Section):
    """The installation (Annex IV §1.2 item 2)."""

    name: Name = pydantic.Field(description="Name of the installation.")
    name_english: Name | None = _describe("Name in English, if the name is not.")
    address: Name | None = _describe("Address, in English.")
    country: Country = pydantic.Field(description="Country of production, ISO 3166-1 alpha-2.")
    unlocode: UNLocode = pydantic.Field(description="UN/LOCODE of the location, e.g. 'IN JSG'.")
    coordinates: Coordinates = pydantic.Field(description="Main emission source.")
    registry_id: Name | None = _describe("Installation identifier in the CBAM Registry.")


class ReportingPeriod(Section):
    """The period the data cover (normally a calendar year)."""

    # Not strict: JSON input gives dates as ISO text, YAML as dates.
    start: datetime.date = pydantic.Field(strict=False, description="First day, e.g. 2026-01-01.")
    end: datetime.date = pydantic.Field(strict=False, description="Last day, e.g. 2026-12-31.")

    @pydantic.model_validator(mode="after")
    def _ordered(self) -> ReportingPeriod:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        if self.start < DEFINITIVE_PERIOD_START:
            raise ValueError(
                f"a period in the definitive period, from {DEFINITIVE_PERIOD_START} (the "
                "methods of IR 2025/2547 apply from then)"
            )
        return self


class Good(Section):
    """A good of the process, by CN code."""

    cn: CNCode = pydantic.Field(description="CN code of the good.")
    name: Name = pydantic.Field(description="Name of the good, e.g. 'primary ingot'.")
    production: Mass = pydantic.Field(
        description="Mass produced in the period, including what other processes of the "
        "installation consume; the process's activity level is the sum over its goods."
    )
    to_eu: Mass | None = _describe("Mass exported to the EU, for the certificate estimate.")

    @pydantic.model_validator(mode="after")
    def _exports_within_production(self) -> Good:
        if self.to_eu is not None and parse_magnitude(self.to_eu, "t") > parse_magnitude(
            self.production, "t"
        ):
            raise ValueError(f"'to_eu' ({self.to_eu}) larger than 'production' ({self.production})")
        return self


class SourceStream(Section):
    """A source stream of direct CO2 (Annex II B.3): a fuel burnt, or carbon in a mass balance."""

    name: Name = pydantic.Field(description="E.g. 'natural gas', 'prebaked anodes consumed'.")
    method: Literal["combustion", "mass_balance"] = pydantic.Field(
        description="combustion: fuel x NCV x emission factor x oxidation factor (standard "
        "method); mass_balance: f x mass x carbon content (Annex II B.3.2, Eq. 12)."
    )
    amount: FuelAmount = pydantic.Field(
        description="Fuel burnt (energy on a NCV basis, or mass with its NCV) or mass of the "
        "mass-balance stream in the period."
    )
    direction: Literal["input", "output"] = pydantic.Field(
        default="input",
        description="Mass balance: carbon entering (anodes, paste, coke) or leaving (butts "
        "sold, dust, by-products); outputs count negative.",
    )
    fuel: Key | None = _describe(
        "Fuel of the factor set (fuel.<id>) whose NCV and CO2 factor apply when not given."
    )
    ncv: NetCalorificValue | None = _describe("Net calorific value, for a fuel given as mass.")
    emission_factor: CO2PerEnergy | None = _describe("CO2 per TJ of fuel (NCV basis).")
    oxidation_factor: Percent | None = _describe(
        "Share of the carbon oxidised; 100 % (complete oxidation) when not given."
    )
    carbon_content: Percent | None = _describe("Carbon per mass of a mass-balance stream.")
    biomass_fraction: Percent | None = _describe(
        "Biomass share of the carbon, zero-rated only where the criteria of Annex II B.3.3 "
        "are met; 0 % when not given."
    )

    @pydantic.model_validator(mode="after")
    def _inputs_of_method(self) -> SourceStream:
        if self.method == "mass_balance":
            if self.carbon_content is None:
                raise ValueError("a mass-balance stream needs 'carbon_content'")
            if self.fuel or self.ncv or self.emission_factor or self.oxidation_factor:
                raise ValueError(
                    "a mass-balance stream takes 'carbon_content', not fuel, ncv, "
                    "emission_factor or oxidation_factor"
                )
        else:
            if self.carbon_content is not None or self.direction == "output":
                raise ValueError("a combustion stream is an input without 'carbon_content'")
            if self.fuel is None and self.emission_factor is None:
                raise ValueError("a combustion stream needs 'fuel' or 'emission_factor'")
        return self


class PFC(Section):
    """PFC from anode effects of a primary process (Annex II B.7)."""

    aluminium_produced: ProductMass = pydantic.Field(
        description="Primary aluminium produced by the cells in the period (PrAl), more than 0 t."
    )
    method: Literal["slope", "overvoltage", "measured"] | None = _describe(
        "Slope (Eqs. 21-23), overvoltage (Eqs. 24-25) or measured in the duct (Eq. 20); "
        "taken with the other PFC data from the plant file when not given."
    )
    technology: Technology | Literal["PFPB_MW"] | None = _describe(
        "Cell technology (Tables 2 and 3); default: the plant file's. PFPB_MW (point-fed "
        "prebake without fully automated anode-effect intervention) takes its own factors, "
        "or the CWPB values (Table 2, footnote 1)."
    )
    anode_effect_minutes: AnodeEffectMinutes | None = _describe(
        "Anode-effect minutes per cell-day, AEM (slope), instead of frequency and duration."
    )
    anode_effect_frequency: AnodeEffectFrequency | None = _describe(
        "Anode effects per cell-day (slope)."
    )
    anode_effect_duration: AnodeEffectDuration | None = _describe(
        "Mean duration of an anode effect (slope)."
    )
    overvoltage: Millivolt | None = _describe("Anode-effect overvoltage per cell, AEO.")
    current_efficiency: CurrentEfficiency | None = _describe("Mean current efficiency, CE.")
    slope_cf4: SlopeCoefficient | None = _describe(
        "Installation-specific SEF_CF4 from measurements; default: Table 2."
    )
    overvoltage_coefficient: OvervoltageCoefficient | None = _describe(
        "Installation-specific OVC from measurements; default: Table 3."
    )
    c2f6_per_cf4: WeightFraction | None = _describe(
        "Installation-specific F_C2F6 from measurements; default: Table 2 or 3."
    )
    cf4_duct: CF4Mass | None = _describe("CF4 measured in the duct in the period (measured).")
    c2f6_duct: C2F6Mass | None = _describe("C2F6 measured in the duct in the period (measured).")
    collection_efficiency: CollectionEfficiency | None = _describe(
        "Share of the cell gases collected by the duct (measured)."
    )


class Corrections(Section):
    """Terms of the attributed direct emissions besides the source streams (Annex III A.3)."""

    heat_imported: CO2eMass | None = _describe("Emissions of measurable heat imported, Em_H,imp.")
    heat_exported: CO2eMass | None = _describe("Emissions of measurable heat exported, Em_H,exp.")
    waste_gas_imported: CO2eMass | None = _describe("Waste-gas correction imported, WG_corr,imp.")
    waste_gas_exported: CO2eMass | None = _describe("Waste-gas correction exported, WG_corr,exp.")
    electricity_produced: CO2eMass | None = _describe(
        "Emissions of electricity produced inside the boundary, Em_el,prod."
    )


class Precursor(Section):
    """A precursor consumed: purchased unwrought aluminium or products, or another process."""

    name: Name = pydantic.Field(description="E.g. 'P1020 ingot from supplier X'.")
    mass: Mass = pydantic.Field(
        description="Mass consumed in the period, M_i, including what does not end up in "
        "the good (Annex III B)."
    )
    process: Name | None = _describe("Another process of this installation that made it.")
    cn: CNCode | None = _describe("CN code of a purchased precursor.")
    country: Country | None = _describe(
        "Country of production; leave out when unknown (Annex IV defaults then apply)."
    )
    see: CO2ePerMass | None = _describe(
        "Actual specific direct embedded emissions from the producer; without it the "
        "default value applies."
    )
    see_source: Name | None = _describe(
        "The verification report behind 'see' (verifier, report, period)."
    )
    installation: Name | None = _describe("Producer's installation identifier.")
    sefa: CO2ePerMass | None = _describe(
        "Specific embedded free allocation supplied by the producer (IR 2025/2620 point "
        "3.3); without it the default-path benchmark (Column B) of its CN code applies."
    )

    @pydantic.model_validator(mode="after")
    def _one_origin(self) -> Precursor:
        if self.process is not None:
            if self.cn or self.country or self.see or self.installation or self.sefa:
                raise ValueError("a precursor from another process takes only 'process' and 'mass'")
        elif self.cn is None:
            raise ValueError("a purchased precursor needs its 'cn' code")
        if self.see is not None and self.see_source is None:
            raise ValueError("actual 'see' values need their 'see_source' (verification report)")
        return self


class Scrap(Section):
    """Scrap used, with zero embedded emissions (Annex II F), for the sector parameters."""

    consumer: Literal["pre", "post"] = pydantic.Field(description="Pre- or post-consumer scrap.")
    mass: Mass = pydantic.Field(description="Mass used in the period.")
    origin: Country | None = _describe("Country the scrap comes from.")


class Electricity(Section):
    """Electricity consumed, for indirect emissions reported for information only."""

    consumed: ElectricityAmount = pydantic.Field(description="Electricity used in the period.")
    factor: CO2PerElectricity = pydantic.Field(description="Emission factor applied.")
    factor_source: Name = pydantic.Field(
        description="Where the factor comes from (grid default, PPA, direct link ...)."
    )


class Process(Section):
    """A production process and its goods (Annex IV §1.2 item 3)."""

    name: Name = pydantic.Field(description="Unique name, e.g. 'potline and casthouse'.")
    category: Literal["unwrought_aluminium", "aluminium_products"] = pydantic.Field(
        description="Aggregated goods category (IR 2025/2547 Annex I, 3.17 and 3.18)."
    )
    route: Literal["primary", "secondary", "mixed"] | None = _describe(
        "Route of unwrought aluminium: primary smelting (P42), secondary melting (P43), or "
        "both in one process (Art. 4(6))."
    )
    benchmark_route: Literal["K", "L"] | None = _describe(
        "Benchmark route of unwrought aluminium for the free-allocation estimate: K primary, "
        "L secondary; default: from 'route'; required for mixed. Aluminium products have "
        "one Column A benchmark for both routes."
    )
    goods: list[Good] = pydantic.Field(min_length=1, description="Goods by CN code.")
    source_streams: list[SourceStream] = pydantic.Field(
        default_factory=list, description="Fuels and mass-balance streams of the process."
    )
    pfc: PFC | None = _describe("Anode-effect PFC (primary and mixed routes).")
    corrections: Corrections = pydantic.Field(
        default_factory=Corrections, description="Heat, waste-gas and electricity terms."
    )
    precursors: list[Precursor] = pydantic.Field(default_factory=list, description="Precursors.")
    scrap: list[Scrap] = pydantic.Field(default_factory=list, description="Scrap used.")
    non_aluminium_content: Percent | None = _describe(
        "Total content of elements other than aluminium in the goods (sector parameter, "
        "reported when above 1 %)."
    )
    electricity: Electricity | None = _describe("For the indirect emissions (information).")

    @pydantic.model_validator(mode="after")
    def _route_fits_category(self) -> Process:
        if self.category == "unwrought_aluminium" and self.route is None:
            raise ValueError("unwrought aluminium needs its 'route' (primary, secondary, mixed)")
        if self.category == "aluminium_products" and self.route is not None:
            raise ValueError("aluminium products have one route; leave 'route' out")
        if self.route == "secondary" and self.pfc is not None:
            raise ValueError("secondary melting has no anode effects; leave 'pfc' out")
        if self.route in ("primary", "mixed") and self.pfc is None:
            raise ValueError(
                "primary smelting needs 'pfc': PFC from anode effects are monitored "
                "(IR 2025/2547 Annex I 3.17.2.1)"
            )
        if self.route == "mixed" and self.benchmark_route is None:
            raise ValueError(
                "a mixed process needs 'benchmark_route' (K or L): IR 2025/2620 sets no rule"
            )
        unwrought = self.category == "unwrought_aluminium"
        wrong = [g.cn for g in self.goods if g.cn.startswith("7601") != unwrought]
        if wrong:
            raise ValueError(
                f"CN {', '.join(wrong)} do not belong to {self.category.replace('_', ' ')} "
                "(7601 is unwrought aluminium, 7603-7616 are aluminium products)"
            )
        return self


class InstallationModel(Section):
    """A CBAM installation: who, where, when, and the data of each production process."""

    operator: Operator = pydantic.Field(description="Operator.")
    installation: InstallationIdentity = pydantic.Field(description="Installation.")
    reporting_period: ReportingPeriod = pydantic.Field(description="Reporting period.")
    plant: Annotated[str, pydantic.Field(min_length=1)] | None = _describe(
        "Plant file of this site, relative to this file, for the data both describe "
        "(cell technology, PFC method and anode-effect data)."
    )
    processes: list[Process] = pydantic.Field(min_length=1, description="Production processes.")


def cross_checks(model: InstallationModel) -> list[InputError]:
    """Check what spans processes: unique names, precursors naming existing processes.

    Parameters
    ----------
    model : InstallationModel
        The validated installation.

    Returns
    -------
    list of InputError
        One per problem, with its key path.
    """
    names = [p.name for p in model.processes]
    errors: list[InputError] = []
    for index, process in enumerate(model.processes):
        if names.index(process.name) != index:
            errors.append(
                SchemaError(
                    expected="a process name used once",
                    value=process.name,
                    key_path=("processes", index, "name"),
                )
            )
        for number, precursor in enumerate(process.precursors):
            path = ("processes", index, "precursors", number, "process")
            if precursor.process is not None and precursor.process not in names:
                errors.append(
                    SchemaError(
                        expected=f"the name of a process of this installation ({', '.join(names)})",
                        value=precursor.process,
                        key_path=path,
                    )
                )
            elif precursor.process == process.name:
                errors.append(
                    SchemaError(
                        expected="another process than the one consuming it",
                        value=precursor.process,
                        key_path=path,
                    )
                )
    return errors


@dataclasses.dataclass(frozen=True, slots=True)
class Installation:
    """A validated installation file and where it came from."""

    model: InstallationModel
    path: str
    sha256: str
    lines: Mapping[KeyPath, int] = dataclasses.field(default_factory=dict)

    @property
    def directory(self) -> Path:
        """Directory that a relative plant path is resolved against."""
        return Path(self.path).parent if self.path != "<mapping>" else Path.cwd()

    @property
    def files_named(self) -> tuple[Path, ...]:
        """The plant file the installation names, resolved against its directory, if any."""
        plant = self.model.plant
        return () if plant is None else (self.directory / plant,)

    def line_of(self, key_path: KeyPath) -> int | None:
        """Return the line of ``key_path``, or of its nearest ancestor, in the file."""
        return nearest_line(self.lines, key_path)


def installation_from_mapping(data: Mapping[str, Any], *, name: str = "<mapping>") -> Installation:
    """Validate installation data given in memory (e.g. parsed JSON).

    Parameters
    ----------
    data : mapping
        The installation document.
    name : str, optional
        Name used in error messages and provenance.

    Returns
    -------
    Installation
        The validated installation.

    Raises
    ------
    InputErrors
        With every problem found, each naming its key path.
    """
    model = validate_data(InstallationModel, data, name, cross_checks)
    return Installation(model, name, sha256_hex(canonical_json(dict(data))))


def load_installation(path: str | Path) -> Installation:
    """Read and validate an installation file (YAML or JSON).

    Parameters
    ----------
    path : str or pathlib.Path
        The installation file.

    Returns
    -------
    Installation
        The validated installation with the file's hash and line table.

    Raises
    ------
    InputErrors
        With every problem found, each naming file, line and key path.
    """
    document = read_yaml(path)
    model = validate_document(InstallationModel, document, cross_checks)
    return Installation(model, str(path), document.sha256, document.lines)
