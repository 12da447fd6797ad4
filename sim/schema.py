"""The structure of a scenario file, as pydantic models (SPEC section 2).

These models check keys and types only (a misspelt key is an error, a string
is never silently read as a number). Fields whose YAML may take several forms
(value shapes, disagreement, conditions, credibility) are typed ``Any`` here
and checked by :mod:`sim.scenario`, which also resolves cross-references
(issues named in weights, options in conditions, parties in pressures).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
    demand: Any
    penalty: float = 0.0
    cost: dict[str, float] = Field(default_factory=dict)
    credibility: Any = 1.0
    backing_down_cost: dict[str, float] = Field(default_factory=dict)
    reward: float = 0.0
    at_round: int = 1
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
    resolution: int = 101
    max_outcomes: int = 100_000_000


class ScenarioModel(Strict):
    name: str
    description: str | None = None
    sources: list[str] = Field(default_factory=list)
    issues: dict[str, IssueModel]
    parties: dict[str, PartyModel]
    pressures: dict[str, PressureModel] = Field(default_factory=dict)
    games: dict[str, GameModel] = Field(default_factory=dict)
    breakdown: float = 0.0
    solve: SolveModel = Field(default_factory=SolveModel)


#: Which model owns the keys at a location (``*`` = any name), for hints on misspelt keys.
KEY_OWNERS: dict[tuple[str, ...], type[BaseModel]] = {
    (): ScenarioModel,
    ("issues", "*"): IssueModel,
    ("parties", "*"): PartyModel,
    ("parties", "*", "interactions", "*"): InteractionModel,
    ("pressures", "*"): PressureModel,
    ("games", "*"): GameModel,
    ("solve",): SolveModel,
}


def owner_of(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose keys live at ``loc`` (a pydantic location without the key)."""
    for pattern, model in KEY_OWNERS.items():
        if len(pattern) == len(loc) and all(p == "*" or p == str(v) for p, v in zip(pattern, loc)):
            return model
    return None
