"""The optimiser against hand-solved cases, brute force, the footprint engine and itself."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aluco2._errors import InfeasibleProblemError, InputErrors
from aluco2._footprint import evaluate
from aluco2._optimise import optimise, pareto, problem_data
from aluco2._plant import plant_from_mapping
from aluco2._problem import load_problem, problem_from_mapping

PROBLEMS = sorted((Path(__file__).parents[1] / "examples" / "problems").glob("*.yaml"))


def iron_problem(**changes) -> dict:
    """Make 100 t with Fe <= 0.5 wt-% from two scraps and primary ingot (all yields 100 %).

    Scrap A: Fe 0.8 wt-%, unlimited; scrap B: Fe 0.2 wt-%, at most 20 t; primary: Fe
    0.1 wt-%, 10 t CO2e/t. Scrap is free of burden (cut-off) and melting uses no energy,
    so the CO2e is 10 t per t of primary. By hand, with b = 20 t and a + p = 80 t:
    0.8 a + 0.2 x 20 + 0.1 (80 - a) <= 50  ->  a <= 38 / 0.7 = 54.2857 t, p = 25.7143 t.
    """
    data = {
        "problem": "iron by hand",
        "country": "DE",
        "year": 2021,
        "currency": "EUR",
        "target": {"composition": {"Fe": {"max": "0.5 %"}}, "mass": "100 t"},
        "materials": [
            {
                "name": "scrap A",
                "kind": "scrap",
                "consumer": "post",
                "metal_yield": "100 %",
                "composition": {"Fe": "0.8 %"},
                "price": "1000 EUR/t",
            },
            {
                "name": "scrap B",
                "kind": "scrap",
                "consumer": "pre",
                "metal_yield": "100 %",
                "composition": {"Fe": "0.2 %"},
                "price": "1500 EUR/t",
                "available": {"max": "20 t"},
            },
            {
                "name": "primary",
                "kind": "primary",
                "metal_yield": "100 %",
                "composition": {"Fe": "0.1 %"},
                "co2e": "10 t CO2e/t",
                "price": "2000 EUR/t",
            },
        ],
        "melting": [{"name": "furnace"}],
    }
    data.update(changes)
    return data


def _plan(shipped, data, **options):
    return optimise(problem_from_mapping(data), shipped, **options)


def test_hand_solved_least_co2e_plan(shipped):
    plan = _plan(shipped, iron_problem())
    primary = 80 - 38 / 0.7
    assert plan.mix.materials_t["primary"] == pytest.approx(primary)
    assert plan.mix.materials_t["scrap A"] == pytest.approx(38 / 0.7)
    assert plan.mix.materials_t["scrap B"] == pytest.approx(20)
    assert plan.co2e_t == pytest.approx(10 * primary)
    assert plan.composition["Fe"][0] == pytest.approx(0.5)
    assert plan.mix.recycled_fraction == pytest.approx(1 - primary / 100)
    assert plan.mix.post_consumer_fraction == pytest.approx(38 / 0.7 / 100)


def test_binding_limits_are_priced_by_hand(shipped):
    plan = _plan(shipped, iron_problem())
    binding = {b.kind: b for b in plan.binding}
    # Fe: each t of Fe allowed lets 1/0.007 t of scrap A replace primary (0.8 - 0.1 wt-%).
    assert binding["composition_max"].shadow_price == pytest.approx(-10 / 0.007)
    # A limit below 1 wt-% moves in steps of 0.01 wt-%: 0.01 t of Fe in 100 t lets
    # 1.4286 t of scrap A replace primary, saving 14.286 t CO2e, 142.86 kg per t.
    assert binding["composition_max"].per_step == pytest.approx(1000 * (0.01 / 0.007 * 10) / 100)
    assert "Fe max 0.5 wt-% binds: relaxing it by 0.01 wt-%" in binding["composition_max"].message
    # One more t of scrap B: 0.7 a <= 37.9, primary falls by 0.6/0.7 t.
    assert binding["availability"].per_step == pytest.approx(1000 * 10 * 0.6 / 0.7 / 100)


def test_shadow_price_matches_a_finite_difference(shipped):
    base = _plan(shipped, iron_problem())
    relaxed_data = iron_problem()
    relaxed_data["target"]["composition"]["Fe"]["max"] = "0.501 %"
    relaxed = _plan(shipped, relaxed_data)
    (fe,) = [b for b in base.binding if b.kind == "composition_max"]
    difference = (relaxed.co2e_t - base.co2e_t) / (0.001 / 100 * 100)  # 0.001 wt-% of 100 t
    assert fe.shadow_price == pytest.approx(difference, rel=1e-6)


def test_cost_objective_and_carbon_price(shipped):
    data = iron_problem()
    cheapest = _plan(shipped, data, objective="cost")
    # Scrap A is cheapest but Fe-rich; B next; primary dearest: the same charge as the
    # least-CO2e plan, because each tonne of primary replaced by A saves money too.
    assert cheapest.mix.materials_t["primary"] == pytest.approx(80 - 38 / 0.7)
    # Make primary cheaper than scrap B: the cost optimum stops buying B.
    data["materials"][2]["price"] = "1200 EUR/t"
    cheaper_primary = _plan(shipped, data, objective="cost")
    assert cheaper_primary.mix.materials_t["scrap B"] == pytest.approx(0)
    assert cheaper_primary.co2e_t > cheapest.co2e_t
    # A carbon price of 0 is the cost objective; a high one the CO2e objective.
    free = _plan(shipped, data, objective="weighted", carbon_price=0.0)
    assert free.cost == pytest.approx(cheaper_primary.cost)
    priced = _plan(shipped, data, objective="weighted", carbon_price=1e4)
    assert priced.co2e_t == pytest.approx(_plan(shipped, data).co2e_t)


def test_lp_is_never_beaten_by_brute_force(shipped):
    # Three scraps and primary; a 5 % grid over the shares of the charge.
    rng = np.random.default_rng(7)
    data = iron_problem()
    data["target"]["composition"] = {"Fe": {"max": "0.5 %"}, "Si": {"min": "0.3 %", "max": "0.6 %"}}
    iron = rng.uniform(0.1, 1.0, 4)
    silicon = rng.uniform(0.0, 1.0, 4)
    prices = [1000, 1200, 1100, 2000]
    data["materials"].insert(
        2,
        {
            "name": "scrap C",
            "kind": "scrap",
            "consumer": "post",
            "metal_yield": "100 %",
            "price": "1100 EUR/t",
        },
    )
    for material, fe, si, price in zip(data["materials"], iron, silicon, prices, strict=True):
        material["composition"] = {"Fe": f"{fe} %", "Si": f"{si} %"}
        material["price"] = f"{price} EUR/t"
        material.pop("available", None)
    plan = _plan(shipped, data, objective="cost")
    best = np.inf
    for shares in itertools.product(range(21), repeat=3):
        if sum(shares) > 20:
            continue
        share = np.array([*shares, 20 - sum(shares)]) / 20
        fe, si = share @ iron, share @ silicon
        if fe <= 0.5 and 0.3 <= si <= 0.6:
            best = min(best, 100 * share @ prices)
    assert np.isfinite(best)
    assert plan.cost <= best + 1e-6
    for value, low, high in plan.composition.values():
        assert low is None or value >= low - 1e-9
        assert high is None or value <= high + 1e-9


def test_lots_make_it_a_milp(shipped):
    data = iron_problem()
    data["materials"][0]["lot"] = "60 t"  # scrap A: all or at least 60 t, which breaks Fe
    plan = _plan(shipped, data)
    assert "milp" in plan.solver.lower()
    assert plan.mix.materials_t["scrap A"] == pytest.approx(0)
    assert plan.mix.materials_t["primary"] == pytest.approx(80)
    assert plan.co2e_t == pytest.approx(800)


def test_one_melting_option(shipped):
    data = iron_problem()
    data["fuel_prices"] = {"natural_gas": "10 EUR/GJ"}
    data["melting"] = [
        {"name": "small gas furnace", "fuels": {"natural_gas": "3 GJ/t"}, "capacity": "60 t"},
        {"name": "large gas furnace", "fuels": {"natural_gas": "4 GJ/t"}},
    ]
    mixed = _plan(shipped, data)
    assert mixed.mix.melting_t["small gas furnace"] == pytest.approx(60)
    data["constraints"] = {"one_melting_option": True}
    single = _plan(shipped, data)
    assert single.mix.melting_t == {"small gas furnace": 0.0, "large gas furnace": 100.0}
    # Natural gas by the factor set: 4 GJ/t x 100 t more CO2e than no gas at all.
    gas = shipped.magnitude("fuel.natural_gas.co2", "t CO2/GJ")
    assert single.co2e_t == pytest.approx(10 * (80 - 38 / 0.7) + 400 * gas, rel=1e-3)


def test_impossible_specification_names_element_and_relaxation(shipped):
    data = iron_problem()
    data["target"]["composition"]["Fe"]["max"] = "0.05 %"  # below every material's Fe
    with pytest.raises(InfeasibleProblemError) as info:
        _plan(shipped, data)
    # Primary alone gives 0.1 wt-% Fe: that is the least the limit must move to.
    (message,) = info.value.relaxations
    assert message.startswith("Fe max 0.05 wt-% must be relaxed to 0.1 wt-%")


def test_relaxing_availability_is_offered_when_it_suffices(shipped):
    data = iron_problem()
    data["materials"].pop()  # no primary: scrap B is the only low-Fe material
    data["materials"][1]["available"] = {"max": "20 t"}
    with pytest.raises(InfeasibleProblemError) as info:
        _plan(shipped, data)
    # With b t of B and 100 - b of A: 0.8 (100 - b) + 0.2 b <= 50  ->  b >= 50 t.
    texts = " | ".join(info.value.relaxations)
    assert "scrap B available max 20 t must be relaxed to 50 t" in texts
    assert "Fe max 0.5 wt-% must be relaxed to 0.68 wt-%" in texts


def test_confidence_and_monte_carlo(shipped):
    data = iron_problem()
    exact = _plan(shipped, data, samples=2000)
    assert exact.monte_carlo is not None
    assert exact.monte_carlo.off_spec_probability == 0.0  # no standard deviations given
    data["materials"][0]["composition_sd"] = {"Fe": "0.1 %"}
    at_limit = _plan(shipped, data, samples=4000, seed=1)
    assert at_limit.monte_carlo.off_spec_probability == pytest.approx(0.5, abs=0.05)
    safe = _plan(shipped, data, confidence=0.95, samples=4000, seed=1)
    # One uncertain material: the margin is exact, 5 % off-spec up to sampling noise.
    assert safe.monte_carlo.off_spec_probability == pytest.approx(0.05, abs=0.015)
    assert safe.co2e_t > at_limit.co2e_t
    again = _plan(shipped, data, confidence=0.95, samples=4000, seed=1)
    assert again.monte_carlo == safe.monte_carlo


@pytest.mark.parametrize("path", PROBLEMS, ids=lambda p: p.stem)
@pytest.mark.parametrize("objective", ["co2", "cost"])
def test_examples_solve_within_windows_and_match_the_engine(shipped, path, objective):
    plan = optimise(load_problem(path), shipped, objective=objective)
    assert plan.engine_co2e_t_per_t == pytest.approx(plan.co2e_t_per_t, rel=1e-9)
    for value, low, high in plan.composition.values():
        assert low is None or value >= low - 1e-7
        assert high is None or value <= high + 1e-7
    materials = problem_data(load_problem(path), shipped).materials
    metal = sum(m.metal_yield * plan.mix.materials_t[m.name] for m in materials)
    assert metal == pytest.approx(plan.mass_t)


def test_plan_json_is_deterministic(shipped):
    problem = load_problem(PROBLEMS[0])
    first = optimise(problem, shipped).to_json()
    second = optimise(problem, shipped).to_json()
    assert first == second
    document = json.loads(first)
    paths = [entry["path"] for entry in document["provenance"]["inputs"]]
    assert any(path.endswith("nordic_hydro_smelter.yaml") for path in paths)


def test_frontier_is_monotonic_and_ends_at_the_optima(shipped):
    problem = load_problem(PROBLEMS[0])
    frontier = pareto(problem, shipped, points=6)
    co2e = [p.co2e_t_per_t for p in frontier.points]
    cost = [p.cost_per_t for p in frontier.points]
    assert np.all(np.diff(co2e) > 0)
    assert np.all(np.diff(cost) <= 1e-9)
    greenest = optimise(problem, shipped, objective="co2")
    cheapest = optimise(problem, shipped, objective="cost")
    assert co2e[0] == pytest.approx(greenest.co2e_t_per_t)
    assert cost[-1] == pytest.approx(cheapest.cost_per_t)
    assert co2e[-1] == pytest.approx(cheapest.co2e_t_per_t)


def test_problem_errors_name_key_paths(shipped):
    data = iron_problem()
    data["materials"][0]["composition"] = {"Fe": "80 %", "Si": "30 %"}
    data["melting"] = [{"name": "furnace", "fuels": {"natural_gass": "3 GJ/t"}}]
    with pytest.raises(InputErrors) as info:
        optimise(problem_from_mapping(data), shipped)
    assert "more than 100 %" in str(info.value)
    data["materials"][0]["composition"] = {"Fe": "0.8 %"}
    with pytest.raises(InputErrors) as info:
        optimise(problem_from_mapping(data), shipped)
    text = str(info.value)
    assert "melting[0].fuels.natural_gass" in text
    assert "natural_gas" in text  # the known fuels are listed
    data = iron_problem(target={"alloy": "6036", "mass": "10 t"})
    with pytest.raises(InputErrors, match="6063"):
        optimise(problem_from_mapping(data), shipped)


def test_scrap_burden_and_energy_agree_with_the_engine(shipped):
    data = iron_problem(
        allocation={
            "approach": "scrap-burden",
            "pre_consumer_burden": "0.3 t CO2e/t",
            "post_consumer_burden": "0.1 t CO2e/t",
        },
        fuel_prices={"natural_gas": "10 EUR/GJ"},
        electricity=[
            {"name": "grid", "price": "100 EUR/MWh"},
            {"name": "PPA", "factor": "20 g CO2e/kWh", "price": "120 EUR/MWh", "capacity": "5 MWh"},
        ],
    )
    data["melting"] = [
        {"name": "furnace", "fuels": {"natural_gas": "4 GJ/t"}, "electricity": "0.1 MWh/t"}
    ]
    data["materials"][0]["preparation"] = {"electricity": "0.05 MWh/t"}
    plan = _plan(shipped, data)
    assert plan.engine_co2e_t_per_t == pytest.approx(plan.co2e_t_per_t, rel=1e-9)
    assert plan.mix.electricity_mwh["PPA"] == pytest.approx(5)
    burden = 0.1 * plan.mix.materials_t["scrap A"] + 0.3 * plan.mix.materials_t["scrap B"]
    rows = plan.footprint.routes["recycled"].breakdown("market-based")
    assert sum(r.co2e_t_per_t[0] for r in rows if r.source == "scrap_burden") == pytest.approx(
        burden / 100
    )


@settings(max_examples=15, deadline=None)
@given(st.floats(0.3, 0.75), st.floats(0.0, 0.2))
def test_a_wider_window_never_raises_the_optimum(shipped, fe_max, widening):
    tight = iron_problem()
    tight["target"]["composition"]["Fe"]["max"] = f"{fe_max} %"
    wide = iron_problem()
    wide["target"]["composition"]["Fe"]["max"] = f"{fe_max + widening} %"
    assert _plan(shipped, wide).co2e_t <= _plan(shipped, tight).co2e_t + 1e-9


def _old_scrap_problem(**changes) -> dict:
    """The iron problem with shipped scrap classes whose preparation is left out."""
    data = iron_problem(
        fuel_prices={"natural_gas": "10 EUR/GJ"},
        electricity=[{"name": "grid", "price": "100 EUR/MWh"}],
        **changes,
    )
    data["materials"][0]["scrap_class"] = "old_scrap"
    data["materials"][1]["scrap_class"] = "clean_process_scrap"  # no preparation data
    return data


def test_shipped_preparation_energy_is_counted_when_left_out(shipped):
    # Hand calculation: old scrap is prepared with 0.90 GJ natural gas and 110.32 kWh per t
    # of its metal (Aluminum Association 2014, recycling.yaml); natural gas 56 100 kg CO2,
    # 1 kg CH4 and 0.1 kg N2O per TJ (IPCC 2006) with AR5 GWPs 28 and 265; the German grid
    # 2021 at 365.98 g CO2e/kWh (OWID/Ember).
    gas_t_per_gj = (56_100 + 1 * 28 + 0.1 * 265) / 1e6
    per_t_metal = 0.90 * gas_t_per_gj + 0.11032 * 0.36598
    plan = _plan(shipped, _old_scrap_problem())
    scrap_metal_t = plan.mix.materials_t["scrap A"]  # metal yield 100 %
    primary_t = plan.mix.materials_t["primary"]
    assert scrap_metal_t > 0
    assert plan.co2e_t == pytest.approx(10 * primary_t + per_t_metal * scrap_metal_t, rel=1e-6)
    assert plan.engine_co2e_t_per_t == pytest.approx(plan.co2e_t_per_t, rel=1e-9)
    # the plan leaves the preparation to the engine, which takes it from the same records
    preparation = plan.footprint.plant.model.recycled.preparation
    assert preparation is None or (preparation.electricity is None and preparation.fuels is None)


@settings(max_examples=25, deadline=None)
@given(
    fe_max=st.floats(0.3, 0.75),
    prep_b=st.sampled_from([None, "0.05 MWh/t"]),
    fuel_a=st.sampled_from([None, {"natural_gas": "0.5 GJ/t"}]),
    objective=st.sampled_from(["co2", "cost"]),
)
def test_optimiser_equals_engine_with_defaults_left_out(shipped, fe_max, prep_b, fuel_a, objective):
    data = _old_scrap_problem()
    data["target"]["composition"]["Fe"]["max"] = f"{fe_max} %"
    del data["materials"][1]["metal_yield"]  # from the class's scrap charge
    if prep_b is not None:
        data["materials"][1]["preparation"] = {"electricity": prep_b}
    if fuel_a is not None:
        data["materials"][0]["preparation"] = {"fuels": fuel_a}
    plan = _plan(shipped, data, objective=objective)
    assert plan.engine_co2e_t_per_t == pytest.approx(plan.co2e_t_per_t, rel=1e-9)
    # The same plan as a plant file a user would write: the preparation no scrap gives is
    # left out, for the engine to default from its own data.
    plant = plan.footprint.plant.model.model_dump(mode="json", exclude_none=True, by_alias=True)
    given = {"electricity"} if prep_b else set()
    given |= {"fuels"} if fuel_a else set()
    preparation = plant["recycled"].get("preparation", {})
    plant["recycled"]["preparation"] = {k: v for k, v in preparation.items() if k in given}
    footprint = evaluate(plant_from_mapping(plant), shipped)
    engine = float(footprint.routes["recycled"].total_t_per_t("market-based")[0])
    assert engine == pytest.approx(plan.co2e_t_per_t, rel=1e-9)


def _with_aluminium(data: dict, scrap_a_al: str) -> dict:
    data["target"]["composition"]["Al"] = {"min": "99 %"}
    data["materials"][0]["composition"]["Al"] = scrap_a_al
    data["materials"][1]["composition"]["Al"] = "99.8 %"
    data["materials"][2]["composition"]["Al"] = "99.9 %"
    return data


def test_a_listed_aluminium_content_is_the_balance(shipped):
    # Al listed as analysed (100 % less the Fe) gives the plan of Al left out.
    listed = _plan(shipped, _with_aluminium(iron_problem(), "99.2 %"))
    balance = iron_problem()
    balance["target"]["composition"]["Al"] = {"min": "99 %"}
    assert listed.co2e_t == pytest.approx(_plan(shipped, balance).co2e_t, rel=1e-9)
    assert listed.co2e_t == pytest.approx(10 * 25.7142857, rel=1e-6)  # iron_problem's hand solution


def test_an_aluminium_content_that_is_not_the_balance_is_refused(shipped):
    with pytest.raises(InputErrors) as caught:
        _plan(shipped, _with_aluminium(iron_problem(), "98 %"))
    message = str(caught.value)
    assert "materials[0].composition.Al" in message
    assert "99.2 wt-%" in message


def test_a_custom_composition_can_limit_other_elements(shipped):
    # Scrap A also carries 0.3 wt-% Zn, which no window names; others_each <= 0.1 wt-%
    # gives 0.003 a <= 0.001 x 100 t, so a <= 33.333 t (tighter than Fe's 54.29 t), b = 20 t
    # and p = 46.667 t: 466.67 t CO2e.
    data = iron_problem()
    data["materials"][0]["composition"]["Zn"] = "0.3 %"
    data["target"]["composition"]["others_each"] = {"max": "0.1 %"}
    plan = _plan(shipped, data)
    assert plan.mix.materials_t["scrap A"] == pytest.approx(100 / 3, rel=1e-6)
    assert plan.co2e_t == pytest.approx(10 * (80 - 100 / 3), rel=1e-6)
