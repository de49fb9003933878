"""Turn pydantic validation of input documents into located aluco2 errors.

Every input schema of the package (factor files, plant files, problem files)
is declared once as a pydantic model; this module runs a model over a document
read by :mod:`aluco2._yaml` and reports each problem as an
:class:`~aluco2._errors.SchemaError` that names the file, line, key path, value
and what was expected -- all problems of a document at once.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import pydantic

from aluco2._errors import InputError, InputErrors, SchemaError
from aluco2._yaml import KeyPath, YamlDocument

__all__ = [
    "STRICT",
    "TextPattern",
    "allowed_keys",
    "locate",
    "schema_errors",
    "validate_data",
    "validate_document",
    "validate_mapping",
    "values_at",
]

Model = TypeVar("Model", bound=pydantic.BaseModel)

MAX_LISTED = 50
"""Most problems listed for one document; the rest are counted ("and 99 950 more")."""

STRICT = pydantic.ConfigDict(strict=True, extra="forbid", frozen=True)
"""Model configuration for input documents: exact types, no unknown keys."""

_EXPECTED_BY_TYPE: dict[str, str] = {
    "string_type": "a text string",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "list_type": "a list",
    "tuple_type": "a list",
    "string_too_short": "a non-empty text string",
    "too_short": "a non-empty list",
}


class TextPattern:
    """Pydantic metadata: text matching a regular expression, refused in words.

    ``Annotated[str, TextPattern(r"^[A-Z]{2}$", "an ISO country code")]`` publishes the
    pattern in the JSON Schema and, on a mismatch, says what is expected instead of
    showing the regular expression.
    """

    def __init__(self, pattern: str, expected: str) -> None:
        self.pattern = pattern
        self.expected = expected
        self._regex = re.compile(pattern)

    def validate(self, text: str) -> str:
        """Return ``text`` if it matches; raise ValueError naming what is expected."""
        if not self._regex.match(text):
            raise ValueError(self.expected)
        return text

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.validate, core_schema.str_schema())

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern, "description": self.expected}


def _members(annotation: Any, metadata: tuple[Any, ...] = ()) -> list[tuple[Any, tuple[Any, ...]]]:
    """Split an annotation into its union members, each with its Annotated metadata."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return [
            member
            for arg in typing.get_args(annotation)
            if arg is not type(None)
            for member in _members(arg, metadata)
        ]
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _members(inner, metadata + tuple(extra))
    return [(annotation, metadata)]


def values_at(
    model: type[pydantic.BaseModel], key_path: KeyPath
) -> list[tuple[Any, tuple[Any, ...]]]:
    """Return the possible types, with their metadata, of the value at ``key_path``.

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The document model.
    key_path : tuple of str or int
        Keys (field names or aliases, mapping keys) and list indices.

    Returns
    -------
    list of tuple
        ``(type, metadata)`` for each union member the schema allows there;
        empty if the path does not exist in the schema.
    """
    current: list[tuple[Any, tuple[Any, ...]]] = [(model, ())]
    for part in key_path:
        following: list[tuple[Any, tuple[Any, ...]]] = []
        for candidate, _ in current:
            origin = typing.get_origin(candidate)
            if isinstance(candidate, type) and issubclass(candidate, pydantic.BaseModel):
                for name, field in candidate.model_fields.items():
                    if part in (name, field.alias):
                        following += _members(field.annotation, tuple(field.metadata))
            elif origin in (list, tuple) and isinstance(part, int):
                following += _members(typing.get_args(candidate)[0])
            elif origin in (dict, Mapping) and isinstance(part, str):
                following += _members(typing.get_args(candidate)[1])
        current = following
    return current


def allowed_keys(model: type[pydantic.BaseModel], key_path: KeyPath = ()) -> tuple[str, ...]:
    """Return the keys allowed in the mapping at ``key_path`` of ``model``.

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The document model.
    key_path : tuple of str or int
        Path of the mapping inside the document.

    Returns
    -------
    tuple of str
        Field names (aliases where set), or ``()`` if the path leads to no model.
    """
    for candidate, _ in values_at(model, key_path):
        if isinstance(candidate, type) and issubclass(candidate, pydantic.BaseModel):
            return tuple(field.alias or name for name, field in candidate.model_fields.items())
    return ()


