"""The public surface: `sim.__all__` is the list docs/api.md gives, no more, no less.

The page's block between the `sim.__all__ begins/ends` markers lists each name
with the module it comes from; the names must be exactly `sim.__all__`, each
the same object as in that module, and internal names such as `Solver` (the
page calls it internal) stay off the surface.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import sim

API_PAGE = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def documented_names() -> dict[str, str]:
    """{name: module} read from the marked block of docs/api.md."""
    text = API_PAGE.read_text(encoding="utf-8")
    block = re.search(r"<!-- sim\.__all__ begins -->\n(.*?)<!-- sim\.__all__ ends -->", text, re.DOTALL)
    assert block, f"{API_PAGE}: the block between the sim.__all__ markers is missing"
    names: dict[str, str] = {}
    for line in block.group(1).splitlines():
        listed = re.fullmatch(r"- (.+): `(sim[\w.]*)`", line.strip())
        assert listed, f"{API_PAGE}: cannot read the line {line!r}"
        for name in re.findall(r"`(\w+)`", listed.group(1)):
            assert name not in names, f"{API_PAGE}: {name} listed twice"
            names[name] = listed.group(2)
    return names


def test_all_is_what_the_page_lists() -> None:
    assert sorted(sim.__all__) == sorted(documented_names())


def test_all_has_no_duplicates_and_every_name_imports() -> None:
    assert len(set(sim.__all__)) == len(sim.__all__)
    assert all(hasattr(sim, name) for name in sim.__all__)


@pytest.mark.parametrize("name", sorted(documented_names()))
def test_each_name_is_its_modules_object(name: str) -> None:
    module = importlib.import_module(documented_names()[name])
    assert getattr(sim, name) is getattr(module, name)


def test_the_internal_solver_is_not_public() -> None:
    assert "Solver" not in sim.__all__
    assert not hasattr(sim, "Solver")
    assert "`sim.analysis.Solver`" in API_PAGE.read_text(encoding="utf-8")
