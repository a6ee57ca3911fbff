"""Bead costs for the search: the Gale–Church length model, plus lexical evidence when given.

A bead of type ``a-b`` costs ``-log P(a-b)`` (its prior), plus for a pair the length cost
``-log P(δ)`` (:mod:`.length`), plus, when a :class:`~.lexical.LexicalScorer` is given, the
lexical cost of the pair's similarity. An unpaired sentence costs its prior alone: Gale &
Church's own δ for an unpaired sentence grows with its length, which makes a long untranslated
sentence (a title, a lead paragraph) cheaper to glue to a neighbour's bead than to leave unpaired;
with the prior alone, short extras still merge but long ones stay apart.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .kernel import CellCosts, cell_costs
from .length import BeadType, LengthModel, prior_costs
from .search import Bead, Corridor, path_corridor


def check_types(types: Sequence[BeadType]) -> None:
    """Refuse bead types the search cannot use (empty sides only as 1-0 and 0-1)."""
    for a, b in types:
        if a < 0 or b < 0 or (a == 0 and b == 0) or (a == 0 and b != 1) or (b == 0 and a != 1):
            raise ValueError(f"unsupported bead type {a}-{b}: empty sides are allowed only as 1-0 and 0-1")


def _same(a: Corridor, b: Corridor) -> bool:
    return a.lo.shape == b.lo.shape and bool(np.array_equal(a.lo, b.lo) and np.array_equal(a.hi, b.hi))


def _inside(ends: np.ndarray, corridor: Corridor) -> bool:
    """Whether every cell ``ends[k] = (i, j)`` lies inside ``corridor``."""
    i, j = ends[:, 0], ends[:, 1]
    return bool(((corridor.lo[i] <= j) & (j <= corridor.hi[i])).all())


_NONE_F = np.zeros(0)
_NONE_I = np.zeros(0, dtype=np.int64)
_NONE_2D = np.zeros((0, 0))


class LengthCosts:
    """Costs of beads over two sequences of sentence lengths (see :class:`.search.BeadCosts`)."""

    def __init__(self, src: Sequence[float], tgt: Sequence[float], model: LengthModel,
                 priors: Mapping[BeadType, float] | None = None, lexical=None, length_weight: float = 1.0,
                 endings: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> None:
        self.prior = prior_costs(priors)
        check_types(list(self.prior))
        self.x = np.asarray(src, dtype=float)
        self.y = np.asarray(tgt, dtype=float)
        self.n, self.m = len(self.x), len(self.y)
        self.model = model
        self.across = [t for t in self.prior if t[0] > 0]
        self.unpaired_tgt = self.prior[(0, 1)]
        self.X = np.concatenate(([0.0], np.cumsum(self.x)))
        self.Y = np.concatenate(([0.0], np.cumsum(self.y)))
        self.lexical = lexical
        self.length_weight = length_weight
        self.endings = endings
        self._prepared: Corridor | None = None
        self._compiled: CellCosts | None = None

    def compiled(self, corridor: Corridor) -> CellCosts:
        """The cost model over ``corridor`` as arrays (:class:`.kernel.CellCosts`); the lexical
        products it needs are computed once per corridor and kept."""
        if self._compiled is not None and _same(self._prepared, corridor):
            return self._compiled
        band, band_offsets, band_lo = _NONE_F.astype(np.float32), _NONE_I, _NONE_I
        src_norms = tgt_norms = _NONE_2D
        sim_x, sim_y, per_unit = _NONE_F, _NONE_F, False
        if self.lexical is not None:
            amax, bmax = max(a for a, _ in self.across), max(b for _, b in self.prior)
            band, band_offsets, band_lo = self.lexical.band(corridor, amax, bmax)
            src_norms, tgt_norms = self.lexical.span_norms(amax, bmax)
            sim_x = np.asarray(self.lexical.cost_of.xs, dtype=float)
            sim_y = np.asarray(self.lexical.cost_of.ys, dtype=float)
            per_unit = bool(self.lexical.per_unit)
        src_end, tgt_end, end_table = _NONE_I, _NONE_I, _NONE_2D
        if self.endings is not None:
            src_end, tgt_end, end_table = (np.asarray(e) for e in self.endings)
        self._prepared = corridor
        self._compiled = CellCosts(
            np.array([a for a, _ in self.across], dtype=np.int64), np.array([b for _, b in self.across], dtype=np.int64),
            np.array([self.prior[t] for t in self.across], dtype=float), self.X, self.Y,
            float(self.model.c), float(self.model.s2), float(self.length_weight),
            self.lexical is not None, band, band_offsets, band_lo, src_norms, tgt_norms, sim_x, sim_y, per_unit,
            self.endings is not None, src_end.astype(np.int64), tgt_end.astype(np.int64), end_table.astype(float))
        return self._compiled

    def path_costs(self, beads: Sequence[Bead]) -> list[float]:
        """Cost of each bead of a path starting at ``(0, 0)``, from the corridor last compiled
        when the path lies inside it, else from the path's own cells."""
        if not beads:
            return []
        kinds = np.array([b.kind for b in beads], dtype=np.int64).reshape(-1, 2)
        ends = np.cumsum(kinds, axis=0)
        if self._prepared is None or not _inside(ends, self._prepared):
            self.compiled(path_corridor(beads, self.n, self.m, 0))
        index = {t: k for k, t in enumerate(self.across)}
        unpaired = (kinds[:, 0] == 0)
        types = np.array([index.get(tuple(k), -1) for k in kinds.tolist()], dtype=np.int64)
        if (types[~unpaired] < 0).any():
            raise ValueError("path holds a bead type without a prior")
        out = np.full(len(beads), self.unpaired_tgt)
        at = np.nonzero(~unpaired)[0]
        out[at] = cell_costs(self._compiled, types[at], ends[at, 0], ends[at, 1])
        return out.tolist()
