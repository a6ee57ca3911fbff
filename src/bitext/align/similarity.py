"""Lexical evidence: sentence vectors in one feature space, their similarity, and its cost.

Each side's sentences are sparse vectors over shared features (English stems, numbers, marks;
a Chinese sentence is carried into that space through a translation table, see
:func:`translate`), weighted by inverse document frequency. The similarity of a bead is the
cosine of the summed vectors of its two sides; since a dot product of sums is the sum of the
pairwise dot products, the search needs only the sentence-by-sentence products inside its
corridor, computed once per corridor (compiled: ``_core.pyx``). The vectors are float32 and
unweighted, one copy per side; the weights enter every product squared.

A similarity becomes a cost (in nats, added to the length cost) through a line estimated from the
input: the log-likelihood ratio of aligned against random sentence pairs, made monotone
(:func:`ratio_cost`); before anything is aligned, the "aligned" pairs are mined (:func:`first_cost`:
each sampled source sentence's most similar target sentence, when it beats the runner-up by a
margin), and a text too short to mine from falls back on the normal tail of random pairs
(:func:`tail_cost`). IBM Model 1 (:mod:`.model1`) learns the translation table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse

from . import _core
from .beads import Bead
from .corridor import Corridor
from .tokens import TokenIds

#: Random sentence pairs sampled to learn what unrelated sentences look like.
RANDOM_PAIRS = 4000
#: Source sentences sampled to mine likely translations from (see :func:`mined_similarity`).
MINED_SOURCES = 1000
#: How much more similar than the runner-up a mined pair must be.
MINING_MARGIN = 1.2


def count_matrix(docs: TokenIds | Sequence[Sequence[int]], dim: int) -> sparse.csr_matrix:
    """Rows of feature counts, one per document (float32).

    >>> count_matrix([[0, 2, 2], []], 3).toarray().tolist()
    [[1.0, 0.0, 2.0], [0.0, 0.0, 0.0]]
    """
    if isinstance(docs, TokenIds):
        indptr, indices = docs.offsets, docs.ids
    else:
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(d) for d in docs])
        indices = np.fromiter((t for d in docs for t in d), dtype=np.int64, count=int(indptr[-1]))
    index = np.int32 if max(int(indptr[-1]), dim) < 2**31 else np.int64
    # copies: summing the duplicates works in place, and the ids are the caller's
    matrix = sparse.csr_matrix((np.ones(indices.size, dtype=np.float32), indices.astype(index),
                                indptr.astype(index)), shape=(len(docs), dim))
    matrix.sum_duplicates()
    return matrix


def table_matrix(word_ids: Sequence[int], feature_ids: Sequence[int], weights: Sequence[float], rows: int, cols: int
                 ) -> sparse.csr_matrix:
    """A translation table given as its links (word id, feature id, weight; each pair once) as a
    sparse matrix (float32).

    >>> table_matrix([1, 0], [0, 2], [0.5, 1.0], 2, 3).toarray().tolist()
    [[0.0, 0.0, 1.0], [0.5, 0.0, 0.0]]
    """
    return sparse.csr_matrix((np.array(weights, dtype=np.float32), (np.array(word_ids, dtype=np.int64),
                                                                     np.array(feature_ids, dtype=np.int64))),
                             shape=(rows, cols))


def translate(counts: sparse.csr_matrix, table: sparse.csr_matrix) -> sparse.csr_matrix:
    """Word counts carried into feature space: each word spread over its translations (float32)."""
    return (counts.astype(np.float32, copy=False) @ table.astype(np.float32, copy=False)).tocsr()


def vectors(tokens: TokenIds | Sequence[Sequence[int]], features: int, table: sparse.csr_matrix | None
            ) -> sparse.csr_matrix:
    """A side's sentence vectors in feature space: counts of its tokens, or of its words carried
    through ``table`` (:func:`translate`), as square roots (a word said twice is not twice the
    evidence); float32.

    >>> vectors([[0, 0, 1]], 2, None).toarray().tolist()
    [[1.4142135381698608, 1.0]]
    """
    out = count_matrix(tokens, features) if table is None else translate(count_matrix(tokens, table.shape[0]), table)
    out.data = np.sqrt(out.data)
    return out


def document_frequency(matrix: sparse.csr_matrix) -> np.ndarray:
    """How many rows hold each feature (with a non-zero value).

    >>> document_frequency(sparse.csr_matrix(np.array([[1.0, 0.0], [2.0, 3.0]]))).tolist()
    [2, 1]
    """
    matrix = matrix.tocsr()
    if not matrix.has_canonical_format:
        matrix = matrix.copy()
        matrix.sum_duplicates()
    return np.bincount(matrix.indices[matrix.data != 0], minlength=matrix.shape[1])


def idf(*sides: sparse.csr_matrix) -> np.ndarray:
    """Inverse document frequency of each feature over the sentences of all sides.

    >>> np.round(idf(sparse.csr_matrix(np.array([[1.0, 1.0], [0.0, 1.0]]))), 3).tolist()
    [0.406, 0.001]
    """
    docs = sum(s.shape[0] for s in sides)
    df = sum(document_frequency(s) for s in sides)
    return np.log((docs + 1.0) / (df + 1.0)) + 1e-3


@dataclass(frozen=True)
class LexicalCost:
    """The cost of a similarity ``s`` in [0, 1]: linear interpolation between points ``xs``, evenly
    spaced from 0 to 1 (the compiled search reads the curve by index), constant beyond the ends."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.xs) != len(self.ys) or not np.allclose(self.xs, np.linspace(0.0, 1.0, len(self.xs))):
            raise ValueError("a similarity cost is given at points evenly spaced from 0 to 1")

    def __call__(self, similarity: np.ndarray) -> np.ndarray:
        return np.interp(similarity, self.xs, self.ys)


