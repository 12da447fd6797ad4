"""Shared fixtures: paths to the shared material and the project's scenarios."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCENARIOS = ROOT / "scenarios"
CONFORMANCE = SHARED / "conformance"

settings.register_profile("ci", max_examples=60, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: CI=true (1, yes): what a test needs and the machine lacks (../shared, a browser,
#: NegMAS) is a failure there, never a skip.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str, module: bool = False) -> NoReturn:
    """A test (``module``: the whole module) cannot run here for ``reason``: skipped
    with that one line, or under CI a failure with it."""
    if IN_CI:
        pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=module)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        unavailable(f"{SHARED} is missing (the shared SPEC, conformance cases and data beside the checkout)")
    return SHARED


def conformance_cases() -> list:
    """The shared conformance cases (``case*.yaml``) as test parameters. Without
    them, one parameter skipped with a line naming the folder (under CI the collection
    fails with it): never an empty list,
    which would shrink a test silently."""
    cases = sorted(CONFORMANCE.glob("case*.yaml"))
    if cases:
        return cases
    reason = f"{CONFORMANCE} has no conformance cases"
    if IN_CI:
        unavailable(reason)  # fails the collection, naming the folder
    return [pytest.param(CONFORMANCE / "case00.yaml", id="missing", marks=pytest.mark.skip(reason=reason))]


def deal_document(p_disagreement=0.2, q_disagreement=0.2, **extra) -> dict:
    """A scenario whose ZOPA is known by construction: one compromise outcome ``deal``
    worth 0.6 to p and 0.5 to q, each side's win refused by the other's red line. A
    ZOPA exists exactly when d_p <= 0.6 and d_q <= 0.5 (numbers or distributions);
    ``extra`` adds fields to party p (e.g. a ``bargaining_power`` distribution)."""
    return {
        "name": "deal", "description": "one compromise, taken iff both fallbacks are low enough",
        "issues": {"x": {"options": ["deal", "p_wins", "q_wins"]}},
        "parties": {
            "p": {"weights": {"x": 1}, "values": {"x": {"deal": 0.6, "p_wins": 1, "q_wins": 0}},
                  "disagreement": p_disagreement, "red_lines": [{"x": "q_wins"}], **extra},
            "q": {"weights": {"x": 1}, "values": {"x": {"deal": 0.5, "p_wins": 0, "q_wins": 1}},
                  "disagreement": q_disagreement, "red_lines": [{"x": "p_wins"}]},
        },
    }


def doc_script(name: str):
    """The module ``docs/scripts/NAME.py`` (the scripts that print the docs' numbers)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
