"""Plant files: validation messages name file, line, key path, value and expectation."""

from __future__ import annotations

import copy

import pytest

from aluco2._errors import InputError, InputErrors, format_key_path
from aluco2._plant import PlantModel, load_plant, plant_from_mapping

from .conftest import smelter_data


def _messages(data) -> list[str]:
    with pytest.raises(InputErrors) as info:
        plant_from_mapping(data, name="plant.json")
    return [str(e) for e in info.value.errors]


def test_valid_mapping_and_hash_is_content_based():
    one = plant_from_mapping(smelter_data())
    two = plant_from_mapping(copy.deepcopy(smelter_data()))
    assert one.sha256 == two.sha256
    assert one.model.primary.electrolysis.technology == "CWPB"


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        (("primary", "electrolysis", "electricity"), "14.0 kWh", "convertible to 'MWh/t'"),
        (("primary", "electrolysis", "electricity"), 14.0, "a string '<number> <unit>'"),
        (("primary", "electrolysis", "electricity"), "-14 MWh/t", "between 10 and 25 MWh/t"),
        (("primary", "anodes", "net_consumption"), "0.42 ton/t", "short ton"),
        (("primary", "anodes", "sulphur"), "12 %", "between 0 and 10 %"),
        (("electricity", "contracts", 0, "share"), "120 %", "between 0 and 100 %"),
        (("primary", "electrolysis", "technology"), "PFPB", "one of 'CWPB'"),
        (("gwp",), "AR7", "one of 'SAR'"),
        (("country",), "Norway", "an ISO 3166-1 alpha-2 country code in capitals"),
        (("country",), "UK", "GB for the United Kingdom"),
        (("country",), "XX", "a country code that is assigned, e.g. GB"),
    ],
)
def test_bad_values_name_key_path_value_and_expectation(path, value, fragment):
    data = smelter_data()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    (message,) = _messages(data)
    assert message.startswith("plant.json: " + format_key_path(path) + ": must be ")
    assert fragment in message
    assert repr(value) in message


def test_typo_in_key_suggests_the_right_one():
    data = smelter_data()
    data["primary"]["electrolysis"]["electricty"] = data["primary"]["electrolysis"].pop(
        "electricity"
    )
    (message,) = _messages(data)
    assert "primary.electrolysis.electricty: must be one of the keys allowed here" in message
    assert "Did you mean 'electricity'?" in message


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d["products"][0]["routes"].update(primary="90 %"), "add up to 100 %, not 110 %"),
        (lambda d: d["recycled"]["scrap"][0].update(share="60 %"), "add up to 100 %, not 60 %"),
        (
            lambda d: d["electricity"]["contracts"].append(
                {"name": "b", "share": "60 %", "factor": "5 g CO2e/kWh"}
            ),
            "at most 100 %, not 110 %",
        ),
        (lambda d: d.pop("recycled"), "uses route 'recycled', which the plant lacks"),
        (lambda d: d["primary"]["electrolysis"].update(technology="VSS"), "consume paste"),
        (
            lambda d: d["primary"]["electrolysis"].update(pfc={"method": "slope"}),
            "slope method needs 'anode_effect_minutes'",
        ),
        (
            lambda d: d["primary"]["alumina"].update(refinery={}),
            "either 'purchased' or 'refinery', not both",
        ),
        (
            lambda d: d.update(allocation={"approach": "scrap-burden"}),
            "needs 'pre_consumer_burden'",
        ),
    ],
)
def test_rules_across_keys(change, fragment):
    data = smelter_data()
    change(data)
    messages = _messages(data)
    assert any(fragment in m for m in messages), messages


def test_all_problems_at_once():
    data = smelter_data()
    data["year"] = "2021"
    data["primary"]["electrolysis"]["electricity"] = "14 kWh"
    data["products"][0]["name"] = ""
    assert len(_messages(data)) == 3


def test_file_errors_carry_line_numbers(write_yaml):
    path = write_yaml(
        "plant: P\ncountry: NO\nyear: 2021\n"
        "primary:\n  electrolysis:\n    technology: CWPB\n    electricity: 14 kWh\n"
        "products: [{name: x, routes: {primary: 100 %}}]\n"
    )
    with pytest.raises(InputErrors) as info:
        load_plant(path)
    (error,) = info.value.errors
    assert str(error).startswith(f"{path}:7: primary.electrolysis.electricity: must be ")


def test_yaml_that_is_not_a_mapping(write_yaml):
    with pytest.raises(InputError, match="top level, not a list"):
        load_plant(write_yaml("- a\n- b\n"))


def test_json_schema_declares_units():
    schema = PlantModel.model_json_schema(by_alias=True)
    electrolysis = schema["$defs"]["Electrolysis"]["properties"]["electricity"]["anyOf"][0]
    assert electrolysis["x-unit"] == "MWh/t"
    assert "class" in schema["$defs"]["ScrapInput"]["properties"]
