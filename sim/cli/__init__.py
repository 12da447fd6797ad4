"""The ``negsim`` command line (SPEC section 4): parse the arguments
(:mod:`.parser`), check the targets, call the command (:mod:`.solve`,
:mod:`.dynamics`, :mod:`.sampling`, :mod:`.files`, and the import and forecast
commands of :mod:`sim.genius.command` and :mod:`sim.spatial.command`) and map
errors to exit statuses (:mod:`.exits`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..counts import check_counts
from ..errors import AnalysisError, ScenarioError
from ..outputs import CannotWrite, check_target
from .exits import EXIT_BAD_INPUT, EXIT_ERROR, EXIT_OK
from .parser import DESCRIPTION, EPILOG, build_parser

__all__ = ["DESCRIPTION", "EPILOG", "EXIT_BAD_INPUT", "EXIT_ERROR", "EXIT_OK", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    from ..terminal import escaped_output

    with escaped_output():  # names from input files never reach the terminal raw
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        source = next((str(getattr(args, name)) for name in ("scenario", "sweep", "domain", "results")
                       if getattr(args, name, None) is not None), None)
        check_counts(vars(args), source)
        kind = getattr(args, "out_kind", None)  # each command says what its --out/-o writes
        if getattr(args, "out", None) is not None and kind is not None:  # before any work
            check_target(args.out, kind, "--out", source)
        if getattr(args, "scheduler", None) is not None:
            from ..sweep.address import check_address

            check_address(args.scheduler, source)
        return args.func(args)
    except ScenarioError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except AnalysisError as exc:
        print(exc.format(getattr(args, "scenario", None)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except CannotWrite as exc:  # after the work: what was printed stays
        print(exc.message(), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head & co.: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            raise
        print(f"negsim: internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
              file=sys.stderr)
        return EXIT_ERROR