def tail_cost(random: np.ndarray) -> LexicalCost:
    """Cost ``-(z - 1)`` of the similarity's standard score ``z`` among random sentence pairs: one
    nat of evidence per standard deviation above the random mean plus one. A fallback for
    texts too short to mine aligned pairs from (see :func:`first_cost`).

    >>> cost = tail_cost(np.array([0.1, 0.2, 0.3]))
    >>> [round(float(cost(s)), 2) for s in (0.2, 0.6)]
    [1.0, -3.9]
    """
    random = np.asarray(random, dtype=float)
    mean = float(random.mean()) if random.size else 0.0
    std = max(float(random.std()) if random.size > 1 else 0.0, 1e-3)
    return LexicalCost((0.0, 1.0), (1.0 + mean / std, 1.0 - (1.0 - mean) / std))


def ratio_cost(aligned: np.ndarray, random: np.ndarray) -> LexicalCost:
    """Cost ``-log P(aligned | s) / P(random | s)`` at even odds: a logistic regression of
    aligned against random pairs on the similarity, linear in ``s`` and unbounded, made
    non-increasing (a higher similarity is never evidence against a pair).

    >>> cost = ratio_cost(np.array([0.5, 0.6, 0.7, 0.3]), np.array([0.0, 0.1, 0.2, 0.4]))
    >>> bool(cost(0.0) > 0 > cost(0.7))
    True
    """
    s = np.concatenate((aligned, random)).astype(float)
    label = np.concatenate((np.ones(len(aligned)), np.zeros(len(random))))
    weight = np.where(label > 0, 0.5 / max(len(aligned), 1), 0.5 / max(len(random), 1))
    features = np.stack((np.ones_like(s), s), axis=1)
    coef = np.zeros(2)
    for _ in range(50):  # Newton's method on the weighted log-likelihood, lightly regularised
        p = 1.0 / (1.0 + np.exp(-(features @ coef)))
        grad = features.T @ (weight * (label - p)) - 1e-4 * coef
        hess = (features * (weight * p * (1 - p))[:, None]).T @ features + 1e-4 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        coef += step
        if np.abs(step).max() < 1e-8:
            break
    slope = max(coef[1], 0.0)
    return LexicalCost((0.0, 1.0), (-coef[0], -(coef[0] + slope)))