def _expected(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind in _EXPECTED_BY_TYPE:
        return _EXPECTED_BY_TYPE[kind]
    if kind == "literal_error":
        return f"one of {context.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return f"text matching the pattern {context.get('pattern')}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        bound = next(iter(context.values()), "")
        return f"{words} {bound}"
    message = str(error["msg"])
    for prefix in ("Input should be ", "Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def schema_errors(
    exc: pydantic.ValidationError, model: type[pydantic.BaseModel], base_path: KeyPath = ()
) -> Iterator[SchemaError]:
    """Translate a pydantic validation error into aluco2 schema errors.

    Parameters
    ----------
    exc : pydantic.ValidationError
        The error raised by ``model.model_validate``.
    model : type of pydantic.BaseModel
        The model that was validated, to list allowed keys.
    base_path : tuple of str or int
        Where the validated mapping sits in its document.

    Yields
    ------
    SchemaError
        One per problem, not yet located in a file.
    """
    for error in exc.errors(include_url=False)[:MAX_LISTED]:
        loc = tuple(error["loc"])
        if error["type"] == "missing":
            yield SchemaError(expected="given: the key is required", key_path=(*base_path, *loc))
        elif error["type"] == "extra_forbidden":
            key = str(loc[-1])
            allowed = allowed_keys(model, loc[:-1])
            close = difflib.get_close_matches(key, allowed, n=1)
            yield SchemaError(
                expected=f"one of the keys allowed here: {', '.join(allowed)}",
                value=key,
                key_path=(*base_path, *loc),
                hint=f"Did you mean {close[0]!r}?" if close else None,
            )
        elif error["type"] == "value_error":
            # A model validator's rule about several keys: state it, do not echo the mapping;
            # a field validator's: give the value too.
            message = str(error["msg"]).removeprefix("Value error, ")
            value = error.get("input")
            if isinstance(value, (str, int, float)):
                yield SchemaError(expected=message, value=value, key_path=(*base_path, *loc))
            else:
                rule = message[:1].upper() + message[1:]
                yield SchemaError(expected=rule, key_path=(*base_path, *loc))
        else:
            yield SchemaError(
                expected=_expected(error), value=error.get("input"), key_path=(*base_path, *loc)
            )


def validate_mapping(
    model: type[Model], data: Any, base_path: KeyPath = ()
) -> tuple[Model | None, list[InputError]]:
    """Validate ``data`` against ``model`` and collect every problem.

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The schema.
    data : object
        Plain data read from YAML or JSON.
    base_path : tuple of str or int
        Where ``data`` sits in its document, for error key paths.

    Returns
    -------
    tuple
        The validated model (None if invalid) and the list of problems.
    """
    try:
        return model.model_validate(data), []
    except pydantic.ValidationError as exc:
        errors: list[InputError] = list(schema_errors(exc, model, base_path))
        if exc.error_count() > MAX_LISTED:
            errors.append(_unlisted(exc.error_count() - MAX_LISTED))
        return None, errors


def _unlisted(count: int) -> InputErrors:
    """Stand for ``count`` problems found but not listed."""
    return InputErrors((), unlisted=count)


def locate(errors: Iterable[InputError], document: YamlDocument) -> list[InputError]:
    """Place errors in ``document``: its file name and the line of each key path.

    Parameters
    ----------
    errors : iterable of InputError
        Errors with key paths relative to the document root.
    document : YamlDocument
        The document they concern.

    Returns
    -------
    list of InputError
        The located errors.
    """
    return [
        error.located(file=document.path, line=document.line_of(error.key_path)) for error in errors
    ]


Checks = Callable[[Any], list[InputError]]
"""Rules over a whole validated model (e.g. references between its parts)."""


def _checked(
    model: type[Model], data: Any, checks: Checks | None
) -> tuple[Model | None, list[InputError]]:
    """Validate ``data`` and run ``checks``; the model is None whenever a problem is found."""
    result, errors = validate_mapping(model, data)
    if result is not None and checks is not None:
        errors += checks(result)
    return (result if not errors else None), errors


def validate_document(
    model: type[Model], document: YamlDocument, checks: Checks | None = None
) -> Model:
    """Validate a whole YAML document against ``model``.

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The schema of the document.
    document : YamlDocument
        The document read by :func:`aluco2._yaml.read_yaml`.
    checks : callable, optional
        Further rules over the validated model, returning the problems found.

    Returns
    -------
    pydantic.BaseModel
        The validated model.

    Raises
    ------
    InputErrors
        With every problem found, each naming file, line and key path.
    """
    result, errors = _checked(model, document.data, checks)
    if result is None:
        raise InputErrors(locate(errors, document))
    return result


def validate_data(
    model: type[Model], data: Mapping[str, Any], name: str, checks: Checks | None = None
) -> Model:
    """Validate a document given in memory (e.g. parsed JSON) against ``model``.

    Parameters
    ----------
    model : type of pydantic.BaseModel
        The schema of the document.
    data : mapping
        The document.
    name : str
        Name of the document in error messages.
    checks : callable, optional
        Further rules over the validated model, returning the problems found.

    Returns
    -------
    pydantic.BaseModel
        The validated model.

    Raises
    ------
    InputErrors
        With every problem found, each naming the document and the key path.
    """
    result, errors = _checked(model, dict(data), checks)
    if result is None:
        raise InputErrors(error.located(file=name) for error in errors)
    return result
