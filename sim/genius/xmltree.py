"""Safe XML reading for GENIUS files: a small element tree with lines and paths.

The file is parsed with :mod:`defusedxml`'s SAX reader, which refuses entity
declarations (the "billion laughs" bomb) and external references (XXE), and is
turned into :class:`Node` objects that know their line and their parent, so
that every problem found later can say exactly where it is: its element path
(``utility_space/objective/issue[@name=Fund]/item[@value=x]``) is built only
when a problem is reported (storing it in every element made memory grow with
depth times key length: a 1 MB domain with a long issue name needed ~5 GB).

>>> root = parse_bytes(b'<a><issue name="x"><item value="1"/></issue></a>', "t.xml")
>>> root.children[0].children[0].path
'a/issue[@name=x]/item[@value=1]'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from ..document import read_bytes
from ..errors import Problem, ScenarioError

#: Elements deeper than this are refused (GENIUS files are a few levels deep).
MAX_DEPTH = 64
#: The attribute that identifies an element of each tag in a path.
KEY_ATTRIBUTE = {"issue": "name", "item": "value", "weight": "index", "objective": None}


@dataclass(eq=False, slots=True)
class Node:
    """One XML element: tag, attributes, children, its 1-based line and its parent."""

    tag: str
    attrib: dict[str, str]
    line: int | None
    parent: Node | None = field(default=None, repr=False)
    children: list[Node] = field(default_factory=list, repr=False)

    @property
    def path(self) -> str:
        """The element path from the root, each step with its key attribute
        (:data:`KEY_ATTRIBUTE`); built on demand, for messages."""
        steps = []
        node: Node | None = self
        while node is not None:
            steps.append(_step(node.tag, node.attrib))
            node = node.parent
        return "/".join(reversed(steps))

    def find(self, tag: str) -> list[Node]:
        """The direct children with this tag, in document order."""
        return [c for c in self.children if c.tag == tag]

    def first(self, tag: str) -> Node | None:
        found = self.find(tag)
        return found[0] if found else None

    def iter(self) -> Iterator[Node]:
        """This node and every descendant, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def problem(self, message: str, attribute: str | None = None) -> Problem:
        """A located problem at this element (or at one of its attributes)."""
        where = f"{self.path}/@{attribute}" if attribute else self.path
        return Problem(where, message, self.line)


def _step(tag: str, attrib: dict[str, str]) -> str:
    key = KEY_ATTRIBUTE.get(tag)
    if key and key in attrib:
        return f"{tag}[@{key}={attrib[key]}]"
    return tag


class _Builder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Node] = []
        self.root: Node | None = None

    def startElement(self, name: str, attrs) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise SAXException(f"elements nested deeper than {MAX_DEPTH} levels")
        attrib = {k: attrs[k] for k in attrs.getNames()}
        locator = getattr(self, "_locator", None)  # set by the parser (setDocumentLocator)
        line = locator.getLineNumber() if locator else None
        node = Node(name, attrib, line, self.stack[-1] if self.stack else None)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()


def parse_bytes(raw: bytes, source: str) -> Node:
    """Parse XML bytes into a :class:`Node` tree, or raise :class:`ScenarioError`."""
    from defusedxml import DefusedXmlException
    from defusedxml.sax import parseString

    if not raw.strip():
        raise ScenarioError([Problem("", "the file is empty")], source)
    builder = _Builder()
    try:
        parseString(raw, builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ScenarioError([Problem("", f"refused unsafe XML: {exc} (entity declarations and "
                                         "external references are not allowed)")], source) from None
    except SAXException as exc:
        line = None
        if hasattr(exc, "getLineNumber"):
            line = exc.getLineNumber()
        raise ScenarioError([Problem("", f"not well-formed XML: {exc.getMessage()}", line)],
                            source) from None
    if builder.root is None:
        raise ScenarioError([Problem("", "the file holds no XML element")], source)
    return builder.root


def read_xml(path: str | Path) -> Node:
    """Read and parse an XML file, with errors that name the file."""
    return parse_bytes(read_bytes(path, "XML file"), str(path))
