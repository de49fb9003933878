"""Offers -> plants: the plant each row describes, evaluated a group of alike rows at a time.

Rows that share their country, year, technology and the shape of their supply (routes,
scrap kinds, which optional values they give) describe one plant whose numbers differ;
they are evaluated as one plant with its numbers varied (``variations``), so a group of
any size is one vectorised pass of the footprint engine. A group the engine refuses is
halved until the refused rows are found; the others keep their results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from aluco2._batch._columns import BY_NAME, ParsedColumns, RowError, factorize
from aluco2._errors import InputError
from aluco2._factors import FactorSet
from aluco2._footprint import Footprint, evaluate
from aluco2._plant import plant_from_mapping
from aluco2._units import Q_

__all__ = ["GroupResult", "evaluate_groups", "plant_mapping"]

PRE, POST = "clean_process_scrap", "old_scrap"
"""The shipped scrap classes that pre- and post-consumer shares are evaluated as."""
ROWS_PER_PASS = 200_000
"""Most rows in one pass of the engine: bounds its arrays (about 100 of this length)."""
VARIED = ("electricity", "cf4", "c2f6", "grid_factor", "contract_share", "contract_factor")
"""Optional quantity columns varied across the rows of a shape."""
PRIMARY_ONLY = ("electricity", "cf4", "c2f6")
"""Columns about electrolysis: they count only for offers with primary metal."""


@dataclasses.dataclass(frozen=True)
class Shape:
    """What a group of rows has in common: everything but the numbers."""

    country: str
    year: int
    technology: str | None
    has_primary: bool
    has_recycled: bool
    has_pre: bool
    has_post: bool
    given: tuple[str, ...]
    """Optional quantity columns the rows give (the others take the engine's defaults)."""


def _scrap_charge(factors: FactorSet, scrap_class: str) -> float:
    return factors.magnitude(f"recycling.{scrap_class}.scrap_charge", "t/t")


def plant_mapping(shape: Shape, values: Mapping[str, float], label: str) -> dict[str, Any]:
    """Return the plant document a row describes.

    Parameters
    ----------
    shape : Shape
        The row's country, year, technology and supply shape.
    values : mapping of str to float
        The row's quantities in canonical units: ``primary_share``, ``recycled_share``,
        ``pre_charge_share`` and ``post_charge_share`` (fractions), and the optional
        columns of :data:`VARIED` it gives.
    label : str
        Name of the plant (the offer).

    Returns
    -------
    dict
        A plant document for :func:`aluco2.load_plant`.
    """
    document: dict[str, Any] = {"plant": label, "country": shape.country, "year": shape.year}
    supply: dict[str, Any] = {}
    if "grid_factor" in shape.given:
        supply["grid"] = {"factor": f"{values['grid_factor']!r} kg CO2e/kWh"}
    if "contract_share" in shape.given:
        supply["contracts"] = [
            {
                "name": "declared contract or certificate",
                "share": f"{values['contract_share']!r} %",
                "factor": f"{values['contract_factor']!r} kg CO2e/kWh",
            }
        ]
    if supply:
        document["electricity"] = supply
    routes: dict[str, str] = {}
    if shape.has_primary:
        electrolysis: dict[str, Any] = {"technology": shape.technology}
        if "electricity" in shape.given:
            electrolysis["electricity"] = f"{values['electricity']!r} MWh/t"
        if "cf4" in shape.given:
            electrolysis["pfc"] = {
                "method": "measured",
                "cf4": f"{values['cf4']!r} kg CF4/t",
                "c2f6": f"{values['c2f6']!r} kg C2F6/t",
            }
        document["primary"] = {"electrolysis": electrolysis}
        routes["primary"] = f"{100 * values['primary_share']!r} %"
    if shape.has_recycled:
        scrap = []
        if shape.has_pre:
            scrap.append({"class": PRE, "share": f"{100 * values['pre_charge_share']!r} %"})
        if shape.has_post:
            scrap.append({"class": POST, "share": f"{100 * values['post_charge_share']!r} %"})
        document["recycled"] = {"scrap": scrap}
        routes["recycled"] = f"{100 * values['recycled_share']!r} %"
    document["products"] = [{"name": "offer", "routes": routes}]
    return document


def _variation_paths(shape: Shape) -> dict[str, tuple[str, str]]:
    """Key path and unit of each value varied across a group of this shape."""
    paths = {
        name: (str(BY_NAME[name].key), str(BY_NAME[name].unit))
        for name in VARIED
        if name in shape.given
    }
    if shape.has_primary and shape.has_recycled:
        paths["primary_share"] = ("products[0].routes.primary", "")
        paths["recycled_share"] = ("products[0].routes.recycled", "")
    if shape.has_pre and shape.has_post:
        paths["pre_charge_share"] = ("recycled.scrap[0].share", "")
        paths["post_charge_share"] = ("recycled.scrap[1].share", "")
    return paths


@dataclasses.dataclass
class GroupResult:
    """Per-row results of the valid rows, and the rows the engine refused."""

    intensity: np.ndarray
    location_based: np.ndarray
    scopes: dict[int, np.ndarray]
    defaults_used: set[tuple[str, str, str]]
    """(key path, factor id, value) of every default the plants of the rows took."""
    errors: list[RowError]
    refused: np.ndarray


def _row_values(
    parsed: ParsedColumns, factors: FactorSet, index: np.ndarray
) -> dict[str, np.ndarray]:
    """Route and scrap shares (fractions) and the varied quantities of the rows ``index``."""

    def share(name: str) -> np.ndarray:
        column = parsed.numbers.get(name)
        return np.zeros(index.size) if column is None else np.nan_to_num(column[index]) / 100.0

    pre, post = share("pre_consumer_scrap"), share("post_consumer_scrap")
    pre_charge = pre * _scrap_charge(factors, PRE)
    post_charge = post * _scrap_charge(factors, POST)
    charge = np.where(pre_charge + post_charge > 0, pre_charge + post_charge, 1.0)
    values = {
        "primary_share": 1.0 - pre - post,
        "recycled_share": pre + post,
        "pre_charge_share": pre_charge / charge,
        "post_charge_share": post_charge / charge,
    }
    for name in VARIED:
        if name in parsed.numbers:
            values[name] = parsed.numbers[name][index]
    return values


def shapes(parsed: ParsedColumns, valid: np.ndarray) -> Iterator[tuple[Shape, np.ndarray]]:
    """Yield each shape of the valid rows with the indices of its rows.

    Parameters
    ----------
    parsed : ParsedColumns
        The checked cells.
    valid : numpy.ndarray
        Boolean mask of the rows to group.

    Yields
    ------
    tuple of (Shape, numpy.ndarray)
        A shape and the row indices that have it, in row order.
    """
    size = parsed.size
    zeros = np.zeros(size)
    pre = np.nan_to_num(parsed.numbers.get("pre_consumer_scrap", zeros)) > 0
    post = np.nan_to_num(parsed.numbers.get("post_consumer_scrap", zeros)) > 0
    primary = (
        np.nan_to_num(parsed.numbers.get("pre_consumer_scrap", zeros))
        + np.nan_to_num(parsed.numbers.get("post_consumer_scrap", zeros))
        < 100.0 - 1e-9
    )
    technology = parsed.text.get("technology", np.full(size, "", dtype=object))
    parts = [parsed.text["country"], parsed.text["year"], np.where(primary, technology, "")]
    flags = [primary, pre, post] + [
        np.isfinite(parsed.numbers[name]) & (primary | (name not in PRIMARY_ONLY))
        if name in parsed.numbers
        else np.zeros(size, bool)
        for name in VARIED
    ]
    code = np.zeros(size, dtype=np.int64)
    for part in parts:
        codes, distinct = factorize(part)
        code = code * len(distinct) + codes
    for flag in flags:
        code = code * 2 + flag
    indices = np.flatnonzero(valid)
    if indices.size == 0:
        return
    inverse = np.unique(code[indices], return_inverse=True)[1]
    order = np.argsort(inverse, kind="stable")
    bounds = np.flatnonzero(np.diff(inverse[order])) + 1
    for group in np.split(indices[order], bounds):
        first = group[0]
        given = tuple(
            name
            for name in VARIED
            if name in parsed.numbers
            and np.isfinite(parsed.numbers[name][first])
            and (primary[first] or name not in PRIMARY_ONLY)
        )
        yield (
            Shape(
                country=str(parsed.text["country"][first]),
                year=int(parsed.text["year"][first]),
                technology=str(technology[first]) if primary[first] else None,
                has_primary=bool(primary[first]),
                has_recycled=bool(pre[first] or post[first]),
                has_pre=bool(pre[first]),
                has_post=bool(post[first]),
                given=given,
            ),
            group,
        )


def _scalar_values(values: Mapping[str, np.ndarray], at: int) -> dict[str, float]:
    return {name: float(array[at]) for name, array in values.items()}


def _per_row(footprint: Footprint, size: int) -> tuple[np.ndarray, np.ndarray, dict[int, Any]]:
    product = footprint.products[-1]  # the mix when two routes make the product
    method = footprint.scope2_method
    scopes = {
        scope: np.asarray(
            sum(
                (r.co2e_t_per_t for r in product.footprint.breakdown(method) if r.scope == scope),
                np.zeros(size),
            )
        )
        for scope in (1, 2, 3)
    }
    return (
        np.broadcast_to(product.footprint.total_t_per_t(method), (size,)),
        np.broadcast_to(product.footprint.total_t_per_t("location-based"), (size,)),
        scopes,
    )


def _evaluate_rows(
    shape: Shape, values: Mapping[str, np.ndarray], factors: FactorSet
) -> Iterator[tuple[np.ndarray, Footprint | None, str]]:
    """Yield (positions, footprint or None, reason) for the rows of one shape.

    The rows are evaluated together; if the engine refuses them, the first and the last
    row are evaluated alone: when both fail alike, the shape itself (e.g. a country
    without grid data) is refused for every row; otherwise the group is halved until
    each refused row is found.
    """
    size = len(next(iter(values.values())))
    paths = _variation_paths(shape)
    plant = plant_from_mapping(plant_mapping(shape, _scalar_values(values, 0), "offer"))

    def run(part: np.ndarray) -> Footprint:
        variations = {path: Q_(values[name][part], unit) for name, (path, unit) in paths.items()}
        return evaluate(plant, factors, variations=variations or None)

    def reason(exc: InputError) -> str:
        return str(exc).replace(f"{plant.path}: ", "")

    everything = np.arange(size)
    try:
        yield everything, run(everything), ""
        return
    except InputError as exc:
        first = reason(exc)
    if size > 1:
        ends = []
        for end in (everything[:1], everything[-1:]):
            try:
                run(end)
            except InputError as exc:
                ends.append(reason(exc))
        if len(ends) == 2 and ends[0] == ends[1]:
            yield everything, None, ends[0]
            return
    pending = [everything[size // 2 :], everything[: size // 2]] if size > 1 else []
    if size == 1:
        yield everything, None, first
    while pending:
        part = pending.pop()
        try:
            yield part, run(part), ""
        except InputError as exc:
            if part.size == 1:
                yield part, None, reason(exc)
            else:
                pending += [part[part.size // 2 :], part[: part.size // 2]]


def evaluate_groups(
    parsed: ParsedColumns,
    rows: np.ndarray,
    factors: FactorSet,
    valid: np.ndarray,
    progress: Callable[[int], None] | None = None,
) -> GroupResult:
    """Evaluate the valid rows of a chunk, one vectorised pass per shape.

    Parameters
    ----------
    parsed : ParsedColumns
        The checked cells.
    rows : numpy.ndarray
        Row numbers, for the errors.
    factors : FactorSet
        Factors to use.
    valid : numpy.ndarray
        Rows to evaluate.
    progress : callable, optional
        Called with the number of rows done after each pass of the engine.

    Returns
    -------
    GroupResult
        Arrays over all rows of the chunk (NaN where not evaluated).
    """
    size = parsed.size
    intensity = np.full(size, np.nan)
    location = np.full(size, np.nan)
    scopes = {s: np.full(size, np.nan) for s in (1, 2, 3)}
    defaults: set[tuple[str, str, str]] = set()
    errors: list[RowError] = []
    refused = np.zeros(size, dtype=bool)
    for shape, group in shapes(parsed, valid):
        for index in np.array_split(group, -(-group.size // ROWS_PER_PASS)):
            try:
                for part, footprint, reason in _evaluate_rows(
                    shape, _row_values(parsed, factors, index), factors
                ):
                    at = index[part]
                    if footprint is None:
                        errors += [RowError(int(rows[i]), "row", "", reason) for i in at]
                        refused[at] = True
                        continue
                    total, location_based, by_scope = _per_row(footprint, part.size)
                    intensity[at], location[at] = total, location_based
                    for scope, array in by_scope.items():
                        scopes[scope][at] = array
                    defaults |= {
                        (d.key, d.factor, d.value) for d in footprint.inventory.defaults_used
                    }
            except InputError as exc:  # the shape has no plant (e.g. an unknown country)
                reason = str(exc).replace("<mapping>: ", "")
                errors += [RowError(int(rows[i]), "row", "", reason) for i in index]
                refused[index] = True
            if progress is not None:
                progress(index.size)
    return GroupResult(intensity, location, scopes, defaults, errors, refused)
