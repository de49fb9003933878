"""Thresholds and labels a footprint is judged against, on the boundary each is defined on.

The labels are data (``labels.yaml`` beside this module), each with its boundary
(``scope1+2`` or ``cradle-to-gate``), its comparison (``below``: equality fails;
``at_most``: equality passes), the route it applies to, and its source. A label defined
on Scope 1+2 is judged on the sum of the scope 1 and scope 2 rows only, never on the
cradle-to-gate total.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from collections.abc import Mapping
from importlib.resources import files
from typing import Any, Literal

import numpy as np
import yaml

from aluco2._errors import InputError
from aluco2._units import parse_quantity

__all__ = ["Label", "LabelCheck", "boundary_value", "check", "label", "labels"]

Boundary = Literal["scope1", "scope1+2", "cradle-to-gate"]
ORIGIN_DEFAULT = "origin-default"
"""The threshold of a label judged against the CBAM default value of the origin."""


@dataclasses.dataclass(frozen=True)
class Label:
    """A threshold a footprint passes or fails."""

    id: str
    name: str
    boundary: Boundary
    comparison: Literal["below", "at_most"]
    threshold_t_per_t: float | None
    """The threshold, or None for the CBAM default of the origin (given per check). [t CO2e/t]"""
    route: Literal["primary", "any"]
    """The metal it judges: primary aluminium, or any product."""
    source: Mapping[str, Any]
    note: str = ""

    def passes(self, value_t_per_t: np.ndarray, threshold_t_per_t: Any = None) -> np.ndarray:
        """Return whether each value meets the threshold (strictly below, or at most).

        ``threshold_t_per_t`` gives the threshold of an origin-default label (one per value).
        """
        threshold = self.threshold_t_per_t if threshold_t_per_t is None else threshold_t_per_t
        if self.comparison == "below":
            return np.asarray(value_t_per_t < threshold)
        return np.asarray(value_t_per_t <= threshold)

    def describe(self) -> str:
        """Return the rule in words, e.g. 'Scope 1+2 below 8 t CO2e/t'."""
        boundary = {"scope1": "Scope 1", "scope1+2": "Scope 1+2"}.get(
            self.boundary, "cradle-to-gate"
        )
        comparison = "below" if self.comparison == "below" else "at most"
        if self.threshold_t_per_t is None:
            return f"{boundary} {comparison} the CBAM default of the origin"
        return f"{boundary} {comparison} {self.threshold_t_per_t:g} t CO2e/t"

    def to_dict(self) -> dict[str, Any]:
        """Return the label as JSON-ready data (``aluco2 labels --format json``)."""
        return {
            "id": self.id,
            "name": self.name,
            "rule": self.describe(),
            "boundary": self.boundary,
            "comparison": self.comparison,
            "threshold": self.threshold_t_per_t,
            "unit": "t CO2e/t",
            "route": self.route,
            "source": dict(self.source),
            "note": self.note,
        }

    def citation(self) -> str:
        """Return the source as one line."""
        s = self.source
        return f"{s['publisher']}, {s['title']} ({s['year']}), {s['url']}: {s['locator']}"


def _label(entry: Mapping[str, Any]) -> Label:
    text = entry["threshold"]
    threshold = None if text == ORIGIN_DEFAULT else float(parse_quantity(text).m_as("t CO2e/t"))
    return Label(
        id=entry["id"],
        name=entry["name"],
        boundary=entry["boundary"],
        comparison=entry["comparison"],
        threshold_t_per_t=threshold,
        route=entry.get("route", "any"),
        source=entry["source"],
        note=entry.get("note", ""),
    )


@functools.cache
def labels() -> dict[str, Label]:
    """Return the shipped labels by id.

    Returns
    -------
    dict of str to Label
        In the order of the data file.
    """
    text = (files("aluco2._footprint") / "labels.yaml").read_text(encoding="utf-8")
    return {entry["id"]: _label(entry) for entry in yaml.safe_load(text)["labels"]}


def label(name: str) -> Label:
    """Return the label ``name``; refuse an unknown one, naming the known ones.

    Parameters
    ----------
    name : str
        A label id, e.g. 'asi-smelter-8'.

    Returns
    -------
    Label
        The label.

    Raises
    ------
    InputError
        If there is no such label.
    """
    known = labels()
    if name not in known:
        close = difflib.get_close_matches(name, list(known), n=1)
        raise InputError(
            expected="a label of aluco2 labels: " + ", ".join(known),
            value=name,
            key_path=("--check-label",),
            hint=f"Did you mean {close[0]!r}?" if close else None,
        )
    return known[name]


def boundary_value(
    scope1: np.ndarray, scope2: np.ndarray, total: np.ndarray, boundary: Boundary
) -> np.ndarray:
    """Return the intensity on a label's boundary: scope 1, scope 1 + 2, or the total.

    Parameters
    ----------
    scope1, scope2, total : numpy.ndarray
        Scope 1, scope 2 and total (cradle-to-gate) intensity. [t CO2e/t]
    boundary : {'scope1', 'scope1+2', 'cradle-to-gate'}
        The label's boundary.

    Returns
    -------
    numpy.ndarray
        The value to compare. [t CO2e/t]
    """
    if boundary == "scope1":
        return scope1
    return scope1 + scope2 if boundary == "scope1+2" else total


@dataclasses.dataclass(frozen=True)
class LabelCheck:
    """A label judged on one product result."""

    label: Label
    applies: bool
    """False when the label judges another route (e.g. a smelter threshold on recycled metal)."""
    value_t_per_t: float
    passes: bool | None
    margin_t_per_t: float | None
    """Threshold less value: positive passes by that much. [t CO2e/t]"""
    threshold_t_per_t: float | None = None
    """The threshold applied (the label's, or the origin's CBAM default). [t CO2e/t]"""

    def to_dict(self) -> dict[str, Any]:
        """Return the check as JSON-ready data."""
        return {
            "label": self.label.id,
            "name": self.label.name,
            "rule": self.label.describe(),
            "boundary": self.label.boundary,
            "applies": self.applies,
            "value": self.value_t_per_t,
            "threshold": self.threshold_t_per_t,
            "unit": "t CO2e/t",
            "passes": self.passes,
            "margin": self.margin_t_per_t,
            "source": self.label.citation(),
        }


def check(
    label: Label,
    route: str,
    scopes: Mapping[int, float],
    total: float,
    threshold_t_per_t: float | None = None,
) -> LabelCheck:
    """Judge one product result against a label.

    Parameters
    ----------
    label : Label
        The label.
    route : str
        Route of the result ('primary', 'recycled' or 'mix').
    scopes : mapping of int to float
        The result's intensity by scope. [t CO2e/t]
    total : float
        Its total intensity. [t CO2e/t]
    threshold_t_per_t : float, optional
        The threshold of an origin-default label: the CBAM default of the origin.

    Returns
    -------
    LabelCheck
        Pass or fail with the margin, or not applicable.

    Raises
    ------
    InputError
        If an origin-default label is checked without the default.
    """
    threshold = label.threshold_t_per_t if threshold_t_per_t is None else threshold_t_per_t
    if threshold is None:
        raise InputError(
            expected="given with a CN code (--cn): the label compares with the CBAM default "
            "value of the plant's country for it",
            key_path=("--cn",),
        )
    value = float(
        boundary_value(
            np.asarray(scopes.get(1, 0.0)),
            np.asarray(scopes.get(2, 0.0)),
            np.asarray(total),
            label.boundary,
        )
    )
    if label.route != "any" and route != label.route:
        return LabelCheck(label, False, value, None, None, threshold)
    passes = bool(label.passes(np.asarray(value), threshold))
    return LabelCheck(label, True, value, passes, threshold - value, threshold)
