"""The factor loader: validation messages, overlays, provenance and hashing."""

from __future__ import annotations

import pytest

from aluco2._errors import FactorNotFoundError, InputErrors
from aluco2._factors import evaluate_derivation, load_factor_set
from aluco2._units import Q_

from .conftest import FIRST_RECORD_LINE, SITE_HEADER


def _errors(path) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_factor_set([path])
    return [str(error) for error in info.value.errors]


def test_overlay_replaces_value_and_remembers_file_and_source(shipped, write_yaml):
    path = write_yaml(
        SITE_HEADER + '  - {id: grid.owid_ember_2023.NO.2021, value: "0.012 kg CO2e/kWh"}\n'
    )
    merged = load_factor_set([path])
    record = merged.get("grid.owid_ember_2023.NO.2021")
    assert record.magnitude == pytest.approx(12.0)  # canonical unit g CO2e/kWh
    assert record.unit == "g CO2e/kWh"
    assert record.file == str(path)
    assert record.source.publisher == "Example Smelter"
    assert record.confidence == "primary"
    assert merged.hash != shipped.hash
    assert len(merged) == len(shipped)
    assert merged.get("grid.owid_ember_2023.NO.2020") == shipped.get("grid.owid_ember_2023.NO.2020")


def test_overlay_adds_new_record_in_known_family(shipped, write_yaml):
    path = write_yaml(SITE_HEADER + '  - {id: grid.site_ppa.NO.2025, value: "8 g CO2e/kWh"}\n')
    merged = load_factor_set([path])
    assert len(merged) == len(shipped) + 1
    assert merged.magnitude("grid.site_ppa.NO.2025", "kg CO2e/MWh") == pytest.approx(8.0)


def test_later_overlay_wins(write_yaml):
    first = write_yaml(
        SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4"}\n', "a.yaml"
    )
    second = write_yaml(
        SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "31 t CO2e / t CH4"}\n', "b.yaml"
    )
    assert load_factor_set([first, second]).magnitude("gwp.AR5.CH4") == 31.0
    assert load_factor_set([second, first]).magnitude("gwp.AR5.CH4") == 30.0


def test_hash_depends_on_content_not_on_file_location(tmp_path, write_yaml):
    text = SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4"}\n'
    one = write_yaml(text, "one.yaml")
    (tmp_path / "sub").mkdir()
    two = tmp_path / "sub" / "two.yaml"
    two.write_text(text, encoding="utf-8")
    assert load_factor_set([one]).hash == load_factor_set([two]).hash


def test_same_value_in_other_unit_is_same_canonical_magnitude(write_yaml):
    a = write_yaml(SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4"}\n', "a.yaml")
    b = write_yaml(SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "30 kg CO2e / kg CH4"}\n', "b.yaml")
    assert load_factor_set([a]).magnitude("gwp.AR5.CH4") == load_factor_set([b]).magnitude(
        "gwp.AR5.CH4"
    )


def test_wrong_dimension_names_file_line_key_path_and_units(write_yaml):
    path = write_yaml(SITE_HEADER + '  - {id: grid.owid_ember_2023.NO.2021, value: "0.2 kWh"}\n')
    (message,) = _errors(path)
    assert message.startswith(f"{path}:{FIRST_RECORD_LINE}: factors[0].value: ")
    assert "convertible to 'g CO2e/kWh'" in message
    assert "'0.2 kWh'" in message


def test_all_problems_reported_together(write_yaml):
    path = write_yaml(
        SITE_HEADER
        + '  - {id: gwp.AR5.CF4, value: "6630 t CO2e / t CF4", categry: statistics}\n'
        + '  - {id: fuel.natural_gas.ncv, value: "-3 GJ/t"}\n'
        + '  - {id: fuel.natural_gas.co2, value: "56.1 t CO2/ton"}\n'
        + '  - {id: my.new.thing, value: "3 t"}\n'
        + "  - {id: fuel.natural_gas.n2o, value: 0.1}\n"
        + '  - {id: fuel.natural_gas.ch4, value: "1 kg CH4/TJ", source: {ref: metr}}\n'
        + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4"}\n'
        + '  - {id: gwp.AR5.CH4, value: "31 t CO2e / t CH4"}\n'
        + '  - {id: gwp.AR5.N2O, value: "265 t CO2e / t N2O", region: NORWAY_AND_TWENTY_MORE}\n'
    )
    messages = _errors(path)
    expected_fragments = [
        ("factors[0].categry: must be one of the keys allowed here", "Did you mean 'category'?"),
        ("factors[1].value: must be a non-negative quantity", "'-3 GJ/t'"),
        ("factors[2].value: must be an unambiguous unit", "short ton"),
        ("factors[3].id: must be an id of a family declared under 'units'", "'my.new.thing'"),
        ("factors[4].value: must be a text string", "0.1"),
        ("factors[5].source.ref: must be a source listed under 'sources'", "'metr'"),
        ("factors[7].id: must be a unique id (factors[6] already uses it)", "'gwp.AR5.CH4'"),
        ("factors[8].region: must be text matching the pattern", "NORWAY"),
    ]
    assert len(messages) == len(expected_fragments)
    for (where, what), message in zip(expected_fragments, messages, strict=True):
        assert where in message
        assert what in message
        assert message.startswith(str(path) + ":")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("dataset: site\ntitle: t\nfactors: [1]\n", "factors[0]: must be a mapping"),
        ("dataset: Site\ntitle: t\n", "dataset: must be text matching the pattern"),
        ("title: t\n", "dataset: must be given: the key is required."),
        ("dataset: site\ntitle: t\nunits: {'grid.**': 'g CO2e/kWh'}\n", "dotted id pattern"),
        ("dataset: site\ntitle: t\nunits: {'grid.*.*.*': 'kWh'}\n", "the unit 'g CO2e/kWh'"),
        ("dataset: site\ntitle: t\nunits: {'x.*': 'bogus_unit'}\n", "known unit"),
    ],
)
def test_file_level_problems(write_yaml, text, fragment):
    messages = _errors(write_yaml(text))
    assert any(fragment in message for message in messages), messages


