"""Factor records as a table, JSON, CSV, a detail view and the Markdown catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aluco2 import __version__
from aluco2._json import to_json
from aluco2._report._text import csv_text, text_table

if TYPE_CHECKING:
    from aluco2._factors import FactorRecord, FactorSet

__all__ = ["factor_detail", "factors_csv", "factors_json", "factors_markdown", "factors_table"]


def _short_source(record: FactorRecord) -> str:
    text = f"{record.source.publisher} {record.source.year}"
    return f"{text}, {record.source.locator}" if record.source.locator else text


def factors_table(records: Sequence[FactorRecord]) -> str:
    """Render factor records as a text table.

    Parameters
    ----------
    records : sequence of FactorRecord
        The records to list.

    Returns
    -------
    str
        Columns id, value, region, year, source.
    """
    rows = [(r.id, r.value, r.region, str(r.year), _short_source(r)) for r in records]
    return text_table(("id", "value", "region", "year", "source"), rows)


def _record_json(record: FactorRecord) -> dict[str, Any]:
    return record.content() | {"file": record.file, "line": record.line}


def factors_json(factor_set: FactorSet, records: Sequence[FactorRecord]) -> str:
    """Render factor records as JSON with the factor set's provenance.

    Parameters
    ----------
    factor_set : FactorSet
        The set the records belong to (for its hash and files).
    records : sequence of FactorRecord
        The records to list.

    Returns
    -------
    str
        ``{"aluco2_version", "factor_set_hash", "files", "factors": [...]}``.
    """
    return to_json(
        {
            "aluco2_version": __version__,
            "factor_set_hash": factor_set.hash,
            "files": list(factor_set.files),
            "factors": [_record_json(record) for record in records],
        }
    )


_CSV_COLUMNS = (
    "id",
    "name",
    "value",
    "magnitude",
    "unit",
    "region",
    "year",
    "category",
    "confidence",
    "dataset",
    "file",
    "source_publisher",
    "source_title",
    "source_year",
    "source_locator",
    "source_url",
    "source_doi",
    "source_via",
    "source_licence",
    "uncertainty_low",
    "uncertainty_high",
    "uncertainty_basis",
    "note",
)


def factors_csv(records: Sequence[FactorRecord]) -> str:
    """Render factor records as CSV, one row per record.

    Parameters
    ----------
    records : sequence of FactorRecord
        The records to list.

    Returns
    -------
    str
        CSV text with a header row.
    """
    return csv_text(_CSV_COLUMNS, (_csv_row(r) for r in records))


def _csv_row(r: FactorRecord) -> list[Any]:
    u = r.uncertainty
    s = r.source
    return [
        *(r.id, r.name or "", r.value, repr(r.magnitude), r.unit, r.region, r.year),
        *(r.category, r.confidence, r.dataset, r.file, s.publisher, s.title, s.year),
        *(s.locator or "", s.url or "", s.doi or "", s.via or "", s.licence or ""),
        *(repr(u.low) if u else "", repr(u.high) if u else "", u.basis if u else ""),
        r.note or "",
    ]


def factor_detail(record: FactorRecord) -> str:
    """Describe one factor record in full, one field per line.

    Parameters
    ----------
    record : FactorRecord
        The record.

    Returns
    -------
    str
        Human-readable description with value, provenance and uncertainty.
    """
    fields: list[tuple[str, str | None]] = [
        ("id", record.id),
        ("name", record.name),
        ("value", record.value),
        ("canonical", f"{record.magnitude:.10g} {record.unit}"),
        ("region", record.region),
        ("year", str(record.year)),
        ("category", record.category),
        ("confidence", record.confidence),
        ("source", record.source.citation()),
        ("licence", record.source.licence),
        ("dataset", record.dataset),
        ("file", f"{record.file}:{record.line}" if record.line else record.file),
    ]
    if record.uncertainty is not None:
        u = record.uncertainty
        text = f"{u.low:.10g} .. {u.high:.10g} {record.unit} ({u.basis})"
        if u.distribution:
            text += f", {u.distribution}"
        fields.append(("uncertainty", text))
    fields += [("derivation", record.derivation), ("note", record.note)]
    width = max(len(name) for name, _ in fields)
    return "".join(f"{name.ljust(width)}  {text}\n" for name, text in fields if text)


def factors_markdown(factor_set: FactorSet) -> str:
    """Render the whole factor set as a Markdown catalogue, one section per dataset.

    Parameters
    ----------
    factor_set : FactorSet
        The factors to document.

    Returns
    -------
    str
        Markdown text for ``docs/factors.md``.
    """
    lines = [
        "# Factor catalogue",
        "",
        "Generated from `factors/*.yaml` by `python -m aluco2._build.factor_docs`; do not edit by",
        "hand. Every value the package ships, with its unit, region, data year and source.",
        "Schema and vocabulary: [factors/README.md](../factors/README.md).",
        "",
        f"{len(factor_set)} factors in {len(factor_set.datasets())} datasets.",
        "",
    ]
    for dataset in factor_set.datasets():
        records = [r for r in factor_set if r.dataset == dataset]
        lines += [f"## {dataset}", "", f"File: `{records[0].file}`", ""]
        lines += [
            "| id | value | region | year | confidence | source |",
            "|---|---|---|---|---|---|",
        ]
        for r in records:
            source = _short_source(r).replace("|", "/")
            lines.append(
                f"| `{r.id}` | {r.value} | {r.region} | {r.year} | {r.confidence} | {source} |"
            )
        sources = sorted({r.source.citation().split("; ")[0] for r in records})
        lines += ["", "Sources:", ""] + [f"- {citation}" for citation in sources] + [""]
    return "\n".join(lines)
