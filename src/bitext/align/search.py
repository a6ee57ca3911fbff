"""The dynamic program over a corridor of cells, for any bead cost, with forward–backward posteriors.

A corridor gives, for every row ``i`` (source sentences consumed), the columns ``lo[i]..hi[i]``
(target sentences consumed) the search may visit; both are non-decreasing, ``lo[0] = 0`` and
``hi[n] = m``. Rows are stored one after the other, cell ``k`` of row ``i`` being column
``lo[i] + k``; where each bead type comes from is computed for blocks of rows at once, so each row
costs a handful of NumPy operations, and time and memory grow with the number of cells.

Costs come from a :class:`BeadCosts` (the length model, optionally lexical evidence), asked for
blocks of rows at a time, so the per-cell arithmetic is vectorised over thousands of cells.

Tie-break (deterministic): between transitions of equal cost the bead type listed first wins;
between a 0-1 bead and any other transition into the same cell, the other transition wins.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol, Sequence

import numba
import numpy as np

from .length import BeadType

#: Rows whose costs are computed in one vectorised block.
CHUNK_ROWS = 1024
_NO_BACK = np.zeros(0, dtype=np.int8)


class Bead(NamedTuple):
    """Aligned sentence indices (zero-based): ``src`` and ``tgt``, either may be empty."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]

    @property
    def kind(self) -> BeadType:
        """The bead type ``(len(src), len(tgt))``."""
        return (len(self.src), len(self.tgt))

    def shifted(self, src_offset: int, tgt_offset: int) -> "Bead":
        """The same bead with indices moved by the given offsets."""
        return Bead(tuple(i + src_offset for i in self.src), tuple(j + tgt_offset for j in self.tgt))

    def transposed(self) -> "Bead":
        """The bead with its sides swapped."""
        return Bead(self.tgt, self.src)


class BeadCosts(Protocol):
    """What the search needs to know of a pair of texts: bead types and their costs."""

    n: int
    m: int
    #: Bead types that consume at least one source sentence, in tie-break order.
    across: list[BeadType]
    #: Cost of a 0-1 bead (one unpaired target sentence), the same everywhere.
    unpaired_tgt: float

    def end_cost(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Costs of ``a-b`` beads ending at cells ``(i, j)`` (arrays of one shape); ``inf`` where
        the bead does not fit (before the start, or past the end)."""
        ...

    def block(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """:meth:`end_cost` of every ``across`` type: shape ``(len(across), cells)``."""
        ...

    def path_costs(self, beads: Sequence[Bead]) -> list[float]:
        """Cost of each bead of a path that starts at ``(0, 0)``."""
        ...


class Corridor(NamedTuple):
    """Per row ``i``, the visited columns ``lo[i]..hi[i]`` (inclusive)."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def width(self) -> int:
        """Columns stored per row."""
        return int((self.hi - self.lo).max()) + 1

    def cells(self) -> int:
        """Number of cells in the corridor."""
        return int((self.hi - self.lo + 1).sum())


def diagonal_corridor(n: int, m: int, w: int | None) -> Corridor:
    """The cells within ``w`` columns of the diagonal ``j = i·m/n``; the whole matrix if ``w`` is None.

    >>> diagonal_corridor(2, 4, 1)
    Corridor(lo=array([0, 1, 3]), hi=array([1, 3, 4]))
    """
    if w is None or n == 0:
        return Corridor(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
    centre = np.arange(n + 1, dtype=float) * (m / n)
    lo = np.maximum(np.floor(centre).astype(np.int64) - w, 0)
    hi = np.minimum(np.ceil(centre).astype(np.int64) + w, m)
    return Corridor(lo, hi)


def path_corridor(beads: Sequence[Bead], n: int, m: int, margin: int) -> Corridor:
    """The cells within ``margin`` columns of a path, the path running straight through each bead.

    >>> path_corridor([Bead((0,), (0, 1)), Bead((1,), (2,))], 2, 3, 1)
    Corridor(lo=array([0, 1, 2]), hi=array([1, 3, 3]))
    """
    jmin = np.zeros(n + 1, dtype=np.int64)
    jmax = np.zeros(n + 1, dtype=np.int64)
    i = j = 0
    for bead in beads:
        a, b = bead.kind
        if a == 0:
            jmax[i] = j + b
        else:
            rows = np.arange(1, a + 1)
            jmin[i + rows] = j + np.floor(rows * b / a).astype(np.int64)
            jmax[i + rows] = j + np.ceil(rows * b / a).astype(np.int64)
        i, j = i + a, j + b
    lo = np.maximum.accumulate(np.maximum(jmin - margin, 0))
    hi = np.maximum.accumulate(np.minimum(jmax + margin, m))
    return _connected(lo, hi, m)


def _connected(lo: np.ndarray, hi: np.ndarray, m: int) -> Corridor:
    """Make every row overlap the one before, start at column 0 and end at column ``m``."""
    lo, hi = lo.copy(), hi.copy()
    lo[0] = 0
    hi[-1] = m
    hi = np.maximum.accumulate(hi)
    lo = np.minimum(lo, np.concatenate(([0], hi[:-1])))
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    return Corridor(lo, hi)


def union(first: Corridor, second: Corridor) -> Corridor:
    """The corridor holding the cells of both."""
    return Corridor(np.minimum(first.lo, second.lo), np.maximum(first.hi, second.hi))


class Table(NamedTuple):
    """Values of every cell of a corridor, stored row after row (row ``i`` holds columns
    ``lo[i]..hi[i]`` from ``offsets[i]``), so memory follows the number of cells."""

    values: np.ndarray
    offsets: np.ndarray
    lo: np.ndarray

    def at(self, i, j) -> np.ndarray:
        """The value of cell(s) ``(i, j)`` (broadcast)."""
        return self.values[self.offsets[i] + np.asarray(j) - self.lo[i]]


def _offsets(corridor: Corridor) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(corridor.hi - corridor.lo + 1))).astype(np.int64)


