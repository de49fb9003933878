"""CBAM specific embedded emissions of aluminium goods, and the certificates they may cost.

:func:`compute` turns an :class:`~aluco2.installation.Installation` into a
:class:`CbamReport`: per production process the attributed direct emissions
(Implementing Regulation (EU) 2025/2547 Annex II and Annex III A.3), the precursors'
embedded emissions (actual, default, or from another process of the installation),
the specific direct embedded emissions of its goods (Annex III B, Eqs. 59-63), the
share based on default values, the aluminium sector parameters (Annex IV point 2), and
indirect emissions for information only (aluminium goods are in Annex II of Regulation
(EU) 2023/956: only direct emissions count). :func:`estimate_certificates` estimates
the certificates due per tonne with actual data and with default values (IR 2025/2620,
IR 2025/2621 as replaced by IR 2026/1740).

All arithmetic is decimal (28 significant digits); nothing is rounded until the
report formats it. This is a separate calculation from the cradle-to-gate footprint
of :mod:`aluco2.footprint`: different boundary, different GWPs, scrap at zero.
"""

from __future__ import annotations

import dataclasses
import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from aluco2.cbam import _tables as tables
from aluco2.cbam._emissions import AuditLine, DirectEmissions, direct_emissions, plain
from aluco2.errors import InputError, InputErrors
from aluco2.methods import cbam as eq
from aluco2.units import parse_decimal

if TYPE_CHECKING:
    from aluco2.factors import FactorSet
    from aluco2.installation import Installation, Precursor, Process
    from aluco2.plant import Plant

__all__ = [
    "AuditLine",
    "CbamReport",
    "CertificateEstimate",
    "DefaultLookup",
    "GoodCertificates",
    "GoodResult",
    "PrecursorResult",
    "ProcessResult",
    "compute",
    "estimate_certificates",
    "lookup_default",
]

ZERO = Decimal(0)
_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


@dataclasses.dataclass(frozen=True, slots=True)
class PrecursorResult:
    """A precursor's contribution to a process."""

    name: str
    cn: str | None
    country: str | None
    mass_t: Decimal
    see: Decimal
    """Specific direct embedded emissions used. [t CO2e/t]"""
    data: str
    """'actual', 'default', 'installation' (another process) or 'EU or exempt origin'."""
    reference: str
    """Verification report, default-value factor id, or process name."""
    default_share: Decimal
    """Share of this precursor's embedded emissions based on default values. [-]"""
    route: str | None
    """Benchmark route of the precursor's default row (K or L), for the allocation."""
    process: str | None = None
    """The process of this installation that produced it, if any."""
    sefa: Decimal | None = None
    """Specific embedded free allocation supplied by its producer. [t CO2e/t]"""


@dataclasses.dataclass(frozen=True, slots=True)
class GoodResult:
    """A good: its process's specific embedded emissions."""

    process: str
    cn: str
    name: str
    production_t: Decimal
    to_eu_t: Decimal | None
    see_direct: Decimal
    see_indirect: Decimal | None
    """For information only: not part of aluminium's CBAM embedded emissions."""


@dataclasses.dataclass(frozen=True, slots=True)
class ProcessResult:
    """A production process with its emissions, precursors and sector parameters."""

    name: str
    category: str
    route: str | None
    benchmark_route: str | None
    activity_level_t: Decimal
    direct: DirectEmissions
    precursors: tuple[PrecursorResult, ...]
    embedded_inputs_t: Decimal
    see_direct: Decimal
    default_share: Decimal
    indirect_t: Decimal | None
    see_indirect: Decimal | None
    scrap_t_per_t: Decimal
    pre_consumer_share: Decimal | None
    non_aluminium_content: Decimal | None
    goods: tuple[GoodResult, ...]
    audit: tuple[AuditLine, ...]


