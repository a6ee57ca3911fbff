"""The translation likelihood of a bead: how well each side's tokens are explained by the other's.

A bead of source sentences ``I`` and target sentences ``J`` is scored as IBM Model 1 would score
it (Moore 2002), both ways, against a background model of the text's own tokens. Each target
token ``u`` of ``J`` is drawn either from the background unigram model ``p(u)`` (with probability
``ε``: the tokens a translation does not account for, function words, paraphrase) or as the
translation of one of the ``N_I`` source tokens, chosen uniformly:

    fwd(I, J) = Σ_{u in J} log(ε + (1 - ε) · T_I(u) / (N_I · p(u))),   T_I(u) = Σ_{v in I} t(u | v)

the log-likelihood ratio of ``J``'s tokens under that mixture against the background alone.
``bwd(I, J)`` explains ``I``'s tokens by ``J``'s the same way, with ``t(v | u) ∝ t(u | v) · p(v)``
(Bayes) and its own ``ε``. The evidence of a bead is ``L = (fwd + bwd) / 2`` and its cost

    -log((1 - s) · exp(L) + s)

where ``s`` is the share of aligned pairs whose words show no translation (a loose literary
translation): the evidence against a pair is at most ``-log s``.

Why this form: ``fwd`` is a sum over the target sentences of ``J`` and ``bwd`` over the source
sentences of ``I``, so a bead's evidence is its sentences' evidence added up. A merged bead no
longer beats its parts by construction, as it did with the cosine of summed vectors (a short
sentence added to a long one barely moves their cosine): each token of an unrelated sentence
added to a bead costs about ``-log ε``. The translation links ``t(u | v)`` are the dictionary's
at first and Model 1's once learned (:mod:`.model1`); ``ε`` (each way) and ``s`` are estimated
from the input by EM over the pairs of a pass (:func:`background_share`, :func:`unexplained_share`).

Pure: sparse matrices and arrays in, arrays out; the sums inside the search are compiled
(``_core.pyx``), row by row, nothing stored per cell.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Sequence

import numpy as np
from scipy import sparse

from . import _core
from .beads import Bead
from .similarity import count_matrix
from .tokens import LexicalInput

#: The background share and the unexplained share before anything is estimated: even odds.
START_SHARE = 0.5
#: Bounds of an estimated share (a share of 0 would make one unexplained token infinitely costly).
SHARE_BOUNDS = (0.01, 0.99)
#: At most this many pairs of a pass estimate the shares (spread evenly over the text).
ESTIMATION_PAIRS = 8000


def _unit_csr(matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pointers (int32), unit ids (int32) and counts (float32) of a canonical CSR count matrix
    (no copy when they already are)."""
    if not matrix.has_canonical_format:
        matrix = matrix.copy()
        matrix.sum_duplicates()
    if matrix.nnz >= 2**31:
        raise ValueError("too many tokens for 32-bit indices")
    return (matrix.indptr.astype(np.int32, copy=False), matrix.indices.astype(np.int32, copy=False),
            matrix.data.astype(np.float32, copy=False))


def background(counts: sparse.csr_matrix) -> np.ndarray:
    """The background unigram model of a side: each unit's share of its tokens, add-half smoothed
    over the units the side holds (units of the vocabulary it does not hold, such as those of
    sentence pairs given to learn from, take no share: they would lower every unit's).

    >>> background(sparse.csr_matrix(np.array([[2.0, 0.0, 1.0], [1.0, 0.0, 0.0]]))).round(3).tolist()
    [0.7, 0.0, 0.3]
    """
    counted = np.asarray(counts.sum(axis=0), dtype=float).ravel()
    totals = counted + 0.5 * (counted > 0)
    return totals / max(totals.sum(), 1e-300)


@dataclass(frozen=True)
class Links:
    """Translation links between source units and target units, as a CSR matrix from the units of
    one side (the source units, or the target units when ``by_target``): for link ``k``,
    ``forward[k]`` is ``t(u | v)`` (target unit given source unit) and ``backward[k]`` is
    ``t(v | u)``. The links start from the side whose units have few translations (Chinese words),
    which the compiled sums iterate."""

    matrix: sparse.csr_matrix
    backward: np.ndarray
    by_target: bool = False

    @property
    def forward(self) -> np.ndarray:
        return self.matrix.data


