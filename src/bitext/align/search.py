"""The dynamic program over a corridor of cells, for any bead cost, with forward–backward posteriors.

A corridor gives, for every row ``i`` (source sentences consumed), the columns ``lo[i]..hi[i]``
(target sentences consumed) the search may visit; both are non-decreasing, ``lo[0] = 0`` and
``hi[n] = m``. Row ``i`` is stored as a fixed-width array whose cell ``k`` is column ``lo[i] + k``,
so the cell a bead of type ``a-b`` comes from is the same shift of row ``i - a`` for the whole
row: each row costs a handful of NumPy operations, and time and memory grow with ``n · width``.

Costs come from a :class:`BeadCosts` (the length model, optionally lexical evidence), asked for
blocks of rows at a time, so the per-cell arithmetic is vectorised over thousands of cells.

Tie-break (deterministic): between transitions of equal cost the bead type listed first wins;
between a 0-1 bead and any other transition into the same cell, the other transition wins.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol, Sequence

import numpy as np

from .length import BeadType

#: Rows whose costs are computed in one vectorised block.
CHUNK_ROWS = 1024


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

    def block(self, i0: int, i1: int, lo: np.ndarray, width: int) -> np.ndarray:
        """Costs of beads of every ``across`` type ending at cell ``(i, lo[i] + k)``, for rows
        ``i0 <= i < i1`` and ``0 <= k < width``: shape ``(len(across), i1 - i0, width)``; ``inf``
        where the bead does not fit (before the start, or past the last target sentence)."""
        ...

    def bead(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of the ``a-b`` bead that starts at cell ``(i, j)``."""
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


def _indices(costs: BeadCosts, corridor: Corridor, rows: np.ndarray, width: int, backward: bool) -> np.ndarray:
    """Flat index, into the stored rows, of the cell each bead type comes from (forward) or goes
    to (backward), for each row in ``rows`` and each of its cells; ``-1`` where outside."""
    lo, hi = corridor.lo, corridor.hi
    k = np.arange(width)
    out = np.full((len(costs.across), rows.size, width), -1, dtype=np.int64)
    for t, (a, b) in enumerate(costs.across):
        other = rows + a if backward else rows - a
        ok_row = (other >= 0) & (other <= costs.n)
        o = np.clip(other, 0, costs.n)
        shift = (lo[rows] + b - lo[o]) if backward else (lo[rows] - b - lo[o])
        kk = k[None, :] + shift[:, None]
        ok = ok_row[:, None] & (kk >= 0) & (kk <= (hi[o] - lo[o])[:, None])
        out[t] = np.where(ok, o[:, None] * width + kk, -1)
    return out


def _scan_unpaired(best: np.ndarray, step: float, soft: bool, reverse: bool):
    """Add 0-1 beads along a row: each cell may also be reached from the cell before it
    (after it, when ``reverse``) at cost ``step``. Returns the row and where the skip won."""
    size = best.size
    if reverse:
        best = best[::-1]
    c = step * np.arange(size)
    if soft:
        out = c - np.logaddexp.accumulate(c - best)
        won = None
    else:
        shifted = best - c
        running = np.minimum.accumulate(shifted)
        won = shifted > running
        out = np.where(won, c + running, best)
    if reverse:
        out = out[::-1]
        won = None if won is None else won[::-1]
    return out, won


