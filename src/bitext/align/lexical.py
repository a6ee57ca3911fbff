"""Lexical evidence: sentence vectors in one feature space, their similarity, and its cost.

Each side's sentences are sparse vectors over shared features (English stems, numbers, marks;
a Chinese sentence is carried into that space through a translation table, see
:func:`translate`), weighted by inverse document frequency. The similarity of a bead is the
cosine of the summed vectors of its two sides; since a dot product of sums is the sum of the
pairwise dot products, the search needs only the sentence-by-sentence products inside its
corridor, computed once per corridor (compiled: ``_core.pyx``). The vectors are float32 and
unweighted, one copy per side; the weights enter every product squared.

A similarity becomes a cost (in nats, added to the length cost) through a table estimated from
the input: first the ``log`` of the share of random sentence pairs at least as similar
(:func:`tail_cost`), then, once aligned pairs are known, the log-likelihood ratio of aligned
against random pairs, made monotone (:func:`ratio_cost`). IBM Model 1 (:func:`train_model1`)
learns translation probabilities from confident beads with the dictionary as prior.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

from . import _core
from .search import Bead, Corridor

#: Random sentence pairs sampled to learn what unrelated sentences look like.
RANDOM_PAIRS = 4000
#: Source sentences sampled to mine likely translations from (see :func:`mined_similarity`).
MINED_SOURCES = 1000
#: How much more similar than the runner-up a mined pair must be.
MINING_MARGIN = 1.2
#: Translations below this probability are dropped from a learned table.
MIN_TRANSLATION = 0.02
#: At most this many translations are kept per word.
MAX_TRANSLATIONS = 8


class Vocabulary:
    """Feature strings ↔ ids, growing as new features are seen."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def id(self, feature: str) -> int:
        """The id of ``feature``, a new one the first time."""
        return self.ids.setdefault(feature, len(self.ids))

    def encode(self, docs: Iterable[Sequence[str]]) -> "TokenIds":
        """Token lists (any iterable, consumed once) as :class:`TokenIds`."""
        known = self.ids
        ids: list[int] = []
        offsets = [0]
        for doc in docs:
            for token in doc:
                index = known.get(token)
                if index is None:
                    index = known[token] = len(known)
                ids.append(index)
            offsets.append(len(ids))
        return TokenIds(np.array(ids, dtype=np.int32), np.array(offsets, dtype=np.int64))


@dataclass(frozen=True)
class TokenIds:
    """The token ids of many sentences in one flat array: sentence ``k`` is
    ``ids[offsets[k]:offsets[k + 1]]`` (a tenth of the memory of lists of Python ints)."""

    ids: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, k: int) -> np.ndarray:
        return self.ids[self.offsets[k]:self.offsets[k + 1]]


def count_matrix(docs: "TokenIds | Sequence[Sequence[int]]", dim: int) -> sparse.csr_matrix:
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


def table_matrix(table: Mapping[int, Mapping[int, float]], rows: int, cols: int) -> sparse.csr_matrix:
    """A translation table ``{word id: {feature id: weight}}`` as a sparse matrix."""
    r, c, v = [], [], []
    for word, row in table.items():
        for feature, weight in row.items():
            r.append(word)
            c.append(feature)
            v.append(weight)
    return sparse.csr_matrix((np.array(v, dtype=np.float32), (np.array(r, dtype=np.int64), np.array(c, dtype=np.int64))),
                             shape=(rows, cols))


