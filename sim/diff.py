"""What changed between two scenarios, and what that did (``negsim diff A B``).

:func:`scenario_diff` compares the two validated documents (uncertain numbers
at their central values, SPEC section 2): issues and their options added or
removed, parties added or removed, red lines added or removed per party
(compared as written, key order aside), pressures added, removed or changed
field by field, and every other number or setting that differs, by dotted
path (``parties.russia.weights.nato``; weights as written, before
normalisation). Text (``description``, ``source``, ``provenance`` ...) is
ignored. :func:`result_diff` compares the two analyses: outcome space, ZOPA,
Pareto frontier, disagreement point, the red lines that keep an empty ZOPA
closed, and each solution's package and utilities (with every pressure, as
``negsim run`` reports them).
"""

from __future__ import annotations

import json
from typing import Any

from .analysis import Analysis
from .explain.red_lines import minimal_red_line_sets
from .result_json import result_json
from .scenario import Scenario

#: Keys holding prose, not model: never compared.
TEXT_KEYS = frozenset({"name", "date", "description", "source", "sources", "label", "provenance"})
#: Parts of the document compared by their own rules, not leaf by leaf.
SPECIAL = (("issues",), ("pressures",))

Leaf = tuple[str, Any]


def _canon(value: Any) -> str:
    """A condition or value as one comparable string (key order aside)."""
    return json.dumps(value, sort_keys=True, default=str)


