"""GENIUS XML: import ANAC / GENIUS negotiation domains as negsim scenarios and back.

- :func:`import_files` / :func:`import_folder`: a domain and its profiles ->
  :class:`Imported` (a scenario document, warnings); :func:`to_yaml` writes it.
- :func:`load_folder`: a folder -> a validated :class:`~sim.scenario.Scenario`
  (what ``negsim run FOLDER`` does).
- :func:`export_genius`: a scenario -> GENIUS XML files, with the list of what
  GENIUS cannot express.

See ``docs/genius.md`` for the mapping and its limits.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .exporter import Exported, export_genius
    from .files import FilesError, import_files, import_folder
    from .importer import Imported
    from .yamltext import to_yaml

#: Where each public name lives. The submodules (the XML stack) are imported on
#: first use (PEP 562), so that ``negsim``'s argument parser, which registers the
#: GENIUS subcommands through :mod:`sim.genius.command`, does not pay for them.
_HOME = {"Exported": "exporter", "export_genius": "exporter", "FilesError": "files",
         "import_files": "files", "import_folder": "files", "Imported": "importer",
         "to_yaml": "yamltext"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_folder(folder: str | Path):
    """Import a GENIUS folder in memory and validate it as a scenario.

    Returns the :class:`~sim.scenario.Scenario` and the import's warnings.
    """
    from ..scenario import from_dict
    from .files import import_folder

    imported = import_folder(folder)
    return from_dict(imported.document, source=str(folder)), imported.warnings


__all__ = ["Exported", "FilesError", "Imported", "export_genius", "import_files", "import_folder",
           "load_folder", "to_yaml"]
