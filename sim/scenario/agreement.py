"""The check of the ``agreement:`` section (SPEC section 11).

:func:`build_agreement` checks the rule against the parties and issues of the file
and builds its :class:`~sim.scenario.types.Agreement`: ``quorum`` between 1
and the number of parties, ``threshold`` only with ``votes``, ``votes`` only
with a ``threshold``, known parties and issues, a ``default`` that is an
option of its issue (or, for a continuous issue, a number in its range).
"""

from __future__ import annotations

from .. import schema
from ..distributions import is_finite_number
from ..errors import describe_value, did_you_mean
from .problems import CheckContext
from .types import Agreement, Implementers, Issue


def _default(issue: Issue, value: object, path: tuple, ctx: CheckContext) -> float | None:
    """The default as an option index (discrete) or a value (continuous), or None."""
    if issue.options is not None:
        if isinstance(value, str) and value in issue.options:
            return float(issue.options.index(value))
        text = describe_value(value)
        hint = (f": quote it (\"{text}\")" if not isinstance(value, str) and text in issue.options
                else did_you_mean(value, issue.options) or f" (options: {', '.join(issue.options)})")
        ctx.out.add(path, f"default {text} is not an option of issue {issue.name!r}{hint}")
        return None
    assert issue.lo is not None and issue.hi is not None
    if not is_finite_number(value) or not issue.lo <= float(value) <= issue.hi:  # type: ignore[arg-type]
        ctx.out.add(path, f"default of the continuous issue {issue.name!r} is a number in "
                          f"[{issue.lo:g}, {issue.hi:g}], got {describe_value(value)}")
        return None
    return float(value)  # type: ignore[arg-type]


def _implementers(am: schema.AgreementModel, ctx: CheckContext) -> list[Implementers] | None:
    out, found, ok = ctx.out, [], True
    issues = {i.name: k for k, i in enumerate(ctx.issues)}
    for name, im in am.implementers.items():
        path = ("agreement", "implementers", name)
        known = ctx.known_issue(name, path)
        parties = []
        if not im.parties:
            out.add(path + ("parties",), "name at least one party that must carry out this issue")
            ok = False
        for k, p in enumerate(im.parties):
            if not ctx.known_party(p, path + ("parties", k)):
                ok = False
            elif p in im.parties[:k]:
                out.add(path + ("parties", k), f"party {p!r} is named twice")
                ok = False
            else:
                parties.append(ctx.party_names.index(p))
        if not known:
            ok = False
            continue
        default = _default(ctx.issues[issues[name]], im.default, path + ("default",), ctx)
        if default is None:
            ok = False
            continue
        found.append(Implementers(issues[name], tuple(parties), default))
    return found if ok else None


def build_agreement(am: schema.AgreementModel | None, ctx: CheckContext) -> Agreement | None:
    """The rule, or None without an ``agreement`` section (or when it has problems,
    which are then reported)."""
    if am is None:
        return None
    out, n_problems = ctx.out, len(ctx.out.items)
    n_parties = len(ctx.party_names)
    if am.quorum is not None and not 1 <= am.quorum <= n_parties:
        out.add(("agreement", "quorum"), f"quorum must be between 1 and the number of parties "
                                         f"({n_parties}), got {am.quorum}")
    if am.threshold is not None and am.votes is None and not out.broken_under(("agreement", "votes")):
        out.add(("agreement", "threshold"), "a threshold needs 'votes' (the parties' vote weights)")
    if am.votes is not None and am.threshold is None and not out.broken_under(("agreement",
                                                                               "threshold")):
        out.add(("agreement", "votes"), "votes need a 'threshold' (the votes a deal must gather)")
    votes = None
    if am.votes is not None:
        for p in am.votes:
            ctx.known_party(p, ("agreement", "votes", p))
        votes = tuple(float(am.votes.get(p, 0.0)) for p in ctx.party_names)
    implementers = _implementers(am, ctx)
    if len(out.items) > n_problems or implementers is None or out.broken_under(("agreement",)):
        return None
    return Agreement(am.quorum, votes, am.threshold, tuple(implementers))
