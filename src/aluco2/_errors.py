"""Exceptions raised by aluco2.

Every exception that aluco2 raises on purpose derives from :class:`AlucoError`.
The tree, with the exit code the command line maps each branch to::

    AlucoError
    ├── InputError (ValueError)               bad input                   -> exit 2
    │   ├── YamlError                         not readable as safe YAML
    │   ├── SchemaError                       breaks a file schema
    │   ├── UnitError (also TypeError)        wrong or unknown unit
    │   └── InputErrors                       several of the above, collected
    ├── FactorNotFoundError (KeyError)        no factor with that id      -> exit 2
    └── InfeasibleProblemError                no plan meets the constraints -> exit 1

Errors about input carry structured fields -- ``file``, ``key_path``, ``value``,
``expected`` and an optional ``hint`` -- and build their message from them, so
that an embedding application can show its own message and a person reading
the command line sees where to look::

    factors/grid.yaml:12: factors[3].value: must be a number with a unit of
    [mass] / [energy]; got '0.2 kWh' instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "AlucoError",
    "FactorNotFoundError",
    "InfeasibleProblemError",
    "InputError",
    "InputErrors",
    "SchemaError",
    "UnitError",
    "YamlError",
    "format_key_path",
    "parse_key_path",
    "sentence",
    "shown_value",
]

_MISSING = object()
_MAX_SHOWN = 300
"""Longest text of an offending value or key echoed in a message; the rest is elided."""


_KEY_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_key_path(text: str) -> tuple[str | int, ...]:
    """Split ``"a.b[2].c"`` into ``("a", "b", 2, "c")``, the inverse of format_key_path.

    Parameters
    ----------
    text : str
        A dotted key path with list indices in brackets.

    Returns
    -------
    tuple of str or int
        Mapping keys (str) and list indices (int).

    Examples
    --------
    >>> parse_key_path("processes[0].precursors[1].mass")
    ('processes', 0, 'precursors', 1, 'mass')
    """
    return tuple(m[1] if m[1] is not None else int(m[2]) for m in _KEY_PATH_PART.finditer(text))


def format_key_path(path: Sequence[str | int]) -> str:
    """Render a key path as ``factors[3].value``.

    Parameters
    ----------
    path : sequence of str or int
        Mapping keys (str) and list indices (int), outermost first.

    Returns
    -------
    str
        The path in dotted form; ``"<document>"`` for the empty path.

    Examples
    --------
    >>> format_key_path(("factors", 3, "value"))
    'factors[3].value'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            key = _printable(str(part))
            text += f".{key}" if text else key
    return text or "<document>"


def _printable(text: str) -> str:
    """Escape control characters and elide the middle of very long text."""
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    if len(text) > _MAX_SHOWN:
        text = f"{text[: _MAX_SHOWN // 2]}...{text[-20:]} ({len(text)} characters)"
    return text


def shown_value(value: Any) -> str:
    """Return the offending value as a message shows it: repr, escaped, at most ~340 chars.

    Parameters
    ----------
    value : object
        The value as read.

    Returns
    -------
    str
        Its ``repr``; a long one keeps its start and end and says how long it was.

    Examples
    --------
    >>> shown_value("x" * 1000)[:12]
    "'xxxxxxxxxxx"
    """
    text = repr(value)
    if len(text) > _MAX_SHOWN:
        text = f"{text[: _MAX_SHOWN - 40]}...{text[-20:]} ({len(text)} characters)"
    return text


def sentence(expected: str) -> str:
    """Turn what a value must be into a sentence; a capitalised text already is one.

    Parameters
    ----------
    expected : str
        E.g. ``"given with --objective weighted"`` or ``"No plan is feasible."``.

    Returns
    -------
    str
        ``"must be given with --objective weighted."``, or the sentence unchanged but
        for a final full stop.

    Examples
    --------
    >>> sentence("given")
    'must be given.'
    """
    if expected[:1].isupper():
        return expected if expected.endswith((".", "?", "!")) else f"{expected}."
    return f"must be {expected}."


class AlucoError(Exception):
    """Base class of every exception aluco2 raises on purpose."""


