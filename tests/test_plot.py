"""The figures draw what the analysis says: every outcome, the ZOPA, the frontier,
the solutions, one arrow per pressure, and the issue-level table."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Annotation

from sim.analysis import analyse
from sim.cli import main
from sim.plot import frontier_figure, issues_figure, save_figure
from sim.plot.issues import choices
from sim.plot.style import concept_name
from sim.scenario import from_dict

CONCEPTS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


def scenario(veto3: bool = False, pressure: bool = True, **solve):
    """Russia and Ukraine (and, with ``veto3``, the EU as a veto party) over three
    discrete issues; the United States, not a veto party, threatens Russia."""
    parties = {
        "russia": {"weights": {"land": 3, "nato": 2, "aid": 1},
                   "values": {"land": {"ranking": ["all", "half", "none", "back"]},
                              "nato": {"ranking": ["never", "later", "now"]},
                              "aid": {"ranking": ["no", "yes"]}},
                   "disagreement": 0.2},
        "ukraine": {"weights": {"land": 2, "nato": 2, "aid": 1},
                    "values": {"land": {"ranking": ["back", "none", "half", "all"]},
                               "nato": {"ranking": ["now", "later", "never"]},
                               "aid": {"ranking": ["yes", "no"]}},
                    "disagreement": 0.25, "red_lines": [{"land": "all"}]},
        "united_states": {"veto": False, "weights": {"aid": 1, "land": 1},
                          "values": {"aid": {"ranking": ["no", "yes"]},
                                     "land": {"ranking": ["half", "none", "back", "all"]}}},
    }
    if veto3:
        parties["european_union"] = {"weights": {"aid": 2, "nato": 1},
                                     "values": {"aid": {"ranking": ["yes", "no"]},
                                                "nato": {"ranking": ["later", "now", "never"]}},
                                     "disagreement": 0.1}
    data = {"name": "test talks",
            "issues": {"land": {"options": ["back", "none", "half", "all"]},
                       "nato": {"options": ["now", "later", "never"]},
                       "aid": {"options": ["yes", "no"]}},
            "parties": parties, "solve": solve}
    if pressure:
        data["pressures"] = {"ultimatum": {"by": ["united_states"], "target": "russia",
                                           "demand": {"land": ["back", "none", "half"]},
                                           "penalty": 0.3, "cost": {"united_states": 0.05},
                                           "credibility": 0.8}}
    return from_dict(data)


def no_deal():
    """Two parties over one issue, each asking more than the other can give: no ZOPA."""
    return from_dict({"name": "no deal", "issues": {"x": {"options": ["a", "b"]}},
                      "parties": {"p": {"weights": {"x": 1}, "disagreement": 0.9,
                                        "values": {"x": {"ranking": ["a", "b"]}}},
                                  "q": {"weights": {"x": 1}, "disagreement": 0.9,
                                        "values": {"x": {"ranking": ["b", "a"]}}}}})


@pytest.fixture(scope="module")
def analysis():
    return analyse(scenario())


def by_gid(ax, kind, gid):
    return [a for a in ax.get_children() if isinstance(a, kind) and a.get_gid() == gid]


def offsets(ax, gid) -> np.ndarray:
    found = by_gid(ax, PathCollection, gid)
    return np.concatenate([c.get_offsets() for c in found]) if found else np.zeros((0, 2))


def test_every_outcome_is_a_point_and_the_zopa_is_highlighted(analysis):
    ax = frontier_figure(analysis).axes[0]
    outside, zopa = offsets(ax, "outcomes"), offsets(ax, "zopa")
    assert len(outside) + len(zopa) == analysis.space.size == 24
    assert len(zopa) == analysis.result.zopa_size
    # the highlighted points are exactly the ZOPA: above both disagreement utilities
    d = analysis.result.disagreement
    assert np.all(zopa >= d[[0, 1]])


def test_frontier_line_is_the_frontier(analysis):
    ax = frontier_figure(analysis).axes[0]
    (line,) = [li for li in ax.get_lines() if li.get_gid() == "frontier"]
    drawn = np.column_stack(line.get_data())
    front = analysis.result.frontier
    assert len(drawn) == len(front) >= 2
    assert sorted(map(tuple, drawn)) == sorted(map(tuple, front))
    assert np.all(np.diff(drawn[:, 0]) >= 0) and np.all(np.diff(drawn[:, 1]) <= 0)


def test_four_solutions_are_marked_and_labelled(analysis):
    ax = frontier_figure(analysis).axes[0]
    labels = " ".join(t.get_text() for t in ax.texts if isinstance(t, Annotation))
    for c in CONCEPTS:
        assert concept_name(c) in labels
        (marker,) = by_gid(ax, PathCollection, f"solution:{c}")
        u = analysis.result.solutions[c].utilities
        assert marker.get_offsets()[0].tolist() == pytest.approx([u[0], u[1]])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {concept_name(c) for c in CONCEPTS} <= set(legend)


def test_one_arrow_per_pressure_from_without_to_with(analysis):
    ax = frontier_figure(analysis).axes[0]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert [a.get_gid() for a in arrows] == ["pressure:ultimatum"]
    before = analysis.without["ultimatum"].solutions["nash"].utilities
    after = analysis.result.solutions["nash"].utilities
    start, end = arrows[0]._posA_posB
    assert start == pytest.approx((before[0], before[1]))
    assert end == pytest.approx((after[0], after[1]))
    assert any("ultimatum" in t.get_text() for t in ax.get_legend().get_texts())


def test_no_pressure_no_arrow():
    ax = frontier_figure(analyse(scenario(pressure=False))).axes[0]
    assert not [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def test_axes_name_whose_utility(analysis):
    ax = frontier_figure(analysis).axes[0]
    assert ax.get_xlabel() == "Russia's utility"
    assert ax.get_ylabel() == "Ukraine's utility"
    ax = frontier_figure(analysis, parties=["ukraine", "united_states"]).axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Ukraine's utility", "United States' utility")


def test_a_non_veto_party_gets_the_projected_frontier(analysis):
    ax = frontier_figure(analysis, parties=["russia", "united_states"]).axes[0]
    (dots,) = [li for li in ax.get_lines() if li.get_gid() == "frontier"]
    assert len(dots.get_xdata()) == len(analysis.result.frontier)
    assert sorted(dots.get_xdata()) == sorted(analysis.result.frontier[:, 0])
    # only the veto party's disagreement utility bounds the ZOPA: one guide line
    guides = [li for li in ax.get_lines() if li.get_linestyle() == ":"]
    assert len(guides) == 1


def test_three_veto_parties_give_a_grid_of_projections():
    a = analyse(scenario(veto3=True))
    fig = frontier_figure(a)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 3
    pairs = {(ax.get_xlabel(), ax.get_ylabel()) for ax in axes}
    assert pairs == {("Russia's utility", "Ukraine's utility"),
                     ("Russia's utility", "European Union's utility"),
                     ("Ukraine's utility", "European Union's utility")}
    front = a.result.frontier  # veto parties in file order: russia, ukraine, european_union
    for ax, (i, j) in zip(axes, [(0, 1), (0, 2), (1, 2)]):
        (dots,) = [li for li in ax.get_lines() if li.get_gid() == "frontier"]
        drawn = np.column_stack(dots.get_data())
        assert sorted(map(tuple, drawn)) == sorted(map(tuple, front[:, [i, j]]))
        assert len(offsets(ax, "outcomes")) + len(offsets(ax, "zopa")) == a.space.size
    assert fig.legends, "one legend for the whole grid"
    with pytest.raises(ValueError, match="one pair"):
        frontier_figure(a, ax=axes[0])


def test_big_spaces_are_binned_and_keep_every_outcome(analysis):
    ax = frontier_figure(analysis, max_points=10).axes[0]
    (mesh,) = by_gid(ax, QuadMesh, "outcomes")
    assert int(mesh.get_array().sum()) == analysis.space.size
    # the ZOPA (more than 10 outcomes) is binned too
    (zopa,) = by_gid(ax, QuadMesh, "zopa")
    assert int(zopa.get_array().sum()) == analysis.result.zopa_size
    ax = frontier_figure(analysis, max_points=analysis.result.zopa_size).axes[0]
    assert len(offsets(ax, "zopa")) == analysis.result.zopa_size
    assert not offsets(ax, "outcomes").size


def test_empty_zopa_draws_no_solutions():
    a = analyse(no_deal())
    ax = frontier_figure(a).axes[0]
    assert not any(str(c.get_gid()).startswith("solution:") for c in ax.collections)
    assert len(offsets(ax, "outcomes")) == 2 and not len(offsets(ax, "zopa"))
    assert any("no deal" in t.get_text() for t in ax.get_legend().get_texts())


def test_continuous_issue_and_given_axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = from_dict({"name": "pie", "issues": {"x": {"range": [0, 1]}}, "solve": {"resolution": 11},
                   "parties": {"a": {"weights": {"x": 1}, "values": {"x": "increasing"}},
                               "b": {"weights": {"x": 1}, "values": {"x": "decreasing"}}}})
    a = analyse(s)
    fig, ax = plt.subplots()
    assert frontier_figure(a, ax=ax) is fig
    assert len(offsets(ax, "zopa")) == 11
    plt.close(fig)


def test_saved_files_are_png_svg_pdf(analysis, tmp_path):
    fig = frontier_figure(analysis)
    png, svg, pdf = (save_figure(fig, tmp_path / f"f.{x}") for x in ("png", "svg", "pdf"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "utility" in text and "Pareto frontier" in text  # text stays text in vector files
    with pytest.raises(ValueError, match="unknown figure format"):
        save_figure(fig, tmp_path / "f.jpg")


@pytest.mark.parametrize("suffix", ["svg", "pdf", "png"])
def test_saved_files_are_byte_reproducible(analysis, tmp_path, suffix):
    """No date, and SVG ids hashed with a fixed salt (matplotlib's is random per id)."""
    first = save_figure(frontier_figure(analysis), tmp_path / f"a.{suffix}").read_bytes()
    again = save_figure(frontier_figure(analysis), tmp_path / f"b.{suffix}").read_bytes()
    assert first == again
    if suffix == "svg":
        assert b"<dc:date>" not in first and b'clip-path="url(#' in first  # ids are there


def test_issues_figure_shows_each_solutions_choices(analysis):
    fig = issues_figure(analysis)
    ax = fig.axes[0]
    cells = {t.get_gid(): t for t in ax.texts if str(t.get_gid()).startswith("cell:")}
    assert len(cells) == len(CONCEPTS) * 2 * 3  # concepts x (with, without) x issues
    for concept, result, variant in [(c, analysis.result, "with all pressures") for c in CONCEPTS] + \
            [(c, analysis.without["ultimatum"], "without ultimatum") for c in CONCEPTS]:
        outcome = analysis.space.describe(result.solutions[concept].point)
        for issue, option in outcome.items():
            cell = cells[f"cell:{concept}:{variant}:{issue}"]
            assert cell.get_text().replace("\n", " ") == option.replace("_", " ")
    # cells that differ from the choice with every pressure are bold
    columns = choices(analysis)
    base = {c: column for c, variant, column in columns if variant == "with all pressures"}
    for concept, variant, column in columns:
        for issue, cell in column.items():
            bold = cells[f"cell:{concept}:{variant}:{issue}"].get_weight() == "bold"
            assert bold == (cell.text != base[concept][issue].text)


def test_issues_figure_marks_lotteries_and_no_deal():
    a = analyse(scenario(pressure=False, lotteries=True))
    nash = a.result.solutions["nash"]
    assert nash.lottery is not None
    _, point = max(nash.lottery)  # the most probable outcome
    expected = {k: v + "*" for k, v in a.space.describe(point).items()}
    (column,) = [col for c, _, col in choices(a) if c == "nash"]
    assert {k: cell.text for k, cell in column.items()} == expected
    fig = issues_figure(a)
    assert {t.get_gid() for t in fig.axes[0].texts} >= {f"concept:{c}" for c in CONCEPTS}
    assert "lottery" in fig.axes[0].get_xlabel()

    for _, _, column in choices(analyse(no_deal())):
        assert all(cell.text == "no deal" and cell.position is None for cell in column.values())


def test_cli_plot_and_run_out(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    import json

    path.write_text(json.dumps({"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
                                "parties": {"p": {"weights": {"x": 1},
                                                  "values": {"x": {"ranking": ["a", "b", "c"]}}},
                                            "q": {"weights": {"x": 1},
                                                  "values": {"x": {"ranking": ["c", "b", "a"]}}}}}))
    out = tmp_path / "pie.svg"
    assert main(["plot", str(path), "--out", str(out), "--parties", "q", "p"]) == 0
    text = out.read_text()
    assert text.index("Q's utility") < text.index("P's utility")  # x axis first
    assert main(["plot", str(path), "--parties", "p", "nobody", "--out", str(out)]) == 2
    assert "unknown party nobody" in capsys.readouterr().err
    assert main(["plot", str(path), "--out", str(tmp_path / "x.gif")]) == 2
    assert main(["run", str(path), "--out", str(tmp_path / "run")]) == 0
    assert {p.name for p in (tmp_path / "run").iterdir()} >= {"report.json", "frontier.png",
                                                                "frontier.svg"}


def test_variants_and_side_by_side_frontiers(analysis):
    from sim.plot import panel, sliders, with_values

    s = analysis.scenario
    assert sliders(s) == {"pressures.ultimatum.credibility": (0.0, 1.0, 0.8),
                          "pressures.ultimatum.penalty": (0.0, 1.0, 0.3),
                          "parties.russia.disagreement": (0.0, 1.0, 0.2),
                          "parties.ukraine.disagreement": (0.0, 1.0, 0.25)}
    soft = with_values(s, {"pressures.ultimatum.credibility": 0.0})
    assert soft.pressure("ultimatum").effective_credibility == 0.0
    assert analyse(soft).result.disagreement.tolist() == \
        analysis.without["ultimatum"].disagreement.tolist()
    with pytest.raises(ValueError, match="nothing"):
        with_values(s, {"parties.nothing.disagreement": 0.1})
    fig = panel(s, "pressures.ultimatum.credibility", [0, 1])
    assert [ax.get_title() for ax in fig.axes] == ["credibility = 0", "credibility = 1"]
    # the arrow of each panel ends at that variant's Nash solution
    for ax, q in zip(fig.axes, [0, 1]):
        (arrow,) = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        nash = analyse(with_values(s, {"pressures.ultimatum.credibility": q})).result
        u = nash.solutions["nash"].utilities
        assert arrow._posA_posB[1] == pytest.approx((u[0], u[1]))
    assert [ax.get_legend() is not None for ax in fig.axes] == [False, True]


def test_explorer_redraws_and_carries_a_picture(analysis):
    pytest.importorskip("ipywidgets")
    from sim.plot import explorer

    box = explorer(analysis.scenario)
    controls = {c.description: c for c in box.children[:-1]}
    picture = box.children[-1]
    assert set(controls) == {"pressures.ultimatum.credibility", "pressures.ultimatum.penalty",
                             "parties.russia.disagreement", "parties.ukraine.disagreement"}
    bundle = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"]  # what viewers without widgets show
    first = picture.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    controls["parties.russia.disagreement"].value = 0.5
    assert picture.value != first and box.png == picture.value


def test_explorer_without_ipywidgets_is_static(analysis, monkeypatch):
    import sys

    from matplotlib.figure import Figure

    from sim.plot import explorer

    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails
    fig = explorer(analysis.scenario)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["credibility = 0", "credibility = 0.5",
                                                  "credibility = 1"]
