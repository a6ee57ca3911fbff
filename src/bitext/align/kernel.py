"""The cost of a bead as plain arrays, and the compiled function that reads it.

:class:`CellCosts` holds everything the cost of a bead depends on (priors, cumulative lengths and
the length model, the sentence-pair products and span norms of the lexical evidence, the ending
table). The search (:mod:`.search`) computes from it the costs of each bead type along each row of
cells inside its compiled loop, so no table of costs is ever stored: time and memory follow the
corridor's cells; :func:`cell_costs` runs the same compiled function for given beads.
:class:`.costs.LengthCosts` builds the arrays; the compiled loops that read them are in
``_core.pyx`` (Cython).

The cost of an ``a-b`` bead ending at cell ``(i, j)`` (it holds source sentences ``i-a..i-1`` and
target sentences ``j-b..j-1``) is its prior ``-log P(a-b)``, plus, for a pair,
``length_weight · -log P(δ)`` (:mod:`.length`), the similarity cost of the cosine of the two
sides' summed vectors (:mod:`.lexical`) and the ending cost of the two last sentences.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _core
from .length import _ERFC_COEF
from .length import log_erfc as _log_erfc_array

_ERFC_HORNER = tuple(reversed(_ERFC_COEF))
#: ``-log erfc(z)`` tabulated every ``1/_STEPS`` up to ``_Z_TABLE`` and interpolated linearly
#: (error under 3e-7 nats, the curve bending by at most 2 per unit²); beyond, computed.
_STEPS = 1024
_Z_TABLE = 16.0
_NEG_LOG_ERFC = -_log_erfc_array(np.arange(int(_Z_TABLE * _STEPS) + 2) / _STEPS)


class CellCosts(NamedTuple):
    """The bead cost model as arrays (see the module). Empty arrays switch a part off."""

    #: Per bead type: source and target sentences, and prior cost ``-log P(a-b)``.
    a: np.ndarray
    b: np.ndarray
    prior: np.ndarray
    #: Cumulative sentence lengths of each side (``n + 1`` and ``m + 1`` values).
    X: np.ndarray
    Y: np.ndarray
    #: The length model (:class:`.length.LengthModel`) and the weight of its cost.
    c: float
    s2: float
    length_weight: float
    #: Whether there is lexical evidence; if so, the sentence-pair products (source sentence ``r``
    #: holds targets ``band_lo[r]`` onwards, from ``band_offsets[r]`` to ``band_offsets[r + 1]``).
    lexical: bool
    band: np.ndarray
    band_offsets: np.ndarray
    band_lo: np.ndarray
    #: ``src_norms[a, i]``: squared norm of the sum of the ``a`` source vectors before ``i``.
    src_norms: np.ndarray
    tgt_norms: np.ndarray
    #: The similarity → cost line (points, interpolated, constant beyond the ends).
    sim_x: np.ndarray
    sim_y: np.ndarray
    #: Whether the similarity cost counts ``(a + b) / 2`` times (units of several sentences).
    per_unit: bool
    #: Whether sentence endings are evidence: each side's ending classes and the cost table.
    endings: bool
    src_end: np.ndarray
    tgt_end: np.ndarray
    end_table: np.ndarray


_core.set_log_erfc(_NEG_LOG_ERFC, _ERFC_HORNER, _Z_TABLE, _STEPS)


def cell_costs(K: CellCosts, t: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Costs of many beads: types ``t`` ending at cells ``(i, j)`` (int64 arrays)."""
    return _core.cell_costs(K, t, i, j)
