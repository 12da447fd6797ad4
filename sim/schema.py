"""The structure of a scenario file, as pydantic models (SPEC section 2).

These models check keys and types only: a misspelt key is an error, a string
is never silently read as a number. Fields whose YAML may take several forms
(value shapes, disagreement, conditions, credibility) are typed ``Any`` here
and checked by :mod:`sim.scenario`, which also resolves cross-references
(issues named in weights, options in conditions, parties in pressures).

:func:`check_structure` runs the models and turns pydantic's errors into
located, readable problems. It does not stop at the first defect: each field
that fails is removed (or, if it is required, replaced by an empty
placeholder) and the check repeated, so that the semantic checks can still run
on the rest of the file. The paths that failed are returned as ``broken``, so
that no second, derived complaint is made about them.
"""

from __future__ import annotations

import copy
import datetime
import math
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from .docpaths import value_at
from .errors import describe_value, did_you_mean, kind_of


def _whole(value: Any) -> Any:
    """Let ``1e8`` stand for the whole number 100000000 (YAML reads it as a float)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


#: A whole number; a float with no fractional part (``1e8``) is accepted.
WholeNumber = Annotated[int, BeforeValidator(_whole)]


def _date_or_text(value: Any) -> Any:
    """A date as YAML writes it (a string; a date object from a YAML 1.1 reader), or
    one error in the file's words: a union of types would give one per member."""
    if value is None or isinstance(value, (str, datetime.date)):
        return value
    raise PydanticCustomError("date_type", "expected a date")


