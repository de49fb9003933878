"""The Dask engine: the same chunk function over partitions gives the single-process result."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
distributed = pytest.importorskip("distributed")

from aluco2._batch import evaluate  # noqa: E402

HEADER = "offer,country,year,technology,pre_consumer_scrap [%],post_consumer_scrap [%],"
HEADER += "electricity [MWh/t],mass [t],price [EUR/t],cn\n"
OFFERS = (
    HEADER
    + """\
a,NO,2021,PFPB_M,,,15,10,2500,7601 10
b,CN,2021,PFPB_M,,,99,10,2500,7601 10
c,DE,2021,PFPB_M,30,45,,5,2600,7601 20
d,US,2021,,0,100,,7,2400,7601 20
e,UK,2021,PFPB_M,,,15,10,2500,7601 10
f,AE,2021,CWPB,,,14.2,20,2450,7601 10
g,IS,2021,PFPB_M,,,lots,1,1,7601 10
h,CN,2021,SWPB,10,10,13.9,3,2300,7601 10
"""
)


def _table():
    lines = OFFERS.splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    return pa.table({h: [r[i] for r in rows] for i, h in enumerate(header)})


def _same(a, b):
    assert list(a.columns) == list(b.columns)
    for name in a.columns:
        x, y = a.columns[name], b.columns[name]
        if x.dtype.kind == "f":
            np.testing.assert_array_equal(x, y)
        else:
            assert list(x) == list(y), name
    assert a.errors == b.errors
    assert a.defaults_used == b.defaults_used


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_dask_partitions_give_the_single_process_result(tmp_path: Path, shipped, client):
    table = _table()
    whole = tmp_path / "whole.parquet"
    pq.write_table(table, whole)
    parts = tmp_path / "parts"
    parts.mkdir()
    for number, start in enumerate(range(0, table.num_rows, 3)):
        pq.write_table(table.slice(start, 3), parts / f"part-{number}.parquet")
    single = evaluate(whole, shipped, carbon_price=80, currency="EUR", rank_by="co2")
    on_dask = evaluate(
        parts, shipped, carbon_price=80, currency="EUR", rank_by="co2", engine="dask"
    )
    _same(single, on_dask)
    assert single.summary()["invalid"] == 3  # b (electricity), e (UK), g (a word)


def test_row_numbers_do_not_depend_on_the_partitioning(tmp_path: Path, shipped, client):
    table = _table()
    results = []
    for size in (1, 4):
        path = tmp_path / f"groups-{size}.parquet"
        pq.write_table(table, path, row_group_size=size)
        results.append(evaluate(path, shipped, engine="dask"))
    _same(*results)
    assert [e.row for e in results[0].errors] == [3, 6, 8]
