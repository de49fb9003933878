"""CBAM specific embedded emissions of aluminium goods, and the certificates they may cost.

:func:`compute` turns an :class:`~aluco2._installation.Installation` into a
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
of :mod:`aluco2._footprint`: different boundary, different GWPs, scrap at zero.
"""

from __future__ import annotations

import dataclasses
import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aluco2._arguments import check_number
from aluco2._cbam import _tables as tables
from aluco2._cbam._document import cbam_document, defaults_document
from aluco2._cbam._emissions import (
    AuditLine,
    DirectEmissions,
    direct_emissions,
    plain,
)
from aluco2._errors import InputError, InputErrors, parse_key_path
from aluco2._json import to_json
from aluco2._methods import cbam as eq
from aluco2._units import parse_decimal

if TYPE_CHECKING:
    from aluco2._factors import FactorSet
    from aluco2._installation import Installation, Precursor, Process
    from aluco2._plant import Plant

__all__ = [
    "MAX_EUA_PRICE_EUR_PER_T",
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

    def to_dict(self, certificates: CertificateEstimate | None = None) -> dict[str, Any]:
        """Return the JSON document of ``aluco2 cbam --format json``.

        Parameters
        ----------
        certificates : CertificateEstimate, optional
            The estimate of :func:`estimate_certificates` for this report, shown under
            ``certificates`` (as with ``--year`` and ``--cscf``).

        Returns
        -------
        dict
            ``aluco2_version``, ``provenance``, the operator's summary, ``processes`` with
            goods, precursors and audit lines, and ``certificates``; rounded half-up as
            stated in ``provenance.rounding``; described by ``aluco2 schema cbam-result``.
        """
        return cbam_document(self, certificates)

    def to_json(self, certificates: CertificateEstimate | None = None) -> str:
        """Return :meth:`to_dict` as the CLI's JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict(certificates))


def _activity_level(process: Process, key: str) -> Decimal:
    total = sum((parse_decimal(g.production, "t") for g in process.goods), ZERO)
    if total <= 0:
        raise InputError(
            expected="goods produced (more than 0 t)", key_path=(*parse_key_path(key), "goods")
        )
    return total


def _from_process(precursor: Precursor, mass: Decimal, source: ProcessResult) -> PrecursorResult:
    return PrecursorResult(
        name=precursor.name,
        cn=None,
        country=None,
        mass_t=mass,
        see=source.see_direct,
        data="installation",
        reference=f"process {source.name!r}",
        default_share=source.default_share,
        route=source.benchmark_route,
        process=source.name,
    )


def _from_eu(precursor: Precursor, mass: Decimal) -> PrecursorResult:
    return PrecursorResult(
        name=precursor.name,
        cn=precursor.cn,
        country=precursor.country,
        mass_t=mass,
        see=ZERO,
        data="EU or exempt origin",
        reference="IR 2025/2547 Annex III B: precursors of EU or exempt origin count zero",
        default_share=ZERO,
        route=None,
    )


def _actual(precursor: Precursor, mass: Decimal, factors: FactorSet) -> PrecursorResult:
    """Return a purchased precursor with the producer's verified value (and SEFA)."""
    route = None
    if precursor.country is not None:  # the route of its default row, for the allocation
        route = tables.default_value(factors, precursor.cn or "", precursor.country).route
    return PrecursorResult(
        name=precursor.name,
        cn=precursor.cn,
        country=precursor.country,
        mass_t=mass,
        see=parse_decimal(precursor.see or "", "t CO2e/t"),
        data="actual",
        reference=precursor.see_source or "",
        default_share=ZERO,
        route=route,
        sefa=parse_decimal(precursor.sefa, "t CO2e/t") if precursor.sefa else None,
    )


def _default(precursor: Precursor, mass: Decimal, factors: FactorSet) -> PrecursorResult:
    default = tables.default_value(factors, precursor.cn or "", precursor.country)
    return PrecursorResult(
        name=precursor.name,
        cn=precursor.cn,
        country=precursor.country,
        mass_t=mass,
        see=default.value,
        data="default",
        reference=default.reference,
        default_share=Decimal(1),
        route=default.route,
    )


def _precursor(
    precursor: Precursor, key: str, factors: FactorSet, done: Mapping[str, ProcessResult]
) -> tuple[PrecursorResult, AuditLine]:
    """Embedded emissions of one precursor (IR 2025/2547 Annex III B), with its audit line."""
    mass = parse_decimal(precursor.mass, "t")
    try:
        if precursor.process is not None:
            result = _from_process(precursor, mass, done[precursor.process])
        elif precursor.country in tables.EU_AND_EXEMPT:
            result = _from_eu(precursor, mass)
        elif precursor.see is not None:
            result = _actual(precursor, mass, factors)
        else:
            result = _default(precursor, mass, factors)
    except InputError as exc:
        raise exc.located(key_path=(*parse_key_path(key), "cn")) from None
    line = AuditLine(
        f"{key} M_i x SEE_i ({precursor.name})",
        result.mass_t * result.see,
        "t CO2e",
        "IR 2025/2547 Annex III B Eq. 60 term",
        (
            f"{key}.mass = {precursor.mass}",
            f"SEE_i = {plain(result.see)} ({result.data}: {result.reference})",
        ),
    )
    return result, line


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


def _precursors(
    process: Process, key: str, factors: FactorSet, done: Mapping[str, ProcessResult]
) -> tuple[list[PrecursorResult], list[AuditLine]]:
    pairs = [
        _precursor(precursor, f"{key}.precursors[{number}]", factors, done)
        for number, precursor in enumerate(process.precursors)
    ]
    return [result for result, _ in pairs], [line for _, line in pairs]


def _default_share(key: str, attributed_t: Decimal, precursors: list[PrecursorResult]) -> AuditLine:
    """Share of the embedded emissions based on default values (Annex IV 1.2 item 4(b))."""
    embedded = attributed_t + sum((p.mass_t * p.see for p in precursors), ZERO)
    from_defaults = sum((p.mass_t * p.see * p.default_share for p in precursors), ZERO)
    return AuditLine(
        f"{key} share based on default values",
        from_defaults / embedded if embedded > 0 else ZERO,
        "t/t",
        "Annex IV 1.2 item 4(b): default-valued precursor emissions / embedded emissions",
        (f"default-valued = {plain(from_defaults)}", f"embedded = {plain(embedded)}"),
    )


def _indirect(
    process: Process,
    key: str,
    activity_t: Decimal,
    precursors: list[PrecursorResult],
    done: Mapping[str, ProcessResult],
) -> tuple[Decimal | None, AuditLine | None]:
    """Indirect emissions for information, with those of the installation's own precursors."""
    if process.electricity is None:
        return None, None
    consumed = parse_decimal(process.electricity.consumed, "MWh")
    factor = parse_decimal(process.electricity.factor, "t CO2/MWh")
    internal = sum(
        (p.mass_t * (done[p.process].see_indirect or ZERO) for p in precursors if p.process),
        ZERO,
    )
    line = AuditLine(
        f"{key} SEE indirect (information only)",
        (consumed * factor + internal) / activity_t,
        "t CO2e/t",
        "Eq. 59 on indirect emissions: (E_el x EF + internal precursors') / AL",
        (
            f"{key}.electricity.consumed = {process.electricity.consumed}",
            f"{key}.electricity.factor = {process.electricity.factor} "
            f"({process.electricity.factor_source})",
            f"internal precursors = {plain(internal)}",
        ),
    )
    return consumed * factor, line


def _goods(process: Process, see: Decimal, see_indirect: Decimal | None) -> tuple[GoodResult, ...]:
    return tuple(
        GoodResult(
            process=process.name,
            cn=good.cn,
            name=good.name,
            production_t=parse_decimal(good.production, "t"),
            to_eu_t=parse_decimal(good.to_eu, "t") if good.to_eu is not None else None,
            see_direct=see,
            see_indirect=see_indirect,
        )
        for good in process.goods
    )


def _process(
    process: Process,
    index: int,
    factors: FactorSet,
    plant: Plant | None,
    done: Mapping[str, ProcessResult],
) -> ProcessResult:
    """Compute one production process (its precursors' processes are in ``done``)."""
    key = f"processes[{index}]"
    activity = _activity_level(process, key)
    direct = direct_emissions(process, key, factors, plant)
    precursors, lines = _precursors(process, key, factors, done)
    see = eq.specific_embedded_emissions(
        direct.attributed_t, [(p.mass_t, p.see) for p in precursors], activity
    )
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
    share = _default_share(key, direct.attributed_t, precursors)
    indirect, indirect_line = _indirect(process, key, activity, precursors, done)
    see_indirect = indirect_line.value if indirect_line is not None else None
    scrap, pre_share, content = _sector_parameters(process, activity)
    return ProcessResult(
        name=process.name,
        category=process.category,
        route=process.route,
        benchmark_route=_benchmark_route(process),
        activity_level_t=activity,
        direct=direct,
        precursors=tuple(precursors),
        embedded_inputs_t=sum((p.mass_t * p.see for p in precursors), ZERO),
        see_direct=see,
        default_share=share.value,
        indirect_t=indirect,
        see_indirect=see_indirect,
        scrap_t_per_t=scrap,
        pre_consumer_share=pre_share,
        non_aluminium_content=content,
        goods=_goods(process, see, see_indirect),
        audit=(
            *direct.audit,
            *lines,
            see_line,
            share,
            *(line for line in [indirect_line] if line is not None),
        ),
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


def _located(error: InputError, installation: Installation) -> InputError:
    """Place an error in the installation file, at its key or the nearest parent's line."""
    if error.file is not None:
        return error
    return error.located(file=installation.path, line=installation.line_of(error.key_path))


def _plant(installation: Installation) -> Plant | None:
    """Read the plant file the installation names, its errors placed at key ``plant``."""
    from aluco2._plant import load_plant

    name = installation.model.plant
    if name is None:
        return None
    (path,) = installation.files_named
    try:
        readable = path.is_file()
    except OSError:  # e.g. a name too long for the file system
        readable = False
    if not readable:
        raise InputError(
            expected=f"an existing plant file ({path})", value=name, key_path=("plant",)
        )
    return load_plant(path)


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
    model = installation.model
    done: dict[str, ProcessResult] = {}
    results: dict[int, ProcessResult] = {}
    try:
        plant = _plant(installation)
        with decimal.localcontext(_CONTEXT):
            for index in _order(list(model.processes)):
                process = model.processes[index]
                results[index] = done[process.name] = _process(process, index, factors, plant, done)
    except InputError as exc:
        raise InputErrors([_located(exc, installation)]) from None
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
    """Year of import: the mark-up on default values."""
    production_year: int
    """Year of the reporting period: the CBAM factor and the benchmarks (IR 2025/2620 Eq. 2)."""
    cbam_factor: tables.TableValue
    cross_sectoral_correction: Decimal
    markup: tables.TableValue
    eua_price: Decimal | None
    """Price of a certificate, EUR per t CO2e, for the cost estimate."""
    goods: tuple[GoodCertificates, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class _Allocation:
    """The year's factors of the free-allocation adjustment."""

    cbam_factor: Decimal
    cscf: Decimal

    def of(
        self, benchmark_t_per_t: Decimal, precursors: Sequence[tuple[Decimal, Decimal]] = ()
    ) -> Decimal:
        """Return SEFA for a benchmark and the (m_i, SEFA_i) of precursors, in t CO2e/t."""
        return eq.specific_free_allocation(
            self.cbam_factor, self.cscf, benchmark_t_per_t, precursors
        )


def _precursor_allocation(
    factors: FactorSet,
    index: int,
    process: ProcessResult,
    allocation: _Allocation,
    allocations: Mapping[str, Decimal],
) -> list[tuple[Decimal, Decimal]]:
    """Return (m_i, SEFA_i) of each precursor (IR 2025/2620 point 3.3).

    SEFA_i is the producing process's (same installation), the producer's (``sefa``), or
    Column B of the precursor's CN code with the route of its country's default row.
    A precursor of EU or exempt origin carries no allocation here, which over-states the
    certificates rather than under-states them.
    """
    pairs = []
    for number, precursor in enumerate(process.precursors):
        m = precursor.mass_t / process.activity_level_t
        if precursor.process is not None:
            pairs.append((m, allocations[precursor.process]))
        elif precursor.sefa is not None:
            pairs.append((m, precursor.sefa))
        elif precursor.data != "EU or exempt origin":
            if precursor.route is None or precursor.cn is None:
                raise InputError(
                    expected="the precursor's country (for its benchmark route) or the "
                    "producer's 'sefa'",
                    key_path=("processes", index, "precursors", number, "country"),
                )
            column_b = tables.benchmark(factors, precursor.cn, "B", precursor.route)
            pairs.append((m, allocation.of(column_b.value)))
    return pairs


def _route_for_column_a(process: ProcessResult, index: int) -> str:
    if process.benchmark_route is not None:
        return process.benchmark_route
    if process.category == "aluminium_products":
        return "K"  # Column A of aluminium products has one value for routes K and L
    raise InputError(
        expected="'benchmark_route' (K or L) for the certificate estimate",
        key_path=("processes", index, "benchmark_route"),
    )


def _good_certificates(
    factors: FactorSet,
    good: GoodResult,
    route: str,
    country: str,
    allocation: _Allocation,
    markup: Decimal,
    precursors: list[tuple[Decimal, Decimal]],
) -> GoodCertificates:
    column_a = tables.benchmark(factors, good.cn, "A", route)
    default = tables.default_value(factors, good.cn, country)
    column_b = tables.benchmark(factors, good.cn, "B", default.route or route)
    return GoodCertificates(
        good=good,
        actual_see=good.see_direct,
        actual_sefa=allocation.of(column_a.value, precursors),
        benchmark_a=column_a,
        default=default,
        default_marked_up=eq.default_with_markup(default.value, markup),
        default_sefa=allocation.of(column_b.value),
        benchmark_b=column_b,
    )


def _production_year(report: CbamReport) -> int:
    period = report.installation.model.reporting_period
    if period.start.year != period.end.year:
        raise InputError(
            expected="a reporting period within one calendar year for the certificate estimate",
            value=f"{period.start} to {period.end}",
            key_path=("reporting_period",),
        )
    return period.start.year


MAX_EUA_PRICE_EUR_PER_T = 10_000
"""Highest certificate price accepted, EUR per t CO2e (a guard against unit slips)."""


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
        Year of import, for the mark-up on default values. The CBAM factor and the
        benchmarks follow the year of the reporting period (production).
    cross_sectoral_correction : Decimal
        CSCF of the production year; no value is shipped (none could be confirmed).
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
        If a CN code has no default or benchmark, a process lacks a benchmark route, a
        year is outside the tables, or a precursor's allocation cannot be determined.
    """
    check_number("cross_sectoral_correction", cross_sectoral_correction, 0, 1)
    if eua_price is not None:
        check_number("eua_price", eua_price, 0, MAX_EUA_PRICE_EUR_PER_T)
    model = report.installation.model
    try:
        production_year = _production_year(report)
        tables.require_benchmark_year(production_year)
        with decimal.localcontext(_CONTEXT):
            factor = tables.cbam_factor(factors, production_year)
            markup = tables.markup(factors, year)
            allocation = _Allocation(factor.value, cross_sectoral_correction)
            allocations: dict[str, Decimal] = {}
            by_process: dict[int, list[GoodCertificates]] = {}
            for index in _order(list(model.processes)):
                process = report.processes[index]
                route = _route_for_column_a(process, index)
                pairs = _precursor_allocation(factors, index, process, allocation, allocations)
                rows = []
                for number, good in enumerate(process.goods):
                    try:
                        rows.append(
                            _good_certificates(
                                factors,
                                good,
                                route,
                                model.installation.country,
                                allocation,
                                markup.value,
                                pairs,
                            )
                        )
                    except InputError as exc:
                        where = ("processes", index, "goods", number, "cn")
                        raise exc.located(key_path=where) from None
                by_process[index] = rows
                allocations[process.name] = (
                    sum((r.good.production_t * r.actual_sefa for r in rows), ZERO)
                    / process.activity_level_t
                )
    except InputError as exc:
        raise InputErrors([_located(exc, report.installation)]) from None
    goods = [good for index in sorted(by_process) for good in by_process[index]]
    return CertificateEstimate(
        year=year,
        production_year=production_year,
        cbam_factor=factor,
        cross_sectoral_correction=cross_sectoral_correction,
        markup=markup,
        eua_price=eua_price,
        goods=tuple(goods),
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

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``aluco2 cbam defaults --format json``.

        Returns
        -------
        dict
            The request, the default value with its route, the mark-up and the marked-up
            value, the Column B benchmark and the CBAM factor, each with its factor id and
            source; described by ``aluco2 schema cbam-defaults-result``.
        """
        return defaults_document(self)

    def to_json(self) -> str:
        """Return :meth:`to_dict` as the CLI's JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict())


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
