"""The cost of a bead as plain arrays, and the compiled function that reads it.

:class:`CellCosts` holds everything the cost of a bead depends on (priors, cumulative lengths and
the length model, the sentence-pair products and span norms of the lexical evidence, the ending
table); :func:`type_costs` computes the costs of one bead type along a row of cells from it. The
search (:mod:`.search`) calls it for every row and bead type inside its compiled loop, so no
table of costs is ever stored: time and memory follow the corridor's cells.
:class:`.costs.LengthCosts` builds the arrays; this module only reads them.

The cost of an ``a-b`` bead ending at cell ``(i, j)`` (it holds source sentences ``i-a..i-1`` and
target sentences ``j-b..j-1``) is its prior ``-log P(a-b)``, plus, for a pair,
``length_weight · -log P(δ)`` (:mod:`.length`), the similarity cost of the cosine of the two
sides' summed vectors (:mod:`.lexical`) and the ending cost of the two last sentences.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numba
import numpy as np

from .length import _ERFC_COEF
from .length import log_erfc as _log_erfc_array

_ERFC_HORNER = tuple(reversed(_ERFC_COEF))
#: ``-log erfc(z)`` tabulated every ``1/_STEPS`` up to ``_Z_TABLE`` and interpolated linearly
#: (error under 3e-7 nats, the curve bending by at most 2 per unit²); beyond, computed.
_STEPS = 1024
_Z_TABLE = 16.0
_INVERSE_SQRT2 = 1.0 / math.sqrt(2.0)
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


@numba.njit(inline="always")
def log_erfc(z: float) -> float:
    """``log(erfc(z))`` for ``z >= 0`` (scalar; see :func:`.length.log_erfc`)."""
    t = 1.0 / (1.0 + 0.5 * z)
    poly = 0.0
    for coef in _ERFC_HORNER:
        poly = poly * t + coef
    return min(math.log(t) - z * z + poly, 0.0)


@numba.njit(inline="always")
def neg_log_erfc(z: float) -> float:
    """``-log(erfc(z))`` for ``z >= 0``, from the table where it has it."""
    if z < _Z_TABLE:
        x = z * _STEPS
        k = int(x)
        return _NEG_LOG_ERFC[k] + (x - k) * (_NEG_LOG_ERFC[k + 1] - _NEG_LOG_ERFC[k])
    return -log_erfc(z)


@numba.njit(inline="always")
def span_dot(band, band_offsets, band_lo, a, b, i, j):
    """The dot product of the summed vectors of source sentences ``i-a..i-1`` and target
    sentences ``j-b..j-1``: the sum of their pair products in the band (0 outside it)."""
    total = 0.0
    rows = band_lo.size
    for p in range(a):
        r = i - 1 - p
        if r < 0 or r >= rows:
            continue
        size = band_offsets[r + 1] - band_offsets[r]
        for q in range(b):
            col = j - 1 - q - band_lo[r]
            if 0 <= col < size:
                total += band[band_offsets[r] + col]
    return total


@numba.njit(inline="always")
def _interp(x, xs, ys):
    if x <= xs[0]:
        return ys[0]
    last = xs.size - 1
    if x >= xs[last]:
        return ys[last]
    k = 1
    while xs[k] < x:
        k += 1
    return ys[k - 1] + (ys[k] - ys[k - 1]) * (x - xs[k - 1]) / (xs[k] - xs[k - 1])


@numba.njit(cache=True)
def type_costs(K, t, i, j0, out):
    """Costs of the beads of type ``t`` (an index into ``K.a``, ``K.b``) ending at cells
    ``(i, j0)``, ``(i, j0 + 1)``, … into ``out`` (one per cell); ``inf`` where the bead does
    not fit. One type and one row at a time, so each part of the cost is a tight loop."""
    a = K.a[t]
    b = K.b[t]
    count = out.size
    m = K.Y.size - 1
    if i < a or i > K.X.size - 1:
        out[:] = np.inf
        return
    for k in range(count):
        j = j0 + k
        out[k] = K.prior[t] if b <= j <= m else np.inf
    if a == 0 or b == 0:
        return
    first = max(0, b - j0)
    last = min(count, m - j0 + 1)
    if K.length_weight != 0.0:
        Y, c, inverse_c, s2, weight = K.Y, K.c, 1.0 / K.c, K.s2, K.length_weight
        l1 = K.X[i] - K.X[i - a]
        for k in range(first, last):
            j = j0 + k
            l2 = Y[j] - Y[j - b]
            scale = math.sqrt(s2 * max((l1 + l2 * inverse_c) * 0.5, 1e-9))
            out[k] += weight * neg_log_erfc(abs(l2 - c * l1) / scale * _INVERSE_SQRT2)
    if K.lexical:
        band, band_offsets, band_lo, tgt_norms = K.band, K.band_offsets, K.band_lo, K.tgt_norms
        ns = K.src_norms[a, i]
        scale = (a + b) / 2.0 if K.per_unit else 1.0
        if ns > 0.0:
            for k in range(first, last):
                j = j0 + k
                nt = tgt_norms[b, j]
                if nt > 0.0:
                    sim = span_dot(band, band_offsets, band_lo, a, b, i, j) / math.sqrt(ns * nt)
                    out[k] += _interp(sim, K.sim_x, K.sim_y) * scale
    if K.endings:
        row = K.end_table[K.src_end[i - 1]]
        tgt_end = K.tgt_end
        for k in range(first, last):
            out[k] += row[tgt_end[j0 + k - 1]]


@numba.njit(cache=True)
def cell_costs(K, t, i, j):
    """Costs of many beads: types ``t`` ending at cells ``(i, j)`` (arrays)."""
    out = np.empty(t.size)
    one = np.empty(1)
    for k in range(t.size):
        type_costs(K, t[k], i[k], j[k], one)
        out[k] = one[0]
    return out
