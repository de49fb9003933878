"""CBAM: the regulation's equations on hand-checked installations, the tables, the CLI."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from aluco2.cbam import compute, estimate_certificates, lookup_default
from aluco2.cli import cli
from aluco2.errors import InputError, InputErrors
from aluco2.installation import installation_from_mapping, load_installation
from aluco2.report import cbam_document, to_json

EXAMPLES = Path(__file__).parents[1] / "examples" / "cbam"
# IPCC 2006 Vol. 2 Table 1.4 CO2 factors, t CO2/TJ, as published (not read from the code).
NATURAL_GAS, HEAVY_FUEL_OIL, DIESEL = Decimal("56.1"), Decimal("77.4"), Decimal("74.1")


def _installation(**process_changes) -> dict:
    """One secondary process in Turkiye: 10 000 t of 7601 from scrap, gas and precursors."""
    process = {
        "name": "remelting",
        "category": "unwrought_aluminium",
        "route": "secondary",
        "goods": [{"cn": "7601 20 80", "name": "alloy ingot", "production": "10000 t"}],
        "source_streams": [
            {"name": "gas", "method": "combustion", "fuel": "natural_gas", "amount": "50 TJ"}
        ],
        "scrap": [
            {"consumer": "pre", "mass": "3000 t"},
            {"consumer": "post", "mass": "6000 t"},
        ],
    }
    process.update(process_changes)
    return {
        "operator": {"name": "Operator", "country": "TR"},
        "installation": {
            "name": "Remelter",
            "country": "TR",
            "unlocode": "TRZZZ",
            "coordinates": {"latitude": 40.0, "longitude": 29.0},
        },
        "reporting_period": {"start": "2026-01-01", "end": "2026-12-31"},
        "processes": [process],
    }


def _report(shipped, data):
    return compute(installation_from_mapping(copy.deepcopy(data)), shipped)


def _errors(shipped, data) -> str:
    with pytest.raises(InputErrors) as info:
        _report(shipped, data)
    return str(info.value)


def test_primary_smelter_by_hand(shipped):
    report = compute(load_installation(EXAMPLES / "primary_smelter_in.yaml"), shipped)
    (process,) = report.processes
    # Anodes: f x AD x CC with f = 3.664 (IR 2025/2547 Eq. 12).
    anodes = Decimal("3.664") * 174000 * Decimal("0.976")
    fuels = (
        (Decimal("311.634") + Decimal("601.6")) * NATURAL_GAS
        + (Decimal("105.966") + Decimal("39.6")) * HEAVY_FUEL_OIL
        + Decimal("0.4") * DIESEL
    )
    # PFC, slope method, PFPB M (Table 2: 0.104 and 0.057), AEM 0.05 x 1.0 from the plant file.
    cf4 = Decimal("0.05") * Decimal("0.104") / 1000 * 400000
    pfc = cf4 * 6630 + cf4 * Decimal("0.057") * 11100
    assert process.direct.mass_balance_t == anodes
    assert process.direct.combustion_t == fuels
    assert process.direct.pfc_t == pfc
    assert process.see_direct == (anodes + fuels + pfc) / 400000
    assert round(process.see_direct, 3) == Decimal("1.750")
    assert process.default_share == 0
    # Indirect emissions are reported apart and never enter the SEE.
    assert process.see_indirect == Decimal("5867600") * Decimal("0.63718") / 400000


def test_remelter_with_actual_and_default_precursors_by_hand(shipped):
    report = compute(load_installation(EXAMPLES / "remelter_tr.yaml"), shipped)
    (process,) = report.processes
    own = 284 * NATURAL_GAS
    actual, default = 4000 * Decimal("1.750"), 2000 * Decimal("1.87")  # UAE default 7601
    assert process.see_direct == (own + actual + default) / 50000
    assert process.default_share == default / (own + actual + default)
    assert process.scrap_t_per_t == Decimal("46000") / 50000
    assert process.pre_consumer_share == Decimal("12000") / 46000
    assert process.non_aluminium_content == Decimal("0.13")
    assert [p.data for p in process.precursors] == ["actual", "default"]


def test_rolling_mill_uses_its_own_slab_recursively(shipped):
    report = compute(load_installation(EXAMPLES / "rolling_mill_cn.yaml"), shipped)
    casthouse, mill = report.processes
    slab = (Decimal("371.16") * NATURAL_GAS + 70000 * Decimal("3.0")) / 120000  # CN default
    assert casthouse.see_direct == slab
    assert mill.see_direct == (150 * NATURAL_GAS + 118000 * slab) / 100000
    slab_default_share = 70000 * Decimal("3.0") / (Decimal("371.16") * NATURAL_GAS + 210000)
    assert mill.default_share == 118000 * slab * slab_default_share / (
        150 * NATURAL_GAS + 118000 * slab
    )


def test_order_of_processes_does_not_matter(shipped):
    data = load_installation(EXAMPLES / "rolling_mill_cn.yaml").model.model_dump(
        mode="json", exclude_none=True
    )
    data["processes"].reverse()
    reversed_report = _report(shipped, data)
    forward = compute(load_installation(EXAMPLES / "rolling_mill_cn.yaml"), shipped)
    assert {p.name: p.see_direct for p in reversed_report.processes} == {
        p.name: p.see_direct for p in forward.processes
    }


@pytest.mark.parametrize("factor", ["0.5", "3", "7.25"])
def test_see_does_not_depend_on_the_scale_of_the_period(shipped, factor):
    data = _installation(
        precursors=[{"name": "P1020", "cn": "7601", "country": "IN", "mass": "1000 t"}]
    )
    scaled = copy.deepcopy(data)
    process = scaled["processes"][0]
    k = Decimal(factor)
    process["goods"][0]["production"] = f"{10000 * k} t"
    process["source_streams"][0]["amount"] = f"{50 * k} TJ"
    process["precursors"][0]["mass"] = f"{1000 * k} t"
    assert _report(shipped, scaled).processes[0].see_direct == (
        _report(shipped, data).processes[0].see_direct
    )


def test_scrap_and_eu_precursors_carry_nothing(shipped):
    base = _report(shipped, _installation()).processes[0]
    assert base.see_direct == 50 * NATURAL_GAS / 10000
    eu = _installation(
        precursors=[{"name": "German ingot", "cn": "7601", "country": "DE", "mass": "500 t"}]
    )
    with_eu = _report(shipped, eu).processes[0]
    assert with_eu.see_direct == base.see_direct
    assert with_eu.precursors[0].data == "EU or exempt origin"


def test_attribution_terms_and_zero_floor(shipped):
    data = _installation(corrections={"heat_exported": "1000 t CO2e"})
    process = _report(shipped, data).processes[0]
    assert process.direct.attributed_t == 50 * NATURAL_GAS - 1000
    data = _installation(corrections={"heat_exported": "5000 t CO2e"})
    assert _report(shipped, data).processes[0].direct.attributed_t == 0


def test_pfc_from_the_plant_file_equals_pfc_given_inline(shipped):
    from_plant = compute(load_installation(EXAMPLES / "primary_smelter_in.yaml"), shipped)
    data = load_installation(EXAMPLES / "primary_smelter_in.yaml").model.model_dump(
        mode="json", exclude_none=True
    )
    del data["plant"]
    data["processes"][0]["pfc"].update(
        method="slope",
        technology="PFPB_M",
        anode_effect_frequency="0.05 1/d",
        anode_effect_duration="1.0 min",
    )
    inline = _report(shipped, data)
    assert inline.processes[0].direct.pfc_t == from_plant.processes[0].direct.pfc_t


def test_overvoltage_and_duct_measurements(shipped):
    pfc = {
        "aluminium_produced": "100000 t",
        "method": "overvoltage",
        "technology": "CWPB",
        "overvoltage": "2.5 mV",
        "current_efficiency": "96 %",
    }
    data = _installation(route="primary", pfc=pfc)
    cf4 = Decimal("1.16") * Decimal("2.5") / 96 * 100000 * Decimal("0.001")
    expected = cf4 * 6630 + cf4 * Decimal("0.121") * 11100
    assert _report(shipped, data).processes[0].direct.pfc_t == expected
    duct = {
        "aluminium_produced": "100000 t",
        "method": "measured",
        "technology": "CWPB",
        "cf4_duct": "3.43 t CF4",
        "c2f6_duct": "0.49 t C2F6",
        "collection_efficiency": "98 %",
    }
    data = _installation(route="primary", pfc=duct)
    total = Decimal("3.5") * 6630 + Decimal("0.5") * 11100  # 3.43 / 0.98 and 0.49 / 0.98
    assert _report(shipped, data).processes[0].direct.pfc_t == total
    del duct["collection_efficiency"]
    assert "collection_efficiency" in _errors(shipped, _installation(route="primary", pfc=duct))


def test_certificate_arithmetic_of_the_reference_notes(shipped):
    # 1000 t of 7601 from China in 2026, CSCF 1: defaults 3.000 x 1.10 - 0.975 x 1.423 =
    # 1.912575 per t; a verified primary SEE of 1.80 gives 0.412575; secondary (L) 0.30 gives
    # 0.30 - 0.975 x 0.091 = 0.211275.
    data = _installation(
        source_streams=[],
        goods=[{"cn": "7601 10 90", "name": "ingot", "production": "1000 t", "to_eu": "1000 t"}],
        precursors=[
            {"name": "p", "cn": "7601", "country": "DE", "mass": "1 t"},
        ],
        corrections={"heat_imported": "300 t CO2e"},
    )
    data["installation"]["country"] = "CN"
    report = _report(shipped, data)
    estimate = estimate_certificates(
        report, shipped, year=2026, cross_sectoral_correction=Decimal(1)
    )
    (good,) = estimate.goods
    assert good.default_per_t == Decimal("1.912575")
    assert good.actual_per_t == Decimal("0.300") - Decimal("0.975") * Decimal("0.091")
    data["processes"][0]["route"] = "primary"
    data["processes"][0]["corrections"] = {"heat_imported": "1800 t CO2e"}
    primary = estimate_certificates(
        _report(shipped, data), shipped, year=2026, cross_sectoral_correction=Decimal(1)
    )
    assert primary.goods[0].actual_per_t == Decimal("0.412575")


@pytest.mark.parametrize(
    ("cn", "country", "year", "value", "route", "markup", "benchmark_b"),
    [
        ("7601", "CN", 2027, "3.0", "K", "0.20", "1.423"),
        ("7601 10 90", "IN", 2026, "1.87", "K", "0.10", "1.423"),
        ("7601", "DZ", 2028, "0.36", "L", "0.30", "0.091"),
        ("7601", "BR", 2030, "1.7", "K", "0.30", "1.423"),
        ("7604 10 10", "IN", 2026, "3.413", "K", "0.10", "1.485"),
        ("7606 12 92", "ZZ", 2026, "3.717", "K", "0.10", "1.485"),  # no table: OTHER
        ("7607 11 90", "KW", 2027, None, "L", "0.20", "0.258"),
    ],
)
def test_default_and_benchmark_tables(
    shipped, cn, country, year, value, route, markup, benchmark_b
):
    found = lookup_default(shipped, cn, country, year)
    if value is not None:
        assert found.default.value == Decimal(value)
    assert found.default.route == route
    assert found.markup.value == Decimal(markup)
    assert found.marked_up == found.default.value * (1 + Decimal(markup))
    assert found.benchmark_b.value == Decimal(benchmark_b)


def test_cbam_factor_schedule_and_years(shipped):
    from aluco2.cbam import _tables

    schedule = {2026: "0.975", 2027: "0.95", 2028: "0.9", 2030: "0.515", 2033: "0.14"}
    for year, value in schedule.items():
        assert _tables.cbam_factor(shipped, year).value == Decimal(value)
    assert _tables.cbam_factor(shipped, 2040).value == 0
    with pytest.raises(InputError, match="2026"):
        lookup_default(shipped, "7601", "CN", 2031)  # benchmarks end in 2030
    with pytest.raises(InputError, match="Annex IV"):
        lookup_default(shipped, "7601", None, 2026)
    with pytest.raises(InputError, match="8 digits"):
        lookup_default(shipped, "7604", "IN", 2026)  # bars and profiles differ


def test_json_is_deterministic_and_traceable(shipped):
    installation = load_installation(EXAMPLES / "rolling_mill_cn.yaml")
    first = to_json(cbam_document(compute(installation, shipped)))
    assert first == to_json(cbam_document(compute(installation, shipped)))
    document = json.loads(first)
    audit = document["processes"][1]["audit"]
    assert audit[-1]["quantity"] == "processes[1] SEE direct"
    assert any(
        "cbam.default.7601.CN.K = 3.0 t CO2e/t" in i
        for a in document["processes"][0]["audit"]
        for i in a["inputs"]
    )
    assert document["goods"][1]["see_total"] == document["goods"][1]["see_direct"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"goods": [{"cn": "7602", "name": "scrap", "production": "1 t"}]}, "goods.0.cn"),
        (
            {
                "source_streams": [
                    {
                        "name": "anodes",
                        "method": "mass_balance",
                        "amount": "5 MWh",
                        "carbon_content": "90 %",
                    }
                ]
            },
            "source_streams[0].amount",
        ),
        (
            {
                "source_streams": [
                    {
                        "name": "gas",
                        "method": "combustion",
                        "fuel": "natural_gass",
                        "amount": "5 TJ",
                    }
                ]
            },
            "natural_gas",
        ),
        (
            {
                "source_streams": [
                    {
                        "name": "a",
                        "method": "mass_balance",
                        "amount": "5 t",
                        "carbon_content": "120 %",
                    }
                ]
            },
            "carbon_content",
        ),
        ({"scrap": [{"consumer": "pre", "mass": "-5 t"}]}, "scrap.0.mass"),
        (
            {"precursors": [{"name": "p", "cn": "7601", "mass": "1 t", "see": "1 t CO2e/t"}]},
            "see_source",
        ),
        ({"precursors": [{"name": "p", "process": "nowhere", "mass": "1 t"}]}, "nowhere"),
        ({"precursors": [{"name": "p", "cn": "7601", "mass": "1 t"}]}, "Annex IV"),
    ],
)
def test_bad_installations_name_the_key(shipped, change, expected):
    message = _errors(shipped, _installation(**change))
    assert expected.replace(".0.", "[0].") in message or expected in message


def test_cli_report_formats_and_errors(tmp_path):
    runner = CliRunner()
    example = str(EXAMPLES / "remelter_tr.yaml")
    table = runner.invoke(cli, ["cbam", example])
    assert table.exit_code == 0
    assert "7601 20 80" in table.output
    report = runner.invoke(
        cli,
        [
            "cbam",
            "report",
            example,
            "--format",
            "json",
            "--year",
            "2026",
            "--cscf",
            "1",
            "--eua-price",
            "75.36 EUR/t",
        ],
    )
    assert report.exit_code == 0
    assert json.loads(report.output)["certificates"]["year"] == 2026
    half = runner.invoke(cli, ["cbam", example, "--year", "2026"])
    assert half.exit_code == 2
    assert "--cscf" in half.stderr
    xlsx = runner.invoke(cli, ["cbam", example, "--format", "xlsx"])
    assert xlsx.exit_code == 2
    assert "--output" in xlsx.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("- not a mapping\n", encoding="utf-8")
    result = runner.invoke(cli, ["cbam", str(bad)])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    defaults = runner.invoke(
        cli, ["cbam", "defaults", "--cn", "7601", "--country", "CN", "--year", "2027"]
    )
    assert defaults.exit_code == 0
    assert "cbam.default.7601.CN.K" in defaults.output
    assert "3.6000" in defaults.output
