"""Spatial positions, the DEU and long-CSV importers and the forecast models (SPEC section 13).

Oracles: hand-computed weighted means and medians; the asymmetric Nash point of
two actors with linear loss in closed form (Nash 1950, Kalai 1977); the
quadratic-loss Nash point with equal power and distant disagreement near the
salience-weighted mean (Achen 2006); negsim's own Nash concept (SPEC section 3)
on the imported scenario; the compromise model's 23.5 on the DEU III development
file (``../shared/data/README.md``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis import analyse
from sim.cli import main
from sim.scenario import from_dict, load
from sim.spatial.accuracy import accuracy, cross_validate
from sim.spatial.models import MODELS, Proposal, compromise, median, nash, predict
from sim.spatial.scenarios import documents, proposal_of
from sim.spatial.table import read_deu, read_spatial
from sim.values import Position, parse_continuous

NAN = np.nan


def prop(positions, saliences, capability, reference=None) -> Proposal:
    pos = np.array(positions, dtype=float, ndmin=2)
    ref = np.full(len(pos), NAN) if reference is None else np.array(reference, dtype=float)
    return Proposal(pos, np.nan_to_num(np.array(saliences, dtype=float, ndmin=2)),
                    np.array(capability, dtype=float), ref)


# --- the value shape -------------------------------------------------------------------------

def test_position_shape_values_and_checks() -> None:
    lin = parse_continuous({"position": 30}, 0, 100)
    quad = parse_continuous({"position": 30, "loss": "quadratic"}, 0, 100)
    assert lin == Position(0, 100, 30.0, False) and quad == Position(0, 100, 30.0, True)
    # the slope is the range's, not the party's farther end (unlike {ideal: 30})
    assert lin(np.array([30.0, 80.0, 0.0])).tolist() == pytest.approx([1.0, 0.5, 0.7])
    assert quad(np.array([80.0, 0.0])).tolist() == pytest.approx([0.75, 0.91])
    assert "outside the range [0, 100]" in parse_continuous({"position": 130}, 0, 100)
    assert "loss must be 'linear' or 'quadratic'" in parse_continuous(
        {"position": 3, "loss": "cubic"}, 0, 100)
    assert "did you mean 'loss'" in parse_continuous({"position": 3, "los": "linear"}, 0, 100)
    assert "did you mean 'position'" in parse_continuous({"positon": 3}, 0, 100)


def test_position_in_a_scenario_is_validated_with_its_location(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: s\nissues:\n  tax: {range: [0, 100]}\nparties:\n"
                    "  a: {weights: {tax: 1}, values: {tax: {position: 20}}}\n"
                    "  b: {weights: {tax: 1}, values: {tax: {position: 180, loss: quadratic}}}\n")
    assert main(["validate", str(path)]) == 2
    assert f"{path}:6: parties.b.values.tax: position 180 is outside the range" in capsys.readouterr().err


# --- compromise and median: hand-computed --------------------------------------------------

def test_compromise_by_hand() -> None:
    # weights c*s: a 2*50 = 100, b 1*100 = 100; c has salience 0, d no position: both out
    p = prop([[0, 60, 100, NAN]], [[50, 100, 0, 80]], [2, 1, 3, 1])
    assert compromise(p)[0] == pytest.approx(30.0)


def test_median_by_hand() -> None:
    # cumulative weight 1, 3, 6, 10 of 10: half (5) is reached at 70
    assert median(prop([[90, 10, 70, 40]], [[4, 1, 3, 2]], [1, 1, 1, 1]))[0] == 70
    # 1, 5, 10: exactly half at the second position, which is the answer
    assert median(prop([[0, 30, 100]], [[1, 4, 5]], [1, 1, 1]))[0] == 30
    # nobody with a stake: no prediction
    assert np.isnan(median(prop([[NAN, 20]], [[50, 0]], [1, 1]))[0])
    assert np.isnan(compromise(prop([[NAN, 20]], [[50, 0]], [1, 1]))[0])


# --- the Nash models: closed forms ---------------------------------------------------------

@pytest.mark.parametrize("caps", [(1, 1), (3, 2), (2, 3)])
def test_nash_two_actors_linear_loss_is_the_asymmetric_nash_point(caps) -> None:
    """Gains g_a = delta + 1 - (x - 20)/100 and g_b = delta + 1 - (80 - x)/100 on [20, 80]:
    max alpha ln(A - x) + (1 - alpha) ln(B + x) with A = 100(1 + delta) + 20,
    B = 100(1 + delta) - 80 gives x = (1 - alpha) A - alpha B."""
    delta = 0.05
    alpha = caps[0] / sum(caps)
    a, b = 100 * (1 + delta) + 20, 100 * (1 + delta) - 80
    expected = (1 - alpha) * a - alpha * b
    got = nash(prop([[20, 80]], [[100, 100]], caps), loss="linear", gamma=1.0, delta=delta)[0]
    assert got == pytest.approx(expected, abs=1e-6)


def test_nash_with_the_reference_point_as_disagreement() -> None:
    """Reference 50: g_a = delta + 0.3 - (x - 20)/100, g_b = delta + 0.3 - (80 - x)/100,
    so A = 100(delta + 0.3) + 20 and B = 100(delta + 0.3) - 80."""
    delta, alpha = 0.05, 0.6
    a, b = 100 * (delta + 0.3) + 20, 100 * (delta + 0.3) - 80
    got = nash(prop([[20, 80]], [[100, 100]], [3, 2], [50]), loss="linear", gamma=1.0,
               delta=delta, reference=True)[0]
    assert got == pytest.approx((1 - alpha) * a - alpha * b, abs=1e-6)


def test_nash_quadratic_equal_power_distant_disagreement_is_near_the_weighted_mean() -> None:
    """Achen (2006): quadratic loss, equal power, disagreement far away: the Nash point
    tends to the salience-weighted mean of the positions."""
    p = prop([[0, 50, 100]], [[20, 50, 90]], [1, 1, 1])
    mean = (0 * 20 + 50 * 50 + 100 * 90) / 160
    assert nash(p, gamma=1.0, delta=1e4)[0] == pytest.approx(mean, abs=0.01)
    assert abs(nash(p, gamma=1.0, delta=0.1)[0] - mean) > 1  # and not when it is near
    # with power = capability it tends to the compromise model
    q = prop([[0, 50, 100]], [[20, 50, 90]], [4, 1, 2])
    assert nash(q, gamma=1.0, delta=1e4)[0] == pytest.approx(compromise(q)[0], abs=0.01)


def test_nash_trades_salience_across_issues() -> None:
    """Two actors, two issues, mirror-image saliences: each gets its way on the issue
    it cares about more (a trade the per-issue compromise cannot make)."""
    p = prop([[0, 100], [0, 100]], [[90, 10], [10, 90]], [1, 1])
    x = nash(p, loss="linear", gamma=1.0, delta=0.05)
    assert x[0] == pytest.approx(0, abs=1e-6) and x[1] == pytest.approx(100, abs=1e-6)
    assert compromise(p) == pytest.approx([10, 90])


def test_nash_model_is_negsims_nash_on_the_imported_scenario(tmp_path: Path) -> None:
    """The model's Nash point equals SPEC 3's Nash concept on the scenario the importer
    writes with the distant disagreement (affine invariance: docs/forecast.md)."""
    path = tmp_path / "t.csv"
    path.write_text("actor,issue,position,salience,capability\n"
                    "a,tax,20,100,3\nb,tax,80,100,2\na,aid,10,40,3\nb,aid,70,80,2\n")
    table = read_spatial(path)
    [(_, doc)] = documents(table, loss="linear", disagreement="distant", delta=0.05)
    result = analyse(from_dict(doc))
    outcome = result.outcome(result.result.solutions["nash"])
    model = predict(table, MODELS["nash"], loss="linear", gamma=1.0, delta=0.05)
    assert [outcome["tax"], outcome["aid"]] == pytest.approx(model.tolist(), abs=2e-3)


# --- importers -------------------------------------------------------------------------------

LONG = ("actor,issue,position,salience,capability,proposal,reference,outcome\n"
        "Commission,tax,100,50,4.1,p1,0,80\n"
        "France,tax,20,80,2.8,p1,,\n"
        "United Kingdom,tax,,,2.64,p1,,\n"
        "Commission,aid,0,30,,p1,,\n"
        "France,aid,60,40,,p1,,\n"
        "France,fish,50,90,,p2,,\n"
        "United Kingdom,fish,0,60,,p2,,\n")


def test_long_csv_round_trip(tmp_path: Path, capsys) -> None:
    path = tmp_path / "t.csv"
    path.write_text(LONG)
    table = read_spatial(path)
    assert table.actors == ("Commission", "France", "United Kingdom")
    assert table.capability.tolist() == [4.1, 2.8, 2.64]
    assert table.proposals == ("p1", "p1", "p2")
    out = tmp_path / "out"
    assert main(["import", "spatial", str(path), "-o", str(out)]) == 0
    back = load(out / "p1.yaml")
    assert [p.name for p in back.parties] == ["Commission", "France"]  # the UK: no stake in p1
    issues, actors, p = proposal_of(back)
    assert issues == ("tax", "aid") and actors == ("Commission", "France")
    assert p.positions.tolist() == [[100, 20], [0, 60]]
    # saliences come back up to each actor's scale: normalised weights x 100
    assert p.saliences[:, 0] == pytest.approx([100 * 50 / 80, 100 * 30 / 80])
    assert p.capability.tolist() == [4.1, 2.8]
    assert np.isnan(p.reference).all()  # aid's reference point is not known: no lottery
    fish = load(out / "p2.yaml")
    assert [(p.name, p.label) for p in fish.parties] == [("France", "France"),
                                                        ("United_Kingdom", "United Kingdom")]


def test_deu_round_trip_on_the_development_file(shared: Path, tmp_path: Path) -> None:
    table = read_deu(shared / "data/deu3/deu3-development.tsv")
    assert (len(table.issues), len(table.groups()), len(table.actors)) == (224, 85, 30)
    assert table.capability[:3].tolist() == [4.1, 4.1, 0.48]  # the row below the header
    out = tmp_path / "deu"
    assert main(["import", "deu", str(shared / "data/deu3/deu3-development.tsv"), "-o", str(out)]) == 0
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 85
    stake = table.stake
    for name, rows in table.groups()[:12]:
        scenario = load(out / f"{name}.yaml")
        issues, actors, p = proposal_of(scenario)
        assert issues == tuple(table.issues[r] for r in rows)
        cols = [table.actors.index(a) for a in actors]
        assert stake[np.ix_(rows, cols)].any(axis=0).all()
        assert stake[rows].any(axis=0).sum() == len(actors)  # every actor with a stake, no other
        want = np.where(stake[np.ix_(rows, cols)], table.positions[np.ix_(rows, cols)], np.nan)
        assert np.array_equal(p.positions, want, equal_nan=True)
        assert p.capability.tolist() == table.capability[cols].tolist()
        ref = table.reference[rows]
        if not np.isnan(ref).any():
            assert p.reference.tolist() == ref.tolist()


# --- bad tables: located, exit 2 -------------------------------------------------------------

DEU_HEAD = "prnr\tisnr\tcounvte\tpa\tpb\tsa\tsb\trp\tout\n\t\t\t1\t2\t\t\t\t\n"


@pytest.mark.parametrize(("text", "where", "message"), [
    (DEU_HEAD + "P1\tI1\tQMV\t10\tx\t50\t50\t\t\n", ":3: pb:", "must be a number in [0, 100], got 'x'"),
    (DEU_HEAD + "P1\tI1\tQMV\t10\t150\t50\t50\t\t\n", ":3: pb:", "got '150'"),
    (DEU_HEAD + "P1\tI1\tQMV\t10\t20\t50\t50\t\t\nP1\tI1\tQMV\t1\t2\t3\t4\t\t\n", ":4: isnr:",
     "given twice (first on line 3)"),
    (DEU_HEAD + "P1\tI1\tQMV\t10\n", ":3: (document):", "has 4 fields, the header 9"),
    ("prnr\tisnr\tpa\tsa\nP1\tI1\t10\t50\n", ":2: (document):", "line 2 must be the capability row"),
    ("prnr\tpa\tsa\n\t1\t\n", ":1: (document):", "no column 'isnr'"),
    ("prnr\tisnr\tpa\tpb\tsa\tsb\n\t\t1\t-2\t\t\nP1\tI1\t1\t2\t3\t4\n", ":2: pb:", "> 0, got '-2'"),
])
def test_bad_deu_tables(tmp_path: Path, capsys, text: str, where: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(text)
    assert main(["forecast", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{where}" in err and message in err and "Traceback" not in err


@pytest.mark.parametrize(("text", "where", "message"), [
    ("actor,issue,position,salience\na,t,1,2\n", ":1: (document):", "lacks the column(s) capability"),
    ("actor,issue,position,salience,capability\na,t,1,2,1\na,t,3,4,1\n", ":3: issue:",
     "given twice (first on line 2)"),
    ("actor,issue,position,salience,capability\na,t,1,2,1\na,u,3,4,2\n", ":3: capability:",
     "'a' has capability 1 on line 2, here 2"),
    ("actor,issue,position,salience,capability\na,t,1,abc,1\n", ":2: salience:", "got 'abc'"),
    ("actor,issue,position,salience,capability\na,t,1,2,\n", ": capability:",
     "actor 'a' has no capability on any row"),
])
def test_bad_long_tables(tmp_path: Path, capsys, text: str, where: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    assert main(["import", "spatial", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{where}" in err and message in err and "Traceback" not in err


def test_missing_table_and_unknown_model(tmp_path: Path, capsys) -> None:
    assert main(["forecast", str(tmp_path / "none.tsv")]) == 2
    assert "cannot read the table" in capsys.readouterr().err
    path = tmp_path / "t.csv"
    path.write_text(LONG)
    assert main(["forecast", str(path), "--models", "compromize"]) == 2
    assert "unknown model 'compromize' (did you mean 'compromise'?)" in capsys.readouterr().err
    assert main(["import", "spatial", str(path)]) == 2  # two proposals, no -o
    assert "give -o DIR" in capsys.readouterr().err


# --- the real development file ---------------------------------------------------------------

def test_compromise_error_on_the_development_file_is_23_5(shared: Path, tmp_path: Path, capsys) -> None:
    """../shared/data/README.md: the compromise model's mean absolute error on the
    development file is 23.5 on the 0-100 scale."""
    dev = shared / "data/deu3/deu3-development.tsv"
    out = tmp_path / "f.csv"
    assert main(["forecast", str(dev), "--models", "compromise,median", "--out", str(out),
                 "--figure", str(tmp_path / "f.png")]) == 0
    text = capsys.readouterr().out
    assert "223 issues with a known outcome" in text
    line = next(x for x in text.splitlines() if x.strip().startswith("compromise"))
    assert float(line.split()[1]) == pytest.approx(23.5, abs=0.05)
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 2 * 224 and rows[0].keys() == {"isnr", "model", "prediction"}
    table = read_deu(dev)
    a = accuracy(table, "compromise", predict(table, MODELS["compromise"]))
    assert round(a.mae, 1) == 23.5 and a.ci95[0] < a.mae < a.ci95[1] and a.n == 223
    assert (tmp_path / "f.png").stat().st_size > 10_000


def test_primary_model_beats_the_compromise_on_the_development_file(shared: Path) -> None:
    """The model listed first is the one chosen on the development file (docs/forecast.md);
    as shipped it is closer to the outcomes than the compromise model there."""
    table = read_deu(shared / "data/deu3/deu3-development.tsv")
    primary = next(iter(MODELS.values()))
    assert primary.name == "nash_reference"
    errors = {m: accuracy(table, m, predict(table, MODELS[m])).mae for m in (primary.name, "compromise")}
    assert errors[primary.name] < errors["compromise"] - 0.3


def test_cross_validation_holds_each_proposal_out(tmp_path: Path) -> None:
    """A grid of two points where each proposal's outcome is hit by a different one: the
    fold of a proposal must choose on the others only."""
    path = tmp_path / "t.csv"
    rows = ["actor,issue,position,salience,capability,proposal,outcome"]
    for k in range(4):
        rows += [f"a,i{k},0,50,1,p{k},{0 if k else 100}", f"b,i{k},100,50,1,p{k},"]
    path.write_text("\n".join(rows) + "\n")
    table = read_spatial(path)
    model = MODELS["nash"].with_params()
    cv = cross_validate(table, model)
    assert np.allclose(cv.prediction, predict(table, model, **dict(model.params)), atol=1e-6)
    assert sum(cv.chosen.values()) == 4


def test_forecast_file_has_predictions_and_no_error(shared: Path, capsys) -> None:
    assert main(["forecast", str(shared / "data/deu3/deu3-forecast.tsv"), "--models", "compromise"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1 + 140
    assert "mean absolute error" not in captured.err


def test_the_examples_of_docs_forecast_md_run(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    from .conftest import ROOT
    from .test_notebooks import api_examples

    monkeypatch.chdir(ROOT)
    page = ROOT / "docs" / "forecast.md"
    text = api_examples(page.read_text())
    assert text.count(">>>") >= 5
    test = doctest.DocTestParser().get_doctest(text, {}, str(page), str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(2, 5), st.sampled_from(["quadratic", "linear"]),
       st.booleans(), st.integers(0, 2**31 - 1))
def test_nash_point_is_optimal_and_between_the_positions(k: int, n: int, loss: str,
                                                        reference: bool, seed: int) -> None:
    """On random proposals: each issue's Nash point lies between the extreme positions,
    and no point of a random sample of the box has a larger Nash product."""
    rng = np.random.default_rng(seed)
    positions = rng.integers(0, 101, (k, n)).astype(float)
    saliences = rng.integers(10, 101, (k, n)).astype(float)
    p = prop(positions, saliences, rng.uniform(0.5, 4, n), rng.integers(0, 101, k))
    params = {"loss": loss, "gamma": 1.0, "delta": 0.5, "reference": reference}
    x = nash(p, **params)
    assert (x >= positions.min(axis=1) - 1e-6).all() and (x <= positions.max(axis=1) + 1e-6).all()

    def product(points: np.ndarray) -> np.ndarray:  # sum_i a_i ln g_i, written out again
        z = np.abs(points[:, :, None] - positions) / 100
        l0 = np.abs(p.reference[:, None] - positions) / 100 if reference else np.ones((k, n))
        lz = z * z if loss == "quadratic" else z
        l0 = l0 * l0 if (loss == "quadratic" and reference) else l0
        g = 0.5 + (saliences / 100 * (l0 - lz)).sum(axis=1)
        a = p.capability / p.capability.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((g > 0).all(axis=1), (a * np.log(np.where(g > 0, g, 1))).sum(axis=1), -np.inf)

    others = np.vstack([rng.uniform(0, 100, (400, k)), x + rng.normal(0, 0.5, (200, k))])
    assert product(x[None])[0] >= product(np.clip(others, 0, 100)).max() - 1e-9


def test_outputs_are_checked_before_any_work(tmp_path: Path, capsys) -> None:
    path = tmp_path / "t.csv"
    path.write_text(LONG)
    assert main(["forecast", str(path), "--figure", str(tmp_path / "f.txt")]) == 2
    assert "--figure" in capsys.readouterr().err
    assert main(["forecast", str(path), "--out", str(tmp_path)]) == 2  # a folder, not a file
    assert "is a folder" in capsys.readouterr().err
    (tmp_path / "file").write_text("")
    assert main(["import", "spatial", str(path), "-o", str(tmp_path / "file")]) == 2
    assert "is a file" in capsys.readouterr().err
