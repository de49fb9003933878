"""Where results go: standard output, a special file as a stream, or a regular file atomically.

An output is checked before any work is done (:func:`output_target`), so a run that
would end by refusing its output fails at once, and written at the end
(:meth:`OutputTarget.write`):

- ``-`` is standard output;
- a FIFO or a character device (``/dev/null``, a terminal) is written as a stream, never
  replaced by a regular file;
- a regular file is written to a temporary file in the same directory and renamed over
  the target, so a reader sees the old file or the new one, never a part; an existing
  file keeps its permission bits, a new one gets the process's umask like any other file;
- a file the run reads (an input, a plant file a problem names, a site factor file) or
  another output of the same run is refused, as are directories, block devices, sockets,
  paths that cannot be resolved and directories that do not exist.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from aluco2._errors import InputError

__all__ = ["OutputTarget", "output_target", "write_bytes", "write_text"]


@dataclasses.dataclass(frozen=True, slots=True)
class OutputTarget:
    """A checked destination: standard output, a stream, or a regular file."""

    name: str
    """As the user wrote it, for messages."""
    path: Path | None
    """Resolved destination; None for standard output."""
    stream: bool
    """Write in place (special files) rather than through a temporary file."""
    option: str = "--output"
    """Option or argument that named it, for messages."""

    def write(self, data: bytes) -> None:
        """Write ``data`` to the destination.

        Parameters
        ----------
        data : bytes
            The whole content.

        Raises
        ------
        InputError
            If the destination cannot be written (full device, permissions, ...); a
            regular file is then left as it was.
        """
        try:
            if self.path is None:
                _write_stdout(data)
            elif self.stream:
                with open(self.path, "wb") as handle:
                    handle.write(data)
            else:
                _replace_atomically(self.path, data)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise InputError(
                expected=f"a file that can be written ({reason.lower()})",
                value=self.name,
                key_path=(self.option,),
            ) from None

    def is_same(self, other: OutputTarget) -> bool:
        """Whether ``other`` names the same destination (two streams to stdout do not clash)."""
        return self.path is not None and other.path is not None and _same(self.path, other.path)


def _write_stdout(data: bytes) -> None:
    stdout = sys.stdout
    stdout.flush()
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:  # a text-only stream (e.g. an embedding application's)
        stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def _replace_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the target's directory, then rename over it."""
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # 0o666 here lets the umask decide the mode of a new file, as for any other tool.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file (also through hard links and symbolic links)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a == b


def _refuse(name: str, option: str, expected: str, hint: str | None = None) -> InputError:
    return InputError(expected=expected, value=name, key_path=(option,), hint=hint)


def output_target(
    name: str,
    *,
    reads: Iterable[str | Path] = (),
    others: Iterable[OutputTarget] = (),
    option: str = "--output",
) -> OutputTarget:
    """Check an output named by the user before any work is done.

    Parameters
    ----------
    name : str
        The path as given; ``-`` for standard output.
    reads : iterable of str or pathlib.Path
        Every file the run reads; the output must be none of them.
    others : iterable of OutputTarget
        Other outputs of the same run; the output must be none of them.
    option : str, default '--output'
        Option that named it, for messages.

    Returns
    -------
    OutputTarget
        Where to write.

    Raises
    ------
    InputError
        If the output is empty, a directory, a file the run reads or writes already, a
        block device or socket, cannot be resolved, or lies in a missing directory.
    """
    if name == "-":
        return OutputTarget(name, None, stream=True, option=option)
    if not name.strip():
        raise _refuse(name, option, "a file name, or - for standard output")
    try:
        return _file_target(name, tuple(reads), tuple(others), option)
    except OSError as exc:  # e.g. a name too long for the file system
        raise _refuse(name, option, f"a usable path ({exc.strerror or exc})") from None


def _file_target(
    name: str, reads: tuple[str | Path, ...], others: tuple[OutputTarget, ...], option: str
) -> OutputTarget:
    """Check a named output file (see :func:`output_target`); may raise OSError."""
    if name.endswith(("/", os.sep)) or Path(name).is_dir():
        raise _refuse(name, option, "a file, not a directory")
    try:
        path = Path(name).resolve()
    except (OSError, RuntimeError):
        raise _refuse(
            name, option, "a path that can be resolved", "Is it a loop of symbolic links?"
        ) from None
    if not path.parent.is_dir():
        raise _refuse(name, option, "a path in an existing directory")
    for source in reads:
        if _same(path, Path(source).resolve()):
            raise _refuse(
                name,
                option,
                "a file the command does not read",
                "Writing over an input would destroy it; choose another name.",
            )
    target = OutputTarget(name, path, stream=False, option=option)
    for other in others:
        if target.is_same(other):
            raise _refuse(name, option, f"a different file from {other.option} {other.name!r}")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError:
        raise _refuse(name, option, "a path that can be resolved") from None
    if stat.S_ISREG(mode):
        return target
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return dataclasses.replace(target, stream=True)
    raise _refuse(name, option, "a regular file, a FIFO or a character device")


def write_bytes(data: bytes, path: str | Path, *, reads: Iterable[str | Path] = ()) -> None:
    """Check ``path`` as an output and write ``data`` there (for library callers).

    Parameters
    ----------
    data : bytes
        The content.
    path : str or pathlib.Path
        Destination; ``-`` for standard output.
    reads : iterable of str or pathlib.Path
        Files read to produce ``data``; writing over one of them is an error.

    Raises
    ------
    InputError
        If the destination is refused or cannot be written.
    """
    output_target(str(path), reads=reads, option="path").write(data)


def write_text(text: str, path: str | Path, *, reads: Iterable[str | Path] = ()) -> None:
    """Write ``text`` (UTF-8) like :func:`write_bytes`.

    Parameters
    ----------
    text : str
        The content.
    path : str or pathlib.Path
        Destination; ``-`` for standard output.
    reads : iterable of str or pathlib.Path
        Files read to produce ``text``; writing over one of them is an error.

    Raises
    ------
    InputError
        If the destination is refused or cannot be written.
    """
    write_bytes(text.encode("utf-8"), path, reads=reads)
