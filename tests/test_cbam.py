"""CBAM: the regulation's equations on hand-checked installations, the tables, the CLI."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import aluco2
from aluco2._cbam import compute, estimate_certificates, lookup_default
from aluco2._cli import cli
from aluco2._errors import InputError, InputErrors
from aluco2._installation import installation_from_mapping, load_installation

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
    data["processes"][0]["benchmark_route"] = "K"  # as a primary producer would be
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
        ("7606 12 92", "TV", 2026, "3.717", "K", "0.10", "1.485"),  # Tuvalu: no row, OTHER
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
    from aluco2._cbam import _tables

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
    first = compute(installation, shipped).to_json()
    assert first == compute(installation, shipped).to_json()
    document = json.loads(first)
    audit = {line["quantity"]: line for line in document["processes"][1]["audit"]}
    exact = Decimal(audit["processes[1] SEE direct"]["value"])
    assert round(exact, 6) == Decimal(str(document["goods"][1]["see_direct"]))
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


def test_producer_sefa_replaces_column_b(shipped):
    precursor = {"name": "p", "cn": "7601", "country": "IN", "mass": "1000 t"}
    with_sefa = {**precursor, "see": "1.5 t CO2e/t", "see_source": "report", "sefa": "0.5 t CO2e/t"}
    estimates = [
        estimate_certificates(
            _report(shipped, _installation(precursors=[p])),
            shipped,
            year=2026,
            cross_sectoral_correction=Decimal(1),
        ).goods[0]
        for p in (precursor, with_sefa)
    ]
    m = Decimal(1000) / 10000
    own = Decimal("0.975") * Decimal("0.091")  # route L, Column A of 7601
    assert estimates[0].actual_sefa == own + m * Decimal("0.975") * Decimal("1.423")
    assert estimates[1].actual_sefa == own + m * Decimal("0.5")


def test_cbam_factor_follows_the_production_year_and_markup_the_import_year(shipped):
    report = _report(shipped, _installation())
    estimate = estimate_certificates(
        report, shipped, year=2028, cross_sectoral_correction=Decimal(1)
    )
    assert estimate.production_year == 2026
    assert estimate.cbam_factor.value == Decimal("0.975")
    assert estimate.markup.value == Decimal("0.30")


def test_installation_pfc_data_win_over_the_plant_file(shipped, tmp_path):
    plant = (EXAMPLES / "smelter_plant.yaml").read_text(encoding="utf-8")
    plant = plant.replace(
        'anode_effect_frequency: "0.05 1/d"\n      anode_effect_duration: "1.0 min"',
        'anode_effect_minutes: "0.5 min/d"',
    )
    (tmp_path / "plant.yaml").write_text(plant, encoding="utf-8")
    data = _installation(
        route="primary",
        pfc={
            "aluminium_produced": "100000 t",
            "anode_effect_frequency": "0.1 1/d",
            "anode_effect_duration": "1 min",
        },
    )
    data["plant"] = str(tmp_path / "plant.yaml")
    pfc = _report(shipped, data).processes[0].direct.pfc_t
    cf4 = Decimal("0.1") * Decimal("0.104") / 1000 * 100000  # not the plant's 0.5 AEM
    assert pfc == cf4 * 6630 + cf4 * Decimal("0.057") * 11100


def test_pfpb_mw_falls_back_to_cwpb_slope_values(shipped):
    pfc = {
        "aluminium_produced": "100000 t",
        "method": "slope",
        "technology": "PFPB_MW",
        "anode_effect_minutes": "0.25 min/d",
    }
    report = _report(shipped, _installation(route="primary", pfc=pfc))
    assert report.processes[0].direct.pfc_t == Decimal("28503.8325")  # the CWPB worked case
    audit = " ".join(i for line in report.processes[0].audit for i in line.inputs)
    assert "Table 2 footnote 1" in audit


def test_actual_value_needs_no_default_and_unknown_origin_needs_one_for_allocation(shipped):
    precursor = {
        "name": "p",
        "cn": "7601",
        "mass": "1000 t",
        "see": "1.5 t CO2e/t",
        "see_source": "report",
    }
    report = _report(shipped, _installation(precursors=[precursor]))
    assert report.processes[0].see_direct == (50 * NATURAL_GAS + 1500) / 10000
    with pytest.raises(InputErrors, match=r"precursors\[0\]\.country"):
        estimate_certificates(report, shipped, year=2026, cross_sectoral_correction=Decimal(1))


def test_exact_decimal_unit_conversions(shipped):
    stream = {
        "name": "gas",
        "method": "combustion",
        "emission_factor": "56.1 kg CO2/GJ",
        "amount": "50000 GJ",
    }
    report = _report(shipped, _installation(source_streams=[stream]))
    assert report.processes[0].see_direct == Decimal("0.2805")


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ("country", "UK", "GB"),
        ("country", "EU", "member state"),
        ("country", "EL", "GR"),
    ],
)
def test_country_aliases_are_refused(shipped, where, value, expected):
    precursor = {"name": "p", "cn": "7601", "country": value, "mass": "1 t"}
    assert expected in _errors(shipped, _installation(precursors=[precursor]))


def test_schema_rules_of_processes_and_periods(shipped):
    assert "pfc" in _errors(shipped, _installation(route="primary"))
    assert "benchmark_route" in _errors(
        shipped,
        _installation(
            route="mixed",
            pfc={
                "aluminium_produced": "1 t",
                "method": "slope",
                "technology": "CWPB",
                "anode_effect_minutes": "0.1 min/d",
            },
        ),
    )
    too_much = [{"cn": "7601", "name": "x", "production": "1 t", "to_eu": "2 t"}]
    assert "to_eu" in _errors(shipped, _installation(goods=too_much))
    data = _installation()
    data["reporting_period"] = {"start": "2025-01-01", "end": "2025-12-31"}
    assert "definitive period" in _errors(shipped, data)
    duplicate = _installation()
    duplicate["processes"].append(copy.deepcopy(duplicate["processes"][0]))
    assert "processes[1].name" in _errors(shipped, duplicate)
    tubes = _installation(
        category="aluminium_products",
        route=None,
        goods=[{"cn": "7608 20 81", "name": "tube", "production": "10 t"}],
    )
    del tubes["processes"][0]["route"]
    assert _report(shipped, tubes).goods[0].cn == "7608 20 81"


def test_summary_flags_ignore_zero_terms(shipped):
    data = _installation(
        corrections={"heat_imported": "0 t CO2e", "waste_gas_exported": "5 t CO2e"}
    )
    summary = _report(shipped, data).to_dict()["operator_summary"]
    assert summary["heat_imported_or_exported"] is False
    assert summary["waste_gases"] is True


def test_negative_certificates_are_set_to_zero(shipped):
    data = _installation(
        goods=[{"cn": "7601 20 80", "name": "x", "production": "10000 t", "to_eu": "10000 t"}],
        source_streams=[
            {"name": "gas", "method": "combustion", "fuel": "natural_gas", "amount": "10 TJ"}
        ],
    )
    data["installation"]["country"] = "DZ"
    report = _report(shipped, data)
    estimate = estimate_certificates(
        report, shipped, year=2026, cross_sectoral_correction=Decimal(1)
    )
    document = report.to_dict(estimate)["certificates"]["goods"][0]
    assert document["actual"]["certificates_per_t"] < 0
    assert document["certificates_actual"] == 0
    assert document["set_to_zero"] is True


def test_cli_refuses_bad_options_and_protects_the_plant_file(tmp_path):
    runner = CliRunner()
    example = str(EXAMPLES / "remelter_tr.yaml")
    for cscf in ("nan", "Infinity", "1e999999", "100", "-1"):
        result = runner.invoke(cli, ["cbam", example, "--year", "2026", "--cscf", cscf])
        assert result.exit_code == 2, cscf
        assert "--cscf" in result.stderr
    price = runner.invoke(
        cli, ["cbam", example, "--year", "2026", "--cscf", "1", "--eua-price", "-5 EUR/t"]
    )
    assert price.exit_code == 2
    for name in ("primary_smelter_in.yaml", "smelter_plant.yaml"):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    before = (tmp_path / "smelter_plant.yaml").read_bytes()
    result = runner.invoke(
        cli,
        [
            "cbam",
            str(tmp_path / "primary_smelter_in.yaml"),
            "-o",
            str(tmp_path / "smelter_plant.yaml"),
        ],
    )
    assert result.exit_code == 2
    assert (tmp_path / "smelter_plant.yaml").read_bytes() == before
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"a: 1\n\x00")
    result = runner.invoke(cli, ["cbam", str(nul)])
    assert result.exit_code == 2
    assert "printable" in result.stderr
    defaults = runner.invoke(cli, ["cbam", "defaults", "--cn", "7601.10", "--year", "2026"])
    assert defaults.exit_code == 2
    assert "--cn" in defaults.stderr


def test_measured_pfc_needs_no_technology(shipped):
    # IR 2025/2547 Annex II B.7 Eq. 20 (duct measurement) uses no technology factor.
    duct = {
        "aluminium_produced": "100000 t",
        "method": "measured",
        "cf4_duct": "3.43 t CF4",
        "c2f6_duct": "0.49 t C2F6",
        "collection_efficiency": "98 %",
    }
    data = _installation(route="primary", pfc=duct)
    total = Decimal("3.5") * 6630 + Decimal("0.5") * 11100  # 3.43 / 0.98 and 0.49 / 0.98
    assert _report(shipped, data).processes[0].direct.pfc_t == total


def test_no_aluminium_produced_is_refused(shipped):
    data = _installation(route="primary", pfc={"aluminium_produced": "0 t", "method": "slope"})
    message = _errors(shipped, data)
    assert "aluminium_produced" in message
    assert "more than 0" in message


@pytest.mark.parametrize(
    ("country", "fragment"),
    [
        ("NO", "exempt (Regulation (EU) 2023/956 Annex III point 1)"),
        ("IS", "exempt"),
        ("DE", "goods made in the EU are not imports"),
        ("XX", "a country code that is assigned"),
        ("ÄÖ", "ISO 3166-1 alpha-2"),
        ("UK", "GB for the United Kingdom"),
    ],
)
def test_a_default_for_an_exempt_eu_or_invalid_origin_is_refused_plainly(country, fragment):
    with pytest.raises(InputError, match=re.escape(fragment)) as caught:
        aluco2.cbam_default("7601", country, 2027)
    assert caught.value.key_path == ("country",)
    result = CliRunner().invoke(
        cli, ["cbam", "defaults", "--cn", "7601", "--country", country, "--year", "2027"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --country: must be")


def test_every_format_shows_the_certificates_and_their_cost(tmp_path, monkeypatch):
    import shutil

    import openpyxl

    shutil.copytree(Path(__file__).parents[1] / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    args = ["cbam", "examples/cbam/primary_smelter_in.yaml", "--year", "2027", "--cscf", "1"]
    args += ["--eua-price", "75 EUR/t"]
    runner = CliRunner()
    document = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    good = document["certificates"]["goods"][0]
    # The cost is the unrounded certificates at 75 EUR each; the certificates shown are
    # rounded to 0.001, so the product of the shown figures is within 75 x 0.0005 EUR.
    assert good["cost_actual_eur"] == pytest.approx(good["certificates_actual"] * 75, abs=0.04)
    csv_text = runner.invoke(cli, [*args, "--format", "csv"]).stdout
    assert f"cost_actual,{good['cost_actual_eur']},EUR" in csv_text
    assert f"certificates_default,{good['certificates_default']},certificates" in csv_text
    table = runner.invoke(cli, args).stdout
    assert f"{good['cost_actual_eur']:,.0f}" in table
    assert runner.invoke(cli, [*args, "--format", "xlsx", "-o", "report.xlsx"]).exit_code == 0
    sheet = openpyxl.load_workbook("report.xlsx")["Certificates"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("cost actual [EUR]")] == good["cost_actual_eur"]


def test_a_refused_cn_code_lists_the_covered_codes_under_its_heading():
    result = CliRunner().invoke(
        cli, ["cbam", "defaults", "--cn", "7601 10 00", "--country", "CN", "--year", "2027"]
    )
    assert result.exit_code == 2
    assert "The codes of the table under 7601 are: 7601 10 10, 7601 10 90" in result.stderr
