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

from .length import BeadType, LengthModel, match_cost, prior_costs
from .search import Corridor


def check_types(types: Sequence[BeadType]) -> None:
    """Refuse bead types the search cannot use (empty sides only as 1-0 and 0-1)."""
    for a, b in types:
        if a < 0 or b < 0 or (a == 0 and b == 0) or (a == 0 and b != 1) or (b == 0 and a != 1):
            raise ValueError(f"unsupported bead type {a}-{b}: empty sides are allowed only as 1-0 and 0-1")


#: Most cost values kept for one corridor (8 bytes each).
TABLE_BUDGET = 12_000_000


def _same(a: Corridor, b: Corridor) -> bool:
    return a.lo.shape == b.lo.shape and bool(np.array_equal(a.lo, b.lo) and np.array_equal(a.hi, b.hi))


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
        self._prepared: Corridor | None = None
        self._table: np.ndarray | None = None
        self.length_weight = length_weight
        self.endings = endings

    def prepare(self, corridor: Corridor) -> None:
        """Get ready to cost the cells of ``corridor`` (the lexical similarities there)."""
        if self._prepared is not None and _same(self._prepared, corridor):
            return
        if self.lexical is not None:
            self.lexical.prepare(corridor, max(a for a, _ in self.across), max(b for _, b in self.prior))
        self._prepared, self._table = corridor, None

    def corridor_costs(self, corridor: Corridor, offsets: np.ndarray) -> np.ndarray | None:
        """:meth:`block` of every cell of ``corridor`` (row after row, as the search stores them),
        computed once per corridor and kept, since the search and both passes of the posteriors
        all need them; None (compute them as needed) when they would take more than
        :data:`TABLE_BUDGET` values."""
        self.prepare(corridor)
        if len(self.across) * int(offsets[-1]) > TABLE_BUDGET:
            return None
        if self._table is None:
            out = np.empty((len(self.across), int(offsets[-1])))
            rows = corridor.hi - corridor.lo + 1
            step = 4096
            for start in range(0, len(rows), step):
                stop = min(len(rows), start + step)
                first, last = int(offsets[start]), int(offsets[stop])
                i = np.repeat(np.arange(start, stop), rows[start:stop])
                j = corridor.lo[i] + (np.arange(first, last) - offsets[i])
                out[:, first:last] = self.block(i, j)
            self._table = out
        return self._table

    def end_cost(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Costs of ``a-b`` beads ending at cells ``(i, j)`` (arrays of the same shape); ``inf``
        where the bead does not fit."""
        i = np.asarray(i, dtype=np.int64)
        j = np.asarray(j, dtype=np.int64)
        if a > self.n or b > self.m:
            return np.full(i.shape, np.inf)
        ok = (i >= a) & (i <= self.n) & (j >= b) & (j <= self.m)
        ii = np.clip(i, a, self.n)
        jj = np.clip(j, b, self.m)
        cost = np.full(i.shape, self.prior[(a, b)])
        if a and b:
            l1 = self.X[ii] - self.X[ii - a]
            l2 = self.Y[jj] - self.Y[jj - b]
            if self.length_weight:
                cost += self.length_weight * match_cost(l1, l2, self.model)
            if self.lexical is not None:
                cost += self.lexical.cost(a, b, ii, jj)
            if self.endings is not None:
                src_end, tgt_end, table = self.endings
                cost += table[src_end[ii - 1], tgt_end[jj - 1]]
        return np.where(ok, cost, np.inf)

    def block(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Costs of beads of every ``across`` type ending at cells ``(i, j)``: ``(types, cells)``."""
        return np.stack([self.end_cost(a, b, i, j) for a, b in self.across])

    def path_costs(self, beads) -> list[float]:
        """Cost of each bead of a path starting at ``(0, 0)``, vectorised by bead type."""
        kinds = np.array([[len(b.src), len(b.tgt)] for b in beads], dtype=np.int64).reshape(-1, 2)
        ends = np.cumsum(kinds, axis=0)
        out = np.zeros(len(beads))
        for kind in {tuple(k) for k in kinds.tolist()}:
            at = np.nonzero((kinds[:, 0] == kind[0]) & (kinds[:, 1] == kind[1]))[0]
            out[at] = self.end_cost(kind[0], kind[1], ends[at, 0], ends[at, 1])
        return out.tolist()
