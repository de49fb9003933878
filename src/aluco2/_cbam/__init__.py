"""CBAM specific embedded emissions of aluminium goods, and the certificates they may cost.

:func:`compute` turns an :class:`~aluco2._installation.Installation` into a
:class:`CbamReport`: per production process the attributed direct emissions
(Implementing Regulation (EU) 2025/2547 Annex II and Annex III A.3), the precursors'
embedded emissions (actual, default, or from another process of the installation),
the specific direct embedded emissions of its goods (Annex III B, Eqs. 59-63), the
share based on default values, the aluminium sector parameters (Annex IV point 2), and
indirect emissions for information only (aluminium goods are in Annex II of Regulation
(EU) 2023/956: only direct emissions count). :func:`estimate_certificates` estimates
the certificates due per tonne with actual data and with default values (IR 2025/2620,
IR 2025/2621 as replaced by IR 2026/1740).

All arithmetic is decimal (28 significant digits); nothing is rounded until the
report formats it. This is a separate calculation from the cradle-to-gate footprint
of :mod:`aluco2._footprint`: different boundary, different GWPs, scrap at zero.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from aluco2._cbam import _tables as tables
from aluco2._cbam._certificates import (
    MAX_EUA_PRICE_EUR_PER_T,
    CertificateEstimate,
    GoodCertificates,
    estimate_certificates,
)
from aluco2._cbam._defaults import DefaultLookup, lookup_default
from aluco2._cbam._emissions import (
    AuditLine,
    direct_emissions,
    plain,
)
from aluco2._cbam._results import (
    DECIMAL_CONTEXT,
    ZERO,
    CbamReport,
    GoodResult,
    PrecursorResult,
    ProcessResult,
    located,
    process_order,
)
from aluco2._errors import InputError, InputErrors, parse_key_path
from aluco2._methods import cbam as eq
from aluco2._units import parse_decimal

if TYPE_CHECKING:
    from aluco2._factors import FactorSet
    from aluco2._installation import Installation, Precursor, Process
    from aluco2._plant import Plant

__all__ = [
    "MAX_EUA_PRICE_EUR_PER_T",
    "AuditLine",
    "CbamReport",
    "CertificateEstimate",
    "DefaultLookup",
    "GoodCertificates",
    "GoodResult",
    "PrecursorResult",
    "ProcessResult",
    "compute",
    "estimate_certificates",
    "lookup_default",
]


def _activity_level(process: Process, key: str) -> Decimal:
    total = sum((parse_decimal(g.production, "t") for g in process.goods), ZERO)
    if total <= 0:
        raise InputError(
            expected="goods produced (more than 0 t)", key_path=(*parse_key_path(key), "goods")
        )
    return total


def _from_process(precursor: Precursor, mass: Decimal, source: ProcessResult) -> PrecursorResult:
    return PrecursorResult(
        name=precursor.name,
        cn=None,
        country=None,
        mass_t=mass,
        see=source.see_direct,
        data="installation",
        reference=f"process {source.name!r}",
        default_share=source.default_share,
        route=source.benchmark_route,
        process=source.name,
    )


def _from_eu(precursor: Precursor, mass: Decimal) -> PrecursorResult:
    return PrecursorResult(
        name=precursor.name,
        cn=precursor.cn,
        country=precursor.country,
        mass_t=mass,
        see=ZERO,
        data="EU or exempt origin",
        reference="IR 2025/2547 Annex III B: precursors of EU or exempt origin count zero",
        default_share=ZERO,
        route=None,
    )


def _actual(precursor: Precursor, mass: Decimal, factors: FactorSet) -> PrecursorResult:
    """Return a purchased precursor with the producer's verified value (and SEFA)."""
    route = None
    if precursor.country is not None:  # the route of its default row, for the allocation
        route = tables.default_value(factors, precursor.cn or "", precursor.country).route
    return PrecursorResult(
        name=precursor.name,
        cn=precursor.cn,
        country=precursor.country,
        mass_t=mass,
        see=parse_decimal(precursor.see or "", "t CO2e/t"),
        data="actual",
        reference=precursor.see_source or "",
        default_share=ZERO,
        route=route,
        sefa=parse_decimal(precursor.sefa, "t CO2e/t") if precursor.sefa else None,
    )


def _default(precursor: Precursor, mass: Decimal, factors: FactorSet) -> PrecursorResult:
    default = tables.default_value(factors, precursor.cn or "", precursor.country)
    return PrecursorResult(
        name=precursor.name,
        cn=precursor.cn,
        country=precursor.country,
        mass_t=mass,
        see=default.value,
        data="default",
        reference=default.reference,
        default_share=Decimal(1),
        route=default.route,
    )


