"""Data flows one way: no module of ``sim/`` imports one above it (docs/architecture.md).

The layer order is read from the tables of ``docs/architecture.md`` (each row's
first cell names one module, ``sim/x.py``, or one package, ``sim/x/``; rows in
document order, top first), so the document and the code cannot drift. Every
import of every ``sim/**/*.py`` counts: at module level, inside a function and
under ``if TYPE_CHECKING:`` alike (an import hidden from Python is not hidden
from a reader). A module may import its own row (the modules of one package
import each other) and any row above it; never a row below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
SIM = ROOT / "sim"

#: A table row whose first cell names modules or packages of sim/: | `sim/x.py` | ... |
ROW = re.compile(r"^\|\s*((?:`sim/[^`]*`[,\s]*)+)\|")


def layers(doc: Path = DOC) -> list[str]:
    """The rows of the document's tables, top first, as dotted names (``sim.space``,
    ``sim.frontier``); a cell naming several modules gives them one layer each in
    that order."""
    out: list[str] = []
    for line in doc.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            for path in re.findall(r"`(sim/[^`]*)`", m.group(1)):
                out.append(path.rstrip("/").removesuffix(".py").replace("/", "."))
    return out


def module_name(path: Path, root: Path = ROOT) -> str:
    """Dotted name of a source file: sim/explain/rows.py -> sim.explain.rows."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, dotted name) of every sim module ``path`` imports, wherever the import
    stands; ``from . import x`` names ``x`` when it is a module."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "sim"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "sim":
                continue
            for a in node.names:  # `from .x import y`: y may itself be a module
                sub = f"{target}.{a.name}"
                is_module = (root / Path(*sub.split("."))).is_dir() or \
                    (root / Path(*sub.split("."))).with_suffix(".py").is_file()
                out.append((node.lineno, sub if is_module else target))
    return out


def layer_of(name: str, order: list[str]) -> int | None:
    """Index of the row holding ``name`` (the longest row that is ``name`` or a
    package above it), or None."""
    best = None
    for i, row in enumerate(order):
        if (name == row or name.startswith(row + ".")) and (best is None or len(row) > len(order[best])):
            best = i
    return best


def upward(root: Path = ROOT, doc: Path | None = None) -> list[tuple[str, int, str]]:
    """(module, line, imported) of every import of a module below in the order."""
    order = layers(doc or root / "docs" / "architecture.md")
    out = []
    for path in sorted((root / "sim").rglob("*.py")):
        name = module_name(path, root)
        here = layer_of(name, order)
        if here is None or name == "sim":
            continue
        for line, target in imports(path, root):
            there = layer_of(target, order)
            if target != "sim" and there is not None and there > here:
                out.append((name, line, target))
    return sorted(set(out))


def test_every_module_of_sim_has_a_row():
    order = layers()
    missing = [module_name(p) for p in sorted(SIM.rglob("*.py"))
               if module_name(p) != "sim" and layer_of(module_name(p), order) is None]
    assert not missing, f"modules without a row in {DOC.name}'s tables: {missing}"


def test_no_module_imports_one_above_it():
    bad = upward()
    assert not bad, "imports of a module below in docs/architecture.md's order:\n" + "\n".join(
        f"  {m}:{line} imports {t}" for m, line, t in bad)


def test_the_order_is_read_from_the_document():
    order = layers()
    assert order[0] == "sim.errors" or order[0] == "sim.precision"
    assert order.index("sim.results") < order.index("sim.kernel") < order.index("sim.selection") \
        < order.index("sim.analysis") < order.index("sim.report") < order.index("sim.cli")


def nine_decimal_roundings(path: Path) -> list[int]:
    """Lines of ``path`` that spell the 9-decimal rounding themselves: a call
    ``round(x, 9)`` / ``np.round(x, 9)`` or a constant ``... = 9`` named DECIMALS."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and len(node.args) == 2 and \
                isinstance(node.args[1], ast.Constant) and node.args[1].value == 9 and \
                getattr(node.func, "attr", getattr(node.func, "id", None)) in ("round", "around"):
            lines.append(node.lineno)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and \
                node.value.value == 9 and any(getattr(t, "id", "") == "DECIMALS" for t in node.targets):
            lines.append(node.lineno)
    return lines


def test_the_rounding_rule_has_one_home():
    """SPEC 3's 9-decimal rounding is written in sim/precision.py only (issue 17)."""
    found = {module_name(p): lines for p in sorted(SIM.rglob("*.py"))
             if p != SIM / "precision.py" and (lines := nine_decimal_roundings(p))}
    assert not found, f"use sim.precision (round_utilities, rounded, DECIMALS) instead: {found}"
    assert nine_decimal_roundings(SIM / "precision.py")  # the check sees the home itself


def test_an_upward_import_is_found(tmp_path):
    """The check can fail: a kernel that imports the orchestrator inside a function,
    under TYPE_CHECKING and relatively, is caught at each place."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "architecture.md").write_text(
        "| module | holds |\n| --- | --- |\n| `sim/kernel.py` | k |\n| `sim/analysis.py` | a |\n")
    pkg = tmp_path / "sim"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "analysis.py").write_text("from .kernel import Kernel\n")
    (pkg / "kernel.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .analysis import Solver\n"
        "def f():\n    from . import analysis\n    import sim.analysis\n")
    assert upward(tmp_path) == [("sim.kernel", 3, "sim.analysis"), ("sim.kernel", 5, "sim.analysis"),
                                ("sim.kernel", 6, "sim.analysis")]


if __name__ == "__main__":  # pragma: no cover - the before/after count of the issue note
    import sys

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    found = upward(root)
    for m, line, t in found:
        print(f"{m}:{line} -> {t}")
    print(f"{len({m for m, _, _ in found})} modules import upward ({len(found)} imports)")
