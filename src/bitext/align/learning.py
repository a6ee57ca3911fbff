"""The M step of the engine's learning loop: what the costs are re-estimated from an alignment.

From the beads of a pass (and their posteriors), every method re-estimates the length model from
the 1-1 beads (:func:`.length.refine_model`); a method that learns priors re-estimates the bead
priors from the counts (:func:`estimate_priors`); with lexical evidence, IBM Model 1 is retrained
on the confident beads (:func:`model1_pairs`, :mod:`.model1`), the similarity cost is recalibrated
as confident pairs against random ones (:func:`.similarity.ratio_cost`), and how the two sides of
a pair end is learned as a table of log-likelihood ratios (:func:`ending_costs`). Pure: beads and
arrays in, estimates out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse

from .beads import Bead, BeadType
from .costs import Endings
from .length import LengthModel, refine_model
from .model1 import train_model1
from .similarity import LexicalCost, Similarity, document_frequency, first_cost, ratio_cost, vectors
from .tokens import LexicalInput

#: Posterior a bead needs to train Model 1 and calibrate the similarity and ending costs.
CONFIDENT = 0.9
#: At most this many beads train Model 1 (spread evenly over the text).
MODEL1_BEADS = 8000
#: Beads with more word-to-word links than this (about 100 words a side) do not train Model 1.
MODEL1_MAX_LINKS = 10_000
#: At most about this many links in all train Model 1 (4 bytes each; fewer beads, evenly spread, beyond).
MODEL1_LINKS = 8_000_000
#: Features in more than this share of a side's sentences do not train Model 1.
COMMON_SHARE = 0.1
#: Weight, in beads, of the starting priors when bead priors are estimated from the input.
PRIOR_WEIGHT = 50.0
#: Aligned and random pairs needed to calibrate the similarity cost (else the first pass's is kept).
CALIBRATION_PAIRS = 20


@dataclass
class Setting:
    """What a pass of the search costs beads with: the length model and the bead priors, and, with
    lexical evidence, the similarity (vectors and cost) and the ending table; with how many beads
    the length model and Model 1 were estimated from (0: not estimated)."""

    model: LengthModel
    priors: dict[BeadType, float]
    similarity: Similarity | None = None
    endings: Endings | None = None
    model_from: int = 0
    model1_beads: int = 0

    @property
    def similarity_cost(self) -> LexicalCost | None:
        """The similarity → cost line (None without lexical evidence)."""
        return None if self.similarity is None else self.similarity.cost_of


class Vectors:
    """Both sides' sentence vectors in the shared feature space; the side carried through a
    translation table (a Chinese side) can be carried again through a learned one."""

    def __init__(self, lexical: LexicalInput) -> None:
        self.lexical = lexical
        self.src = vectors(lexical.src, lexical.features, lexical.src_table)
        self.tgt = vectors(lexical.tgt, lexical.features, lexical.tgt_table)
        #: Which side is carried through a table: "src", "tgt" or None (both in feature space).
        self.translated = "src" if lexical.src_table is not None else "tgt" if lexical.tgt_table is not None else None

    @property
    def table(self) -> sparse.csr_matrix | None:
        """The starting translation table (the dictionary), or None."""
        return self.lexical.src_table if self.translated == "src" else self.lexical.tgt_table

    def retranslate(self, table: sparse.csr_matrix) -> None:
        """Carry the translated side's words through ``table`` instead."""
        if self.translated == "src":
            self.src = vectors(self.lexical.src, self.lexical.features, table)
        else:
            self.tgt = vectors(self.lexical.tgt, self.lexical.features, table)


def estimate_priors(beads: Sequence[Bead], start: Mapping[BeadType, float]) -> dict[BeadType, float]:
    """Bead-type priors from the counts of an alignment, with ``start`` as :data:`PRIOR_WEIGHT`
    pseudo-beads; types absent from ``start`` are not added.

    >>> p = estimate_priors([Bead((0,), (0,))] * 50, {(1, 1): 0.5, (1, 0): 0.25, (0, 1): 0.25})
    >>> round(p[(1, 1)], 2)
    0.75
    """
    total_start = sum(start.values())
    counts = {t: 0 for t in start}
    for bead in beads:
        if bead.kind in counts:
            counts[bead.kind] += 1
    n = sum(counts.values())
    return {t: (counts[t] + PRIOR_WEIGHT * start[t] / total_start) / (n + PRIOR_WEIGHT) for t in start}


def confident_pairs(beads: Sequence[Bead], post: Sequence[float]) -> list[Bead]:
    """The beads with both sides and a posterior of at least :data:`CONFIDENT`."""
    return [b for b, p in zip(beads, post) if p >= CONFIDENT and b.src and b.tgt]


