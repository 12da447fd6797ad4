"""Reading a YAML document safely: YAML 1.2 core schema, no tags, no alias bombs.

SPEC section 2: files are YAML 1.2 (core schema: ``yes`` and ``no`` are
strings, ``1e-3`` is a number), read with a safe loader, and a key given twice
in one mapping is an error. The text is composed once into nodes; one walk over
the nodes then

- records the line of every dotted path (for located messages),
- refuses tags outside the core schema (``!!python/object``, ``!!binary``,
  ``!!set``, custom ``!tags``) and keys given twice, each with its path and line,
- measures how far aliases would inflate the document (the "billion laughs"
  attack) and refuses an alias that refers to a node containing it,

and only then are the nodes constructed into Python data with ruamel's safe
constructor. Implicit timestamps (``2025-05-15``) are strings, as in the core
schema, and so is a plain scalar that ruamel would read as a number but the core
schema does not (YAML 1.1 forms such as ``0_4``, ``0b101``, ``0x_1F``, ``-0x1F``):
see :data:`CORE_NUMBER` (YAML 1.2.2, section 10.3.2, "Core Schema").
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, ScenarioError, dotted

#: A document whose aliases add more nodes than this to its tree is refused.
MAX_EXPANDED_NODES = 200_000
#: A document of more nodes than this is refused (a 50,000-option issue has ~150,000).
MAX_NODES = 2_000_000
#: Files larger than this are refused before parsing.
MAX_BYTES = 20_000_000
#: Deeper nesting than this is refused (no scenario field is nested nearly so deep).
MAX_DEPTH = 64
#: Longest whole number read (Python refuses to convert longer digit strings).
MAX_DIGITS = 4000

_CORE = "tag:yaml.org,2002:"
#: Tags of the YAML 1.2 core schema (plus the merge key ``<<``).
ALLOWED_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map",
                                              "merge"))
#: Tags ruamel resolves implicitly beyond the core schema; read as strings.
AS_STRING_TAGS = frozenset({_CORE + "timestamp"})
#: The plain scalars the YAML 1.2 core schema resolves to int or float (YAML 1.2.2,
#: section 10.3.2): base 10, ``0o`` octal and ``0x`` hexadecimal integers (no sign
#: on the latter two), decimal floats with an optional exponent, ``.inf``, ``.nan``.
CORE_NUMBER = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                         r"|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                         r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_NUMBER_TAGS = frozenset({_CORE + "int", _CORE + "float"})
_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)", re.MULTILINE)
#: A UTF-16 surrogate (written ``"\ud800"`` in YAML) is not a character: no UTF-8 text holds it.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: its data and the line of every dotted path."""

    data: Any
    source: str
    lines: dict[tuple[Any, ...], int]
    #: Problems that left the data readable (a key given twice: the last value is
    #: kept), for the reader to report with its own (``parse_text(..., defer=True)``).
    problems: tuple[Problem, ...] = ()

    def line_of(self, path: tuple[Any, ...]) -> int | None:
        """Line of the deepest known prefix of ``path`` (1-based).

        Path parts are compared as strings, so ``('issues', 1)`` finds a key
        written ``1`` and a list index given as ``'0'`` finds item 0.
        """
        key = tuple(str(p) for p in path)
        for n in range(len(key), -1, -1):
            line = self.lines.get(key[:n])
            if line is not None:
                return line
        return None


