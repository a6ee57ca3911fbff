"""Alignment with lexical evidence: coarse-to-fine search, then Moore's two passes.

1. Coarse to fine: a long text is cut into units of :data:`FACTOR` consecutive sentences, again
   and again until small; the coarsest level is searched in a widening diagonal band, and each
   finer level only near the path of the level above (a corridor that widens where the path
   touches its edge). Time and memory stay linear in the length of the text and no drift is
   possible beyond what the coarse path allows.
2. First pass: length cost plus the dictionary similarity, costed by how rare it is among random
   sentence pairs.
3. IBM Model 1 is trained on the confident beads of the first pass, with the dictionary as its
   prior; the similarity cost becomes the log-likelihood ratio of aligned against random pairs,
   the bead priors and the length model are re-estimated from the first pass, and the second pass
   searches near the first path.

Everything here is pure: sentence lengths, token ids and sparse matrices in, beads out.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse

from .costs import LengthCosts
from .length import BeadType, LengthModel, refine_model
from .lexical import (LexicalCost, LexicalScorer, TokenIds, count_matrix, document_frequency, first_cost, ratio_cost,
                      train_model1, translate)
from .search import Bead, Corridor, diagonal_corridor, path_corridor, posteriors, sweep, trace, union

#: Sentences per unit at each coarser level.
FACTOR = 8
#: A level with more units than this on either side gets a coarser level above it.
COARSE_ABOVE = 1500
#: Half-width, in units, of the corridor around the path from the level above or the last pass.
MARGIN = 8
#: Posterior a first-pass bead needs to train Model 1 and calibrate the similarity cost.
CONFIDENT = 0.9
#: At most this many beads train Model 1 (spread evenly over the text).
MODEL1_BEADS = 8000
#: Beads with more word-to-word links than this (about 100 words a side) do not train Model 1.
MODEL1_MAX_LINKS = 10_000
#: At most about this many links in all train Model 1 (4 bytes each; fewer beads, evenly spread, beyond).
MODEL1_LINKS = 8_000_000
#: Features in more than this share of a side's sentences do not train Model 1.
COMMON_SHARE = 0.1
#: Rounds of learning (Model 1, calibration, priors, length model) and realigning.
LEARNING_ROUNDS = 2
#: Weight, in beads, of the Gale–Church priors when bead priors are estimated from the input.
PRIOR_WEIGHT = 50.0

#: Bead types of the lexical method with their starting priors (Gale & Church's, plus up to four
#: sentences on one side or five in all); estimated from the input afterwards.
EVIDENCE_PRIORS: dict[BeadType, float] = {
    (1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011,
    (1, 3): 0.005, (3, 1): 0.005, (2, 3): 0.002, (3, 2): 0.002, (1, 4): 0.002, (4, 1): 0.002,
}


@dataclass
class LexicalInput:
    """Lexical tokens of both sides as ids. ``src`` and ``tgt`` are feature ids (the shared space)
    for a side whose ``*_table`` is None, else word ids carried into that space by the table
    (words × features, rows summing to 1; word id 0 is reserved for NULL)."""

    src: TokenIds | list[list[int]]
    tgt: TokenIds | list[list[int]]
    features: int
    src_table: sparse.csr_matrix | None = None
    tgt_table: sparse.csr_matrix | None = None
    #: How each sentence ends (a small class id per sentence, the same classes on both sides).
    endings: tuple[Sequence[int], Sequence[int]] | None = None


@dataclass
class EvidenceResult:
    """Beads, their costs and posteriors, and what was estimated on the way."""

    beads: list[Bead]
    costs: list[float]
    posteriors: list[float]
    similarity: list[float]
    model: LengthModel
    priors: dict[BeadType, float]
    trained_on: int
    margin: int
    levels: int
    stats: dict[str, float] = field(default_factory=dict)
    lexical_cost: LexicalCost | None = None
    ending_cost: np.ndarray | None = None


def vectors(tokens: list[list[int]], features: int, table: sparse.csr_matrix | None) -> sparse.csr_matrix:
    """A side's sentence vectors in feature space (square roots of the counts; float32)."""
    if table is None:
        out = count_matrix(tokens, features)
    else:
        out = translate(count_matrix(tokens, table.shape[0]), table)
    out.data = np.sqrt(out.data)  # sublinear term frequency: a word said twice is not twice the evidence
    return out


