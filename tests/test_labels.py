"""Labels and thresholds: judged on their own boundary, strict where they say 'below'."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import aluco2
from aluco2._batch import evaluate as evaluate_batch
from aluco2._cli import cli
from aluco2._footprint._labels import check, label, labels
from aluco2._schemas import result_schema

ROOT = Path(__file__).parents[1]
NORDIC = ROOT / "examples" / "nordic_hydro_smelter.yaml"
OFFERS = ROOT / "examples" / "offers" / "aluminium_offers.csv"


def test_every_label_has_a_source_and_a_known_boundary():
    for found in labels().values():
        assert set(found.source) >= {"publisher", "title", "year", "url", "locator"}
        assert found.source["url"].startswith("https://")
        assert found.boundary in ("scope1", "scope1+2", "cradle-to-gate")
        assert found.comparison in ("below", "at_most")
        assert found.threshold_t_per_t is None or 0 < found.threshold_t_per_t < 20
        assert found.boundary != "scope1" or found.threshold_t_per_t is None


def test_below_fails_at_equality_and_at_most_passes():
    asi = label("asi-smelter-8")
    at_threshold = check(asi, "primary", {1: 5.0, 2: 3.0}, 10.0)
    assert at_threshold.value_t_per_t == 8.0
    assert at_threshold.passes is False
    assert at_threshold.margin_t_per_t == 0.0
    reduxa = label("hydro-reduxa-4")
    assert reduxa.comparison == "at_most"
    assert check(reduxa, "primary", {1: 1.0, 2: 1.0}, 4.0).passes is True
    assert check(reduxa, "primary", {1: 1.0, 2: 1.0}, 4.000001).passes is False


def test_a_scope12_label_is_not_judged_on_the_cradle_to_gate_total():
    asi = label("asi-smelter-8")
    # Scope 1+2 of 7.9 passes although the cradle-to-gate total of 12 is above 8.
    checked = check(asi, "primary", {1: 4.0, 2: 3.9, 3: 4.1}, 12.0)
    assert checked.value_t_per_t == pytest.approx(7.9)
    assert checked.passes is True


def test_a_smelter_label_does_not_judge_recycled_metal():
    checked = check(label("asi-smelter-8"), "recycled", {1: 0.3, 2: 0.1}, 0.5)
    assert checked.applies is False
    assert checked.passes is None


def test_footprint_label_checks_use_the_documents_own_rows(tmp_path):
    document = aluco2.footprint(NORDIC).to_dict(labels=["asi-smelter-8", "hydro-reduxa-4"])
    jsonschema.Draft202012Validator(result_schema("footprint-result")).validate(document)
    result = document["results"][0]
    scope12 = sum(r["value"] for r in result["breakdown"] if r["scope"] in (1, 2))
    asi, reduxa = document["label_checks"]
    assert asi["value"] == pytest.approx(scope12)
    assert asi["margin"] == pytest.approx(8.0 - scope12)
    assert reduxa["value"] == pytest.approx(result["intensity"]["value"])
    assert asi["passes"] is (scope12 < 8.0)


def test_the_cli_checks_labels_in_table_and_json_and_refuses_unknown_ones():
    runner = CliRunner()
    table = runner.invoke(cli, ["footprint", str(NORDIC), "--check-label", "asi-smelter-8"])
    assert table.exit_code == 0
    assert "label asi-smelter-8 (Scope 1+2 below 8 t CO2e/t)" in table.output
    as_json = runner.invoke(
        cli, ["footprint", str(NORDIC), "--check-label", "asi-smelter-8", "--format", "json"]
    )
    assert json.loads(as_json.output)["label_checks"][0]["label"] == "asi-smelter-8"
    unknown = runner.invoke(cli, ["footprint", str(NORDIC), "--check-label", "asi-smelter"])
    assert unknown.exit_code == 2
    assert "Did you mean 'asi-smelter-8'?" in unknown.stderr
    listed = runner.invoke(cli, ["labels", "--format", "json"])
    assert [x["id"] for x in json.loads(listed.output)] == list(labels())


def test_batch_label_columns_follow_the_scope_columns(shipped):
    result = evaluate_batch(
        OFFERS, shipped, labels=["asi-smelter-8", "low-carbon-cradle-to-gate-4"]
    )
    columns = result.columns
    for index, offer in enumerate(columns["offer"]):
        primary_only = offer in ("N-1", "C-1", "G-1")
        scope12 = columns["scope1"][index] + columns["scope2"][index]
        expected = ("pass" if scope12 < 8.0 else "fail") if primary_only else "n/a"
        assert columns["label_asi-smelter-8"][index] == expected, offer
        total = columns["intensity"][index]
        expected = ("pass" if total < 4.0 else "fail") if primary_only else "n/a"
        assert columns["label_low-carbon-cradle-to-gate-4"][index] == expected, offer


COAL = ROOT / "examples" / "coal_grid_smelter.yaml"


def test_the_cbam_default_label_compares_scope1_with_the_origins_default():
    found = aluco2.cbam_default("7601 10", "CN", 2026).to_dict()["default"]["value"]
    document = aluco2.footprint(COAL).to_dict(labels=["cbam-default"], origin_default_t_per_t=found)
    jsonschema.Draft202012Validator(result_schema("footprint-result")).validate(document)
    scope1 = sum(r["value"] for r in document["results"][0]["breakdown"] if r["scope"] == 1)
    (checked,) = document["label_checks"]
    assert checked["threshold"] == found == 3.0
    assert checked["value"] == pytest.approx(scope1)
    assert checked["passes"] is (scope1 < 3.0)
    assert checked["margin"] == pytest.approx(3.0 - scope1)


def test_the_cli_looks_the_default_up_and_needs_a_cn_code():
    runner = CliRunner()
    ok = runner.invoke(
        cli, ["footprint", str(COAL), "--check-label", "cbam-default", "--cn", "7601 10"]
    )
    assert ok.exit_code == 0, ok.output
    assert "Scope 1 below the CBAM default of the origin, 3 t CO2e/t" in ok.output
    without = runner.invoke(cli, ["footprint", str(COAL), "--check-label", "cbam-default"])
    assert without.exit_code == 2
    assert "--cn" in without.stderr
    exempt = runner.invoke(
        cli, ["footprint", str(NORDIC), "--check-label", "cbam-default", "--cn", "7601 10"]
    )
    assert exempt.exit_code == 2
    assert "Annex III" in exempt.stderr
    alone = runner.invoke(cli, ["footprint", str(COAL), "--cn", "7601 10"])
    assert alone.exit_code == 2


def test_the_batch_judges_each_row_against_its_origins_default(shipped, tmp_path):
    result = evaluate_batch(OFFERS, shipped, labels=["cbam-default"])
    columns = result.columns
    for index, offer in enumerate(columns["offer"]):
        default = columns["cbam_default"][index]
        verdict = columns["label_cbam-default"][index]
        if default != default:  # NaN: EU or exempt origin
            assert verdict == "n/a", offer
        else:
            assert verdict == ("pass" if columns["scope1"][index] < default else "fail"), offer
    table = tmp_path / "offers.csv"
    table.write_text("country,year,technology\nCN,2021,PFPB_M\n", encoding="utf-8")
    with pytest.raises(aluco2.InputError, match="cn column"):
        evaluate_batch(table, shipped, labels=["cbam-default"])
