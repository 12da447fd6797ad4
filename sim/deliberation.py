"""LLM-Deliberation games as scenarios (``negsim import llm-deliberation FOLDER``).

The scorable negotiation games of Abdelnabi et al. (2024), "Cooperation,
Competition, and Maliciousness: LLM-Stakeholders Interactive Negotiation"
(NeurIPS Datasets and Benchmarks; github.com/S-Abdelnabi/LLM-Deliberation):
a folder holds ``config.txt`` (one line per party: ``Label,file,role,...``,
role ``p1`` and ``p2`` for the two parties whose agreement is required) and
one score file per party: one line per issue, the comma-separated scores of
its options (issue A's options A1, A2, ...), then the party's minimum
acceptable total. A deal picks one option per issue; it passes when at least
n - 1 of the n parties, p1 and p2 among them, score it at or above their
minimum.

As a negsim scenario (SPEC sections 2 and 11):

- issues ``A``, ``B``, ... with options ``A1``, ``A2``, ... in file order;
- party i weights issue j by its largest score there, max_k s_ijk, with
  values s_ijk / max_k s_ijk (an issue it scores 0 throughout gets weight 0),
  so u_i(x) = sum_j s_ij(x_j) / T_i with T_i = sum_j max_k s_ijk (100 in
  every published game);
- its disagreement utility is its minimum divided by T_i, so u_i(x) >= d_i
  iff its total score reaches the minimum;
- p1 and p2 are veto parties, the others are not; ``agreement: {quorum:
  n - 1}``.

A game of three parties over two issues, written as the published folders are:

>>> import tempfile
>>> game = Path(tempfile.mkdtemp())
>>> _ = (game / "config.txt").write_text("Buyer,buyer,p1,greedy,m\\nSeller,seller,p2,greedy,m\\n"
...                                      "Bank,bank,player,cooperative,m\\n")
>>> for name, scores in {"buyer": "60, 0\\n40, 0\\n50", "seller": "0, 70\\n0, 30\\n50",
...                      "bank": "20, 80\\n0, 0\\n30"}.items():
...     _ = (game / f"{name}.txt").write_text(scores)
>>> doc = game_document(game)
>>> doc["agreement"], doc["parties"]["buyer"]["veto"], doc["parties"]["bank"]["veto"]
({'quorum': 2}, True, False)
>>> doc["parties"]["buyer"]["weights"], doc["parties"]["buyer"]["disagreement"]
({'A': 60, 'B': 40}, 0.5)
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from .errors import Problem, ScenarioError


def _fail(path: Path, message: str) -> ScenarioError:
    return ScenarioError([Problem("", message)], str(path))


def read_config(folder: Path) -> list[tuple[str, str, str]]:
    """(label, file stem, role) per party of ``config.txt``, in file order."""
    path = folder / "config.txt"
    if not path.is_file():
        raise _fail(folder, "no config.txt here: an LLM-Deliberation game folder holds "
                            "config.txt and one score file per party")
    rows = []
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) < 3:
            raise ScenarioError([Problem("", "expected 'Label,file,role,...'", k)], str(path))
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def read_scores(path: Path) -> tuple[list[list[int]], int]:
    """The scores per issue (one list of option scores each) and the minimum."""
    if not path.is_file():
        raise _fail(path, "score file named in config.txt is missing")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    try:
        scores = [[int(c) for c in ln.split(",")] for ln in lines[:-1]]
        minimum = int(lines[-1])
    except (ValueError, IndexError):
        raise _fail(path, "expected lines of comma-separated whole scores, one per issue, "
                          "then the minimum total") from None
    return scores, minimum


def game_document(folder: str | Path) -> dict[str, Any]:
    """The scenario document of the game in ``folder`` (module doc)."""
    folder = Path(folder)
    config = read_config(folder)
    tables = {stem: read_scores(folder / f"{stem}.txt") for _, stem, _ in config}
    shapes = {tuple(map(len, s)) for s, _ in tables.values()}
    if len(shapes) != 1:
        raise _fail(folder, "the score files disagree on the issues and their options")
    sizes = shapes.pop()
    names = string.ascii_uppercase[:len(sizes)]
    issues = {n: {"options": [f"{n}{k + 1}" for k in range(size)]} for n, size in zip(names, sizes)}
    parties = {}
    for label, stem, role in config:
        scores, minimum = tables[stem]
        tops = [max(s) for s in scores]
        total = sum(tops)
        party: dict[str, Any] = {"label": label, "veto": role in ("p1", "p2")}
        party["weights"] = {n: top for n, top in zip(names, tops)}
        party["values"] = {n: {f"{n}{k + 1}": v / top for k, v in enumerate(s)}
                           for n, s, top in zip(names, scores, tops) if top > 0}
        party["disagreement"] = minimum / total
        party["source"] = f"{stem}.txt: scores {scores}, minimum {minimum}"
        parties[stem] = party
    return {
        "name": f"LLM-Deliberation game {folder.name}",
        "description": "A scorable multi-party negotiation game of Abdelnabi et al. (2024); "
                       "a deal passes when n - 1 parties, p1 and p2 among them, accept it.",
        "sources": [("Abdelnabi et al. (2024), Cooperation, Competition, and Maliciousness: "
                     "LLM-Stakeholders Interactive Negotiation, NeurIPS Datasets and Benchmarks; "
                     "github.com/S-Abdelnabi/LLM-Deliberation")],
        "issues": issues,
        "parties": parties,
        "agreement": {"quorum": len(config) - 1},
    }


def game_yaml(folder: str | Path) -> str:
    """The game as scenario YAML, its provenance in a header comment."""
    from .document import to_yaml_text

    header = [f"Imported by negsim from LLM-Deliberation: {Path(folder).name}",
              "u_i = total score / sum of issue maxima; disagreement = minimum / the same"]
    return to_yaml_text(game_document(folder), header)