def ending_costs(confident: Sequence[Bead], src_end: Sequence[int], tgt_end: Sequence[int]) -> Endings:
    """How the two sides of a pair end, as evidence: ``-log P(e, f | aligned) / P(e) P(f)`` for
    the ending classes ``e`` and ``f`` of a bead's last source and last target sentence, from the
    ``confident`` pairs against all sentences (add-one smoothed). Returns both sides' classes and
    the cost matrix."""
    src_end = np.asarray(src_end, dtype=np.int64)
    tgt_end = np.asarray(tgt_end, dtype=np.int64)
    k = int(max(src_end.max(initial=0), tgt_end.max(initial=0))) + 1
    joint = np.ones((k, k))
    for bead in confident:
        joint[src_end[bead.src[-1]], tgt_end[bead.tgt[-1]]] += 1
    joint /= joint.sum()
    ps = (np.bincount(src_end, minlength=k) + 1.0) / (src_end.size + k)
    pt = (np.bincount(tgt_end, minlength=k) + 1.0) / (tgt_end.size + k)
    return src_end, tgt_end, -(np.log(joint) - np.log(np.outer(ps, pt)))


def model1_pairs(confident: Sequence[Bead], words, feats, words_are_src: bool, common: np.ndarray
                 ) -> list[tuple[np.ndarray, np.ndarray]]:
    """(word ids, feature ids) of the beads that train Model 1: at most :data:`MODEL1_BEADS` of
    the ``confident`` ones, spread evenly; features in ``common`` (a boolean mask) left out."""
    chosen = list(confident)
    if len(chosen) > MODEL1_BEADS:
        chosen = [chosen[k] for k in np.linspace(0, len(chosen) - 1, MODEL1_BEADS).astype(int)]
    pairs = []
    for bead in chosen:
        w_side, f_side = (bead.src, bead.tgt) if words_are_src else (bead.tgt, bead.src)
        z = np.concatenate([np.asarray(words[s], dtype=np.int64) for s in w_side])
        e = np.concatenate([np.asarray(feats[s], dtype=np.int64) for s in f_side])
        e = e[~common[e]]
        if len(e) * (len(z) + 1) <= MODEL1_MAX_LINKS:  # Model 1 links every word to every word
            pairs.append((z, e))
    links = sum(len(e) * (len(z) + 1) for z, e in pairs)
    if links > MODEL1_LINKS:
        keep = max(1, len(pairs) * MODEL1_LINKS // links)
        pairs = [pairs[k] for k in np.linspace(0, len(pairs) - 1, keep).astype(int)]
    return pairs


def relearn_model1(confident: Sequence[Bead], found: Vectors) -> int:
    """Train Model 1 on the confident beads, the dictionary as its prior, and carry the translated
    side through the learned table; returns the beads it was trained on. Features in more than
    :data:`COMMON_SHARE` of the sentences (the, and, of) carry little and make most of Model 1's
    links: they are left out of its training."""
    lexical = found.lexical
    words_are_src = found.translated == "src"
    plain = found.tgt if words_are_src else found.src
    common = document_frequency(plain) > COMMON_SHARE * plain.shape[0]
    pairs = model1_pairs(confident, lexical.src if words_are_src else lexical.tgt,
                         lexical.tgt if words_are_src else lexical.src, words_are_src, common)
    if pairs:
        found.retranslate(train_model1(pairs, found.table))
    return len(pairs)


def m_step(beads: Sequence[Bead], post: Sequence[float], src: np.ndarray, tgt: np.ndarray, start: Setting,
           learn_priors: bool, found: Vectors | None, model1: bool, endings: bool,
           seconds: dict[str, float]) -> Setting:
    """Everything a pass's beads re-estimate (see the module), from ``start`` (the starting length
    model and priors). ``found`` holds the sentence vectors when there is lexical evidence (Model 1
    updates them, if ``model1``); ``seconds`` gathers the time of each part, the similarity
    products under ``similarity_s``."""
    ones = [(src[b.src[0]], tgt[b.tgt[0]]) for b in beads if b.kind == (1, 1)]
    model, used = refine_model(ones, start.model)
    priors = estimate_priors(beads, start.priors) if learn_priors else dict(start.priors)
    if found is None:
        return Setting(model, priors, model_from=used)
    confident = confident_pairs(beads, post)
    trained = 0
    if model1 and found.translated is not None:
        started = time.perf_counter()
        trained = relearn_model1(confident, found)
        seconds["model1_s"] += time.perf_counter() - started
    similarity = Similarity(found.src, found.tgt)
    similarity.timer = seconds
    aligned = similarity.bead_similarity(confident)
    aligned = aligned[np.isfinite(aligned)]
    random = similarity.random_similarity()
    enough = aligned.size >= CALIBRATION_PAIRS and random.size >= CALIBRATION_PAIRS
    cost = ratio_cost(aligned, random) if enough else first_cost(similarity)
    ends = None
    if endings and found.lexical.endings:
        ends = ending_costs(confident, *found.lexical.endings)
    return Setting(model, priors, similarity.with_cost(cost), ends, used, trained)