@dataclasses.dataclass(frozen=True)
class CbamReport:
    """The CBAM figures of an installation for its reporting period."""

    installation: Installation
    processes: tuple[ProcessResult, ...]
    plant_file: tuple[str, str] | None
    """(path, SHA-256) of the plant file used for PFC data, if any."""
    factor_set_hash: str
    notes: tuple[str, ...]

    @property
    def goods(self) -> tuple[GoodResult, ...]:
        """Every good of every process."""
        return tuple(g for p in self.processes for g in p.goods)

    @property
    def direct_t(self) -> Decimal:
        """Total direct emissions of the installation (DirEm* summed), in t CO2e."""
        return sum((p.direct.directly_attributable_t for p in self.processes), ZERO)


def _activity_level(process: Process, key: str) -> Decimal:
    total = sum((parse_decimal(g.production, "t") for g in process.goods), ZERO)
    if total <= 0:
        raise InputError(expected="goods produced (more than 0 t)", key_path=(*_path(key), "goods"))
    return total


def _precursor(
    precursor: Precursor,
    key: str,
    factors: FactorSet,
    done: Mapping[str, ProcessResult],
) -> tuple[PrecursorResult, AuditLine]:
    mass = parse_decimal(precursor.mass, "t")
    mass_in = f"{key}.mass = {precursor.mass}"
    if precursor.process is not None:
        source = done[precursor.process]
        result = PrecursorResult(
            precursor.name,
            None,
            None,
            mass,
            source.see_direct,
            "installation",
            f"process {source.name!r}",
            source.default_share,
            source.benchmark_route,
            source.name,
        )
        inputs = (mass_in, f"process {source.name!r} SEE direct = {plain(source.see_direct)}")
    elif precursor.country in tables.EU_AND_EXEMPT:
        result = PrecursorResult(
            precursor.name,
            precursor.cn,
            precursor.country,
            mass,
            ZERO,
            "EU or exempt origin",
            "IR 2025/2547 Annex III B: precursors of EU or exempt origin count zero",
            ZERO,
            None,
        )
        inputs = (mass_in, f"{key}.country = {precursor.country}")
    else:
        try:
            default = tables.default_value(factors, precursor.cn or "", precursor.country)
        except InputError as exc:
            raise exc.located(key_path=(*_path(key), "cn")) from None
        if precursor.see is not None:
            see = parse_decimal(precursor.see, "t CO2e/t")
            result = PrecursorResult(
                precursor.name,
                precursor.cn,
                precursor.country,
                mass,
                see,
                "actual",
                precursor.see_source or "",
                ZERO,
                default.route,
            )
            inputs = (mass_in, f"{key}.see = {precursor.see} ({precursor.see_source})")
        else:
            result = PrecursorResult(
                precursor.name,
                precursor.cn,
                precursor.country,
                mass,
                default.value,
                "default",
                default.record.id,
                Decimal(1),
                default.route,
            )
            inputs = (mass_in, default.reference)
    line = AuditLine(
        f"{key} M_i x SEE_i ({precursor.name})",
        result.mass_t * result.see,
        "t CO2e",
        "IR 2025/2547 Annex III B Eq. 60 term",
        inputs,
    )
    return result, line


