"""Run the examples in the docstrings of every aluco2 module."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import aluco2

MODULES = sorted(info.name for info in pkgutil.walk_packages(aluco2.__path__, prefix="aluco2."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, globs=vars(module).copy()):
        runner.run(test)
    assert runner.failures == 0
