"""Reading a YAML document safely: YAML 1.2 core schema, no tags, no alias bombs.

The document is composed once into nodes (to know line numbers and to measure
how far aliases would inflate it) and then constructed with ruamel's safe
constructor, which refuses language-specific tags such as ``!!python/object``
and keys given twice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, ScenarioError

#: A document whose alias-expanded tree has more nodes than this is refused.
MAX_EXPANDED_NODES = 200_000
#: Files larger than this are refused before parsing.
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: its data and the line of every dotted path."""

    data: Any
    source: str
    lines: dict[tuple[Any, ...], int]

    def line_of(self, path: tuple[Any, ...]) -> int | None:
        """Line of the deepest known prefix of ``path`` (1-based)."""
        for n in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:n]))
            if line is not None:
                return line
        return None


def _expanded_size(root: Node) -> int:
    """Number of nodes the tree would have with every alias expanded (memoised)."""
    memo: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in memo:
            continue
        if isinstance(node, ScalarNode):
            memo[id(node)] = 1
            continue
        children = (
            [c for kv in node.value for c in kv] if isinstance(node, MappingNode) else node.value
        )
        if done:
            memo[id(node)] = min(1 + sum(memo[id(c)] for c in children), 10 * MAX_EXPANDED_NODES)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in memo)
    return memo[id(root)]


def _line_map(root: Node) -> dict[tuple[Any, ...], int]:
    """Dotted path -> 1-based line, walking each node once (aliases not re-entered)."""
    lines: dict[tuple[Any, ...], int] = {}
    seen: set[int] = set()
    stack: list[tuple[Node, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, ScalarNode) else str(key)
                lines[path + (name,)] = key.start_mark.line + 1
                stack.append((value, path + (name,)))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, path + (i,)))
    return lines


def _yaml_problem(exc: YAMLError) -> Problem:
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if "found duplicate key" in what or "DuplicateKey" in type(exc).__name__:
            what = "a key is given twice in one mapping: " + what
        elif "could not determine a constructor" in what:
            what = "YAML tags are not allowed (safe loader): " + what
        return Problem("", f"not valid YAML: {what}", mark.line + 1 if mark else None)
    return Problem("", f"not valid YAML: {exc}")


def parse_text(text: str, source: str = "<string>") -> Document:
    """Parse YAML text into a :class:`Document`, or raise :class:`ScenarioError`."""
    if not text.strip():
        raise ScenarioError([Problem("", "the file is empty")], source)
    yaml = YAML(typ="safe", pure=True)
    try:
        root = yaml.compose(io.StringIO(text))
        if root is None:
            raise ScenarioError([Problem("", "the file holds no YAML document")], source)
        size = _expanded_size(root)
        if size > MAX_EXPANDED_NODES:
            raise ScenarioError(
                [Problem("", f"the document is inflated by YAML aliases: it would expand to "
                             f"more than {MAX_EXPANDED_NODES:,} nodes")],
                source,
            )
        data = yaml.load(io.StringIO(text))
    except ScenarioError:
        raise
    except YAMLError as exc:
        raise ScenarioError([_yaml_problem(exc)], source) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise ScenarioError([Problem("", f"not valid YAML: {exc}")], source) from None
    return Document(data, source, _line_map(root))


def read_document(path: str | Path) -> Document:
    """Read and parse a YAML file, with errors that name the file."""
    p = Path(path)
    source = str(path)
    try:
        if p.is_dir():
            raise ScenarioError([Problem("", "is a folder, not a scenario file")], source)
        if p.stat().st_size > MAX_BYTES:
            raise ScenarioError([Problem("", f"the file is larger than {MAX_BYTES:,} bytes")], source)
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem("", "no such file")], source) from None
    except OSError as exc:
        raise ScenarioError([Problem("", f"cannot read the file: {exc.strerror}")], source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem("", f"not UTF-8 text (byte {exc.start})")], source) from None
    return parse_text(text, source)
