"""Issue 23, item 3 without a browser: the what-if page's session and web application.

The page must show what ``negsim run`` shows on the variant's scenario file:
every view is compared with ``to_json(analyse(...))`` of the downloaded
document, validated like a file. The browser tests are in ``test_browser.py``.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis import analyse
from sim.document import parse_text
from sim.report import to_json
from sim.scenario import from_dict, load
from sim.serve import free_port
from sim.serve.controls import controls
from sim.serve.session import Session, State

from .conftest import ROOT
from .live import served

ISTANBUL = ROOT / "scenarios" / "istanbul-2025.yaml"
KEYS = ("disagreement", "zopa", "pareto", "solutions")


@pytest.fixture(scope="module")
def border():
    from .test_htmlreport import BORDER as text

    return Session(from_dict(parse_text(text).data))


@pytest.fixture(scope="module")
def istanbul():
    return Session(load(ISTANBUL))


def _expected(session: Session, state: State) -> dict:
    report = to_json(analyse(session.scenario(state)))
    return {k: report[k] for k in KEYS}


def test_controls_are_the_dotted_paths_of_the_issue(istanbul):
    paths = [c.path for c in istanbul.controls]
    assert paths[:3] == ["pressures.sanctions_ultimatum", "pressures.sanctions_ultimatum.credibility",
                         "pressures.sanctions_ultimatum.penalty"]
    s = istanbul.base
    for party in s.veto_parties:
        assert f"parties.{party.name}.disagreement" in paths
        weighted = [i.name for i, w in zip(s.issues, party.weights) if w > 0]
        assert {f"parties.{party.name}.weights.{i}" for i in weighted} <= set(paths)
    assert not any(p.startswith("parties.united_states") for p in paths)  # not a veto party
    assert all(c.low <= c.value <= c.high for c in controls(s))


@settings(max_examples=8, deadline=None)
@given(st.data())
def test_a_view_is_negsim_run_on_the_variant(border, data):
    """Random moves of every slider and toggle: the page's numbers are the report's."""
    values = {c.path: data.draw(st.sampled_from([c.low, c.value, c.high, (c.low + c.high) / 2]))
              for c in border.controls if c.kind == "slider"}
    if all(v == 0 for p, v in values.items() if p.startswith("parties.a.weights")):
        values["parties.a.weights.border"] = 1.0
    if all(v == 0 for p, v in values.items() if p.startswith("parties.b.weights")):
        values["parties.b.weights.border"] = 1.0
    off = data.draw(st.sets(st.sampled_from(["ultimatum"])))
    state = State(values, frozenset(off))
    view = border.view(state)
    assert {k: view[k] for k in KEYS} == _expected(border, state)
    nash = view["solutions"]["nash"]
    assert view["nash"] == (None if nash is None else nash["outcome"])
    assert view["svg"].startswith("<svg") and view["why"] == view["why"]


def test_istanbul_views_keep_the_table_and_match_negsim_run(istanbul):
    table = istanbul.table
    states = [State(), State({"pressures.sanctions_ultimatum.credibility": 0.1}),
              State({"parties.russia.weights.nato": 1.0, "parties.ukraine.disagreement": 0.2}),
              State({}, frozenset({"sanctions_ultimatum"})),
              State({"parties.russia.disagreement": 0.25})]
    for state in states:
        view = istanbul.view(state)
        assert {k: view[k] for k in KEYS} == _expected(istanbul, state)
    assert istanbul.table is table  # tabulated once, for every request
    # a lower Russian fallback moves the deal (sanctions relief: full -> partial)
    assert view["nash"]["sanctions"] != istanbul.view(State())["nash"]["sanctions"]


def test_unknown_paths_are_refused(istanbul):
    with pytest.raises(ValueError, match="not a control of this page: parties.russia.discount"):
        istanbul.view(State({"parties.russia.discount": 0.5}))


def test_the_application_routes(border):
    with served(border) as url, httpx.Client(base_url=url, timeout=60) as client:
        _routes(border, client)


def _routes(border, client):
    page = client.get("/").text
    for c in border.controls:
        assert f'aria-label="{c.path}"' in page
    assert 'data-testid="nash"' in page and "http://" not in page and "https://" not in page
    assert client.get("/page.js").headers["content-type"].startswith("text/javascript")
    state = {"values": {"pressures.ultimatum.credibility": 0.1}, "off": []}
    view = client.post("/api/view", json=state).json()
    assert view["solutions"] == _expected(border, State.of(state))["solutions"]
    yaml = client.get("/download/variant.yaml", params={"state": json.dumps(state)})
    assert yaml.headers["content-disposition"].startswith("attachment")
    assert from_dict(parse_text(yaml.text).data).pressure("ultimatum").credibility == 0.1
    report = client.get("/download/report.html", params={"state": json.dumps(state)})
    assert report.status_code == 200 and "<section id=\"robustness\">" in report.text
    import hashlib

    assert hashlib.sha256(yaml.content).hexdigest() in report.text  # the file the user holds
    # a party with every weight at 0 is no scenario: a located message, nothing lost
    zero = {"values": {"parties.b.weights.border": 0, "parties.b.weights.troops": 0}, "off": []}
    refused = client.post("/api/view", json=zero)
    assert refused.status_code == 422
    assert any("parties.b.weights" in line for line in refused.json()["errors"])
    assert client.post("/api/view", json={"values": {"x.y": 1}}).status_code == 422


def test_negsim_serve_listens_on_127_0_0_1_only(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sim.cli", "serve", str(ISTANBUL), "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < deadline, "negsim serve did not start in 60 s"
                time.sleep(0.3)
        assert page.status_code == 200 and 'aria-label="pressures.sanctions_ultimatum"' in page.text
        other = _other_address()
        if other is not None:
            with pytest.raises(httpx.TransportError):
                httpx.get(f"http://{other}:{port}/", timeout=2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _other_address() -> str | None:
    """An address of this machine other than loopback, if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_a_port_in_use_is_a_message_not_a_traceback(capsys):
    from sim.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        assert main(["serve", str(ROOT / "scenarios" / "examples" / "logrolling.yaml"),
                     "--port", str(port)]) == 1
    assert f"port {port} on 127.0.0.1 is in use" in capsys.readouterr().err
