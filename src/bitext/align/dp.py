"""Gale–Church dynamic programming over sentence lengths, banded, with bead posteriors.

The search visits only cells within ``w`` of the diagonal (``j ≈ i·m/n``), one NumPy operation
per bead type and row, so time and memory grow with ``n·w``. When the best path touches the
band's edge, or the band holds no path at all, ``w`` doubles and the search runs again. A path
that stays clear of the edge is accepted once the search at twice the width finds the same cost
(a path outside the band can be cheaper without ever touching it, for instance a run of many
0-1 beads in a short document). On inputs where both can be computed the result equals the
full search (``band=None``), up to the choice between paths of exactly equal cost.

Tie-break (documented, deterministic): between transitions of equal cost the bead type listed
first in the priors wins (1-1 before 1-0, 0-1, 2-1, 1-2, 2-2 by default); between a 0-1 bead and
any other transition into the same cell, the other transition wins.

Posteriors come from the forward–backward algorithm over the same band: the probability, under
the model, that a bead lies on the alignment, summed over every path in the band.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from .length import BeadType, LengthModel, bead_match_cost, match_cost, prior_costs

#: Initial half-width of the band, in target sentences.
DEFAULT_BAND = 16


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


@dataclass
class Alignment:
    """The best beads, their costs (``-log`` probability) and posteriors, and the band used."""

    beads: list[Bead]
    costs: list[float]
    posteriors: list[float]
    band: int | None = None
    total_cost: float = 0.0
    widenings: int = 0
    confirmed: bool = True


def _check_types(types: Sequence[BeadType]) -> None:
    for a, b in types:
        if a < 0 or b < 0 or (a == 0 and b == 0) or (a == 0 and b != 1) or (b == 0 and a != 1):
            raise ValueError(f"unsupported bead type {a}-{b}: empty sides are allowed only as 1-0 and 0-1")


def _band_limits(n: int, m: int, w: int | None) -> tuple[np.ndarray, np.ndarray]:
    if w is None or n == 0:
        return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    centre = np.arange(n + 1, dtype=float) * (m / n)
    lo = np.maximum(np.floor(centre).astype(np.int64) - w, 0)
    hi = np.minimum(np.ceil(centre).astype(np.int64) + w, m)
    return lo, hi


def _sweep(x: np.ndarray, y: np.ndarray, types: list[BeadType], costs: dict[BeadType, float],
           model: LengthModel, lo: np.ndarray, hi: np.ndarray, soft: bool):
    """Forward pass. Hard: min-cost and back-pointers. Soft: ``-log`` of summed path probabilities.

    Per row, the transitions from earlier rows are gathered into one (types × band) array and
    their length costs computed in one call; the 0-1 transition is a prefix scan along the row.
    """
    n = len(x)
    X = np.concatenate(([0.0], np.cumsum(x)))
    Y = np.concatenate(([0.0], np.cumsum(y)))
    across = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    across_ids = np.array([t for t, _, _ in across], dtype=np.int8)
    across_prior = np.array([costs[types[t]] for t, _, _ in across])[:, None]
    paired = np.array([b > 0 for _, _, b in across])[:, None]
    within = [t for t, (a, b) in enumerate(types) if a == 0]
    rows: list[np.ndarray] = []
    back: list[np.ndarray] = []
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        prev_cost = np.full((len(across), js.size), np.inf)
        l1 = np.zeros((len(across), 1))
        l2 = np.zeros((len(across), js.size))
        for k, (t, a, b) in enumerate(across):
            if i - a < 0:
                continue
            prev, plo = rows[i - a], lo[i - a]
            idx = js - b - plo
            ok = (js - b >= 0) & (idx >= 0) & (idx < prev.size)
            prev_cost[k, ok] = prev[idx[ok]]
            l1[k] = X[i] - X[i - a]
            l2[k, ok] = Y[js[ok]] - Y[js[ok] - b]
        reachable = np.isfinite(prev_cost)
        length_cost = np.where(paired & reachable, match_cost(l1, l2, model), 0.0)
        cand = prev_cost + across_prior + length_cost
        if soft:
            best = -np.logaddexp.reduce(-cand, axis=0) if len(across) else np.full(js.size, np.inf)
            arg = None
        else:
            pick = np.argmin(cand, axis=0)  # the first of equal costs: bead types in prior order
            best = cand[pick, np.arange(js.size)]
            arg = np.where(np.isfinite(best), across_ids[pick], -1).astype(np.int8)
        if i == 0 and lo[0] == 0:
            best[0] = 0.0
        if within and js.size > 1:
            t = within[0]
            step = np.zeros(js.size)
            step[1:] = costs[types[t]]  # an unpaired sentence costs its prior alone (bead_match_cost)
            C = np.cumsum(step)
            if soft:
                best = C - np.logaddexp.accumulate(C - best)
            else:
                shifted = best - C
                running = np.minimum.accumulate(shifted)
                from_skip = shifted > running
                best = np.where(from_skip, C + running, best)
                arg[from_skip] = t
        rows.append(best)
        back.append(arg)
    return rows, back


def _trace(rows, back, types, lo, hi, n, m) -> tuple[list[Bead], list[float], bool]:
    beads, costs = [], []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i][j - lo[i]])
        if t < 0:
            raise AssertionError("unreachable cell on the best path")
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        a, b = types[t]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
        costs.append(float(rows[i][j - lo[i]] - rows[i - a][j - b - lo[i - a]]))
        i, j = i - a, j - b
    beads.reverse()
    costs.reverse()
    return beads, costs, touched


def align_lengths(src: Sequence[float], tgt: Sequence[float], model: LengthModel,
                  priors: Mapping[BeadType, float] | None = None, band: int | None = DEFAULT_BAND,
                  posteriors: bool = True) -> Alignment:
    """Align two sequences of sentence lengths; every index of both sides is in exactly one bead.

    ``band`` is the initial half-width (doubled as needed); ``None`` searches the full matrix.
    Without ``posteriors`` the result's posteriors are NaN (see :func:`bead_posteriors`).

    >>> a = align_lengths([10, 20, 30], [31, 59, 92], LengthModel(c=3.0, s2=20.0))
    >>> [(b.src, b.tgt) for b in a.beads]
    [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    """
    result = best_path(src, tgt, model, priors, band)
    if posteriors:
        result.posteriors = bead_posteriors(src, tgt, result, model, priors)
    return result


def best_path(src: Sequence[float], tgt: Sequence[float], model: LengthModel,
              priors: Mapping[BeadType, float] | None = None, band: int | None = DEFAULT_BAND,
              confirm: bool = True, found: Alignment | None = None) -> Alignment:
    """The minimum-cost bead sequence, searched in a band that widens until the path is confirmed.

    ``confirm=False`` stops at the first path clear of the band's edge (its ``confirmed`` is
    False): good enough to estimate a model from. Passing such a result as ``found`` (same input,
    model and priors) confirms it, searching only at the widths it has not been searched at.
    """
    costs = prior_costs(priors)
    types = list(costs)
    _check_types(types)
    x = np.asarray(src, dtype=float)
    y = np.asarray(tgt, dtype=float)
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        beads = [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
        return _trivial(beads, x, y, costs, model)
    if found is not None and (found.confirmed or found.band is None):
        return found
    w = band
    widenings = 0
    accepted = None
    if found is not None:
        accepted = (found.total_cost, found.beads, found.costs, found.band)
        w = found.band * 2
    while True:
        if w is not None and w >= max(n, m):
            w = None
        lo, hi = _band_limits(n, m, w)
        rows, back = _sweep(x, y, types, costs, model, lo, hi, soft=False)
        end = float(rows[n][m - lo[n]])
        touched = True
        if np.isfinite(end):
            beads, bead_costs, touched = _trace(rows, back, types, lo, hi, n, m)
        if w is None:
            break
        if accepted is not None and not touched and _same_cost(end, accepted[0]):
            end, beads, bead_costs, w = accepted
            break
        if not touched and not confirm:
            return Alignment(beads, bead_costs, [math.nan] * len(beads), band=w, total_cost=end,
                             widenings=widenings, confirmed=False)
        # A path that does not touch the edge is confirmed by the search at twice the width.
        accepted = (end, beads, bead_costs, w) if not touched else None
        w = w * 2
        widenings += 0 if accepted is not None else 1
    return Alignment(beads, bead_costs, [math.nan] * len(beads), band=w, total_cost=end, widenings=widenings)


def bead_posteriors(src: Sequence[float], tgt: Sequence[float], alignment: Alignment, model: LengthModel,
                    priors: Mapping[BeadType, float] | None = None) -> list[float]:
    """Forward–backward posterior of every bead of ``alignment``, over the band it was found in."""
    costs = prior_costs(priors)
    x = np.asarray(src, dtype=float)
    y = np.asarray(tgt, dtype=float)
    if len(x) == 0 or len(y) == 0:
        return [1.0] * len(alignment.beads)
    lo, hi = _band_limits(len(x), len(y), alignment.band)
    return _posteriors(x, y, list(costs), costs, model, lo, hi, alignment.beads)


def _same_cost(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _trivial(beads: list[Bead], x, y, costs, model) -> Alignment:
    bead_costs = [_bead_cost(bead, x, y, model, costs) for bead in beads]
    return Alignment(beads, bead_costs, [1.0] * len(beads), band=None, total_cost=float(sum(bead_costs)))


def _posteriors(x, y, types, costs, model, lo, hi, beads: list[Bead]) -> list[float]:
    n, m = len(x), len(y)
    forward, _ = _sweep(x, y, types, costs, model, lo, hi, soft=True)
    rlo, rhi = (m - hi[::-1]).copy(), (m - lo[::-1]).copy()
    backward, _ = _sweep(x[::-1].copy(), y[::-1].copy(), types, costs, model, rlo, rhi, soft=True)
    total = forward[n][m - lo[n]]
    X = np.concatenate(([0.0], np.cumsum(x)))
    Y = np.concatenate(([0.0], np.cumsum(y)))
    def before(i: int, j) -> np.ndarray:
        return forward[i][np.asarray(j) - lo[i]]

    def after(i: int, j) -> np.ndarray:
        return backward[n - i][(m - np.asarray(j)) - rlo[n - i]]

    out = []
    i = j = 0
    for bead in beads:
        a, b = bead.kind
        cost = costs[(a, b)] + float(bead_match_cost(a, b, X[i + a] - X[i], Y[j + b] - Y[j], model))
        if (a, b) == (0, 1):
            # "Target j is unpaired" is the same bead whichever row it is taken in: sum the rows.
            first = int(np.searchsorted(hi, j + 1, side="left"))
            last = int(np.searchsorted(lo, j, side="right"))
            paths = np.array([before(r, j) + after(r, j + 1) for r in range(first, last)])
        elif (a, b) == (1, 0):
            cols = np.arange(max(lo[i], lo[i + 1]), min(hi[i], hi[i + 1]) + 1)
            paths = before(i, cols) + after(i + 1, cols)
        else:
            paths = np.array([before(i, j) + after(i + a, j + b)])
        log_p = -np.logaddexp.reduce(-(paths + cost - total))
        out.append(float(min(1.0, np.exp(-log_p))))
        i, j = i + a, j + b
    return out


def path_cost(beads: Sequence[Bead], src: Sequence[float], tgt: Sequence[float], model: LengthModel,
              priors: Mapping[BeadType, float] | None = None) -> float:
    """Total cost (``-log`` probability) of a bead sequence under the model.

    >>> m = LengthModel(c=1.0, s2=6.8)
    >>> round(path_cost([Bead((0,), (0,))], [10], [10], m), 4)
    0.2108
    """
    costs = prior_costs(priors)
    return sum(_bead_cost(bead, src, tgt, model, costs) for bead in beads)


def _bead_cost(bead: Bead, src: Sequence[float], tgt: Sequence[float], model: LengthModel,
               costs: Mapping[BeadType, float]) -> float:
    """One bead's cost: its prior's ``-log`` plus the length part."""
    l1 = float(sum(src[i] for i in bead.src))
    l2 = float(sum(tgt[j] for j in bead.tgt))
    return costs[bead.kind] + float(bead_match_cost(*bead.kind, l1, l2, model))


class CoverageError(AssertionError):
    """An alignment that loses or repeats a sentence: a bug, never written out."""


def check_coverage(beads: list[Bead], n_src: int, n_tgt: int) -> tuple[int, int]:
    """Check that every sentence of both sides is in exactly one bead, in order; return the counts.

    >>> check_coverage([Bead((0,), ()), Bead((1,), (0,))], 2, 1)
    (2, 1)
    """
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    if src != list(range(n_src)) or tgt != list(range(n_tgt)):
        raise CoverageError(f"alignment lost or repeated sentences ({len(src)}/{n_src} source,"
                            f" {len(tgt)}/{n_tgt} target)")
    return n_src, n_tgt
