"""``python -m sim``: the ``negsim`` command line."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
