"""CBAM reports: the operator's summary and per-good table as JSON, text, CSV and XLSX.

Numbers are computed in decimal arithmetic by :mod:`aluco2._cbam`; here they are rounded
half-up for output: specific values (t CO2e/t) and shares to 6 decimal places, masses and
emissions (t, t CO2e) to 3, costs (EUR) to 2. The text table rounds further for reading
(3 places for t CO2e/t, 1 for emissions and percentages, 0 for masses and certificates);
audit lines keep every figure unrounded.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aluco2 import __version__
from aluco2._cbam._document import (
    any_term,
    cbam_document,
    certificates_for,
    half_up,
    mass_rounded,
    rounded,
    specific,
)
from aluco2._errors import InputError
from aluco2._report._text import csv_text, text_table

if TYPE_CHECKING:
    from aluco2._cbam import CbamReport, CertificateEstimate, DefaultLookup, ProcessResult

__all__ = [
    "cbam_csv",
    "cbam_table",
    "cbam_xlsx",
    "defaults_csv",
    "defaults_table",
]


def _fmt(value: Decimal | None, places: int = 3) -> str:
    return "" if value is None else f"{half_up(value, places):,}"


def cbam_table(report: CbamReport, estimate: CertificateEstimate | None = None) -> str:
    """Render a CBAM report for a terminal.

    Parameters
    ----------
    report : CbamReport
        The computed report.
    estimate : CertificateEstimate, optional
        The certificate estimate.

    Returns
    -------
    str
        Installation, goods (SEE direct, indirect for information, total), processes,
        sector parameters and, when asked for, the certificate estimate.
    """
    model = report.installation.model
    period = model.reporting_period
    lines = [
        f"{model.installation.name} ({model.installation.country}, "
        f"{model.installation.unlocode}), operator {model.operator.name}",
        f"  reporting period {period.start} to {period.end}; "
        f"direct emissions {_fmt(report.direct_t, 1)} t CO2e",
        "",
        "goods (t CO2e/t; indirect for information only, not CBAM embedded emissions "
        "for aluminium):",
    ]
    shares = {p.name: p.default_share for p in report.processes}
    rows = [
        (
            g.cn,
            g.name,
            g.process,
            _fmt(g.see_direct),
            _fmt(g.see_indirect),
            _fmt(g.see_direct),
            f"{_fmt(100 * shares[g.process], 1)} %",
        )
        for g in report.goods
    ]
    lines.append(
        text_table(
            ("CN", "good", "process", "SEE direct", "SEE indirect", "SEE total", "default share"),
            rows,
        )
    )
    process_rows = [
        (
            p.name,
            _fmt(p.activity_level_t, 0),
            _fmt(p.direct.combustion_t, 1),
            _fmt(p.direct.mass_balance_t, 1),
            _fmt(p.direct.pfc_t, 1),
            _fmt(p.direct.attributed_t, 1),
            _fmt(p.embedded_inputs_t, 1),
            _fmt(p.scrap_t_per_t),
            "" if p.pre_consumer_share is None else f"{_fmt(100 * p.pre_consumer_share, 1)} %",
        )
        for p in report.processes
    ]
    lines.append("processes (t, t CO2e):")
    lines.append(
        text_table(
            (
                "process",
                "AL",
                "fuels",
                "mass balance",
                "PFC",
                "AttrEm",
                "precursors",
                "scrap t/t",
                "pre-consumer",
            ),
            process_rows,
        )
    )
    if estimate is not None:
        lines += _certificate_lines(estimate)
    lines += [f"note: {note}" for note in report.notes]
    return "\n".join(line.rstrip() for line in lines).rstrip() + "\n"


def _certificate_lines(estimate: CertificateEstimate) -> list[str]:
    lines = [
        f"certificate estimate, production {estimate.production_year}, import "
        f"{estimate.year}: CBAM factor {estimate.cbam_factor.record.value}, CSCF "
        f"{estimate.cross_sectoral_correction}, mark-up on defaults "
        f"{estimate.markup.record.value} (t CO2e/t; negative certificates set to zero):"
    ]
    rows = []
    price = estimate.eua_price
    for item in estimate.goods:
        good = item.good
        amounts = costs = ""
        if good.to_eu_t is not None:
            actual = certificates_for(good.to_eu_t, item.actual_per_t)
            default = certificates_for(good.to_eu_t, item.default_per_t)
            amounts = f"{_fmt(actual, 0)} / {_fmt(default, 0)}"
            if price is not None:
                costs = f"{_fmt(actual * price, 0)} / {_fmt(default * price, 0)}"
        rows.append(
            (
                good.cn,
                good.name,
                _fmt(item.actual_see),
                _fmt(item.actual_sefa),
                _fmt(item.actual_per_t),
                _fmt(item.default_marked_up),
                _fmt(item.default_sefa),
                _fmt(item.default_per_t),
                amounts,
                *((costs,) if price is not None else ()),
            )
        )
    lines.append(
        text_table(
            (
                "CN",
                "good",
                "SEE",
                "SEFA (A)",
                "actual",
                "default+mark-up",
                "SEFA (B)",
                "default",
                "certificates actual / default",
                *((f"cost actual / default [EUR at {price} EUR/t]",) if price is not None else ()),
            ),
            rows,
        )
    )
    return lines


def _summary_rows(report: CbamReport) -> Iterator[tuple[str, Any]]:
    """Operator and installation identity, period and totals as (field, value) pairs."""
    model = report.installation.model
    identity = model.installation
    yield "operator", model.operator.name
    yield "operator country", model.operator.country
    yield "installation", identity.name
    yield "country", identity.country
    yield "UN/LOCODE", identity.unlocode
    yield "latitude", identity.coordinates.latitude
    yield "longitude", identity.coordinates.longitude
    yield "registry id", identity.registry_id or ""
    yield "reporting period", f"{model.reporting_period.start} to {model.reporting_period.end}"
    yield "direct emissions [t CO2e]", mass_rounded(report.direct_t)
    yield "heat imported or exported", any_term(report, "heat_imported", "heat_exported")
    yield "zero-rated fuels", any(p.direct.zero_rated_fuels for p in report.processes)
    yield "waste gases", any_term(report, "waste_gas_imported", "waste_gas_exported")
    yield "electricity produced", any_term(report, "electricity_produced")


def _process_rows(process: ProcessResult) -> Iterator[tuple[str, float | None, str]]:
    """(quantity, value, unit) of a process: activity, emissions, shares, sector parameters."""
    direct = process.direct
    yield "activity_level", mass_rounded(process.activity_level_t), "t"
    for name, emissions in (
        ("combustion", direct.combustion_t),
        ("mass_balance", direct.mass_balance_t),
        ("pfc", direct.pfc_t),
        ("directly_attributable", direct.directly_attributable_t),
        ("attributed_direct", direct.attributed_t),
        ("precursors_embedded", process.embedded_inputs_t),
    ):
        yield name, mass_rounded(emissions), "t CO2e"
    for name, share in (
        ("default_share", process.default_share),
        ("scrap_per_t_product", process.scrap_t_per_t),
        ("pre_consumer_scrap_share", process.pre_consumer_share),
        ("non_aluminium_content", process.non_aluminium_content),
    ):
        yield name, specific(share), "t/t"


def _csv_rows(
    report: CbamReport, estimate: CertificateEstimate | None
) -> Iterator[tuple[Any, ...]]:
    for field, value in _summary_rows(report):
        yield ("installation", "", "", "", field, value, "")
    for good in report.goods:
        where = ("good", good.process, good.cn, good.name)
        yield (*where, "see_direct", specific(good.see_direct), "t CO2e/t")
        if good.see_indirect is not None:
            yield (*where, "see_indirect_for_information", specific(good.see_indirect), "t CO2e/t")
    for process in report.processes:
        for name, value, unit in _process_rows(process):
            yield ("process", process.name, "", "", name, value, unit)
    for item in estimate.goods if estimate is not None else ():
        where = ("certificates", item.good.process, item.good.cn, item.good.name)
        yield (*where, "actual_per_t", specific(item.actual_per_t), "t CO2e/t")
        yield (*where, "default_per_t", specific(item.default_per_t), "t CO2e/t")
        if item.good.to_eu_t is None:
            continue
        actual = certificates_for(item.good.to_eu_t, item.actual_per_t)
        default = certificates_for(item.good.to_eu_t, item.default_per_t)
        yield (*where, "certificates_actual", mass_rounded(actual), "certificates")
        yield (*where, "certificates_default", mass_rounded(default), "certificates")
        if estimate is not None and estimate.eua_price is not None:
            yield (*where, "cost_actual", rounded(actual * estimate.eua_price, 2), "EUR")
            yield (*where, "cost_default", rounded(default * estimate.eua_price, 2), "EUR")


def cbam_csv(report: CbamReport, estimate: CertificateEstimate | None = None) -> str:
    """Render a CBAM report as CSV (section, process, cn, good, quantity, value, unit).

    Parameters
    ----------
    report : CbamReport
        The computed report.
    estimate : CertificateEstimate, optional
        The certificate estimate.

    Returns
    -------
    str
        CSV text in long form.
    """
    header = ("section", "process", "cn", "good", "quantity", "value", "unit")
    return csv_text(header, _csv_rows(report, estimate))


def cbam_xlsx(report: CbamReport, estimate: CertificateEstimate | None) -> bytes:
    """Render a CBAM report as an Excel workbook (needs openpyxl, the 'xlsx' extra).

    Sheets: ``Summary_Products`` (per good: SEE direct, indirect for information, total,
    as in the Commission's communication template), ``Installation`` (identity, period,
    summary items), ``Processes`` (emissions, shares, sector parameters), ``Precursors``,
    ``Audit`` and, with an estimate, ``Certificates``.

    Parameters
    ----------
    report : CbamReport
        The computed report.
    estimate : CertificateEstimate, optional
        The certificate estimate.

    Returns
    -------
    bytes
        The workbook file's content.

    Raises
    ------
    InputError
        If openpyxl is not installed.
    """
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            expected="The 'xlsx' extra (openpyxl) is needed for --format xlsx.",
            key_path=("--format",),
            hint="Install it with: pip install 'aluco2[xlsx]'.",
        ) from None
    document = cbam_document(report, estimate)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Summary_Products"
    sheet.append(
        [
            "process",
            "CN code",
            "good",
            "SEE direct [t CO2e/t]",
            "SEE indirect (information) [t CO2e/t]",
            "SEE total [t CO2e/t]",
            "share from default values",
        ]
    )
    for good in document["goods"]:
        sheet.append(
            [
                good["process"],
                good["cn"],
                good["name"],
                good["see_direct"],
                good["see_indirect_for_information"],
                good["see_total"],
                good["default_share"],
            ]
        )
    summary = book.create_sheet("Installation")
    summary.append(["field", "value"])
    for field, value in _summary_rows(report):
        summary.append([field, value])
    processes = book.create_sheet("Processes")
    processes.append(["process", "quantity", "value", "unit"])
    for process in report.processes:
        for name, value, unit in _process_rows(process):
            processes.append([process.name, name, value, unit])
    precursors = book.create_sheet("Precursors")
    precursors.append(
        ["process", "precursor", "CN", "country", "mass [t]", "SEE [t CO2e/t]", "data", "reference"]
    )
    for process in document["processes"]:
        for p in process["precursors"]:
            precursors.append(
                [
                    process["name"],
                    p["name"],
                    p["cn"],
                    p["country"],
                    p["mass"],
                    p["see"],
                    p["data"],
                    p["reference"],
                ]
            )
    audit = book.create_sheet("Audit")
    audit.append(["process", "quantity", "value", "unit", "equation", "inputs"])
    for process in document["processes"]:
        for line in process["audit"]:
            audit.append(
                [
                    process["name"],
                    line["quantity"],
                    line["value"],
                    line["unit"],
                    line["equation"],
                    "; ".join(line["inputs"]),
                ]
            )
    if estimate is not None:
        certificates = book.create_sheet("Certificates")
        certificates.append(
            [
                "CN",
                "good",
                "actual per t",
                "default per t",
                "to EU [t]",
                "certificates actual",
                "certificates default",
                "cost actual [EUR]",
                "cost default [EUR]",
            ]
        )
        for good in document["certificates"]["goods"]:
            certificates.append(
                [
                    good["cn"],
                    good["name"],
                    good["actual"]["certificates_per_t"],
                    good["default"]["certificates_per_t"],
                    good.get("to_eu"),
                    good.get("certificates_actual"),
                    good.get("certificates_default"),
                    good.get("cost_actual_eur"),
                    good.get("cost_default_eur"),
                ]
            )
    book.properties.creator = f"aluco2 {__version__}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _defaults_rows(found: DefaultLookup) -> list[tuple[str, str, str, str]]:
    return [
        (
            "default value",
            f"{found.default.record.value} (route {found.default.route})",
            found.default.record.id,
            found.default.record.source.citation(),
        ),
        (
            f"mark-up {found.year}",
            found.markup.record.value,
            found.markup.record.id,
            found.markup.record.source.citation(),
        ),
        ("default with mark-up", f"{_fmt(found.marked_up, 4)} t CO2e/t", "computed", ""),
        (
            "benchmark, column B",
            found.benchmark_b.record.value,
            found.benchmark_b.record.id,
            found.benchmark_b.record.source.citation(),
        ),
        (
            f"CBAM factor {found.year}",
            found.cbam_factor.record.value,
            found.cbam_factor.record.id,
            found.cbam_factor.record.source.citation(),
        ),
    ]


def defaults_table(found: DefaultLookup) -> str:
    """Render ``aluco2 cbam defaults`` as text.

    Parameters
    ----------
    found : DefaultLookup
        The looked-up values.

    Returns
    -------
    str
        One line per value with its factor id and source.
    """
    country = found.country or "unknown country"
    header = f"CN {found.cn}, {country}, {found.year}\n"
    rows = [(name, value, factor) for name, value, factor, _ in _defaults_rows(found)]
    sources = sorted({source for *_, source in _defaults_rows(found) if source})
    return (
        header
        + text_table(("", "value", "factor"), rows)
        + "".join(f"source: {source}\n" for source in sources)
    )


def defaults_csv(found: DefaultLookup) -> str:
    """Render ``aluco2 cbam defaults`` as CSV (quantity, value, factor, source).

    Parameters
    ----------
    found : DefaultLookup
        The looked-up values.

    Returns
    -------
    str
        CSV text.
    """
    return csv_text(("quantity", "value", "factor", "source"), _defaults_rows(found))
