"""The CBAM default value of a good from a country, with its mark-up and benchmark."""

from __future__ import annotations

import dataclasses
import decimal
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aluco2._cbam import _tables as tables
from aluco2._cbam._document import defaults_document
from aluco2._cbam._results import DECIMAL_CONTEXT
from aluco2._countries import iso_country
from aluco2._errors import InputError
from aluco2._json import to_json
from aluco2._methods import cbam as eq

if TYPE_CHECKING:
    from aluco2._factors import FactorSet


@dataclasses.dataclass(frozen=True, slots=True)
class DefaultLookup:
    """The default value of a good from a country for a year, with its benchmark."""

    cn: str
    country: str | None
    year: int
    default: tables.TableValue
    markup: tables.TableValue
    marked_up: Decimal
    """Default value increased by the year's mark-up. [t CO2e/t]"""
    benchmark_b: tables.TableValue
    """Column B benchmark of the default's route (IR 2025/2620 point 5.1). [t CO2e/t]"""
    cbam_factor: tables.TableValue

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``aluco2 cbam defaults --format json``.

        Returns
        -------
        dict
            The request, the default value with its route, the mark-up and the marked-up
            value, the Column B benchmark and the CBAM factor, each with its factor id and
            source; described by ``aluco2 schema cbam-defaults-result``.
        """
        return defaults_document(self)

    def to_json(self) -> str:
        """Return :meth:`to_dict` as the CLI's JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict())


def check_origin(country: str | None) -> None:
    """Refuse a country that is not an ISO code, and say plainly when CBAM does not apply.

    Parameters
    ----------
    country : str or None
        ISO 3166-1 alpha-2 country of production; None for unknown.

    Raises
    ------
    InputError
        At key path ``country``, for an unassigned code, an exempt or an EU origin.
    """
    if country is None:
        return
    try:
        iso_country(country)
    except ValueError as exc:
        raise InputError(expected=str(exc), value=country, key_path=("country",)) from None
    if country in tables.EXEMPT:
        raise InputError(
            expected="a country of production CBAM applies to: goods from Iceland, "
            "Liechtenstein, Norway and Switzerland are exempt (Regulation (EU) 2023/956 "
            "Annex III point 1) and carry no CBAM obligation or default value",
            value=country,
            key_path=("country",),
        )
    if country in tables.EU_AND_EXEMPT:
        raise InputError(
            expected="a country of production outside the EU: goods made in the EU are not "
            "imports and carry no CBAM obligation or default value",
            value=country,
            key_path=("country",),
        )


def lookup_default(factors: FactorSet, cn: str, country: str | None, year: int) -> DefaultLookup:
    """Look up the default value of a good, its mark-up and its default-path benchmark.

    Parameters
    ----------
    factors : FactorSet
        Factor set with the CBAM tables.
    cn : str
        CN code, 4 to 10 digits.
    country : str or None
        ISO alpha-2 country of production; None for unknown (Annex IV).
    year : int
        Year of import.

    Returns
    -------
    DefaultLookup
        The values with their factor records.

    Raises
    ------
    InputError
        If the tables have no value for the code, country or year.
    """
    check_origin(country)
    tables.require_benchmark_year(year)
    with decimal.localcontext(DECIMAL_CONTEXT):
        default = tables.default_value(factors, cn, country)
        markup = tables.markup(factors, year)
        return DefaultLookup(
            cn=cn,
            country=country,
            year=year,
            default=default,
            markup=markup,
            marked_up=eq.default_with_markup(default.value, markup.value),
            benchmark_b=tables.benchmark(factors, cn, "B", default.route or "K"),
            cbam_factor=tables.cbam_factor(factors, year),
        )
