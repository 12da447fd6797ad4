"""Writing an imported scenario document as YAML text (ruamel.yaml, YAML 1.2).

The header comment says where the scenario came from and repeats the import's
warnings, so that a file read later still tells its story; the data itself is
exactly the document, so reading the text back gives the same dict.
"""

from __future__ import annotations

from pathlib import Path

from ..document import to_yaml_text
from .importer import Imported


def to_yaml(imported: Imported) -> str:
    """The scenario as YAML, with a header comment naming the GENIUS files."""
    header = ["Imported by negsim from GENIUS: " + ", ".join(Path(f).name for f in imported.files)]
    header += [f"warning: {p.format(Path(f).name)}" for f, p in imported.notes]
    return to_yaml_text(imported.document, header)
