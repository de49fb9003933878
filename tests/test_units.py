"""Unit parsing rules and the gas dimensions of the registry."""

from __future__ import annotations

import math

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aluco2._errors import UnitError
from aluco2._units import GASES, Q_, parse_quantity, parse_unit, require_dimension


def test_space_binds_tighter_than_slash():
    # pint alone reads "t CO2e / t CF4" as t*CO2e/t*CF4; engineers mean (t CO2e)/(t CF4).
    gwp = parse_quantity("6630 t CO2e / t CF4")
    emitted = Q_(0.4, "kg CF4/t") * gwp
    assert emitted.to("kg CO2e/t").magnitude == pytest.approx(2652.0)


@pytest.mark.parametrize(
    ("text", "expected", "unit"),
    [
        ("13.9 MWh/t", 50.04, "GJ/t"),
        ("2.0 %", 0.02, ""),
        ("2.0 wt-%", 0.02, ""),
        ("2.0wt%", 0.02, ""),
        ("0.092 (kg CF4/t)/(min/d)", 0.092 * 1440 / 1000, "t CF4/t"),
        ("1e3 kg", 1.0, "t"),
        ("1.0e+3 kg", 1.0, "t"),
        ("549.6 g CO2e/kWh", 0.5496, "t CO2e/MWh"),
        ("48.0 GJ/t", 48.0, "MJ/kg"),
    ],
)
def test_parse_quantity_values(text, expected, unit):
    assert parse_quantity(text).m_as(unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1 ton", "short ton"),
        ("3 tons", "short ton"),
        ("1 long_ton", "imperial ton"),
        ("5 kt", "knot"),
        ("0.42 t C/t", "coulomb"),
        ("0.5 kg / 100 kg", "unit expression"),
        ("13.9 MWh/tonnes_of_stuff", "known unit"),
        ("13.9", "with a unit"),
        ("MWh/t", "<number> <unit>"),
        ("nan t", "<number> <unit>"),
        ("inf t", "<number> <unit>"),
        ("1e999 t", "finite"),
        ("", "<number> <unit>"),
    ],
)
def test_parse_quantity_refuses(text, fragment):
    with pytest.raises(UnitError) as info:
        parse_quantity(text)
    assert fragment in str(info.value)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("value", [13.9, 2, None, True, ["1 t"]])
def test_parse_quantity_needs_a_string(value):
    with pytest.raises(UnitError, match="string '<number> <unit>'"):
        parse_quantity(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("gas", GASES)
def test_each_gas_is_its_own_dimension(gas):
    other = "CO2" if gas != "CO2" else "CH4"
    with pytest.raises(pint.DimensionalityError):
        Q_(1, f"kg {gas}") + Q_(1, f"kg {other}")
    with pytest.raises(pint.DimensionalityError):
        Q_(1, f"kg {gas}") + Q_(1, "kg CO2e")


def test_gas_mass_becomes_co2e_only_through_a_gwp():
    cf4 = Q_(3.575, "t CF4")
    assert (cf4 * Q_(6630, "t CO2e / t CF4")).to("t CO2e").magnitude == pytest.approx(23702.25)


def test_unit_errors_are_input_errors_and_type_errors():
    assert issubclass(UnitError, ValueError)
    assert issubclass(UnitError, TypeError)


def test_require_dimension_names_both_units():
    with pytest.raises(UnitError) as info:
        require_dimension(Q_(0.2, "kWh"), "g CO2e/kWh")
    message = str(info.value)
    assert "g CO2e/kWh" in message
    assert "kWh" in message


def test_parse_unit_caches_but_stays_correct():
    assert parse_unit("kg CF4/t") is parse_unit("kg CF4/t")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_magnitude_round_trips_through_text(number):
    # The number is read by float(), so repr() of any finite float survives exactly.
    assert parse_quantity(f"{number!r} t").m_as("t") == number


@given(st.floats(min_value=1e-6, max_value=1e6, allow_nan=False))
def test_unit_invariance_kg_and_t(number):
    in_t = parse_quantity(f"{number!r} t CO2/t").m_as("t CO2/t")
    in_kg = parse_quantity(f"{number * 1000!r} kg CO2/t").m_as("t CO2/t")
    assert math.isclose(in_t, in_kg, rel_tol=1e-12)
