"""Inventory x factor set -> footprint: CO2e per tonne, by stage, source, gas and scope.

All arithmetic is on NumPy arrays with one element per plant variant, so a
batch of variants (or of factor samples) is one pass. Units are fixed here and
named in the variables: every amount is per tonne of product and every CO2e
value is ``t CO2e/t``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from aluco2 import __version__
from aluco2._arguments import check_choice
from aluco2._errors import InputError
from aluco2._factors import FactorSet
from aluco2._footprint._document import compare_document, footprint_document
from aluco2._footprint._labels import LabelCheck, check, label
from aluco2._inventory import Inventory, build_inventory
from aluco2._json import to_json
from aluco2._plant import GWP_SETS

if TYPE_CHECKING:
    from aluco2._plant import Plant
    from aluco2._units import Quantity

__all__ = [
    "BreakdownRow",
    "Comparison",
    "Footprint",
    "ProductResult",
    "RouteFootprint",
    "compare_footprints",
    "compute_footprint",
    "evaluate",
]

GASES_WITH_GWP = ("CO2", "CH4", "N2O", "CF4", "C2F6", "SF6")
MEMO_GASES = ("CO2_biogenic",)
"""Gases reported apart from the total (biogenic CO2, GHG Protocol)."""


@dataclasses.dataclass(frozen=True, slots=True)
class BreakdownRow:
    """CO2e of one stage, source, gas and scope, per tonne of product."""

    stage: str
    source: str
    gas: str
    scope: int
    scope2_basis: str | None
    """None when the row counts in both scope 2 bases, else 'market' or 'location'."""
    co2e_t_per_t: np.ndarray
    """One element per variant. [t CO2e/t]"""
    references: tuple[str, ...]
    """Factor ids and plant key paths the row used."""


@dataclasses.dataclass(frozen=True)
class RouteFootprint:
    """Footprint of one route per tonne of its product."""

    route: str
    rows: tuple[BreakdownRow, ...]
    biogenic_co2_t_per_t: np.ndarray
    """Biogenic CO2 of fuels, reported apart and not in the totals. [t CO2/t]"""

    def breakdown(self, scope2_method: str) -> tuple[BreakdownRow, ...]:
        """Return the rows that count under ``scope2_method``.

        Parameters
        ----------
        scope2_method : {'market-based', 'location-based'}
            Basis of purchased electricity.

        Returns
        -------
        tuple of BreakdownRow
            Rows of both bases and of the chosen one.
        """
        basis = scope2_method.split("-")[0]
        return tuple(r for r in self.rows if r.scope2_basis in (None, basis))

    def total_t_per_t(self, scope2_method: str) -> np.ndarray:
        """Return the total CO2e per tonne under ``scope2_method``.

        Parameters
        ----------
        scope2_method : {'market-based', 'location-based'}
            Basis of purchased electricity.

        Returns
        -------
        numpy.ndarray
            One element per variant. [t CO2e/t]
        """
        rows = self.breakdown(scope2_method)
        if not rows:
            return np.zeros_like(self.biogenic_co2_t_per_t)
        return np.asarray(np.sum([r.co2e_t_per_t for r in rows], axis=0), dtype=float)


@dataclasses.dataclass(frozen=True)
class ProductResult:
    """A product made by a route or by the product's mix of routes."""

    product: str
    route: str
    """'primary', 'recycled' or 'mix'."""
    route_shares: Mapping[str, np.ndarray]
    footprint: RouteFootprint


