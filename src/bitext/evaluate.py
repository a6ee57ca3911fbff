"""Scoring an alignment against a gold one: strict and lax precision, recall and F1 over beads.

Strict: a test bead counts when it equals a gold bead exactly (unpaired beads included).
Lax (as in Vecalign): a test bead counts when it shares a source and a target sentence with one
gold bead, or, for an unpaired bead, a sentence on its side; recall counts gold beads so met.
By bead type (``a-b``): how many the gold and the test hold, how many of the test's are exact;
the gold's missed and the test's wrongly produced follow.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class TypeCounts:
    """One bead type (``"1-2"``): beads of it in the gold and the test, and the test's exact ones."""

    kind: str
    gold: int
    test: int
    matched: int

    @property
    def missed(self) -> int:
        """Gold beads of this type the test does not hold."""
        return self.gold - self.matched

    @property
    def wrong(self) -> int:
        """Test beads of this type the gold does not hold."""
        return self.test - self.matched


def _kind(bead: BeadPair) -> str:
    return f"{len(bead[0])}-{len(bead[1])}"


def by_type(gold: Sequence[BeadPair], test: Sequence[BeadPair]) -> list[TypeCounts]:
    """Counts per bead type, most frequent in the gold first.

    >>> [(t.kind, t.gold, t.test, t.matched) for t in by_type([((0,), (0,)), ((1,), (1, 2))], [((0,), (0,)), ((1,), (1,)), ((), (2,))])]
    [('1-1', 1, 2, 1), ('1-2', 1, 0, 0), ('0-1', 0, 1, 0)]
    """
    gold_set = set(gold)
    gold_counts = Counter(_kind(b) for b in gold)
    test_counts = Counter(_kind(b) for b in test)
    matched = Counter(_kind(b) for b in test if b in gold_set)
    kinds = sorted(set(gold_counts) | set(test_counts), key=lambda k: (-gold_counts[k], -test_counts[k], k))
    return [TypeCounts(k, gold_counts[k], test_counts[k], matched[k]) for k in kinds]


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
    types: tuple[TypeCounts, ...] = field(default=())


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
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), len(test), len(gold), tuple(by_type(gold, test)))
