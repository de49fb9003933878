"""The schema of factor files, declared once, and the parsing of one file against it.

:class:`FactorFileModel` validates a factor file and gives its JSON Schema
(``aluco2 schema factors``); :func:`parse_factor_file` reads one file strictly and
collects every schema problem, with file, line and key path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic

from aluco2._errors import InputError, SchemaError
from aluco2._validation import STRICT, locate, validate_mapping
from aluco2._yaml import YamlDocument, read_yaml

__all__ = [
    "CATEGORIES",
    "CONFIDENCES",
    "PLACEHOLDER",
    "FactorFileModel",
    "FactorRecordModel",
    "ParsedFile",
    "parse_factor_file",
]

Category = Literal[
    "regulatory", "guideline", "statistics", "literature", "standard", "physical", "derived"
]
Confidence = Literal["primary", "secondary", "derived"]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
"""What kind of publication a value comes from (see ``factors/README.md``)."""
CONFIDENCES: tuple[str, ...] = Confidence.__args__  # type: ignore[attr-defined]
"""How the value was read: in the publisher's text, in a transcription, or derived."""

_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$"
_WORD_PATTERN = r"^[a-z][a-z0-9_]*$"
_REGION_PATTERN = r"^[A-Z][A-Z0-9_]{1,19}$"
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")

FactorId = Annotated[str, pydantic.Field(pattern=_ID_PATTERN)]
Text = Annotated[str, pydantic.Field(min_length=1)]
Year = Annotated[int, pydantic.Field(ge=1800, le=2100)]


class SourceModel(pydantic.BaseModel):
    """A publication that factor values are taken from."""

    model_config = STRICT
    publisher: Text
    title: Text
    year: Year
    url: Text | None = None
    doi: Text | None = None
    via: Text | None = pydantic.Field(
        default=None, description="Where the values were read when not in the original itself."
    )
    licence: Text | None = None


class SourceRefModel(pydantic.BaseModel):
    """Reference from a record to a source of its file, with a table or equation."""

    model_config = STRICT
    ref: Annotated[str, pydantic.Field(pattern=_WORD_PATTERN)]
    locator: Text | None = pydantic.Field(
        default=None, description="Table, equation, page or row within the source."
    )


class UncertaintyModel(pydantic.BaseModel):
    """Range of a value as stated by its source."""

    model_config = STRICT
    low: Text
    high: Text
    basis: Text = pydantic.Field(description="What the range means, e.g. '95 % confidence'.")
    distribution: Literal["normal", "lognormal", "uniform", "triangular"] | None = None


class _RecordFields(pydantic.BaseModel):
    """Fields a record may inherit from its file's ``defaults``."""

    model_config = STRICT
    name: Text | None = None
    source: SourceRefModel | None = None
    region: Annotated[str, pydantic.Field(pattern=_REGION_PATTERN)] | None = None
    year: Year | None = None
    category: Category | None = None
    confidence: Confidence | None = None
    uncertainty: UncertaintyModel | None = None
    note: Text | None = None


class FactorRecordModel(pydantic.BaseModel):
    """One factor: an id, a value with its unit, and where it comes from."""

    model_config = STRICT
    id: FactorId
    value: Text = pydantic.Field(description="Number and unit, e.g. '13.9 MWh/t'.")
    name: Text | None = None
    source: SourceRefModel
    region: Annotated[str, pydantic.Field(pattern=_REGION_PATTERN)]
    year: Year
    category: Category
    confidence: Confidence
    uncertainty: UncertaintyModel | None = None
    note: Text | None = None
    derivation: Text | None = pydantic.Field(
        default=None, description="Formula over {factor ids}; required for category 'derived'."
    )
    inputs: list[FactorId] | None = None

    @pydantic.model_validator(mode="after")
    def _derived_records_show_their_arithmetic(self) -> FactorRecordModel:
        if (self.category == "derived") != (self.derivation is not None):
            raise ValueError("'derivation' is required for, and only for, category 'derived'")
        if self.derivation is not None:
            used = sorted(set(PLACEHOLDER.findall(self.derivation)))
            if sorted(set(self.inputs or ())) != used:
                raise ValueError(f"'inputs' must list the ids used in 'derivation': {used}")
        return self


class FactorFileModel(pydantic.BaseModel):
    """A factor file: one dataset, its sources, the units of its id families and its records."""

    model_config = STRICT
    dataset: Annotated[str, pydantic.Field(pattern=_WORD_PATTERN)]
    title: Text
    description: Text | None = None
    units: dict[str, Text] = pydantic.Field(
        default_factory=dict,
        description="Canonical unit of each id family, e.g. 'gwp.*.*': 't CO2e/t CO2e'.",
    )
    sources: dict[Annotated[str, pydantic.Field(pattern=_WORD_PATTERN)], SourceModel] = (
        pydantic.Field(default_factory=dict)
    )
    defaults: _RecordFields | None = None
    factors: list[dict[str, Any]] = pydantic.Field(
        default_factory=list,
        description="Records; each is a FactorRecordModel after the defaults are applied.",
    )


@dataclass
class ParsedFile:
    document: YamlDocument
    model: FactorFileModel
    records: list[tuple[int, FactorRecordModel]]


def parse_factor_file(
    path: Path, display_name: str, errors: list[InputError], *, packaged: bool = False
) -> ParsedFile | None:
    try:
        document = read_yaml(path, display_name=display_name, packaged=packaged)
    except InputError as exc:
        errors.append(exc)
        return None
    model, problems = validate_mapping(FactorFileModel, document.data)
    if model is None:
        errors.extend(locate(problems, document))
        return None
    defaults = model.defaults.model_dump(exclude_none=True) if model.defaults else {}
    records: list[tuple[int, FactorRecordModel]] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(model.factors):
        if not isinstance(raw, dict):
            problems.append(
                SchemaError(
                    expected="a mapping (key: value)", value=raw, key_path=("factors", index)
                )
            )
            continue
        record, record_problems = validate_mapping(
            FactorRecordModel, defaults | raw, ("factors", index)
        )
        problems.extend(record_problems)
        if record is None:
            continue
        if record.id in seen:
            problems.append(
                SchemaError(
                    expected=f"a unique id (factors[{seen[record.id]}] already uses it)",
                    value=record.id,
                    key_path=("factors", index, "id"),
                )
            )
            continue
        if record.source.ref not in model.sources:
            problems.append(
                SchemaError(
                    expected=f"a source listed under 'sources' ({', '.join(model.sources)})",
                    value=record.source.ref,
                    key_path=("factors", index, "source", "ref"),
                )
            )
            continue
        seen[record.id] = index
        records.append((index, record))
    errors.extend(locate(problems, document))
    return ParsedFile(document, model, records)
