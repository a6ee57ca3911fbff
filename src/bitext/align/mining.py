"""Mining: the sentence pairs of two texts that translate each other, in any order.

For comparable documents (the same event written twice, not a translation), where a monotone
alignment has nothing to follow. Pure: the lexical input in, pairs out.

1. **Candidates** without comparing all pairs: two short texts (at most :data:`ALL_PAIRS` pairs)
   compare every pair; longer ones give each sentence its :data:`NEIGHBOURS` nearest sentences of
   the other side by the cosine of their dictionary vectors (idf-weighted; features in more than
   :data:`COMMON_SHARE` of the sentences left out), a sparse product computed in blocks of rows.
2. **Evidence**: each candidate's translation likelihood ``L`` (:mod:`.likelihood`, both ways
   against the texts' background, the evidence the aligner uses), the background shares estimated
   from each source sentence's best candidate.
3. **Margin** (Artetxe & Schwenk 2019, in log space): ``L(x, y)`` less the mean of the ``L`` of
   ``x``'s and of ``y``'s best candidates, so that a sentence that explains everything (a hub)
   does not win everywhere.
4. **Selection**: candidates by decreasing margin, each sentence used once (competitive
   linking); a pair then takes the neighbouring sentence of either side when that raises ``L``
   and the neighbour's own best candidate is the pair's other sentence (one sentence against
   two adjacent ones).
5. **Scores from the input**: with the chosen pairs taken out, every sentence's best remaining
   margin is one a false pair reaches; that null, scaled by the share of sentences without a
   translation (Storey's ``pi0``), estimates how many chosen pairs at each margin are false. A
   pair's score is one less that local share, never above the score of a pair of higher margin;
   pairs scoring at least ``min_score`` are kept.
6. **Learning**: sentence pairs given to learn from (a translation memory) train Model 1 before
   the first round. Then Model 1 is trained on the pairs kept (and those given) and the texts
   mined again, cross-fitted: the pairs of even source sentences train the model that scores the
   candidates of odd ones and the other way round, so no pair is scored by a model trained on
   itself (which would make every kept pair, right or wrong, look better than its null).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

from .beads import Bead
from .learning import MINING_PRIOR_WEIGHT, Vectors, model1_pairs
from .likelihood import Likelihood, background_share, from_input
from .model1 import train_model1
from .similarity import document_frequency, idf, unit_rows
from .tokens import LexicalInput

#: Candidates of each sentence on the other side, and the neighbours its margin is taken against.
NEIGHBOURS = 4
#: Texts with at most this many sentence pairs compare every pair.
ALL_PAIRS = 20_000
#: Features in more than this share of a side's sentences (and more than :data:`COMMON_LEAST`)
#: do not retrieve candidates.
COMMON_SHARE = 0.05
COMMON_LEAST = 50
#: Rows of a block of the candidate product.
BLOCK_ROWS = 2048
#: Default least score of a pair kept: more likely right than wrong.
MIN_SCORE = 0.5
#: Chosen pairs on either side of a pair (in margin order) its local share of false pairs is taken over.
SCORE_WINDOW = 10
#: Rounds of mining again with Model 1 trained (cross-fitted) on the pairs the round before kept.
LEARNING_ROUNDS = 1


@dataclass(frozen=True)
class MinedPair:
    """A mined pair: source and target sentence indices (one, or two adjacent), its margin, and
    its score (one less the estimated share of false pairs at its margin)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    margin: float
    score: float


@dataclass(frozen=True)
class Mined:
    """The pairs kept, best first, and the estimated share of sentences without a translation on
    the other side."""

    pairs: list[MinedPair]
    untranslated_share: float


