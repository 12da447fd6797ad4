"""Rendering :mod:`.model` objects as GENIUS XML text.

The layout follows the files GENIUS itself writes (a ``<negotiation_template>``
domain; a ``<utility_space>`` profile with one ``<issue>`` per domain issue,
then the ``<weight>`` elements, the reservation value and the discount
factor). Numbers are written with Python's shortest round-trip ``repr``, so
that reading a file back gives the very same floats.

>>> from .model import GeniusDomain, GeniusIssue
>>> text = domain_xml(GeniusDomain("d", (GeniusIssue("n", "integer", lo=0, hi=3),)))
>>> text.splitlines()[4].split(" etype")[0], text.splitlines()[4].endswith('upperbound="3"/>')
('    <issue index="1" name="n"', True)
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .model import Constant, Discrete, Evaluator, GeniusDomain, GeniusIssue, GeniusProfile, Linear

ROOT_OBJECTIVE = '<objective index="0" name="root" description="" etype="objective" type="objective">'


def _num(x: float) -> str:
    return repr(float(x))


def _head(index: int, issue: GeniusIssue) -> str:
    kind = issue.kind
    head = (f'<issue index="{index}" name={quoteattr(issue.name)} etype="{kind}" type="{kind}" '
            f'vtype="{kind}"')
    if kind == "integer":
        head += f' lowerbound="{int(issue.lo)}" upperbound="{int(issue.hi)}"'
    return head


def domain_xml(domain: GeniusDomain) -> str:
    """The domain file (``<negotiation_template>``)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<negotiation_template>",
             f'<utility_space number_of_issues="{len(domain.issues)}">', ROOT_OBJECTIVE]
    for k, issue in enumerate(domain.issues, start=1):
        if issue.kind == "integer":
            lines.append(f"    {_head(k, issue)}/>")
            continue
        lines.append(f"    {_head(k, issue)}>")
        if issue.kind == "real":
            lines.append(f'        <range lowerbound="{_num(issue.lo)}" upperbound="{_num(issue.hi)}"/>')
        for j, value in enumerate(issue.values, start=1):
            lines.append(f'        <item index="{j}" value={quoteattr(value)} cost="0" '
                         f'description={quoteattr(value)}/>')
        lines.append("    </issue>")
    lines += ["</objective>", "</utility_space>", "</negotiation_template>", ""]
    return "\n".join(lines)


def _evaluator(issue: GeniusIssue, ev: Evaluator) -> list[str]:
    if isinstance(ev, Discrete):
        return [f'        <item index="{j}" value={quoteattr(v)} evaluation="{_num(e)}"/>'
                for j, (v, e) in enumerate(zip(issue.values, ev.evaluations), start=1)]
    if issue.kind == "integer":
        return [f'        <evaluator ftype="linear" slope="{_num(ev.slope)}" offset="{_num(ev.offset)}"/>']
    rng = f'        <range lowerbound="{_num(issue.lo)}" upperbound="{_num(issue.hi)}"/>'
    if isinstance(ev, Linear):
        body = f'ftype="linear" parameter0="{_num(ev.offset)}" parameter1="{_num(ev.slope)}"'
    elif isinstance(ev, Constant):
        body = f'ftype="constant" parameter0="{_num(ev.value)}"'
    else:
        body = (f'parameter0="{_num(ev.lower)}" parameter1="{_num(ev.upper)}" '
                f'parameter2="{_num(ev.top)}"')
        if ev.top_value == 1.0:
            body = 'ftype="triangular" ' + body
        else:
            body = f'ftype="triangular_variable_top" {body} parameter3="{_num(ev.top_value)}"'
    return [rng, f"        <evaluator {body}/>"]


def profile_xml(domain: GeniusDomain, profile: GeniusProfile) -> str:
    """A profile file (``<utility_space>``) over ``domain``."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<utility_space>", ROOT_OBJECTIVE]
    for k, (issue, ev) in enumerate(zip(domain.issues, profile.evaluators), start=1):
        lines.append(f"    {_head(k, issue)}>")
        lines += _evaluator(issue, ev)
        lines.append("    </issue>")
    lines += [f'    <weight index="{k}" value="{_num(w)}"/>'
              for k, w in enumerate(profile.weights, start=1)]
    lines += ["</objective>", f'<reservation value="{_num(profile.reservation)}"/>',
              f'<discount_factor value="{_num(profile.discount)}"/>', "</utility_space>", ""]
    return "\n".join(lines)
