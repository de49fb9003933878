"""Look-ups in the CBAM tables of the factor set: defaults, benchmarks, mark-ups, CBAM factors.

The tables are factor records (``factors/cbam_*.yaml``) with ids

* ``cbam.default.<CN>.<origin>.<route>`` -- IR 2025/2621 Annex I (as replaced by
  IR 2026/1740): 'total emissions' default of a CN code for a country of production
  (ISO alpha-2), ``OTHER`` ("other countries and territories") or ``UNKNOWN`` (Annex IV,
  country of production not known); ``route`` is the benchmark route K or L;
* ``cbam.benchmark.<CN8>.<column>.<route>`` -- IR 2025/2620 Annex point 5.3, Column A
  (actual data) or B (default values), route K or L;
* ``cbam.markup.<year>`` and ``cbam.cbam_factor.<year>``.

Values are returned as exact decimals of the record's text.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING

from aluco2._errors import InputError
from aluco2._units import parse_decimal

if TYPE_CHECKING:
    from aluco2._factors import FactorRecord, FactorSet

__all__ = [
    "BENCHMARK_YEARS",
    "EU_AND_EXEMPT",
    "EXEMPT",
    "TableValue",
    "benchmark",
    "cbam_factor",
    "cn_digits",
    "default_value",
    "markup",
    "require_benchmark_year",
]

_EU27 = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
_ANNEX_III = "IS LI NO CH"
EXEMPT = frozenset(_ANNEX_III.split())
"""Countries whose goods Regulation (EU) 2023/956 Annex III point 1 exempts from CBAM."""
EU_AND_EXEMPT = frozenset(f"{_EU27} {_ANNEX_III}".split())
"""EU member states, and the countries of Regulation (EU) 2023/956 Annex III point 1
(Iceland, Liechtenstein, Norway, Switzerland): goods and precursors from them carry no
CBAM embedded emissions."""


@dataclasses.dataclass(frozen=True, slots=True)
class TableValue:
    """A value of a CBAM table with the record it comes from."""

    value: Decimal
    record: FactorRecord
    route: str | None = None
    """Benchmark route K (primary) or L (secondary) where the table gives one."""

    @property
    def reference(self) -> str:
        """The factor id and its value, for audit lines."""
        return f"{self.record.id} = {self.record.value}"


def cn_digits(cn: str) -> str:
    """Return a CN code without spaces, e.g. ``'7606 12 92'`` -> ``'76061292'``."""
    return cn.replace(" ", "")


def _decimal(record: FactorRecord) -> Decimal:
    return parse_decimal(record.value, record.unit)


def _by_cn(records: tuple[FactorRecord, ...], cn: str, level: int) -> list[FactorRecord]:
    """Return the records of the longest table code that is a prefix of ``cn``.

    When ``cn`` is shorter than the table's codes, return every record under it instead.
    """
    digits = cn_digits(cn)
    code = {r.id: r.id.split(".")[level] for r in records}
    matching = [r for r in records if digits.startswith(code[r.id])]
    if not matching:
        return [r for r in records if code[r.id].startswith(digits)]
    longest = max(len(code[r.id]) for r in matching)
    return [r for r in matching if len(code[r.id]) == longest]


def _one_value(records: list[FactorRecord], cn: str, level: int) -> FactorRecord | None:
    """Return a record if all candidates agree on the value, None if there are none."""
    if not records:
        return None
    if len({_decimal(r) for r in records}) > 1:
        codes = sorted({r.id.split(".")[level] for r in records})
        raise InputError(
            expected=f"a more precise CN code (8 digits): the values under it differ "
            f"({', '.join(codes[:6])}{' ...' if len(codes) > 6 else ''})",
            value=cn,
        )
    return records[0]


def default_value(factors: FactorSet, cn: str, country: str | None) -> TableValue:
    """Return the default 'total emissions' of a good from a country of production.

    Parameters
    ----------
    factors : FactorSet
        Factor set with the ``cbam.default.*`` records.
    cn : str
        CN code of the good, 4 to 10 digits.
    country : str or None
        ISO alpha-2 country of production; None when unknown (Annex IV).

    Returns
    -------
    TableValue
        The value (t CO2e/t), its record and its benchmark route. A country without a
        value of its own gets the 'other countries and territories' value.

    Raises
    ------
    InputError
        If the table has no value for the CN code, or the code is too short to choose.
    """
    origins = [country, "OTHER"] if country is not None else ["UNKNOWN"]
    for origin in origins:
        candidates = _by_cn(factors.select(f"cbam.default.*.{origin}.*"), cn, 2)
        record = _one_value(candidates, cn, 2)
        if record is not None:
            return TableValue(_decimal(record), record, record.id.split(".")[-1])
    if country is None:
        raise InputError(
            expected="a known country of production: the Annex IV defaults (country "
            "unknown) of IR 2026/1740 are not shipped",
            value="unknown",
            key_path=("country",),
            hint="Give the country, an actual value, or a site factor file with "
            "cbam.default.<CN>.UNKNOWN.<K|L>.",
        )
    raise InputError(expected="a CN code of the default-value table", value=cn)


BENCHMARK_YEARS = range(2026, 2031)
"""Production years the IR 2025/2620 aluminium benchmarks apply to (no (1)/(2) period
indicator on the aluminium rows of Annex point 5.3; the bands end in 2030)."""


def require_benchmark_year(year: int) -> None:
    """Refuse a year outside :data:`BENCHMARK_YEARS`."""
    if year not in BENCHMARK_YEARS:
        raise InputError(
            expected="a year from 2026 to 2030, the production years of the IR 2025/2620 "
            "benchmarks",
            value=year,
            key_path=("--year",),
        )


def benchmark(factors: FactorSet, cn: str, column: str, route: str) -> TableValue:
    """Return the CBAM benchmark of a good (IR 2025/2620 Annex point 5.3).

    Parameters
    ----------
    factors : FactorSet
        Factor set with the ``cbam.benchmark.*`` records.
    cn : str
        CN code of the good; a shorter code is accepted when every 8-digit code under it
        has the same benchmark.
    column : {'A', 'B'}
        A: actual data (BM*); B: default values.
    route : {'K', 'L'}
        Primary (K) or secondary (L) aluminium.

    Returns
    -------
    TableValue
        The benchmark (t CO2e/t) and its record.

    Raises
    ------
    InputError
        If no benchmark, or several different ones, match the code.
    """
    records = factors.select(f"cbam.benchmark.*.{column}.{route}")
    record = _one_value(_by_cn(records, cn, 2), cn, 2)
    if record is None:
        raise InputError(
            expected="a CN code of the CBAM benchmark table (IR 2025/2620 Annex point 5.3)",
            value=cn,
            hint=_covered_codes(records, cn),
        )
    return TableValue(_decimal(record), record, route)


def _covered_codes(records: tuple[FactorRecord, ...], cn: str) -> str:
    """Name the table's 8-digit codes under the same heading as ``cn``, for a refused code."""
    heading = cn_digits(cn)[:4]
    codes = sorted({r.id.split(".")[2] for r in records if r.id.split(".")[2].startswith(heading)})
    if not codes:
        return "The goods covered are under CN 7601, 7603 to 7614 and 7616."
    shown = ", ".join(f"{c[:4]} {c[4:6]} {c[6:]}" for c in codes)
    return f"The codes of the table under {heading} are: {shown}."


def _by_year(factors: FactorSet, family: str, year: int) -> TableValue:
    records = factors.select(f"cbam.{family}.*")
    years = sorted(int(r.id.split(".")[-1]) for r in records)
    if not years or year < years[0]:
        raise InputError(
            expected=f"a year from {years[0] if years else 2026} (the definitive period)",
            value=year,
        )
    chosen = max(y for y in years if y <= year)
    record = factors.get(f"cbam.{family}.{chosen}")
    return TableValue(parse_decimal(record.value, ""), record)


def markup(factors: FactorSet, year: int) -> TableValue:
    """Return the mark-up on default values for ``year`` as a fraction (last one applies after)."""
    return _by_year(factors, "markup", year)


def cbam_factor(factors: FactorSet, year: int) -> TableValue:
    """Return the CBAM factor of ``year`` as a fraction (Directive 2003/87/EC Art. 10a(1a))."""
    return _by_year(factors, "cbam_factor", year)
