"""The JSON documents of CBAM reports and default look-ups: what ``to_dict()`` returns.

Numbers are computed in decimal arithmetic by :mod:`aluco2._cbam`; here they are rounded
half-up for output: specific values (t CO2e/t) and shares to 6 decimal places, masses and
emissions (t, t CO2e) to 3, costs (EUR) to 2. Tables, CSV and workbooks round with the same
functions.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from aluco2 import __version__
from aluco2._cbam._emissions import plain

if TYPE_CHECKING:
    from aluco2._cbam import CbamReport, CertificateEstimate, DefaultLookup, ProcessResult
    from aluco2._cbam._tables import TableValue

__all__ = [
    "PRODUCTION_METHODS",
    "REGULATIONS",
    "ROUNDING",
    "any_term",
    "cbam_document",
    "certificates_for",
    "defaults_document",
    "half_up",
    "mass_rounded",
    "rounded",
    "specific",
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


def half_up(value: Decimal, places: int) -> Decimal:
    """Round half-up to ``places`` decimal places, whatever the size of the value."""
    with decimal.localcontext(_WIDE):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rounded(value: Decimal | None, places: int) -> float | None:
    return None if value is None else float(half_up(value, places))


def specific(value: Decimal | None) -> float | None:
    return rounded(value, 6)


def mass_rounded(value: Decimal | None) -> float | None:
    return rounded(value, 3)


def _process_document(process: ProcessResult) -> dict[str, Any]:
    direct = process.direct
    return {
        "name": process.name,
        "category": process.category,
        "route": process.route,
        "benchmark_route": process.benchmark_route,
        "activity_level": {"value": mass_rounded(process.activity_level_t), "unit": "t"},
        "emissions": {
            "combustion": mass_rounded(direct.combustion_t),
            "mass_balance": mass_rounded(direct.mass_balance_t),
            "pfc": mass_rounded(direct.pfc_t),
            "directly_attributable": mass_rounded(direct.directly_attributable_t),
            "attributed_direct": mass_rounded(direct.attributed_t),
            "precursors_embedded": mass_rounded(process.embedded_inputs_t),
            "indirect_for_information": mass_rounded(process.indirect_t),
            "unit": "t CO2e",
        },
        "see_direct": {"value": specific(process.see_direct), "unit": "t CO2e/t"},
        "default_share": specific(process.default_share),
        "precursors": [
            {
                "name": p.name,
                "cn": p.cn,
                "country": p.country,
                "mass": mass_rounded(p.mass_t),
                "see": specific(p.see),
                "data": p.data,
                "reference": p.reference,
                "specific_mass": specific(p.mass_t / process.activity_level_t),
            }
            for p in process.precursors
        ],
        "sector_parameters": {
            "scrap_per_t_product": specific(process.scrap_t_per_t),
            "pre_consumer_scrap_share": specific(process.pre_consumer_share),
            "non_aluminium_content": specific(process.non_aluminium_content),
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


def certificates_for(mass_t: Decimal, per_t: Decimal) -> Decimal:
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
                "see": specific(item.actual_see),
                "sefa": specific(item.actual_sefa),
                "benchmark_column_a": item.benchmark_a.reference,
                "certificates_per_t": specific(item.actual_per_t),
            },
            "default": {
                "default_value": item.default.reference,
                "marked_up": specific(item.default_marked_up),
                "sefa": specific(item.default_sefa),
                "benchmark_column_b": item.benchmark_b.reference,
                "certificates_per_t": specific(item.default_per_t),
            },
            "unit": "t CO2e/t",
        }
        if good.to_eu_t is not None:
            actual = certificates_for(good.to_eu_t, item.actual_per_t)
            default = certificates_for(good.to_eu_t, item.default_per_t)
            entry["to_eu"] = mass_rounded(good.to_eu_t)
            entry["certificates_actual"] = mass_rounded(actual)
            entry["certificates_default"] = mass_rounded(default)
            entry["set_to_zero"] = item.actual_per_t < 0 or item.default_per_t < 0
            if estimate.eua_price is not None:
                entry["cost_actual_eur"] = rounded(actual * estimate.eua_price, 2)
                entry["cost_default_eur"] = rounded(default * estimate.eua_price, 2)
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


def any_term(report: CbamReport, *terms: str) -> bool:
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
                "installation": mass_rounded(report.direct_t),
                "by_process": {
                    p.name: mass_rounded(p.direct.directly_attributable_t) for p in report.processes
                },
                "unit": "t CO2e",
            },
            "heat_imported_or_exported": any_term(report, "heat_imported", "heat_exported"),
            "zero_rated_fuels": any(p.direct.zero_rated_fuels for p in report.processes),
            "waste_gases": any_term(report, "waste_gas_imported", "waste_gas_exported"),
            "electricity_produced": any_term(report, "electricity_produced"),
            "co2_capture": "not covered by aluco2",
            "precursors_with_default_values": [
                {
                    "cn": p.cn,
                    "name": p.name,
                    "country": p.country or "unknown",
                    "default_value": specific(p.see),
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
                    "see": specific(p.see),
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
                "production": mass_rounded(g.production_t),
                "see_direct": specific(g.see_direct),
                "see_indirect_for_information": specific(g.see_indirect),
                "see_total": specific(g.see_direct),
                "default_share": specific(
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


def _table_value(value: TableValue) -> dict[str, Any]:
    record = value.record
    return {
        "value": rounded(value.value, 6),
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
        "default_with_markup": specific(found.marked_up),
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