@dataclasses.dataclass(frozen=True)
class Footprint:
    """The footprint of a plant: per route and per product, with provenance."""

    plant: Plant
    inventory: Inventory
    gwp_set: str
    scope2_method: str
    factor_set_hash: str
    factor_files: tuple[str, ...]
    routes: Mapping[str, RouteFootprint]
    products: tuple[ProductResult, ...]
    aluco2_version: str = __version__

    @property
    def refused(self) -> Mapping[int, str]:
        """Variants refused one by one (index -> reason); their values are NaN."""
        return self.inventory.refused

    def check_labels(
        self, names: Sequence[str], origin_default_t_per_t: float | None = None
    ) -> tuple[tuple[ProductResult, LabelCheck], ...]:
        """Judge every product result against the labels ``names``.

        Parameters
        ----------
        names : sequence of str
            Label ids (``aluco2 labels`` lists them).
        origin_default_t_per_t : float, optional
            The CBAM default value of the plant's country for its good, the threshold of
            the ``cbam-default`` label (:func:`aluco2.cbam_default` looks it up). [t CO2e/t]

        Returns
        -------
        tuple of (ProductResult, LabelCheck)
            For each result and label: pass or fail with the margin, on the label's own
            boundary (Scope 1+2 labels never on the cradle-to-gate total).

        Raises
        ------
        InputError
            If a label is unknown.
        """
        chosen = [label(name) for name in names]
        checks = []
        for result in self.products:
            rows = result.footprint.breakdown(self.scope2_method)
            scopes = {
                s: sum(float(r.co2e_t_per_t[0]) for r in rows if r.scope == s) for s in (1, 2)
            }
            total = float(result.footprint.total_t_per_t(self.scope2_method)[0])
            checks += [
                (result, check(lab, result.route, scopes, total, origin_default_t_per_t))
                for lab in chosen
            ]
        return tuple(checks)

    def to_dict(
        self,
        unit: str = "t CO2e/t",
        labels: Sequence[str] = (),
        origin_default_t_per_t: float | None = None,
    ) -> dict[str, Any]:
        """Return the JSON document of ``aluco2 footprint --format json``.

        Parameters
        ----------
        unit : str, default 't CO2e/t'
            Unit of every intensity, any CO2e-per-mass unit (e.g. 'kg CO2e/t').
        labels : sequence of str, optional
            Label ids to judge the results against (``--check-label``), listed under
            ``label_checks`` in t CO2e/t.
        origin_default_t_per_t : float, optional
            Threshold of the ``cbam-default`` label, as for :meth:`check_labels`.

        Returns
        -------
        dict
            ``aluco2_version``, ``provenance`` and ``results`` (one per product and route,
            each with its intensity and a breakdown that adds up to it); described by
            ``aluco2 schema footprint-result``.
        """
        document = footprint_document([self], unit)
        if labels:
            document["label_checks"] = [
                {"plant": self.plant.name, "product": r.product, "route": r.route, **c.to_dict()}
                for r, c in self.check_labels(labels, origin_default_t_per_t)
            ]
        return document

    def to_json(
        self,
        unit: str = "t CO2e/t",
        labels: Sequence[str] = (),
        origin_default_t_per_t: float | None = None,
    ) -> str:
        """Return :meth:`to_dict` as the CLI's JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict(unit, labels, origin_default_t_per_t))


@dataclasses.dataclass(frozen=True)
class Comparison:
    """Footprints of several plants under one GWP set, side by side."""

    footprints: tuple[Footprint, ...]

    def to_dict(self, unit: str = "t CO2e/t") -> dict[str, Any]:
        """Return the JSON document of ``aluco2 compare --format json``.

        Parameters
        ----------
        unit : str, default 't CO2e/t'
            Unit of every intensity.

        Returns
        -------
        dict
            The footprint document of all plants plus ``comparison``: per plant, product
            and route the intensity, the difference to the first and the source shares;
            described by ``aluco2 schema compare-result``.
        """
        return compare_document(self.footprints, unit)

    def to_json(self, unit: str = "t CO2e/t") -> str:
        """Return :meth:`to_dict` as the CLI's JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict(unit))


