"""The one-file HTML report: the parts of a computed analysis laid out for reading.

:func:`render` only lays out what it is given (the JSON report of SPEC
section 5, the explanation, the threat games, the figures as SVG, the text
report, the provenance notes); it solves nothing. Everything is inline: the
style sheet, the figures (SVG elements), no script, no link to the network, so
the file opens from disk and prints to PDF with every part expanded (the
print style sheet drops the navigation and keeps tables and figures whole).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from .provenance import Note

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
  max-width:980px;padding:1.5em;color:#1b1b1b}
h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;
  margin-top:1.6em} h3{margin-bottom:.3em}
table{border-collapse:collapse;margin:.5em 0 1em} th,td{border:1px solid #d0d0d0;
  padding:.25em .6em;text-align:left;vertical-align:top;overflow-wrap:anywhere} th{background:#f3f3f3}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.changed{color:#c0392b;font-weight:600} .muted{color:#666} .note{font-size:.9em}
nav{background:#f7f7f7;padding:.5em 1em;border-radius:4px} nav a{margin-right:1em}
figure{margin:1em 0} figure svg{max-width:100%;height:auto}
pre{white-space:pre-wrap;background:#f7f7f7;padding:1em;font-size:.85em}
footer{margin-top:2em;font-size:.85em;color:#555;border-top:1px solid #ccc;padding-top:.5em}
@media print{nav{display:none} body{max-width:none;padding:0;font-size:11pt}
  h2{break-after:avoid} table,figure,pre{break-inside:avoid}
  figure svg{max-height:24cm} a{color:inherit;text-decoration:none}}
"""


@dataclass(frozen=True)
class ReportParts:
    """What the page shows, each computed before (see :func:`sim.htmlreport.compose`)."""

    report: dict[str, Any]
    text: str
    why: list[str]
    games: dict[str, Any]
    figures: dict[str, str]
    provenance: dict[str, list[Note]]
    scenario: dict[str, Any]
    input_sha256: str
    version: str
    robustness: dict[str, Any] = field(default_factory=dict)
    held: list[str] = field(default_factory=list)


def _e(x: Any) -> str:
    return escape(str(x))


def _num(x: Any) -> str:
    return f"{x:.4g}" if isinstance(x, float) else _e(x)


