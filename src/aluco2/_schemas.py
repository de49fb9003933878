"""JSON Schemas (draft 2020-12) of the documents aluco2 writes: the contract of ``to_dict()``.

Every object lists all its keys as required and allows no others, so a key added,
renamed or dropped in a document fails the tests that validate real outputs against
these schemas: the contract is extended deliberately (here and in the CHANGELOG), never
by accident. ``aluco2 schema <kind>-result`` prints them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["RESULT_SCHEMAS", "result_schema"]

Schema = dict[str, Any]

NUMBER: Schema = {"type": "number"}
INTEGER: Schema = {"type": "integer"}
TEXT: Schema = {"type": "string"}
FLAG: Schema = {"type": "boolean"}
SHA256: Schema = {"type": "string", "pattern": "^[0-9a-f]{64}$"}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(required: Schema, optional: Schema | None = None, **extra: Any) -> Schema:
    """Return the schema of an object with exactly these keys (``optional`` may be missing)."""
    properties = {**required, **(optional or {})}
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(required),
        "additionalProperties": False,
        **extra,
    }


def _array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def _map(values: Schema) -> Schema:
    """Return the schema of an object keyed by names (materials, processes ...)."""
    return {"type": "object", "additionalProperties": values}


def _quantity(unit: Schema = TEXT) -> Schema:
    return _object({"value": NUMBER, "unit": unit})


_INPUTS = _array(_object({"path": TEXT, "sha256": SHA256}))
_DEFAULT_USED = {"key": TEXT, "factor": TEXT, "value": TEXT}
_ROW = _object(
    {
        "stage": TEXT,
        "source": TEXT,
        "gas": TEXT,
        "scope": {"enum": [1, 2, 3]},
        "scope2_basis": {"enum": [None, "market", "location"]},
        "value": NUMBER,
        "unit": TEXT,
        "references": _array(TEXT),
    }
)
_RESULT = _object(
    {
        "plant": TEXT,
        "product": TEXT,
        "route": {"enum": ["primary", "recycled", "mix"]},
        "route_shares": _map(NUMBER),
        "allocation": TEXT,
        "scope2_method": {"enum": ["market-based", "location-based"]},
        "intensity": _quantity(),
        "intensity_market_based": _quantity(),
        "intensity_location_based": _quantity(),
        "biogenic_co2": _quantity(),
        "breakdown": _array(_ROW),
        "other_scope2_rows": _array(_ROW),
    }
)
_PLANT_PROVENANCE = _object(
    {
        "plant": TEXT,
        "path": TEXT,
        "gwp": TEXT,
        "allocation": TEXT,
        "scope2_method": TEXT,
        "methods": _array(TEXT),
        "defaults_used": _array(_object(_DEFAULT_USED)),
        "omitted": _array(_object({"key": TEXT, "reason": TEXT})),
        "warnings": _array(TEXT),
    }
)
_FOOTPRINT_PROPERTIES: Schema = {
    "aluco2_version": TEXT,
    "provenance": _object(
        {
            "factor_set_hash": SHA256,
            "factor_files": _array(TEXT),
            "gwp": TEXT,
            "allocation": TEXT,
            "inputs": _INPUTS,
            "defaults_used": _array(_object({"plant": TEXT, **_DEFAULT_USED})),
            "plants": _array(_PLANT_PROVENANCE),
        }
    ),
    "results": _array(_RESULT),
}
_LABEL_CHECK = _object(
    {
        "plant": TEXT,
        "product": TEXT,
        "route": TEXT,
        "label": TEXT,
        "name": TEXT,
        "rule": TEXT,
        "boundary": {"enum": ["scope1", "scope1+2", "cradle-to-gate"]},
        "applies": FLAG,
        "value": NUMBER,
        "threshold": NUMBER,
        "unit": TEXT,
        "passes": _nullable(FLAG),
        "margin": _nullable(NUMBER),
        "source": TEXT,
    }
)
FOOTPRINT = _object(
    _FOOTPRINT_PROPERTIES,
    optional={"label_checks": _array(_LABEL_CHECK)},
    title="aluco2 footprint result",
)
COMPARE = _object(
    {
        **_FOOTPRINT_PROPERTIES,
        "comparison": _array(
            _object(
                {
                    "plant": TEXT,
                    "product": TEXT,
                    "route": TEXT,
                    "intensity": NUMBER,
                    "difference_to_first": NUMBER,
                    "source_shares": _map(NUMBER),
                    "unit": TEXT,
                }
            )
        ),
    },
    title="aluco2 compare result",
)

_PROBLEM_PROVENANCE: Schema = {
    "factor_set_hash": SHA256,
    "inputs": _INPUTS,
    "gwp": TEXT,
    "allocation": TEXT,
    "scope2_method": TEXT,
    "currency": TEXT,
}
_MIX: Schema = {
    "materials": _array(
        _object({"name": TEXT, "mass": NUMBER, "unit": TEXT, "share_of_charge": NUMBER})
    ),
    "melting": _array(_object({"name": TEXT, "product": NUMBER, "unit": TEXT})),
    "electricity": _array(_object({"name": TEXT, "value": NUMBER, "unit": TEXT})),
    "recycled_content": NUMBER,
    "post_consumer_content": NUMBER,
}
PLAN = _object(
    {
        "aluco2_version": TEXT,
        "provenance": _object(
            {
                **_PROBLEM_PROVENANCE,
                "objective": {"enum": ["co2", "cost", "weighted"]},
                "carbon_price": _nullable(NUMBER),
                "confidence": _nullable(NUMBER),
                "solver": TEXT,
            }
        ),
        "plan": _object(
            {
                "problem": TEXT,
                "mass": _quantity(),
                **_MIX,
                "composition": _array(
                    _object(
                        {
                            "element": TEXT,
                            "value": NUMBER,
                            "min": _nullable(NUMBER),
                            "max": _nullable(NUMBER),
                            "unit": TEXT,
                        }
                    )
                ),
                "co2e": _object(
                    {"per_t": NUMBER, "total": NUMBER, "unit_per_t": TEXT, "unit_total": TEXT}
                ),
                "engine_co2e_per_t": NUMBER,
                "cost": _object({"per_t": NUMBER, "total": NUMBER, "currency": TEXT}),
                "binding": _array(
                    _object(
                        {
                            "constraint": TEXT,
                            "kind": TEXT,
                            "shadow_price": NUMBER,
                            "saving_per_step": _nullable(NUMBER),
                            "message": TEXT,
                        }
                    )
                ),
                "monte_carlo": _nullable(
                    _object(
                        {
                            "samples": INTEGER,
                            "seed": INTEGER,
                            "off_spec_probability": NUMBER,
                            "by_element": _map(NUMBER),
                        }
                    )
                ),
            }
        ),
        "footprint": FOOTPRINT,
    },
    title="aluco2 optimise result",
)
PARETO = _object(
    {
        "aluco2_version": TEXT,
        "provenance": _object({**_PROBLEM_PROVENANCE, "method": TEXT}),
        "points": _array(
            _object(
                {
                    "co2e_per_t": NUMBER,
                    "cost_per_t": NUMBER,
                    "unit_co2e": TEXT,
                    "unit_cost": TEXT,
                    **_MIX,
                }
            )
        ),
    },
    title="aluco2 pareto result",
)

_ROUNDED = _nullable(NUMBER)
"""A decimal figure rounded half-up for output; null where it does not apply."""
_TABLE_VALUE: Schema = {"value": NUMBER, "factor": TEXT, "as_published": TEXT, "source": TEXT}
_PARTY = {"type": "object", "required": ["name", "country"]}
_CBAM_SUMMARY = _object(
    {
        "operator": _PARTY,
        "installation": _PARTY,
        "reporting_period": _object({"start": TEXT, "end": TEXT}),
        "processes": _array(
            _object(
                {
                    "name": TEXT,
                    "category": TEXT,
                    "route": _nullable(TEXT),
                    "production_method": {"enum": ["P42", "P43", "P44", "P45"]},
                    "goods": _array(TEXT),
                }
            )
        ),
        "direct_emissions": _object(
            {"installation": NUMBER, "by_process": _map(NUMBER), "unit": TEXT}
        ),
        "heat_imported_or_exported": FLAG,
        "zero_rated_fuels": FLAG,
        "waste_gases": FLAG,
        "electricity_produced": FLAG,
        "co2_capture": TEXT,
        "precursors_with_default_values": _array(
            _object(
                {
                    "cn": TEXT,
                    "name": TEXT,
                    "country": TEXT,
                    "default_value": _ROUNDED,
                    "reference": TEXT,
                }
            )
        ),
        "precursors_with_actual_values": _array(
            _object(
                {
                    "cn": TEXT,
                    "name": TEXT,
                    "country": _nullable(TEXT),
                    "see": _ROUNDED,
                    "source": TEXT,
                }
            )
        ),
    }
)
_CBAM_PROCESS = _object(
    {
        "name": TEXT,
        "category": TEXT,
        "route": _nullable(TEXT),
        "benchmark_route": _nullable(TEXT),
        "activity_level": _quantity(),
        "emissions": _object(
            {
                "combustion": _ROUNDED,
                "mass_balance": _ROUNDED,
                "pfc": _ROUNDED,
                "directly_attributable": _ROUNDED,
                "attributed_direct": _ROUNDED,
                "precursors_embedded": _ROUNDED,
                "indirect_for_information": _ROUNDED,
                "unit": TEXT,
            }
        ),
        "see_direct": _object({"value": _ROUNDED, "unit": TEXT}),
        "default_share": _ROUNDED,
        "precursors": _array(
            _object(
                {
                    "name": TEXT,
                    "cn": _nullable(TEXT),
                    "country": _nullable(TEXT),
                    "mass": _ROUNDED,
                    "see": _ROUNDED,
                    "data": TEXT,
                    "reference": TEXT,
                    "specific_mass": _ROUNDED,
                }
            )
        ),
        "sector_parameters": _object(
            {
                "scrap_per_t_product": _ROUNDED,
                "pre_consumer_scrap_share": _ROUNDED,
                "non_aluminium_content": _ROUNDED,
                "non_aluminium_content_reported": FLAG,
            }
        ),
        "audit": _array(
            _object(
                {
                    "quantity": TEXT,
                    "value": TEXT,
                    "unit": TEXT,
                    "equation": TEXT,
                    "inputs": _array(TEXT),
                }
            )
        ),
    }
)
_CERTIFICATES = _object(
    {
        "year": INTEGER,
        "production_year": INTEGER,
        "cbam_factor": TEXT,
        "cross_sectoral_correction_factor": TEXT,
        "markup": TEXT,
        "eua_price": _nullable(TEXT),
        "goods": _array(
            _object(
                {
                    "process": TEXT,
                    "cn": TEXT,
                    "name": TEXT,
                    "actual": _object(
                        {
                            "see": _ROUNDED,
                            "sefa": _ROUNDED,
                            "benchmark_column_a": TEXT,
                            "certificates_per_t": _ROUNDED,
                        }
                    ),
                    "default": _object(
                        {
                            "default_value": TEXT,
                            "marked_up": _ROUNDED,
                            "sefa": _ROUNDED,
                            "benchmark_column_b": TEXT,
                            "certificates_per_t": _ROUNDED,
                        }
                    ),
                    "unit": TEXT,
                },
                optional={
                    "to_eu": _ROUNDED,
                    "certificates_actual": _ROUNDED,
                    "certificates_default": _ROUNDED,
                    "set_to_zero": FLAG,
                    "cost_actual_eur": _ROUNDED,
                    "cost_default_eur": _ROUNDED,
                },
            )
        ),
        "not_covered": _array(TEXT),
        "notes": _array(TEXT),
    }
)
CBAM = _object(
    {
        "aluco2_version": TEXT,
        "provenance": _object(
            {
                "factor_set_hash": SHA256,
                "inputs": _INPUTS,
                "regulations": _array(TEXT),
                "gwp": TEXT,
                "rounding": TEXT,
            }
        ),
        "operator_summary": _CBAM_SUMMARY,
        "goods": _array(
            _object(
                {
                    "process": TEXT,
                    "cn": TEXT,
                    "name": _nullable(TEXT),
                    "production": _ROUNDED,
                    "see_direct": _ROUNDED,
                    "see_indirect_for_information": _ROUNDED,
                    "see_total": _ROUNDED,
                    "default_share": _ROUNDED,
                    "unit": TEXT,
                }
            )
        ),
        "processes": _array(_CBAM_PROCESS),
        "certificates": _nullable(_CERTIFICATES),
        "notes": _array(TEXT),
    },
    title="aluco2 cbam result",
)
CBAM_DEFAULTS = _object(
    {
        "aluco2_version": TEXT,
        "request": _object({"cn": TEXT, "country": TEXT, "year": INTEGER}),
        "default": _object({**_TABLE_VALUE, "route": TEXT}),
        "markup": _object(_TABLE_VALUE),
        "default_with_markup": NUMBER,
        "benchmark_column_b": _object(_TABLE_VALUE),
        "cbam_factor": _object(_TABLE_VALUE),
        "unit": TEXT,
        "notes": _array(TEXT),
    },
    title="aluco2 cbam defaults result",
)

_CELL: Schema = {"type": ["number", "string", "null"]}
_OFFER_COLUMNS = ("row", "offer", "supplier", "country", "status", "intensity", "scope1")
BATCH = _object(
    {
        "aluco2_version": TEXT,
        "provenance": _object(
            {
                "factor_set_hash": SHA256,
                "inputs": _INPUTS,
                "carbon_price": _nullable(NUMBER),
                "rank_by": _nullable({"enum": ["co2", "price", "carbon-adjusted-price"]}),
                "defaults_used": _array(_object(_DEFAULT_USED)),
            }
        ),
        "summary": _object(
            {
                "offers": INTEGER,
                "evaluated": INTEGER,
                "invalid": INTEGER,
                "malformed_rows": INTEGER,
                "errors": INTEGER,
            }
        ),
        "units": _map(TEXT),
        "errors": _array(_object({"row": INTEGER, "column": TEXT, "value": TEXT, "reason": TEXT})),
        "offers": _array(
            {
                "type": "object",
                "required": list(_OFFER_COLUMNS),
                "additionalProperties": _CELL,
                "properties": {
                    "row": INTEGER,
                    "status": {"enum": ["ok", "invalid"]},
                    "intensity": _nullable(NUMBER),
                },
            }
        ),
    },
    title="aluco2 batch result",
)

RESULT_SCHEMAS: dict[str, Schema] = {
    "footprint-result": FOOTPRINT,
    "compare-result": COMPARE,
    "plan-result": PLAN,
    "pareto-result": PARETO,
    "cbam-result": CBAM,
    "cbam-defaults-result": CBAM_DEFAULTS,
    "batch-result": BATCH,
}
"""The schema of each output document, by the name ``aluco2 schema`` knows it by."""


def result_schema(kind: str) -> Schema:
    """Return the JSON Schema of an output document, with its dialect and title.

    Parameters
    ----------
    kind : str
        One of :data:`RESULT_SCHEMAS` (e.g. 'footprint-result').

    Returns
    -------
    dict
        A draft 2020-12 JSON Schema.
    """
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **RESULT_SCHEMAS[kind]}
