"""Print how long the footprint engine takes: 10^5 variants per example, and CLI wall time.

Run from the repository root after installing the package:

    python benchmarks/bench_footprint.py

Figures are the best of a few repeats on this machine; they are printed, not asserted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import yaml

from aluco2._factors import load_factor_set
from aluco2._footprint import evaluate
from aluco2._plant import Plant, load_plant, plant_from_mapping
from aluco2._units import Q_

ROOT = Path(__file__).parents[1]
VARIANTS = 100_000
REPEATS = 3
# A numeric plant value to vary in each example, and its range.
VARIED = {
    "nordic_hydro_smelter": ("primary.electrolysis.electricity", 13.0, 16.0, "MWh/t"),
    "coal_grid_smelter": ("primary.electrolysis.electricity", 13.0, 16.0, "MWh/t"),
    # The UBC example takes its melting energy from the factor set; the benchmark states it.
    "ubc_recycler": ("recycled.melting.electricity", 0.05, 0.3, "MWh/t"),
    "integrated_casthouse": ("products[0].routes.recycled", 0.0, 0.5, ""),
}


def example_plant(name: str, varied_key: str) -> Plant:
    """Load an example; give it the varied key when it relies on the factor-set default."""
    path = ROOT / "examples" / f"{name}.yaml"
    if name != "ubc_recycler":
        return load_plant(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["recycled"]["melting"] = {"electricity": "0.11525 MWh/t"}
    assert varied_key == "recycled.melting.electricity"
    return plant_from_mapping(data, name=str(path))


def best_of(function, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    load = best_of(load_factor_set)
    factors = load_factor_set()
    print(f"load shipped factor set ({len(factors)} records): {1000 * load:.0f} ms")
    for name, (key, low, high, unit) in VARIED.items():
        plant = example_plant(name, key)
        values = Q_(np.linspace(low, high, VARIANTS), unit)
        variations = {key: values}
        if key == "products[0].routes.recycled":
            variations["products[0].routes.primary"] = Q_(1 - values.magnitude, "")
        single = best_of(lambda plant=plant: evaluate(plant, factors))
        batch = best_of(lambda plant=plant, v=variations: evaluate(plant, factors, variations=v))
        print(
            f"{name:22s} 1 variant {1000 * single:6.1f} ms | {VARIANTS:,} variants "
            f"{1000 * batch:7.1f} ms ({1e9 * batch / VARIANTS:.0f} ns per variant)"
        )
    command = shutil.which("aluco2")
    if command is None:
        print("aluco2 console script not found; skipping wall times")
        return
    example = str(ROOT / "examples" / "nordic_hydro_smelter.yaml")
    for args in (["--help"], ["footprint", example], ["footprint", example, "--format", "json"]):
        wall = best_of(
            lambda a=args: subprocess.run([command, *a], capture_output=True, check=True)
        )
        print(f"wall time: aluco2 {' '.join(args).replace(str(ROOT) + '/', '')}: {wall:.2f} s")


if __name__ == "__main__":
    main()
