"""The check of ``observed:``, what the parties were seen to do (SPEC section 12).

Each item is a mapping with one key:

- ``{defied: PRESSURE}`` or ``{complied: PRESSURE}``: a pressure of the file;
- ``{rejected: {party: P, outcome: {...}}}`` or ``{accepted: {...}}``: a party of
  the file and an outcome naming every issue (as a war lottery's outcome does);
- ``{no_agreement: true}``: the talks found no zone of agreement.

:func:`build_observations` reports every defect at its dotted path
(``observed.1.rejected.outcome``) and builds the
:class:`~sim.scenario.types.Observation` list. What an observation *means*
under a set of numbers is :mod:`sim.observations`.
"""

from __future__ import annotations

from typing import Any

from ..errors import describe_value, unknown
from .parties import lottery_outcome
from .problems import CheckContext, check_keys
from .types import OBSERVATIONS, Observation


def build_observations(items: list[Any], pressure_names: list[str], ctx: CheckContext) -> list[Observation]:
    """The usable observations, in file order; each defect is reported."""
    found = []
    for k, item in enumerate(items):
        obs = _observation(item, ("observed", k), pressure_names, ctx)
        if obs is not None:
            found.append(obs)
    return found


def _observation(item: Any, path: tuple[Any, ...], pressure_names: list[str], ctx: CheckContext
                 ) -> Observation | None:
    out = ctx.out
    if not isinstance(item, dict) or len(item) != 1:
        out.add(path, "an observation is a mapping with one key, one of "
                      f"{', '.join(OBSERVATIONS)} (SPEC section 12), not {describe_value(item)}")
        return None
    (kind, value), = item.items()
    where = path + (kind,)
    if kind not in OBSERVATIONS:
        out.add(where, unknown("observation", kind, OBSERVATIONS))
        return None
    if kind in ("defied", "complied"):
        if not isinstance(value, str) or value not in pressure_names:
            out.add(where, unknown("pressure", value, pressure_names) if isinstance(value, str)
                    else f"{kind} names a pressure of the file, not {describe_value(value)}")
            return None
        return Observation(kind, pressure=value)
    if kind == "no_agreement":
        if value is not True:
            out.add(where, f"no_agreement takes true, not {describe_value(value)} (a deal that "
                           "was made is seen as each party's 'accepted' of its outcome)")
            return None
        return Observation(kind)
    return _stance(kind, value, where, ctx)


def _stance(kind: str, value: Any, path: tuple[Any, ...], ctx: CheckContext) -> Observation | None:
    """``rejected`` / ``accepted``: ``{party: P, outcome: {issue: option or number, ...}}``."""
    out = ctx.out
    if not isinstance(value, dict):
        out.add(path, f"{kind} is {{party: NAME, outcome: {{...every issue...}}}}, not "
                      f"{describe_value(value)}")
        return None
    if not check_keys(value, ("party", "outcome"), f"{kind} observation", path, out):
        return None
    party = value["party"]
    if not isinstance(party, str):
        out.add(path + ("party",), f"party is a party's name, not {describe_value(party)}")
        return None
    known = ctx.known_party(party, path + ("party",))
    point = lottery_outcome(value["outcome"], path + ("outcome",), ctx)
    if not known or point is None:
        return None
    return Observation(kind, party=party, point=point, outcome=dict(value["outcome"]))
