"""Pairing the paragraph runs of an interleaved bilingual file.

An interleaved file alternates runs of source and target paragraphs. Either each source run
pairs with the target run after it, or with the one before it; the reading whose pairs fit the
length model better wins (ties: source first). Runs left without a partner stay unpaired.
"""

from __future__ import annotations

import math
from typing import Sequence

from .beads import Bead
from .length import GALE_CHURCH_PRIORS, match_cost, ratio_model

#: Cost of leaving a run unpaired: -log of the Gale–Church prior of a 1-0 bead.
UNPAIRED_RUN_COST = float(-math.log(GALE_CHURCH_PRIORS[(1, 0)]))


def pair_runs(runs: Sequence[tuple[bool, Sequence[float]]]) -> list[Bead]:
    """Paragraph beads for runs given as ``(is_source, paragraph lengths)`` in file order.

    Paragraph indices count each side's paragraphs in order.

    >>> pair_runs([(False, [5]), (True, [30]), (False, [10]), (True, [60]), (False, [20])])
    [Bead(src=(), tgt=(0,)), Bead(src=(0,), tgt=(1,)), Bead(src=(1,), tgt=(2,))]
    """
    numbered, counts = [], {True: 0, False: 0}
    for is_src, lengths in runs:
        ids = tuple(range(counts[is_src], counts[is_src] + len(lengths)))
        counts[is_src] += len(lengths)
        numbered.append((is_src, ids, float(sum(lengths))))
    model = ratio_model([r[2] for r in numbered if r[0]], [r[2] for r in numbered if not r[0]])

    def pairing(source_first: bool) -> tuple[float, list[Bead]]:
        beads, cost, k = [], 0.0, 0
        while k < len(numbered):
            is_src, ids, length = numbered[k]
            nxt = numbered[k + 1] if k + 1 < len(numbered) else None
            if nxt is not None and is_src == source_first and nxt[0] != is_src:
                src, tgt = (numbered[k], nxt) if is_src else (nxt, numbered[k])
                beads.append(Bead(src[1], tgt[1]))
                cost += float(match_cost(src[2], tgt[2], model))
                k += 2
            else:
                beads.append(Bead(ids, ()) if is_src else Bead((), ids))
                cost += UNPAIRED_RUN_COST
                k += 1
        return cost, beads

    forward, backward = pairing(True), pairing(False)
    return balanced(forward[1] if forward[0] <= backward[0] else backward[1])


#: At most this many consecutive paired runs are joined into one block by :func:`balanced`.
MOST_JOINED = 3


def balanced(beads: Sequence[Bead]) -> list[Bead]:
    """Paired runs whose paragraph counts differ joined with the next ones when, together, their
    counts agree: a paragraph written in the other order (Chinese before its English) splits two
    runs unevenly, and one block holding both lets the sentence alignment pair it.

    >>> balanced([Bead((0,), (0, 1)), Bead((1, 2), (2,)), Bead((3,), (3,))])
    [Bead(src=(0, 1, 2), tgt=(0, 1, 2)), Bead(src=(3,), tgt=(3,))]
    >>> balanced([Bead((0,), (0, 1)), Bead((1,), (2,))])
    [Bead(src=(0,), tgt=(0, 1)), Bead(src=(1,), tgt=(2,))]
    >>> balanced([Bead((0,), (0, 1)), Bead((), (2,)), Bead((1,), (3,))])
    [Bead(src=(0,), tgt=(0, 1)), Bead(src=(), tgt=(2,)), Bead(src=(1,), tgt=(3,))]
    """
    out, k = [], 0
    while k < len(beads):
        bead = beads[k]
        joined_to = None
        if bead.src and bead.tgt and len(bead.src) != len(bead.tgt):
            src, tgt = list(bead.src), list(bead.tgt)
            for end in range(k + 1, min(k + MOST_JOINED, len(beads))):
                nxt = beads[end]
                if not (nxt.src and nxt.tgt):
                    break
                src += nxt.src
                tgt += nxt.tgt
                if len(src) == len(tgt):
                    joined_to = end
                    break
        if joined_to is None:
            out.append(bead)
            k += 1
        else:
            out.append(Bead(tuple(src), tuple(tgt)))
            k = joined_to + 1
    return out