#: The scenario's ``date:``, checked as a date (YYYY-MM-DD) by :mod:`sim.scenario`.
DateText = Annotated[Any, AfterValidator(_date_or_text)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class IssueModel(Strict):
    description: str | None = None
    label: str | None = None
    source: str | None = None
    options: list[Any] | None = None
    range: list[Any] | None = None
    unit: str | None = None


class InteractionModel(Strict):
    when: Any
    bonus: float
    source: str | None = None


class PartyModel(Strict):
    veto: bool = True
    label: str | None = None
    description: str | None = None
    weights: dict[str, float]
    values: dict[str, Any] = Field(default_factory=dict)
    disagreement: Any = 0.0
    red_lines: list[Any] = Field(default_factory=list)
    bargaining_power: float = 1.0
    discount: float = 1.0
    strategy: str = "subgame_perfect"
    interactions: list[InteractionModel] = Field(default_factory=list)
    source: str | None = None
    provenance: dict[str, str] = Field(default_factory=dict)


class PressureModel(Strict):
    by: Any
    target: str
    demand: Any = None
    applies_to: str = "outcomes"
    penalty: float = 0.0
    cost: dict[str, float] = Field(default_factory=dict)
    credibility: Any = 1.0
    backing_down_cost: dict[str, float] = Field(default_factory=dict)
    reward: float = 0.0
    compliance_cost: float = 0.0
    at_round: WholeNumber = 1
    label: str | None = None
    description: str | None = None
    source: str | None = None
    provenance: dict[str, str] = Field(default_factory=dict)


class GameModel(Strict):
    players: list[str]
    strategies: dict[str, list[Any]]
    payoffs: dict[str, list[list[float]]]
    label: str | None = None
    description: str | None = None
    source: str | None = None


class SolveModel(Strict):
    concepts: list[str] | None = None
    lotteries: bool = False
    resolution: WholeNumber = 101
    max_outcomes: WholeNumber = 100_000_000


class ImplementersModel(Strict):
    parties: list[str]
    default: Any
    source: str | None = None


class AgreementModel(Strict):
    quorum: WholeNumber | None = None
    votes: dict[str, float] | None = None
    threshold: float | None = None
    implementers: dict[str, ImplementersModel] = Field(default_factory=dict)
    description: str | None = None
    source: str | None = None


class ScenarioModel(Strict):
    name: str
    date: DateText = None
    description: str | None = None
    sources: list[str] = Field(default_factory=list)
    issues: dict[str, IssueModel]
    parties: dict[str, PartyModel]
    pressures: dict[str, PressureModel] = Field(default_factory=dict)
    games: dict[str, GameModel] = Field(default_factory=dict)
    breakdown: float = 0.0
    solve: SolveModel = Field(default_factory=SolveModel)
    observed: list[Any] = Field(default_factory=list)
    agreement: AgreementModel | None = None


#: Which model owns the keys at a location (``*`` = any name), for hints on misspelt keys.
KEY_OWNERS: dict[tuple[str, ...], type[BaseModel]] = {
    (): ScenarioModel,
    ("issues", "*"): IssueModel,
    ("parties", "*"): PartyModel,
    ("parties", "*", "interactions", "*"): InteractionModel,
    ("pressures", "*"): PressureModel,
    ("games", "*"): GameModel,
    ("solve",): SolveModel,
    ("agreement",): AgreementModel,
    ("agreement", "implementers", "*"): ImplementersModel,
}


def owner_of(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose keys live at ``loc`` (a pydantic location without the key)."""
    for pattern, model in KEY_OWNERS.items():
        if len(pattern) == len(loc) and all(p == "*" or p == str(v) for p, v in zip(pattern, loc)):
            return model
    return None


# ---------------------------------------------------------------------------
# Running the models and explaining their errors.

Loc = tuple[Any, ...]
#: Passes of remove-and-retry before giving up (each pass fixes every error it saw).
MAX_PASSES = 6

_WANT = {
    "float_type": "a number", "int_type": "a whole number", "int_from_float": "a whole number",
    "bool_type": "true or false", "string_type": "a string", "list_type": "a list",
    "dict_type": "a mapping", "model_type": "a mapping", "finite_number": "a finite number",
    "date_type": "a date written YYYY-MM-DD (e.g. 2025-05-16)",
}
_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


@dataclass
class Structure:
    """The outcome of :func:`check_structure`."""

    model: ScenarioModel | None
    problems: list[tuple[Loc, str]] = field(default_factory=list)
    broken: Broken = field(default_factory=lambda: Broken())


def looks_like_number(text: str) -> bool:
    """Whether a string reads as a number (``'0.3'``): then it was probably quoted by mistake."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _type_message(kind: str, got: Any) -> str:
    from .distributions import is_distribution

    want = _WANT[kind]
    msg = f"expected {want}, got {describe_value(got)}"
    if is_distribution(got):
        return f"expected {want}; a distribution is not allowed here"
    if kind == "float_type" and isinstance(got, int) and not isinstance(got, bool):
        return f"the number {describe_value(got)} is too large"
    if kind in ("float_type", "int_type") and isinstance(got, str) and looks_like_number(got):
        return msg + " (a quoted number is a string: write it without quotes)"
    if kind == "int_type" and isinstance(got, float) and math.isfinite(got):
        return msg + " (no fractional part)"
    if kind == "bool_type" and isinstance(got, str) and got.lower() in _BOOL_WORDS:
        return msg + " (YAML 1.2 reads yes/no/on/off as strings: write true or false)"
    if kind == "string_type" and isinstance(got, (bool, int, float)) and got is not None:
        return f"expected a string, got {kind_of(got)}: quote it (\"{describe_value(got)}\")"
    if kind == "list_type" and isinstance(got, str):
        return msg + f" (write [{got}])"
    return msg


def _message(err: typing.Mapping[str, Any], siblings: dict[Loc, list[Loc]]) -> str | None:
    """One line saying what is wrong, or None when a sibling error says it already
    (``siblings``: the locations of the unknown keys, by the mapping holding them)."""
    loc, kind, got = tuple(err["loc"]), err["type"], err.get("input")
    if loc and loc[-1] == "[key]":
        return (f"key {describe_value(got)} is {kind_of(got)}; names are strings: quote it "
                f"(\"{describe_value(got)}\")" if isinstance(got, (bool, int, float))
                else f"key {describe_value(got)} is {kind_of(got)}, not a name")
    if kind == "extra_forbidden":
        model = owner_of(loc[:-1])
        known = list(model.model_fields) if model else []
        hint = did_you_mean(loc[-1], known)
        return f"unknown key {str(loc[-1])!r}" + (hint or (f" (allowed here: {', '.join(known)})"
                                                          if known else ""))
    if kind == "missing":
        model = owner_of(loc[:-1])
        for oloc in siblings.get(loc[:-1], ()):
            if model and did_you_mean(oloc[-1], list(model.model_fields)) == (
                    f" (did you mean {str(loc[-1])!r}?)"):
                return None  # the misspelt key's message names this one
        return "required key is missing"
    if kind in _WANT:
        return _type_message(kind, got)
    return _plain_words(str(err["msg"]), got)


def _plain_words(message: str, got: Any) -> str:
    """A pydantic message of a kind not in :data:`_WANT`, in the words of the others:
    ``Input should be a valid date`` -> ``expected a valid date, got 5``.

    >>> _plain_words("Input should be a valid date", 5)
    'expected a valid date, got 5'
    """
    message = message.removeprefix("Value error, ")
    if message.startswith("Input should be "):
        return f"expected {message.removeprefix('Input should be ')}, got {describe_value(got)}"
    return message


def _sort_key(loc: Loc) -> list[tuple[int, Any]]:
    return [(0, p) if isinstance(p, int) else (1, str(p)) for p in loc]


def _placeholder(model: type[BaseModel], name: str) -> Any:
    """An empty stand-in for a required field: "", 0.0, [], {} or None."""
    annotation = model.model_fields[name].annotation
    origin = typing.get_origin(annotation) or annotation
    if origin is str:
        return ""
    if origin is float:
        return 0.0
    if origin is list:
        return []
    if origin is dict or (isinstance(origin, type) and issubclass(origin, BaseModel)):
        return {}
    return None


def _repair(data: Any, err: typing.Mapping[str, Any]) -> bool:
    """Remove the failing field from ``data`` (or put a placeholder for a required one)."""
    loc = tuple(err["loc"])
    try:
        if loc and loc[-1] == "[key]":
            parent = value_at(data, loc[:-2])
            key = next(k for k in parent if k == loc[-2] or str(k) == str(loc[-2]))
            del parent[key]
            return True
        if not loc:
            return False
        parent, key = value_at(data, loc[:-1]), loc[-1]
        model = owner_of(loc[:-1])
        if model is not None and key in model.model_fields and model.model_fields[key].is_required():
            parent[key] = _placeholder(model, key)
        elif isinstance(parent, list):
            parent.pop(int(key))
        else:
            del parent[key]
        return True
    except (KeyError, IndexError, TypeError, ValueError, StopIteration):
        return False


def _path_of(loc: Loc) -> Loc:
    """The location a problem is reported at (a bad key is reported at the key)."""
    return loc[:-1] if loc and loc[-1] == "[key]" else loc


class Broken:
    """A set of broken paths, parts compared as strings, answering in time linear in
    a path's depth (not in how many paths are broken): whether a path is one of them
    or lies inside one (:meth:`covers`), and whether one lies at or inside a prefix
    (:meth:`under`)."""

    def __init__(self, paths: typing.Iterable[Loc] = ()) -> None:
        self.paths: set[tuple[str, ...]] = set()
        self.prefixes: set[tuple[str, ...]] = set()
        self.update(paths)

    def add(self, path: Loc) -> None:
        key = tuple(map(str, path))
        self.paths.add(key)
        self.prefixes.update(key[:n] for n in range(len(key) + 1))

    def update(self, paths: typing.Iterable[Loc]) -> None:
        for path in paths:
            self.add(path)

    def __iter__(self) -> typing.Iterator[tuple[str, ...]]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def covers(self, path: Loc) -> bool:
        """Whether ``path`` is a broken path or lies inside one."""
        key = tuple(map(str, path))
        return any(key[:n] in self.paths for n in range(len(key) + 1))

    def under(self, prefix: Loc) -> bool:
        """Whether some broken path is ``prefix`` or lies inside it."""
        return tuple(map(str, prefix)) in self.prefixes


def within(path: Loc, broken: Broken) -> bool:
    """Whether ``path`` is a broken path or lies inside one."""
    return broken.covers(path)


def check_structure(data: dict[str, Any]) -> Structure:
    """Validate keys and types of a scenario document, reporting every defect.

    Returns the model built from what is left once every failing field is
    removed (``None`` if that is impossible), the problems as (location,
    message) pairs, and the broken locations.
    """
    out = Structure(None)
    work = data
    for _ in range(MAX_PASSES):
        try:
            out.model = ScenarioModel.model_validate(work)
            return out
        except ValidationError as exc:
            errors: list[dict[str, Any]] = [dict(e) for e in exc.errors()]
        if work is data:
            work = copy.deepcopy(data)
        progress = False
        unknown_keys: dict[Loc, list[Loc]] = {}
        for err in errors:
            if err["type"] == "extra_forbidden":
                unknown_keys.setdefault(tuple(err["loc"])[:-1], []).append(tuple(err["loc"]))
        for err in sorted(errors, key=lambda e: _sort_key(tuple(e["loc"])), reverse=True):
            path = _path_of(tuple(err["loc"]))
            if not within(path, out.broken):
                message = _message(err, unknown_keys)
                if message is not None:
                    out.problems.append((path, message))
            progress = _repair(work, err) or progress
        out.broken.update(_path_of(tuple(e["loc"])) for e in errors)
        if not progress:
            break
    return out
