"""The cost of a bead: prior, length, lexical similarity and sentence endings, in one model.

A bead of type ``a-b`` costs ``-log P(a-b)`` (its prior), plus, for a pair, the length cost
``-log P(δ)`` (:mod:`.length`) times a weight, its lexical cost (the translation likelihood of
its two sides, :mod:`.likelihood`, when a :class:`~.likelihood.Likelihood` is given; on the
coarse levels of a long text, the cost of the cosine of its units, when a
:class:`~.similarity.Similarity` is given) and the cost of how its last sentences end (when an
ending table is given). The formulas are those of the compiled :class:`_core.CostModel`, which
the search reads; :class:`BeadCosts` holds the inputs and hands them to it once per corridor.

An unpaired sentence costs its prior alone: Gale & Church's own δ for an unpaired sentence grows
with its length, which makes a long untranslated sentence (a title, a lead paragraph) cheaper to
glue to a neighbour's bead than to leave unpaired; with the prior alone, short extras still merge
but long ones stay apart.

**Open edges.** A block whose side was cut out of a longer text (an excerpt, a translation that
stops early: :func:`.engine._excerpt_blocks`) holds, at that edge, a slack of sentences that may or
may not correspond: where the other text begins or ends inside it is not known. The unpaired
sentences at an open edge (0-1 beads in the first or last row, 1-0 beads in the first or last
column) cost :data:`OPEN_EDGE_COST` rather than their prior, so every place of the other text's
end inside the slack is as likely (semi-global alignment); elsewhere the cut would pull the
other text's last sentences across the slack, many to a bead.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from . import _core
from .beads import Bead, BeadType, bead_kinds
from .corridor import Corridor, path_corridor
from .length import LengthModel, prior_costs

#: How the two sides of a pair end, as evidence: each side's ending class per sentence and the
#: cost table indexed by (source class, target class).
Endings = tuple[np.ndarray, np.ndarray, np.ndarray]
#: Paragraph ends as evidence: each side's paragraph ends among its first ``k`` sentences (for
#: every ``k``, from 0) and the cost of each paragraph end inside a side of a pair.
Breaks = tuple[np.ndarray, np.ndarray, float]
#: Which edges of a block are open (see the module): the source's start and end, the target's.
OpenEdges = tuple[bool, bool, bool, bool]
#: No edge open: a text aligned whole, or a block whose edges are known.
CLOSED: OpenEdges = (False, False, False, False)
#: The cost of an unpaired sentence at an open edge.
OPEN_EDGE_COST = 0.0


def check_types(types: Sequence[BeadType]) -> None:
    """Refuse bead types the search cannot use (empty sides only as 1-0 and 0-1)."""
    for a, b in types:
        if a < 0 or b < 0 or (a == 0 and b == 0) or (a == 0 and b != 1) or (b == 0 and a != 1):
            raise ValueError(f"unsupported bead type {a}-{b}: empty sides are allowed only as 1-0 and 0-1")


class BeadCosts:
    """The costs of every bead over two texts given as sentence lengths (see the module)."""

    def __init__(self, src: Sequence[float], tgt: Sequence[float], model: LengthModel,
                 priors: Mapping[BeadType, float] | None = None, similarity=None, length_weight: float = 1.0,
                 endings: Endings | None = None, likelihood=None, breaks: Breaks | None = None,
                 open_edges: OpenEdges = CLOSED) -> None:
        if similarity is not None and likelihood is not None:
            raise ValueError("a bead has one lexical cost: the likelihood or the similarity, not both")
        self.prior = prior_costs(priors)
        check_types(list(self.prior))
        self.n, self.m = len(src), len(tgt)
        self.model = model
        #: Bead types that consume at least one source sentence, in tie-break order.
        self.across = [t for t in self.prior if t[0] > 0]
        #: Which edges are open (see the module).
        self.open_edges = open_edges
        #: Cost of a 0-1 bead (one unpaired target sentence): elsewhere, in the first row, in the last.
        self.unpaired_tgt = self.prior[(0, 1)]
        self.unpaired_first = OPEN_EDGE_COST if open_edges[2] else self.unpaired_tgt
        self.unpaired_last = OPEN_EDGE_COST if open_edges[3] else self.unpaired_tgt
        self.X = np.concatenate(([0.0], np.cumsum(np.asarray(src, dtype=float))))
        self.Y = np.concatenate(([0.0], np.cumsum(np.asarray(tgt, dtype=float))))
        self.similarity = similarity
        self.likelihood = likelihood
        self.length_weight = length_weight
        self.endings = endings
        self.breaks = breaks
        self._corridor: Corridor | None = None
        self._compiled: _core.CostModel | None = None

    def compiled(self, corridor: Corridor) -> "_core.CostModel":
        """The cost model over ``corridor`` as the compiled loops read it; the sentence-pair
        products it needs are computed once per corridor and kept."""
        if self._compiled is not None and self._corridor.same_as(corridor):
            return self._compiled
        lexical = {}
        if self.similarity is not None:
            amax, bmax = max(a for a, _ in self.across), max(b for _, b in self.prior)
            band, band_offsets, band_lo = self.similarity.band(corridor, amax, bmax)
            src_norms, tgt_norms = self.similarity.span_norms(amax, bmax)
            cost = self.similarity.cost_of
            lexical = dict(band=band, band_offsets=band_offsets, band_lo=band_lo, src_norms=src_norms,
                           tgt_norms=tgt_norms, sim_y=cost.ys, per_unit=self.similarity.per_unit)
        if self.likelihood is not None:
            lexical.update(likelihood=self.likelihood.arrays, lo=corridor.lo, hi=corridor.hi, previous=self._compiled)
        if self.endings is not None:
            lexical.update(src_end=self.endings[0], tgt_end=self.endings[1], end_table=self.endings[2])
        if self.breaks is not None:
            lexical.update(src_breaks=self.breaks[0], tgt_breaks=self.breaks[1], break_cost=float(self.breaks[2]))
        self._corridor = corridor
        self._compiled = _core.CostModel(
            [a for a, _ in self.across], [b for _, b in self.across], [self.prior[t] for t in self.across],
            self.X, self.Y, float(self.model.c), float(self.model.s2), float(self.length_weight), **lexical,
            open_lead=self.open_edges[0], open_trail=self.open_edges[1], edge_cost=OPEN_EDGE_COST)
        return self._compiled

    def forget(self) -> None:
        """Drop the compiled cost model and its sentence-pair products (made again when needed)."""
        self._corridor = self._compiled = None

    def unpaired_tgt_costs(self, rows: np.ndarray) -> np.ndarray:
        """The cost of a 0-1 bead in each of ``rows``."""
        rows = np.asarray(rows)
        return np.where(rows == 0, self.unpaired_first, np.where(rows == self.n, self.unpaired_last, self.unpaired_tgt))

    def unpaired_src_costs(self, row: int, cols: np.ndarray) -> np.ndarray:
        """The cost of a 1-0 bead ending in ``row`` at each of ``cols`` (cells of the corridor last
        compiled), as the compiled model gives it."""
        cols = np.asarray(cols, dtype=np.int64)
        if (1, 0) not in self.prior:
            return np.full(len(cols), np.inf)
        types = np.full(len(cols), self.across.index((1, 0)), dtype=np.int64)
        return self._compiled.bead_costs(types, np.full(len(cols), row, dtype=np.int64), cols)

    def at_open_edge(self, beads: Sequence[Bead]) -> list[bool]:
        """Whether each bead of a path starting at ``(0, 0)`` is an unpaired sentence at an open edge."""
        if not any(self.open_edges):
            return [False] * len(beads)
        out, i, j = [], 0, 0
        lead_src, trail_src, lead_tgt, trail_tgt = self.open_edges
        for bead in beads:
            a, b = bead.kind
            i, j = i + a, j + b
            out.append((a, b) == (1, 0) and ((lead_src and j == 0) or (trail_src and j == self.m))
                       or (a, b) == (0, 1) and ((lead_tgt and i == 0) or (trail_tgt and i == self.n)))
        return out

    def path_costs(self, beads: Sequence[Bead]) -> list[float]:
        """Cost of each bead of a path starting at ``(0, 0)``, from the corridor last compiled
        when the path lies inside it, else from the path's own cells."""
        if not beads:
            return []
        kinds = bead_kinds(beads)
        ends = np.cumsum(kinds, axis=0)
        if self._corridor is None or not self._corridor.holds(ends):
            self.compiled(path_corridor(beads, self.n, self.m, 0))
        index = {t: k for k, t in enumerate(self.across)}
        paired = kinds[:, 0] > 0
        types = np.array([index.get(tuple(k), -1) for k in kinds.tolist()], dtype=np.int64)
        if (types[paired] < 0).any():
            raise ValueError("path holds a bead type without a prior")
        out = self.unpaired_tgt_costs(ends[:, 0])
        at = np.nonzero(paired)[0]
        out[at] = self._compiled.bead_costs(types[at], ends[at, 0], ends[at, 1])
        return out.tolist()
