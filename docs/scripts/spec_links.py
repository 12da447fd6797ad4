"""Keep the docs self-contained: the contract in ``docs/spec.md``, every "SPEC section N"
a link into it.

The contract (``SPEC.md``) lives beside the repository, where a clone does not
have it; ``docs/spec.md`` is a verbatim copy under a short header, and every
mention of a numbered section in ``README.md`` and ``docs/*.md`` ("SPEC section
3", "SPEC 7", "SPEC sections 2 and 4") links to that section there. Run from
the repository root:

    .venv/bin/python docs/scripts/spec_links.py [PATH_TO_SPEC.md]   # (re)write
    .venv/bin/python docs/scripts/spec_links.py --check             # exit 1 if stale

``tests/test_docs.py`` runs the check.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
COPY = DOCS / "spec.md"
HEADER = ("<!-- A verbatim copy of the project's contract, SPEC.md, so that a clone has it; "
          "refresh it with docs/scripts/spec_links.py. -->\n\n")
#: "SPEC section 3", "SPEC sections 2 and 4", "SPEC 10" (not already inside a link).
MENTION = re.compile(r"(?<!\[)SPEC (sections?) (\d+)(?: and (\d+))?|(?<!\[)SPEC (\d+)\b")


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: ``2. Scenario file (YAML)`` -> ``2-scenario-file-yaml``."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(spec: str) -> dict[str, str]:
    """Section number -> anchor, from the ``## N. Title`` headings."""
    return {m.group(1): slug(m.group(0)[3:]) for m in
            re.finditer(r"^## (\d+)\. .*$", spec, flags=re.MULTILINE)}


def linked(text: str, target: str, where: dict[str, str]) -> str:
    """``text`` with every unlinked section mention made a link (code blocks untouched)."""
    def link(n: str, shown: str) -> str:
        return f"[{shown}]({target}#{where[n]})" if n in where else shown

    def one(m: re.Match) -> str:
        if m.group(4):
            return link(m.group(4), f"SPEC {m.group(4)}")
        first = link(m.group(2), f"SPEC {m.group(1)} {m.group(2)}")
        return first + (f" and {link(m.group(3), m.group(3))}" if m.group(3) else "")

    parts = re.split(r"(^```.*?^```)", text, flags=re.MULTILINE | re.DOTALL)
    return "".join(p if p.startswith("```") else MENTION.sub(one, p) for p in parts)


def outputs(spec: str) -> dict[Path, str]:
    """Every file as it should read."""
    where = anchors(spec)
    out = {COPY: HEADER + spec}
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        if path != COPY:
            out[path] = linked(path.read_text(), "docs/spec.md" if path.parent == ROOT
                               else "spec.md", where)
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    given = [a for a in argv if a != "--check"]
    source = Path(given[0]) if given else ROOT.parent / "shared" / "SPEC.md"
    spec = source.read_text() if source.is_file() else COPY.read_text().removeprefix(HEADER)
    stale = [p for p, text in outputs(spec).items() if not p.is_file() or p.read_text() != text]
    if check:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)} (run docs/scripts/spec_links.py)")
        return 1 if stale else 0
    for p, text in outputs(spec).items():
        if p in stale:
            p.write_text(text)
            print(f"written: {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