def compare_footprints(footprints: Sequence[Footprint]) -> Comparison:
    """Put footprints side by side, refusing a mix of GWP sets.

    Parameters
    ----------
    footprints : sequence of Footprint
        At least one footprint.

    Returns
    -------
    Comparison
        The footprints in the order given; the first is the reference.

    Raises
    ------
    InputError
        If no footprint is given or they use different GWP sets (comparing them misleads).
    """
    if not footprints:
        raise InputError(expected="at least one plant to compare", key_path=("plants",))
    sets = {f.gwp_set for f in footprints}
    if len(sets) > 1:
        raise InputError(
            expected="plants under one GWP set; comparing different sets misleads",
            value=", ".join(sorted(sets)),
            key_path=("gwp",),
            hint="Pass --gwp (gwp_set= in Python) to use the same set for all.",
        )
    return Comparison(tuple(footprints))


def _gwp_values(
    factors: FactorSet, gwp_set: str, size: int, samples: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    values = {}
    for gas in GASES_WITH_GWP:
        factor_id = f"gwp.{gwp_set}.{gas}"
        if factor_id in samples:
            values[gas] = np.broadcast_to(np.asarray(samples[factor_id], dtype=float), (size,))
        else:
            values[gas] = np.full(size, factors.magnitude(factor_id, f"t CO2e / t {gas}"))
    values["CO2e"] = np.ones(size)
    return values


def _route_footprint(
    route: str, inventory: Inventory, gwp_t_co2e_per_t: Mapping[str, np.ndarray]
) -> RouteFootprint:
    sums: dict[tuple[str, str, str, int, str | None], np.ndarray] = {}
    references: dict[tuple[str, str, str, int, str | None], list[str]] = {}
    biogenic_t_per_t = np.zeros(inventory.size)
    for activity in inventory.routes[route].activities:
        for use in activity.factors:
            gas_t_per_t = activity.amount * use.value
            if use.gas in MEMO_GASES:
                biogenic_t_per_t = biogenic_t_per_t + gas_t_per_t
                continue
            key = (activity.stage, activity.source, use.gas, activity.scope, activity.scope2_basis)
            co2e_t_per_t = gas_t_per_t * gwp_t_co2e_per_t[use.gas]
            sums[key] = sums.get(key, 0.0) + co2e_t_per_t
            references.setdefault(key, []).extend((use.reference, *activity.inputs))
    rows = tuple(
        BreakdownRow(
            *key,
            co2e_t_per_t=np.broadcast_to(value, (inventory.size,)).copy(),
            references=tuple(dict.fromkeys(references[key])),
        )
        for key, value in sums.items()
    )
    return RouteFootprint(route, rows, biogenic_t_per_t)


def _mix(routes: Mapping[str, RouteFootprint], shares: Mapping[str, np.ndarray]) -> RouteFootprint:
    """Share-weighted footprint of a product made by several routes."""
    sums: dict[tuple[str, str, str, int, str | None], np.ndarray] = {}
    references: dict[tuple[str, str, str, int, str | None], tuple[str, ...]] = {}
    biogenic = 0.0
    for route, share in shares.items():
        footprint = routes[route]
        biogenic = biogenic + footprint.biogenic_co2_t_per_t * share
        for row in footprint.rows:
            key = (row.stage, row.source, row.gas, row.scope, row.scope2_basis)
            sums[key] = sums.get(key, 0.0) + row.co2e_t_per_t * share
            references[key] = tuple(dict.fromkeys(references.get(key, ()) + row.references))
    rows = tuple(
        BreakdownRow(*key, co2e_t_per_t=value, references=references[key])
        for key, value in sums.items()
    )
    return RouteFootprint("mix", rows, np.asarray(biogenic))


def _without(route: RouteFootprint, refused: list[int]) -> RouteFootprint:
    """Set the refused variants of a route footprint to NaN (they have no result)."""
    rows = []
    for row in route.rows:
        values = np.array(row.co2e_t_per_t, dtype=float)
        values[refused] = np.nan
        rows.append(dataclasses.replace(row, co2e_t_per_t=values))
    biogenic = np.array(
        np.broadcast_to(route.biogenic_co2_t_per_t, (len(rows[0].co2e_t_per_t),))
        if rows
        else route.biogenic_co2_t_per_t,
        dtype=float,
    )
    if rows:
        biogenic[refused] = np.nan
    return RouteFootprint(route.route, tuple(rows), biogenic)


def _check_finite(routes: Mapping[str, RouteFootprint], plant: Plant, refused: list[int]) -> None:
    """Refuse a footprint holding inf or NaN outside the refused variants."""
    for name, route in routes.items():
        for row in route.rows:
            values = np.delete(row.co2e_t_per_t, refused) if refused else row.co2e_t_per_t
            if not np.all(np.isfinite(values)):
                raise InputError(
                    expected=f"inputs giving a finite footprint; the {row.stage} {row.source} "
                    f"{row.gas} row of the {name} route is not finite",
                    file=plant.path,
                    key_path=(name,),
                    hint="Check the magnitudes of the values and factor samples it uses.",
                )


def compute_footprint(
    inventory: Inventory,
    factors: FactorSet,
    *,
    gwp_set: str | None = None,
    factor_samples: Mapping[str, np.ndarray] | None = None,
) -> Footprint:
    """Multiply the inventory by its factors and the GWPs and add up.

    Parameters
    ----------
    inventory : Inventory
        Activities of the plant's routes.
    factors : FactorSet
        The factor set the inventory was built with (for the GWPs and provenance).
    gwp_set : {'SAR', 'AR4', 'AR5', 'AR6'}, optional
        GWP set; the plant file's by default.
    factor_samples : mapping of str to numpy.ndarray, optional
        Values of GWP records (``gwp.<set>.<gas>``) replacing the shipped ones; pass the
        same samples as to :func:`aluco2._inventory.build_inventory`.

    Returns
    -------
    Footprint
        Per route and per product, with provenance.

    Raises
    ------
    InputError
        If a row of the footprint is not finite.
    """
    plant = inventory.plant
    gwp = gwp_set or plant.model.gwp
    gwp_values = _gwp_values(factors, gwp, inventory.size, factor_samples or {})
    routes = {name: _route_footprint(name, inventory, gwp_values) for name in inventory.routes}
    if inventory.refused:
        routes = {name: _without(route, list(inventory.refused)) for name, route in routes.items()}
    _check_finite(routes, plant, list(inventory.refused))
    products = []
    for product, shares in zip(plant.model.products, inventory.product_shares, strict=True):
        for route in shares:
            products.append(ProductResult(product.name, route, {route: np.ones(1)}, routes[route]))
        if len(shares) > 1:
            products.append(ProductResult(product.name, "mix", shares, _mix(routes, shares)))
    return Footprint(
        plant=plant,
        inventory=inventory,
        gwp_set=gwp,
        scope2_method=plant.model.scope2_method,
        factor_set_hash=factors.hash,
        factor_files=factors.files,
        routes=routes,
        products=tuple(products),
    )


def evaluate(
    plant: Plant,
    factors: FactorSet,
    *,
    variations: Mapping[str, Quantity] | None = None,
    factor_samples: Mapping[str, np.ndarray] | None = None,
    gwp_set: str | None = None,
) -> Footprint:
    """Build the inventory of ``plant`` and compute its footprint in one call.

    Parameters
    ----------
    plant : Plant
        The validated plant.
    factors : FactorSet
        Factors to use.
    variations : mapping of str to pint.Quantity, optional
        Plant values to vary, by key path; see :func:`aluco2._inventory.build_inventory`.
    factor_samples : mapping of str to numpy.ndarray, optional
        Factor values to use instead of the records', by id, in each record's canonical
        unit (e.g. Monte Carlo samples); see :func:`aluco2._inventory.build_inventory`.
    gwp_set : str, optional
        GWP set replacing the plant file's.

    Returns
    -------
    Footprint
        The footprint, with one element per variant in every array.

    Raises
    ------
    InputErrors
        If a plant value breaks chemistry or mass balance, a factor is missing, or a
        variation, a sample or the GWP set is not usable.
    """
    if gwp_set is not None:
        check_choice("gwp_set", gwp_set, GWP_SETS)
    inventory = build_inventory(plant, factors, variations, factor_samples)
    return compute_footprint(inventory, factors, gwp_set=gwp_set, factor_samples=factor_samples)
