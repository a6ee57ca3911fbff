"""Corridors: the cells of the alignment matrix a search may visit.

A corridor gives, for every row ``i`` (source sentences consumed), the columns ``lo[i]..hi[i]``
(target sentences consumed) the search may visit; both are non-decreasing, ``lo[0] = 0`` and
``hi[n] = m``. Corridors are drawn around the diagonal or around a path, ``margin`` columns wide
on each side.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from .beads import Bead, bead_kinds


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

    def offsets(self) -> np.ndarray:
        """Where each row starts when the cells are stored row after row (``n + 2`` values)."""
        return np.concatenate(([0], np.cumsum(self.hi - self.lo + 1))).astype(np.int64)

    def holds(self, ends: np.ndarray) -> bool:
        """Whether every cell ``ends[k] = (i, j)`` lies inside the corridor."""
        i, j = ends[:, 0], ends[:, 1]
        return bool(((self.lo[i] <= j) & (j <= self.hi[i])).all())

    def same_as(self, other: "Corridor") -> bool:
        """Whether both corridors hold the same cells."""
        return self.lo.shape == other.lo.shape and bool(np.array_equal(self.lo, other.lo)
                                                        and np.array_equal(self.hi, other.hi))


def full_corridor(n: int, m: int) -> Corridor:
    """Every cell of the ``(n + 1) × (m + 1)`` matrix."""
    return Corridor(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


def diagonal_corridor(n: int, m: int, margin: int | None) -> Corridor:
    """The cells within ``margin`` columns of the diagonal ``j = i·m/n``; the whole matrix if ``margin`` is None.

    >>> diagonal_corridor(2, 4, 1)
    Corridor(lo=array([0, 1, 3]), hi=array([1, 3, 4]))
    """
    if margin is None or n == 0:
        return full_corridor(n, m)
    centre = np.arange(n + 1, dtype=float) * (m / n)
    lo = np.maximum(np.floor(centre).astype(np.int64) - margin, 0)
    hi = np.minimum(np.ceil(centre).astype(np.int64) + margin, m)
    return Corridor(lo, hi)


def path_corridor(beads: Sequence[Bead], n: int, m: int, margin: int) -> Corridor:
    """The cells within ``margin`` columns of a path, the path running straight through each bead.

    >>> path_corridor([Bead((0,), (0, 1)), Bead((1,), (2,))], 2, 3, 1)
    Corridor(lo=array([0, 1, 2]), hi=array([1, 3, 3]))
    """
    jmin = np.zeros(n + 1, dtype=np.int64)
    jmax = np.zeros(n + 1, dtype=np.int64)
    kinds = bead_kinds(beads)
    i, j = (np.cumsum(kinds, axis=0) - kinds).T
    a, b = kinds.T
    down = np.nonzero(a > 0)[0]
    which = np.repeat(down, a[down])  # one entry per row a bead crosses
    step = np.arange(which.size) - np.repeat(np.cumsum(a[down]) - a[down], a[down]) + 1
    rows = i[which] + step
    jmin[rows] = j[which] + np.floor(step * b[which] / a[which]).astype(np.int64)
    jmax[rows] = j[which] + np.ceil(step * b[which] / a[which]).astype(np.int64)
    across = np.nonzero(a == 0)[0]
    np.maximum.at(jmax, i[across], j[across] + b[across])
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
    lo = np.ascontiguousarray(np.minimum.accumulate(lo[::-1])[::-1])
    return Corridor(lo, hi)


def union(*corridors: Corridor) -> Corridor:
    """The corridor holding the cells of all."""
    return Corridor(np.minimum.reduce([c.lo for c in corridors]), np.maximum.reduce([c.hi for c in corridors]))


def widened_near(corridor: Corridor, wider: Corridor, rows: np.ndarray, reach: int) -> Corridor:
    """``corridor`` with the cells of ``wider`` (a corridor holding it) in the rows within
    ``reach`` of ``rows``, made monotone again.

    >>> narrow = Corridor(np.array([0, 0, 1, 2, 3]), np.array([1, 2, 3, 4, 4]))
    >>> wide = Corridor(np.zeros(5, dtype=np.int64), np.full(5, 4))
    >>> widened_near(narrow, wide, np.array([0]), 1)
    Corridor(lo=array([0, 0, 1, 2, 3]), hi=array([4, 4, 4, 4, 4]))
    """
    n = len(corridor.lo) - 1
    near = np.zeros(n + 2, dtype=np.int64)
    np.add.at(near, np.clip(rows - reach, 0, n + 1), 1)
    np.add.at(near, np.clip(rows + reach + 1, 0, n + 1), -1)
    inside = np.cumsum(near)[:n + 1] > 0
    lo = np.where(inside, np.minimum(wider.lo, corridor.lo), corridor.lo)
    hi = np.where(inside, np.maximum(wider.hi, corridor.hi), corridor.hi)
    return _connected(lo, hi, int(corridor.hi[-1]))
