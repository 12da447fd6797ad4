"""``negsim serve``: a local what-if page for one scenario (docs/without-python.md).

A slider for every pressure's credibility and penalty and every veto party's
disagreement value and weights, a with/without toggle per pressure; each
change redraws the frontier with the ZOPA and the solutions, the Nash package
and "Why". Buttons download the variant as a scenario file and as the HTML
report. The page is served on 127.0.0.1 only.

- :mod:`.controls`: which numbers the page moves, named by dotted path;
- :mod:`.session`: the scenario's table kept across requests, variants solved on it;
- :mod:`.svg`: the frontier figure as SVG text;
- :mod:`.app`: the Starlette application; :func:`serve` runs it with uvicorn.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..scenario import Scenario

#: The only interface the page is served on.
HOST = "127.0.0.1"


def serve(scenario: Scenario, source: Path | None = None, port: int = 8765,
          open_browser: bool = False) -> int:
    """Serve the what-if page of ``scenario`` on 127.0.0.1:``port`` until interrupted."""
    import threading
    import webbrowser

    import uvicorn

    from .app import create_app
    from .session import Session

    if port == 0:
        port = free_port()
    elif not _free(port):
        print(f"negsim serve: port {port} on {HOST} is in use or not allowed; choose another "
              "with --port (0: any free port)", file=sys.stderr)
        return 1
    app = create_app(Session(scenario), source)
    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning")
    server = uvicorn.Server(config)
    url = f"http://{HOST}:{port}/"
    print(f"negsim: the what-if page of {scenario.name!r} is at {url} (Ctrl-C stops it)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    server.run()
    return 0


def free_port() -> int:
    """A port on 127.0.0.1 that is free now."""
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _free(port: int) -> bool:
    """Whether ``port`` can be bound on 127.0.0.1 now."""
    import socket

    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except (OSError, OverflowError):
            return False
    return True
