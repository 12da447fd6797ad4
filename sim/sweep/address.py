"""The address of a Dask scheduler (``--scheduler``), checked before a client is made.

``distributed.Client`` given an address it cannot parse fails half-built: the
message, then a traceback from its clean-up and a 40 s wait. An address is
therefore checked here first, without importing Dask: ``[PROTOCOL://]HOST:PORT``
with a protocol Dask speaks, a host name, IPv4 or bracketed IPv6 address, and a
port from 1 to 65535.

>>> address_problem("tcp://10.0.0.5:8786") is None, address_problem("[::1]:8786") is None
(True, True)
>>> address_problem("notaurl::://")
"'notaurl::://' is not a scheduler address: give [PROTOCOL://]HOST:PORT, e.g. tcp://10.0.0.5:8786"
"""

from __future__ import annotations

import re

from ..errors import Problem, ScenarioError

#: Protocols of ``distributed.comm`` that reach a scheduler over a network.
PROTOCOLS = ("tcp", "tls", "ws", "wss", "ucx")
_ADDRESS = re.compile(r"(?:(?P<protocol>[a-z]+)://)?"
                      r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)"
                      r":(?P<port>[0-9]{1,5})")


def address_problem(address: str) -> str | None:
    """Why ``address`` is no scheduler address, or None."""
    m = _ADDRESS.fullmatch(address)
    if m is None:
        return (f"{address!r} is not a scheduler address: give [PROTOCOL://]HOST:PORT, "
                "e.g. tcp://10.0.0.5:8786")
    if m["protocol"] is not None and m["protocol"] not in PROTOCOLS:
        return f"unknown protocol {m['protocol']!r} (Dask speaks {', '.join(PROTOCOLS)})"
    if not 1 <= int(m["port"]) <= 65535:
        return f"port {int(m['port'])} is not between 1 and 65535"
    return None


def check_address(address: str, source: str | None) -> None:
    """A located error (exit 2, option ``--scheduler``) unless ``address`` is well formed."""
    problem = address_problem(address)
    if problem is not None:
        raise ScenarioError([Problem("--scheduler", problem)], source)
