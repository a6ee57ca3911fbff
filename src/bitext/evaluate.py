"""Scoring an alignment against a gold one: strict and lax precision, recall and F1 over beads.

Strict: a test bead counts when it equals a gold bead exactly (unpaired beads included).
Lax (as in Vecalign): a test bead counts when it shares a source and a target sentence with one
gold bead, or, for an unpaired bead, a sentence on its side; recall counts gold beads so met.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1, strict and lax, with the bead counts."""

    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float
    test_beads: int
    gold_beads: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _overlaps(a: BeadPair, b: BeadPair) -> bool:
    src = set(a[0]) & set(b[0])
    tgt = set(a[1]) & set(b[1])
    if a[0] and a[1] and b[0] and b[1]:
        return bool(src) and bool(tgt)
    return bool(src) or bool(tgt)


def score(gold: Sequence[BeadPair], test: Sequence[BeadPair]) -> Scores:
    """Compare ``test`` beads with ``gold`` beads.

    >>> s = score([((0,), (0,)), ((1,), (1, 2))], [((0,), (0,)), ((1,), (1,)), ((), (2,))])
    >>> round(s.strict_precision, 3), s.strict_recall, s.lax_recall
    (0.333, 0.5, 1.0)
    """
    gold = [(tuple(s), tuple(t)) for s, t in gold]
    test = [(tuple(s), tuple(t)) for s, t in test]
    gold_set = set(gold)
    exact = sum(1 for b in test if b in gold_set)
    sp = exact / len(test) if test else 0.0
    sr = sum(1 for b in gold if b in set(test)) / len(gold) if gold else 0.0
    lp = sum(1 for b in test if any(_overlaps(b, g) for g in gold)) / len(test) if test else 0.0
    lr = sum(1 for g in gold if any(_overlaps(b, g) for b in test)) / len(gold) if gold else 0.0
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), len(test), len(gold))