def _sources(costs: BeadCosts, corridor: Corridor, offsets: np.ndarray, i: np.ndarray, j: np.ndarray,
             backward: bool) -> np.ndarray:
    """For each bead type and cell ``(i, j)``: the flat index of the cell the bead comes from
    (forward) or goes to (backward); ``-1`` where that cell is outside the corridor."""
    lo, hi = corridor.lo, corridor.hi
    out = np.full((len(costs.across), i.size), -1, dtype=np.int64)
    for t, (a, b) in enumerate(costs.across):
        o = i + a if backward else i - a
        col = j + b if backward else j - b
        oc = np.clip(o, 0, costs.n)
        ok = (o >= 0) & (o <= costs.n) & (col >= lo[oc]) & (col <= hi[oc])
        out[t] = np.where(ok, offsets[oc] + col - lo[oc], -1)
    return out


@numba.njit(cache=True)
def _log_add(a: float, b: float) -> float:
    """``-log(exp(-a) + exp(-b))`` for costs ``a``, ``b`` (``inf`` is probability 0)."""
    if a == np.inf:
        return b
    if b == np.inf:
        return a
    low = min(a, b)
    return low - np.log1p(np.exp(-abs(a - b)))


@numba.njit(cache=True)
def _rows(values, back, has_back, idx, cost, offsets, first, start, stop, step, soft, backward, n, end_col):
    """The recurrence over rows ``start..stop-1`` (in reverse when ``backward``), compiled: for
    each cell the best (or summed) way in from every bead type, then 0-1 beads along the row."""
    ntypes = idx.shape[0]
    for r in range(stop - start):
        row = stop - 1 - r if backward else start + r
        base = offsets[row]
        c0 = base - first
        valid = offsets[row + 1] - base
        for k in range(valid):
            c = c0 + k
            if soft:
                low = np.inf
                for t in range(ntypes):
                    v = values[idx[t, c]] + cost[t, c]
                    if v < low:
                        low = v
                if low < np.inf:
                    total = 0.0
                    for t in range(ntypes):
                        v = values[idx[t, c]] + cost[t, c]
                        total += np.exp(-(v - low))
                    low = low - np.log(total)
                values[base + k] = low
            else:
                best = np.inf
                pick = -1
                for t in range(ntypes):
                    v = values[idx[t, c]] + cost[t, c]
                    if v < best:
                        best = v
                        pick = t
                values[base + k] = best
                if has_back:
                    back[base + k] = pick
        if backward and row == n:
            values[base + end_col] = 0.0
        if not backward and row == 0:
            values[base] = 0.0
        # 0-1 beads along the row; on a tie the other transition wins
        for step_k in range(1, valid):
            k = valid - 1 - step_k if backward else step_k
            other = k + 1 if backward else k - 1
            via = values[base + other] + step
            if soft:
                values[base + k] = _log_add(values[base + k], via)
            elif via < values[base + k]:
                values[base + k] = via
                if has_back:
                    back[base + k] = ntypes


