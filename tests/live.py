"""A what-if page served for a test: uvicorn in a thread, on 127.0.0.1 and a free port,
stopped when the ``with`` block ends."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from sim.serve import HOST, free_port
from sim.serve.app import create_app
from sim.serve.session import Session


@contextmanager
def served(session: Session) -> Iterator[str]:
    """The page's URL while the block runs (the server stops after it, whatever happens)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(session), host=HOST, port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the test server did not start on {HOST}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{HOST}:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
