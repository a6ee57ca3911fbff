"""Paragraphs out of order: the paragraph pairs a translation moved away from where the rest of
the text puts them (two paragraphs swapped, a paragraph moved elsewhere).

A monotone alignment cannot pair them: it glues each to whatever stands in its place, with
scores that do not show it. Found from the sentence pairs mined in any order
(:mod:`.mining`): the longest chain of them in order on both sides is the text's main order; a
mined pair off that chain whose source paragraph and target paragraph hold no pair of the
chain, and whose target paragraph lies at least :data:`FAR` paragraphs from where the chain puts
its source paragraph, pairs a moved paragraph with its translation. Pure: indices in, paragraph
pairs out.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np

from .beads import monotone_chain

#: The least score of a mined pair that may say a paragraph moved.
MOVE_SCORE = 0.9
#: How many paragraphs from its place in the main order a paragraph must lie to count as moved
#: (a neighbour exchanged with the next one is a 2-2 bead in order, not a move).
FAR = 2


def moved_paragraphs(pairs: Sequence[tuple[int, int]], src_paragraph: Sequence[int], tgt_paragraph: Sequence[int]
                     ) -> list[tuple[int, int]]:
    """The (source paragraph, target paragraph) pairs out of the main order, given confident
    mined sentence pairs (source and target sentence indices) and each sentence's paragraph;
    each paragraph in one pair at most, in source order.

    >>> par = list(range(10))  # one sentence a paragraph; the target swaps paragraphs 2 and 6
    >>> moved_paragraphs([(0, 0), (1, 1), (2, 6), (3, 3), (4, 4), (5, 5), (6, 2), (7, 7)], par, par)
    [(2, 6), (6, 2)]
    >>> moved_paragraphs([(0, 0), (1, 2), (2, 1), (3, 3)], par, par)  # neighbours exchanged: in order
    []
    """
    if len(pairs) < 3:
        return []
    rows = np.array([i for i, _ in pairs], dtype=np.int64)
    cols = np.array([j for _, j in pairs], dtype=np.int64)
    chain_rows, chain_cols = monotone_chain(rows, cols)
    chain = set(zip(chain_rows.tolist(), chain_cols.tolist()))
    src_par, tgt_par = np.asarray(src_paragraph), np.asarray(tgt_paragraph)
    main_src, main_tgt = set(src_par[chain_rows].tolist()), set(tgt_par[chain_cols].tolist())
    x, y = src_par[chain_rows].astype(float), tgt_par[chain_cols].astype(float)
    found: Counter[tuple[int, int]] = Counter()
    for i, j in zip(rows.tolist(), cols.tolist()):
        p, q = int(src_par[i]), int(tgt_par[j])
        if (i, j) in chain or p in main_src or q in main_tgt:
            continue
        if abs(q - float(np.interp(p, x, y))) >= FAR:
            found[(p, q)] += 1
    moved, used_src, used_tgt = [], set(), set()
    for (p, q), _ in sorted(found.items(), key=lambda item: (-item[1], item[0])):
        if p not in used_src and q not in used_tgt:
            moved.append((p, q))
            used_src.add(p)
            used_tgt.add(q)
    return sorted(moved)
