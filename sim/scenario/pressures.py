"""The check of a pressure: senders, target, demand, costs and credibility (SPEC section 3).

:func:`build_pressure` checks one pressure of the file against the names of its
parties and issues and builds its :class:`~sim.scenario.types.Pressure`.
"""

from __future__ import annotations

from .. import schema
from ..conditions import Condition
from ..distributions import is_finite_number
from ..errors import describe_value, did_you_mean
from .problems import CheckContext, check_provenance
from .types import APPLIES_TO, Pressure


def build_pressure(name: str, pm: schema.PressureModel, ctx: CheckContext) -> Pressure | None:
    """The typed :class:`Pressure` of ``pressures.NAME`` (validated by the schema), or
    None when its checks reported a problem to ``ctx.out``."""
    path = ("pressures", name)
    out = ctx.out
    n_problems = len(out.items)
    senders = [pm.by] if isinstance(pm.by, str) else pm.by
    if not isinstance(senders, list) or not senders:
        out.add(path + ("by",), f"by is a list of sender party names, not {describe_value(pm.by)}")
        senders = []
    for k, s in enumerate(senders):
        ctx.known_party(s, path + (("by", k) if isinstance(pm.by, list) else ("by",)))
    for k, s in enumerate(senders):
        if s in senders[:k]:
            out.add(path + ("by",), f"sender {s!r} is named twice")
    ctx.known_party(pm.target, path + ("target",))
    if not out.broken_under(path + ("by",)):
        for key, table in (("cost", pm.cost), ("backing_down_cost", pm.backing_down_cost)):
            for s in table:
                if s not in senders:
                    out.add(path + (key, s), f"{s!r} is not a sender of this pressure "
                            f"(senders: {', '.join(map(str, senders))})")
    if pm.applies_to not in APPLIES_TO:
        out.add(path + ("applies_to",), f"applies_to is 'outcomes' (the default: outcomes that "
                f"do not meet the demand lose) or 'impasse' (only the disagreement point moves), "
                f"not {describe_value(pm.applies_to)}" + did_you_mean(pm.applies_to, APPLIES_TO))
    if pm.demand is not None:
        demand = ctx.condition(pm.demand, path + ("demand",))
    elif pm.applies_to == "impasse":
        demand = Condition(())  # an act outside the settlement: every outcome 'meets' it
    else:
        out.add(path + ("demand",), "required key is missing (only a pressure with "
                                    "'applies_to: impasse' may leave out its demand)")
        demand = None
    cred = pm.credibility
    if cred != "auto" and not is_finite_number(cred):
        hint = did_you_mean(cred, ("auto",)) if isinstance(cred, str) else ""
        out.add(path + ("credibility",),
                f"credibility is a number in [0, 1] or 'auto', got {describe_value(cred)}{hint}")
    if pm.at_round < 1:
        out.add(path + ("at_round",), f"at_round must be >= 1, got {pm.at_round}")
    check_provenance(pm.provenance, path, schema.PressureModel, out)
    if len(out.items) > n_problems or out.broken_under(path) or demand is None:
        return None
    return Pressure(name, tuple(senders), pm.target, demand, pm.penalty, dict(pm.cost),
                    cred if cred == "auto" else float(cred), dict(pm.backing_down_cost),
                    pm.reward, pm.at_round, pm.label, pm.applies_to, pm.compliance_cost)

