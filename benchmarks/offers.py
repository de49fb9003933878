"""Synthetic offers tables for the batch benchmarks: seeded, with a share of bad cells."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

COUNTRIES = ("NO", "IS", "CA", "CN", "IN", "AE", "BH", "US", "DE", "FR", "AU", "RU", "BR", "SA")
TECHNOLOGIES = ("PFPB_M", "PFPB_L", "CWPB", "SWPB")
HEADER = (  # the columns of the synthetic table
    "offer",
    "supplier",
    "country",
    "year",
    "technology",
    "pre_consumer_scrap [%]",
    "post_consumer_scrap [%]",
    "electricity [MWh/t]",
    "mass [t]",
    "price [EUR/t]",
    "cn",
)


def write_offers(
    path: Path,
    rows: int,
    *,
    seed: int = 1,
    bad_every: int = 100_000,
    years: tuple[str, ...] = ("2021",),
) -> Path:
    """Write ``rows`` offers to ``path`` (CSV): a third primary, a third recycled, a third mixed.

    Offers from 14 countries and 4 cell technologies, for the data ``years`` (one
    purchasing round by default). Every ``bad_every``-th row has an electricity out of
    range, so the errors path is exercised.
    """
    rng = np.random.default_rng(seed)
    kind = rng.integers(0, 3, rows)
    pre = np.where(kind == 0, 0.0, rng.uniform(0, 40, rows).round(1))
    post = np.where(
        kind == 0, 0.0, np.where(kind == 1, 100.0 - pre, rng.uniform(0, 40, rows).round(1))
    )
    country = rng.choice(COUNTRIES, rows)
    technology = np.where(kind == 1, "", rng.choice(TECHNOLOGIES, rows))
    electricity = np.where(kind == 1, "", rng.uniform(13.0, 16.5, rows).round(3).astype(str))
    year = rng.choice(years, rows)
    mass = rng.uniform(10, 5000, rows).round(1)
    price = rng.uniform(2000, 3000, rows).round(2)
    cn = np.where(kind == 0, "7601 10", "7601 20")
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for i in range(rows):
            elec = electricity[i]
            if bad_every and i % bad_every == bad_every - 1:
                elec = "99"  # out of range: must be refused, not computed
            writer.writerow(
                (
                    f"O{i}",
                    f"S{i % 977}",
                    country[i],
                    year[i],
                    technology[i],
                    pre[i],
                    post[i],
                    elec,
                    mass[i],
                    price[i],
                    cn[i],
                )
            )
    return path
