"""The what-if page's web application (Starlette, served by uvicorn on 127.0.0.1).

Routes:

- ``GET /``: the page (``static/index.html``, its controls filled in);
- ``GET /page.js``: its script (plain JavaScript, no library, nothing from the network);
- ``POST /api/view`` with ``{"values": {path: number}, "off": [pressure, ...]}``:
  the variant's numbers, Nash package, "Why" and frontier SVG
  (:meth:`Session.view`), or ``{"errors": [...]}`` (status 422) when the variant
  is not a valid scenario;
- ``GET /download/variant.yaml?state=JSON`` and ``GET /download/report.html?state=JSON``:
  the variant as a scenario file, and its one-file HTML report (:mod:`sim.htmlreport`).

Solving is CPU work: the handlers are plain functions, which Starlette runs
in its thread pool. The session's table is read-only and shared.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import ScenarioError
from .session import Session, State

STATIC = files("sim.serve") / "static"


def _controls_html(session: Session) -> str:
    """The controls, grouped by pressure and party; each labelled by its dotted path."""
    groups: dict[str, list[str]] = {}
    for c in session.controls:
        path = escape(c.path)
        if c.kind == "toggle":
            item = (f'<label class="toggle"><input type="checkbox" checked data-path="{path}" '
                    f'aria-label="{path}"> with this pressure</label>')
        else:
            item = (f'<label class="slider"><span class="path">{path}</span>'
                    f'<input type="range" min="{c.low}" max="{c.high}" step="{c.step}" '
                    f'value="{c.value}" data-path="{path}" aria-label="{path}">'
                    f'<output>{c.value:g}</output></label>')
        groups.setdefault(c.group, []).append(item)
    return "".join(f'<fieldset><legend>{escape(g)}</legend>{"".join(items)}</fieldset>'
                   for g, items in groups.items())


def _state(request: Request) -> State:
    return State.of(json.loads(request.query_params.get("state") or "{}"))


def _errors(exc: Exception) -> JSONResponse:
    lines = exc.lines() if isinstance(exc, ScenarioError) else [str(exc)]
    return JSONResponse({"errors": lines}, status_code=422)


def create_app(session: Session, source: Path | None = None) -> Starlette:
    """The application serving ``session`` (``source``: the scenario file, for the file names)."""
    stem = source.stem if source is not None else "scenario"
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    page = page.replace("{{title}}", escape(session.base.name)).replace(
        "{{controls}}", _controls_html(session))
    script = (STATIC / "page.js").read_text(encoding="utf-8")

    def index(request: Request) -> HTMLResponse:
        return HTMLResponse(page)

    def js(request: Request) -> Response:
        return Response(script, media_type="text/javascript")

    async def view(request: Request) -> Response:
        data: Any = await request.json()
        return await _threaded(lambda: _view(State.of(data)))

    def _view(state: State) -> Response:
        try:
            session.scenario(state) if _needs_check(state) else None
            return JSONResponse(session.view(state))
        except (ScenarioError, ValueError) as exc:
            return _errors(exc)

    def _needs_check(state: State) -> bool:
        """A full check only where typed substitution could build an invalid scenario:
        a weight moved to 0 (a party needs one positive weight); the sliders keep every
        other number within its field's range."""
        return any(".weights." in p and v == 0 for p, v in session.moved(state).items())

    def _yaml(state: State) -> str:
        """The variant as the scenario file a user downloads (checked like a file)."""
        from ..document import to_yaml_text

        session.scenario(state)
        moved = ", ".join(f"{k} = {v:g}" for k, v in session.moved(state).items()) or "none"
        off = ", ".join(sorted(state.off)) or "none"
        return to_yaml_text(session.document(state), [
            f"A variant of {stem} made on negsim's what-if page.",
            f"moved: {moved}", f"pressures switched off: {off}"])

    def variant_yaml(request: Request) -> Response:
        try:
            text = _yaml(_state(request))
        except (ScenarioError, ValueError) as exc:
            return _errors(exc)
        return Response(text, media_type="application/x-yaml", headers={
            "Content-Disposition": f'attachment; filename="{stem}-variant.yaml"'})

    def report_html(request: Request) -> Response:
        from ..findings import findings
        from ..htmlreport import PAGE, compose

        state = _state(request)
        try:
            text = _yaml(state)
        except (ScenarioError, ValueError) as exc:
            return _errors(exc)
        html = compose(findings(session.scenario(state), PAGE), text.encode("utf-8"))
        return HTMLResponse(html, headers={
            "Content-Disposition": f'attachment; filename="{stem}-variant.html"'})

    return Starlette(routes=[
        Route("/", index), Route("/page.js", js),
        Route("/api/view", view, methods=["POST"]),
        Route("/download/variant.yaml", variant_yaml),
        Route("/download/report.html", report_html),
    ])


async def _threaded(fn):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)
