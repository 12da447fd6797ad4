"""Reading a YAML document safely: YAML 1.2 core schema, no tags, no alias bombs.

SPEC section 2: files are YAML 1.2 (core schema: ``yes`` and ``no`` are
strings, ``1e-3`` is a number), read with a safe loader, and a key given twice
in one mapping is an error. The text is composed once into nodes; one walk over
the nodes then

- records the line of every dotted path (for located messages),
- refuses tags outside the core schema (``!!python/object``, ``!!binary``,
  ``!!set``, custom ``!tags``) and core tags on values they do not fit
  (``!!int 1.5``), keys given twice, lone surrogates, control characters (the
  text has them replaced first, or the reader would stop at the first), whole
  numbers too long and nesting too deep, each with its path and line,
- measures how far aliases would inflate the document (the "billion laughs"
  attack) and refuses an alias that refers to a node containing it,

and only then are the nodes constructed into Python data with ruamel's safe
constructor. Of those problems, only an alias inside its own node (and an alias
bomb) stop the reading: every other one is collected, the node at fault made
readable in place (read as a plain string, list or mapping, or emptied), so that
the checks of the data run on the rest of the file and every problem is reported
in one run (SPEC section 2). Implicit timestamps (``2025-05-15``) are strings, as in the core
schema, and so is a plain scalar that ruamel would read as a number but the core
schema does not (YAML 1.1 forms such as ``0_4``, ``0b101``, ``0x_1F``, ``-0x1F``):
see :data:`CORE_NUMBER` (YAML 1.2.2, section 10.3.2, "Core Schema").
"""

from __future__ import annotations

import bisect
import io
import os
import re
import stat
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLWarning
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, ScenarioError, dotted

