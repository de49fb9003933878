"""Hostile-input corpus (issue 9): no traceback, only error lines, no file harmed.

Every shipped example of every command, mutated number by number, key by key and
file by file, plus bad options and output targets (see ``tests/hostile.py``). The
cases are sampled with a fixed seed to ``ALUCO2_HOSTILE_BUDGET`` (default 1 000;
0 runs the whole corpus).
"""

from __future__ import annotations

import pytest

from .hostile import cached_shipped_factors, corpus, reproducer, run_case

CASES = corpus()


@pytest.fixture(scope="module", autouse=True)
def _shipped_factors_once():
    with cached_shipped_factors():
        yield


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case, tmp_path):
    problems, outcome = run_case(case, tmp_path)
    assert not problems, "\n".join(
        [
            *problems,
            f"command: {reproducer(case)}",
            f"exit {outcome.exit_code}; stderr: {outcome.stderr[-500:]!r}",
        ]
    )


def test_corpus_covers_every_example_and_command():
    ids = [c.id for c in corpus(0)]
    commands = {i.split("|", 1)[0].split("<-", 1)[0] for i in ids}
    assert {"footprint", "compare", "optimise", "pareto", "cbam", "factors-validate"} <= commands
    assert len(ids) == len(set(ids))
