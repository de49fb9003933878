"""Print how long the optimiser takes: a 200-material x 12-element plan and a 50-point frontier.

Run from the repository root after installing the package:

    python benchmarks/bench_optimise.py

The problem is synthetic (seeded random compositions around a 12-element window, random
prices and intensities); it measures the solver path, not any real melt shop. Figures are
the best of a few repeats on this machine; they are printed, not asserted.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import scipy

from aluco2._factors import load_factor_set
from aluco2._optimise import optimise, pareto, problem_data
from aluco2._problem import problem_from_mapping

MATERIALS = 200
ELEMENTS = ("Si", "Fe", "Cu", "Mn", "Mg", "Cr", "Ni", "Zn", "Ti", "Sn", "Pb", "Zr")
REPEATS = 3


def synthetic_problem(seed: int = 1) -> dict:
    """Return a feasible problem: 180 scraps and 20 primary ingots, 12 element windows."""
    rng = np.random.default_rng(seed)
    centre = rng.uniform(0.05, 1.0, len(ELEMENTS))
    materials = []
    for index in range(MATERIALS):
        scrap = index < MATERIALS - 20
        contents = centre * rng.uniform(0.0, 2.0, len(ELEMENTS)) if scrap else 0.02 * centre
        material = {
            "name": f"material {index}",
            "kind": "scrap" if scrap else "primary",
            "metal_yield": f"{rng.uniform(90, 99):.2f} %",
            "composition": {e: f"{c:.4f} %" for e, c in zip(ELEMENTS, contents, strict=True)},
            "composition_sd": {
                e: f"{0.05 * c:.5f} %" for e, c in zip(ELEMENTS, contents, strict=True)
            },
            "price": f"{rng.uniform(1200, 2800):.0f} EUR/t",
            "available": {"max": f"{rng.uniform(20, 200):.0f} t"},
        }
        if scrap:
            material["consumer"] = "pre" if index % 2 else "post"
        else:
            material["co2e"] = f"{rng.uniform(2, 16):.2f} t CO2e/t"
            del material["available"]
        materials.append(material)
    return {
        "problem": "synthetic 200 x 12",
        "country": "DE",
        "year": 2021,
        "currency": "EUR",
        "target": {
            "composition": {
                e: {"min": f"{0.5 * c:.4f} %", "max": f"{1.3 * c:.4f} %"}
                for e, c in zip(ELEMENTS, centre, strict=True)
            },
            "mass": "1000 t",
        },
        "materials": materials,
        "melting": [
            {
                "name": "gas furnace",
                "fuels": {"natural_gas": "3.1 GJ/t"},
                "electricity": "0.15 MWh/t",
            },
            {"name": "induction", "electricity": "0.6 MWh/t", "capacity": "400 t"},
        ],
        "electricity": [
            {"name": "grid", "price": "150 EUR/MWh"},
            {"name": "PPA", "factor": "0 g CO2e/kWh", "price": "90 EUR/MWh", "capacity": "100 MWh"},
        ],
        "fuel_prices": {"natural_gas": "12 EUR/GJ"},
    }


def best_of(function, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}")
    factors = load_factor_set()
    problem = problem_from_mapping(synthetic_problem())
    resolve, data = best_of(lambda: problem_data(problem, factors))
    print(
        f"resolve problem ({MATERIALS} materials x {len(ELEMENTS)} elements): "
        f"{1000 * resolve:.0f} ms"
    )
    for objective in ("co2", "cost"):
        seconds, plan = best_of(
            lambda o=objective: optimise(problem, factors, objective=o, data=data)
        )
        print(
            f"optimise --objective {objective}: {1000 * seconds:.0f} ms "
            f"({len(plan.binding)} binding limits explained, {plan.solver})"
        )
    seconds, _ = best_of(
        lambda: optimise(problem, factors, confidence=0.95, samples=10_000, data=data)
    )
    print(f"optimise --confidence 0.95 --samples 10000: {1000 * seconds:.0f} ms")
    seconds, frontier = best_of(lambda: pareto(problem, factors, points=50))
    print(f"pareto --points 50: {1000 * seconds:.0f} ms ({len(frontier.points)} points)")


if __name__ == "__main__":
    main()
