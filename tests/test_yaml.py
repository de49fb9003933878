"""The strict YAML reader: safe, bounded, line-aware."""

from __future__ import annotations

import pytest

from aluco2 import _yaml
from aluco2._errors import YamlError
from aluco2._yaml import read_yaml


def test_reads_mapping_with_lines_and_yaml12_booleans(write_yaml):
    doc = read_yaml(write_yaml("a: 1\nregion: NO\nflag: on\nok: true\nitems:\n  - x: 2\n"))
    assert doc.data == {"a": 1, "region": "NO", "flag": "on", "ok": True, "items": [{"x": 2}]}
    assert doc.lines[("region",)] == 2
    assert doc.lines[("items", 0, "x")] == 6
    assert doc.line_of(("items", 0, "missing")) == 6


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: 1\nb: 2\na: 3\n", "(first on line 1); got 'a'"),
        ("- a\n- b\n", "not a list"),
        ("just text\n", "not a single value"),
        ("", "the file is empty"),
        ("a: !!python/object/apply:os.system ['echo pwned']\n", "language-specific tags"),
        ("a: &x [1, *x]\n", "non-recursive alias"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "levels deep"),
        ("a: [1, 2\nb: 3\n", "well-formed YAML"),
        ("1: a\n", "plain text key"),
        ("a: 1\n---\nb: 2\n", "well-formed YAML"),
    ],
)
def test_refuses_bad_documents(write_yaml, text, fragment):
    path = write_yaml(text)
    with pytest.raises(YamlError) as info:
        read_yaml(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_refuses_alias_bomb(write_yaml):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        levels.append(f"a{level}: &a{level} [{refs}]")
    with pytest.raises(YamlError, match="alias bomb"):
        read_yaml(write_yaml("\n".join(levels) + "\n"))


def test_refuses_too_many_aliases(write_yaml, monkeypatch):
    monkeypatch.setattr(_yaml, "MAX_ALIASES", 3)
    with pytest.raises(YamlError, match="at most 3 alias"):
        read_yaml(write_yaml("a: &x 1\nb: [*x, *x, *x, *x]\n"))


def test_refuses_huge_file(write_yaml, monkeypatch):
    monkeypatch.setattr(_yaml, "MAX_BYTES", 100)
    with pytest.raises(YamlError, match="at most"):
        read_yaml(write_yaml("a: " + "x" * 200 + "\n"))


def test_refuses_non_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Søderberg\n".encode("latin-1"))
    with pytest.raises(YamlError, match="UTF-8"):
        read_yaml(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(YamlError, match="no such file"):
        read_yaml(tmp_path / "absent.yaml")
    with pytest.raises(YamlError, match="not a directory"):
        read_yaml(tmp_path)


def test_merge_keys_are_allowed(write_yaml):
    doc = read_yaml(write_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n"))
    assert doc.data["other"] == {"x": 1, "y": 2}
