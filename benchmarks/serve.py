"""From slider release to redrawn page on the what-if page (``negsim serve``). Issue 23, item 4.

    .venv/bin/python benchmarks/serve.py [SCENARIO] [--repeat 20] [--chromium PATH]

Serves SCENARIO (default: the Istanbul case, 174,960 outcomes) on 127.0.0.1,
opens the page in the system's chromium with Playwright and, for each kind of
change (a credibility slider, a penalty slider, a weight, a disagreement value,
the pressure's toggle), sets a new value and fires the ``change`` event that a
released slider fires, ``--repeat`` times with alternating values. The page
itself measures each change (``performance.now()`` from the event to two
animation frames after the new Nash package, figure and "Why" are in the
document, so that they have been painted); the server's share is the time its
``Session.view`` takes in this process, in wall time and in CPU time of its
thread (which a busy machine inflates less). Prints median, 90th percentile and maximum in milliseconds,
and the load average, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.scenario import load
from sim.serve.session import Session
from tests.live import served

DEFAULT = ROOT / "scenarios" / "istanbul-2025.yaml"

#: JavaScript: set a control's value, fire the released slider's (or toggle's) change event.
MOVE = """([path, value]) => {
  const el = document.querySelector(`[data-path="${path}"]`);
  if (el.type === "checkbox") el.checked = !el.checked; else el.value = value;
  el.dispatchEvent(new Event("change"));
}"""


class TimedSession(Session):
    """A session that records how long each view takes on the server."""

    def __init__(self, scenario):
        super().__init__(scenario)
        self.times: list[float] = []
        self.cpu: list[float] = []

    def view(self, state):
        t, c = time.perf_counter(), time.thread_time()
        try:
            return super().view(state)
        finally:
            self.times.append(1000 * (time.perf_counter() - t))
            self.cpu.append(1000 * (time.thread_time() - c))


def cases(session: Session) -> list[tuple[str, str, float, float]]:
    """(label, path, value a, value b) for each kind of control."""
    by_path = {c.path: c for c in session.controls}
    picked = []
    for label, test in (("credibility", lambda p: p.endswith(".credibility")),
                        ("penalty", lambda p: p.endswith(".penalty")),
                        ("weight", lambda p: ".weights." in p),
                        ("disagreement", lambda p: p.endswith(".disagreement")),
                        ("pressure toggle", lambda p: by_path[p].kind == "toggle")):
        path = next((p for p in by_path if test(p)), None)
        if path is not None:
            c = by_path[path]
            picked.append((label, path, c.low + 0.25 * (c.high - c.low), c.low + 0.5 * (c.high - c.low)))
    return picked


def stats(xs: list[float]) -> str:
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(0.9 * len(xs)))]
    return f"{statistics.median(xs):7.1f} | {p90:7.1f} | {max(xs):7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--chromium", default=os.environ.get("NEGSIM_CHROMIUM") or shutil.which("chromium"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    session = TimedSession(load(args.scenario))
    print(f"{args.scenario}: {session.space.size:,} outcomes; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    print("| change | page: median ms | p90 | max | server: median ms | p90 | max "
          "| server CPU: median ms | p90 | max |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with served(session) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        seq = 1
        page.wait_for_selector(f"body[data-redrawn='{seq}']", timeout=60_000)
        every: list[float] = []
        for label, path, a, b in cases(session):
            session.times.clear()
            session.cpu.clear()
            page_ms = []
            for k in range(args.repeat):
                page.evaluate(MOVE, [path, a if k % 2 == 0 else b])
                seq += 1
                page.wait_for_selector(f"body[data-redrawn='{seq}']", timeout=60_000)
                page_ms.append(float(page.evaluate("document.body.dataset.lastMs")))
            every += page_ms
            print(f"| {label} (`{path}`) | {stats(page_ms)} | {stats(session.times)} "
                  f"| {stats(session.cpu)} |")
        print(f"| all changes | {stats(every)} | | | | | | |")
        browser.close()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
