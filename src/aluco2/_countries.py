"""ISO 3166-1 alpha-2 country codes, and the check of a country named in an input file.

The 249 officially assigned codes of ISO 3166-1 (ISO 3166 Maintenance Agency), as
listed in Debian's iso-codes (read through pycountry 26.2.16, ``countries``), plus XK,
the code the European Commission uses for Kosovo. Codes that look like ISO codes but
are not (UK, EL, EU) get a hint.
"""

from __future__ import annotations

from typing import Annotated

import pydantic

from aluco2._validation import TextPattern

ISO_3166_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN
    BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL
    GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM
    JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP
    NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
    SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    XK
    """.split()  # noqa: SIM905 - a table read as one block
)
"""Officially assigned ISO 3166-1 alpha-2 codes, and XK (Kosovo, as the EU uses it)."""

NOT_ISO = {
    "UK": "GB for the United Kingdom",
    "EL": "GR for Greece",
    "EU": "the member state of production",
}
"""Codes used elsewhere for a country that ISO 3166-1 codes otherwise."""


def iso_country(code: str) -> str:
    """Return ``code`` if it is an ISO 3166-1 alpha-2 country code.

    Parameters
    ----------
    code : str
        Two capital letters.

    Returns
    -------
    str
        The code unchanged.

    Raises
    ------
    ValueError
        With what was expected (and the right code for UK, EL and EU), for pydantic
        validators to report at the key path and line.
    """
    if code in NOT_ISO:
        raise ValueError(f"an ISO 3166-1 alpha-2 code ({NOT_ISO[code]})")
    if code not in ISO_3166_ALPHA2:
        raise ValueError("an ISO 3166-1 alpha-2 code, a country code that is assigned, e.g. GB")
    return code


Country = Annotated[
    str,
    TextPattern(r"^[A-Z]{2}$", "an ISO 3166-1 alpha-2 country code in capitals, e.g. NO"),
    pydantic.AfterValidator(iso_country),
]
"""A country named in an input file: an assigned ISO 3166-1 alpha-2 code."""


def _iso_or_region(code: str) -> str:
    return iso_country(code) if len(code) == 2 else code


GridRegion = Annotated[
    str,
    pydantic.Field(pattern=r"^[A-Z][A-Z0-9_]{1,19}$"),
    pydantic.AfterValidator(_iso_or_region),
]
"""A country (ISO 3166-1 alpha-2) or a region of the grid data such as EU27 or GLO."""