def _search(costs: LengthCosts, reference: Sequence[Bead] | None, margin: int) -> tuple[list[Bead], list[float], Corridor]:
    """Best path near ``reference`` (or the diagonal), the corridor widening while the path
    touches its edge."""
    n, m = costs.n, costs.m
    corridor = path_corridor(reference, n, m, margin) if reference is not None else diagonal_corridor(n, m, margin)
    while True:
        values, back = sweep(costs, corridor, soft=False)
        end = values.at(n, m)
        touched = True
        if np.isfinite(end):
            beads, bead_costs, touched = trace(values, back, costs, corridor)
        full = bool((corridor.lo == 0).all() and (corridor.hi == m).all())
        if not touched or full:
            return beads, bead_costs, corridor
        margin *= 2
        wider = diagonal_corridor(n, m, margin) if reference is None else path_corridor(reference, n, m, margin)
        if np.isfinite(end):
            wider = union(wider, path_corridor(beads, n, m, margin))
        corridor = union(corridor, wider)


def _groups(count: int, factor: int) -> np.ndarray:
    return np.arange(count) // factor


def _project(beads: Sequence[Bead], src_groups: np.ndarray, tgt_groups: np.ndarray) -> list[Bead]:
    """Beads over units → beads over the sentences the units hold."""
    src_of = np.searchsorted(src_groups, np.arange(int(src_groups.max(initial=-1)) + 2))
    tgt_of = np.searchsorted(tgt_groups, np.arange(int(tgt_groups.max(initial=-1)) + 2))
    out = []
    for bead in beads:
        src = tuple(range(src_of[bead.src[0]], src_of[bead.src[-1] + 1])) if bead.src else ()
        tgt = tuple(range(tgt_of[bead.tgt[0]], tgt_of[bead.tgt[-1] + 1])) if bead.tgt else ()
        out.append(Bead(src, tgt))
    return out


def coarse_to_fine(src: Sequence[float], tgt: Sequence[float], scorer: LexicalScorer, model: LengthModel,
                   priors: Mapping[BeadType, float], reference: Sequence[Bead] | None = None,
                   margin: int = MARGIN, length_weight: float = 1.0, endings=None
                   ) -> tuple[list[Bead], list[float], Corridor, int]:
    """The best path with length and lexical costs, searched coarse to fine (see the module).

    With ``reference``, only the finest level is searched, near that path. ``length_weight``
    scales the length cost of the finest level; coarser levels have none (units cut every
    :data:`FACTOR` sentences do not end where translations do: their lengths say little), and
    nor has the finest level when coarser ones were searched (see below).
    Returns the beads, their costs, the final corridor and the number of levels searched.
    """
    x = np.asarray(src, dtype=float)
    y = np.asarray(tgt, dtype=float)
    if reference is None and max(len(x), len(y)) > COARSE_ABOVE:
        sg, tg = _groups(len(x), FACTOR), _groups(len(y), FACTOR)
        cx = np.bincount(sg, x, minlength=int(sg.max()) + 1)
        cy = np.bincount(tg, y, minlength=int(tg.max()) + 1)
        units = scorer.grouped(sg, tg)
        units = units.with_cost(first_cost(units))
        upper, _, _, levels = coarse_to_fine(cx, cy, units, model, priors, margin=margin, length_weight=0.0)
        reference = _project(upper, sg, tg)
        margin = max(margin, 2 * FACTOR)
        # A text long enough for coarse levels is searched by lexical evidence alone at the
        # sentence level too, the first time: its length ratio drifts along the text (the Bible's
        # books differ) and the model is still the ratio of the totals. The posteriors that pick
        # the beads to learn from still use it. Measured on Bible 001: final F1 0.973 this way,
        # 0.968 with the length cost in this search, 0.971 with it in neither.
        length_weight = 0.0
    else:
        levels = 0
    costs = LengthCosts(x, y, model, priors, lexical=scorer, length_weight=length_weight,
                        endings=endings if length_weight else None)
    beads, bead_costs, corridor = _search(costs, reference, margin)
    return beads, bead_costs, corridor, levels + 1


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


