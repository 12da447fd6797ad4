"""Writing an imported scenario document as YAML text (ruamel.yaml, YAML 1.2).

The header comment says where the scenario came from and repeats the import's
warnings, so that a file read later still tells its story; the data itself is
exactly the document, so reading the text back gives the same dict.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .importer import Imported

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


def to_yaml(imported: Imported) -> str:
    """The scenario as YAML, with a header comment naming the GENIUS files."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    header = ["Imported by negsim from GENIUS: " + ", ".join(Path(f).name for f in imported.files)]
    header += [f"warning: {p.format(Path(f).name)}" for f, p in imported.notes]
    doc = _commented(imported.document)
    doc.yaml_set_start_comment("\n".join(header))
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()
