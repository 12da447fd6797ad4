"""Text for a terminal: control characters in names escaped before they are printed.

Names, options and labels come from input files, which may hold any character.
Printed raw, an ESC (``\\x1b``) starts a terminal escape sequence (recolouring,
moving the cursor, retitling the window), a carriage return overwrites the
line, and Unicode bidirectional overrides reorder what is shown ("Trojan
Source", Boucher and Anderson 2021). :func:`escape` writes each such character
as a visible escape (``\\x1b``, ``\\u202e``); :func:`escaped_output` applies it
to everything the command line prints, so no message can forget to.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

#: C0 controls, DEL and C1 controls; newline and tab are layout and stay.
_CONTROLS = [c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0))
#: Bidirectional embeddings, overrides and isolates (Unicode UAX #9).
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]


def _visible(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE = {c: _visible(c) for c in _CONTROLS + _BIDI}
#: For standard error: a carriage return stays (the progress bars redraw with it).
_TABLE_ERR = {c: v for c, v in _TABLE.items() if c != 0x0D}


def escape(text: str, keep_carriage_return: bool = False) -> str:
    """``text`` with control and bidirectional-override characters made visible.

    >>> escape("ok\\tname\\x1b[31mred\\n"), escape("a\\u202eb")
    ('ok\\tname\\\\x1b[31mred\\n', 'a\\\\u202eb')
    """
    return text.translate(_TABLE_ERR if keep_carriage_return else _TABLE)


class _Escaping:
    """A text stream that escapes what is written to it and delegates the rest."""

    def __init__(self, stream: TextIO, keep_carriage_return: bool) -> None:
        self._stream = stream
        self._keep = keep_carriage_return

    def write(self, text: str) -> int:
        self._stream.write(escape(text, self._keep))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """Escape everything printed to standard output and error while inside."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = _Escaping(out, False)
    sys.stderr = _Escaping(err, True)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