def ending_costs(beads: Sequence[Bead], post: Sequence[float], src_end: Sequence[int], tgt_end: Sequence[int]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How the two sides of a pair end, as evidence: ``-log P(e, f | aligned) / P(e) P(f)`` for
    the ending classes ``e`` and ``f`` of a bead's last source and last target sentence, from
    the confident pairs against all sentences (add-one smoothed). Returns both sides' classes and
    the cost matrix."""
    src_end = np.asarray(src_end, dtype=np.int64)
    tgt_end = np.asarray(tgt_end, dtype=np.int64)
    k = int(max(src_end.max(initial=0), tgt_end.max(initial=0))) + 1
    joint = np.ones((k, k))
    for bead, p in zip(beads, post):
        if p >= CONFIDENT and bead.src and bead.tgt:
            joint[src_end[bead.src[-1]], tgt_end[bead.tgt[-1]]] += 1
    joint /= joint.sum()
    ps = (np.bincount(src_end, minlength=k) + 1.0) / (src_end.size + k)
    pt = (np.bincount(tgt_end, minlength=k) + 1.0) / (tgt_end.size + k)
    return src_end, tgt_end, -(np.log(joint) - np.log(np.outer(ps, pt)))


def _model1_pairs(beads: Sequence[Bead], post: Sequence[float], words, feats, words_are_src: bool,
                  common: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(word ids, feature ids) of the confident beads that train Model 1; features in ``common``
    (a boolean mask) are left out."""
    chosen = [b for b, p in zip(beads, post) if p >= CONFIDENT and b.src and b.tgt]
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


@dataclass
class _Setting:
    """What one pass searches with."""

    scorer: LexicalScorer
    model: LengthModel
    priors: dict[BeadType, float]
    endings: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


@dataclass
class _Pass:
    """The beads of one pass over all blocks (document indices), with per-block detail."""

    beads: list[Bead]
    posteriors: list[float]
    costs: list[float]
    local: list[list[Bead]]
    widths: list[int]
    levels: int
    cells: int


def _block_costs(setting: _Setting, src: np.ndarray, tgt: np.ndarray, block: tuple[slice, slice]) -> LengthCosts:
    s, t = block
    endings = None
    if setting.endings is not None:
        src_end, tgt_end, table = setting.endings
        endings = (src_end[s], tgt_end[t], table)
    return LengthCosts(src[s], tgt[t], setting.model, setting.priors, lexical=setting.scorer.sliced(s, t),
                       endings=endings)


@contextmanager
def _stage(seconds: dict[str, float], key: str, timer: dict[str, float]):
    """Add the time spent in the block to ``seconds[key]``, less the similarity products counted
    in ``timer`` meanwhile (reported as a stage of their own)."""
    started, similarity = time.perf_counter(), timer["similarity_s"]
    yield
    seconds[key] += time.perf_counter() - started - (timer["similarity_s"] - similarity)


def _run(setting: _Setting, src: np.ndarray, tgt: np.ndarray, blocks: list[tuple[slice, slice]],
         previous: _Pass | None, seconds: dict[str, float]) -> _Pass:
    beads: list[Bead] = []
    post: list[float] = []
    bead_costs: list[float] = []
    local_all, widths = [], []
    levels = cells = 0
    for k, (s, t) in enumerate(blocks):
        costs = _block_costs(setting, src, tgt, (s, t))
        if costs.n == 0 or costs.m == 0:
            local = [Bead((i,), ()) for i in range(costs.n)] + [Bead((), (j,)) for j in range(costs.m)]
            block_post = [1.0] * len(local)
            block_costs = costs.path_costs(local)
        else:
            reference = previous.local[k] if previous is not None else None
            with _stage(seconds, "search_s", costs.lexical.timer):
                local, _, corridor, used = coarse_to_fine(src[s], tgt[t], costs.lexical, setting.model,
                                                          setting.priors, reference=reference, endings=costs.endings)
            with _stage(seconds, "posteriors_s", costs.lexical.timer):
                block_post = posteriors(costs, corridor, local)
            block_costs = costs.path_costs(local)
            levels, cells = max(levels, used), cells + corridor.cells()
            widths.append(corridor.width)
        local_all.append(local)
        beads.extend(local if s.start == t.start == 0 else (b.shifted(s.start, t.start) for b in local))
        post.extend(block_post)
        bead_costs.extend(block_costs)
    return _Pass(beads, post, bead_costs, local_all, widths, levels, cells)


def align_with_evidence(src: Sequence[float], tgt: Sequence[float], lexical: LexicalInput,
                        model: LengthModel, priors: Mapping[BeadType, float] | None = None,
                        learn: bool = True, blocks: Sequence[Bead] | None = None, model1: bool = True,
                        endings: bool = True) -> EvidenceResult:
    """Align two texts with length and lexical evidence.

    ``blocks`` (beads over sentence indices, in order, covering both sides) confines the
    alignment to within each block, as paragraph beads do; by default the texts are one block.
    Model 1, the similarity cost, the priors and the length model are learned over all blocks.
    ``learn=False`` stops after the first pass (dictionary only, nothing re-estimated);
    ``model1=False`` and ``endings=False`` switch those parts off (for ablations).
    """
    x = np.asarray(src, dtype=float)
    y = np.asarray(tgt, dtype=float)
    if blocks is None:
        spans = [(slice(0, len(x)), slice(0, len(y)))]
    else:
        spans = [(slice(b.src[0], b.src[-1] + 1) if b.src else slice(0, 0),
                  slice(b.tgt[0], b.tgt[-1] + 1) if b.tgt else slice(0, 0)) for b in blocks]
        # an empty side's slice must sit where the block is, for the document indices
        spans = _anchor_empty(spans)
    start_priors = dict(EVIDENCE_PRIORS if priors is None else priors)
    src_vec = vectors(lexical.src, lexical.features, lexical.src_table)
    tgt_vec = vectors(lexical.tgt, lexical.features, lexical.tgt_table)
    scorer = LexicalScorer(src_vec, tgt_vec)
    setting = _Setting(scorer.with_cost(first_cost(scorer)), model, start_priors)
    first_timer = scorer.timer
    seconds = {"search_s": 0.0, "posteriors_s": 0.0, "model1_s": 0.0}
    current = _run(setting, x, y, spans, None, seconds)
    levels = current.levels
    trained = 0
    translated_src = lexical.src_table is not None
    table = lexical.src_table if translated_src else lexical.tgt_table
    for _ in range(LEARNING_ROUNDS if learn else 0):
        beads, post = current.beads, current.posteriors
        setting = scorer = None  # the last pass's vectors and products go before new ones are made
        if table is not None and model1:
            plain_vec = tgt_vec if translated_src else src_vec
            # features in more than COMMON_SHARE of the sentences (the, and, of) carry little and
            # make most of Model 1's links: they are left out of its training
            common = document_frequency(plain_vec) > COMMON_SHARE * plain_vec.shape[0]
            pairs = _model1_pairs(beads, post, lexical.src if translated_src else lexical.tgt,
                                  lexical.tgt if translated_src else lexical.src, translated_src, common)
            trained = len(pairs)
            if pairs:
                started = time.perf_counter()
                learned = train_model1(pairs, table)
                seconds["model1_s"] += time.perf_counter() - started
                if translated_src:
                    src_vec = vectors(lexical.src, lexical.features, learned)
                else:
                    tgt_vec = vectors(lexical.tgt, lexical.features, learned)
        scorer = LexicalScorer(src_vec, tgt_vec)
        scorer.timer = first_timer
        confident = [b for b, p in zip(beads, post) if p >= CONFIDENT and b.src and b.tgt]
        aligned = scorer.bead_similarity(confident)
        aligned = aligned[np.isfinite(aligned)]
        random = scorer.random_similarity()
        cost = ratio_cost(aligned, random) if aligned.size >= 20 and random.size >= 20 else first_cost(scorer)
        ones = [(x[b.src[0]], y[b.tgt[0]]) for b in beads if b.kind == (1, 1)]
        setting = _Setting(scorer.with_cost(cost), refine_model(ones, model)[0], estimate_priors(beads, start_priors),
                           ending_costs(beads, post, *lexical.endings) if endings and lexical.endings else None)
        current = _run(setting, x, y, spans, current, seconds)
    sim = setting.scorer.bead_similarity(current.beads)
    stats = {"corridor_cells": float(current.cells), "similarity_s": first_timer["similarity_s"], **seconds}
    return EvidenceResult(current.beads, current.costs, current.posteriors, sim.tolist(), setting.model,
                          setting.priors, trained, max(current.widths, default=0), levels, stats,
                          setting.scorer.cost_of, None if setting.endings is None else setting.endings[2])


def paragraph_blocks(src_pars: Sequence[Sequence[float]], tgt_pars: Sequence[Sequence[float]],
                     paragraph_beads: Sequence[Bead]) -> list[Bead]:
    """Paragraph beads as beads over the sentence indices of the whole document.

    >>> paragraph_blocks([[1, 1], [1]], [[1], [1, 1]], [Bead((0,), (0,)), Bead((1,), (1,))])
    [Bead(src=(0, 1), tgt=(0,)), Bead(src=(2,), tgt=(1, 2))]
    """
    src_start = np.concatenate(([0], np.cumsum([len(p) for p in src_pars]))).astype(int)
    tgt_start = np.concatenate(([0], np.cumsum([len(p) for p in tgt_pars]))).astype(int)
    out = []
    for bead in paragraph_beads:
        s = range(src_start[bead.src[0]], src_start[bead.src[-1] + 1]) if bead.src else range(0)
        t = range(tgt_start[bead.tgt[0]], tgt_start[bead.tgt[-1] + 1]) if bead.tgt else range(0)
        out.append(Bead(tuple(int(i) for i in s), tuple(int(j) for j in t)))
    return out


def _anchor_empty(spans: list[tuple[slice, slice]]) -> list[tuple[slice, slice]]:
    out = []
    s_end = t_end = 0
    for s, t in spans:
        s = s if s.stop > s.start else slice(s_end, s_end)
        t = t if t.stop > t.start else slice(t_end, t_end)
        out.append((s, t))
        s_end, t_end = s.stop, t.stop
    return out