def _single_precision(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    """``matrix`` as canonical float32 CSR; no copy when it already is one."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float32, copy=False)
    if not matrix.has_canonical_format:
        matrix.sum_duplicates()
    return matrix


def _csr(matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The arrays of a CSR matrix as the compiled loops take them: int32 pointers and indices,
    float32 values (no copy when they already are)."""
    if matrix.nnz >= 2**31:
        raise ValueError("sparse matrix too large for 32-bit indices")
    return (matrix.indptr.astype(np.int32, copy=False), matrix.indices.astype(np.int32, copy=False),
            matrix.data.astype(np.float32, copy=False))


def _whole(part: slice, size: int) -> bool:
    return part.indices(size)[:2] == (0, size) and part.step in (None, 1)


class Similarity:
    """Similarities and lexical costs of beads between two sides' sentence vectors.

    The vectors are kept as given (float32, no weighted copy): the feature weights (inverse
    document frequency unless given) enter every product as squared weights.
    """

    def __init__(self, src: sparse.csr_matrix, tgt: sparse.csr_matrix, weights: np.ndarray | None = None,
                 cost: LexicalCost | None = None) -> None:
        self.src = _single_precision(src)
        self.tgt = _single_precision(tgt)
        self.weights = np.asarray(idf(self.src, self.tgt) if weights is None else weights, dtype=float)
        self.n, self.m = self.src.shape[0], self.tgt.shape[0]
        self.cost_of = cost or LexicalCost((0.0, 1.0), (0.0, 0.0))
        self.per_unit = False
        #: Seconds spent computing sentence-pair similarities, shared by the scorers derived from this one.
        self.timer = {"similarity_s": 0.0}
        self._norms: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    @property
    def squared(self) -> np.ndarray:
        """The squared feature weights (a product of two vectors is ``Σ src[f]·tgt[f]·w[f]²``)."""
        return self.weights * self.weights

    def _derived(self, src: sparse.csr_matrix, tgt: sparse.csr_matrix, per_unit: bool) -> "Similarity":
        out = object.__new__(Similarity)
        out.src, out.tgt, out.weights, out.cost_of, out.per_unit = src, tgt, self.weights, self.cost_of, per_unit
        out.timer = self.timer
        out.n, out.m = src.shape[0], tgt.shape[0]
        out._norms = {}
        return out

    def with_cost(self, cost: LexicalCost) -> "Similarity":
        """The same vectors with another similarity → cost table."""
        out = self._derived(self.src, self.tgt, self.per_unit)
        out.cost_of = cost
        out._norms = self._norms  # the same vectors
        return out

    def sliced(self, src: slice, tgt: slice) -> "Similarity":
        """The scorer over a block of consecutive sentences of each side (this one for the whole text)."""
        if _whole(src, self.n) and _whole(tgt, self.m):
            return self
        return self._derived(self.src[src], self.tgt[tgt], self.per_unit)

    def grouped(self, src_groups: np.ndarray, tgt_groups: np.ndarray) -> "Similarity":
        """The scorer over units made of consecutive sentences: unit ``k`` of a side sums the
        sentences whose group id is ``k`` (coarser levels of a coarse-to-fine search); the cost of
        a bead then counts once per unit it holds."""
        def merge(matrix: sparse.csr_matrix, groups: np.ndarray) -> sparse.csr_matrix:
            units = int(groups.max()) + 1 if groups.size else 0
            agg = sparse.csr_matrix((np.ones(groups.size, dtype=np.float32), (groups, np.arange(groups.size))),
                                    shape=(units, matrix.shape[0]))
            return (agg @ matrix).tocsr()
        return self._derived(merge(self.src, src_groups), merge(self.tgt, tgt_groups), True)

    def span_norms(self, amax: int, bmax: int) -> tuple[np.ndarray, np.ndarray]:
        """``(src, tgt)``: ``src[a, i]`` is the squared norm of the summed vectors of the ``a``
        source sentences before ``i`` (0 where fewer), for ``a <= amax``; ``tgt`` likewise."""
        key = (amax, bmax)
        if key not in self._norms:
            squared = self.squared
            self._norms[key] = tuple(_core.span_norms(*_csr(matrix), squared, size)
                                     for matrix, size in ((self.src, amax), (self.tgt, bmax)))
        return self._norms[key]

    def band(self, corridor: Corridor, amax: int, bmax: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The sentence-pair products every bead of at most ``amax-bmax`` ending in ``corridor``
        needs: ``(band, offsets, band_lo)``, source sentence ``r`` holding targets ``band_lo[r]``
        onwards from ``offsets[r]`` to ``offsets[r + 1]`` (memory follows the corridor's cells)."""
        started = time.perf_counter()
        n, m = self.n, self.m
        lo, hi = corridor.lo, corridor.hi
        rows = np.arange(n)
        band_lo = np.maximum(lo[np.minimum(rows + 1, n)] - bmax, 0).astype(np.int64)
        band_hi = np.minimum(hi[np.minimum(rows + amax, n)] - 1, m - 1)
        sizes = np.maximum(band_hi - band_lo + 1, 0)
        offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        band = _core.band_products(*_csr(self.src), *_csr(self.tgt), self.squared, band_lo, offsets)
        self.timer["similarity_s"] += time.perf_counter() - started
        return band, offsets, band_lo

    def bead_similarity(self, beads: Sequence[Bead]) -> np.ndarray:
        """Cosine of each bead with two sides (NaN for unpaired beads or a side without
        features), from the vectors directly."""
        def flat(sides: list[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
            offsets = np.zeros(len(sides) + 1, dtype=np.int64)
            offsets[1:] = np.cumsum([len(side) for side in sides])
            return np.fromiter((i for side in sides for i in side), dtype=np.int64, count=int(offsets[-1])), offsets
        src_rows, src_offsets = flat([bead.src for bead in beads])
        tgt_rows, tgt_offsets = flat([bead.tgt for bead in beads])
        return _core.bead_cosines(*_csr(self.src), *_csr(self.tgt), self.squared, src_rows, src_offsets, tgt_rows,
                                  tgt_offsets)

    def random_similarity(self, pairs: int = RANDOM_PAIRS, seed: int = 0) -> np.ndarray:
        """Cosines of random single-sentence pairs with features on both sides (fixed seed)."""
        if self.n == 0 or self.m == 0:
            return np.zeros(0)
        rng = np.random.default_rng(seed)
        i = rng.integers(0, self.n, pairs)
        j = rng.integers(0, self.m, pairs)
        beads = [Bead((int(a),), (int(b),)) for a, b in zip(i, j)]
        sim = self.bead_similarity(beads)
        return sim[np.isfinite(sim)]


def mined_similarity(scorer: "Similarity", sources: int = MINED_SOURCES, margin: float = MINING_MARGIN,
                     seed: int = 0) -> np.ndarray:
    """Similarities of sentence pairs that are very likely translations, found without any
    alignment: for sampled source sentences, the most similar target sentence of the whole text,
    kept when it beats the second most similar by the factor ``margin`` (bitext mining)."""
    if scorer.n == 0 or scorer.m < 2:
        return np.zeros(0)
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(scorer.n, size=min(sources, scorer.n), replace=False))
    src_norms, tgt_norms = scorer.span_norms(1, 1)
    src_norm, tgt_norm = np.sqrt(src_norms[1, 1:]), np.sqrt(tgt_norms[1, 1:])
    best, second = _core.best_two(*_csr(scorer.src), *_csr(scorer.tgt), scorer.squared, rows.astype(np.int64),
                                  np.ascontiguousarray(src_norm), np.ascontiguousarray(tgt_norm))
    return best[(best > 0) & (best >= margin * second)]


def unit_rows(matrix: sparse.csr_matrix, weights: np.ndarray) -> sparse.csr_matrix:
    """The rows of ``matrix`` with each feature weighted, scaled to unit length (rows of zeros
    stay zeros): their dot products are the weighted cosines."""
    weighted = (matrix @ sparse.diags(weights.astype(np.float32))).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags((1.0 / norms).astype(np.float32)) @ weighted).tocsr()


#: Texts with at most this many sentence pairs are mined for mutual best pairs (every pair compared).
MUTUAL_CELLS = 40_000_000
#: Cells of one block of rows of that comparison.
BLOCK_CELLS = 1_000_000


def mutual_best_pairs(scorer: "Similarity", margin: float = MINING_MARGIN) -> tuple[np.ndarray, np.ndarray]:
    """Sentence pairs that are each other's most similar sentence in the whole other text, by a
    ``margin`` over the runner-up on both sides (in any order: no alignment assumed); for texts
    of at most :data:`MUTUAL_CELLS` pairs (compared in blocks of rows), else none.

    >>> s = Similarity(sparse.csr_matrix(np.eye(3, dtype=np.float32)), sparse.csr_matrix(np.eye(3, dtype=np.float32)[::-1]))
    >>> [a.tolist() for a in mutual_best_pairs(s)]
    [[0, 1, 2], [2, 1, 0]]
    """
    n, m = scorer.n, scorer.m
    if n < 2 or m < 2 or n * m > MUTUAL_CELLS:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    src, tgt = unit_rows(scorer.src, scorer.weights), unit_rows(scorer.tgt, scorer.weights).T.tocsc()
    row_best, row_second, best_col = np.empty(n), np.empty(n), np.empty(n, dtype=np.int64)
    col_best, col_second, best_row = np.full(m, -np.inf), np.full(m, -np.inf), np.zeros(m, dtype=np.int64)
    step = max(2, BLOCK_CELLS // m)
    for start in range(0, n, step):
        sims = (src[start:start + step] @ tgt).toarray()
        block = slice(start, start + len(sims))
        best_col[block] = sims.argmax(axis=1)
        two = -np.partition(-sims, 1, axis=1)[:, :2]
        row_best[block], row_second[block] = two[:, 0], two[:, 1]
        top = -np.partition(-sims, 1, axis=0)[:2, :] if len(sims) > 1 else np.vstack([sims[0], np.full(m, -np.inf)])
        col_second = np.maximum(np.minimum(col_best, top[0]), np.maximum(col_second, top[1]))
        best_row = np.where(top[0] > col_best, sims.argmax(axis=0) + start, best_row)
        col_best = np.maximum(col_best, top[0])
    rows = np.arange(n)
    keep = (row_best > 0) & (row_best >= margin * row_second)
    keep &= best_row[best_col] == rows  # mutual
    keep &= row_best >= margin * col_second[best_col]
    return rows[keep].astype(np.int64), best_col[keep].astype(np.int64)


def first_cost(scorer: "Similarity") -> LexicalCost:
    """The similarity cost before any alignment: mined pairs against random pairs
    (:func:`ratio_cost`), or the normal tail of random pairs when too few pairs are mined."""
    random = scorer.random_similarity()
    mined = mined_similarity(scorer)
    if mined.size >= 20 and random.size >= 20:
        return ratio_cost(mined, random)
    return tail_cost(random)
