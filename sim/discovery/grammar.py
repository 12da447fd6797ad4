"""The conditions of ``negsim discover``: a tiny expression grammar and its syntax tree.

A condition on the report (``zopa.exists == false and not (zopa.size > 10)``)
is read by this small parser (:func:`parse`), never by ``eval``; the tree is
made of :class:`Compare`, :class:`Not` and :class:`BoolOp`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Conditions: a tiny expression grammar
#
#   expr       := conjunct ("or" conjunct)*
#   conjunct   := negation ("and" negation)*
#   negation   := "not" negation | "(" expr ")" | comparison
#   comparison := FIELD [OP literal]        OP: == != < <= > >=
#   literal    := number | true | false | null | name | 'text' | "text"
#
# A FIELD alone is true where it is true (a boolean), non-zero (a number) or
# present (an option). null is the value of a field where there is no deal.

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<text>'[^']*'|"[^"]*")
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<paren>[()])
  | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
""", re.VERBOSE)
KEYWORDS = {"and", "or", "not"}
LITERALS = {"true": True, "false": False, "null": None}
OPS = ("==", "!=", "<=", ">=", "<", ">")


@dataclass(frozen=True)
class Compare:
    """``field op value`` (``op`` None: the field's truth)."""

    field: str
    op: str | None = None
    value: Any = None


@dataclass(frozen=True)
class Not:
    arg: Any


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    args: tuple[Any, ...]


class ConditionError(ValueError):
    """A condition that does not parse: the message says where (1-based character)."""


def _tokens(text: str) -> list[tuple[str, Any, int]]:
    out: list[tuple[str, Any, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ConditionError(f"character {pos + 1}: unexpected {text[pos]!r}")
        kind = m.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        word = m.group()
        if kind == "number":
            out.append(("literal", float(word), pos))
        elif kind == "text":
            out.append(("literal", word[1:-1], pos))
        elif kind == "name" and word in KEYWORDS:
            out.append((word, word, pos))
        elif kind == "name" and word in LITERALS:
            out.append(("literal", LITERALS[word], pos))
        elif kind != "space":
            out.append((kind, word, pos))
        pos = m.end()
    return out


def parse(text: str, default_field: str | None = None) -> Any:
    """The syntax tree of a condition.

    A condition that starts with an operator applies it to ``default_field``
    (``--output zopa.exists --condition '== false'``).

    >>> parse("zopa.exists == false and not (zopa.size > 10)")
    BoolOp(op='and', args=(Compare(field='zopa.exists', op='==', value=False), Not(arg=Compare(field='zopa.size', op='>', value=10.0))))
    >>> parse("== 'neutrality'", "solutions.nash.outcome.nato")
    Compare(field='solutions.nash.outcome.nato', op='==', value='neutrality')
    """
    tokens = _tokens(text)
    if tokens and tokens[0][0] == "op":
        if default_field is None:
            raise ConditionError(f"character 1: {tokens[0][1]!r} needs a field before it "
                                 f"(or give --output FIELD)")
        tokens.insert(0, ("name", default_field, 0))
    if not tokens:
        raise ConditionError("the condition is empty")
    i = 0

    def peek() -> tuple[str, Any, int]:
        return tokens[i] if i < len(tokens) else ("end", None, len(text))

    def where(tok: tuple[str, Any, int]) -> str:
        return "the end" if tok[0] == "end" else f"character {tok[2] + 1} ({str(tok[1])!r})"

    def chain(op: str, operand) -> Any:
        """``operand (op operand)*``: one operand, or a BoolOp of them."""
        nonlocal i
        args = [operand()]
        while peek()[0] == op:
            i += 1
            args.append(operand())
        return args[0] if len(args) == 1 else BoolOp(op, tuple(args))

    def expr() -> Any:
        return chain("or", lambda: chain("and", negation))

    def negation() -> Any:
        nonlocal i
        tok = peek()
        if tok[0] == "not":
            i += 1
            return Not(negation())
        if tok[0] == "paren" and tok[1] == "(":
            i += 1
            inner = expr()
            if peek()[:2] != ("paren", ")"):
                raise ConditionError(f"{where(peek())}: expected ')'")
            i += 1
            return inner
        if tok[0] != "name":
            raise ConditionError(f"{where(tok)}: expected a report field, 'not' or '('")
        i += 1
        if peek()[0] != "op":
            return Compare(tok[1])
        op = peek()[1]
        i += 1
        value = peek()
        if value[0] == "name":  # a bare word on the right: an option's name
            i += 1
            return Compare(tok[1], op, value[1])
        if value[0] != "literal":
            raise ConditionError(f"{where(value)}: expected a value after {op!r}")
        i += 1
        return Compare(tok[1], op, value[1])

    tree = expr()
    if i < len(tokens):
        raise ConditionError(f"{where(tokens[i])}: expected 'and', 'or' or the end")
    return tree


def fields_of(tree: Any) -> list[str]:
    """The report fields a condition reads, in order."""
    if isinstance(tree, Compare):
        return [tree.field]
    if isinstance(tree, Not):
        return fields_of(tree.arg)
    return list(dict.fromkeys(f for a in tree.args for f in fields_of(a)))