@dataclasses.dataclass(eq=False)
class InputError(AlucoError, ValueError):
    """Input that aluco2 cannot use: the message says where and what was expected.

    Parameters
    ----------
    expected : str
        What the value must be, phrased to follow "must be"; without ``value``, a
        capitalised text is taken as a whole sentence instead.
    value : object, optional
        The offending value as read.
    file : str, optional
        File the value came from.
    key_path : sequence of str or int, optional
        Where in the file the value sits.
    line : int, optional
        1-based line number of the value in the file.
    hint : str, optional
        How to fix it, appended to the message.
    """

    expected: str
    value: Any = _MISSING
    file: str | None = None
    key_path: tuple[str | int, ...] = ()
    line: int | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        self.key_path = tuple(self.key_path)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
            where += ": "
        if self.key_path:
            where += format_key_path(self.key_path) + ": "
        if self.value is _MISSING:
            text = f"{where}{sentence(self.expected)}"
        else:
            text = f"{where}must be {self.expected}; got {shown_value(self.value)} instead."
        if self.hint:
            text = f"{text.rstrip('.')}. {self.hint}"
        return text

    @property
    def has_value(self) -> bool:
        """Whether the error carries the offending value."""
        return self.value is not _MISSING

    def located(
        self,
        *,
        file: str | None = None,
        key_path: Sequence[str | int] = (),
        line: int | None = None,
    ) -> InputError:
        """Return a copy placed in ``file`` under ``key_path``.

        Parameters
        ----------
        file : str, optional
            File name to record, unless the error already names one.
        key_path : sequence of str or int, optional
            Prefix put in front of the error's own key path.
        line : int, optional
            Line number to record, unless the error already has one.

        Returns
        -------
        InputError
            A new error of the same class.
        """
        return dataclasses.replace(
            self,
            file=self.file if self.file is not None else file,
            key_path=(*key_path, *self.key_path),
            line=self.line if self.line is not None else line,
        )


class YamlError(InputError):
    """A file that cannot be read as safe, well-formed YAML of sane size."""


class SchemaError(InputError):
    """A document that breaks the schema of its kind of file."""


class UnitError(InputError, TypeError):
    """A value whose unit is unknown, forbidden or of the wrong dimension."""


class InputErrors(InputError):  # noqa: N818 - a collection of InputError
    """Several input errors found in one pass, reported together.

    Parameters
    ----------
    errors : iterable of InputError
        The problems, in the order found.
    unlisted : int, default 0
        Further problems found but not listed (a document with thousands of them).
    """

    def __init__(self, errors: Iterable[InputError], unlisted: int = 0) -> None:
        given = list(errors)
        self.errors: tuple[InputError, ...] = tuple(_flatten(given))
        self.unlisted: int = unlisted + sum(e.unlisted for e in given if isinstance(e, InputErrors))
        count = len(self.errors) + self.unlisted
        super().__init__(expected=f"{count} problem{'s' if count != 1 else ''} found")

    def __str__(self) -> str:
        lines = [str(error) for error in self.errors]
        if self.unlisted:
            lines.append(f"... and {self.unlisted:,} more problems, not listed.")
        return "\n".join(lines)

    def located(
        self,
        *,
        file: str | None = None,
        key_path: Sequence[str | int] = (),
        line: int | None = None,
    ) -> InputErrors:
        """Return a copy whose every error is placed in ``file`` under ``key_path``.

        Parameters
        ----------
        file : str, optional
            File name to record where an error names none.
        key_path : sequence of str or int, optional
            Prefix put in front of each error's key path.
        line : int, optional
            Line number to record where an error has none.

        Returns
        -------
        InputErrors
            A new collection.
        """
        return InputErrors(
            (e.located(file=file, key_path=key_path, line=line) for e in self.errors),
            self.unlisted,
        )


def _flatten(errors: Iterable[InputError]) -> Iterable[InputError]:
    for error in errors:
        if isinstance(error, InputErrors):
            yield from error.errors
        else:
            yield error


class FactorNotFoundError(AlucoError, KeyError):
    """No factor with the requested id in the factor set.

    Parameters
    ----------
    factor_id : str
        The id asked for.
    suggestions : sequence of str
        Close matches among the known ids.
    """

    def __init__(self, factor_id: str, suggestions: Sequence[str] = ()) -> None:
        self.factor_id = factor_id
        self.suggestions = tuple(suggestions)
        super().__init__(factor_id)

    def __str__(self) -> str:
        text = f"no factor with id {self.factor_id!r}"
        if self.suggestions:
            text += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        return text


class InfeasibleProblemError(AlucoError):
    """An optimisation problem without a feasible plan.

    Parameters
    ----------
    problem : str
        Name or path of the problem.
    relaxations : sequence of str
        Each limit that, relaxed alone by the amount stated, makes the problem feasible.
    combined : sequence of str, optional
        When no single limit does: the least combined relaxation, one sentence per limit.
    """

    def __init__(
        self, problem: str, relaxations: Sequence[str], combined: Sequence[str] = ()
    ) -> None:
        self.problem = problem
        self.relaxations = tuple(relaxations)
        self.combined = tuple(combined)
        super().__init__(problem)

    def __str__(self) -> str:
        lines = [f"{self.problem}: no plan meets every constraint"]
        if self.relaxations:
            lines[0] += "; relaxing any one of these limits would make it feasible:"
            lines += [f"  {text}" for text in self.relaxations]
        elif self.combined:
            lines[0] += "; the least combined relaxation that makes it feasible:"
            lines += [f"  {text}" for text in self.combined]
        return "\n".join(lines)