def test_uncertainty_must_bracket_the_value(write_yaml):
    path = write_yaml(
        SITE_HEADER
        + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4",'
        + ' uncertainty: {low: "31 t CO2e / t CH4", high: "40 t CO2e / t CH4", basis: test}}\n'
    )
    (message,) = _errors(path)
    assert "factors[0].uncertainty: must be a range around the value" in message


def test_derived_record_must_reproduce_its_derivation(write_yaml):
    path = write_yaml(
        SITE_HEADER
        + "  - id: physical.al_electrolysis.min_carbon\n"
        + '    value: "0.40 t/t"\n'
        + "    category: derived\n"
        + '    derivation: "3 * {physical.molar_mass.C} / (4 * {physical.molar_mass.Al})"\n'
        + "    inputs: [physical.molar_mass.C, physical.molar_mass.Al]\n"
    )
    (message,) = _errors(path)
    assert "factors[0].derivation: must be the value its derivation gives, 0.333867" in message


def test_derivation_inputs_must_match_placeholders(write_yaml):
    path = write_yaml(
        SITE_HEADER
        + "  - {id: physical.co2_per_c, value: '3.664 t CO2/t', category: derived,"
        + " derivation: '{physical.molar_mass.C} * [t CO2/t]', inputs: [physical.molar_mass.O]}\n"
    )
    (message,) = _errors(path)
    assert "'inputs' must list the ids used in 'derivation'" in message


def test_shipped_derivations_evaluate(shipped):
    for record in shipped:
        if record.derivation is None:
            continue
        values = {key: shipped.get(key).quantity() for key in record.inputs}
        derived = evaluate_derivation(record.derivation, values)
        assert derived.m_as(record.unit) == pytest.approx(record.magnitude, rel=1e-3)


def test_evaluate_derivation_refuses_code():
    with pytest.raises(ValueError, match="unsupported"):
        evaluate_derivation("__import__('os')", {})


def test_unknown_id_suggests_close_matches(shipped):
    with pytest.raises(FactorNotFoundError) as info:
        shipped.get("gwp.AR5.CF5")
    assert "gwp.AR5.CF4" in info.value.suggestions
    assert isinstance(info.value, KeyError)


def test_select_matches_whole_segments(shipped):
    ids = [record.id for record in shipped.select("gwp.*.CF4")]
    assert ids == ["gwp.AR4.CF4", "gwp.AR5.CF4", "gwp.AR6.CF4", "gwp.SAR.CF4"]


def test_input_file_is_not_modified(write_yaml):
    path = write_yaml(SITE_HEADER + '  - {id: gwp.AR5.CH4, value: "30 t CO2e / t CH4"}\n')
    before = path.read_bytes()
    load_factor_set([path])
    assert path.read_bytes() == before


def test_quantity_is_in_canonical_unit(shipped):
    assert shipped.get("fuel.natural_gas.co2").quantity().m_as("t CO2/GJ") == pytest.approx(0.0561)
    assert Q_(1, "t") * shipped.get("physical.co2_per_c").quantity() == Q_(3.664, "t CO2")
