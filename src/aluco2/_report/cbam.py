"""CBAM reports: the operator's summary and per-good table as JSON, text, CSV and XLSX.

Numbers are computed in decimal arithmetic by :mod:`aluco2._cbam`; here they are rounded
half-up for output: specific values (t CO2e/t) and shares to 6 decimal places, masses and
emissions (t, t CO2e) to 3, costs (EUR) to 2. The text table rounds further for reading
(3 places for t CO2e/t, 1 for emissions and percentages, 0 for masses and certificates);
audit lines keep every figure unrounded.
"""

from __future__ import annotations

import decimal
import io
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from aluco2 import __version__
from aluco2._cbam._emissions import plain
from aluco2._errors import InputError
from aluco2._report._text import csv_text, text_table

if TYPE_CHECKING:
    from aluco2._cbam import CbamReport, CertificateEstimate, DefaultLookup, ProcessResult
    from aluco2._cbam._tables import TableValue

__all__ = [
    "cbam_csv",
    "cbam_document",
    "cbam_table",
    "cbam_xlsx",
    "defaults_csv",
    "defaults_document",
    "defaults_table",
]

REGULATIONS = (
    "Regulation (EU) 2023/956 (CBAM), as amended by Regulation (EU) 2025/2083",
    "Commission Implementing Regulation (EU) 2025/2547 (methods for calculating embedded "
    "emissions)",
    "Commission Implementing Regulation (EU) 2025/2620 (CBAM benchmarks, free allocation "
    "adjustment)",
    "Commission Implementing Regulation (EU) 2025/2621 (default values), Annexes I and IV as "
    "replaced by Implementing Regulation (EU) 2026/1740",
)
PRODUCTION_METHODS = {
    "primary": "P42",
    "secondary": "P43",
    "mixed": "P44",
    "aluminium_products": "P45",
}
"""Production-method codes of the CBAM code list (P42 primary smelting, P43 secondary melting,
P44 mix of both, P45 aluminium products), as reproduced in the Catena-X CBAM kit; the
definitive-period registry code list could not be read."""
ROUNDING = (
    "computed in decimal arithmetic (28 significant digits, no intermediate rounding); "
    "reported rounded half-up: t CO2e/t and shares to 6 decimals, t and t CO2e to 3"
)


_WIDE = decimal.Context(prec=80)


def _half_up(value: Decimal, places: int) -> Decimal:
    """Round half-up to ``places`` decimal places, whatever the size of the value."""
    with decimal.localcontext(_WIDE):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _round(value: Decimal | None, places: int) -> float | None:
    return None if value is None else float(_half_up(value, places))


def _specific(value: Decimal | None) -> float | None:
    return _round(value, 6)


def _mass(value: Decimal | None) -> float | None:
    return _round(value, 3)


def _process_document(process: ProcessResult) -> dict[str, Any]:
    direct = process.direct
    return {
        "name": process.name,
        "category": process.category,
        "route": process.route,
        "benchmark_route": process.benchmark_route,
        "activity_level": {"value": _mass(process.activity_level_t), "unit": "t"},
        "emissions": {
            "combustion": _mass(direct.combustion_t),
            "mass_balance": _mass(direct.mass_balance_t),
            "pfc": _mass(direct.pfc_t),
            "directly_attributable": _mass(direct.directly_attributable_t),
            "attributed_direct": _mass(direct.attributed_t),
            "precursors_embedded": _mass(process.embedded_inputs_t),
            "indirect_for_information": _mass(process.indirect_t),
            "unit": "t CO2e",
        },
        "see_direct": {"value": _specific(process.see_direct), "unit": "t CO2e/t"},
        "default_share": _specific(process.default_share),
        "precursors": [
            {
                "name": p.name,
                "cn": p.cn,
                "country": p.country,
                "mass": _mass(p.mass_t),
                "see": _specific(p.see),
                "data": p.data,
                "reference": p.reference,
                "specific_mass": _specific(p.mass_t / process.activity_level_t),
            }
            for p in process.precursors
        ],
        "sector_parameters": {
            "scrap_per_t_product": _specific(process.scrap_t_per_t),
            "pre_consumer_scrap_share": _specific(process.pre_consumer_share),
            "non_aluminium_content": _specific(process.non_aluminium_content),
            "non_aluminium_content_reported": process.non_aluminium_content is not None
            and process.non_aluminium_content > Decimal("0.01"),
        },
        "audit": [
            {
                "quantity": line.quantity,
                "value": plain(line.value),
                "unit": line.unit,
                "equation": line.equation,
                "inputs": list(line.inputs),
            }
            for line in process.audit
        ],
    }


def _certificates(mass_t: Decimal, per_t: Decimal) -> Decimal:
    """Certificates for a mass, set to zero when negative (Commission CBAM Q&A, as quoted)."""
    return max(mass_t * per_t, Decimal(0))


