"""Strict, bounded reading of YAML input files.

Reads with ``yaml.SafeLoader`` semantics (no Python tags) and adds what an
input file of this package needs:

* duplicate keys are errors (PyYAML silently keeps the last one);
* files over :data:`MAX_BYTES`, more than :data:`MAX_ALIASES` aliases, more
  than :data:`MAX_NODES` nodes after alias expansion, nesting deeper than
  :data:`MAX_DEPTH` and recursive aliases are refused;
* booleans follow YAML 1.2 (``true``/``false`` only), so ``region: NO``
  (Norway) stays the string ``"NO"`` instead of becoming ``False``;
* the top level must be a mapping, and every mapping key a plain string;
* the line of every key path is kept for error messages.

The result is plain data (dict, list, str, int, float, bool, None) plus a
table from key path to line number. Nothing here knows about aluminium.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from aluco2._errors import InputError, YamlError

__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "YamlDocument",
    "nearest_line",
    "read_bytes",
    "read_yaml",
]

MAX_BYTES = 8 * 1024 * 1024
"""Largest input file accepted [bytes]."""
MAX_ALIASES = 200
"""Most alias references (``*name``) accepted in one file."""
MAX_NODES = 500_000
"""Most nodes accepted in one document after expanding aliases."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences accepted."""

