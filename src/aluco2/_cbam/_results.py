"""The results of a CBAM calculation: per precursor, good and process, and the report.

Also what the calculation's steps share: the decimal context, the order the processes are
computed in, and where an error is placed in the installation file.
"""

from __future__ import annotations

import dataclasses
import decimal
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aluco2._cbam._document import cbam_document
from aluco2._cbam._emissions import (
    AuditLine,
    DirectEmissions,
)
from aluco2._errors import InputError
from aluco2._json import to_json

if TYPE_CHECKING:
    from aluco2._cbam._certificates import CertificateEstimate
    from aluco2._installation import Installation, Process


ZERO = Decimal(0)
DECIMAL_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


@dataclasses.dataclass(frozen=True, slots=True)
class PrecursorResult:
    """A precursor's contribution to a process."""

    name: str
    cn: str | None
    country: str | None
    mass_t: Decimal
    see: Decimal
    """Specific direct embedded emissions used. [t CO2e/t]"""
    data: str
    """'actual', 'default', 'installation' (another process) or 'EU or exempt origin'."""
    reference: str
    """Verification report, default-value factor id, or process name."""
    default_share: Decimal
    """Share of this precursor's embedded emissions based on default values. [-]"""
    route: str | None
    """Benchmark route of the precursor's default row (K or L), for the allocation."""
    process: str | None = None
    """The process of this installation that produced it, if any."""
    sefa: Decimal | None = None
    """Specific embedded free allocation supplied by its producer. [t CO2e/t]"""


@dataclasses.dataclass(frozen=True, slots=True)
class GoodResult:
    """A good: its process's specific embedded emissions."""

    process: str
    cn: str
    name: str
    production_t: Decimal
    to_eu_t: Decimal | None
    see_direct: Decimal
    see_indirect: Decimal | None
    """For information only: not part of aluminium's CBAM embedded emissions."""


@dataclasses.dataclass(frozen=True, slots=True)
class ProcessResult:
    """A production process with its emissions, precursors and sector parameters."""

    name: str
    category: str
    route: str | None
    benchmark_route: str | None
    activity_level_t: Decimal
    direct: DirectEmissions
    precursors: tuple[PrecursorResult, ...]
    embedded_inputs_t: Decimal
    see_direct: Decimal
    default_share: Decimal
    indirect_t: Decimal | None
    see_indirect: Decimal | None
    scrap_t_per_t: Decimal
    pre_consumer_share: Decimal | None
    non_aluminium_content: Decimal | None
    goods: tuple[GoodResult, ...]
    audit: tuple[AuditLine, ...]


@dataclasses.dataclass(frozen=True)
class CbamReport:
    """The CBAM figures of an installation for its reporting period."""

    installation: Installation
    processes: tuple[ProcessResult, ...]
    plant_file: tuple[str, str] | None
    """(path, SHA-256) of the plant file used for PFC data, if any."""
    factor_set_hash: str
    notes: tuple[str, ...]

    @property
    def goods(self) -> tuple[GoodResult, ...]:
        """Every good of every process."""
        return tuple(g for p in self.processes for g in p.goods)

    @property
    def direct_t(self) -> Decimal:
        """Total direct emissions of the installation (DirEm* summed), in t CO2e."""
        return sum((p.direct.directly_attributable_t for p in self.processes), ZERO)

    def to_dict(self, certificates: CertificateEstimate | None = None) -> dict[str, Any]:
        """Return the JSON document of ``aluco2 cbam --format json``.

        Parameters
        ----------
        certificates : CertificateEstimate, optional
            The estimate of :func:`estimate_certificates` for this report, shown under
            ``certificates`` (as with ``--year`` and ``--cscf``).

        Returns
        -------
        dict
            ``aluco2_version``, ``provenance``, the operator's summary, ``processes`` with
            goods, precursors and audit lines, and ``certificates``; rounded half-up as
            stated in ``provenance.rounding``; described by ``aluco2 schema cbam-result``.
        """
        return cbam_document(self, certificates)

    def to_json(self, certificates: CertificateEstimate | None = None) -> str:
        """Return :meth:`to_dict` as the CLI's JSON text (sorted keys, final newline)."""
        return to_json(self.to_dict(certificates))


def process_order(processes: list[Process]) -> list[int]:
    """Return process indices so that each comes after the processes it consumes."""
    names = {p.name: i for i, p in enumerate(processes)}
    order: list[int] = []
    visiting: set[str] = set()

    def visit(index: int) -> None:
        process = processes[index]
        if index in order:
            return
        if process.name in visiting:
            raise InputError(
                expected="precursors between processes without a cycle",
                value=process.name,
                key_path=("processes", index, "precursors"),
            )
        visiting.add(process.name)
        for precursor in process.precursors:
            if precursor.process is not None:
                visit(names[precursor.process])
        visiting.discard(process.name)
        order.append(index)

    for index in range(len(processes)):
        visit(index)
    return order


def located(error: InputError, installation: Installation) -> InputError:
    """Place an error in the installation file, at its key or the nearest parent's line."""
    if error.file is not None:
        return error
    return error.located(file=installation.path, line=installation.line_of(error.key_path))
