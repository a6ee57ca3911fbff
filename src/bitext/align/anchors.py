"""Anchors: beads a user confirmed (in the review page, or a gold file), kept as they are while the
rest is aligned again between them, as InterText does with Hunalign and memoQ's LiveAlign while
one works. Pure: beads in, blocks and beads out.

The text is cut into blocks: each anchor is a block of its own, and the sentences between two
anchors another (either side may be empty there). The engine aligns within the blocks, learning
over all of them (:func:`.engine.align` with ``blocks``); :func:`keep_anchors` then puts each
anchor back in place of what was found inside its block.
"""

from __future__ import annotations

from typing import Sequence

from .beads import Bead


class AnchorError(ValueError):
    """Anchors that cannot be kept: out of the text, overlapping, or out of order."""


def anchored_blocks(anchors: Sequence[Bead], n: int, m: int) -> list[Bead]:
    """Blocks covering both sides in order: the gaps between anchors and the anchors themselves.

    >>> anchored_blocks([Bead((2,), (1, 2))], 5, 4)
    [Bead(src=(0, 1), tgt=(0,)), Bead(src=(2,), tgt=(1, 2)), Bead(src=(3, 4), tgt=(3,))]
    """
    blocks, i, j = [], 0, 0
    for anchor in sorted(anchors, key=lambda b: (min(b.src or (n,)), min(b.tgt or (m,)))):
        if not anchor.src and not anchor.tgt:
            continue
        src, tgt = tuple(sorted(anchor.src)), tuple(sorted(anchor.tgt))
        if (src and (src[0] < i or src[-1] >= n or list(src) != list(range(src[0], src[-1] + 1)))) or (
                tgt and (tgt[0] < j or tgt[-1] >= m or list(tgt) != list(range(tgt[0], tgt[-1] + 1)))):
            raise AnchorError(f"anchor {list(src)}:{list(tgt)} is outside the text ({n} × {m} sentences), overlaps"
                              " another, is out of order or is not consecutive sentences")
        start_src, start_tgt = (src[0] if src else i), (tgt[0] if tgt else j)
        if start_src > i or start_tgt > j:
            blocks.append(Bead(tuple(range(i, start_src)), tuple(range(j, start_tgt))))
        blocks.append(Bead(src, tgt))
        i, j = (src[-1] + 1 if src else i), (tgt[-1] + 1 if tgt else j)
    if i < n or j < m:
        blocks.append(Bead(tuple(range(i, n)), tuple(range(j, m))))
    return blocks


def keep_anchors(beads: Sequence[Bead], posteriors: Sequence[float], anchors: Sequence[Bead]
                 ) -> tuple[list[Bead], list[float], list[bool]]:
    """The beads with each anchor in place of those found within its block (posterior 1), and
    which of them are anchors.

    >>> keep_anchors([Bead((0,), (0,)), Bead((1,), ()), Bead((), (1,))], [0.9, 0.5, 0.5], [Bead((1,), (1,))])
    ([Bead(src=(0,), tgt=(0,)), Bead(src=(1,), tgt=(1,))], [0.9, 1.0], [False, True])
    """
    by_src = {i: a for a in anchors for i in a.src}
    by_tgt = {j: a for a in anchors for j in a.tgt}
    out, post, kept, placed = [], [], [], set()
    for bead, p in zip(beads, posteriors):
        anchor = next((by_src[i] for i in bead.src if i in by_src), None) or next(
            (by_tgt[j] for j in bead.tgt if j in by_tgt), None)
        if anchor is None:
            out.append(bead)
            post.append(p)
            kept.append(False)
        elif id(anchor) not in placed:
            placed.add(id(anchor))
            out.append(Bead(tuple(sorted(anchor.src)), tuple(sorted(anchor.tgt))))
            post.append(1.0)
            kept.append(True)
    return out, post, kept
