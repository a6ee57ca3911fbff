"""IBM Model 1: translation probabilities learned from aligned sentence pairs (Moore 2002).

Trained on the confident beads of a pass, with the dictionary as its prior, it carries one side's
words into the other side's feature space (:func:`~.similarity.translate`). The EM loop is
compiled (``_core.pyx``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy import sparse

from . import _core
from .similarity import _csr

#: Translations below this probability are dropped from a learned table.
MIN_TRANSLATION = 0.02
#: At most this many translations are kept per word.
MAX_TRANSLATIONS = 8


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
    # the distinct (word, feature) pairs that share a pair: the pattern of words × features
    # co-occurrence counts, one sparse product over the pairs
    ones_z = np.ones(z_all.size, dtype=np.float32)
    ones_e = np.ones(e_all.size, dtype=np.float32)
    z_pairs = sparse.csr_matrix((ones_z, z_all, z_ptr), shape=(len(kept), words))
    e_pairs = sparse.csr_matrix((ones_e, e_all, e_ptr), shape=(len(kept), features))
    cooccur = (z_pairs.T.tocsr() @ e_pairs).tocsr()
    cooccur.sort_indices()
    word_ptr = cooccur.indptr.astype(np.int64)
    feature_of = cooccur.indices.astype(np.int64)
    del cooccur, z_pairs, e_pairs
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
    rows = np.repeat(np.arange(table.shape[0]), np.diff(table.indptr))
    order = np.lexsort((np.arange(rows.size), -table.data, rows))  # by row, most probable first (stable)
    rank = np.empty(rows.size, dtype=np.int64)
    rank[order] = np.arange(rows.size) - table.indptr[rows[order]]
    table.data[rank >= keep] = 0.0
    table.eliminate_zeros()
    return table