def _certificates_document(estimate: CertificateEstimate) -> dict[str, Any]:
    goods = []
    for item in estimate.goods:
        good = item.good
        entry: dict[str, Any] = {
            "process": good.process,
            "cn": good.cn,
            "name": good.name,
            "actual": {
                "see": _specific(item.actual_see),
                "sefa": _specific(item.actual_sefa),
                "benchmark_column_a": item.benchmark_a.reference,
                "certificates_per_t": _specific(item.actual_per_t),
            },
            "default": {
                "default_value": item.default.reference,
                "marked_up": _specific(item.default_marked_up),
                "sefa": _specific(item.default_sefa),
                "benchmark_column_b": item.benchmark_b.reference,
                "certificates_per_t": _specific(item.default_per_t),
            },
            "unit": "t CO2e/t",
        }
        if good.to_eu_t is not None:
            actual = _certificates(good.to_eu_t, item.actual_per_t)
            default = _certificates(good.to_eu_t, item.default_per_t)
            entry["to_eu"] = _mass(good.to_eu_t)
            entry["certificates_actual"] = _mass(actual)
            entry["certificates_default"] = _mass(default)
            entry["set_to_zero"] = item.actual_per_t < 0 or item.default_per_t < 0
            if estimate.eua_price is not None:
                entry["cost_actual_eur"] = _round(actual * estimate.eua_price, 2)
                entry["cost_default_eur"] = _round(default * estimate.eua_price, 2)
        goods.append(entry)
    return {
        "year": estimate.year,
        "production_year": estimate.production_year,
        "cbam_factor": estimate.cbam_factor.reference,
        "cross_sectoral_correction_factor": str(estimate.cross_sectoral_correction),
        "markup": estimate.markup.reference,
        "eua_price": None if estimate.eua_price is None else str(estimate.eua_price),
        "goods": goods,
        "not_covered": [
            "deduction for a carbon price paid in the country of origin (Art. 9 of "
            "Regulation (EU) 2023/956)",
            "rounding of certificates by the CBAM Registry",
        ],
        "notes": [
            "The CBAM factor and the benchmarks follow the production year (IR 2025/2620 "
            "Eq. 2); the mark-up on defaults follows the year of import.",
            "A negative number of certificates is set to zero (Commission CBAM Q&A of "
            "27 May 2026 as quoted in a transcription; the per-t values are shown unfloored).",
        ],
    }


def _any_term(report: CbamReport, *terms: str) -> bool:
    """Whether any process has a non-zero attribution term among ``terms``."""
    return any(p.direct.terms_t[t] != 0 for p in report.processes for t in terms)


def cbam_document(
    report: CbamReport, estimate: CertificateEstimate | None = None
) -> dict[str, Any]:
    """Build the JSON document of a CBAM report.

    Parameters
    ----------
    report : CbamReport
        The computed report.
    estimate : CertificateEstimate, optional
        The certificate estimate, when asked for.

    Returns
    -------
    dict
        ``aluco2_version``, ``provenance``, ``operator_summary`` (IR 2025/2547 Annex IV
        point 1.2 items and the sector parameters), ``goods`` (per CN code, shaped like
        the communication template's Summary_Products), ``processes`` (emissions,
        precursors, audit lines) and ``certificates``.
    """
    installation = report.installation
    model = installation.model
    inputs = [{"path": installation.path, "sha256": installation.sha256}]
    if report.plant_file is not None:
        inputs.append({"path": report.plant_file[0], "sha256": report.plant_file[1]})
    precursors = [(proc, p) for proc in report.processes for p in proc.precursors]
    return {
        "aluco2_version": __version__,
        "provenance": {
            "factor_set_hash": report.factor_set_hash,
            "inputs": inputs,
            "regulations": list(REGULATIONS),
            "gwp": "AR5 (IR 2025/2547 Annex II point G, Table 6)",
            "rounding": ROUNDING,
        },
        "operator_summary": {
            "operator": model.operator.model_dump(exclude_none=True),
            "installation": model.installation.model_dump(exclude_none=True),
            "reporting_period": {
                "start": model.reporting_period.start.isoformat(),
                "end": model.reporting_period.end.isoformat(),
            },
            "processes": [
                {
                    "name": p.name,
                    "category": p.category,
                    "route": p.route,
                    "production_method": PRODUCTION_METHODS[p.route or p.category],
                    "goods": [g.cn for g in p.goods],
                }
                for p in report.processes
            ],
            "direct_emissions": {
                "installation": _mass(report.direct_t),
                "by_process": {
                    p.name: _mass(p.direct.directly_attributable_t) for p in report.processes
                },
                "unit": "t CO2e",
            },
            "heat_imported_or_exported": _any_term(report, "heat_imported", "heat_exported"),
            "zero_rated_fuels": any(p.direct.zero_rated_fuels for p in report.processes),
            "waste_gases": _any_term(report, "waste_gas_imported", "waste_gas_exported"),
            "electricity_produced": _any_term(report, "electricity_produced"),
            "co2_capture": "not covered by aluco2",
            "precursors_with_default_values": [
                {
                    "cn": p.cn,
                    "name": p.name,
                    "country": p.country or "unknown",
                    "default_value": _specific(p.see),
                    "reference": p.reference,
                }
                for _, p in precursors
                if p.data == "default"
            ],
            "precursors_with_actual_values": [
                {
                    "cn": p.cn,
                    "name": p.name,
                    "country": p.country,
                    "see": _specific(p.see),
                    "source": p.reference,
                }
                for _, p in precursors
                if p.data == "actual"
            ],
        },
        "goods": [
            {
                "process": g.process,
                "cn": g.cn,
                "name": g.name,
                "production": _mass(g.production_t),
                "see_direct": _specific(g.see_direct),
                "see_indirect_for_information": _specific(g.see_indirect),
                "see_total": _specific(g.see_direct),
                "default_share": _specific(
                    next(p.default_share for p in report.processes if p.name == g.process)
                ),
                "unit": "t CO2e/t",
            }
            for g in report.goods
        ],
        "processes": [_process_document(p) for p in report.processes],
        "certificates": None if estimate is None else _certificates_document(estimate),
        "notes": list(report.notes),
    }