def links_from_table(table: sparse.csr_matrix, word_prior: np.ndarray, words_are_src: bool) -> Links:
    """The links of a translation table ``t(feature | word)`` (words × features, rows summing to at
    most 1), from the words, whichever side they are on. The other direction is Bayes'
    ``t(word | feature) ∝ t(feature | word) · p(word)`` with ``word_prior`` the words' background
    model.

    >>> table = sparse.csr_matrix(np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 0.5]]))
    >>> links = links_from_table(table, np.array([0.0, 0.5, 0.5]), True)
    >>> [round(float(w), 2) for w in links.forward], [round(float(w), 2) for w in links.backward]
    ([1.0, 0.5, 0.5], [0.67, 0.33, 1.0])
    >>> [round(float(w), 2) for w in links_from_table(table, np.array([0.0, 0.5, 0.5]), False).forward]
    [0.67, 0.33, 1.0]
    """
    table = sparse.csr_matrix(table, dtype=np.float64)
    table.eliminate_zeros()
    table.sort_indices()
    joint = table.multiply(np.asarray(word_prior, dtype=float)[:, None]).tocsr()
    per_feature = np.asarray(joint.sum(axis=0)).ravel()
    reverse = joint.multiply(1.0 / np.maximum(per_feature, 1e-300)[None, :]).tocsr()
    reverse.sort_indices()
    if not (np.array_equal(table.indptr, reverse.indptr) and np.array_equal(table.indices, reverse.indices)):
        raise AssertionError("the two directions of a table link different units")
    to_feature, to_word = table.data, reverse.data
    forward, backward = (to_feature, to_word) if words_are_src else (to_word, to_feature)
    matrix = sparse.csr_matrix((forward.astype(np.float32), table.indices.astype(np.int32),
                                table.indptr.astype(np.int64)), shape=table.shape)
    return Links(matrix, backward.astype(np.float32), by_target=not words_are_src)


def identity_links(units: int) -> Links:
    """Links of two sides in one feature space: each feature translates to itself."""
    eye = sparse.csr_matrix((np.ones(units, dtype=np.float32), np.arange(units, dtype=np.int32),
                             np.arange(units + 1, dtype=np.int64)), shape=(units, units))
    return Links(eye, np.ones(units, dtype=np.float32))


@dataclass(frozen=True)
class Likelihood:
    """The translation likelihood of the beads of two texts (see the module): each side's token
    counts per sentence, the links, both sides' background models, and the shares."""

    src: sparse.csr_matrix
    tgt: sparse.csr_matrix
    links: Links
    p_src: np.ndarray
    p_tgt: np.ndarray
    #: The background share of target tokens given the source (forward) and of source tokens (backward).
    eps_fwd: float = START_SHARE
    eps_bwd: float = START_SHARE
    #: The share of aligned pairs whose words show no translation.
    share: float = START_SHARE

    @cached_property
    def _tokens(self) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        return _unit_csr(self.src), _unit_csr(self.tgt)

    @cached_property
    def arrays(self) -> dict[str, object]:
        """What the compiled cost model reads (see ``_core.CostModel``)."""
        (s_ptr, s_idx, s_cnt), (t_ptr, t_idx, t_cnt) = self._tokens
        link_ptr = self.links.matrix.indptr.astype(np.int64)
        max_links = 0
        if not self.links.by_target:  # the most links the tokens of one source sentence start
            per_unit = np.diff(link_ptr)
            links_of = np.concatenate(([0], np.cumsum(per_unit[s_idx])))
            max_links = int(np.max(links_of[s_ptr[1:]] - links_of[s_ptr[:-1]], initial=0))
        return dict(src_ptr=s_ptr, src_idx=s_idx, src_count=s_cnt, src_tokens=_cumulative(s_ptr, s_cnt),
                    tgt_ptr=t_ptr, tgt_idx=t_idx, tgt_count=t_cnt, tgt_tokens=_cumulative(t_ptr, t_cnt),
                    link_ptr=link_ptr, link_idx=self.links.matrix.indices.astype(np.int32),
                    link_fwd=self.links.forward.astype(np.float32), link_bwd=self.links.backward,
                    by_target=self.links.by_target,
                    p_src=np.asarray(self.p_src, dtype=float), p_tgt=np.asarray(self.p_tgt, dtype=float),
                    max_tokens=int(np.max(np.diff(s_ptr), initial=0)),
                    max_tgt_tokens=int(np.max(np.diff(t_ptr), initial=0)), max_links=max_links,
                    eps_fwd=float(self.eps_fwd), eps_bwd=float(self.eps_bwd), share=float(self.share))

    def sliced(self, src: slice, tgt: slice) -> "Likelihood":
        """The likelihood over a block of consecutive sentences of each side (this one for the
        whole text)."""
        n, m = self.src.shape[0], self.tgt.shape[0]
        if src.indices(n)[:2] == (0, n) and tgt.indices(m)[:2] == (0, m):
            return self
        return replace(self, src=self.src[src], tgt=self.tgt[tgt])

    def with_links(self, links: Links) -> "Likelihood":
        """The same texts with other translation links."""
        return replace(self, links=links)

    def with_shares(self, eps_fwd: float, eps_bwd: float, share: float) -> "Likelihood":
        """The same texts and links with other shares."""
        return replace(self, eps_fwd=eps_fwd, eps_bwd=eps_bwd, share=share)

    def ratios(self, beads: Sequence[Bead]) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
        """For each bead (index ``k``), forward: every distinct target unit's ``(k, count, q)``, with
        ``q = T_I(u) / (N_I · p(u))``; backward, the same for the source units (``_core.bead_ratios``)."""
        a = self.arrays
        src_rows, src_offsets = _flat([b.src for b in beads])
        tgt_rows, tgt_offsets = _flat([b.tgt for b in beads])
        return _core.bead_ratios(a["src_ptr"], a["src_idx"], a["src_count"], a["tgt_ptr"], a["tgt_idx"],
                                 a["tgt_count"], a["link_ptr"], a["link_idx"], a["link_fwd"], a["link_bwd"],
                                 a["by_target"], a["p_src"], a["p_tgt"], src_rows, src_offsets, tgt_rows,
                                 tgt_offsets)

    def evidence(self, beads: Sequence[Bead]) -> np.ndarray:
        """``L`` of each bead (the mean of both directions' log-likelihood ratios; 0 for a bead
        with no token on a side)."""
        forward, backward = self.ratios(beads)
        return bead_evidence(forward, backward, len(beads), self.eps_fwd, self.eps_bwd)