def sweep(costs: BeadCosts, corridor: Corridor, soft: bool, backward: bool = False):
    """One pass of the dynamic program over the corridor.

    Forward, the value of a cell is the cost of the best path from ``(0, 0)`` to it (``soft``:
    ``-log`` of the summed probability of all paths); backward, from it to ``(n, m)``. Returns the
    ``(n + 1, width)`` values and, forward and hard, the bead type chosen at each cell (``-1`` for
    none, ``len(across)`` for 0-1).
    """
    n = costs.n
    lo, hi = corridor.lo, corridor.hi
    width = corridor.width
    ntypes = len(costs.across)
    values = np.full((n + 1) * width + 1, np.inf)  # the last slot is the "outside" cell
    flat_values = values
    back = None if soft or backward else np.full((n + 1, width), -1, dtype=np.int8)
    order = range(n, -1, -1) if backward else range(n + 1)
    amax = max((a for a, _ in costs.across), default=1)
    chunk_of: dict[int, tuple[int, np.ndarray, np.ndarray]] = {}

    def chunk(i: int):
        start = (i // CHUNK_ROWS) * CHUNK_ROWS
        if start not in chunk_of:
            chunk_of.clear()
            stop = min(n + 1, start + CHUNK_ROWS)
            rows = np.arange(start, stop)
            idx = _indices(costs, corridor, rows, width, backward)
            if backward:
                # the cost of a bead is stored at its end: gather it from the rows ahead
                ahead = min(n + 1, stop + amax)
                block = costs.block(start, ahead, lo, width)
                flat_block = np.concatenate((block.reshape(ntypes, -1), np.full((ntypes, 1), np.inf)), axis=1)
                local = idx - start * width
                local = np.where(idx >= 0, local, flat_block.shape[1] - 1)
                gathered = np.take_along_axis(flat_block, local.reshape(ntypes, -1), axis=1)
                cost = gathered.reshape(ntypes, rows.size, width)
            else:
                cost = costs.block(start, stop, lo, width)
            idx = np.where(idx >= 0, idx, values.size - 1)
            chunk_of[start] = (start, idx, cost)
        return chunk_of[start]

    for i in order:
        start, idx, cost = chunk(i)
        r = i - start
        valid = hi[i] - lo[i] + 1
        if ntypes:
            cand = flat_values[idx[:, r]] + cost[:, r]
            if soft:
                best = -np.logaddexp.reduce(-cand, axis=0)
                pick = None
            else:
                pick = np.argmin(cand, axis=0)
                best = cand[pick, np.arange(width)]
        else:
            best = np.full(width, np.inf)
            pick = np.zeros(width, dtype=np.int64)
        best[valid:] = np.inf
        if backward and i == n:
            best[costs.m - lo[n]] = 0.0
        if not backward and i == 0:
            best[0] = 0.0
        row, won = _scan_unpaired(best[:valid], costs.unpaired_tgt, soft, reverse=backward)
        best[:valid] = row
        if back is not None:
            arg = np.where(np.isfinite(best), pick, -1).astype(np.int8)
            arg[:valid][won] = ntypes
            back[i] = arg
        values[i * width:(i + 1) * width] = best
    return values[:-1].reshape(n + 1, width), back


def trace(values: np.ndarray, back: np.ndarray, costs: BeadCosts, corridor: Corridor
          ) -> tuple[list[Bead], list[float], bool]:
    """The beads of the best path, their costs, and whether the path touches the corridor's edge."""
    lo, hi = corridor.lo, corridor.hi
    types = list(costs.across) + [(0, 1)]
    n, m = costs.n, costs.m
    beads, bead_costs = [], []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        if t < 0:
            raise AssertionError("unreachable cell on the best path")
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        a, b = types[t]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        bead_costs.append(float(values[i, j - lo[i]] - values[i - a, j - b - lo[i - a]]))
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
    total = forward[n, m - lo[n]]

    def cell(table: np.ndarray, i, j) -> np.ndarray:
        return table[i, np.asarray(j) - lo[i]]

    out = []
    i = j = 0
    for bead in beads:
        a, b = bead.kind
        cost = costs.bead(i, j, a, b)
        if (a, b) == (0, 1):
            rows = np.nonzero((lo <= j) & (hi >= j + 1))[0]
            paths = forward[rows, j - lo[rows]] + behind[rows, j + 1 - lo[rows]]
        elif (a, b) == (1, 0):
            cols = np.arange(max(lo[i], lo[i + 1]), min(hi[i], hi[i + 1]) + 1)
            paths = cell(forward, i, cols) + cell(behind, i + 1, cols)
        else:
            paths = np.array([cell(forward, i, j) + cell(behind, i + a, j + b)])
        log_p = -np.logaddexp.reduce(-(paths + cost - total))
        out.append(float(min(1.0, np.exp(-log_p))))
        i, j = i + a, j + b
    return out
