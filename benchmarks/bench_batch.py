"""Print how fast ``aluco2 batch`` evaluates offers: 10^4, 10^5, 10^6 rows, single process
and on a local Dask cluster, with peak memory, beside yardsticks measured in the same run.

Run from the repository root after ``pip install ".[test]"`` (pyarrow, dask):

    python benchmarks/bench_batch.py            # all sizes
    python benchmarks/bench_batch.py 100000     # one size

The offers are synthetic (benchmarks/offers.py, seeded): 14 countries, 4 technologies,
primary, recycled and mixed offers of one data year, one bad cell per 100 000 rows. The
CLI figures are wall time and peak resident memory of the ``aluco2 batch`` process
(``resource.getrusage`` of the child), reading CSV and writing CSV with an errors file.
Yardsticks: pyarrow reading the same CSV as text, and a bare NumPy kernel doing 100
multiply-adds per row (about what the footprint arithmetic of one row costs).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from offers import HEADER, write_offers

SIZES = (10_000, 100_000, 1_000_000)


def cli(*args: str) -> tuple[float, float]:
    """Run ``aluco2 args`` in a child process; return (wall s, peak MiB of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(["aluco2", *args], check=True, capture_output=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def yardsticks(path: Path, rows: int) -> tuple[float, float]:
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    start = time.perf_counter()
    pa_csv.read_csv(
        path, convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(HEADER, pa.string()))
    )
    read = time.perf_counter() - start
    values = np.random.default_rng(0).random((rows,))
    start = time.perf_counter()
    total = np.zeros(rows)
    for k in range(100):
        total += values * (k + 1.0)
    return read, time.perf_counter() - start


def to_parquet_parts(csv_path: Path, directory: Path, parts: int) -> Path:
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    table = pa_csv.read_csv(
        csv_path,
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(HEADER, pa.string()), strings_can_be_null=False
        ),
    )
    directory.mkdir()
    size = -(-table.num_rows // parts)
    for number, start in enumerate(range(0, table.num_rows, size)):
        pq.write_table(table.slice(start, size), directory / f"part-{number:03d}.parquet")
    return directory


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    cores = os.cpu_count() or 1
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {cores} cores")
    print(
        f"{'offers':>10} {'engine':>7} {'wall s':>8} {'offers/s':>10} {'peak MiB':>9}"
        f" | {'pyarrow read s':>14} {'numpy 100 FMA/row s':>20}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for rows in sizes:
            path = write_offers(Path(scratch) / f"offers-{rows}.csv", rows)
            out, errors = Path(scratch) / "result.csv", Path(scratch) / "errors.csv"
            wall, peak = cli("batch", str(path), "-o", str(out), "--errors", str(errors))
            read, kernel = yardsticks(path, rows)
            print(
                f"{rows:>10,} {'single':>7} {wall:>8.2f} {rows / wall:>10,.0f} {peak:>9,.0f}"
                f" | {read:>14.3f} {kernel:>20.3f}"
            )
            parts = to_parquet_parts(path, Path(scratch) / f"parts-{rows}", 2 * cores)
            wall, peak = cli("batch", str(parts), "--engine", "dask", "-o", str(out))
            print(
                f"{rows:>10,} {'dask':>7} {wall:>8.2f} {rows / wall:>10,.0f} {peak:>9,.0f}"
                "   (peak of the client process; workers are separate processes)"
            )


if __name__ == "__main__":
    main()
