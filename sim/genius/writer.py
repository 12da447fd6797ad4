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


def _xml_number(x: float) -> str:
    return repr(float(x))


def _range(issue: GeniusIssue) -> str:
    lo, hi = issue.bounds
    return f'<range lowerbound="{_xml_number(lo)}" upperbound="{_xml_number(hi)}"/>'


def _head(index: int, issue: GeniusIssue) -> str:
    kind = issue.kind
    head = (f'<issue index="{index}" name={quoteattr(issue.name)} etype="{kind}" type="{kind}" '
            f'vtype="{kind}"')
    if kind == "integer":
        lo, hi = issue.bounds
        head += f' lowerbound="{int(lo)}" upperbound="{int(hi)}"'
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
            lines.append(f"        {_range(issue)}")
        for j, value in enumerate(issue.values, start=1):
            lines.append(f'        <item index="{j}" value={quoteattr(value)} cost="0" '
                         f'description={quoteattr(value)}/>')
        lines.append("    </issue>")
    lines += ["</objective>", "</utility_space>", "</negotiation_template>", ""]
    return "\n".join(lines)


def _evaluator(issue: GeniusIssue, ev: Evaluator) -> list[str]:
    if isinstance(ev, Discrete):
        return [f'        <item index="{j}" value={quoteattr(v)} evaluation="{_xml_number(e)}"/>'
                for j, (v, e) in enumerate(zip(issue.values, ev.evaluations), start=1)]
    if issue.kind == "integer":
        assert isinstance(ev, Linear)  # an integer issue's evaluator is linear (the reader's)
        return [f'        <evaluator ftype="linear" slope="{_xml_number(ev.slope)}" offset="{_xml_number(ev.offset)}"/>']
    rng = f"        {_range(issue)}"
    if isinstance(ev, Linear):
        body = f'ftype="linear" parameter0="{_xml_number(ev.offset)}" parameter1="{_xml_number(ev.slope)}"'
    elif isinstance(ev, Constant):
        body = f'ftype="constant" parameter0="{_xml_number(ev.value)}"'
    else:
        body = (f'parameter0="{_xml_number(ev.lower)}" parameter1="{_xml_number(ev.upper)}" '
                f'parameter2="{_xml_number(ev.top)}"')
        if ev.top_value == 1.0:
            body = 'ftype="triangular" ' + body
        else:
            body = f'ftype="triangular_variable_top" {body} parameter3="{_xml_number(ev.top_value)}"'
    return [rng, f"        <evaluator {body}/>"]


def profile_xml(domain: GeniusDomain, profile: GeniusProfile) -> str:
    """A profile file (``<utility_space>``) over ``domain``."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<utility_space>", ROOT_OBJECTIVE]
    for k, (issue, ev) in enumerate(zip(domain.issues, profile.evaluators), start=1):
        lines.append(f"    {_head(k, issue)}>")
        lines += _evaluator(issue, ev)
        lines.append("    </issue>")
    lines += [f'    <weight index="{k}" value="{_xml_number(w)}"/>'
              for k, w in enumerate(profile.weights, start=1)]
    lines += ["</objective>", f'<reservation value="{_xml_number(profile.reservation)}"/>',
              f'<discount_factor value="{_xml_number(profile.discount)}"/>', "</utility_space>", ""]
    return "\n".join(lines)
