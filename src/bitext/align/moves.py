"""Paragraphs out of order: the paragraph pairs a translation moved away from where the rest of
the text puts them (two paragraphs swapped, a paragraph moved elsewhere).

A monotone alignment cannot pair them: it glues each to whatever stands in its place, with
scores that do not show it. Found from the sentence pairs mined in any order
(:mod:`.mining`): the longest chain of them in order on both sides is the text's main order; the
mined pairs off that chain whose target paragraph lies at least :data:`FAR` paragraphs from where
the chain puts their source paragraph pair a moved paragraph with its translation, when they
outnumber the pairs of the chain each of the two paragraphs holds. Such a pair is kept when
its mined pairs explain the text better than the alignment in order does
(:func:`confirmed_moves`: a sentence that truly stands in its place is explained there at least
as well, however well it also matches a sentence far away), and each paragraph then goes to the
strongest kept pair that holds it (:func:`one_each`): a proposal the text does not bear out
does not block another for the same paragraph (census figures repeated word for word from one
chapter of Numbers to the next drew the first chapter's English to the second's Chinese, which
a swap had moved, and hid the true half of the swap). Pure: indices in, paragraph pairs out.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np

from .beads import Bead, monotone_chain
from .likelihood import Likelihood

#: The least score of a mined pair that may by itself say a paragraph moved.
MOVE_SCORE = 0.9
#: Mined pairs (each more likely right than wrong) of one paragraph pair that may together say
#: it moved, though none reaches :data:`MOVE_SCORE`.
MOVE_PAIRS = 3
#: How many paragraphs from its place in the main order a paragraph must lie to count as moved
#: (a neighbour exchanged with the next one is a 2-2 bead in order, not a move).
FAR = 2


def moved_paragraphs(pairs: Sequence[tuple[int, int]], src_paragraph: Sequence[int], tgt_paragraph: Sequence[int],
                     scores: Sequence[float] | None = None) -> list[tuple[int, int]]:
    """The (source paragraph, target paragraph) pairs proposed as out of the main order, given
    mined sentence pairs (source and target sentence indices, ``scores`` their scores, default all
    sure) and each sentence's paragraph; strongest (most pairs) first, and a paragraph may be in
    several (see :func:`one_each`). A paragraph pair is proposed when its mined pairs off the main
    order outnumber the pairs of the main order each of its paragraphs holds, and one of them
    scores at least :data:`MOVE_SCORE` or they are at least :data:`MOVE_PAIRS`; and so is the other
    half of a swap (the source paragraph whose place in the main order a proposed move's target
    holds, with the target paragraph in the place of its source; beyond the main order's ends a
    paragraph for a paragraph, :func:`_place`) on pairs that outnumber those in order, or on
    :data:`MOVE_PAIRS` of them (where a paragraph's own place is taken by pairs that match it by
    chance, as census figures repeated in the next chapter do).

    >>> par = list(range(10))  # one sentence a paragraph; the target swaps paragraphs 2 and 6
    >>> moved_paragraphs([(0, 0), (1, 1), (2, 6), (3, 3), (4, 4), (5, 5), (6, 2), (7, 7)], par, par)
    [(2, 6), (6, 2)]
    >>> moved_paragraphs([(0, 0), (1, 2), (2, 1), (3, 3)], par, par)  # neighbours exchanged: in order
    []
    >>> par = [k // 3 for k in range(18)]  # three sentences a paragraph; paragraphs 1 and 4 swapped,
    >>> swapped = [(3, 12), (4, 13), (12, 3), (13, 4)]  # one pair of each also matching in its place
    >>> moved_paragraphs([(k, k) for k in range(18) if k not in (3, 4, 12, 13)] + swapped, par, par)
    [(1, 4), (4, 1)]
    >>> in_place = [(k, k) for k in range(18) if k not in (3, 4, 12, 13)]
    >>> moved_paragraphs(in_place + swapped, par, par, [1.0] * len(in_place) + [0.6] * 4)  # two unsure pairs each
    []
    >>> moved_paragraphs(in_place + swapped, par, par, [1.0] * len(in_place) + [0.6, 0.6, 0.95, 0.6])  # one sure
    [(1, 4), (4, 1)]
    """
    if len(pairs) < 3:
        return []
    rows = np.array([i for i, _ in pairs], dtype=np.int64)
    cols = np.array([j for _, j in pairs], dtype=np.int64)
    chain_rows, chain_cols = monotone_chain(rows, cols)
    chain = set(zip(chain_rows.tolist(), chain_cols.tolist()))
    src_par, tgt_par = np.asarray(src_paragraph), np.asarray(tgt_paragraph)
    in_order_src = Counter(src_par[chain_rows].tolist())  # the chain's pairs each paragraph holds
    in_order_tgt = Counter(tgt_par[chain_cols].tolist())
    x, y = src_par[chain_rows].astype(float), tgt_par[chain_cols].astype(float)
    off: Counter[tuple[int, int]] = Counter()  # mined pairs off the main order, by paragraph pair
    sure: set[tuple[int, int]] = set()
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist())):
        p, q = int(src_par[i]), int(tgt_par[j])
        if (i, j) not in chain and abs(q - _place(p, x, y)) >= FAR:
            off[(p, q)] += 1
            if scores is None or scores[k] >= MOVE_SCORE:
                sure.add((p, q))

    def outnumbers(pq: tuple[int, int]) -> bool:  # than the main order's pairs in either paragraph
        return off[pq] > in_order_src[pq[0]] and off[pq] > in_order_tgt[pq[1]]

    found = Counter({pq: n for pq, n in off.items() if outnumbers(pq) and (pq in sure or n >= MOVE_PAIRS)})
    for p, q in list(found):  # the other half of a swap: the source paragraph whose place the move took
        other = (int(np.clip(round(_place(q, y, x)), 0, src_par.max())),
                 int(np.clip(round(_place(p, x, y)), 0, tgt_par.max())))
        if other not in found and (outnumbers(other) or off[other] >= MOVE_PAIRS):
            found[other] = off[other]
    return [pq for pq, _ in sorted(found.items(), key=lambda item: (-item[1], item[0]))]


def _place(v: float, xs: np.ndarray, ys: np.ndarray) -> float:
    """Where the main order (``ys`` against non-decreasing ``xs``) puts ``v``: interpolated
    between its pairs, and beyond its first or last pair a paragraph for a paragraph (a swap of
    the first and last paragraphs leaves the chain short of both ends).

    >>> xs = ys = np.array([1.0, 2.0, 8.0])
    >>> _place(5, xs, ys), _place(9, xs, ys), _place(0, xs, ys)
    (5.0, 9.0, 0.0)
    """
    if v < xs[0]:
        return float(ys[0] - (xs[0] - v))
    if v > xs[-1]:
        return float(ys[-1] + (v - xs[-1]))
    return float(np.interp(v, xs, ys))


def one_each(moved: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraph pairs of ``moved`` (strongest first) with each paragraph in one pair at most,
    the stronger kept; in source order.

    >>> one_each([(0, 8), (8, 1), (1, 8)]), one_each([(8, 1), (1, 8)])
    ([(0, 8), (8, 1)], [(1, 8), (8, 1)])
    """
    kept, used_src, used_tgt = [], set(), set()
    for p, q in moved:
        if p not in used_src and q not in used_tgt:
            kept.append((p, q))
            used_src.add(p)
            used_tgt.add(q)
    return sorted(kept)


def confirmed_moves(moved: Sequence[tuple[int, int]], pairs: Sequence[tuple[int, int]], in_order: Sequence[Bead],
                    models: Sequence[Likelihood], src_paragraph: Sequence[int], tgt_paragraph: Sequence[int]
                    ) -> list[tuple[int, int]]:
    """The moved paragraph pairs whose mined sentence pairs (source, target) explain the text
    better than the beads of the alignment in order: for each mined pair ``(i, j)`` of the
    paragraphs, the translation likelihood ``L`` of the beads in order holding ``i`` and ``j``
    against that of ``(i, j)`` and what is left of those beads without them, summed over the
    pairs and over the likelihood ``models``; kept when the sum favours the move."""
    src_bead = {i: b for b in in_order for i in b.src}
    tgt_bead = {j: b for b in in_order for j in b.tgt}

    def total(beads: list[Bead]) -> float:
        beads = [b for b in beads if b.src and b.tgt]
        return sum(float(m.evidence(beads).sum()) for m in models) if beads else 0.0

    kept = []
    for p, q in moved:
        gain, seen = 0.0, False
        for i, j in pairs:
            if src_paragraph[i] != p or tgt_paragraph[j] != q or src_bead[i] is tgt_bead[j]:
                continue
            seen = True
            a, b = src_bead[i], tgt_bead[j]
            rest_a = Bead(tuple(k for k in a.src if k != i), a.tgt)
            rest_b = Bead(b.src, tuple(k for k in b.tgt if k != j))
            gain += total([Bead((i,), (j,)), rest_a, rest_b]) - total([a, b])
        if seen and gain > 0:
            kept.append((p, q))
    return kept
