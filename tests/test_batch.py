"""Batch evaluation of offers: rows equal plant files, bad cells are refused row by row."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import aluco2
from aluco2._batch import _tables, evaluate
from aluco2._cli import cli
from aluco2._report import batch as batch_report
from aluco2._schemas import result_schema

ROOT = Path(__file__).parents[1]
OFFERS = ROOT / "examples" / "offers" / "aluminium_offers.csv"
HEADER = "offer,country,year,technology,pre_consumer_scrap [%],post_consumer_scrap [%],"
HEADER += "electricity [MWh/t],mass [t],price [EUR/t],cn\n"


@pytest.fixture(scope="module")
def offers(shipped):
    return evaluate(OFFERS, shipped, carbon_price=80.0, currency="EUR")


def _row(result, offer: str) -> dict:
    index = list(result.columns["offer"]).index(offer)
    return {name: values[index] for name, values in result.columns.items()}


def _footprint_of(text: str, tmp_path: Path) -> float:
    path = tmp_path / "plant.yaml"
    path.write_text(text, encoding="utf-8")
    document = aluco2.footprint(path).to_dict()
    return document["results"][-1]["intensity"]["value"]


def test_a_primary_offer_equals_the_footprint_of_its_plant_file(offers, tmp_path):
    plant = """
plant: N-1
country: "NO"
year: 2021
primary:
  electrolysis:
    technology: PFPB_M
    electricity: "15.146 MWh/t"
    pfc: {method: measured, cf4: "0.0179 kg CF4/t", c2f6: "0.00205 kg C2F6/t"}
products:
  - {name: ingot, routes: {primary: "100 %"}}
"""
    row = _row(offers, "N-1")
    assert row["intensity"] == pytest.approx(_footprint_of(plant, tmp_path), rel=1e-12)
    assert row["defaults"] == "pre_consumer_scrap=0 %;post_consumer_scrap=0 %;grid_factor"


def test_a_mixed_offer_equals_the_footprint_of_its_plant_file(offers, tmp_path):
    # 30 % pre- and 45 % post-consumer metal; charge shares from the shipped scrap charges
    # (EA 2018: 1.019 t/t clean process scrap; Aluminum Association 2014: 1.048 t/t old scrap).
    pre, post = 30 * 1.019, 45 * 1.048
    plant = f"""
plant: M-1
country: DE
year: 2021
primary:
  electrolysis: {{technology: PFPB_M}}
recycled:
  scrap:
    - {{class: clean_process_scrap, share: "{100 * pre / (pre + post)!r} %"}}
    - {{class: old_scrap, share: "{100 * post / (pre + post)!r} %"}}
products:
  - {{name: billet, routes: {{primary: "25 %", recycled: "75 %"}}}}
"""
    row = _row(offers, "M-1")
    assert row["intensity"] == pytest.approx(_footprint_of(plant, tmp_path), rel=1e-9)
    assert row["status"] == "ok"


def test_a_declared_grid_factor_in_g_per_kwh_is_converted(offers, tmp_path):
    plant = """
plant: R-2
country: FR
year: 2021
electricity: {grid: {factor: "0.045 kg CO2e/kWh"}}
recycled:
  scrap:
    - {class: clean_process_scrap, share: "59.31 %"}
    - {class: old_scrap, share: "40.69 %"}
products:
  - {name: ingot, routes: {recycled: "100 %"}}
