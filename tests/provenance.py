"""Checks of quotes and sources shared by tests/test_istanbul.py and
tests/test_timeline.py: a quote is verbatim text of the article or of a fact of
``../shared/source/russia-ukraine-2025-2026.md`` (then the note names the fact
and one of its addresses), cut at sentence ends, never on an abbreviation."""

from __future__ import annotations

import re
from pathlib import Path

QUOTE = re.compile(r'"([^"]+)"')
ADDRESS = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s;]*")
ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.){2,}$")


def normalise(text: str) -> str:
    return " ".join(text.split())


def read_facts(shared: Path) -> dict[int, tuple[str, list[str]]]:
    """Fact number -> (its text, whitespace normalised; its addresses)."""
    text = (shared / "source" / "russia-ukraine-2025-2026.md").read_text(encoding="utf-8")
    parts = re.split(r"^(\d+)\. ", text, flags=re.MULTILINE)
    return {int(n): (normalise(body), ADDRESS.findall(body)) for n, body in zip(parts[1::2], parts[2::2])}


def quote_problems(where: str, note: str, quote: str, article: str, facts) -> list[str]:
    """Why ``quote`` (from ``note``) is not properly sourced, if it is not."""
    q = normalise(quote)
    if q in article:
        return []
    found = [n for n, (text, _) in facts.items() if q in text]
    if not found:
        return [f"{where}: in neither the article nor the facts: {quote!r}"]
    for n in found:
        if re.search(rf"\bfact {n}\b", note) and any(a in note for a in facts[n][1]):
            return []
    return [f"{where}: quotes fact {found[0]} but does not name it with one of its addresses"]


def note_problems(notes: list[tuple[str, str]], article: str, facts) -> list[str]:
    """Every note: quotes sourced (see :func:`quote_problems`), or 'modelling assumption'."""
    bad = []
    for where, note in notes:
        quotes = QUOTE.findall(note)
        if not quotes and "modelling assumption" not in note.lower():
            bad.append(f"{where}: neither a quote nor a modelling assumption")
        for q in quotes:
            bad += quote_problems(where, note, q, article, facts)
    return bad


def whole_sentences(quote: str, text: str) -> bool:
    """Whether ``quote`` starts and ends at sentence boundaries of ``text``."""
    start = text.find(quote)
    end = start + len(quote)
    before_ok = start == 0 or text[:start].rstrip()[-1:] in ".?!’”"
    after_ok = end == len(text) or text[end] == " "
    return before_ok and after_ok and quote[-1] in ".?!’”" and not ABBREVIATION_END.search(quote)


def cut_quotes(sources: list[tuple[str, str]], notes: list[tuple[str, str]], article: str) -> list[str]:
    """Where a ``source:`` from the article is not whole sentences, or a quoted
    note ends on an abbreviation (issue 20: 'former U.S.' was cut there)."""
    text = normalise(article)
    bad = [w for w, s in sources if normalise(s) in text and not whole_sentences(normalise(s), text)]
    return bad + [f"{w}: {q!r}" for w, note in notes for q in QUOTE.findall(note)
                  if ABBREVIATION_END.search(q.strip())]