#: A document whose aliases add more nodes than this to its tree is refused (the
#: default of :func:`parse_text`'s ``max_expanded_nodes``).
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
_CORE_INT = r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
_CORE_FLOAT = (r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
               r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
CORE_NUMBER = re.compile(f"{_CORE_INT}|{_CORE_FLOAT}")
_NUMBER_TAGS = frozenset({_CORE + "int", _CORE + "float"})
_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)", re.MULTILINE)
#: A UTF-16 surrogate (written ``"\ud800"`` in YAML) is not a character: no UTF-8 text holds it.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: What a character at fault is read as meanwhile (U+FFFD, the Unicode replacement character).
REPLACEMENT = "\ufffd"
#: The characters YAML text may not hold (YAML 1.2.2, section 5.1, "c-printable"; as ruamel's reader).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                            "\U00010000-\U0010ffff]")
#: The values each scalar tag of the core schema takes (YAML 1.2.2, section 10.3.2).
_SCALAR_FORMS = {_CORE + "int": re.compile(_CORE_INT),
                 _CORE + "float": re.compile(_CORE_FLOAT),
                 _CORE + "bool": re.compile("true|True|TRUE|false|False|FALSE"),
                 _CORE + "null": re.compile("~|null|Null|NULL|"),
                 _CORE + "str": re.compile(".*", re.DOTALL)}


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: its data and the line of every dotted path."""

    data: Any
    source: str
    lines: dict[tuple[Any, ...], int]
    #: Problems that left the data readable (a key given twice: the first value is
    #: read; a bad tag: the plain value is read), for the reader to report with its
    #: own (``parse_text(..., defer=True)``).
    problems: tuple[Problem, ...] = ()
    #: The paths of those problems' values, read as a placeholder: the reader says
    #: nothing more about them (each problem is reported once).
    broken: tuple[tuple[str, ...], ...] = ()

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
    """What one walk over the composed nodes finds.

    ``problems`` stop the reading (an alias inside its own node); ``deferred`` do
    not: the node at fault was made readable (read as a plain string, list or
    mapping, or emptied) and its path is in ``broken``, so that the checks of the
    data report the rest of the file and say nothing more about that node.
    """

    lines: dict[tuple[str, ...], int]
    problems: list[Problem]
    expanded: int
    written: int = 0
    deferred: list[Problem] = field(default_factory=list)
    broken: list[tuple[str, ...]] = field(default_factory=list)


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


def _plain_tag(node: Node) -> str:
    """The tag of ``node`` read as a plain node: a string, a list or a mapping."""
    if isinstance(node, MappingNode):
        return _CORE + "map"
    return _CORE + ("seq" if isinstance(node, SequenceNode) else "str")


def _tag_fault(node: Node) -> str | None:
    """What is wrong with the tag of ``node``, or None. A tag outside the core schema is
    refused; a core tag must fit its node (``!!map`` on a mapping, ``!!int`` on a whole
    number ...), or ruamel's constructors would fail in Python's words."""
    tag = str(node.tag)
    if tag not in ALLOWED_TAGS:
        return (f"YAML tag {_tag_name(tag)} is not allowed: a scenario holds only strings, "
                "numbers, booleans, null, lists and mappings")
    kind = _SCALAR_FORMS.get(tag)
    if kind is not None:
        if not isinstance(node, ScalarNode):
            return f"YAML tag {_tag_name(tag)} is for a single value, not {_node_kind(node)}"
        if kind.fullmatch(str(node.value)) is None:
            return f"YAML tag {_tag_name(tag)} does not fit the value {str(node.value)!r}"
    elif tag in (_CORE + "map", _CORE + "seq") and tag != _plain_tag(node):
        return f"YAML tag {_tag_name(tag)} does not fit {_node_kind(node)}"
    return None


def _node_kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    return "a list" if isinstance(node, SequenceNode) else "a single value"


class _Faults:
    """The deferred problems of a walk: each node at fault is made readable in place
    (:func:`_plain_tag`, :data:`REPLACEMENT` for characters) and its path marked broken."""

    def __init__(self, controls: dict[int, str]) -> None:
        self.controls = controls  # the control characters replaced in the text, by offset
        self.offsets = sorted(controls)
        self.problems: list[Problem] = []
        self.broken: list[tuple[str, ...]] = []

    def add(self, path: tuple[str, ...], message: str, line: int, broken: bool = True) -> None:
        self.problems.append(Problem(dotted(path), message, line))
        if broken:
            self.broken.append(path)

    def node(self, node: Node, path: tuple[str, ...]) -> None:
        """The faults of one node: its tag and, for a single value, its characters and digits."""
        line = node.start_mark.line + 1
        if node.tag in AS_STRING_TAGS or _beyond_core_number(node):
            node.tag = _CORE + "str"
        elif (fault := _tag_fault(node)) is not None:  # a tagged document is checked still
            self.add(path, fault, line, broken=bool(path))
            node.tag = _plain_tag(node)
        if not isinstance(node, ScalarNode):
            return
        text = str(node.value)
        if (half := _SURROGATE.search(text)) is not None:
            self.add(path, f"the escape \\u{ord(half.group()):04x} is half of a UTF-16 pair, "
                           "not a character (no UTF-8 text can hold it): write the character "
                           "itself", line)
            node.value = _SURROGATE.sub(REPLACEMENT, text)
        start = bisect.bisect_left(self.offsets, node.start_mark.index)
        stop = bisect.bisect_left(self.offsets, node.end_mark.index)
        if stop > start:
            self.add(path, _control_message(self.controls[self.offsets[start]]), line)
            del self.offsets[start:stop]
        if node.tag == _CORE + "int" and len(text) > MAX_DIGITS:
            self.add(path, f"a whole number of {len(text):,} digits is too long to read "
                           f"(at most {MAX_DIGITS:,})", line)
            node.tag = _CORE + "str"

    def left(self, text: str) -> list[Problem]:
        """The control characters outside every value (in comments, between tokens)."""
        return [Problem("", _control_message(self.controls[k]), text.count("\n", 0, k) + 1)
                for k in self.offsets]


def _key_path(path: tuple[str, ...], key: Node) -> tuple[str, ...]:
    return path + (_SURROGATE.sub(REPLACEMENT, _key_name(key)),)


def _walk(root: Node, text: str = "", controls: dict[int, str] | None = None,
          max_expanded_nodes: int = MAX_EXPANDED_NODES) -> _Walk:
    """Lines, faults of nodes, duplicate keys and the alias-expanded size, in one pass.

    Each node is entered once (an alias is a second reference to the same node
    object); the expanded size is memoised per node, and a node met again
    while it is still being expanded is an alias that contains itself (which
    stops the reading). Every other fault is deferred (:class:`_Faults`): a
    collection nested too deep is read as empty. ``controls`` maps the offset in
    ``text`` of each control character replaced (:func:`_replace_controls`) to it.
    Expanded sizes are counted up to well past ``max_expanded_nodes`` (then capped,
    so that a bomb's size stays a small integer).
    """
    lines: dict[tuple[str, ...], int] = {}
    problems: list[Problem] = []
    faults = _Faults(controls or {})
    twice: list[Problem] = []
    size: dict[int, int] = {}
    open_: set[int] = set()
    written = 0
    cap = 10 * (max_expanded_nodes + MAX_NODES)
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
        open_.add(id(node))
        written += 1
        faults.node(node, path)
        if len(path) == MAX_DEPTH and not isinstance(node, ScalarNode) and node.value:
            first, deep = next((n, c) for n, c in _children(node) if n is not None)
            faults.add(path + (str(first),), f"nested more than {MAX_DEPTH} levels deep",
                       deep.start_mark.line + 1)
            node.value = []  # read as an empty list or mapping
        if isinstance(node, MappingNode):
            for key, _ in node.value:  # a key's faults are located at the key
                if isinstance(key, ScalarNode) and id(key) not in size:
                    faults.node(key, _key_path(path, key))
                    size[id(key)] = 1
                    written += 1
            twice += _duplicate_keys(node, path)
            for key, _ in reversed(node.value):  # a key given twice: the first is read
                lines[path + (_key_name(key),)] = key.start_mark.line + 1
        stack.append((node, path, True))
        for name, child in reversed(_children(node)):
            stack.append((child, path if name is None else path + (name,), False))
    return _Walk(lines, problems, size.get(id(root), cap), written,
                 faults.problems + faults.left(text) + twice, faults.broken)


def _control_message(char: str) -> str:
    return (f"the control character U+{ord(char):04X} is not allowed in YAML text: remove it, "
            "or write it as an escape in a double-quoted string (\"\\x"
            f"{ord(char):02x}\")")


def _replace_controls(text: str) -> tuple[str, dict[int, str]]:
    """``text`` with each character YAML does not allow (control characters but tab and
    the line ends, YAML 1.2.2 section 5.1) made :data:`REPLACEMENT`, and the characters
    replaced, by offset: the reader would stop at the first of them."""
    found = {m.start(): m.group() for m in _NON_PRINTABLE.finditer(text)}
    return (_NON_PRINTABLE.sub(REPLACEMENT, text) if found else text), found


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


def _directive(text: str) -> tuple[str, list[Problem]]:
    """A ``%YAML`` directive other than 1.2 is a problem; the text is then read as YAML
    1.2 (the directive rewritten in place), so that the rest of the file is checked."""
    m = _DIRECTIVE.search(text)
    if not m or m.group(1) == "1.2":
        return text, []
    line = text.count("\n", 0, m.start()) + 1
    problem = Problem("", f"only YAML 1.2 is read (yes and no are strings); remove the "
                          f"directive '%YAML {m.group(1)}'", line)
    return text[:m.start(1)] + "1.2" + text[m.end(1):], [problem]


def parse_text(text: str, source: str = "<string>", defer: bool = False,
               max_expanded_nodes: int = MAX_EXPANDED_NODES) -> Document:
    """Parse YAML text into a :class:`Document`, or raise :class:`ScenarioError`.

    Every problem of the document that leaves it readable is collected, and the
    reading goes on (a bad tag: the plain value; a control character or a lone
    surrogate: U+FFFD; a whole number too long: a string; nesting too deep: an
    empty collection; a ``%YAML 1.1`` directive: read as 1.2; a key given twice:
    the first value). With ``defer`` they are returned as ``Document.problems``
    (their paths as ``Document.broken``), so that the caller reports them with the
    problems it finds in the data, all at once (SPEC section 2); without, they are
    raised together. What cannot be read at all (not YAML, an alias bomb: aliases
    that would add more than ``max_expanded_nodes`` nodes, an alias inside its own
    node) is raised with the problems found before it.

    >>> parse_text("name: yes\\nwhen: 2025-05-15\\n").data
    {'name': 'yes', 'when': '2025-05-15'}
    >>> parse_text("a: [0_4, 0b101, 0x_1F, 0x1F, 1e-3]").data
    {'a': ['0_4', '0b101', '0x_1F', 31, 0.001]}
    >>> doc = parse_text("a: !!python/name:os.system x\\nb: 1\\n", defer=True)
    >>> doc.data, [p.message[:32] for p in doc.problems], doc.broken
    ({'a': 'x', 'b': 1}, ['YAML tag !!python/name:os.system'], (('a',),))
    """
    if not text.strip():
        raise ScenarioError([Problem("", "the file is empty")], source)
    text, early = _directive(text)
    text, controls = _replace_controls(text)

    def stop(problems: list[Problem]) -> ScenarioError:
        return ScenarioError(sorted(early + problems, key=lambda p: p.line or 0), source)

    yaml = YAML(typ="safe", pure=True)
    try:
        try:
            with warnings.catch_warnings():  # an anchor defined twice is YAML (the last one
                warnings.simplefilter("ignore", YAMLWarning)  # counts), not a Python warning
                root = yaml.compose(io.StringIO(text))
        except RecursionError:  # nested far past MAX_DEPTH: say where, from the events
            raise stop([_too_deep(text)]) from None
        if root is None:
            raise stop([Problem("", "the file holds no YAML document (only comments?)")])
        walk = _walk(root, text, controls, max_expanded_nodes)
        if walk.problems:
            raise stop(walk.problems + walk.deferred)
        if walk.written > MAX_NODES:
            raise stop([Problem("", f"the document is too large: more than {MAX_NODES:,} nodes")]
                       + walk.deferred)
        if walk.expanded - walk.written > max_expanded_nodes:
            raise stop([Problem("", f"the document is inflated by YAML aliases: they would add "
                                    f"more than {max_expanded_nodes:,} nodes")] + walk.deferred)
        deferred = early + walk.deferred
        if deferred and not defer:
            raise stop(walk.deferred)
        yaml.constructor.allow_duplicate_keys = True  # each is one of the problems deferred
        data = yaml.constructor.construct_document(root)
    except ScenarioError:
        raise
    except YAMLError as exc:
        raise stop([_yaml_problem(exc, text)] + [Problem("", _control_message(c), text.count(
            "\n", 0, k) + 1) for k, c in controls.items()]) from None
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, OverflowError):
        raise stop([Problem("", "not valid YAML: a value cannot be read")]) from None
    return Document(data, source, walk.lines, tuple(deferred), tuple(walk.broken))


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
