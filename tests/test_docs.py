"""The documentation stands on its own in a clone (issue 16 item 21): the contract
is in docs/spec.md (a verbatim copy of ../shared/SPEC.md, kept so by
docs/scripts/spec_links.py), every "SPEC section N" links into it, no page points
at ../shared, and every relative link of README.md and docs/*.md resolves."""

from __future__ import annotations

import re
import subprocess
import sys

from sim.cli import main

from .conftest import ROOT, SHARED, unavailable

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _prose(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


def test_the_spec_copy_and_its_links_are_current():
    script = ROOT / "docs" / "scripts" / "spec_links.py"
    args = [sys.executable, str(script), "--check"]
    spec = SHARED / "SPEC.md"
    if spec.is_file():
        args.insert(2, str(spec))
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    if not spec.is_file():  # the links were checked, the copy could not be
        unavailable(f"{spec} is missing: docs/spec.md was not compared with it")


def test_no_page_cites_what_a_clone_lacks():
    """Third-party data sets (``../shared/data/``) are the one exception: their
    README forbids copying them into the project, so pages name them there."""
    for page in PAGES + sorted((ROOT / "docs").glob("*/*.yaml")):  # and the proposals
        text = page.read_text().replace("../shared/data/", "")
        assert "../shared" not in text, page.name
        if page.suffix == ".md" and page.name != "spec.md":
            # a numbered section of the contract is always a link into docs/spec.md
            assert not re.search(r"(?<!\[)SPEC (sections? )?\d", _prose(text)), page.name


def test_every_relative_link_resolves():
    anchors = {re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
               for m in re.finditer(r"^#+ (.*)$", (ROOT / "docs" / "spec.md").read_text(),
                                    flags=re.MULTILINE)}
    for page in PAGES:
        for target in LINK.findall(_prose(page.read_text())):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path, _, anchor = target.partition("#")
            assert (page.parent / path).exists(), f"{page.name} links to missing {target}"
            if path.endswith("spec.md") and anchor:
                assert anchor in anchors, f"{page.name}: no section #{anchor} in spec.md"


def test_the_genius_examples_of_the_docs_run(capsys):
    for folder in ("EnglandZimbabwe", "Laptop", "ItexvsCypress"):
        assert main(["run", str(ROOT / "scenarios" / "genius" / folder), "--json"]) == 0
    assert '"scenario": "ItexvsCypress"' in capsys.readouterr().out
