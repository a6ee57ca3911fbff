"""Bead costs for the search: the Gale–Church length model, plus lexical evidence when given.

A bead of type ``a-b`` costs ``-log P(a-b)`` (its prior), plus for a pair the length cost
``-log P(δ)`` (:mod:`.length`), plus, when a :class:`~.lexical.LexicalScorer` is given, the
lexical cost of the pair's similarity. An unpaired sentence costs its prior alone.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .length import BeadType, LengthModel, bead_match_cost, match_cost, prior_costs
from .search import Corridor


def check_types(types: Sequence[BeadType]) -> None:
    """Refuse bead types the search cannot use (empty sides only as 1-0 and 0-1)."""
    for a, b in types:
        if a < 0 or b < 0 or (a == 0 and b == 0) or (a == 0 and b != 1) or (b == 0 and a != 1):
            raise ValueError(f"unsupported bead type {a}-{b}: empty sides are allowed only as 1-0 and 0-1")


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

    def prepare(self, corridor: Corridor) -> None:
        """Get ready to cost the cells of ``corridor`` (the lexical similarities there)."""
        if self.lexical is not None:
            self.lexical.prepare(corridor, max(a for a, _ in self.across), max(b for _, b in self.prior))

    def block(self, i0: int, i1: int, lo: np.ndarray, width: int) -> np.ndarray:
        rows = np.arange(i0, i1)
        j = lo[rows][:, None] + np.arange(width)[None, :]
        out = np.empty((len(self.across), rows.size, width))
        for t, (a, b) in enumerate(self.across):
            ok = (rows >= a)[:, None] & (j >= b) & (j <= self.m)
            if b == 0:
                cost = np.broadcast_to(self.prior[(a, b)], j.shape).copy()
            else:
                l1 = (self.X[rows] - self.X[np.maximum(rows - a, 0)])[:, None]
                jj = np.clip(j, b, self.m)
                l2 = self.Y[jj] - self.Y[jj - b]
                cost = self.prior[(a, b)] + self.length_weight * match_cost(l1, l2, self.model)
                if self.lexical is not None:
                    cost += self.lexical.cost(a, b, np.maximum(rows, a)[:, None], jj)
                if self.endings is not None:
                    src_end, tgt_end, table = self.endings
                    cost += table[src_end[np.maximum(rows, 1) - 1][:, None], tgt_end[jj - 1]]
            out[t] = np.where(ok, cost, np.inf)
        return out

    def bead(self, i: int, j: int, a: int, b: int) -> float:
        l1 = self.X[i + a] - self.X[i]
        l2 = self.Y[j + b] - self.Y[j]
        cost = self.prior[(a, b)] + self.length_weight * float(bead_match_cost(a, b, l1, l2, self.model))
        if self.lexical is not None and a and b:
            cost += float(self.lexical.cost(a, b, np.array([[i + a]]), np.array([[j + b]]))[0, 0])
        if self.endings is not None and a and b:
            src_end, tgt_end, table = self.endings
            cost += float(table[src_end[i + a - 1], tgt_end[j + b - 1]])
        return cost
