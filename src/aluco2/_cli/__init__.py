"""The ``aluco2`` command line: parse options, call the library, hand results to report.

Exit codes: 0 success; 2 bad input (unreadable or invalid file, unknown id,
wrong unit, unusable option or output); 1 a problem without a solution. Errors
print as ``error: ...`` lines on standard error, never as a traceback -- click's
own usage errors included. pint, NumPy and SciPy are imported inside the
commands, so ``aluco2 --help`` stays fast.

One module per family of commands: :mod:`._footprint` (footprint, compare,
schema), :mod:`._optimise` (optimise, pareto), :mod:`._batch`, :mod:`._cbam` and
:mod:`._factors`.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence
from typing import Any

import click

from aluco2 import __version__
from aluco2._cli._common import ReportedError, usage_error

__all__ = ["cli"]


class _Cli(click.Group):
    """The root group: every error of a run, click's included, becomes ``error:`` lines."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; in standalone mode, exit with the run's code."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except ReportedError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            reported = usage_error(exc)
            reported.show()
            sys.exit(reported.exit_code)
        except click.Abort:
            click.echo("error: Aborted.", err=True)
            sys.exit(1)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            sys.exit(1)  # the reader of standard output went away
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, package_name="aluco2")
def cli() -> None:
    """Embodied CO2e of primary and recycled aluminium from cited emission factors."""


from aluco2._cli import _batch, _cbam, _factors, _footprint, _optimise  # noqa: E402

for _module in (_footprint, _optimise, _batch, _cbam, _factors):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
