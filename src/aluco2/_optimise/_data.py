"""Problem + factor set -> the numbers of the linear programme.

Every CO2e coefficient is taken from the footprint engine: a template plant with the
problem's site, electricity options and fuels is evaluated once, vectorised, with one
variant per unit of fuel and per MWh of each electricity source, so the optimiser and
``aluco2 footprint`` cannot disagree about a factor, a GWP or a grid choice.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Mapping
from typing import Any

import numpy as np

from aluco2._errors import InputError, InputErrors
from aluco2._factors import FactorSet
from aluco2._footprint import evaluate
from aluco2._plant import load_plant, plant_from_mapping
from aluco2._problem import ChargeMaterial, Problem
from aluco2._units import Q_, as_unit, parse_quantity

SCRAP_CLASS_CONSUMER = {"clean_process_scrap": "pre", "old_scrap": "post"}


@dataclasses.dataclass(frozen=True)
class MaterialData:
    """A candidate material in numbers (masses in t, contents as fractions)."""

    name: str
    kind: str
    metal_yield: float
    composition: Mapping[str, float]
    composition_sd: Mapping[str, float]
    consumer: str | None
    scrap_class: str | None
    price_per_t: float
    co2e_t_per_t: float
    """Burden of the material itself (scrap: the allocation's burden). [t CO2e/t]"""
    co2e_reference: str
    source_file: tuple[str, str] | None
    """(path, SHA-256) of the plant file the CO2e comes from, if any."""
    preparation_fuel_gj_per_t: Mapping[str, float]
    """Preparation fuel per t of material, given or from the scrap class's shipped data."""
    preparation_electricity_mwh_per_t: float
    preparation_defaulted: tuple[str, ...]
    """Carriers ('fuels', 'electricity') of preparation the material leaves out, taken from
    its shipped scrap class's data (``recycling.<class>.preparation.*``) as the engine does."""
    min_t: float
    max_t: float | None
    lot_t: float | None


@dataclasses.dataclass(frozen=True)
class MeltingData:
    """A melting option per t of product."""

    name: str
    fuel_gj_per_t: Mapping[str, float]
    electricity_mwh_per_t: float
    price_per_t: float
    capacity_t: float | None


@dataclasses.dataclass(frozen=True)
class SupplyData:
    """An electricity source."""

    name: str
    co2e_t_per_mwh: float
    price_per_mwh: float
    capacity_mwh: float | None
    contract: int | None
    """Index among the contracts of the template plant; None for the grid."""


@dataclasses.dataclass(frozen=True)
class WindowData:
    """A composition limit: the content of ``elements`` (summed) between min and max."""

    label: str
    elements: tuple[str, ...]
    min_fraction: float | None
    max_fraction: float | None
    reference: str


@dataclasses.dataclass(frozen=True)
class ProblemData:
    """Everything the linear programme needs, in fixed units (t, MWh, GJ, currency)."""

    problem: Problem
    mass_t: float
    currency: str
    materials: tuple[MaterialData, ...]
    melting: tuple[MeltingData, ...]
    supplies: tuple[SupplyData, ...]
    windows: tuple[WindowData, ...]
    fuel_co2e_t_per_gj: Mapping[str, float]
    fuel_price_per_gj: Mapping[str, float]
    min_recycled_fraction: float | None
    min_post_consumer_fraction: float | None
    max_cost_per_t: float | None
    max_co2e_t_per_t: float | None
    one_melting_option: bool
    elements: tuple[str, ...]


def _value(text: str | None, unit: str, default: float | None = None) -> float | None:
    return default if text is None else float(parse_quantity(text).m_as(as_unit(unit)))


def _money(text: str | None, per: str, currency: str, default: float | None = None) -> float | None:
    return _value(text, f"{currency}/{per}", default)


def template_plant_mapping(problem: Problem, fuels: list[str]) -> dict[str, Any]:
    """Return a recycled-route plant with the site, fuels and electricity sources at zero.

    Parameters
    ----------
    problem : Problem
        The problem.
    fuels : list of str
        Fuel ids used by any option.

    Returns
    -------
    dict
        Plant data whose footprint is zero until varied.
    """
    model = problem.model
    contracts = [
        {"name": e.name, "share": "0 %", "factor": e.factor}
        for e in model.electricity
        if e.factor is not None
    ]
    return {
        "plant": model.problem,
        "country": model.country,
        "year": model.year,
        "gwp": model.gwp,
        "scope2_method": model.scope2_method,
        "electricity": {"contracts": contracts},
        "recycled": {
            "scrap": [
                {"class": "charge", "share": "100 %", "consumer": "post", "scrap_charge": "1 t/t"}
            ],
            "preparation": {"fuels": {}, "electricity": "0 MWh/t"},
            "melting": {"fuels": {f: "0 GJ/t" for f in fuels}, "electricity": "0 MWh/t"},
        },
        "products": [{"name": "product", "routes": {"recycled": "100 %"}}],
    }


def _unit_coefficients(
    problem: Problem, factors: FactorSet, fuels: list[str]
) -> tuple[dict[str, float], list[float]]:
    """CO2e per GJ of each fuel and per MWh of each electricity source, from the engine."""
    model = problem.model
    contracts = [e for e in model.electricity if e.factor is not None]
    count = 1 + len(fuels) + len(model.electricity)
    variations: dict[str, Any] = {}
    for index, fuel in enumerate(fuels):
        amounts = np.zeros(count)
        amounts[1 + index] = 1.0
        variations[f"recycled.melting.fuels.{fuel}"] = Q_(amounts, "GJ/t")
    electricity = np.zeros(count)
    electricity[1 + len(fuels) :] = 1.0
    variations["recycled.melting.electricity"] = Q_(electricity, "MWh/t")
    for index, contract in enumerate(contracts):
        shares = np.zeros(count)
        shares[1 + len(fuels) + model.electricity.index(contract)] = 1.0
        variations[f"electricity.contracts[{index}].share"] = Q_(shares, "")
    plant = plant_from_mapping(template_plant_mapping(problem, fuels), name=problem.path)
    footprint = evaluate(plant, factors, variations=variations)
    totals = footprint.routes["recycled"].total_t_per_t(model.scope2_method)
    increments = totals - totals[0]
    fuel_coefficients = {fuel: float(increments[1 + i]) for i, fuel in enumerate(fuels)}
    return fuel_coefficients, [float(v) for v in increments[1 + len(fuels) :]]


def _material_co2e(
    material: ChargeMaterial, index: int, problem: Problem, factors: FactorSet
) -> tuple[float, str, tuple[str, str] | None]:
    """Return the CO2e of a material per t, its reference, and the plant file it came from."""
    key = f"materials[{index}]"
    model = problem.model
    if material.kind == "scrap":
        consumer = material.consumer or SCRAP_CLASS_CONSUMER.get(material.scrap_class or "")
        if model.allocation.approach == "cut-off":
            return 0.0, "allocation: cut-off", None
        burden = getattr(model.allocation, f"{consumer}_consumer_burden")
        if burden is None:
            raise InputError(
                expected=f"given for {consumer}-consumer scrap",
                key_path=("allocation", f"{consumer}_consumer_burden"),
            )
        burden_t_per_t = float(parse_quantity(burden).m_as("t CO2e/t"))
        return burden_t_per_t, f"allocation.{consumer}_consumer_burden", None
    if material.co2e is not None:
        given = float(parse_quantity(material.co2e).m_as("t CO2e/t"))
        return given, f"problem:{key}.co2e", None
    if material.footprint is not None:
        source = material.footprint
        plant = load_plant(problem.directory / source.plant)
        footprint = evaluate(plant, factors, gwp_set=model.gwp)
        for result in footprint.products:
            if result.product == source.product and result.route == source.route:
                value = float(result.footprint.total_t_per_t(plant.model.scope2_method)[0])
                reference = f"footprint:{source.plant}#{source.product}/{source.route}"
                return value, reference, (plant.path, plant.sha256)
        raise InputError(
            expected=f"a product and route of {source.plant}",
            value=f"{source.product}/{source.route}",
            key_path=("materials", index, "footprint"),
        )
    if material.kind == "element":
        (element,) = material.composition
        factor_id = f"alloying.{element}.co2e"
        if factor_id in factors:
            return factors.magnitude(factor_id, "t CO2e/t"), factor_id, None
        raise InputError(
            expected=f"given ('co2e'): the factor set has no {factor_id}",
            key_path=("materials", index, "co2e"),
        )
    raise InputError(
        expected="given for primary metal and master alloys",
        key_path=("materials", index, "co2e"),
        hint="Give 'co2e' or a plant 'footprint'.",
    )


AL_BALANCE_TOLERANCE = 0.0005
"""Largest gap between a listed Al content and 100 % less the other elements (0.05 wt-%,
the rounding of analyses that print two decimals per element)."""


def _composition(material: ChargeMaterial, key: tuple[str | int, ...]) -> dict[str, float]:
    """Contents as fractions, Al left out: it is the balance, checked where it is given.

    Raises
    ------
    InputError
        If a listed Al content and the other elements do not add up to 100 wt-%.
    """
    contents = {e: _value(v, "") or 0.0 for e, v in material.composition.items()}
    aluminium = contents.pop("Al", None)
    if aluminium is not None and abs(aluminium + sum(contents.values()) - 1.0) > (
        AL_BALANCE_TOLERANCE
    ):
        balance = 100 * (1.0 - sum(contents.values()))
        raise InputError(
            expected=(
                f"the balance of the other elements, {balance:.4g} wt-% (within "
                f"{100 * AL_BALANCE_TOLERANCE:g} wt-%)"
            ),
            value=material.composition["Al"],
            key_path=(*key, "composition", "Al"),
            hint="Al is taken as the balance; leave it out or correct the other contents.",
        )
    return contents


def _preparation(
    material: ChargeMaterial, metal_yield: float, factors: FactorSet
) -> tuple[dict[str, float], float, tuple[str, ...]]:
    """Return the preparation energy per t of material: as given, else the class's data.

    A carrier ('fuels', 'electricity') the material leaves out takes, for a shipped scrap
    class, the class's data (``recycling.<class>.preparation.energy.<fuel>`` and
    ``.electricity``, zero where the class has none) as the footprint engine does
    (:mod:`aluco2._inventory._recycled`): they are per t of metal from the class, so per t
    of material they are times the metal yield.

    Returns
    -------
    tuple
        Fuel [GJ/t] by fuel id, electricity [MWh/t], and the carriers defaulted.
    """
    given = material.preparation
    given_carriers = given.model_fields_set if given is not None else set()
    fuels = {f: _value(v, "GJ/t") or 0.0 for f, v in (given.fuels if given else {}).items()}
    electricity = _value(given.electricity if given else None, "MWh/t") or 0.0
    shipped_class = (
        material.kind == "scrap" and f"recycling.{material.scrap_class}.scrap_charge" in factors
    )
    if not shipped_class:
        return fuels, electricity, ()
    prefix = f"recycling.{material.scrap_class}.preparation"
    defaulted = tuple(c for c in ("fuels", "electricity") if c not in given_carriers)
    if "fuels" in defaulted:
        fuels = {
            r.id.rsplit(".", 1)[1]: factors.magnitude(r.id, "GJ/t") * metal_yield
            for r in factors.select(f"{prefix}.energy.*")
        }
    if "electricity" in defaulted and f"{prefix}.electricity" in factors:
        electricity = factors.magnitude(f"{prefix}.electricity", "MWh/t") * metal_yield
    return fuels, electricity, defaulted


def _material(
    material: ChargeMaterial, index: int, problem: Problem, factors: FactorSet
) -> MaterialData:
    currency = problem.model.currency
    key = ("materials", index)
    metal_yield = _value(material.metal_yield, "")
    if metal_yield is None and material.scrap_class is not None:
        factor_id = f"recycling.{material.scrap_class}.scrap_charge"
        if factor_id not in factors:
            raise InputError(
                expected="a scrap class of the factor set",
                value=material.scrap_class,
                key_path=(*key, "scrap_class"),
            )
        metal_yield = 1.0 / factors.magnitude(factor_id, "t/t")
    if metal_yield is None or metal_yield <= 0:
        raise InputError(
            expected="a metal yield above 0 %",
            key_path=(*key, "metal_yield"),
            hint="Give 'metal_yield' (or a shipped 'scrap_class').",
        )
    consumer = material.consumer or SCRAP_CLASS_CONSUMER.get(material.scrap_class or "")
    if material.kind == "scrap" and consumer is None:
        raise InputError(
            expected="given ('pre' or 'post') for this scrap", key_path=(*key, "consumer")
        )
    co2e, reference, source_file = _material_co2e(material, index, problem, factors)
    fuels, electricity, defaulted = _preparation(material, metal_yield, factors)
    return MaterialData(
        name=material.name,
        kind=material.kind,
        metal_yield=metal_yield,
        composition=_composition(material, key),
        composition_sd={e: _value(v, "") or 0.0 for e, v in material.composition_sd.items()},
        consumer=consumer,
        scrap_class=material.scrap_class,
        price_per_t=_money(material.price, "t", currency) or 0.0,
        co2e_t_per_t=co2e,
        co2e_reference=reference,
        source_file=source_file,
        preparation_fuel_gj_per_t=fuels,
        preparation_electricity_mwh_per_t=electricity,
        preparation_defaulted=defaulted,
        min_t=_value(material.available.min, "t", 0.0) or 0.0,
        max_t=_value(material.available.max, "t"),
        lot_t=_value(material.lot, "t"),
    )


def _windows(problem: Problem, factors: FactorSet) -> list[WindowData]:
    """Composition windows: the alloy's records, replaced element by element by inline ones."""
    target = problem.model.target
    windows: dict[str, WindowData] = {}
    if target.alloy is not None:
        records = factors.select(f"alloy.{target.alloy}.*.min") + factors.select(
            f"alloy.{target.alloy}.*.max"
        )
        if not records:
            alloys = sorted({r.id.split(".")[1] for r in factors.select("alloy.*.*.max")})
            raise InputError(
                expected=f"an alloy of the factor set ({', '.join(alloys)})",
                value=target.alloy,
                key_path=("target", "alloy"),
            )
        bounds: dict[str, dict[str, float]] = {}
        for record in records:
            _, _, label, bound = record.id.split(".")
            bounds.setdefault(label, {})[bound] = record.magnitude / 100
        for label, limits in bounds.items():
            windows[label] = _window(
                label, limits.get("min"), limits.get("max"), f"alloy.{target.alloy}.{label}"
            )
    for label, window in target.composition.items():
        windows[label] = _window(
            label,
            _value(window.min, ""),
            _value(window.max, ""),
            f"problem:target.composition.{label}",
        )
    return list(windows.values())


def _window(label: str, low: float | None, high: float | None, reference: str) -> WindowData:
    if label in ("others_each", "others_total"):
        return WindowData(label, (), low, high, reference)
    return WindowData(label.replace("_", "+"), tuple(label.split("_")), low, high, reference)


def _fuel_paths(problem: Problem, fuel: str) -> list[tuple[str | int, ...]]:
    """Key paths where the problem names ``fuel``."""
    model = problem.model
    paths: list[tuple[str | int, ...]] = [
        ("melting", j, "fuels", fuel) for j, o in enumerate(model.melting) if fuel in o.fuels
    ]
    paths += [
        ("materials", i, "preparation", "fuels", fuel)
        for i, m in enumerate(model.materials)
        if m.preparation is not None and fuel in m.preparation.fuels
    ]
    return paths


def problem_data(problem: Problem, factors: FactorSet) -> ProblemData:
    """Resolve a problem into the numbers of its linear programme.

    Parameters
    ----------
    problem : Problem
        The validated problem.
    factors : FactorSet
        Factor set for fuels, grid, GWPs, alloy windows, element intensities.

    Returns
    -------
    ProblemData
        Materials, options, windows and coefficients in fixed units.

    Raises
    ------
    InputErrors
        Naming every key path whose data are missing or inconsistent.
    """
    model = problem.model
    errors: list[InputError] = []
    materials = []
    for index, material in enumerate(model.materials):
        try:
            materials.append(_material(material, index, problem, factors))
        except InputError as exc:  # InputErrors too: flattened when raised together
            errors.append(exc)
    fuels = sorted(
        {f for o in model.melting for f in o.fuels}
        | {f for m in materials for f in m.preparation_fuel_gj_per_t}
    )
    for fuel in fuels:
        if f"fuel.{fuel}.co2" not in factors:
            known = sorted({r.id.split(".")[1] for r in factors.select("fuel.*.co2")})
            errors.extend(
                InputError(
                    expected=f"a fuel of the factor set ({', '.join(known)})",
                    value=fuel,
                    key_path=path,
                )
                for path in _fuel_paths(problem, fuel)
            )
        if fuel not in model.fuel_prices:
            errors.append(
                InputError(
                    expected=f"given: fuel {fuel!r} is used, so it needs a price",
                    key_path=("fuel_prices", fuel),
                )
            )
    needs_electricity = any(o.electricity for o in model.melting) or any(
        m.preparation_electricity_mwh_per_t for m in materials
    )
    if needs_electricity and not model.electricity:
        errors.append(
            InputError(
                expected="at least one electricity option (e.g. the grid)",
                key_path=("electricity",),
            )
        )
    try:
        windows = _windows(problem, factors)
    except InputError as exc:
        errors.append(exc)
        windows = []
    if errors:
        flat = [s for e in errors for s in (e.errors if isinstance(e, InputErrors) else [e])]
        raise InputErrors(
            e.located(file=problem.path, line=problem.line_of(e.key_path)) for e in flat
        )
    fuel_co2e, supply_co2e = _unit_coefficients(problem, factors, fuels)
    currency = model.currency
    contracts = [e for e in model.electricity if e.factor is not None]
    constraints = model.constraints
    elements = sorted(
        {e for m in materials for e in m.composition}
        | {e for w in windows for e in w.elements if e != "Al"}
    )
    return ProblemData(
        problem=problem,
        mass_t=_value(model.target.mass, "t") or 0.0,
        currency=currency,
        materials=tuple(materials),
        melting=tuple(
            MeltingData(
                name=o.name,
                fuel_gj_per_t={f: _value(v, "GJ/t") or 0.0 for f, v in o.fuels.items()},
                electricity_mwh_per_t=_value(o.electricity, "MWh/t", 0.0) or 0.0,
                price_per_t=_money(o.price, "t", currency, 0.0) or 0.0,
                capacity_t=_value(o.capacity, "t"),
            )
            for o in model.melting
        ),
        supplies=tuple(
            SupplyData(
                name=e.name,
                co2e_t_per_mwh=supply_co2e[i],
                price_per_mwh=_money(e.price, "MWh", currency) or 0.0,
                capacity_mwh=_value(e.capacity, "MWh"),
                contract=contracts.index(e) if e.factor is not None else None,
            )
            for i, e in enumerate(model.electricity)
        ),
        windows=tuple(windows),
        fuel_co2e_t_per_gj=fuel_co2e,
        fuel_price_per_gj={f: _money(model.fuel_prices[f], "GJ", currency) or 0.0 for f in fuels},
        min_recycled_fraction=_value(constraints.min_recycled_content, ""),
        min_post_consumer_fraction=_value(constraints.min_post_consumer, ""),
        max_cost_per_t=_money(constraints.max_cost, "t", currency),
        max_co2e_t_per_t=_value(constraints.max_co2e, "t CO2e/t"),
        one_melting_option=constraints.one_melting_option,
        elements=tuple(elements),
    )


def z_score(confidence: float) -> float:
    """One-sided standard-normal quantile for a confidence level (e.g. 0.95 -> 1.645).

    Parameters
    ----------
    confidence : float
        Probability that an element stays inside its window, in (0.5, 1).

    Returns
    -------
    float
        The quantile.
    """
    return statistics.NormalDist().inv_cdf(confidence)