def _path(key: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for segment in key.split("."):
        name, _, index = segment.partition("[")
        parts.append(name)
        if index:
            parts.append(int(index.rstrip("]")))
    return tuple(parts)


def _order(processes: list[Process]) -> list[int]:
    """Return process indices so that each comes after the processes it consumes."""
    names = {p.name: i for i, p in enumerate(processes)}
    order: list[int] = []
    visiting: set[str] = set()

    def visit(index: int) -> None:
        process = processes[index]
        if index in order:
            return
        if process.name in visiting:
            raise InputError(
                expected="precursors between processes without a cycle",
                value=process.name,
                key_path=("processes", index, "precursors"),
            )
        visiting.add(process.name)
        for precursor in process.precursors:
            if precursor.process is not None:
                visit(names[precursor.process])
        visiting.discard(process.name)
        order.append(index)

    for index in range(len(processes)):
        visit(index)
    return order


def _sector_parameters(
    process: Process, activity_t: Decimal
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """Scrap per t of product, pre-consumer share, non-aluminium content (Annex IV §2)."""
    pre = sum((parse_decimal(s.mass, "t") for s in process.scrap if s.consumer == "pre"), ZERO)
    post = sum((parse_decimal(s.mass, "t") for s in process.scrap if s.consumer == "post"), ZERO)
    scrap = pre + post
    share = pre / scrap if scrap > 0 else None
    content = (
        parse_decimal(process.non_aluminium_content, "")
        if process.non_aluminium_content is not None
        else None
    )
    return scrap / activity_t, share, content


def _benchmark_route(process: Process) -> str | None:
    if process.benchmark_route is not None:
        return process.benchmark_route
    return {"primary": "K", "secondary": "L"}.get(process.route or "")


def _process(
    process: Process,
    index: int,
    factors: FactorSet,
    plant: Plant | None,
    done: Mapping[str, ProcessResult],
) -> ProcessResult:
    key = f"processes[{index}]"
    activity = _activity_level(process, key)
    direct = direct_emissions(process, key, factors, plant)
    precursors, lines = [], []
    for number, precursor in enumerate(process.precursors):
        result, line = _precursor(precursor, f"{key}.precursors[{number}]", factors, done)
        precursors.append(result)
        lines.append(line)
    embedded_inputs = sum((p.mass_t * p.see for p in precursors), ZERO)
    see = eq.specific_embedded_emissions(
        direct.attributed_t, [(p.mass_t, p.see) for p in precursors], activity
    )
    embedded = direct.attributed_t + embedded_inputs
    from_defaults = sum((p.mass_t * p.see * p.default_share for p in precursors), ZERO)
    default_share = from_defaults / embedded if embedded > 0 else ZERO
    indirect = see_indirect = None
    if process.electricity is not None:
        consumed = parse_decimal(process.electricity.consumed, "MWh")
        factor = parse_decimal(process.electricity.factor, "t CO2/MWh")
        indirect = consumed * factor
        internal = sum(
            (
                p.mass_t * (done[q.process].see_indirect or ZERO)
                for p, q in zip(precursors, process.precursors, strict=True)
                if q.process is not None
            ),
            ZERO,
        )
        see_indirect = (indirect + internal) / activity
    scrap, pre_share, content = _sector_parameters(process, activity)
    see_line = AuditLine(
        f"{key} SEE direct",
        see,
        "t CO2e/t",
        "IR 2025/2547 Annex III B Eq. 59: (AttrEm + sum M_i x SEE_i) / AL",
        (
            f"{key} AttrEm_dir = {plain(direct.attributed_t)}",
            *(f"{line.quantity} = {plain(line.value)}" for line in lines),
            f"{key} AL = {plain(activity)} (sum of goods[].production)",
        ),
    )
    goods = tuple(
        GoodResult(
            process.name,
            good.cn,
            good.name,
            parse_decimal(good.production, "t"),
            parse_decimal(good.to_eu, "t") if good.to_eu is not None else None,
            see,
            see_indirect,
        )
        for good in process.goods
    )
    return ProcessResult(
        name=process.name,
        category=process.category,
        route=process.route,
        benchmark_route=_benchmark_route(process),
        activity_level_t=activity,
        direct=direct,
        precursors=tuple(precursors),
        embedded_inputs_t=embedded_inputs,
        see_direct=see,
        default_share=default_share,
        indirect_t=indirect,
        see_indirect=see_indirect,
        scrap_t_per_t=scrap,
        pre_consumer_share=pre_share,
        non_aluminium_content=content,
        goods=goods,
        audit=(*direct.audit, *lines, see_line),
    )


def _notes(installation: Installation) -> tuple[str, ...]:
    model = installation.model
    notes = [
        "Aluminium goods are listed in Annex II of Regulation (EU) 2023/956: only direct "
        "emissions are CBAM embedded emissions; indirect emissions are shown for information.",
        "Scrap enters with zero embedded emissions (IR 2025/2547 Annex II point F).",
    ]
    if model.installation.country in tables.EU_AND_EXEMPT:
        notes.append(
            f"The installation is in {model.installation.country}: goods produced in the EU "
            "or an exempt country (Regulation (EU) 2023/956 Annex III) carry no CBAM obligation."
        )
    return tuple(notes)


def compute(installation: Installation, factors: FactorSet) -> CbamReport:
    """Compute the CBAM specific embedded emissions of an installation's goods.

    Parameters
    ----------
    installation : Installation
        The validated installation file.
    factors : FactorSet
        Factor set with the IR 2025/2547 coefficients, the fuels and the CBAM tables.

    Returns
    -------
    CbamReport
        Per process and good, with the audit lines of every figure.

    Raises
    ------
    InputErrors
        Naming file and key path of every value that is missing or refused.
    """
    from aluco2.plant import load_plant

    model = installation.model
    plant = None
    if model.plant is not None:
        plant = load_plant(installation.directory / model.plant)
    done: dict[str, ProcessResult] = {}
    results: dict[int, ProcessResult] = {}
    try:
        with decimal.localcontext(_CONTEXT):
            for index in _order(list(model.processes)):
                process = model.processes[index]
                results[index] = done[process.name] = _process(process, index, factors, plant, done)
    except InputError as exc:
        line = installation.lines.get(exc.key_path)
        raise InputErrors([exc.located(file=installation.path, line=line)]) from None
    return CbamReport(
        installation=installation,
        processes=tuple(results[i] for i in range(len(model.processes))),
        plant_file=(plant.path, plant.sha256) if plant is not None else None,
        factor_set_hash=factors.hash,
        notes=_notes(installation),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class GoodCertificates:
    """Certificates per tonne of a good with actual data and with default values."""

    good: GoodResult
    actual_see: Decimal
    actual_sefa: Decimal
    benchmark_a: tables.TableValue
    default: tables.TableValue
    default_marked_up: Decimal
    default_sefa: Decimal
    benchmark_b: tables.TableValue

    @property
    def actual_per_t(self) -> Decimal:
        """Certificates per t with actual data, SEE - SEFA (Column A), in t CO2e/t."""
        return self.actual_see - self.actual_sefa

    @property
    def default_per_t(self) -> Decimal:
        """Certificates per t with default values: marked-up default - SEFA (Column B)."""
        return self.default_marked_up - self.default_sefa


@dataclasses.dataclass(frozen=True)
class CertificateEstimate:
    """An estimate of CBAM certificates for the goods of a report."""

    year: int
    cbam_factor: tables.TableValue
    cross_sectoral_correction: Decimal
    markup: tables.TableValue
    eua_price: Decimal | None
    """Price of a certificate, EUR per t CO2e, for the cost estimate."""
    goods: tuple[GoodCertificates, ...]


def _precursor_allocation(
    factors: FactorSet,
    process: ProcessResult,
    cbam_factor: Decimal,
    cscf: Decimal,
    allocations: Mapping[str, Decimal],
) -> list[tuple[Decimal, Decimal]]:
    """(m_i, SEFA_i) of each precursor: the producing process's, or Column B of the CN code.

    A precursor of EU or exempt origin carries no allocation here, an assumption that
    over-states the certificates rather than under-states them.
    """
    pairs = []
    for precursor in process.precursors:
        m = precursor.mass_t / process.activity_level_t
        if precursor.process is not None:
            pairs.append((m, allocations[precursor.process]))
        elif precursor.sefa is not None:
            pairs.append((m, precursor.sefa))
        elif precursor.route is not None and precursor.cn is not None:
            column_b = tables.benchmark(factors, precursor.cn, "B", precursor.route)
            pairs.append((m, eq.specific_free_allocation(cbam_factor, cscf, column_b.value)))
    return pairs


def estimate_certificates(
    report: CbamReport,
    factors: FactorSet,
    *,
    year: int,
    cross_sectoral_correction: Decimal,
    eua_price: Decimal | None = None,
) -> CertificateEstimate:
    """Estimate the CBAM certificates per tonne of each good, actual data against defaults.

    Parameters
    ----------
    report : CbamReport
        The computed report.
    factors : FactorSet
        Factor set with the CBAM tables.
    year : int
        Year of import (CBAM factor, mark-up).
    cross_sectoral_correction : Decimal
        CSCF of the year; no value is shipped (not confirmed from the legal text).
    eua_price : Decimal, optional
        Certificate price, EUR per t CO2e, for a cost estimate.

    Returns
    -------
    CertificateEstimate
        Per good: SEE and free allocation with actual data (Column A) and with the
        default value of the installation's country (marked up, Column B).

    Raises
    ------
    InputErrors
        If a CN code has no default or benchmark, or a process lacks a benchmark route.
    """
    model = report.installation.model
    country = model.installation.country
    tables.require_benchmark_year(year)
    try:
        with decimal.localcontext(_CONTEXT):
            factor = tables.cbam_factor(factors, year)
            markup = tables.markup(factors, year)
            allocations: dict[str, Decimal] = {}
            goods = []
            for index in _order(list(model.processes)):
                process = report.processes[index]
                route = process.benchmark_route
                if route is None and process.category == "aluminium_products":
                    route = "K"  # Column A of aluminium products has one value for K and L
                if route is None:
                    raise InputError(
                        expected="'benchmark_route' (K or L) for the certificate estimate",
                        key_path=("processes", index, "benchmark_route"),
                    )
                pairs = _precursor_allocation(
                    factors, process, factor.value, cross_sectoral_correction, allocations
                )
                sefa_by_good = []
                for number, good in enumerate(process.goods):
                    where = ("processes", index, "goods", number, "cn")
                    try:
                        column_a = tables.benchmark(factors, good.cn, "A", route)
                        default = tables.default_value(factors, good.cn, country)
                        column_b = tables.benchmark(factors, good.cn, "B", default.route or "K")
                    except InputError as exc:
                        raise exc.located(key_path=where) from None
                    sefa = eq.specific_free_allocation(
                        factor.value, cross_sectoral_correction, column_a.value, pairs
                    )
                    sefa_by_good.append((good.production_t, sefa))
                    goods.append(
                        GoodCertificates(
                            good,
                            good.see_direct,
                            sefa,
                            column_a,
                            default,
                            eq.default_with_markup(default.value, markup.value),
                            eq.specific_free_allocation(
                                factor.value, cross_sectoral_correction, column_b.value
                            ),
                            column_b,
                        )
                    )
                produced = sum((t for t, _ in sefa_by_good), ZERO)
                allocations[process.name] = sum((t * s for t, s in sefa_by_good), ZERO) / produced
    except InputError as exc:
        raise InputErrors([exc.located(file=report.installation.path)]) from None
    return CertificateEstimate(
        year, factor, cross_sectoral_correction, markup, eua_price, tuple(goods)
    )


@dataclasses.dataclass(frozen=True, slots=True)
class DefaultLookup:
    """The default value of a good from a country for a year, with its benchmark."""

    cn: str
    country: str | None
    year: int
    default: tables.TableValue
    markup: tables.TableValue
    marked_up: Decimal
    """Default value increased by the year's mark-up. [t CO2e/t]"""
    benchmark_b: tables.TableValue
    """Column B benchmark of the default's route (IR 2025/2620 point 5.1). [t CO2e/t]"""
    cbam_factor: tables.TableValue


def lookup_default(factors: FactorSet, cn: str, country: str | None, year: int) -> DefaultLookup:
    """Look up the default value of a good, its mark-up and its default-path benchmark.

    Parameters
    ----------
    factors : FactorSet
        Factor set with the CBAM tables.
    cn : str
        CN code, 4 to 10 digits.
    country : str or None
        ISO alpha-2 country of production; None for unknown (Annex IV).
    year : int
        Year of import.

    Returns
    -------
    DefaultLookup
        The values with their factor records.

    Raises
    ------
    InputError
        If the tables have no value for the code, country or year.
    """
    tables.require_benchmark_year(year)
    with decimal.localcontext(_CONTEXT):
        default = tables.default_value(factors, cn, country)
        markup = tables.markup(factors, year)
        return DefaultLookup(
            cn=cn,
            country=country,
            year=year,
            default=default,
            markup=markup,
            marked_up=eq.default_with_markup(default.value, markup.value),
            benchmark_b=tables.benchmark(factors, cn, "B", default.route or "K"),
            cbam_factor=tables.cbam_factor(factors, year),
        )