_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_KEY = "<<"

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A YAML file read into plain data.

    Attributes
    ----------
    data : dict
        The top-level mapping.
    lines : dict
        1-based line number of each key path, e.g. ``("factors", 3, "value")``.
    path : str
        The file name as given.
    sha256 : str
        SHA-256 hex digest of the bytes read, so the file is read only once (a named
        pipe can be read only once).
    """

    data: dict[str, Any]
    lines: dict[KeyPath, int]
    path: str
    sha256: str

    def line_of(self, key_path: KeyPath) -> int | None:
        """Return the line of ``key_path`` or of its nearest ancestor.

        Parameters
        ----------
        key_path : tuple of str or int
            The path asked for.

        Returns
        -------
        int or None
            1-based line, or None when not even the document is known.
        """
        return nearest_line(self.lines, key_path) or self.lines.get(())


def nearest_line(lines: Mapping[KeyPath, int], key_path: KeyPath) -> int | None:
    """Return the line of ``key_path`` or of its nearest ancestor below the document root.

    Parameters
    ----------
    lines : mapping
        Line of each key path, as :attr:`YamlDocument.lines`.
    key_path : tuple of str or int
        The path asked for.

    Returns
    -------
    int or None
        1-based line, or None when neither the path nor an ancestor has one.
    """
    for end in range(len(key_path), 0, -1):
        line = lines.get(key_path[:end])
        if line is not None:
            return line
    return None


def _yaml12_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag != _BOOL_TAG]
        for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    bool_regexp = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        resolvers.setdefault(first, []).insert(0, (_BOOL_TAG, bool_regexp))
    return resolvers


def _timestamp(loader: yaml.SafeLoader, node: ScalarNode) -> Any:
    """Construct a YAML date or time, refusing impossible ones (2026-02-30) by line."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise YamlError(
            expected="a valid calendar date (YYYY-MM-DD)",
            value=node.value,
            line=node.start_mark.line + 1,
            hint=f"Python says: {exc}.",
        ) from None


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and bounded, non-recursive aliases."""

    yaml_implicit_resolvers = _yaml12_resolvers()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0
        self.depth = 0
        self.open_anchors: set[str] = set()

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise YamlError(
                    expected=f"at most {MAX_ALIASES} alias references (*name) in one file",
                    line=line,
                )
            # The composer registers an anchored node before its children, so an
            # alias to an anchor that is still open would make the data recursive.
            if event.anchor in self.open_anchors:
                raise YamlError(
                    expected="a non-recursive alias",
                    value=f"*{event.anchor}",
                    hint="The alias points into the node that contains it.",
                    line=line,
                )
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            raise YamlError(expected=f"nesting at most {MAX_DEPTH} levels deep", line=line)
        anchor = event.anchor
        if anchor is not None:
            self.open_anchors.add(anchor)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
            if anchor is not None:
                self.open_anchors.discard(anchor)


class _PackagedLoader(yaml.CSafeLoader):
    """libyaml's parser with the same YAML 1.2 booleans, for the package's own data files.

    About ten times faster than the pure-Python parser. Only for files shipped in the
    wheel: it does not bound nesting or aliases while composing (libyaml recurses in C),
    so user input always goes through :class:`_StrictLoader`. Duplicate keys, key types
    and the top-level mapping are still checked on the composed tree.
    """

    yaml_implicit_resolvers = _yaml12_resolvers()


for _loader in (_StrictLoader, _PackagedLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _path_at_line(lines: Mapping[KeyPath, int], line: int | None) -> KeyPath:
    """Return the deepest key path that starts on ``line`` (the root if none does)."""
    paths = [path for path, at in lines.items() if at == line]
    return max(paths, key=len) if paths else ()


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(
            expected="UTF-8 text",
            file=name,
            hint=f"Byte {exc.start} cannot be decoded; save the file as UTF-8.",
        ) from None


def read_bytes(
    path: Path, name: str, max_bytes: int | None = None, error: type[InputError] = YamlError
) -> bytes:
    """Read an input file once, refusing one that is missing, unreadable or too large.

    Parameters
    ----------
    path : pathlib.Path
        The file (a named pipe or process substitution works: it is read once).
    name : str
        The name to show in messages.
    max_bytes : int, optional
        Largest size accepted; :data:`MAX_BYTES` by default.
    error : type of InputError, default YamlError
        The error raised.

    Returns
    -------
    bytes
        The file's content.
    """
    if max_bytes is None:
        max_bytes = MAX_BYTES
    try:
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise error(expected="an existing file; no such file", file=name) from None
    except IsADirectoryError:
        raise error(expected="a file, not a directory", file=name) from None
    except OSError as exc:
        raise error(expected=f"a readable file ({exc.strerror})", file=name) from None
    if len(raw) > max_bytes:
        raise error(expected=f"a file of at most {max_bytes // (1024 * 1024)} MiB", file=name)
    return raw


def _compose(loader: _StrictLoader | _PackagedLoader, name: str) -> MappingNode:
    try:
        node = loader.get_single_node()
    except YamlError as exc:
        raise exc.located(file=name) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise YamlError(expected=f"well-formed YAML ({problem})", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise YamlError(expected=f"well-formed YAML ({exc})", file=name) from None
    except RecursionError:
        raise YamlError(expected=f"nesting at most {MAX_DEPTH} levels deep", file=name) from None
    if node is None:
        raise YamlError(expected="a YAML mapping at the top level; the file is empty", file=name)
    if not isinstance(node, MappingNode):
        raise YamlError(
            expected=f"a YAML mapping (key: value) at the top level, not a {_kind(node)}",
            file=name,
            line=node.start_mark.line + 1,
        )
    if isinstance(loader, _StrictLoader):
        _check_size(node, name)
    return node


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "list"
    if isinstance(node, ScalarNode):
        return "single value"
    return "mapping"


def _check_size(root: Node, name: str) -> None:
    """Refuse documents whose alias expansion exceeds :data:`MAX_NODES`."""
    sizes: dict[int, int] = {}

    def size(node: Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        sizes[id(node)] = total
        return total

    if size(root) > MAX_NODES:
        raise YamlError(
            expected=f"at most {MAX_NODES} values once aliases are expanded",
            file=name,
            hint="The file looks like an alias bomb.",
        )


def _walk(node: Node, path: KeyPath, name: str) -> Iterator[tuple[KeyPath, int]]:
    """Yield (key path, line) for every node; check mapping keys on the way."""
    yield path, node.start_mark.line + 1
    if isinstance(node, SequenceNode):
        for index, child in enumerate(node.value):
            yield from _walk(child, (*path, index), name)
    elif isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                raise YamlError(
                    expected="a plain text key",
                    value=key_node.value
                    if isinstance(key_node, ScalarNode)
                    else f"a {'list' if isinstance(key_node, SequenceNode) else 'mapping'} as key",
                    file=name,
                    key_path=path,
                    line=line,
                    hint="Quote keys that look like numbers, booleans or dates.",
                )
            key = key_node.value
            if key in seen:
                raise YamlError(
                    expected=f"a key used once in its mapping (first on line {seen[key]})",
                    value=key,
                    file=name,
                    key_path=(*path, key),
                    line=line,
                )
            seen[key] = line
            yield (*path, key), line
            yield from _walk(value_node, (*path, key), name)


def read_yaml(
    path: str | Path, *, display_name: str | None = None, packaged: bool = False
) -> YamlDocument:
    """Read one YAML file strictly into plain data.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    display_name : str, optional
        Name used in error messages; defaults to ``str(path)``.
    packaged : bool, default False
        The file ships inside the package: parse it with libyaml (fast) when PyPI's
        PyYAML provides it. Never for user input.

    Returns
    -------
    YamlDocument
        The top-level mapping and the line of each key path.

    Raises
    ------
    YamlError
        If the file is missing, too large, not UTF-8, not well-formed YAML, uses
        tags outside the safe set, duplicates a key, nests or aliases beyond the
        limits, or is not a mapping at the top level.
    """
    name = display_name or str(path)
    raw = read_bytes(Path(path), name)
    text = _decode(raw, name)
    loader_class = _PackagedLoader if packaged and yaml.__with_libyaml__ else _StrictLoader
    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        raise YamlError(
            expected="printable text",
            value=f"character {exc.character:#04x} at position {exc.position}",
            file=name,
            hint="YAML files cannot hold control characters; save the file as plain text.",
        ) from None
    lines: dict[KeyPath, int] = {}
    try:
        root = _compose(loader, name)
        for key_path, line in _walk(root, (), name):
            lines.setdefault(key_path, line)
        data = loader.construct_document(root)
    except YamlError as exc:
        if exc.file is not None:  # already placed by _compose or _walk
            raise
        raise exc.located(file=name, key_path=_path_at_line(lines, exc.line)) from None
    except yaml.constructor.ConstructorError as exc:
        raise YamlError(
            expected="plain YAML data without language-specific tags",
            file=name,
            line=exc.problem_mark.line + 1 if exc.problem_mark else None,
            hint=f"{exc.problem}.",
        ) from None
    finally:
        loader.dispose()
    return YamlDocument(data=data, lines=lines, path=name, sha256=hashlib.sha256(raw).hexdigest())
