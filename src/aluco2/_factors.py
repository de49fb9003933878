"""The factor library: cited emission factors and default parameters.

Factor files (``factors/*.yaml``, shipped inside the wheel, and site files a
user lays over them) are read strictly, validated against one schema
(:class:`FactorFileModel`), converted to canonical units once, and merged into
a :class:`FactorSet`. Every :class:`FactorRecord` remembers the file and the
source it came from; the set has a content hash that goes into every result.

A factor file declares, under ``units``, the canonical unit of each family of
ids (``"grid.*.*.*": "g CO2e/kWh"``). A record whose value cannot be
converted to its family's unit is an error that names the file, line, key path
and both dimensions. All problems of all files are collected and raised
together as :class:`~aluco2._errors.InputErrors`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from aluco2._derivation import check_derivations, evaluate_derivation
from aluco2._errors import FactorNotFoundError, InputError, InputErrors, SchemaError, UnitError
from aluco2._factor_bounds import check_bounds
from aluco2._factor_files import (
    CATEGORIES,
    CONFIDENCES,
    FactorFileModel,
    FactorRecordModel,
    ParsedFile,
    parse_factor_file,
)
from aluco2._provenance import canonical_json, sha256_hex
from aluco2._units import Q_, as_unit, dimension_text, parse_magnitude, parse_quantity, parse_unit
from aluco2._validation import locate
from aluco2._yaml import KeyPath

if TYPE_CHECKING:
    from aluco2._units import Quantity

_PATTERN_SEGMENT = re.compile(r"^(\*|[A-Za-z0-9_]+)$")

__all__ = [
    "CATEGORIES",
    "CONFIDENCES",
    "FactorFileModel",
    "FactorRecord",
    "FactorSet",
    "Source",
    "Uncertainty",
    "evaluate_derivation",
    "load_factor_set",
    "shipped_factor_files",
]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value was published."""

    key: str
    """Key of the source in its factor file."""
    publisher: str
    title: str
    year: int
    locator: str | None = None
    """Table, equation, page or row."""
    url: str | None = None
    doi: str | None = None
    via: str | None = None
    """Transcription the value was read in, when not the original."""
    licence: str | None = None

    def citation(self) -> str:
        """Return a one-line citation.

        Returns
        -------
        str
            Publisher, title, year, locator, and URL or DOI.
        """
        parts = [f"{self.publisher}, {self.title} ({self.year})"]
        if self.locator:
            parts.append(self.locator)
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.url:
            parts.append(self.url)
        if self.via:
            parts.append(f"read via {self.via}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """Range of a value in its canonical unit."""

    low: float
    high: float
    basis: str
    distribution: str | None


@dataclass(frozen=True, slots=True)
class FactorRecord:
    """One resolved factor: canonical magnitude, unit and provenance."""

    id: str
    value: str
    """The value as written in its file, e.g. ``'13.9 MWh/t'``."""
    magnitude: float
    """The value in :attr:`unit`."""
    unit: str
    """Canonical unit of the record's id family."""
    region: str
    year: int
    category: str
    confidence: str
    source: Source
    dataset: str
    file: str
    line: int | None = None
    shipped: bool = True
    """Whether the record comes from the package's own factor files."""
    name: str | None = None
    uncertainty: Uncertainty | None = None
    note: str | None = None
    derivation: str | None = None
    inputs: tuple[str, ...] = ()

    def quantity(self) -> Quantity:
        """Return the value as a pint quantity in the canonical unit.

        Returns
        -------
        pint.Quantity
            ``magnitude`` in ``unit``.
        """
        return Q_(self.magnitude, self.unit)

    def content(self) -> dict[str, Any]:
        """Return the record's content as JSON-ready data (no file location).

        Returns
        -------
        dict
            Everything that defines the value and its provenance.
        """
        return {
            "id": self.id,
            "name": self.name,
            "value": self.value,
            "magnitude": self.magnitude,
            "unit": self.unit,
            "region": self.region,
            "year": self.year,
            "category": self.category,
            "confidence": self.confidence,
            "dataset": self.dataset,
            "source": {
                "publisher": self.source.publisher,
                "title": self.source.title,
                "year": self.source.year,
                "locator": self.source.locator,
                "url": self.source.url,
                "doi": self.source.doi,
                "via": self.source.via,
                "licence": self.source.licence,
            },
            "uncertainty": None
            if self.uncertainty is None
            else {
                "low": self.uncertainty.low,
                "high": self.uncertainty.high,
                "basis": self.uncertainty.basis,
                "distribution": self.uncertainty.distribution,
            },
            "note": self.note,
            "derivation": self.derivation,
            "inputs": list(self.inputs),
        }


@dataclass(frozen=True)
class FactorSet:
    """The effective factors: shipped defaults with any site files laid over them.

    Use :func:`load_factor_set` to build one.
    """

    records: Mapping[str, FactorRecord]
    units: Mapping[str, str]
    """Canonical unit of each id family."""
    files: tuple[str, ...]
    """Files read, in the order they were laid over each other."""
    hash: str = field(init=False)
    """SHA-256 of the records' content: same factors, same hash."""
    _index: Mapping[tuple[str, ...], tuple[tuple[tuple[str, ...], str], ...]] = field(
        init=False, repr=False, compare=False
    )
    _selected: dict[str, tuple[FactorRecord, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    """Answers of :meth:`select`, by pattern (the set never changes)."""
    _converted: dict[tuple[str, str], float] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    """Answers of :meth:`magnitude`, by id and unit."""

    def __post_init__(self) -> None:
        content = [self.records[key].content() for key in sorted(self.records)]
        object.__setattr__(self, "hash", sha256_hex(canonical_json(content)))
        object.__setattr__(self, "_index", _segment_index(self.records))

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[FactorRecord]:
        return iter(self.records.values())

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self.records

    def get(self, factor_id: str) -> FactorRecord:
        """Return the record with id ``factor_id``.

        Parameters
        ----------
        factor_id : str
            The id, e.g. ``'gwp.AR5.CF4'``.

        Returns
        -------
        FactorRecord
            The record.

        Raises
        ------
        FactorNotFoundError
            If there is none; the error lists close matches.
        """
        try:
            return self.records[factor_id]
        except KeyError:
            close = difflib.get_close_matches(factor_id, self.records, n=3, cutoff=0.6)
            raise FactorNotFoundError(factor_id, close) from None

    def magnitude(self, factor_id: str, unit: str | None = None) -> float:
        """Return the value of a factor as a float.

        Parameters
        ----------
        factor_id : str
            The id.
        unit : str, optional
            Unit to express it in; the record's canonical unit by default.

        Returns
        -------
        float
            The magnitude.
        """
        record = self.get(factor_id)
        if unit is None or unit == record.unit:
            return record.magnitude
        key = (factor_id, unit)
        if key not in self._converted:
            self._converted[key] = float(record.quantity().m_as(as_unit(unit)))
        return self._converted[key]

    def exact_magnitude(self, factor_id: str, unit: str) -> float:
        """Return a derived factor computed from its inputs, not from its rounded value.

        A record with a ``derivation`` is evaluated over its inputs (themselves exact,
        recursively); any other record gives its value. Used for bounds such as the
        stoichiometric floors, where the printed rounding would decide a comparison.

        Parameters
        ----------
        factor_id : str
            The id.
        unit : str
            Unit to express it in.

        Returns
        -------
        float
            The magnitude.
        """
        record = self.get(factor_id)
        if record.derivation is None:
            return self.magnitude(factor_id, unit)
        units = {name: self.get(name).unit for name in record.inputs}
        inputs = {name: Q_(self.exact_magnitude(name, unit), unit) for name, unit in units.items()}
        quantity = evaluate_derivation(record.derivation, inputs)
        return float(quantity.m_as(parse_unit(unit)))

    def select(self, pattern: str) -> tuple[FactorRecord, ...]:
        """Return the records whose id matches ``pattern`` segment by segment.

        Parameters
        ----------
        pattern : str
            Dotted pattern where ``*`` matches one whole segment,
            e.g. ``'gwp.AR5.*'``.

        Returns
        -------
        tuple of FactorRecord
            Matching records, sorted by id.
        """
        if pattern in self._selected:
            return self._selected[pattern]
        parts = tuple(pattern.split("."))
        count = str(len(parts))
        if parts[0] == "*":
            key: tuple[str, ...] = (count,)
        elif len(parts) > 1 and parts[1] != "*":
            key = (count, parts[0], parts[1])
        else:
            key = (count, parts[0])
        found = tuple(
            self.records[factor_id]
            for id_parts, factor_id in self._index.get(key, ())
            if all(p in ("*", q) for p, q in zip(parts, id_parts, strict=True))
        )
        self._selected[pattern] = found
        return found

    def datasets(self) -> tuple[str, ...]:
        """Return the names of the datasets in the set, sorted.

        Returns
        -------
        tuple of str
            Dataset names.
        """
        return tuple(sorted({record.dataset for record in self}))


def _segment_index(
    records: Mapping[str, FactorRecord],
) -> dict[tuple[str, ...], tuple[tuple[tuple[str, ...], str], ...]]:
    """Group ids (sorted) by segment count, and by their first one or two segments."""
    index: dict[tuple[str, ...], list[tuple[tuple[str, ...], str]]] = {}
    for factor_id in sorted(records):
        parts = tuple(factor_id.split("."))
        count = str(len(parts))
        for key in ((count,), (count, parts[0]), (count, *parts[:2])):
            index.setdefault(key, []).append((parts, factor_id))
    return {key: tuple(items) for key, items in index.items()}


def _matches(pattern: str, factor_id: str) -> bool:
    pattern_parts = pattern.split(".")
    id_parts = factor_id.split(".")
    return len(pattern_parts) == len(id_parts) and all(
        p in ("*", i) for p, i in zip(pattern_parts, id_parts, strict=True)
    )


def shipped_factor_files() -> tuple[Path, ...]:
    """Return the factor files shipped with the package, sorted by name.

    Returns
    -------
    tuple of pathlib.Path
        ``*.yaml`` files of the installed ``aluco2/factors`` directory, or of
        the source checkout's top-level ``factors/`` when running from it.
    """
    installed = Path(str(files("aluco2"))) / "factors"
    directory = installed if installed.is_dir() else Path(__file__).parents[2] / "factors"
    return tuple(sorted(directory.glob("*.yaml")))


class _Families:
    """The 'units' patterns of a factor set, answering which one fixes an id's unit."""

    def __init__(self, units: Mapping[str, str]) -> None:
        self.units = units
        self._candidates: dict[tuple[int, str], list[str]] = {}

    def unit_of(self, factor_id: str) -> tuple[str | None, str]:
        """Return the unit of the most specific pattern matching ``factor_id``, or why not."""
        parts = factor_id.split(".")
        key = (len(parts), parts[0])
        if key not in self._candidates:
            self._candidates[key] = [
                pattern
                for pattern in self.units
                if pattern.count(".") == len(parts) - 1
                and pattern.split(".", 1)[0] in ("*", parts[0])
            ]
        matching = [p for p in self._candidates[key] if _matches(p, factor_id)]
        if not matching:
            return None, "an id of a family declared under 'units' (no pattern there matches it)"
        literal_count = {p: sum(part != "*" for part in p.split(".")) for p in matching}
        best = max(literal_count.values())
        most_specific = [p for p in matching if literal_count[p] == best]
        if len(most_specific) > 1:
            tied = ", ".join(most_specific)
            return None, f"an id with one most specific 'units' pattern, not tied between {tied}"
        return self.units[most_specific[0]], ""


def _merge_units(parsed: Sequence[ParsedFile], errors: list[InputError]) -> dict[str, str]:
    merged: dict[str, tuple[str, str]] = {}
    for item in parsed:
        for pattern, unit in item.model.units.items():
            path: KeyPath = ("units", pattern)
            problem: InputError | None = None
            if not all(_PATTERN_SEGMENT.match(part) for part in pattern.split(".")):
                problem = SchemaError(
                    expected="a dotted id pattern where '*' stands for one segment",
                    value=pattern,
                    key_path=path,
                )
            else:
                try:
                    parse_unit(unit)
                except UnitError as exc:
                    problem = exc.located(key_path=path)
            if problem is None and pattern in merged and merged[pattern][0] != unit:
                previous_unit, previous_file = merged[pattern]
                problem = SchemaError(
                    expected=f"the unit {previous_unit!r} that {previous_file} gives this family",
                    value=unit,
                    key_path=path,
                )
            if problem is not None:
                errors.extend(locate([problem], item.document))
                continue
            merged.setdefault(pattern, (unit, item.document.path))
    return {pattern: unit for pattern, (unit, _) in merged.items()}


def _site_units_keep_shipped_families(
    parsed: Sequence[tuple[ParsedFile, bool]],
    units: Mapping[str, str],
    shipped_units: Mapping[str, str],
) -> Iterator[InputError]:
    """Refuse a site 'units' entry that would change the dimension of shipped records."""
    shipped_ids = [record.id for item, shipped in parsed if shipped for _, record in item.records]
    shipped_families, families = _Families(shipped_units), _Families(units)
    for item, shipped in parsed:
        if shipped:
            continue
        for pattern, unit in item.model.units.items():
            for factor_id in (i for i in shipped_ids if _matches(pattern, i)):
                before, _ = shipped_families.unit_of(factor_id)
                after, _ = families.unit_of(factor_id)
                if (
                    before
                    and after
                    and parse_unit(before).dimensionality != parse_unit(after).dimensionality
                ):
                    yield SchemaError(
                        expected=f"a unit of the same dimension as {before!r}, the unit of "
                        f"shipped factors such as {factor_id!r}",
                        value=unit,
                        file=item.document.path,
                        line=item.document.line_of(("units", pattern)),
                        key_path=("units", pattern),
                    )
                    break


def _canonical(text: str, unit: str) -> float:
    """Parse ``text`` and return its magnitude in ``unit``; raise UnitError otherwise."""
    try:
        magnitude = parse_magnitude(text, unit)
    except UnitError as exc:
        quantity = parse_quantity(text)
        raise UnitError(
            expected=f"a number with a unit convertible to {unit!r}",
            value=text,
            hint=(
                f"Its dimension is {dimension_text(quantity.units)}; "
                f"{unit!r} has {dimension_text(parse_unit(unit))}."
            ),
        ) from exc
    if magnitude < 0:
        raise UnitError(expected="a non-negative quantity", value=text)
    if unit == "%" and magnitude > 100:
        raise UnitError(expected="a share of at most 100 %", value=text)
    return magnitude


def _resolve(
    item: ParsedFile,
    index: int,
    record: FactorRecordModel,
    families: _Families,
    shipped: bool,
) -> FactorRecord:
    path: KeyPath = ("factors", index)
    unit, why = families.unit_of(record.id)
    if unit is None:
        raise SchemaError(expected=why, value=record.id, key_path=(*path, "id"))
    try:
        magnitude = _canonical(record.value, unit)
        check_bounds(record.id, magnitude, unit)
    except InputError as exc:
        raise exc.located(key_path=(*path, "value")) from None
    uncertainty = None
    if record.uncertainty is not None:
        bounds = []
        for key in ("low", "high"):
            try:
                bounds.append(_canonical(getattr(record.uncertainty, key), unit))
            except UnitError as exc:
                raise exc.located(key_path=(*path, "uncertainty", key)) from None
        if not bounds[0] <= magnitude <= bounds[1]:
            raise SchemaError(
                expected=f"a range around the value {record.value!r} (low <= value <= high)",
                value=f"{record.uncertainty.low} .. {record.uncertainty.high}",
                key_path=(*path, "uncertainty"),
            )
        uncertainty = Uncertainty(
            bounds[0], bounds[1], record.uncertainty.basis, record.uncertainty.distribution
        )
    source = item.model.sources[record.source.ref]
    return FactorRecord(
        id=record.id,
        value=record.value,
        magnitude=magnitude,
        unit=unit,
        region=record.region,
        year=record.year,
        category=record.category,
        confidence=record.confidence,
        source=Source(
            key=record.source.ref,
            publisher=source.publisher,
            title=source.title,
            year=source.year,
            locator=record.source.locator,
            url=source.url,
            doi=source.doi,
            via=source.via,
            licence=source.licence,
        ),
        dataset=item.model.dataset,
        file=item.document.path,
        line=item.document.line_of(path),
        shipped=shipped,
        name=record.name,
        uncertainty=uncertainty,
        note=record.note,
        derivation=record.derivation,
        inputs=tuple(record.inputs or ()),
    )


def load_factor_set(
    overlays: Iterable[str | Path] = (), *, include_shipped: bool = True
) -> FactorSet:
    """Load the shipped factors and lay site files over them.

    Parameters
    ----------
    overlays : iterable of str or pathlib.Path
        Site factor files, applied in order; a record whose id already exists
        replaces it (same family, so same dimension), other records are added.
    include_shipped : bool, default True
        Start from the shipped factor files.

    Returns
    -------
    FactorSet
        The effective factors with their content hash.

    Raises
    ------
    InputErrors
        With every problem in every file: YAML, schema, units, sources,
        duplicate ids, derivations that do not reproduce their value.
    """
    errors: list[InputError] = []
    shipped = shipped_factor_files() if include_shipped else ()
    paths: list[tuple[Path, str, bool]] = [(p, f"factors/{p.name}", True) for p in shipped]
    paths += [(Path(p), str(p), False) for p in overlays]
    parsed = [
        (parse_factor_file(path, name, errors, packaged=is_shipped), is_shipped)
        for path, name, is_shipped in paths
    ]
    valid = [(item, is_shipped) for item, is_shipped in parsed if item is not None]
    units = _merge_units([item for item, _ in valid], errors)
    shipped_units = _merge_units([item for item, shipped in valid if shipped], [])
    errors.extend(_site_units_keep_shipped_families(valid, units, shipped_units))
    records: dict[str, FactorRecord] = {}
    indices: dict[str, int] = {}
    shipped_families, families = _Families(shipped_units), _Families(units)
    for item, is_shipped in valid:
        for index, record_model in item.records:
            try:
                family = shipped_families if is_shipped else families
                record = _resolve(item, index, record_model, family, is_shipped)
            except InputError as exc:
                errors.extend(locate([exc], item.document))
                continue
            previous = records.get(record.id)
            if previous is not None and is_shipped:
                errors.append(
                    SchemaError(
                        expected=f"an id not already shipped in {previous.file}",
                        value=record.id,
                        file=record.file,
                        line=record.line,
                        key_path=("factors", index, "id"),
                    )
                )
                continue
            records[record.id] = record
            indices[record.id] = index
    errors.extend(check_derivations(records, indices))
    if errors:
        order = {name: position for position, (_, name, _) in enumerate(paths)}
        errors.sort(key=lambda e: (order.get(e.file or "", -1), e.line or 0))
        raise InputErrors(errors)
    return FactorSet(
        records=MappingProxyType(dict(sorted(records.items()))),
        units=MappingProxyType(dict(sorted(units.items()))),
        files=tuple(name for _, name, _ in paths),
    )