def sweep(costs: BeadCosts, corridor: Corridor, soft: bool, backward: bool = False
          ) -> tuple[Table, np.ndarray | None]:
    """One pass of the dynamic program over the corridor.

    Forward, the value of a cell is the cost of the best path from ``(0, 0)`` to it (``soft``:
    ``-log`` of the summed probability of all paths); backward, from it to ``(n, m)``. Returns the
    values and, forward and hard, the bead type chosen at each cell (flat like the values; ``-1``
    for none, ``len(across)`` for 0-1).
    """
    n = costs.n
    lo, hi = corridor.lo, corridor.hi
    sizes = hi - lo + 1
    offsets = _offsets(corridor)
    ntypes = len(costs.across)
    values = np.full(int(offsets[-1]) + 1, np.inf)  # the last slot is the "outside" cell
    outside = values.size - 1
    back = None if soft or backward else np.full(int(offsets[-1]), -1, dtype=np.int8)
    table = None
    if ntypes and hasattr(costs, "corridor_costs"):
        table = costs.corridor_costs(corridor, offsets)
    starts = list(range(0, n + 1, CHUNK_ROWS))
    for start in (reversed(starts) if backward else starts):
        stop = min(n + 1, start + CHUNK_ROWS)
        # every cell of the chunk's rows, flat: row i, column j, in storage order
        first, last = int(offsets[start]), int(offsets[stop])
        i = np.repeat(np.arange(start, stop), sizes[start:stop])
        j = lo[i] + (np.arange(first, last) - offsets[i])
        idx = _sources(costs, corridor, offsets, i, j, backward)
        if ntypes and table is not None:
            if backward:
                # a bead's cost belongs to the cell where it ends: the cell ``idx`` points to
                cost = np.where(idx >= 0, np.take_along_axis(table, np.maximum(idx, 0), axis=1), np.inf)
            else:
                cost = table[:, first:last]
        elif backward:
            cost = np.stack([costs.end_cost(a, b, i + a, j + b) for a, b in costs.across]) if ntypes else None
        else:
            cost = costs.block(i, j) if ntypes else None
        idx = np.ascontiguousarray(np.where(idx >= 0, idx, outside))
        if not ntypes:
            cost = np.zeros((0, last - first))
        _rows(values, back if back is not None else _NO_BACK, back is not None, idx, np.ascontiguousarray(cost),
              offsets, first, start, stop, float(costs.unpaired_tgt), soft, backward, n, int(costs.m - lo[n]))
    return Table(values[:-1], offsets, lo), back


def trace(table: Table, back: np.ndarray, costs: BeadCosts, corridor: Corridor
          ) -> tuple[list[Bead], list[float], bool]:
    """The beads of the best path, their costs, and whether the path touches the corridor's edge."""
    lo, hi = corridor.lo, corridor.hi
    types = list(costs.across) + [(0, 1)]
    n, m = costs.n, costs.m
    beads, bead_costs = [], []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[table.offsets[i] + j - lo[i]])
        if t < 0:
            raise AssertionError("unreachable cell on the best path")
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        a, b = types[t]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        bead_costs.append(float(table.at(i, j) - table.at(i - a, j - b)))
        i, j = i - a, j - b
    beads.reverse()
    bead_costs.reverse()
    return beads, bead_costs, touched


def posteriors(costs: BeadCosts, corridor: Corridor, beads: Sequence[Bead]) -> list[float]:
    """Forward–backward posterior of every bead of a path: the probability, summed over all paths
    in the corridor, that the bead is on the alignment. A 0-1 (1-0) bead is the same bead in
    whichever row (column) it is taken, so its probability is summed over them."""
    lo, hi = corridor.lo, corridor.hi
    forward, _ = sweep(costs, corridor, soft=True)
    behind, _ = sweep(costs, corridor, soft=True, backward=True)
    n, m = costs.n, costs.m
    total = forward.at(n, m)

    if not beads:
        return []
    kinds = np.array([bead.kind for bead in beads], dtype=np.int64)
    ends = np.cumsum(kinds, axis=0)
    starts = ends - kinds
    cost = np.asarray(costs.path_costs(beads))
    log_p = np.empty(len(beads))
    paired = (kinds[:, 0] > 0) & (kinds[:, 1] > 0)
    log_p[paired] = (forward.at(starts[paired, 0], starts[paired, 1]) + cost[paired]
                     + behind.at(ends[paired, 0], ends[paired, 1]) - total)
    for k in np.nonzero(~paired)[0]:
        (i, j), (a, b) = starts[k], kinds[k]
        if (a, b) == (0, 1):
            rows = np.nonzero((lo <= j) & (hi >= j + 1))[0]
            paths = forward.at(rows, j) + behind.at(rows, j + 1)
        else:
            cols = np.arange(max(lo[i], lo[i + 1]), min(hi[i], hi[i + 1]) + 1)
            paths = forward.at(i, cols) + behind.at(i + 1, cols)
        log_p[k] = -np.logaddexp.reduce(-(paths + cost[k] - total))
    return np.minimum(1.0, np.exp(-log_p)).tolist()