def _cumulative(ptr: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Tokens before each sentence (``n + 1`` values).

    >>> _cumulative(np.array([0, 2, 2, 3]), np.array([1.0, 2.0, 5.0], dtype=np.float32)).tolist()
    [0.0, 3.0, 3.0, 8.0]
    """
    return np.concatenate(([0.0], np.cumsum(counts, dtype=float)))[ptr]


def _flat(sides: Sequence[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.zeros(len(sides) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(side) for side in sides])
    return np.fromiter((i for side in sides for i in side), dtype=np.int64, count=int(offsets[-1])), offsets


def from_input(lexical: LexicalInput) -> Likelihood:
    """The likelihood of a lexical input with its starting links (the prior table, else the
    dictionary, or each feature to itself when both sides share one feature space)."""
    src_table, tgt_table = lexical.src_table, lexical.tgt_table
    src_units = src_table.shape[0] if src_table is not None else lexical.features
    tgt_units = tgt_table.shape[0] if tgt_table is not None else lexical.features
    src = count_matrix(lexical.src, src_units)
    tgt = count_matrix(lexical.tgt, tgt_units)
    p_src, p_tgt = background(src), background(tgt)
    if src_table is not None:
        links = links_from_table(lexical.starting_table, p_src, words_are_src=True)
    elif tgt_table is not None:
        links = links_from_table(lexical.starting_table, p_tgt, words_are_src=False)
    else:
        links = identity_links(lexical.features)
    return Likelihood(src, tgt, links, p_src, p_tgt)


def word_prior(likelihood: Likelihood, words_are_src: bool) -> np.ndarray:
    """The background model of the side whose units are words (the table's rows)."""
    return likelihood.p_src if words_are_src else likelihood.p_tgt


def bead_evidence(forward: tuple[np.ndarray, ...], backward: tuple[np.ndarray, ...], beads: int,
                  eps_fwd: float, eps_bwd: float) -> np.ndarray:
    """``L`` of ``beads`` beads from their :meth:`Likelihood.ratios`.

    >>> f = (np.array([0, 0]), np.array([1.0, 1.0]), np.array([0.0, 9.0]))
    >>> b = (np.array([0]), np.array([1.0]), np.array([1.0]))
    >>> round(float(bead_evidence(f, b, 1, 0.5, 0.5)[0]), 3)
    0.458
    """
    def side(ratios, eps):
        k, count, q = ratios
        return np.bincount(k, count * np.log(eps + (1.0 - eps) * q), minlength=beads)
    return 0.5 * (side(forward, eps_fwd) + side(backward, eps_bwd))


def background_share(ratios: tuple[np.ndarray, ...], iterations: int = 200) -> float:
    """The maximum-likelihood background share ``ε`` of one direction: EM on the mixture
    ``ε · p(u) + (1 - ε) · T(u) / N`` over the tokens of the given beads.

    >>> k = np.zeros(4, dtype=np.int64)
    >>> round(background_share((k, np.ones(4), np.array([0.0, 0.0, 50.0, 50.0]))), 2)
    0.51
    """
    _, count, q = ratios
    if count.size == 0 or count.sum() <= 0:
        return START_SHARE
    eps = START_SHARE
    for _ in range(iterations):
        updated = float(np.sum(count * eps / (eps + (1.0 - eps) * q)) / count.sum())
        if abs(updated - eps) < 1e-7:
            eps = updated
            break
        eps = updated
    return float(np.clip(eps, *SHARE_BOUNDS))


def unexplained_share(evidence: np.ndarray, iterations: int = 200) -> float:
    """The maximum-likelihood share ``s`` of aligned pairs whose words show no translation:
    EM on the mixture ``(1 - s) · exp(L) + s`` over the pairs' evidence ``L``.

    >>> round(unexplained_share(np.array([-3.0] * 20 + [9.0] * 80)), 2)
    0.16
    """
    evidence = np.asarray(evidence, dtype=float)
    if evidence.size == 0:
        return START_SHARE
    ratio = np.exp(np.minimum(evidence, 50.0))
    share = START_SHARE
    for _ in range(iterations):
        updated = float(np.mean(share / ((1.0 - share) * ratio + share)))
        if abs(updated - share) < 1e-7:
            share = updated
            break
        share = updated
    return float(np.clip(share, *SHARE_BOUNDS))
