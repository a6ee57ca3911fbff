"""Beads: the unit of an alignment, and the check that an alignment keeps every sentence once."""

from __future__ import annotations

from typing import NamedTuple, Sequence

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


class CoverageError(AssertionError):
    """An alignment that loses or repeats a sentence: a bug, never written out."""


def check_coverage(beads: Sequence[Bead], n_src: int, n_tgt: int) -> tuple[int, int]:
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


def unpaired(n_src: int, n_tgt: int) -> list[Bead]:
    """The only alignment of two texts one of which is empty: every sentence alone.

    >>> unpaired(1, 0)
    [Bead(src=(0,), tgt=())]
    """
    return [Bead((i,), ()) for i in range(n_src)] + [Bead((), (j,)) for j in range(n_tgt)]