def _fmt(value: Decimal | None, places: int = 3) -> str:
    return "" if value is None else f"{_half_up(value, places):,}"


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
    for item in estimate.goods:
        good = item.good
        amounts = ""
        if good.to_eu_t is not None:
            amounts = (
                f"{_fmt(_certificates(good.to_eu_t, item.actual_per_t), 0)} / "
                f"{_fmt(_certificates(good.to_eu_t, item.default_per_t), 0)}"
            )
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
    yield "direct emissions [t CO2e]", _mass(report.direct_t)
    yield "heat imported or exported", _any_term(report, "heat_imported", "heat_exported")
    yield "zero-rated fuels", any(p.direct.zero_rated_fuels for p in report.processes)
    yield "waste gases", _any_term(report, "waste_gas_imported", "waste_gas_exported")
    yield "electricity produced", _any_term(report, "electricity_produced")


def _process_rows(process: ProcessResult) -> Iterator[tuple[str, float | None, str]]:
    """(quantity, value, unit) of a process: activity, emissions, shares, sector parameters."""
    direct = process.direct
    yield "activity_level", _mass(process.activity_level_t), "t"
    for name, emissions in (
        ("combustion", direct.combustion_t),
        ("mass_balance", direct.mass_balance_t),
        ("pfc", direct.pfc_t),
        ("directly_attributable", direct.directly_attributable_t),
        ("attributed_direct", direct.attributed_t),
        ("precursors_embedded", process.embedded_inputs_t),
    ):
        yield name, _mass(emissions), "t CO2e"
    for name, share in (
        ("default_share", process.default_share),
        ("scrap_per_t_product", process.scrap_t_per_t),
        ("pre_consumer_scrap_share", process.pre_consumer_share),
        ("non_aluminium_content", process.non_aluminium_content),
    ):
        yield name, _specific(share), "t/t"


def _csv_rows(
    report: CbamReport, estimate: CertificateEstimate | None
) -> Iterator[tuple[Any, ...]]:
    for field, value in _summary_rows(report):
        yield ("installation", "", "", "", field, value, "")
    for good in report.goods:
        where = ("good", good.process, good.cn, good.name)
        yield (*where, "see_direct", _specific(good.see_direct), "t CO2e/t")
        if good.see_indirect is not None:
            yield (*where, "see_indirect_for_information", _specific(good.see_indirect), "t CO2e/t")
    for process in report.processes:
        for name, value, unit in _process_rows(process):
            yield ("process", process.name, "", "", name, value, unit)
    for item in estimate.goods if estimate is not None else ():
        where = ("certificates", item.good.process, item.good.cn, item.good.name)
        yield (*where, "actual_per_t", _specific(item.actual_per_t), "t CO2e/t")
        yield (*where, "default_per_t", _specific(item.default_per_t), "t CO2e/t")


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
                ]
            )
    book.properties.creator = f"aluco2 {__version__}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table_value(value: TableValue) -> dict[str, Any]:
    record = value.record
    return {
        "value": _round(value.value, 6),
        "factor": record.id,
        "as_published": record.value,
        "source": record.source.citation(),
    }


def defaults_document(found: DefaultLookup) -> dict[str, Any]:
    """Build the JSON document of ``aluco2 cbam defaults``.

    Parameters
    ----------
    found : DefaultLookup
        The looked-up values.

    Returns
    -------
    dict
        ``aluco2_version``, the request, the default value (t CO2e/t) with its route, the
        mark-up and the marked-up value, the Column B benchmark and the CBAM factor, each
        with its factor id and source.
    """
    return {
        "aluco2_version": __version__,
        "request": {"cn": found.cn, "country": found.country or "unknown", "year": found.year},
        "default": {**_table_value(found.default), "route": found.default.route},
        "markup": _table_value(found.markup),
        "default_with_markup": _specific(found.marked_up),
        "benchmark_column_b": _table_value(found.benchmark_b),
        "cbam_factor": _table_value(found.cbam_factor),
        "unit": "t CO2e/t",
        "notes": [
            "The CBAM Registry computes the official marked-up value from an unrounded base; "
            "it may differ from this one by 0.001 t CO2e/t.",
            "Values read in transcriptions of the Commission's workbook and the regulations; "
            "the Official Journal is binding.",
        ],
    }


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
