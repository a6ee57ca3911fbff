"""Gale–Church dynamic programming over sentence lengths, banded, with bead posteriors.

The search (:mod:`.search`) visits only cells within ``w`` of the diagonal (``j ≈ i·m/n``), so
time and memory grow with ``n·w``. When the best path touches the
band's edge, or the band holds no path at all, ``w`` doubles and the search runs again. A path
that stays clear of the edge is accepted once the searches at twice and four times the width
find the same cost (a path outside the band can be cheaper without ever touching it, for
instance a run of many 0-1 beads in a short document; one doubling was not always enough). This
is a heuristic, not a proof: the property tests compare it with the full search (``band=None``)
on thousands of inputs, equal up to the choice between paths of exactly equal cost.

Tie-break (documented, deterministic): between transitions of equal cost the bead type listed
first in the priors wins (1-1 before 1-0, 0-1, 2-1, 1-2, 2-2 by default); between a 0-1 bead and
any other transition into the same cell, the other transition wins.

Posteriors come from the forward–backward algorithm over the same band: the probability, under
the model, that a bead lies on the alignment, summed over every path in the band.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from .costs import LengthCosts
from .length import BeadType, LengthModel
from .search import Bead, diagonal_corridor, posteriors, sweep, trace

#: Initial half-width of the band, in target sentences.
DEFAULT_BAND = 16
#: Successive wider searches that must find the same cost before a path clear of the edge is accepted.
CONFIRMATIONS = 2


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
    lengths = LengthCosts(src, tgt, model, priors)
    n, m = lengths.n, lengths.m
    if n == 0 or m == 0:
        beads = [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
        return _trivial(beads, lengths)
    if found is not None and (found.confirmed or found.band is None):
        return found
    w = band
    widenings = 0
    accepted = None
    agreeing = 0
    if found is not None:
        accepted = (found.total_cost, found.beads, found.costs, found.band)
        w = found.band * 2
    while True:
        if w is not None and w >= max(n, m):
            w = None
        corridor = diagonal_corridor(n, m, w)
        values, back = sweep(lengths, corridor, soft=False)
        end = float(values.at(n, m))
        touched = True
        if np.isfinite(end):
            beads, bead_costs, touched = trace(values, back, lengths, corridor)
        if w is None:
            break
        if touched:
            accepted, agreeing = None, 0
            widenings += 1
        elif accepted is not None and _same_cost(end, accepted[0]):
            agreeing += 1
            if agreeing >= CONFIRMATIONS:
                end, beads, bead_costs, w = accepted
                break
        else:
            if not confirm:
                return Alignment(beads, bead_costs, [math.nan] * len(beads), band=w, total_cost=end,
                                 widenings=widenings, confirmed=False)
            accepted, agreeing = (end, beads, bead_costs, w), 0
        w = w * 2
    return Alignment(beads, bead_costs, [math.nan] * len(beads), band=w, total_cost=end, widenings=widenings)


def bead_posteriors(src: Sequence[float], tgt: Sequence[float], alignment: Alignment, model: LengthModel,
                    priors: Mapping[BeadType, float] | None = None) -> list[float]:
    """Forward–backward posterior of every bead of ``alignment``, over the band it was found in."""
    lengths = LengthCosts(src, tgt, model, priors)
    if lengths.n == 0 or lengths.m == 0:
        return [1.0] * len(alignment.beads)
    return posteriors(lengths, diagonal_corridor(lengths.n, lengths.m, alignment.band), alignment.beads)


def _same_cost(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _trivial(beads: list[Bead], lengths: LengthCosts) -> Alignment:
    bead_costs = lengths.path_costs(beads)
    return Alignment(beads, bead_costs, [1.0] * len(beads), band=None, total_cost=float(sum(bead_costs)))


def path_cost(beads: Sequence[Bead], src: Sequence[float], tgt: Sequence[float], model: LengthModel,
              priors: Mapping[BeadType, float] | None = None) -> float:
    """Total cost (``-log`` probability) of a bead sequence under the model.

    >>> m = LengthModel(c=1.0, s2=6.8)
    >>> round(path_cost([Bead((0,), (0,))], [10], [10], m), 4)
    0.2108
    """
    lengths = LengthCosts(src, tgt, model, priors)
    return float(sum(lengths.path_costs(beads)))


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