def _nearest(a: sparse.csr_matrix, b: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``a``, the ``k`` rows of ``b`` with the largest dot product (rows with no
    shared feature left out): (row of a, row of b) arrays."""
    rows, cols = [], []
    bt = b.T.tocsr()
    for start in range(0, a.shape[0], BLOCK_ROWS):
        product = (a[start:start + BLOCK_ROWS] @ bt).tocsr()
        for r in range(product.shape[0]):
            lo, hi = product.indptr[r], product.indptr[r + 1]
            if hi == lo:
                continue
            values, columns = product.data[lo:hi], product.indices[lo:hi]
            top = np.argpartition(-values, k - 1)[:k] if hi - lo > k else np.arange(hi - lo)
            rows.append(np.full(len(top), start + r))
            cols.append(columns[top])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)


def candidates(lexical: LexicalInput, k: int = NEIGHBOURS) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (source and target indices, each pair once): every pair of two short
    texts (at most :data:`ALL_PAIRS`), else every sentence's ``k`` nearest sentences of the other
    side by the cosine of their dictionary vectors."""
    n, m = len(lexical.src), len(lexical.tgt)
    if n * m <= ALL_PAIRS:
        return np.divmod(np.arange(n * m, dtype=np.int64), m)
    found = Vectors(lexical)
    weights = idf(found.src, found.tgt).astype(np.float32)
    common = (document_frequency(found.src) > max(COMMON_SHARE * n, COMMON_LEAST)) | (
        document_frequency(found.tgt) > max(COMMON_SHARE * m, COMMON_LEAST))
    src = unit_rows(found.src, weights * ~common)
    tgt = unit_rows(found.tgt, weights * ~common)
    i1, j1 = _nearest(src, tgt, k)
    j2, i2 = _nearest(tgt, src, k)
    if len(i1) + len(i2) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pairs = np.unique(np.stack([np.concatenate([i1, i2]), np.concatenate([j1, j2])], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def _mean_best(index: np.ndarray, values: np.ndarray, size: int, k: int) -> np.ndarray:
    """For each of ``size`` sentences, the mean of its ``k`` largest ``values`` (0 without any)."""
    order = np.lexsort((-values, index))
    index, values = index[order], values[order]
    starts = np.searchsorted(index, np.arange(size))
    ends = np.searchsorted(index, np.arange(size), side="right")
    out = np.zeros(size)
    for s in np.nonzero(ends > starts)[0]:
        out[s] = values[starts[s]:min(ends[s], starts[s] + k)].mean()
    return out


def _margins(src_idx: np.ndarray, tgt_idx: np.ndarray, evidence: np.ndarray, n: int, m: int, k: int) -> np.ndarray:
    """Each candidate's evidence less the mean of its two sentences' ``k`` best."""
    return evidence - 0.5 * (_mean_best(src_idx, evidence, n, k)[src_idx] + _mean_best(tgt_idx, evidence, m, k)[tgt_idx])


def mine(lexical: LexicalInput, min_score: float = MIN_SCORE, k: int = NEIGHBOURS,
         rounds: int = LEARNING_ROUNDS) -> Mined:
    """The pairs of two texts that translate each other, in any order, scoring at least
    ``min_score`` (see the module). Sentence pairs given to learn from (``lexical.examples``)
    train Model 1 before the first round, and join the pairs kept in the rounds after. Mining
    starts from the dictionary's glosses alone (``lexical.prior_table`` set aside): their synonyms
    raise the false pairs of comparable text with the true ones (the seed pair's precision 1.000
    → 0.722)."""
    lexical = replace(lexical, prior_table=None)
    found = Vectors(lexical)
    if found.translated is not None and found.examples_table is not None:
        lexical = replace(lexical, **{f"{found.translated}_table": found.examples_table})
    searched = candidates(lexical, k)  # the same for every round: a round changes the scores, not the search
    result = _mine_once(lexical, searched, k, min_score)
    for _ in range(rounds):
        if found.translated is None or len(result.pairs) < 2:
            break
        halves = []
        for parity in (1, 0):  # the even sentences are scored by the model of the odd ones' pairs
            beads = [Bead(p.src, p.tgt) for p in result.pairs if p.src[0] % 2 == parity]
            pairs = model1_pairs(beads, found, found.common) + found.examples
            table = train_model1(pairs, found.table, prior_weight=MINING_PRIOR_WEIGHT)
            halves.append(replace(lexical, **{f"{found.translated}_table": table}))
        result = _mine_once(lexical, searched, k, min_score, (halves[0], halves[1]))
    return result


def _mine_once(lexical: LexicalInput, pairs: tuple[np.ndarray, np.ndarray], k: int, min_score: float,
               scoring: tuple[LexicalInput, LexicalInput] | None = None) -> Mined:
    n, m = len(lexical.src), len(lexical.tgt)
    src_idx, tgt_idx = pairs
    if len(src_idx) == 0:
        return Mined([], 1.0)
    beads = [Bead((int(i),), (int(j),)) for i, j in zip(src_idx, tgt_idx)]
    if scoring is None:
        likelihood, evidence = _evidence(lexical, beads)
    else:  # cross-fitted: a candidate is scored by the model not trained on its source sentence's half
        likelihood, even = _evidence(scoring[0], beads)
        _, odd = _evidence(scoring[1], beads)
        evidence = np.where(src_idx % 2 == 0, even, odd)
    margin = _margins(src_idx, tgt_idx, evidence, n, m, k)
    chosen = np.asarray(_link(src_idx, tgt_idx, margin), dtype=np.int64)
    rest = np.ones(len(evidence), dtype=bool)
    rest[chosen] = False
    null = _null(src_idx[rest], tgt_idx[rest], evidence[rest], n, m, k)
    scores, pi0 = _scores(margin[chosen], null)
    kept = [(int(c), float(x)) for c, x in zip(chosen, scores) if x >= min_score]
    grown = _extend([beads[c] for c, _ in kept], likelihood, n, m, _best_partners(src_idx, tgt_idx, evidence, n, m))
    out = [MinedPair(bead.src, bead.tgt, float(margin[c]), x) for bead, (c, x) in zip(grown, kept)]
    return Mined(sorted(out, key=lambda p: -p.margin), pi0)


def _evidence(lexical: LexicalInput, beads: list[Bead]) -> tuple[Likelihood, np.ndarray]:
    """The likelihood of ``lexical`` and the beads' evidence under it, its background shares
    estimated from the pairs of each source sentence's best candidate (most candidates are not
    translations, and would make every word look like background)."""
    likelihood = from_input(lexical)
    src_idx = np.fromiter((b.src[0] for b in beads), dtype=np.int64, count=len(beads))
    best = _best_of_each(src_idx, likelihood.evidence(beads))
    forward, backward = likelihood.ratios([beads[c] for c in best])
    likelihood = likelihood.with_shares(background_share(forward), background_share(backward), likelihood.share)
    return likelihood, likelihood.evidence(beads)


def _null(src_idx: np.ndarray, tgt_idx: np.ndarray, evidence: np.ndarray, n: int, m: int, k: int) -> np.ndarray:
    """The margins false pairs reach: over the candidates left when the chosen pairs are taken out
    (as if no sentence had its translation on the other side), every sentence's best margin."""
    margin = _margins(src_idx, tgt_idx, evidence, n, m, k)
    best_src = np.full(n, -np.inf)
    best_tgt = np.full(m, -np.inf)
    np.maximum.at(best_src, src_idx, margin)
    np.maximum.at(best_tgt, tgt_idx, margin)
    return np.concatenate([best_src[np.isfinite(best_src)], best_tgt[np.isfinite(best_tgt)]])


def _link(src_idx: np.ndarray, tgt_idx: np.ndarray, margin: np.ndarray) -> list[int]:
    """Competitive linking: candidates by decreasing margin, each sentence in one pair at most."""
    used_src, used_tgt, chosen = set(), set(), []
    for c in np.argsort(-margin, kind="stable"):
        i, j = int(src_idx[c]), int(tgt_idx[c])
        if i in used_src or j in used_tgt:
            continue
        used_src.add(i)
        used_tgt.add(j)
        chosen.append(int(c))
    return chosen


def _scores(chosen: np.ndarray, null: np.ndarray) -> tuple[np.ndarray, float]:
    """The score of each chosen pair from its margin (``chosen``), and ``pi0``.

    The null holds one margin a false pair reaches for each sentence of both sides, so half its
    count above a margin is the false pairs expected there if no sentence had a translation;
    that count is scaled by ``pi0``, the share of sentences without one (Storey: the chosen pairs
    below the null's median against half the null's count there). A pair's score is one less
    the expected false pairs among the chosen pairs within :data:`SCORE_WINDOW` of it in margin
    order, never above the score of a pair of higher margin."""
    null = np.sort(null)
    if len(chosen) == 0:
        return np.zeros(0), 1.0
    order = np.argsort(-chosen, kind="stable")
    ordered = chosen[order]
    median = float(np.median(null)) if len(null) else -np.inf
    below_null = 0.5 * np.searchsorted(null, median, side="right")
    pi0 = min(1.0, float(np.sum(chosen <= median)) / below_null) if below_null else 1.0

    def false_at(t: np.ndarray) -> np.ndarray:  # false pairs expected at or above t
        return pi0 * 0.5 * (len(null) - np.searchsorted(null, t, side="left"))

    rank = np.arange(len(ordered))
    top, bottom = np.maximum(rank - SCORE_WINDOW, 0), np.minimum(rank + SCORE_WINDOW, len(ordered) - 1)
    local = (false_at(ordered[bottom]) - false_at(ordered[top])) / (bottom - top + 1)
    # pairs of equal margin share the score of the last of them, as a function of the margin would
    by_rank = np.minimum.accumulate(1.0 - np.clip(local, 0.0, 1.0))
    last_equal = np.searchsorted(-ordered, -ordered, side="right") - 1
    scores = np.empty(len(chosen))
    scores[order] = by_rank[last_equal]
    return scores, pi0


def _best_of_each(own: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each sentence that has candidates (``own``: each candidate's sentence), the index of its
    candidate of highest value (the first of equal ones), in the order of the sentences.

    >>> _best_of_each(np.array([1, 0, 1, 0]), np.array([0.5, 0.2, 0.9, 0.7])).tolist()
    [3, 2]
    """
    order = np.lexsort((-values, own))
    return order[np.r_[True, own[order][1:] != own[order][:-1]]]


def _best_partners(src_idx: np.ndarray, tgt_idx: np.ndarray, evidence: np.ndarray, n: int, m: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's candidate of highest evidence on the other side (-1 without a candidate):
    source sentences' targets, target sentences' sources."""
    out = []
    for own, other, size in ((src_idx, tgt_idx, n), (tgt_idx, src_idx, m)):
        best = np.full(size, -1, dtype=np.int64)
        found = _best_of_each(own, evidence)
        best[own[found]] = other[found]
        out.append(best)
    return out[0], out[1]


def _extend(beads: list[Bead], likelihood: Likelihood, n: int, m: int,
            partners: tuple[np.ndarray, np.ndarray]) -> list[Bead]:
    """Each 1-1 pair with the neighbouring sentence of either side added where that raises its
    translation likelihood, the sentence is in no other pair and its best candidate
    (``partners``, :func:`_best_partners`) is the pair's sentence on the other side."""
    used_src = {i for b in beads for i in b.src}
    used_tgt = {j for b in beads for j in b.tgt}
    best_of_src, best_of_tgt = partners
    options = []
    for b in beads:
        i, j = b.src[0], b.tgt[0]
        grown = [b]
        for neighbour in (j - 1, j + 1):
            if 0 <= neighbour < m and neighbour not in used_tgt and best_of_tgt[neighbour] == i:
                grown.append(Bead((i,), tuple(sorted((j, neighbour)))))
        for neighbour in (i - 1, i + 1):
            if 0 <= neighbour < n and neighbour not in used_src and best_of_src[neighbour] == j:
                grown.append(Bead(tuple(sorted((i, neighbour))), (j,)))
        options.append(grown)
    flat = [bead for grown in options for bead in grown]
    evidence = likelihood.evidence(flat) if flat else np.zeros(0)
    out, at = [], 0
    for grown in options:
        values = evidence[at:at + len(grown)]
        at += len(grown)
        best = int(np.argmax(values))
        bead = grown[best]
        extra_src = set(bead.src) - set(grown[0].src)
        extra_tgt = set(bead.tgt) - set(grown[0].tgt)
        if best and not (extra_src & used_src) and not (extra_tgt & used_tgt):
            used_src |= extra_src
            used_tgt |= extra_tgt
        else:
            bead = grown[0]
        out.append(bead)
    return out
