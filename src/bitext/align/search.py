"""The dynamic program over a corridor of cells, for any bead cost, with forward–backward posteriors.

The search visits the cells of a corridor (:mod:`.corridor`), stored row after row (cell ``k`` of
row ``i`` is column ``lo[i] + k``), so time and memory grow with the number of cells, not with
``n × m``. The recurrence is compiled (Cython, ``_core.pyx``) and computes each bead's cost where
it needs it from the cost model (:class:`.costs.BeadCosts`), so nothing but the cells' values (and,
for the best path, one byte per cell of back-pointers) is stored. Which corridor to search, and
when to widen it, is the engine's policy (:mod:`.engine`).

Tie-break (deterministic): between transitions of equal cost the bead type listed first wins;
between a 0-1 bead and any other transition into the same cell, the other transition wins.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple, Sequence

import numpy as np

from . import _core
from .beads import Bead, bead_kinds
from .corridor import Corridor
from .costs import BeadCosts

_NO_BACK = np.zeros(0, dtype=np.int8)
_NO_SUMS = np.zeros(1)
#: Corridors of at least this many cells have their forward and backward sums run in parallel.
PARALLEL_CELLS = 200_000


class Table(NamedTuple):
    """Values of every cell of a corridor, stored row after row (row ``i`` holds columns
    ``lo[i]..hi[i]`` from ``offsets[i]``), so memory follows the number of cells."""

    values: np.ndarray
    offsets: np.ndarray
    lo: np.ndarray

    def at(self, i, j) -> np.ndarray:
        """The value of cell(s) ``(i, j)`` (broadcast)."""
        return self.values[self.offsets[i] + np.asarray(j) - self.lo[i]]


def sweep(costs: BeadCosts, corridor: Corridor, soft: bool, backward: bool = False, with_sums: bool = False
          ) -> tuple[Table, np.ndarray | None] | tuple[Table, np.ndarray | None, Table]:
    """One pass of the dynamic program over the corridor.

    Forward, the value of a cell is the cost of the best path from ``(0, 0)`` to it (``soft``:
    ``-log`` of the summed probability of all paths); backward, from it to ``(n, m)``. Returns the
    values and, forward and hard, the bead type chosen at each cell (flat like the values; ``-1``
    for none, ``len(across)`` for 0-1). ``with_sums`` (hard): the soft values too, from the same
    bead costs, as a third result.
    """
    n = costs.n
    lo, hi = corridor.lo, corridor.hi
    offsets = corridor.offsets()
    values = np.full(int(offsets[-1]), np.inf)
    sums = np.full(int(offsets[-1]), np.inf) if with_sums and not soft else _NO_SUMS
    back = None if soft or backward else np.full(int(offsets[-1]), -1, dtype=np.int8)
    _core.sweep_rows(values, sums, sums is not _NO_SUMS, back if back is not None else _NO_BACK, back is not None,
                     lo, hi, offsets, costs.compiled(corridor), float(costs.unpaired_tgt), float(costs.unpaired_first),
                     float(costs.unpaired_last), soft, backward, n, int(costs.m - lo[n]))
    if sums is not _NO_SUMS:
        return Table(values, offsets, lo), back, Table(sums, offsets, lo)
    return Table(values, offsets, lo), back


def trace(table: Table, back: np.ndarray, costs: BeadCosts, corridor: Corridor
          ) -> tuple[list[Bead], list[float], np.ndarray]:
    """The beads of the best path, their costs, and the rows where the path touches the corridor's
    edge (none: it is clear of the edge)."""
    kinds = np.array(list(costs.across) + [(0, 1)], dtype=np.int64).reshape(-1, 2)
    a_of, b_of = np.ascontiguousarray(kinds[:, 0]), np.ascontiguousarray(kinds[:, 1])
    ends_i, ends_j, types, count, touched = _core.walk(back, table.offsets, corridor.lo, corridor.hi, a_of, b_of,
                                                       costs.n, costs.m)
    if count < 0:
        raise AssertionError("unreachable cell on the best path")
    i, j, t = ends_i[:count][::-1], ends_j[:count][::-1], types[:count][::-1]
    a, b = kinds[t, 0], kinds[t, 1]
    bead_costs = table.at(i, j) - table.at(i - a, j - b)
    beads = [Bead(tuple(range(e - da, e)), tuple(range(f - db, f)))
             for e, f, da, db in zip(i.tolist(), j.tolist(), a.tolist(), b.tolist())]
    lo, hi = corridor.lo[i], corridor.hi[i]
    edge = ((j == lo) & (lo > 0)) | ((j == hi) & (hi < costs.m))
    rows = np.unique(i[edge])
    if touched and rows.size == 0:
        raise AssertionError("the path touches the corridor's edge in no row")
    return beads, bead_costs.tolist(), rows


def _parallel(corridor: Corridor) -> bool:
    return corridor.cells() >= PARALLEL_CELLS and (os.cpu_count() or 1) > 1


def best_and_sums(costs: BeadCosts, corridor: Corridor, behind: bool
                  ) -> tuple[Table, np.ndarray, Table, Table | None]:
    """The best path's sweep (values, back-pointers) with the forward soft values computed along,
    and, when ``behind``, the backward soft values: on a second core while the forward sweep runs,
    when the corridor is large (the compiled sweep releases the GIL)."""
    costs.compiled(corridor)  # once, before the two sweeps share it
    if behind and _parallel(corridor):
        with ThreadPoolExecutor(max_workers=1) as pool:
            behind_job = pool.submit(sweep, costs, corridor, True, True)
            values, back, sums = sweep(costs, corridor, soft=False, with_sums=True)
            return values, back, sums, behind_job.result()[0]
    values, back, sums = sweep(costs, corridor, soft=False, with_sums=True)
    return values, back, sums, None


def posteriors(costs: BeadCosts, corridor: Corridor, beads: Sequence[Bead], forward: Table | None = None,
               behind: Table | None = None) -> list[float]:
    """Forward–backward posterior of every bead of a path: the probability, summed over all paths
    in the corridor, that the bead is on the alignment. A 0-1 (1-0) bead is the same bead in
    whichever row (column) it is taken, so its probability is summed over them, each at its cost
    there (an open edge's differs). The forward and backward soft values are computed unless
    given (both the corridor's, from these costs)."""
    lo, hi = corridor.lo, corridor.hi
    costs.compiled(corridor)  # once, before the two sweeps share it
    if forward is None and behind is None and _parallel(corridor):
        # the compiled sweep releases the GIL: forward and backward run at once on two cores
        with ThreadPoolExecutor(max_workers=1) as pool:
            behind_job = pool.submit(sweep, costs, corridor, True, True)
            forward, _ = sweep(costs, corridor, soft=True)
            behind, _ = behind_job.result()
    if forward is None:
        forward, _ = sweep(costs, corridor, soft=True)
    if behind is None:
        behind, _ = sweep(costs, corridor, soft=True, backward=True)
    n, m = costs.n, costs.m
    total = forward.at(n, m)

    if not beads:
        return []
    kinds = bead_kinds(beads)
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
            paths = forward.at(rows, j) + behind.at(rows, j + 1) + costs.unpaired_tgt_costs(rows)
        else:
            cols = np.arange(max(lo[i], lo[i + 1]), min(hi[i], hi[i + 1]) + 1)
            paths = forward.at(i, cols) + behind.at(i + 1, cols) + costs.unpaired_src_costs(i + 1, cols)
        log_p[k] = -np.logaddexp.reduce(-(paths - total))
    return np.minimum(1.0, np.exp(-log_p)).tolist()
