"""What the commands share: the error lines, output options and targets, option types.

Errors print as one ``error: ...`` line each on standard error (at most
:data:`MAX_LINES` of them), never as a traceback: aluco2's input errors and
click's usage errors exit 2, an optimisation without a solution exits 1.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from aluco2._report import OutputTarget

__all__ = [
    "MAX_LINES",
    "FiniteFloatRange",
    "OutputFormat",
    "ReportedError",
    "cn_option_value",
    "emit",
    "factor_overlay_option",
    "gwp_option",
    "input_path",
    "output_options",
    "prepare_output",
    "reports_errors",
    "unit_option",
]

F = TypeVar("F", bound=Callable[..., Any])

MAX_LINES = 60
"""Most ``error:`` lines printed for one run; the rest are counted."""


class OutputFormat(enum.StrEnum):
    """Output formats shared by the commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _terminal_safe(text: str) -> str:
    """Escape control characters (ESC sequences ...) so they cannot act on the terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class ReportedError(click.ClickException):
    """An error shown as ``error:`` lines; exit 2 for bad input, 1 for no solution."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        """Print each line of the message behind ``error:``, at most :data:`MAX_LINES`."""
        lines = self.message.splitlines() or [""]
        shown = lines[:MAX_LINES]
        if len(lines) > MAX_LINES:
            shown.append(f"... and {len(lines) - MAX_LINES:,} more lines, not shown.")
        for line in shown:
            click.echo(f"error: {_terminal_safe(line)}", err=True)


def usage_error(exc: click.ClickException) -> ReportedError:
    """Turn one of click's usage errors into a single ``error:`` line (exit 2)."""
    message = exc.format_message().rstrip()
    if message and not message.endswith("."):
        message += "."
    context = getattr(exc, "ctx", None)
    if context is not None:
        message += f" See '{context.command_path} --help'."
    return ReportedError(message, exit_code=exc.exit_code)


def _fail(exc: Exception) -> NoReturn:
    from aluco2._errors import FactorNotFoundError, InfeasibleProblemError, InputError

    if isinstance(exc, (InputError, FactorNotFoundError)):
        raise ReportedError(str(exc), exit_code=2) from None
    if isinstance(exc, InfeasibleProblemError):
        raise ReportedError(str(exc), exit_code=1) from None
    raise exc


def reports_errors(command: F) -> F:
    """Turn aluco2's exceptions raised by ``command`` into exit codes."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from aluco2._errors import AlucoError

        try:
            return command(*args, **kwargs)
        except AlucoError as exc:
            _fail(exc)

    return wrapper  # type: ignore[return-value]


class FiniteFloatRange(click.FloatRange):
    """A float range that refuses NaN and infinities (click's FloatRange lets NaN through)."""

    name = "finite float range"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Convert and check ``value``; NaN and infinities are refused."""
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def cn_option_value(cn: str, option: str = "--cn") -> str:
    """Return ``cn`` if it is a CN code of an aluminium good in CBAM; refuse it at ``option``."""
    from aluco2._errors import InputError
    from aluco2._installation import CN_CODE

    try:
        CN_CODE.validate(cn)
    except ValueError as exc:
        raise InputError(expected=str(exc), value=cn, key_path=(option,)) from None
    return cn


def input_path() -> click.Path:
    """Return the parameter type of an input file: it must exist and not be a directory."""
    return click.Path(exists=True, dir_okay=False, path_type=Path)


def output_options(command: F) -> F:
    """Add ``--format`` and ``--output`` to a command."""
    command = click.option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file (atomically) instead of standard output; '-' is standard output.",
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(OutputFormat, case_sensitive=False),
        default=OutputFormat.TABLE,
        show_default=True,
        help="Output format.",
    )(command)


def factor_overlay_option(command: F) -> F:
    """Add ``--factors SITE.yaml`` (repeatable) to a command."""
    return click.option(
        "--factors",
        "overlays",
        multiple=True,
        type=input_path(),
        help="Site factor file laid over the shipped factors (repeatable, later wins).",
    )(command)


def gwp_option(command: F) -> F:
    """Add ``--gwp SAR|AR4|AR5|AR6`` to a command."""
    return click.option(
        "--gwp",
        "gwp_set",
        type=click.Choice(["SAR", "AR4", "AR5", "AR6"], case_sensitive=False),
        help="GWP100 set for non-CO2 gases, replacing the plant file's choice.",
    )(command)


def unit_option(command: F) -> F:
    """Add ``--unit`` for intensities to a command."""
    return click.option(
        "--unit",
        default="t CO2e/t",
        show_default=True,
        help="Unit of the intensities, e.g. 'kg CO2e/t'.",
    )(command)


def prepare_output(
    name: str | None,
    reads: Iterable[str | Path],
    *,
    option: str = "--output",
    others: Sequence[OutputTarget | None] = (),
) -> OutputTarget | None:
    """Check an output option before any work is done; None when it is not given.

    Parameters
    ----------
    name : str, optional
        The option's value.
    reads : iterable of str or pathlib.Path
        Every file the command reads.
    option : str, default '--output'
        The option's name, for messages.
    others : sequence of OutputTarget or None
        The command's other outputs.

    Returns
    -------
    OutputTarget or None
        Where to write.
    """
    if name is None:
        return None
    from aluco2._report import output_target

    return output_target(
        name, reads=reads, others=[o for o in others if o is not None], option=option
    )


def emit(data: str | bytes, target: OutputTarget | None) -> None:
    """Write ``data`` to ``target``, or to standard output when there is none."""
    if target is None:
        from aluco2._report import output_target

        target = output_target("-")
    target.write(data.encode("utf-8") if isinstance(data, str) else data)
