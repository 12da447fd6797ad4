"""negsim: a game-theoretic negotiation simulator.

>>> from sim import from_dict, analyse
>>> s = from_dict({"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
...   "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}}},
...               "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}}}})
>>> analyse(s).result.zopa_size
3
"""

from .analysis import Analysis, Solver, analyse
from .errors import AnalysisError, Problem, ScenarioError
from .report import to_json, to_text
from .results import Result, Solution
from .scenario import Scenario, from_dict, load

__all__ = [
    "Analysis", "AnalysisError", "Problem", "Result", "Scenario", "ScenarioError", "Solution",
    "Solver", "analyse", "from_dict", "load", "to_json", "to_text",
]
__version__ = "0.1.0"
