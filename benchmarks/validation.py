"""Validation time against the size of a file (issue 16, item 5).

    .venv/bin/python benchmarks/validation.py [--scale 1.0]

Builds the audit's pathological files at two sizes each (a long ranking, many
issues, many misspelt option names, a GENIUS domain with many items) and prints
the CPU time of reading and checking each (``sim.scenario.load``, or
``sim.genius.reader.domain_of`` on the parsed XML), split into parsing the YAML and the checks
after it. Time linear in the size shows as a ratio near the size ratio (4).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from solve import machine

from sim.document import read_document
from sim.errors import ScenarioError
from sim.genius.reader import domain_of
from sim.genius.xmltree import read_xml
from sim.scenario import load


def _two(issues: dict, a: dict, b: dict) -> dict:
    weights = {name: 1 for name in issues}
    return {"name": "t", "issues": issues,
            "parties": {"a": {"weights": weights, "values": a}, "b": {"weights": weights, "values": b}}}


def ranking(n: int) -> dict:
    opts = [f"o{i}" for i in range(n)]
    return _two({"x": {"options": opts}}, {"x": {"ranking": opts}}, {"x": {"ranking": opts[::-1]}})


def issues(n: int) -> dict:
    names = [f"i{j}" for j in range(n)]
    return _two({k: {"options": ["a", "b"]} for k in names}, {k: {"a": 1, "b": 0} for k in names},
                {k: {"a": 0, "b": 1} for k in names})


def misspelt(n: int) -> dict:
    opts = [f"o{i}" for i in range(n)]
    return _two({"x": {"options": opts}}, {"x": {f"p{i}": 0.5 for i in range(n)}},
                {"x": {"ranking": opts}})


def genius(n: int) -> str:
    items = "".join(f'<item index="{i + 1}" value="v{i}"/>' for i in range(n))
    return (f'<negotiation_template><utility_space><objective index="0" name="r">'
            f'<issue name="a" index="1" type="discrete">{items}</issue></objective>'
            f'</utility_space></negotiation_template>')


def cpu(f) -> float:
    t = time.process_time()
    try:
        f()
    except ScenarioError:
        pass
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    args = ap.parse_args()
    cases = [("ranking of N options", ranking, 5_000), ("N issues", issues, 1_250),
             ("N misspelt options", misspelt, 750), ("GENIUS domain of N items", genius, 12_500)]
    print(machine())
    print(f"{'file':<26} {'N':>8} {'YAML s':>8} {'checks s':>9} {'total s':>8}  ratio")
    with tempfile.TemporaryDirectory() as tmp:
        for label, make, base in cases:
            totals = []
            for n in (int(base * args.scale), int(4 * base * args.scale)):
                content = make(n)
                path = Path(tmp) / ("d.xml" if isinstance(content, str) else "s.yaml")
                path.write_text(content if isinstance(content, str) else json.dumps(content))
                if isinstance(content, str):
                    parse, total = 0.0, cpu(lambda p=path: domain_of(read_xml(p), str(p)))
                else:
                    parse = cpu(lambda p=path: read_document(p))
                    total = cpu(lambda p=path: load(p))
                ratio = f"{total / totals[0]:.1f}" if totals else ""
                totals.append(total)
                print(f"{label:<26} {n:>8,} {parse:>8.2f} {total - parse:>9.2f} {total:>8.2f}  {ratio}")


if __name__ == "__main__":
    main()