"""
    pre, post = 60 * 1.019, 40 * 1.048
    plant = plant.replace("59.31", repr(100 * pre / (pre + post)))
    plant = plant.replace("40.69", repr(100 * post / (pre + post)))
    row = _row(offers, "R-2")
    assert row["intensity"] == pytest.approx(_footprint_of(plant, tmp_path), rel=1e-9)


def test_the_derived_columns_follow_from_the_intensity_by_hand(offers):
    for offer in offers.columns["offer"]:
        row = _row(offers, offer)
        assert row["total_co2e"] == pytest.approx(row["intensity"] * _mass(offer))
        assert row["carbon_adjusted_price"] == pytest.approx(row["price"] + 80 * row["intensity"])
        scopes = row["scope1"] + row["scope2"] + row["scope3"]
        assert scopes == pytest.approx(row["intensity"], rel=1e-12)
    assert _row(offers, "N-1")["declared_minus_computed"] == pytest.approx(
        4.0 - _row(offers, "N-1")["intensity"]
    )


def _mass(offer: str) -> float:
    with OFFERS.open(encoding="utf-8") as stream:
        return next(float(r["mass [t]"]) for r in csv.DictReader(stream) if r["offer"] == offer)


def test_the_cbam_default_is_that_of_aluco2_cbam_defaults(offers):
    row = _row(offers, "C-1")
    found = aluco2.cbam_default("7601 10", "CN", 2026).to_dict()
    assert row["cbam_default"] == found["default"]["value"] == 3.0
    assert row["cbam_default_minus_scope1"] == pytest.approx(3.0 - row["scope1"])


def _table(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "offers.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


BAD_ROWS = """\
ok,NO,2021,PFPB_M,,,15,10,2500,7601 10
far,NO,2021,PFPB_M,,,99,10,2500,7601 10
word,NO,2021,PFPB_M,,,lots,10,2500,7601 10
uk,UK,2021,PFPB_M,,,15,10,2500,7601 10
soder,NO,2021,VSS,,,15,10,2500,7601 10
shares,NO,2021,PFPB_M,60,50,15,10,2500,7601 10
tech,NO,2021,,,,15,10,2500,7601 10
cn,NO,2021,PFPB_M,,,15,10,2500,7801 10
short,NO,2021
ok2,IS,2021,PFPB_M,,,14,20,2400,7601 10
"""


def test_bad_cells_are_refused_row_by_row_and_valid_rows_computed(tmp_path, shipped):
    result = evaluate(_table(tmp_path, BAD_ROWS), shipped)
    status = dict(zip(result.columns["offer"], result.columns["status"], strict=True))
    assert status == {
        "ok": "ok",
        "far": "invalid",
        "word": "invalid",
        "uk": "invalid",
        "soder": "invalid",
        "shares": "invalid",
        "tech": "invalid",
        "cn": "invalid",
        "ok2": "ok",
    }
    errors = {(e.row, e.column): e for e in result.errors}
    assert errors[(3, "electricity [MWh/t]")].reason == "must be from 10 to 25 MWh/t"
    assert errors[(3, "electricity [MWh/t]")].value == "99"
    assert "must be a number" in errors[(4, "electricity [MWh/t]")].reason
    assert "GB for the United Kingdom" in errors[(5, "country")].reason
    assert "Soderberg" in errors[(6, "technology")].reason
    assert "at most 100 %" in errors[(7, "post_consumer_scrap [%]")].reason
    assert "primary metal" in errors[(8, "technology")].reason
    assert errors[(9, "cn")].value == "7801 10"
    assert "has 3 fields; the header has 10" in errors[(10, "row")].reason
    assert result.summary() == {
        "offers": 9,
        "evaluated": 2,
        "invalid": 7,
        "malformed_rows": 1,
        "errors": 8,
    }
    invalid = result.columns["status"] == "invalid"
    assert np.all(np.isnan(result.columns["intensity"][invalid]))
    assert all(result.columns["reason"][invalid])


def test_one_bad_row_does_not_change_the_others(tmp_path, shipped):
    good = evaluate(_table(tmp_path, "ok2,IS,2021,PFPB_M,,,14,20,2400,7601 10\n"), shipped)
    mixed = evaluate(_table(tmp_path, BAD_ROWS), shipped)
    at = list(mixed.columns["offer"]).index("ok2")
    assert mixed.columns["intensity"][at] == good.columns["intensity"][0]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("offer,country,year,electricty [MWh/t]\n", "Did you mean 'electricity'"),
        ("offer,country,year,electricity\n", "the unit in the header"),
        ("offer,country,year,electricity [kg]\n", "convertible to 'MWh/t'"),
        ("offer,country,electricity [MWh/t]\n", "year: must be given"),
        ("offer,country,year,price [EUR]\n", "a currency per tonne"),
        ("offer,country,year,cf4 [kg CF4/t]\n", "cf4 and c2f6 go together"),
        ("offer,country,year,country\n", "each column once"),
    ],
)
def test_a_bad_header_refuses_the_table_with_a_sentence(tmp_path, shipped, header, message):
    with pytest.raises(aluco2.InputErrors, match=message):
        evaluate(_table(tmp_path, "", header), shipped)


def test_a_table_in_memory_equals_the_file(tmp_path, shipped):
    path = _table(tmp_path, BAD_ROWS.replace("short,NO,2021\n", ""))
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    columns = {h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])}
    from_memory, from_file = evaluate(columns, shipped), evaluate(path, shipped)
    np.testing.assert_array_equal(from_memory.columns["intensity"], from_file.columns["intensity"])
    assert [e.reason for e in from_memory.errors] == [e.reason for e in from_file.errors]


def test_the_careful_csv_reader_gives_the_fast_readers_results(tmp_path, shipped, monkeypatch):
    path = _table(tmp_path, BAD_ROWS.replace("short,NO,2021\n", ""))
    fast = evaluate(path, shipped)
    monkeypatch.setattr(_tables, "_read_csv_arrow", lambda raw, name: None)
    careful = evaluate(path, shipped)
    np.testing.assert_array_equal(fast.columns["intensity"], careful.columns["intensity"])
    assert fast.errors == careful.errors
    assert batch_report.batch_csv(fast).decode() == "".join(batch_report._lines(fast))


def test_blank_lines_and_quoted_line_breaks_keep_file_line_numbers(tmp_path, shipped):
    body = (
        'ok,NO,2021,PFPB_M,,,15,10,2500,7601 10\n\n"two\nlines",NO,2021,PFPB_M,,,99,1,1,7601 10\n'
    )
    result = evaluate(_table(tmp_path, body), shipped)
    assert [(e.row, e.column) for e in result.errors] == [(5, "electricity [MWh/t]")]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"offer,country\n\xff\xfe,NO\n", "UTF-8 text"),
        (b"", "a header row"),
        (b'offer,country,year\n"a\x00",NO,2021\n', "CSV text"),
    ],
)
def test_an_unreadable_table_is_refused_whole(tmp_path, shipped, raw, message):
    path = tmp_path / "offers.csv"
    path.write_bytes(raw)
    with pytest.raises(aluco2.InputError, match=message):
        evaluate(path, shipped)


def test_ranking_orders_offers_and_puts_invalid_ones_last(tmp_path, shipped):
    result = evaluate(
        _table(tmp_path, BAD_ROWS),
        shipped,
        carbon_price=80,
        currency="EUR",
        rank_by="carbon-adjusted-price",
    )
    adjusted = result.columns["carbon_adjusted_price"]
    valid = ~np.isnan(adjusted)
    assert np.all(np.diff(adjusted[valid]) >= 0)
    assert valid[: valid.sum()].all()
    assert not valid[valid.sum() :].any()
    assert list(result.columns["rank"]) == list(range(1, result.rows + 1))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rank_by": "price"}, None),
        ({"rank_by": "carbon-adjusted-price"}, "carbon_price: must be given"),
        ({"carbon_price": 80, "currency": "USD"}, "EUR per t CO2e"),
        ({"carbon_price": -1, "currency": "EUR"}, "from 0 to 100,000"),
        ({"rank_by": "cheapest"}, "one of 'co2'"),
    ],
)
def test_options_the_table_cannot_serve_are_refused(tmp_path, shipped, options, message):
    path = _table(tmp_path, "ok,NO,2021,PFPB_M,,,15,10,2500,7601 10\n")
    if message is None:
        assert evaluate(path, shipped, **options).columns["rank"][0] == 1
        return
    with pytest.raises(aluco2.InputError, match=message):
        evaluate(path, shipped, **options)


@settings(max_examples=25, deadline=None)
@given(
    electricity=st.lists(st.floats(10.0, 25.0), min_size=2, max_size=8),
    mass=st.floats(0.001, 1e6),
)
def test_intensity_rises_with_smelting_electricity(electricity, mass):
    shipped = aluco2.load_factors()
    columns = {
        "country": ["CN"] * len(electricity),
        "year": ["2021"] * len(electricity),
        "technology": ["PFPB_M"] * len(electricity),
        "electricity [MWh/t]": [repr(e) for e in sorted(electricity)],
        "mass [t]": [repr(mass)] * len(electricity),
    }
    result = evaluate(columns, shipped)
    intensity = result.columns["intensity"]
    assert np.all(np.diff(intensity) >= -1e-12)
    np.testing.assert_allclose(result.columns["total_co2e"], intensity * mass, rtol=1e-12)


def test_the_cli_writes_results_and_errors_and_counts_them(tmp_path):
    path = _table(tmp_path, BAD_ROWS)
    out, errors = tmp_path / "result.csv", tmp_path / "errors.csv"
    run = CliRunner().invoke(
        cli,
        ["batch", str(path), "-o", str(out), "--errors", str(errors), "--rank-by", "co2"],
    )
    assert run.exit_code == 0, run.output
    assert "9 offers: 2 evaluated, 7 invalid; 1 malformed row left out of the offers" in run.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["offer"] for r in rows[:2]] == sorted(
        ["ok", "ok2"],
        key=lambda o: float(next(r for r in rows if r["offer"] == o)["intensity [t CO2e/t]"]),
    )
    listed = list(csv.DictReader(io.StringIO(errors.read_text(encoding="utf-8"))))
    assert len(listed) == 8
    assert listed[0].keys() == {"row", "column", "value", "reason"}


def test_the_cli_lists_errors_on_stderr_without_an_errors_file(tmp_path):
    run = CliRunner().invoke(cli, ["batch", str(_table(tmp_path, BAD_ROWS))])
    assert run.exit_code == 0
    assert "row 3, electricity [MWh/t]: must be from 10 to 25 MWh/t (got '99')" in run.stderr


def test_a_refused_table_writes_no_output(tmp_path):
    path = _table(tmp_path, "", "offer,country,year,electricty [MWh/t]\n")
    out = tmp_path / "result.csv"
    run = CliRunner().invoke(cli, ["batch", str(path), "-o", str(out)])
    assert run.exit_code == 2
    assert run.stderr.startswith("error: ")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offers.csv"]


def test_json_output_is_the_to_dict_document(tmp_path, shipped):
    out = tmp_path / "result.json"
    run = CliRunner().invoke(cli, ["batch", str(OFFERS), "-o", str(out)])
    assert run.exit_code == 0, run.output
    document = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(result_schema("batch-result")).validate(document)
    expected = evaluate(OFFERS, shipped).to_dict()
    expected["provenance"]["inputs"][0]["path"] = str(OFFERS)
    assert document == expected
    assert all(
        v is None or not isinstance(v, float) or math.isfinite(v)
        for offer in document["offers"]
        for v in offer.values()
    )


def test_parquet_in_and_out_give_the_csv_results(tmp_path, shipped):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    with OFFERS.open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    table = pa.table({h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])})
    source = tmp_path / "offers.parquet"
    pq.write_table(table, source)
    out = tmp_path / "result.parquet"
    run = CliRunner().invoke(cli, ["batch", str(source), "-o", str(out)])
    assert run.exit_code == 0, run.output
    written = pq.read_table(out)
    expected = evaluate(OFFERS, shipped).columns["intensity"]
    np.testing.assert_array_equal(written.column("intensity").to_numpy(), expected)
    assert b"intensity=t CO2e/t" in written.schema.metadata[b"aluco2.units"]


def test_a_units_sidecar_gives_the_units_the_header_leaves_out(tmp_path, shipped):
    with_units = evaluate(_table(tmp_path, "ok,NO,2021,PFPB_M,,,15,10,2500,7601 10\n"), shipped)
    plain = HEADER.replace(" [%]", "").replace(" [MWh/t]", "").replace(" [t]", "")
    plain = plain.replace(" [EUR/t]", "")
    path = _table(tmp_path, "ok,NO,2021,PFPB_M,,,15000,10,2500,7601 10\n", plain)
    units = {
        "pre_consumer_scrap": "%",
        "post_consumer_scrap": "%",
        "electricity": "kWh/t",
        "mass": "t",
        "price": "EUR/t",
    }
    sidecar = evaluate(path, shipped, units=units)
    assert sidecar.columns["intensity"][0] == pytest.approx(with_units.columns["intensity"][0])
    with pytest.raises(aluco2.InputErrors, match="a quantity column of the table"):
        evaluate(path, shipped, units={**units, "electricty": "MWh/t"})
    conflicting = _table(tmp_path, "ok,NO,2021,PFPB_M,,,15,10,2500,7601 10\n")
    with pytest.raises(aluco2.InputErrors, match="one unit"):
        evaluate(conflicting, shipped, units={"electricity": "kWh/t"})


def test_the_cli_reads_a_units_sidecar_and_names_a_bad_line(tmp_path):
    path = _table(
        tmp_path, "ok,NO,2021,PFPB_M,,,15,10,2500,7601 10\n", HEADER.replace(" [MWh/t]", "")
    )
    good, bad = tmp_path / "units.yaml", tmp_path / "bad.yaml"
    good.write_text("electricity: MWh/t\n", encoding="utf-8")
    bad.write_text("electricity: MWh/t\nmass: 12\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["batch", str(path), "--units", str(good)]).exit_code == 0
    refused = runner.invoke(cli, ["batch", str(path), "--units", str(bad)])
    assert refused.exit_code == 2
    assert "bad.yaml:2: mass: must be a unit as text" in refused.stderr


def test_parquet_output_has_nulls_not_nan_where_a_value_does_not_apply(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "result.parquet"
    run = CliRunner().invoke(cli, ["batch", str(_table(tmp_path, BAD_ROWS)), "-o", str(out)])
    assert run.exit_code == 0, run.output
    written = pq.read_table(out)
    status = written.column("status").to_pylist()
    intensity = written.column("intensity").to_pylist()
    assert all(v is None for v, s in zip(intensity, status, strict=True) if s == "invalid")
    assert all(isinstance(v, float) and math.isfinite(v) for v in intensity if v is not None)


def test_an_output_onto_a_part_of_the_parquet_table_is_refused(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    parts = tmp_path / "parts"
    parts.mkdir()
    pq.write_table(pa.table({"country": ["NO"], "year": ["2021"]}), parts / "a.parquet")
    before = (parts / "a.parquet").read_bytes()
    run = CliRunner().invoke(cli, ["batch", str(parts), "-o", str(parts / "a.parquet")])
    assert run.exit_code == 2
    assert "a file the command does not read" in run.stderr
    assert (parts / "a.parquet").read_bytes() == before
