"""Issue 16, items 1-9: bounds on memory, time and counts; bad input as located exit 2.

Each test reproduces one finding of the audit on an input just large enough to
show the bound (memory is measured with :mod:`tracemalloc`, work by counting
comparisons; nothing is timed), and failed before its fix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim import document, errors, schema, values
from sim.cli import main
from sim.genius.xmltree import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
CASE01 = ROOT.parent / "shared" / "conformance" / "case01.yaml"


def _scenario(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data))  # JSON is YAML
    return path


def _two_parties(issues: dict, values_a: dict, values_b: dict, **extra) -> dict:
    weights = {name: 1 for name in issues}
    return {"name": "t", "issues": issues, **extra,
            "parties": {"a": {"weights": weights, "values": values_a},
                        "b": {"weights": weights, "values": values_b}}}


# 1. GENIUS XML: an element's path is built only for a message ------------------------------

def test_xml_memory_does_not_grow_with_path_length_times_elements():
    """500 items under an issue with a 50 kB name: storing each item's path (which
    repeats the issue's name) took 25 MB; the tree now holds each name once."""
    name = "n" * 50_000
    items = "".join(f'<item index="{i}" value="v{i}"/>' for i in range(500))
    raw = (f'<negotiation_template><utility_space><objective name="r"><issue name="{name}" '
           f'type="discrete">{items}</issue></objective></utility_space></negotiation_template>')
    parse_bytes(b"<a/>", "warm.xml")  # the parser's own imports are not the tree's memory
    tracemalloc.start()
    try:
        root = parse_bytes(raw.encode(), "big.xml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000, f"{peak:,} bytes for a {len(raw):,}-byte file"
    item = root.children[0].children[0].children[0].children[7]
    assert item.path == f"negotiation_template/utility_space/objective/issue[@name={name}]/item[@value=v7]"
    assert item.problem("bad", "value").path.endswith("item[@value=v7]/@value")


# 2. Input reading: bounded, regular files or standard input only -------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(device, capsys):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    assert main(["validate", device]) == 2
    assert f"{device}: (document): is not a regular file" in capsys.readouterr().err


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    # before the fix, opening the FIFO waited forever for a writer (timeout: a hang guard)
    done = subprocess.run([sys.executable, "-m", "sim.cli", "validate", str(fifo)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2
    assert done.stderr.strip() == (f"{fifo}: (document): is not a regular file (a device, a pipe "
                                   "or a socket); give a scenario file, or pipe it into /dev/stdin")


def test_standard_input_is_read_up_to_the_cap_plus_one_byte():
    """An endless pipe into /dev/stdin: refused once one byte past the cap is read
    (the cap lowered to 1,000 bytes so that the test is small)."""
    code = ("import sim.document as d; d.MAX_BYTES = 1000; from sim.cli import main; "
            "raise SystemExit(main(['validate', '/dev/stdin']))")
    yes = subprocess.Popen(["yes", "a: 1"], stdout=subprocess.PIPE)
    try:
        done = subprocess.run([sys.executable, "-c", code], stdin=yes.stdout, capture_output=True,
                              text=True, timeout=120, cwd=ROOT, check=False,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        yes.kill()
        yes.wait()
    assert done.returncode == 2
    assert done.stderr.strip() == "/dev/stdin: (document): the file is larger than 1,000 bytes"


def test_standard_input_holds_a_scenario():
    if not CASE01.is_file():
        pytest.skip("../shared/conformance is not beside the checkout")
    with CASE01.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "sim.cli", "run", "/dev/stdin", "--json"],
                              stdin=stdin, capture_output=True, text=True, timeout=300, cwd=ROOT, check=False,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scenario"] == "conformance case 01"


def test_a_large_document_is_not_called_an_alias_bomb(monkeypatch):
    """Aliases may add at most MAX_EXPANDED_NODES nodes; a document that is merely large
    (a 50,000-option issue imported from GENIUS) is read."""
    monkeypatch.setattr(document, "MAX_EXPANDED_NODES", 100)
    plain = "options: [" + ", ".join(f"o{i}" for i in range(300)) + "]\n"
    assert len(document.parse_text(plain).data["options"]) == 300
    bomb = "a: &a [" + ", ".join(f"o{i}" for i in range(60)) + "]\nb: [*a, *a]\n"
    with pytest.raises(errors.ScenarioError, match="inflated by YAML aliases: they would add"):
        document.parse_text(bomb)


# 5. Validation in linear time; did-you-mean lists capped ---------------------------------

class _Counted(str):
    """A string that counts how often it is compared for equality."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _Counted.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_a_ranking_is_checked_in_linear_time():
    """Before: ``r in ranking[:k]`` and ``o not in ranking`` compared ~n^2 pairs."""
    n = 2_000
    options = tuple(_Counted(f"o{i}") for i in range(n))
    _Counted.compared = 0
    table, problems = values.parse_discrete({"ranking": list(reversed(options))}, options)
    assert problems == [] and table is not None
    assert _Counted.compared < 10 * n, _Counted.compared


def test_ranking_problems_are_still_reported():
    table, problems = values.parse_discrete({"ranking": ["b", "a", "b", "zz"]}, ("a", "b", "c"))
    assert table is None
    assert [m for _, m in problems] == [
        "unknown option 'zz' (one of: a, b, c)", "option 'b' is ranked twice",
        "must name every option once; missing: c"]


def test_hints_past_the_pool_do_not_run_difflib(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("difflib on a large pool")

    many = [f"option_{i}" for i in range(errors.HINT_CHOICES + 1)]
    assert errors.did_you_mean("wieghts", ["weights"]) == " (did you mean 'weights'?)"
    monkeypatch.setattr(errors.difflib, "get_close_matches", refuse)
    assert errors.did_you_mean("Option-7", many) == " (did you mean 'option_7'?)"
    assert errors.did_you_mean("optoin_7", many) == ""
    assert errors.unknown("option", "zz", many) == (
        "unknown option 'zz' (one of: option_0, option_1, option_2, option_3, option_4, "
        f"option_5, option_6, option_7, option_8, option_9, ... ({len(many)} in all))")


def test_thousands_of_misspelt_options_give_short_lines(tmp_path, capsys):
    """Each of 1,000 misspelt options listed all 1,000 options (2.3 MB for 3,000)."""
    n = 1_000
    options = [f"o{i}" for i in range(n)]
    path = _scenario(tmp_path / "s.yaml", _two_parties(
        {"x": {"options": options}},
        {"x": {f"p{i}": 0.5 for i in range(n)}}, {"x": {"ranking": options}}))
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == n + 1  # every misspelt key, and the options left without a value
    assert max(map(len, lines)) < 300
    assert lines[0].endswith("unknown option 'p0' (one of: o0, o1, o2, o3, o4, o5, o6, o7, o8, "
                             "o9, ... (1,000 in all))")


_paths = st.lists(st.sampled_from(["a", "b", "0", 0, "1"]), max_size=4).map(tuple)


@given(st.lists(_paths, max_size=6), _paths)
def test_broken_paths_answer_as_the_definitions_say(broken, path):
    """:class:`schema.Broken` against the definitions it replaces (a scan of every path)."""
    paths = schema.Broken(broken)
    key = tuple(map(str, path))
    assert paths.covers(path) == any(key[:len(b)] == tuple(map(str, b)) for b in broken)
    assert paths.under(path) == any(tuple(map(str, b))[:len(key)] == key for b in broken)


# 6. Counts: one range check for every count option ----------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["uncertainty", "{s}", "--samples", "1000000000"],
     "--samples: must be a whole number from 1 to 1,000,000, got 1000000000"),
    (["simulate", "{s}", "--rounds", "100000000"],
     "--rounds: must be a whole number from 1 to 100,000, got 100000000"),
    (["simulate", "{s}", "--runs", "0"], "--runs: must be a whole number from 1 to 100,000, got 0"),
    (["simulate", "{s}", "--seed", "-1"],
     "--seed: must be a whole number from 0 to 4,294,967,295, got -1"),
    (["discover", "{s}", "--condition", "zopa.exists", "--boxes", "0"],
     "--boxes: must be a whole number from 1 to 100, got 0"),
    (["sweep", "{s}", "--out", "o", "--workers", "0"],
     "--workers: must be a whole number from 1 to 256, got 0"),
])
def test_counts_out_of_range_are_located_errors(tmp_path, capsys, argv, message):
    """Before: 7.7 GB then MemoryError; hours of backward induction; one run silently;
    an internal error from numpy's seeding."""
    path = _scenario(tmp_path / "s.yaml", _two_parties(
        {"x": {"options": ["p", "q"]}}, {"x": {"p": 1, "q": 0}}, {"x": {"p": 0, "q": 1}}))
    assert main([a.format(s=path) for a in argv]) == 2
    assert capsys.readouterr().err == f"{path}: {message}\n"


def test_several_bad_counts_are_reported_at_once(tmp_path, capsys):
    assert main(["simulate", "s.yaml", "--runs", "0", "--rounds", "0"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "s.yaml: --rounds: must be a whole number from 1 to 100,000, got 0",
        "s.yaml: --runs: must be a whole number from 1 to 100,000, got 0"]


def test_sobol_runs_are_bounded_by_the_sample_cap(tmp_path, capsys):
    """N(k + 2) runs: --samples 600,000 with one uncertain number rounds N up to 2^20."""
    data = _two_parties({"x": {"options": ["p", "q"]}}, {"x": {"p": 1, "q": 0}},
                        {"x": {"p": 0, "q": 1}})
    data["parties"]["a"]["disagreement"] = {"uniform": [0, 0.5]}
    path = _scenario(tmp_path / "s.yaml", data)
    assert main(["sensitivity", str(path), "--output", "zopa.size", "--samples", "600000"]) == 2
    assert capsys.readouterr().err == (
        f"{path}: --samples: sobol with --samples 600,000 takes 3,145,728 runs for 1 uncertain "
        "number, more than 1,000,000\n")


# 7. Bad input that was reported as an internal error -------------------------------------

def _plain(tmp_path: Path) -> Path:
    return _scenario(tmp_path / "s.yaml", _two_parties(
        {"x": {"options": ["p", "q"]}}, {"x": {"p": 1, "q": 0}}, {"x": {"p": 0, "q": 1}}))


def test_an_empty_grid_is_nothing_to_vary(tmp_path, capsys):
    """Before: 'internal error: ArrowInvalid: Column 1 named zopa.exists expected length 1'."""
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(f"scenario: {_plain(tmp_path).name}\ngrid: {{}}\n")
    assert main(["sweep", str(sweep), "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == f"{sweep}:2: grid: nothing to vary: give grid, random, or both\n"
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("argv, target, message", [
    (["simulate", "{s}", "--out", "{t}"], "dance.txt",
     "--out: {t}: unknown figure format '.txt'; use one of .png, .svg, .pdf"),
    (["run", "{s}", "--out", "{t}"], "file", "--out: {t} is a file; give a folder (it is created if missing)"),
    (["run", "{s}", "--out", "{t}/report"], "file", "--out: {t} is a file, so {t}/report cannot be made"),
    (["export", "genius", "{s}", "-o", "{t}"], "file",
     "--out: {t} is a file; give a folder (it is created if missing)"),
    (["plot", "{s}", "--out", "{t}"], "folder.png", "--out: {t} is a folder; give a file name"),
])
def test_an_output_that_cannot_be_written_is_refused_first(tmp_path, capsys, argv, target, message):
    """Before: internal errors (ValueError from matplotlib, FileExistsError) after the work."""
    scenario, t = _plain(tmp_path), tmp_path / target
    if target == "folder.png":
        t.mkdir()
    else:
        t.write_text("keep me")
    assert main([a.format(s=scenario, t=t) for a in argv]) == 2
    assert capsys.readouterr() == ("", f"{scenario}: {message.format(t=t)}\n")
    assert t.is_dir() or t.read_text() == "keep me"


def test_import_genius_into_a_folder_is_refused(tmp_path, capsys):
    laptop = ROOT.parent / "shared" / "genius" / "Laptop"
    if not laptop.is_dir():
        pytest.skip("../shared/genius is not beside the checkout")
    files = [str(laptop / f) for f in ("laptop_domain.xml", "laptop_buyer_utility.xml",
                                       "laptop_seller_utility.xml")]
    assert main(["import", "genius", *files, "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{files[0]}: --out: {tmp_path} is a folder; give a file name\n"


def test_uncertainty_into_a_file_is_refused(tmp_path, capsys):
    data = _two_parties({"x": {"options": ["p", "q"]}}, {"x": {"p": 1, "q": 0}},
                        {"x": {"p": 0, "q": 1}})
    data["parties"]["a"]["disagreement"] = {"uniform": [0, 0.5]}
    path, target = _scenario(tmp_path / "s.yaml", data), tmp_path / "taken"
    target.write_text("")
    assert main(["uncertainty", str(path), "--samples", "2", "--out", str(target)]) == 2
    assert capsys.readouterr().err == f"{path}: --out: {target} is a file; give a folder (it is created if missing)\n"


def test_a_lone_surrogate_is_refused_where_it_is_written(tmp_path, capsys):
    """``"\\ud800"`` decodes to half a UTF-16 pair: validate accepted it, the text
    report and the GENIUS export then failed to encode it (internal error)."""
    path = tmp_path / "s.yaml"
    path.write_text(_plain(tmp_path).read_text().replace('"name": "t"', '"name": "t\\ud800x"'))
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"{path}:1: name: the escape \\ud800 is half of a UTF-16 pair, not a character (no UTF-8 "
        "text can hold it): write the character itself\n")


# 8. --scheduler: a malformed address is refused before a Dask client is made ---------------

@pytest.mark.parametrize("address, message", [
    ("notaurl::://", ("'notaurl::://' is not a scheduler address: give [PROTOCOL://]HOST:PORT, "
                      "e.g. tcp://10.0.0.5:8786")),
    ("http://host:8786", "unknown protocol 'http' (Dask speaks tcp, tls, ws, wss, ucx)"),
    ("tcp://host:99999", "port 99999 is not between 1 and 65535"),
])
def test_a_malformed_scheduler_address_is_a_located_error(tmp_path, capsys, address, message):
    """Before: the message, then a traceback from the half-built client and a 40 s wait."""
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(f"scenario: {_plain(tmp_path).name}\ngrid: {{parties.a.disagreement: [0, 0.1]}}\n")
    assert main(["sweep", str(sweep), "--out", str(tmp_path / "o"), "--scheduler", address]) == 2
    assert capsys.readouterr().err == f"{sweep}: --scheduler: {message}\n"


# 3. The additive path refuses a Minkowski step that would not fit, with its size ------------

def _two_continuous(tmp_path: Path, resolution: int, max_outcomes: int) -> Path:
    data = {"name": "two continuous",
            "issues": {"x": {"range": [0, 1]}, "y": {"range": [0, 1]}, "z": {"options": ["a", "b"]}},
            "parties": {
                "a": {"weights": {"x": 1, "y": 1, "z": 1},
                      "values": {"x": "increasing", "y": {"ideal": 0.3}, "z": {"a": 1, "b": 0}}},
                "b": {"weights": {"x": 1, "y": 1, "z": 1},
                      "values": {"x": "decreasing", "y": {"ideal": 0.7}, "z": {"a": 0, "b": 1}}}},
            "solve": {"resolution": resolution, "max_outcomes": max_outcomes}}
    return _scenario(tmp_path / "two.yaml", data)


def test_a_minkowski_step_past_memory_is_refused_with_its_size(tmp_path, capsys):
    """At the largest resolution: 'Unable to allocate 5.82 TiB', exit 1, before the fix."""
    path = _two_continuous(tmp_path, 1_000_000, 1_000_000)
    assert main(["run", str(path)]) == 2
    assert capsys.readouterr() == ("", (
        f"{path}: solve.resolution: the additive path cannot combine the frontier so far "
        "(1,000,000 points) with the 400,000 frontier options of y: 400,000,000,000 candidate "
        "sums need 5,960.5 GiB, more than 1 GiB; lower solve.resolution or merge options\n"))


def test_an_enumerable_space_is_enumerated_when_the_step_would_not_fit(tmp_path, monkeypatch,
                                                                       capsys):
    """Below solve.max_outcomes the additive path is only a shortcut: when its step is
    refused, the space is enumerated and the report is the same."""
    from sim.additive import front

    options = [f"o{i}" for i in range(70)]  # 70^3 = 343,000 outcomes: past one chunk
    issues = {name: {"options": options} for name in ("x", "y", "z")}
    path = _scenario(tmp_path / "s.yaml", _two_parties(
        issues, {name: {"ranking": options} for name in issues},
        {name: {"ranking": options[::-1]} for name in issues}))
    assert main(["run", str(path), "--json"]) == 0
    shortcut = capsys.readouterr().out
    tried, check = [], front._check_step
    monkeypatch.setattr(front, "_check_step", lambda *a: (tried.append(a), check(*a)))
    monkeypatch.setattr(front, "MAX_SUM_BYTES", 1000)
    assert main(["run", str(path), "--json"]) == 0
    assert capsys.readouterr().out == shortcut
    assert tried  # the shortcut was tried, refused, and the space enumerated


# 4. Games: vertex enumeration refused past a stated size ---------------------------------

def test_a_large_coordination_game_is_refused_before_enumeration(tmp_path, capsys):
    """An 18 x 18 coordination game (a 2 kB file): 55 s, then MemoryError, before the fix."""
    n = 18
    names = [f"s{i}" for i in range(n)]
    eye = [[1 if i == j else 0 for j in range(n)] for i in range(n)]
    data = _two_parties({"x": {"options": ["p", "q"]}}, {"x": {"p": 1, "q": 0}},
                        {"x": {"p": 0, "q": 1}})
    data["games"] = {"coordinate": {"players": ["a", "b"], "strategies": {"a": names, "b": names},
                                    "payoffs": {"a": eye, "b": eye}}}
    path = _scenario(tmp_path / "s.yaml", data)
    assert main(["validate", str(path)]) == 0  # well formed: too large only to solve
    capsys.readouterr()
    assert main(["game", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"{path}: games.coordinate: a 18 x 18 game is too large for vertex enumeration: its "
        "best-response polytopes may have 39,051,250,810,000 pairs of vertices, more than "
        "100,000,000 (at most 11 x 11, or fewer strategies for one player)\n")


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_a_coordination_game_reaches_the_vertex_bound_up_to_3(n):
    """McMullen's bound against the vertices found: the polytope of an n x n
    coordination game (M = 1 + I, as the solver scales it) has 2^n vertices with
    the origin, which is all the bound allows for n <= 3."""
    from sim.polytope import vertex_bound, vertices

    assert len(vertices(1 + np.eye(n))) + 1 == 2 ** n <= vertex_bound(n, n)
    assert (vertex_bound(n, n) == 2 ** n) == (n <= 3)


@given(st.integers(2, 5), st.integers(2, 5), st.integers(0, 2**32 - 1))
def test_no_polytope_has_more_vertices_than_the_bound(k, d, seed):
    from sim.polytope import vertex_bound, vertices

    M = np.random.default_rng(seed).integers(1, 4, size=(k, d)).astype(float)
    assert len(vertices(M)) + 1 <= vertex_bound(k, d)  # + the origin