def _key_name(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return str(node.value)
    return "[" + ", ".join(_key_name(c) for c in node.value) + "]" \
        if isinstance(node, SequenceNode) else "{...}"


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _beyond_core_number(node: Node) -> bool:
    """A plain scalar ruamel resolves to a number that the core schema reads as a string."""
    return (isinstance(node, ScalarNode) and node.style is None and node.tag in _NUMBER_TAGS
            and CORE_NUMBER.fullmatch(node.value) is None)


@dataclass
class _Walk:
    """What one walk over the composed nodes finds."""

    lines: dict[tuple[str, ...], int]
    problems: list[Problem]
    expanded: int
    written: int = 0
    twice: list[Problem] = field(default_factory=list)  # keys given twice


def _children(node: Node) -> list[tuple[str | None, Node]]:
    """(name, child) pairs in document order; the key nodes of a mapping come with name None."""
    if isinstance(node, MappingNode):
        out: list[tuple[str | None, Node]] = []
        for key, value in node.value:
            out += [(None, key), (_key_name(key), value)]
        return out
    if isinstance(node, SequenceNode):
        return [(str(i), item) for i, item in enumerate(node.value)]
    return []


def _duplicate_keys(node: MappingNode, path: tuple[str, ...]) -> list[Problem]:
    """One problem per key written more than once in the mapping ``node``."""
    first: dict[str, int] = {}
    problems = []
    for key, _ in node.value:
        if not isinstance(key, ScalarNode) or key.tag == _CORE + "merge":
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            problems.append(Problem(dotted(path + (key.value,)),
                                    f"key {key.value!r} is given twice in one mapping (first on "
                                    f"line {first[key.value]}); keep one", line))
        else:
            first[key.value] = line
    return problems


def _walk(root: Node) -> _Walk:
    """Lines, bad tags, duplicate keys and the alias-expanded size, in one pass.

    Each node is entered once (an alias is a second reference to the same node
    object); the expanded size is memoised per node, and a node met again
    while it is still being expanded is an alias that contains itself.
    """
    lines: dict[tuple[str, ...], int] = {}
    problems: list[Problem] = []
    twice: list[Problem] = []
    size: dict[int, int] = {}
    open_: set[int] = set()
    written = 0
    cap = 10 * (MAX_EXPANDED_NODES + MAX_NODES)
    stack: list[tuple[Node, tuple[str, ...], bool]] = [(root, (), False)]
    while stack:
        node, path, done = stack.pop()
        if done:
            open_.discard(id(node))
            size[id(node)] = min(cap, 1 + sum(size.get(id(c), 1) for _, c in _children(node)))
            continue
        line = node.start_mark.line + 1
        lines.setdefault(path, line)
        if id(node) in size:
            continue
        if id(node) in open_:
            problems.append(Problem(dotted(path), "a YAML alias refers to a node that contains "
                                                  "it (a recursive document)", line))
            return _Walk(lines, problems, cap)
        if len(path) > MAX_DEPTH:
            problems.append(Problem(dotted(path), f"nested more than {MAX_DEPTH} levels deep", line))
            return _Walk(lines, problems, cap)
        open_.add(id(node))
        written += 1
        if node.tag in AS_STRING_TAGS or _beyond_core_number(node):
            node.tag = _CORE + "str"
        elif node.tag not in ALLOWED_TAGS:
            problems.append(Problem(dotted(path), f"YAML tag {_tag_name(node.tag)} is not allowed: "
                                    "a scenario holds only strings, numbers, booleans, null, lists "
                                    "and mappings", line))
        if node.tag == _CORE + "int" and len(str(node.value)) > MAX_DIGITS:
            problems.append(Problem(dotted(path), f"a whole number of {len(node.value):,} digits "
                                    f"is too long to read (at most {MAX_DIGITS:,})", line))
        if isinstance(node, ScalarNode) and (half := _SURROGATE.search(str(node.value))):
            code = ord(half.group())
            problems.append(Problem(dotted(path), f"the escape \\u{code:04x} is half of a UTF-16 "
                                    "pair, not a character (no UTF-8 text can hold it): write "
                                    "the character itself", line))
        if isinstance(node, MappingNode):
            twice += _duplicate_keys(node, path)
            for key, _ in node.value:
                lines[path + (_key_name(key),)] = key.start_mark.line + 1
        stack.append((node, path, True))
        for name, child in reversed(_children(node)):
            stack.append((child, path if name is None else path + (name,), False))
    return _Walk(lines, problems, size.get(id(root), cap), written, twice)


def _yaml_problem(exc: YAMLError, text: str) -> Problem:
    """A parser error as a problem of the document, on one line, with its line."""
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return Problem("", f"not valid YAML: {what}", mark.line + 1 if mark else None)
    position = getattr(exc, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    what = str(exc).split("\n")[0]
    return Problem("", f"not valid YAML: {what}", line)


def _too_deep(text: str) -> Problem:
    """The problem of a document nested deeper than :data:`MAX_DEPTH`, at the line where
    it gets so deep (found from the parser's events, which need no recursion)."""
    depth = 0
    for event in YAML(typ="safe", pure=True).parse(io.StringIO(text)):
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem("", f"nested more than {MAX_DEPTH} levels deep",
                               event.start_mark.line + 1)
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            depth -= 1
    return Problem("", f"nested more than {MAX_DEPTH} levels deep")


def _check_directive(text: str, source: str) -> None:
    m = _DIRECTIVE.search(text)
    if m and m.group(1) != "1.2":
        line = text.count("\n", 0, m.start()) + 1
        raise ScenarioError([Problem("", f"only YAML 1.2 is read (yes and no are strings); "
                                         f"remove the directive '%YAML {m.group(1)}'", line)],
                            source)


def parse_text(text: str, source: str = "<string>", defer: bool = False) -> Document:
    """Parse YAML text into a :class:`Document`, or raise :class:`ScenarioError`.

    With ``defer``, keys given twice do not stop the reading: they are returned
    as ``Document.problems``, so that the caller reports them with the problems
    it finds in the data (all at once, SPEC section 2).

    >>> parse_text("name: yes\\nwhen: 2025-05-15\\n").data
    {'name': 'yes', 'when': '2025-05-15'}
    >>> parse_text("a: [0_4, 0b101, 0x_1F, 0x1F, 1e-3]").data
    {'a': ['0_4', '0b101', '0x_1F', 31, 0.001]}
    """
    if not text.strip():
        raise ScenarioError([Problem("", "the file is empty")], source)
    _check_directive(text, source)
    yaml = YAML(typ="safe", pure=True)
    try:
        try:
            root = yaml.compose(io.StringIO(text))
        except RecursionError:  # nested far past MAX_DEPTH: say where, from the events
            raise ScenarioError([_too_deep(text)], source) from None
        if root is None:
            raise ScenarioError([Problem("", "the file holds no YAML document (only comments?)")],
                                source)
        walk = _walk(root)
        if walk.problems or (walk.twice and not defer):
            raise ScenarioError(sorted(walk.problems + walk.twice, key=lambda p: p.line or 0),
                                source)
        deferred = walk.twice
        yaml.constructor.allow_duplicate_keys = bool(deferred)
        if walk.written > MAX_NODES:
            raise ScenarioError([Problem("", f"the document is too large: more than "
                                             f"{MAX_NODES:,} nodes")], source)
        if walk.expanded - walk.written > MAX_EXPANDED_NODES:
            raise ScenarioError(
                [Problem("", f"the document is inflated by YAML aliases: they would add more "
                             f"than {MAX_EXPANDED_NODES:,} nodes")], source)
        data = yaml.constructor.construct_document(root)
    except ScenarioError:
        raise
    except YAMLError as exc:
        raise ScenarioError([_yaml_problem(exc, text)], source) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise ScenarioError([Problem("", f"not valid YAML: {exc}")], source) from None
    return Document(data, source, walk.lines, tuple(deferred))


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiouAEIOUX" else "a"


def _is_stdin(st: os.stat_result) -> bool:
    """Whether ``st`` describes this process's standard input (``/dev/stdin``)."""
    try:
        fd0 = os.fstat(0)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (fd0.st_dev, fd0.st_ino)


def _read_capped(handle: BinaryIO, source: str) -> bytes:
    """At most :data:`MAX_BYTES` bytes: one more byte read means the input is too large,
    whatever ``st_size`` says (``/dev/zero``, a pipe, a file that grows)."""
    raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ScenarioError([Problem("", f"the file is larger than {MAX_BYTES:,} bytes")], source)
    return raw


def read_bytes(path: str | Path, kind: str = "scenario file") -> bytes:
    """The bytes of an input file, or a :class:`ScenarioError` naming the file: a
    folder, a missing file, an unreadable one, one over :data:`MAX_BYTES`, or one
    that is not a regular file (a device, a pipe, a socket), unless it is standard
    input (``/dev/stdin``). Every input file of negsim is read here.

    Nothing is read past ``MAX_BYTES + 1`` bytes, and nothing can block: a named
    pipe is refused from its ``stat`` before it is opened, and a regular file is
    opened without blocking and checked again on the open handle.
    """
    source = str(path)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise ScenarioError([Problem("", f"is a folder, not {_article(kind)} {kind}")], source)
        if not stat.S_ISREG(st.st_mode):
            if _is_stdin(st):
                return _read_capped(sys.stdin.buffer, source)
            raise ScenarioError([Problem("", f"is not a regular file (a device, a pipe or a "
                                             f"socket); give {_article(kind)} {kind}, or pipe it "
                                             "into /dev/stdin")], source)
        if st.st_size > MAX_BYTES:
            raise ScenarioError([Problem("", f"the file is larger than {MAX_BYTES:,} bytes")],
                                source)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the stat
                raise ScenarioError([Problem("", "is not a regular file")], source)
            return _read_capped(handle, source)
    except FileNotFoundError:
        raise ScenarioError([Problem("", "no such file")], source) from None
    except OSError as exc:
        raise ScenarioError([Problem("", f"cannot read the file: {exc.strerror or exc}")],
                            source) from None


def read_document(path: str | Path, defer: bool = False) -> Document:
    """Read and parse a YAML file, with errors that name the file (``defer``: as
    :func:`parse_text`)."""
    source = str(path)
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ScenarioError([Problem("", f"not UTF-8 text (byte {exc.start} is "
                                         f"0x{raw[exc.start]:02x}); save the file as UTF-8",
                                     line)], source) from None
    return parse_text(text, source, defer)


#: Lists shorter than this (as text) are written on one line, ``[a, b, c]``.
FLOW_WIDTH = 70


def _commented(data: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(data, dict):
        return CommentedMap((k, _commented(v)) for k, v in data.items())
    if isinstance(data, list):
        seq = CommentedSeq(_commented(v) for v in data)
        if not any(isinstance(v, dict) for v in data) and len(str(data)) <= FLOW_WIDTH:
            seq.fa.set_flow_style()
        return seq
    return data


def to_yaml_text(document: dict[str, Any], header: list[str] | None = None,
                 flow_below: int | None = None) -> str:
    """``document`` as YAML 1.2 text with ``header`` as its opening comment lines;
    reading the text back (:func:`parse_text`) gives the same data.

    With ``flow_below``, mappings are written in block style down to that many
    levels and everything deeper (and every list) as JSON flow, which YAML 1.2
    reads as it is: about a hundred times faster than ruamel's pure-Python
    emitter, for large generated files (a 30-party DEU proposal); keys must then
    be identifiers.

    >>> print(to_yaml_text({"name": "n", "issues": {"t": {"range": [0, 1]}}}, ["hi"], 2))
    # hi
    name: "n"
    issues:
      t: {"range": [0, 1]}
    <BLANKLINE>

    >>> print(to_yaml_text({"name": "pie", "issues": {"x": {"options": ["a", "b"]}}}, ["made here"]))
    # made here
    name: pie
    issues:
      x:
        options: [a, b]
    <BLANKLINE>
    """
    if flow_below is not None:
        return _flow_text(document, header or [], flow_below)
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = _commented(document)
    if header:
        doc.yaml_set_start_comment("\n".join(header))
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()


def _flow_text(document: dict[str, Any], header: list[str], depth: int) -> str:
    import json

    lines = [f"# {h}" for h in header]

    def emit(data: dict[str, Any], level: int) -> None:
        pad = "  " * level
        for key, value in data.items():
            if isinstance(value, dict) and value and level + 1 < depth:
                lines.append(f"{pad}{key}:")
                emit(value, level + 1)
            else:
                lines.append(f"{pad}{key}: {json.dumps(value, ensure_ascii=False)}")

    emit(document, 0)
    return "\n".join(lines) + "\n"
