"""An estimate of CBAM certificates: actual data (Column A) against default values (Column B)."""

from __future__ import annotations

import dataclasses
import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from aluco2._arguments import check_number
from aluco2._cbam import _tables as tables
from aluco2._cbam._results import (
    DECIMAL_CONTEXT,
    ZERO,
    CbamReport,
    GoodResult,
    ProcessResult,
    located,
    process_order,
)
from aluco2._errors import InputError, InputErrors
from aluco2._methods import cbam as eq

if TYPE_CHECKING:
    from aluco2._factors import FactorSet


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
        with decimal.localcontext(DECIMAL_CONTEXT):
            factor = tables.cbam_factor(factors, production_year)
            markup = tables.markup(factors, year)
            allocation = _Allocation(factor.value, cross_sectoral_correction)
            allocations: dict[str, Decimal] = {}
            by_process: dict[int, list[GoodCertificates]] = {}
            for index in process_order(list(model.processes)):
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
        raise InputErrors([located(exc, report.installation)]) from None
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
