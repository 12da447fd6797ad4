"""Spatial positions, salience and forecasts of real decisions (SPEC section 13).

- :mod:`.table`: the DEU table and the long CSV form -> :class:`SpatialTable`.
- :mod:`.scenarios`: a table -> one scenario document per proposal, and back.
- :mod:`.models`: the forecast models (``compromise``, ``median``, the Nash
  bargaining models), registered by name.
- :mod:`.accuracy`: errors against observed outcomes, bootstrap intervals,
  cross-validation by proposal, the predicted-against-observed figure.

See ``docs/forecast.md``.
"""
