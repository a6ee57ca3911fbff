"""Beads: the unit of an alignment, and the check that an alignment keeps every sentence once."""

from __future__ import annotations

import bisect
from typing import NamedTuple, Sequence

import numpy as np

#: A bead type ``(a, b)``: ``a`` source sentences against ``b`` target sentences.
BeadType = tuple[int, int]


class Bead(NamedTuple):
    """Aligned sentence indices (zero-based): ``src`` and ``tgt``, either may be empty."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]

    @property
    def kind(self) -> BeadType:
        """The bead type ``(len(src), len(tgt))``."""
        return (len(self.src), len(self.tgt))

    def shifted(self, src_offset: int, tgt_offset: int) -> "Bead":
        """The same bead with indices moved by the given offsets.

        >>> Bead((0,), (0, 1)).shifted(2, 3)
        Bead(src=(2,), tgt=(3, 4))
        """
        return Bead(tuple(i + src_offset for i in self.src), tuple(j + tgt_offset for j in self.tgt))

    def transposed(self) -> "Bead":
        """The bead with its sides swapped."""
        return Bead(self.tgt, self.src)


def bead_kinds(beads: Sequence[Bead]) -> np.ndarray:
    """The type of every bead, as an ``(len(beads), 2)`` array of sentence counts.

    >>> bead_kinds([Bead((0,), (0, 1)), Bead((), (2,))]).tolist()
    [[1, 2], [0, 1]]
    """
    kinds = np.empty((len(beads), 2), dtype=np.int64)
    kinds[:, 0] = np.fromiter(map(len, (bead.src for bead in beads)), dtype=np.int64, count=len(beads))
    kinds[:, 1] = np.fromiter(map(len, (bead.tgt for bead in beads)), dtype=np.int64, count=len(beads))
    return kinds


class CoverageError(AssertionError):
    """An alignment that loses or repeats a sentence: a bug, never written out."""


def check_coverage(beads: Sequence[Bead], n_src: int, n_tgt: int, in_order: bool = True) -> tuple[int, int]:
    """Check that every sentence of both sides is in exactly one bead, in order (unless not
    ``in_order``: paragraphs aligned out of order); return the counts.

    >>> check_coverage([Bead((0,), ()), Bead((1,), (0,))], 2, 1)
    (2, 1)
    """
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    if not in_order:
        src, tgt = sorted(src), sorted(tgt)
    if src != list(range(n_src)) or tgt != list(range(n_tgt)):
        raise CoverageError(f"alignment lost or repeated sentences ({len(src)}/{n_src} source,"
                            f" {len(tgt)}/{n_tgt} target)")
    return n_src, n_tgt


def unpaired(n_src: int, n_tgt: int) -> list[Bead]:
    """The only alignment of two texts one of which is empty: every sentence alone.

    >>> unpaired(1, 0)
    [Bead(src=(0,), tgt=())]
    """
    return [Bead((i,), ()) for i in range(n_src)] + [Bead((), (j,)) for j in range(n_tgt)]


def monotone_chain(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The longest chain of pairs in order on both sides (a pair matched out of order, such as a
    sentence of another article on the same page, left out).

    >>> [a.tolist() for a in monotone_chain(np.array([20, 38, 39, 41]), np.array([5, 0, 1, 4]))]
    [[38, 39, 41], [0, 1, 4]]
    """
    order = np.lexsort((cols, rows))
    rows, cols = rows[order], cols[order]
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(rows)
    for k, c in enumerate(cols.tolist()):
        at = bisect.bisect_left(tails, c)
        if at == len(tails):
            tails.append(c)
            tail_at.append(k)
        else:
            tails[at], tail_at[at] = c, k
        parent[k] = tail_at[at - 1] if at else -1
    chain, k = [], tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(k)
        k = parent[k]
    chain = chain[::-1]
    return rows[chain], cols[chain]