def _precursor(
    precursor: Precursor, key: str, factors: FactorSet, done: Mapping[str, ProcessResult]
) -> tuple[PrecursorResult, AuditLine]:
    """Embedded emissions of one precursor (IR 2025/2547 Annex III B), with its audit line."""
    mass = parse_decimal(precursor.mass, "t")
    try:
        if precursor.process is not None:
            result = _from_process(precursor, mass, done[precursor.process])
        elif precursor.country in tables.EU_AND_EXEMPT:
            result = _from_eu(precursor, mass)
        elif precursor.see is not None:
            result = _actual(precursor, mass, factors)
        else:
            result = _default(precursor, mass, factors)
    except InputError as exc:
        raise exc.located(key_path=(*parse_key_path(key), "cn")) from None
    line = AuditLine(
        f"{key} M_i x SEE_i ({precursor.name})",
        result.mass_t * result.see,
        "t CO2e",
        "IR 2025/2547 Annex III B Eq. 60 term",
        (
            f"{key}.mass = {precursor.mass}",
            f"SEE_i = {plain(result.see)} ({result.data}: {result.reference})",
        ),
    )
    return result, line


def _sector_parameters(
    process: Process, activity_t: Decimal
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """Scrap per t of product, pre-consumer share, non-aluminium content (Annex IV §2)."""
    pre = sum((parse_decimal(s.mass, "t") for s in process.scrap if s.consumer == "pre"), ZERO)
    post = sum((parse_decimal(s.mass, "t") for s in process.scrap if s.consumer == "post"), ZERO)
    scrap = pre + post
    share = pre / scrap if scrap > 0 else None
    content = (
        parse_decimal(process.non_aluminium_content, "")
        if process.non_aluminium_content is not None
        else None
    )
    return scrap / activity_t, share, content


def _benchmark_route(process: Process) -> str | None:
    if process.benchmark_route is not None:
        return process.benchmark_route
    return {"primary": "K", "secondary": "L"}.get(process.route or "")


def _precursors(
    process: Process, key: str, factors: FactorSet, done: Mapping[str, ProcessResult]
) -> tuple[list[PrecursorResult], list[AuditLine]]:
    pairs = [
        _precursor(precursor, f"{key}.precursors[{number}]", factors, done)
        for number, precursor in enumerate(process.precursors)
    ]
    return [result for result, _ in pairs], [line for _, line in pairs]


def _default_share(key: str, attributed_t: Decimal, precursors: list[PrecursorResult]) -> AuditLine:
    """Share of the embedded emissions based on default values (Annex IV 1.2 item 4(b))."""
    embedded = attributed_t + sum((p.mass_t * p.see for p in precursors), ZERO)
    from_defaults = sum((p.mass_t * p.see * p.default_share for p in precursors), ZERO)
    return AuditLine(
        f"{key} share based on default values",
        from_defaults / embedded if embedded > 0 else ZERO,
        "t/t",
        "Annex IV 1.2 item 4(b): default-valued precursor emissions / embedded emissions",
        (f"default-valued = {plain(from_defaults)}", f"embedded = {plain(embedded)}"),
    )


def _indirect(
    process: Process,
    key: str,
    activity_t: Decimal,
    precursors: list[PrecursorResult],
    done: Mapping[str, ProcessResult],
) -> tuple[Decimal | None, AuditLine | None]:
    """Indirect emissions for information, with those of the installation's own precursors."""
    if process.electricity is None:
        return None, None
    consumed = parse_decimal(process.electricity.consumed, "MWh")
    factor = parse_decimal(process.electricity.factor, "t CO2/MWh")
    internal = sum(
        (p.mass_t * (done[p.process].see_indirect or ZERO) for p in precursors if p.process),
        ZERO,
    )
    line = AuditLine(
        f"{key} SEE indirect (information only)",
        (consumed * factor + internal) / activity_t,
        "t CO2e/t",
        "Eq. 59 on indirect emissions: (E_el x EF + internal precursors') / AL",
        (
            f"{key}.electricity.consumed = {process.electricity.consumed}",
            f"{key}.electricity.factor = {process.electricity.factor} "
            f"({process.electricity.factor_source})",
            f"internal precursors = {plain(internal)}",
        ),
    )
    return consumed * factor, line


def _goods(process: Process, see: Decimal, see_indirect: Decimal | None) -> tuple[GoodResult, ...]:
    return tuple(
        GoodResult(
            process=process.name,
            cn=good.cn,
            name=good.name,
            production_t=parse_decimal(good.production, "t"),
            to_eu_t=parse_decimal(good.to_eu, "t") if good.to_eu is not None else None,
            see_direct=see,
            see_indirect=see_indirect,
        )
        for good in process.goods
    )


def _process(
    process: Process,
    index: int,
    factors: FactorSet,
    plant: Plant | None,
    done: Mapping[str, ProcessResult],
) -> ProcessResult:
    """Compute one production process (its precursors' processes are in ``done``)."""
    key = f"processes[{index}]"
    activity = _activity_level(process, key)
    direct = direct_emissions(process, key, factors, plant)
    precursors, lines = _precursors(process, key, factors, done)
    see = eq.specific_embedded_emissions(
        direct.attributed_t, [(p.mass_t, p.see) for p in precursors], activity
    )
    see_line = AuditLine(
        f"{key} SEE direct",
        see,
        "t CO2e/t",
        "IR 2025/2547 Annex III B Eq. 59: (AttrEm + sum M_i x SEE_i) / AL",
        (
            f"{key} AttrEm_dir = {plain(direct.attributed_t)}",
            *(f"{line.quantity} = {plain(line.value)}" for line in lines),
            f"{key} AL = {plain(activity)} (sum of goods[].production)",
        ),
    )
    share = _default_share(key, direct.attributed_t, precursors)
    indirect, indirect_line = _indirect(process, key, activity, precursors, done)
    see_indirect = indirect_line.value if indirect_line is not None else None
    scrap, pre_share, content = _sector_parameters(process, activity)
    return ProcessResult(
        name=process.name,
        category=process.category,
        route=process.route,
        benchmark_route=_benchmark_route(process),
        activity_level_t=activity,
        direct=direct,
        precursors=tuple(precursors),
        embedded_inputs_t=sum((p.mass_t * p.see for p in precursors), ZERO),
        see_direct=see,
        default_share=share.value,
        indirect_t=indirect,
        see_indirect=see_indirect,
        scrap_t_per_t=scrap,
        pre_consumer_share=pre_share,
        non_aluminium_content=content,
        goods=_goods(process, see, see_indirect),
        audit=(
            *direct.audit,
            *lines,
            see_line,
            share,
            *(line for line in [indirect_line] if line is not None),
        ),
    )


def _notes(installation: Installation) -> tuple[str, ...]:
    model = installation.model
    notes = [
        "Aluminium goods are listed in Annex II of Regulation (EU) 2023/956: only direct "
        "emissions are CBAM embedded emissions; indirect emissions are shown for information.",
        "Scrap enters with zero embedded emissions (IR 2025/2547 Annex II point F).",
    ]
    if model.installation.country in tables.EU_AND_EXEMPT:
        notes.append(
            f"The installation is in {model.installation.country}: goods produced in the EU "
            "or an exempt country (Regulation (EU) 2023/956 Annex III) carry no CBAM obligation."
        )
    return tuple(notes)


def _plant(installation: Installation) -> Plant | None:
    """Read the plant file the installation names, its errors placed at key ``plant``."""
    from aluco2._plant import load_plant

    name = installation.model.plant
    if name is None:
        return None
    (path,) = installation.files_named
    try:
        readable = path.is_file()
    except OSError:  # e.g. a name too long for the file system
        readable = False
    if not readable:
        raise InputError(
            expected=f"an existing plant file ({path})", value=name, key_path=("plant",)
        )
    return load_plant(path)


def compute(installation: Installation, factors: FactorSet) -> CbamReport:
    """Compute the CBAM specific embedded emissions of an installation's goods.

    Parameters
    ----------
    installation : Installation
        The validated installation file.
    factors : FactorSet
        Factor set with the IR 2025/2547 coefficients, the fuels and the CBAM tables.

    Returns
    -------
    CbamReport
        Per process and good, with the audit lines of every figure.

    Raises
    ------
    InputErrors
        Naming file and key path of every value that is missing or refused.
    """
    model = installation.model
    done: dict[str, ProcessResult] = {}
    results: dict[int, ProcessResult] = {}
    try:
        plant = _plant(installation)
        with decimal.localcontext(DECIMAL_CONTEXT):
            for index in process_order(list(model.processes)):
                process = model.processes[index]
                results[index] = done[process.name] = _process(process, index, factors, plant, done)
    except InputError as exc:
        raise InputErrors([located(exc, installation)]) from None
    return CbamReport(
        installation=installation,
        processes=tuple(results[i] for i in range(len(model.processes))),
        plant_file=(plant.path, plant.sha256) if plant is not None else None,
        factor_set_hash=factors.hash,
        notes=_notes(installation),
    )