def _table(header: list[str] | None, rows: list[list[Any]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header or [])
    head = f"<thead><tr>{head}</tr></thead>" if head else ""
    body = "".join(
        "<tr>" + "".join(
            f'<td class="num">{_num(c)}</td>' if k >= numeric_from and isinstance(c, (int, float))
            else f"<td>{c if isinstance(c, Raw) else _e(c)}</td>" for k, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table>{head}<tbody>{body}</tbody></table>"


class Raw(str):
    """Table cell content that is already HTML."""


def _summary(r: dict[str, Any]) -> str:
    zopa = r["zopa"]
    size = f"{zopa['size']:,}" + (" (estimated)" if zopa.get("estimate") else "")
    rows = [
        ["Outcome space", f"{r['outcome_space']['size']:,} outcomes"],
        ["Veto parties", ", ".join(r["veto_parties"])],
        ["Disagreement point", ", ".join(f"{p} {_num(v)}" for p, v in r["disagreement"].items())],
        ["ZOPA", f"{size} outcomes, {zopa['share']:.2%} of the space" if zopa["exists"]
         else "empty: no outcome every veto party accepts"],
        ["Pareto frontier", f"{r['pareto']['size']:,} distinct utility vectors"],
    ]
    return _table(None, rows, numeric_from=9)


def _solutions(r: dict[str, Any], issues: list[str]) -> str:
    concepts = list(r["solutions"])
    rows = []
    for issue in issues:
        row: list[Any] = [issue]
        for c in concepts:
            sol = r["solutions"][c]
            row.append("no deal" if sol is None else _outcome_text(sol, issue))
        rows.append(row)
    for party in r["disagreement"]:
        rows.append([Raw(f"<em>utility of {_e(party)}</em>")] + [
            "" if r["solutions"][c] is None else r["solutions"][c]["utilities"][party]
            for c in concepts])
    return _table(["issue"] + concepts, rows)


def _outcome_text(sol: dict[str, Any], issue: str) -> str:
    if "outcome" in sol:
        return str(sol["outcome"][issue])
    return "; ".join(f"{x['outcome'][issue]} ({x['probability']:.3g})" for x in sol["lottery"])


def _pressures(r: dict[str, Any], issues: list[str]) -> str:
    out = []
    for name, p in r["pressures"].items():
        w = p["without"]
        out.append(f"<h3>{_e(name)} <span class='muted'>(credibility {_num(p['credibility'])})</span></h3>")
        rows = [["disagreement " + party, w["disagreement"][party], r["disagreement"][party]]
                for party in r["disagreement"] if w["disagreement"][party] != r["disagreement"][party]]
        rows.append(["ZOPA size", w["zopa"]["size"], r["zopa"]["size"]])
        for c, sol in r["solutions"].items():
            before = w["solutions"].get(c)
            for issue in issues:
                a = "no deal" if sol is None else _outcome_text(sol, issue)
                b = "no deal" if before is None else _outcome_text(before, issue)
                if a != b:
                    rows.append([f"{c}: {issue}", b, Raw(f"<span class='changed'>{_e(a)}</span>")])
        out.append(_table(["", "without it", "with it"], rows))
    return "".join(out) or "<p>The scenario has no pressures.</p>"


def _mixed(strategy: dict[str, float]) -> str:
    pure = [s for s, p in strategy.items() if p == 1]
    return pure[0] if pure else ", ".join(f"{s} {p:.3g}" for s, p in strategy.items() if p)


def _game(name: str, g: dict[str, Any]) -> str:
    row_p, col_p = g["players"]
    header = [f"{row_p} \\ {col_p}"] + list(g["strategies"][col_p])
    rows = [[s] + [f"{_num(g['payoffs'][row_p][i][j])}, {_num(g['payoffs'][col_p][i][j])}"
                   for j in range(len(g["strategies"][col_p]))]
            for i, s in enumerate(g["strategies"][row_p])]
    eq = "".join(f"<li>{_e(row_p)}: {_e(_mixed(e['strategies'][row_p]))}; {_e(col_p)}: "
                 f"{_e(_mixed(e['strategies'][col_p]))} (payoffs "
                 f"{', '.join(_num(v) for v in e['payoffs'].values())})</li>" for e in g["equilibria"])
    spe = g.get("subgame_perfect")
    spe_text = (f"<p>Subgame perfect: {_e(row_p)} {_e(_mixed(spe['strategies'][row_p]))}; "
                f"{_e(col_p)} {_e(_mixed(spe['strategies'][col_p]))}.</p>" if spe else "")
    return (f"<h3>{_e(name)}</h3><p class='muted'>payoffs: {_e(row_p)} (rows, first), "
            f"{_e(col_p)} (columns, second)</p>{_table(header, rows)}"
            f"<p>Extreme equilibria:</p><ul>{eq}</ul>{spe_text}")


def _games(games: dict[str, Any]) -> str:
    parts = [_game(f"Threat game of {n}", e["game"]) for n, e in games.get("pressures", {}).items()]
    parts += [_game(n, g) for n, g in games.get("games", {}).items()]
    return "".join(parts) or "<p>No games: the scenario has no games and no pressures.</p>"


def _robustness(robustness: dict[str, Any], held: list[str], r: dict[str, Any]) -> str:
    """The robustness block (:mod:`sim.explain.robustness`: how far the numbers may move
    before a solution changes), per concept: each veto party's disagreement interval
    that keeps the outcome, the single weights whose smallest relative change moves it
    (and to what), and the near-optimal set. Without details, the "Holds while" lines."""
    if not robustness:
        lines = [line.strip() for line in held if line.strip() != "Holds while"]
        return "".join(f"<p>{_e(line)}</p>" for line in lines) or \
            "<p class='muted'>Not computed for this report.</p>"
    out = []
    for concept, entry in robustness.items():
        if entry is None:
            continue
        out.append(f"<h3>{_e(concept)}</h3>")
        try:
            out.append(_robust_tables(entry, r["solutions"].get(concept) or {}))
        except (AttributeError, KeyError, TypeError, ValueError):  # a shape this page does not know
            out.append(_nested(entry))
    return "".join(out)


def _bound(x: Any) -> str:
    return "no bound" if x is None else _num(float(x))


def _robust_tables(entry: dict[str, Any], solution: dict[str, Any]) -> str:
    rows = [[party, e["value"], _bound(e["interval"][0]), _bound(e["interval"][1])]
            for party, e in entry["disagreement"].items()]
    out = [("<p>The outcome stays the same while each veto party's disagreement value "
            "stays within:</p>"), _table(["party", "disagreement", "from", "to"], rows)]
    now = solution.get("outcome") or {}
    flips = [[w["party"], w["issue"], f"{w['change']:+.2%}",
              "; ".join(f"{k}: {now.get(k, '?')} \u2192 {v}" for k, v in (w.get("outcome") or {}).items()
                        if now.get(k) != v) or "-"] for w in entry["weights"]]
    if flips:
        out += ["<p>The single weights whose smallest relative change moves the outcome:</p>",
                _table(["party", "issue", "change", "the outcome then"], flips, numeric_from=9)]
    else:
        out.append("<p>No single weight moves the outcome.</p>")
    near = entry["near_optimal"]
    out.append(f"<p>Near-optimal: {near['count']} outcome(s) of the ZOPA within "
               f"{near['within']:.0%} of the best objective"
               + (f", differing on {_e(', '.join(near['varying']))}.</p>" if near["varying"]
                  else ".</p>"))
    return "".join(out)


def _nested(value: Any) -> str:
    if isinstance(value, dict):
        return "<ul>" + "".join(f"<li><b>{_e(k)}</b>: {_nested(v)}</li>" for k, v in value.items()) + "</ul>"
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{_nested(v)}</li>" for v in value) + "</ul>" if value else "none"
    return _num(value)


def _provenance(notes: dict[str, list[Note]]) -> str:
    out = []
    for owner, items in notes.items():
        rows = [[n.path, n.value, Raw(f"<span class='note{' muted' if n.source == 'assumption' else ''}'>"
                                      f"{_e(n.source)}</span>")] for n in items]
        out.append(f"<h3>{_e(owner)}</h3>{_table(['number', 'value', 'source'], rows, numeric_from=9)}")
    return "".join(out)


def _sources(doc: dict[str, Any]) -> str:
    items = "".join(f"<li>{_e(s)}</li>" for s in doc.get("sources") or [])
    return f"<p>Sources:</p><ul>{items}</ul>" if items else ""


SECTIONS = [("summary", "Summary"), ("solutions", "Solutions"), ("figures", "Figures"),
            ("pressures", "Pressures"), ("games", "Threat games"), ("robustness", "Robustness"),
            ("why", "Why"), ("provenance", "Provenance"), ("text", "Text report")]


def render(parts: ReportParts) -> str:
    """The whole page (one string, UTF-8 HTML5)."""
    r, doc = parts.report, parts.scenario
    issues = list((doc.get("issues") or {}).keys())
    body = {
        "summary": _summary(r) + _sources(doc),
        "solutions": _solutions(r, issues),
        "figures": "".join(f"<figure>{svg}<figcaption>{_e(cap)}</figcaption></figure>"
                           for cap, svg in parts.figures.items()),
        "pressures": _pressures(r, issues),
        "games": _games(parts.games),
        "robustness": _robustness(parts.robustness, parts.held, r),
        "why": ("<ul>" + "".join(f"<li>{_e(s)}</li>" for s in parts.why) + "</ul>"
                if parts.why else "<p>Nothing to explain.</p>"),
        "provenance": ("<p>Every number of every party and pressure, with the note the scenario "
                       "gives for it (<code>provenance:</code>), or <em>assumption</em> where it "
                       "gives none.</p>" + _provenance(parts.provenance)),
        "text": f"<pre>{_e(parts.text)}</pre>",
    }
    nav = "".join(f'<a href="#{k}">{t}</a>' for k, t in SECTIONS)
    sections = "".join(f'<section id="{k}"><h2>{t}</h2>{body[k]}</section>' for k, t in SECTIONS)
    description = f"<p>{_e(doc['description'])}</p>" if doc.get("description") else ""
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_e(r['scenario'])}: negsim report</title><style>{STYLE}</style></head>"
            f"<body><h1>{_e(r['scenario'])}</h1>{description}<nav>{nav}</nav>{sections}"
            f"<footer>Input sha256 <code data-testid='sha256'>{_e(parts.input_sha256)}</code>; "
            f"negsim <span data-testid='version'>{_e(parts.version)}</span>.</footer>"
            f"</body></html>\n")
