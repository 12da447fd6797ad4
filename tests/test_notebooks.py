"""The notebooks run top to bottom, and the API reference's examples hold.

Every ``notebooks/*.ipynb`` is executed with nbclient in a fresh kernel, with
``notebooks/`` as the working directory (so ``../scenarios/...`` resolves as it
does for a reader); a failing cell fails the test. The ``pycon`` blocks of
``docs/api.md`` run in order as one doctest session from the repository root.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
API = ROOT / "docs" / "api.md"
#: Seconds any one cell may take (a guard against a hung kernel, not a timing test).
CELL_TIMEOUT = 300


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    assert any(c.cell_type == "markdown" for c in nb.cells), "a notebook tells its story in prose"
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError naming the failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements}


def _notebook_imports() -> set[str]:
    import nbformat

    found = set()
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found |= set(re.findall(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", cell.source,
                                        flags=re.MULTILINE))
    return found


def test_the_notebooks_extra_opens_the_notebooks() -> None:
    """``make notebooks`` installs the ``notebooks`` extra and starts JupyterLab on
    notebooks/; the extra (with the project's dependencies) provides a Jupyter
    front-end, a kernel, and every package a notebook imports."""
    import shutil
    import subprocess
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = _requirement_names(project["optional-dependencies"]["notebooks"])
    assert {"jupyterlab", "ipykernel", "ipywidgets"} <= extra
    provided = extra | _requirement_names(project["dependencies"]) | {"negsim"}
    dists = packages_distributions()
    for module in sorted(_notebook_imports()):
        if module in sys.stdlib_module_names or module == "sim":
            continue
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        assert names & provided, f"a notebook imports {module}, which nothing installs"
    if shutil.which("make") is None:
        pytest.skip("make is not installed: the Makefile's target is not checked")
    dry = subprocess.run(["make", "--no-print-directory", "-n", "notebooks"], cwd=ROOT,
                         capture_output=True, text=True,
                         check=False)
    assert dry.returncode == 0, dry.stderr
    assert "pip install --quiet -e '.[notebooks]'" in dry.stdout
    assert dry.stdout.rstrip().endswith("jupyter lab notebooks/")


def api_examples(text: str) -> str:
    """The ``pycon`` blocks of a markdown page, joined into one doctest text."""
    return "\n".join(re.findall(r"^```pycon\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE))


def test_api_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = api_examples(API.read_text())
    assert text.count(">>>") >= 20
    test = doctest.DocTestParser().get_doctest(text, {}, str(API), str(API), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/api.md failed"