def translate(counts: sparse.csr_matrix, table: sparse.csr_matrix) -> sparse.csr_matrix:
    """Word counts carried into feature space: each word spread over its translations (float32)."""
    return (counts.astype(np.float32, copy=False) @ table.astype(np.float32, copy=False)).tocsr()


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
    """The cost of a similarity ``s`` in [0, 1]: linear interpolation between points."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

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


class LexicalScorer:
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

    def _derived(self, src: sparse.csr_matrix, tgt: sparse.csr_matrix, per_unit: bool) -> "LexicalScorer":
        out = object.__new__(LexicalScorer)
        out.src, out.tgt, out.weights, out.cost_of, out.per_unit = src, tgt, self.weights, self.cost_of, per_unit
        out.timer = self.timer
        out.n, out.m = src.shape[0], tgt.shape[0]
        out._norms = {}
        return out

    def with_cost(self, cost: LexicalCost) -> "LexicalScorer":
        """The same vectors with another similarity → cost table."""
        out = self._derived(self.src, self.tgt, self.per_unit)
        out.cost_of = cost
        out._norms = self._norms  # the same vectors
        return out

    def sliced(self, src: slice, tgt: slice) -> "LexicalScorer":
        """The scorer over a block of consecutive sentences of each side (this one for the whole text)."""
        if _whole(src, self.n) and _whole(tgt, self.m):
            return self
        return self._derived(self.src[src], self.tgt[tgt], self.per_unit)

    def grouped(self, src_groups: np.ndarray, tgt_groups: np.ndarray) -> "LexicalScorer":
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


def mined_similarity(scorer: "LexicalScorer", sources: int = MINED_SOURCES, margin: float = MINING_MARGIN,
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


def first_cost(scorer: "LexicalScorer") -> LexicalCost:
    """The similarity cost before any alignment: mined pairs against random pairs
    (:func:`ratio_cost`), or the normal tail of random pairs when too few pairs are mined."""
    random = scorer.random_similarity()
    mined = mined_similarity(scorer)
    if mined.size >= 20 and random.size >= 20:
        return ratio_cost(mined, random)
    return tail_cost(random)


#: Model 1's word–feature links are listed this many at a time to find the distinct pairs.
LINK_CHUNK = 1 << 20


def train_model1(pairs: Sequence[tuple[Sequence[int], Sequence[int]]], prior: sparse.csr_matrix,
                 iterations: int = 5, prior_weight: float = 2.0) -> sparse.csr_matrix:
    """IBM Model 1 translation probabilities ``t(feature | word)`` from aligned pairs of
    (word ids, feature ids), with the rows of ``prior`` (a dictionary, each row summing to 1) as
    a Dirichlet prior of weight ``prior_weight``; word id 0 is the empty word (NULL).

    Returns the table (words × features): for each word, the expected counts of its last E-step
    plus ``prior_weight`` times its prior row, normalised. Compiled; memory is 4 bytes a link
    (word–feature co-occurrence) and 24 bytes a distinct word–feature pair.

    >>> prior = sparse.csr_matrix((3, 3))
    >>> t = train_model1([([1], [1]), ([1, 2], [1, 2]), ([2], [2])], prior).toarray()
    >>> bool(t[1, 1] > 0.9 and t[2, 2] > 0.9)
    True
    """
    words, features = prior.shape
    kept = [(z, e) for z, e in pairs if len(e) > 0]
    if not kept:
        return prior.copy()
    z_ptr = np.cumsum([0] + [len(z) + 1 for z, _ in kept]).astype(np.int64)
    e_ptr = np.cumsum([0] + [len(e) for _, e in kept]).astype(np.int64)
    z_all = np.concatenate([np.concatenate(([0], np.asarray(z, dtype=np.int64))) for z, _ in kept])
    e_all = np.concatenate([np.asarray(e, dtype=np.int64) for _, e in kept])
    links = (e_ptr[1:] - e_ptr[:-1]) * (z_ptr[1:] - z_ptr[:-1])
    keys = np.zeros(0, dtype=np.int64)
    start = 0
    while start < len(kept):  # the distinct (word, feature) keys, a chunk of links at a time
        stop = start + max(1, int(np.searchsorted(np.cumsum(links[start:]), LINK_CHUNK, side="right")))
        keys = _core.merge_unique(keys, _core.link_keys(z_all, z_ptr, e_all, e_ptr, start, stop, features))
        start = stop
    word_ptr = np.searchsorted(keys, np.arange(words + 1, dtype=np.int64) * features).astype(np.int64)
    feature_of = (keys % features).astype(np.int64)
    del keys
    prior = prior.tocsr()
    prior.sort_indices()
    has_prior = np.asarray(prior.sum(axis=1)).ravel() > 0
    ptr, indices, _ = _csr(prior)
    prior_vals = _core.row_lookup(ptr, indices, prior.data.astype(float), word_ptr, feature_of)
    at = _core.link_positions(z_all, z_ptr, e_all, e_ptr, word_ptr, feature_of)
    counts = _core.model1_em(at, z_ptr, e_ptr, word_ptr, prior_vals, has_prior.astype(np.int8), iterations,
                             float(prior_weight), features)
    learned = sparse.csr_matrix((counts, feature_of, word_ptr), shape=(words, features))
    learned = learned + prior_weight * sparse.diags(has_prior.astype(float)) @ prior
    total = np.asarray(learned.sum(axis=1)).ravel()
    table = (sparse.diags(1.0 / np.maximum(total, 1e-12)) @ learned).tocsr()
    return prune(table)


def prune(table: sparse.csr_matrix, floor: float = MIN_TRANSLATION, keep: int = MAX_TRANSLATIONS) -> sparse.csr_matrix:
    """Drop the translations of each word below ``floor`` and beyond its ``keep`` most probable,
    which keeps sentence vectors sparse (Model 1 spreads a little mass over every co-occurrence).

    >>> prune(sparse.csr_matrix(np.array([[0.5, 0.3, 0.15, 0.05]])), 0.1, 2).toarray().tolist()
    [[0.5, 0.3, 0.0, 0.0]]
    """
    table = table.tocsr()
    table.data[table.data < floor] = 0.0
    table.eliminate_zeros()
    for r in range(table.shape[0]):
        start, stop = table.indptr[r], table.indptr[r + 1]
        if stop - start > keep:
            row = table.data[start:stop]
            row[np.argsort(-row, kind="stable")[keep:]] = 0.0
    table.eliminate_zeros()
    return table