def _leaves(node: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    """Dotted path -> leaf value, skipping prose, red lines and the special parts."""
    if path in SPECIAL or (len(path) == 3 and path[0] == "parties" and path[2] == "red_lines"):
        return {}
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for k, v in node.items():
            if str(k) not in TEXT_KEYS:
                out.update(_leaves(v, path + (str(k),)))
        return out
    if isinstance(node, list) and any(isinstance(v, (dict, list)) for v in node):
        out = {}
        for k, v in enumerate(node):
            out.update(_leaves(v, path + (str(k),)))
        return out
    return {".".join(path): node}


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _changes(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """``{path, a, b}`` for every leaf that differs (None where a side lacks it)."""
    keys = list(dict.fromkeys([*a, *b]))
    return [{"path": k, "a": a.get(k), "b": b.get(k)} for k in keys
            if _canon(a.get(k)) != _canon(b.get(k))]


def _added_removed(a: list[Any], b: list[Any]) -> dict[str, list[Any]]:
    ca, cb = [_canon(x) for x in a], [_canon(x) for x in b]
    return {"added": [x for x, c in zip(b, cb) if c not in ca],
            "removed": [x for x, c in zip(a, ca) if c not in cb]}


def scenario_diff(a: Scenario, b: Scenario) -> dict[str, Any]:
    """The changes from ``a`` to ``b`` in the model (see the module docstring)."""
    da, db = a.document, b.document
    ia, ib = da.get("issues", {}), db.get("issues", {})
    issues: dict[str, Any] = {"added": [n for n in ib if n not in ia],
                              "removed": [n for n in ia if n not in ib], "changed": {}}
    for name in (n for n in ia if n in ib):
        change = _added_removed(ia[name].get("options") or [], ib[name].get("options") or [])
        change = {k: v for k, v in change.items() if v}
        if _canon(ia[name].get("range")) != _canon(ib[name].get("range")):
            change["range"] = [ia[name].get("range"), ib[name].get("range")]
        if change:
            issues["changed"][name] = change
    pa, pb = da.get("parties", {}), db.get("parties", {})
    red_lines = {}
    for party in dict.fromkeys([*pa, *pb]):
        change = _added_removed(pa.get(party, {}).get("red_lines", []),
                                pb.get(party, {}).get("red_lines", []))
        if change["added"] or change["removed"]:
            red_lines[party] = change
    qa, qb = da.get("pressures", {}), db.get("pressures", {})
    pressures: dict[str, Any] = {"added": [n for n in qb if n not in qa],
                                 "removed": [n for n in qa if n not in qb], "changed": {}}
    for name in (n for n in qa if n in qb):
        fields = _changes(_leaves(qa[name]), _leaves(qb[name]))
        if fields:
            pressures["changed"][name] = fields
    leaves = _changes(_leaves(da), _leaves(db))
    return {
        "issues": issues,
        "parties": {"added": [n for n in pb if n not in pa], "removed": [n for n in pa if n not in pb]},
        "red_lines": red_lines,
        "pressures": pressures,
        "numbers": [c for c in leaves if _is_number(c["a"]) or _is_number(c["b"])],
        "settings": [c for c in leaves if not (_is_number(c["a"]) or _is_number(c["b"]))],
    }


def _pair(a: Any, b: Any) -> list[Any]:
    return [a, b]


def blocking_sets(analysis: Analysis) -> list[list[str]]:
    """Where the ZOPA is empty, the minimal sets of veto red lines whose removal
    opens it (SPEC 10, ``counterfactuals.red_lines``), each line as
    ``party.red_lines.K``; ``[]`` when the ZOPA exists."""
    if analysis.result.zopa_exists:
        return []
    solver = analysis.solver_of()
    return [[f"{party}.red_lines.{k}" for party, k in group]
            for group in minimal_red_line_sets(solver, solver.scenario.pressures)]


def result_diff(a: Analysis, b: Analysis) -> dict[str, Any]:
    """What the changes did: sizes, disagreement and solutions of ``a`` and ``b``."""
    ra, rb = result_json(a, a.result), result_json(b, b.result)
    parties = list(dict.fromkeys([*ra["disagreement"], *rb["disagreement"]]))
    solutions = {}
    for concept in dict.fromkeys([*ra["solutions"], *rb["solutions"]]):
        sa, sb = ra["solutions"].get(concept), rb["solutions"].get(concept)
        oa, ob = (sa or {}).get("outcome") or {}, (sb or {}).get("outcome") or {}
        ua, ub = (sa or {}).get("utilities", {}), (sb or {}).get("utilities", {})
        solutions[concept] = {
            "a": None if sa is None else oa, "b": None if sb is None else ob,
            "changed": {i: _pair(oa.get(i), ob.get(i)) for i in dict.fromkeys([*oa, *ob])
                        if _canon(oa.get(i)) != _canon(ob.get(i))} if sa and sb else {},
            "utilities": {p: _pair(ua.get(p), ub.get(p)) for p in parties},
        }
    return {
        "outcome_space": _pair(a.space.size, b.space.size),
        "zopa": _pair(ra["zopa"], rb["zopa"]),
        "pareto": _pair(ra["pareto"]["size"], rb["pareto"]["size"]),
        "disagreement": {p: _pair(ra["disagreement"].get(p), rb["disagreement"].get(p)) for p in parties},
        "blocking": _pair(blocking_sets(a), blocking_sets(b)),
        "solutions": solutions,
    }


def diff(a: Analysis, b: Analysis) -> dict[str, Any]:
    """The whole diff: ``{"a", "b", "changes", "effects"}`` (the JSON of ``negsim diff``)."""
    def who(x: Analysis) -> dict[str, Any]:
        s = x.scenario
        return {"file": s.source, "scenario": s.name, "date": s.date.isoformat() if s.date else None}

    return {"a": who(a), "b": who(b), "changes": scenario_diff(a.scenario, b.scenario),
            "effects": result_diff(a, b)}


def _shown(x: Any) -> str:
    if x is None:
        return "-"
    return f"{x:.4g}" if _is_number(x) else str(x)


def _zopa(z: dict[str, Any]) -> str:
    return f"{z['size']:,} ({z['share']:.2%})" if z["exists"] else "empty"


def diff_text(d: dict[str, Any]) -> str:
    """The diff for a reader: the changes, then their effects."""
    c, e = d["changes"], d["effects"]
    head = lambda x: f"{x['file']}" + (f" ({x['date']})" if x["date"] else "")
    out = [f"from {head(d['a'])}", f"  to {head(d['b'])}", "", "What changed"]
    iss = c["issues"]
    for sign, key in (("+", "added"), ("-", "removed")):
        out += [f"  issue {sign} {n}" for n in iss[key]]
    for name, ch in iss["changed"].items():
        parts = [f"options + {', '.join(map(str, ch['added']))}"] if ch.get("added") else []
        parts += [f"options - {', '.join(map(str, ch['removed']))}"] if ch.get("removed") else []
        parts += [f"range {ch['range'][0]} -> {ch['range'][1]}"] if "range" in ch else []
        out.append(f"  issue ~ {name}: " + "; ".join(parts))
    for sign, key in (("+", "added"), ("-", "removed")):
        out += [f"  party {sign} {n}" for n in c["parties"][key]]
    for party, ch in c["red_lines"].items():
        out += [f"  red line + {party}: {_canon(x)}" for x in ch["added"]]
        out += [f"  red line - {party}: {_canon(x)}" for x in ch["removed"]]
    for sign, key in (("+", "added"), ("-", "removed")):
        out += [f"  pressure {sign} {n}" for n in c["pressures"][key]]
    for name, changes in c["pressures"]["changed"].items():
        out += [f"  pressure ~ {name}.{x['path']}: {_shown(x['a'])} -> {_shown(x['b'])}" for x in changes]
    for x in c["numbers"] + c["settings"]:
        out.append(f"  {x['path']}: {_shown(x['a'])} -> {_shown(x['b'])}")
    if len(out) == 4:
        out.append("  nothing in the model")
    out += ["", "What it did",
            f"  outcome space  {e['outcome_space'][0]:,} -> {e['outcome_space'][1]:,}",
            f"  ZOPA           {_zopa(e['zopa'][0])} -> {_zopa(e['zopa'][1])}",
            f"  Pareto         {e['pareto'][0]} -> {e['pareto'][1]}"]
    out += [f"  disagreement   {p}: {_shown(a)} -> {_shown(b)}" for p, (a, b) in e["disagreement"].items()
            if a != b]
    if e["blocking"] != [[], []]:
        out += ["  red lines to drop for a ZOPA (any one set):"] + [
            f"    {label}: " + (" | ".join(" + ".join(g) for g in side) or "none needed")
            for label, side in zip(("before", "after "), e["blocking"])]
    for concept, s in e["solutions"].items():
        if s["a"] is None or s["b"] is None:
            state = lambda x: "no deal" if x is None else "a deal"
            out.append(f"  {concept}: {state(s['a'])} -> {state(s['b'])}")
            if s["b"] is not None:
                out += [f"    {i} = {v}" for i, v in s["b"].items()]
            continue
        moved = ", ".join(f"{i}: {_shown(a)} -> {_shown(b)}" for i, (a, b) in s["changed"].items())
        out.append(f"  {concept}: {moved or 'same package'}")
        out.append("    utilities " + ", ".join(f"{p} {_shown(a)} -> {_shown(b)}"
                                                for p, (a, b) in s["utilities"].items()
                                                if a is not None or b is not None))
    return "\n".join(out)
