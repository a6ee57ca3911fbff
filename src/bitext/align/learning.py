"""The M step of the engine's learning loop: what the costs are re-estimated from an alignment.

From the beads of a pass (and their posteriors), every method re-estimates the length model from
the 1-1 beads (:func:`.length.refine_model`); a method that learns priors re-estimates the bead
priors from the counts (:func:`estimate_priors`); with lexical evidence, IBM Model 1 is retrained
on the confident beads (:func:`model1_pairs`, :mod:`.model1`) and becomes the translation links of
the likelihood (:mod:`.likelihood`), whose background shares and unexplained share are
re-estimated over the pass's pairs (:func:`estimate_shares`), and how the two sides of a pair end
is learned as a table of log-likelihood ratios (:func:`ending_costs`, with the cost of a quotation
left open on one side only, :func:`quotation_cost`). Pure: beads and arrays in, estimates out.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Mapping, Sequence, TypeVar

import numpy as np
from scipy import sparse

from .beads import Bead, BeadType
from .costs import Breaks, Endings
from .length import LengthModel, refine_model
from .model1 import train_model1
from .likelihood import (ESTIMATION_PAIRS, Likelihood, background_share, bead_evidence, links_from_table,
                         unexplained_share, word_prior)
from .similarity import Similarity, count_matrix, document_frequency, vectors
from .tokens import LexicalInput

#: Chance (one-sided binomial) below which the confident pairs span paragraph ends (or end with a
#: quotation open on one side only) more rarely than chance would: only then is it evidence.
BREAK_EVIDENCE = 0.05
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
#: The dictionary's weight in Model 1's prior (pseudo-counts of its links; the text's own pairs
#: outweigh it as they grow). Fixed: choosing 2, 8, 32 or the dictionary alone on held-out beads
#: (the separation of held-out pairs from shuffled ones) never chose better than 8 on a MAC-Dev
#: chapter and chose worse on three (whole chapters 0.887 chosen, 0.896 at 8; chapters cut into
#: 2, 3, 4 parts 0.879 0.878 0.877 and 0.875 0.878 0.874; the Bible the same either way); 2 let
#: short loose translations learn their own errors, 32 and the dictionary alone lose pairs of the
#: Xinhua article that Model 1 learned from its 30 pairs finds.
MODEL1_PRIOR_WEIGHT = 8.0
#: The dictionary's weight in the Model 1 that mining learns from the pairs it kept and from the
#: sentence pairs given (8 there: Bible 10^4 F1 0.390 -> 0.381, the seed pair's precision 0.929 -> 0.882).
MINING_PRIOR_WEIGHT = 2.0
#: At most this many confident 1-1 beads decide whether the sentence pairs given to learn from
#: become Model 1's prior (half train, half are held out).
SELECTION_BEADS = 1000
#: Fewer held-out beads than this are too few to decide: the sentence pairs given join.
SELECTION_MIN = 20
#: Fewer pairs than this say nothing reliable of the likelihood's shares: estimated from the pairs
#: a pass chose on a text of a few sentences, they only confirm that pass (a paragraph moved out
#: of order, aligned alone, kept a wrong split of a 2-2 bead that way).
SHARE_PAIRS = 10
#: Weight, in beads, of the starting priors when bead priors are estimated from the input.
PRIOR_WEIGHT = 50.0


@dataclass
class Setting:
    """What a pass of the search costs beads with: the length model and the bead priors, and, with
    lexical evidence, the translation likelihood, the ending table and, for a first pass, the
    sentence vectors a long text's coarse levels are searched with; with how many beads the
    length model and Model 1 were estimated from (0: not estimated)."""

    model: LengthModel
    priors: dict[BeadType, float]
    likelihood: Likelihood | None = None
    endings: Endings | None = None
    model_from: int = 0
    model1_beads: int = 0
    #: Whether Model 1 learns from the sentence pairs given besides the text's own (None: Model 1
    #: not trained yet; decided by the first M step that trains it, kept by the later ones).
    model1_examples: bool | None = None
    #: Sentence vectors for the coarse levels of a first pass (None after it).
    similarity: Similarity | None = None
    #: Paragraph ends as evidence (None: not learned, or no paragraphs).
    breaks: Breaks | None = None
    #: The cost of a pair after which a quotation is open on one side only (None: not learned).
    quotation_cost: float | None = None


class Vectors:
    """Both sides' sentence vectors in the shared feature space (for the coarse levels of a long
    text and for choosing Model 1's prior weight), and the lexical input they come from."""

    def __init__(self, lexical: LexicalInput) -> None:
        self.lexical = lexical
        self.src = vectors(lexical.src, lexical.features, lexical.src_table)
        self.tgt = vectors(lexical.tgt, lexical.features, lexical.tgt_table)
        #: Which side is carried through a table: "src", "tgt" or None (both in feature space).
        self.translated = "src" if lexical.src_table is not None else "tgt" if lexical.tgt_table is not None else None

    @property
    def table(self) -> sparse.csr_matrix | None:
        """The starting translation table, Model 1's prior (the dictionary, with its glosses'
        synonyms when the input has them), or None."""
        return self.lexical.starting_table

    def forget(self) -> None:
        """Drop the sentence vectors (the coarse levels are searched once, in the first pass)."""
        self.src = self.tgt = None

    @cached_property
    def common(self) -> np.ndarray:
        """The features in more than :data:`COMMON_SHARE` of the untranslated side's sentences
        (the, and, of): they carry little and make most of Model 1's links, and do not train it."""
        lexical = self.lexical
        plain = count_matrix(lexical.tgt if self.translated == "src" else lexical.src, lexical.features)
        return document_frequency(plain) > COMMON_SHARE * plain.shape[0]

    @cached_property
    def examples(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The sentence pairs given to learn from, as Model 1 trains on them (:func:`example_pairs`)."""
        return example_pairs(self, self.common)

    @cached_property
    def examples_table(self) -> sparse.csr_matrix | None:
        """Model 1 trained on the sentence pairs given to learn from alone, with the dictionary as
        its prior (None without them): what mining starts from."""
        return train_model1(self.examples, self.table, prior_weight=MINING_PRIOR_WEIGHT) if self.examples else None


def estimate_priors(beads: Sequence[Bead], start: Mapping[BeadType, float],
                    weights: Sequence[float] | None = None) -> dict[BeadType, float]:
    """Bead-type priors from the counts of an alignment, each bead counted by its weight (its
    posterior; 1 without weights), with ``start`` as :data:`PRIOR_WEIGHT` pseudo-beads; types
    absent from ``start`` are not added.

    Counted by posterior, a bead type the last pass chose without confidence (a merged bead that
    won on the prior it had been given) does not raise its own prior for the next pass: counted
    whole, 2-3 beads on a literary chapter went from 6 to 36 to 60 in three passes as their prior
    rose from 0.002 to 0.021 to 0.14.

    >>> p = estimate_priors([Bead((0,), (0,))] * 50, {(1, 1): 0.5, (1, 0): 0.25, (0, 1): 0.25})
    >>> round(p[(1, 1)], 2)
    0.75
    """
    total_start = sum(start.values())
    counts = {t: 0.0 for t in start}
    for k, bead in enumerate(beads):
        if bead.kind in counts:
            counts[bead.kind] += 1.0 if weights is None else float(weights[k])
    n = sum(counts.values())
    return {t: (counts[t] + PRIOR_WEIGHT * start[t] / total_start) / (n + PRIOR_WEIGHT) for t in start}


def confident_pairs(beads: Sequence[Bead], post: Sequence[float]) -> list[Bead]:
    """The beads with both sides and a posterior of at least :data:`CONFIDENT`."""
    return [b for b, p in zip(beads, post) if p >= CONFIDENT and b.src and b.tgt]


def ending_costs(confident: Sequence[Bead], src_end: Sequence[int], tgt_end: Sequence[int],
                 quotations: tuple[Sequence[bool], Sequence[bool], float] | None = None) -> Endings:
    """How the two sides of a pair end, as evidence: ``-log P(e, f | aligned) / P(e) P(f)`` for
    the ending classes ``e`` and ``f`` of a bead's last source and last target sentence, from the
    ``confident`` pairs against all sentences (add-one smoothed); with ``quotations`` (whether a
    quotation is open after each sentence, both sides, and the cost of a pair after which one is
    open on one side only, :func:`quotation_cost`), that cost added where they disagree. Returns
    both sides' classes (``k`` more for a sentence after which a quotation is open, ``k`` the
    ending classes) and the cost matrix."""
    src_end = np.asarray(src_end, dtype=np.int64)
    tgt_end = np.asarray(tgt_end, dtype=np.int64)
    k = int(max(src_end.max(initial=0), tgt_end.max(initial=0))) + 1
    joint = np.ones((k, k))
    for bead in confident:
        joint[src_end[bead.src[-1]], tgt_end[bead.tgt[-1]]] += 1
    joint /= joint.sum()
    ps = (np.bincount(src_end, minlength=k) + 1.0) / (src_end.size + k)
    pt = (np.bincount(tgt_end, minlength=k) + 1.0) / (tgt_end.size + k)
    table = -(np.log(joint) - np.log(np.outer(ps, pt)))
    if quotations is None or not quotations[2]:
        return src_end, tgt_end, table
    src_open, tgt_open = (np.asarray(q, dtype=np.int64) for q in quotations[:2])
    mismatch = quotations[2]
    quoted = np.block([[table, table + mismatch], [table + mismatch, table]])
    return src_end + k * src_open, tgt_end + k * tgt_open, quoted


def quotation_cost(confident: Sequence[Bead], src_open: Sequence[bool], tgt_open: Sequence[bool]) -> float:
    """The cost of a pair after which a quotation is open on one side and not on the other:
    ``log(m / m_pairs)``, ``m`` the share of sentence pairs that disagree so, drawn at random, and
    ``m_pairs`` that share among the ``confident`` pairs (half a count added); 0 unless the pairs
    disagree less than chance would by a one-sided binomial test at :data:`BREAK_EVIDENCE`. A
    translation that splits a quoted speech differently from its source still ends it where the
    source does, so a bead ending inside a quotation on one side only is likely cut wrong. Only the
    disagreement costs: a quotation open on both sides is no reward, which would favour cutting
    a speech into more beads.

    >>> pairs = [Bead((k,), (k,)) for k in range(40)]
    >>> same = np.array([k % 3 == 0 for k in range(40)])
    >>> round(quotation_cost(pairs, same, same), 2), quotation_cost(pairs, same, ~same)
    (3.62, 0.0)
    """
    src_open, tgt_open = np.asarray(src_open, dtype=bool), np.asarray(tgt_open, dtype=bool)
    src_share, tgt_share = float(src_open.mean()), float(tgt_open.mean())
    m = src_share * (1.0 - tgt_share) + tgt_share * (1.0 - src_share)
    disagree = sum(1 for b in confident if src_open[b.src[-1]] != tgt_open[b.tgt[-1]])
    return _rarer_than_chance(disagree, len(confident), m)


def break_costs(confident: Sequence[Bead], paragraph_ends: tuple[Sequence[bool], Sequence[bool]]) -> Breaks:
    """Paragraph ends as evidence against a pair that spans them: each side's paragraph ends
    before every sentence (cumulative), and the cost of one inside a side of a pair,
    ``log(r / r_pairs)``, where ``r`` is the share of the boundaries between two sentences that
    end a paragraph and ``r_pairs`` that share among the boundaries inside the ``confident``
    pairs (half a count added). Where translations keep their paragraphs a pair rarely spans
    one; where the two sides' paragraphs do not correspond, the pairs span them as often as
    chance does, and a paragraph end costs nothing unless the pairs span fewer than chance would
    by a one-sided binomial test at :data:`BREAK_EVIDENCE`. Only the cost of a paragraph end is
    learned, not a reward for a boundary without one, so a merged bead does not gain from its
    boundaries."""
    src_ends, tgt_ends = (np.asarray(ends, dtype=np.int64) for ends in paragraph_ends)
    src_cum = np.concatenate(([0], np.cumsum(src_ends)))
    tgt_cum = np.concatenate(([0], np.cumsum(tgt_ends)))
    inside = slots = 0
    for bead in confident:
        inside += src_cum[bead.src[-1]] - src_cum[bead.src[0]] + tgt_cum[bead.tgt[-1]] - tgt_cum[bead.tgt[0]]
        slots += len(bead.src) - 1 + len(bead.tgt) - 1
    boundaries = max(len(src_ends) - 1, 0) + max(len(tgt_ends) - 1, 0)
    ends_between = src_cum[-2] + tgt_cum[-2] if len(src_ends) and len(tgt_ends) else 0
    r = (ends_between + 0.5) / (boundaries + 1.0)
    return src_cum, tgt_cum, _rarer_than_chance(int(inside), int(slots), r)


def _rarer_than_chance(seen: int, trials: int, chance: float) -> float:
    """The cost of an event the confident pairs show ``seen`` times in ``trials`` where ``chance``
    is its rate at random: ``log(chance / rate)``, the rate with half a count added, and 0 unless a
    one-sided binomial test at :data:`BREAK_EVIDENCE` says the pairs show it more rarely than chance.

    >>> round(_rarer_than_chance(0, 40, 0.5), 2), _rarer_than_chance(20, 40, 0.5), _rarer_than_chance(0, 0, 0.5)
    (3.71, 0.0, 0.0)
    """
    if trials == 0 or not 0.0 < chance < 1.0 or _binomial_cdf(seen, trials, chance) > BREAK_EVIDENCE:
        return 0.0
    return max(0.0, float(np.log(chance / ((seen + 0.5) / (trials + 1.0)))))


def _binomial_cdf(k: int, n: int, p: float) -> float:
    """``P(X <= k)`` for ``X`` binomial with ``n`` trials of chance ``p`` (0 < p < 1), summed in
    log space (scipy.stats costs 50 MB to import).

    >>> round(_binomial_cdf(0, 8, 0.5), 6), round(_binomial_cdf(8, 8, 0.3), 6)
    (0.003906, 1.0)
    """
    log_p, log_q = math.log(p), math.log1p(-p)
    terms = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
             for i in range(min(k, n) + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def spread_evenly(items: Sequence, most: int) -> list:
    """At most ``most`` of ``items``, evenly spread over them (all when there are no more)."""
    return list(items) if len(items) <= most else [items[k] for k in np.linspace(0, len(items) - 1, most).astype(int)]


T = TypeVar("T")


def examples_trained_on(examples: Sequence[T]) -> list[T]:
    """The sentence pairs given to learn from that Model 1 trains on: at most
    :data:`MODEL1_BEADS`, evenly spread, as :func:`example_pairs` takes them (so a caller need
    not encode more of a large memory than that).

    >>> len(examples_trained_on(range(20_000))), examples_trained_on([3, 4])
    (8000, [3, 4])
    """
    return spread_evenly(examples, MODEL1_BEADS)


def example_pairs(found: Vectors, common: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(word ids, feature ids) of the examples (sentence pairs given to learn from), at most
    :data:`MODEL1_BEADS` spread evenly, as :func:`_bounded` keeps them (pairs left without a
    word or a feature dropped too)."""
    examples = found.lexical.examples
    if not examples:
        return []
    words, feats = examples if found.translated == "src" else examples[::-1]
    return _bounded(((np.asarray(words[k], dtype=np.int64), np.asarray(feats[k], dtype=np.int64))
                     for k in spread_evenly(range(len(words)), MODEL1_BEADS)), common, skip_empty=True)


def _bounded(pairs: Iterable[tuple[np.ndarray, np.ndarray]], common: np.ndarray, skip_empty: bool = False
             ) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (word ids, feature ids) pairs Model 1 trains on: features in ``common`` (a boolean mask)
    left out, pairs of more than :data:`MODEL1_MAX_LINKS` links dropped (Model 1 links every word
    to every word), at most :data:`MODEL1_LINKS` links in all (pairs spread evenly)."""
    kept = []
    for z, e in pairs:
        e = e[~common[e]]
        if skip_empty and not (len(z) and len(e)):
            continue
        if len(e) * (len(z) + 1) <= MODEL1_MAX_LINKS:
            kept.append((z, e))
    links = sum(len(e) * (len(z) + 1) for z, e in kept)
    if links > MODEL1_LINKS:
        kept = spread_evenly(kept, max(1, len(kept) * MODEL1_LINKS // links))
    return kept


def model1_pairs(confident: Sequence[Bead], found: Vectors, common: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(word ids, feature ids) of the beads that train Model 1, words from the side ``found``
    carries through a table: at most :data:`MODEL1_BEADS` of the ``confident`` ones, spread
    evenly, as :func:`_bounded` keeps them."""
    words_are_src = found.translated == "src"
    lexical = found.lexical
    words, feats = (lexical.src, lexical.tgt) if words_are_src else (lexical.tgt, lexical.src)

    def tokens(bead: Bead) -> tuple[np.ndarray, np.ndarray]:
        w_side, f_side = (bead.src, bead.tgt) if words_are_src else (bead.tgt, bead.src)
        return (np.concatenate([np.asarray(words[s], dtype=np.int64) for s in w_side]),
                np.concatenate([np.asarray(feats[s], dtype=np.int64) for s in f_side]))

    return _bounded((tokens(bead) for bead in spread_evenly(confident, MODEL1_BEADS)), common)


def separation(pairs: Sequence[Bead], found: Vectors, table: sparse.csr_matrix) -> float:
    """How well the translated side's words, carried through ``table``, tell these 1-1 pairs from
    the same sentences shuffled: d' (the difference of mean cosines over their pooled standard
    deviation), idf-weighted over the sentences of the pairs."""
    lexical = found.lexical
    src_rows = [b.src[0] for b in pairs]
    tgt_rows = [b.tgt[0] for b in pairs]
    def side(tokens, rows, own_table):
        picked = [tokens[r] for r in rows]
        return vectors(picked, lexical.features, own_table)
    src = side(lexical.src, src_rows, table if found.translated == "src" else None)
    tgt = side(lexical.tgt, tgt_rows, table if found.translated == "tgt" else None)
    similarity = Similarity(src, tgt)
    k = len(pairs)
    aligned = similarity.bead_similarity([Bead((i,), (i,)) for i in range(k)])
    shuffled = similarity.bead_similarity([Bead((i,), ((i + k // 2) % k,)) for i in range(k)])
    aligned, shuffled = np.nan_to_num(aligned), np.nan_to_num(shuffled)
    spread = np.sqrt((aligned.var() + shuffled.var()) / 2.0)
    return float((aligned.mean() - shuffled.mean()) / max(spread, 1e-9))


def _train(pairs: list[tuple[np.ndarray, np.ndarray]], found: Vectors, with_examples: bool) -> sparse.csr_matrix:
    """Model 1 trained on the text's own ``pairs`` with a prior of weight
    :data:`MODEL1_PRIOR_WEIGHT`: the dictionary, or with ``with_examples`` the model the
    examples taught (:attr:`Vectors.examples_table`), so that the examples speak for the words
    the text says little of and the text's own pairs for the rest."""
    prior = found.examples_table if with_examples else found.table
    return train_model1(pairs, prior, prior_weight=MODEL1_PRIOR_WEIGHT) if pairs else prior.copy()


def learn_from_examples(confident: Sequence[Bead], found: Vectors, common: np.ndarray) -> bool:
    """Whether Model 1 learns from the sentence pairs given (as its prior, :func:`_train`), decided
    on held-out beads: Model 1 trained on every other confident 1-1 bead (at most
    :data:`SELECTION_BEADS`) with the dictionary and with the examples' model as its prior, each
    scored by the :func:`separation` of the beads held out; the examples join only where they
    tell the text's own pairs apart better. With too few held-out beads (:data:`SELECTION_MIN`):
    they join."""
    if not found.examples:
        return False
    ones = spread_evenly([b for b in confident if b.kind == (1, 1)], SELECTION_BEADS)
    train, held_out = ones[0::2], ones[1::2]
    if len(held_out) < SELECTION_MIN:
        return True
    pairs = model1_pairs(train, found, common)
    scores = [separation(held_out, found, _train(pairs, found, with_examples)) for with_examples in (False, True)]
    return scores[1] > scores[0]


def relearn_model1(confident: Sequence[Bead], found: Vectors, with_examples: bool | None = None
                   ) -> tuple[sparse.csr_matrix, int, bool]:
    """Train Model 1 on the confident beads with a prior of weight :data:`MODEL1_PRIOR_WEIGHT`:
    the dictionary, or the model the examples taught, as ``with_examples`` says (None: decided on
    held-out beads, :func:`learn_from_examples`); returns the table, the beads it was trained on
    and whether the examples joined. Features in more than :data:`COMMON_SHARE` of the sentences
    (the, and, of) do not train it (:attr:`Vectors.common`)."""
    common = found.common
    if with_examples is None:
        with_examples = learn_from_examples(confident, found, common)
    pairs = model1_pairs(confident, found, common)
    if not pairs and not with_examples:
        return found.table, 0, with_examples
    return _train(pairs, found, with_examples), len(pairs), with_examples


def estimate_shares(likelihood: Likelihood, beads: Sequence[Bead], background: bool = True,
                    unexplained: bool = True) -> Likelihood:
    """The likelihood with its shares estimated from the pairs among ``beads`` (at most
    :data:`ESTIMATION_PAIRS`, spread evenly): each direction's background share, then the
    unexplained share of the pairs' evidence (:mod:`.likelihood`); a share not estimated stays
    at its start (``background``, ``unexplained`` False), the unexplained one at 0. Fewer than
    :data:`SHARE_PAIRS` pairs (a paragraph aligned alone) leave every share at its start."""
    pairs = spread_evenly([b for b in beads if b.src and b.tgt], ESTIMATION_PAIRS)
    if len(pairs) < SHARE_PAIRS:
        return likelihood
    forward, backward = likelihood.ratios(pairs)
    eps_fwd, eps_bwd = likelihood.eps_fwd, likelihood.eps_bwd
    if background:
        eps_fwd, eps_bwd = background_share(forward), background_share(backward)
    share = 0.0
    if unexplained:
        share = unexplained_share(bead_evidence(forward, backward, len(pairs), eps_fwd, eps_bwd))
    return likelihood.with_shares(eps_fwd, eps_bwd, share)


@dataclass(frozen=True)
class Learned:
    """Which parts an M step re-estimates (all, by default; fewer for ablations)."""

    #: The bead priors, from the pass's beads (else the starting ones stay).
    priors: bool = True
    #: Priors counting each bead by its posterior (else each bead once; see :func:`estimate_priors`).
    posterior_priors: bool = True
    #: IBM Model 1 (else the dictionary stays).
    model1: bool = True
    #: The sentence-ending table.
    endings: bool = True
    #: In it, the cost of a pair after which a quotation is open on one side only.
    quotations: bool = True
    #: The cost of a paragraph end inside a side of a pair (texts of several paragraphs).
    paragraph_ends: bool = True
    #: The share of aligned pairs whose words show no translation, bounding the evidence against a
    #: pair (:func:`.likelihood.unexplained_share`; else no bound).
    unseen_share: bool = True
    #: The background share of each direction (:func:`.likelihood.background_share`; else it stays
    #: at its start, 0.5).
    background_share: bool = True


def m_step(beads: Sequence[Bead], post: Sequence[float], src: np.ndarray, tgt: np.ndarray, start: Setting,
           learned: Learned, found: Vectors | None, seconds: dict[str, float], current: Setting,
           chosen: Sequence[bool] | None = None) -> Setting:
    """Everything a pass's beads re-estimate (see the module and ``learned``), from ``start`` (the
    starting length model and priors, and the likelihood with the dictionary's links); the priors
    from the beads a search ``chosen`` (default: all; not those of a block with an empty side,
    unpaired whatever the priors). ``found`` holds the lexical input when there is lexical
    evidence; Model 1 learns from the sentence pairs given as ``current`` says (decided by the
    first M step, kept by later ones); ``seconds`` gathers the time of each part."""
    ones = [(src[b.src[0]], tgt[b.tgt[0]]) for b in beads if b.kind == (1, 1)]
    model, used = refine_model(ones, start.model)
    priors = dict(start.priors)
    if learned.priors:
        free = [k for k in range(len(beads)) if chosen is None or chosen[k]]
        priors = estimate_priors([beads[k] for k in free], start.priors,
                                 [post[k] for k in free] if learned.posterior_priors else None)
    if found is None or start.likelihood is None:
        return Setting(model, priors, model_from=used)
    confident = confident_pairs(beads, post)
    likelihood = start.likelihood
    trained = 0
    with_examples = current.model1_examples
    if learned.model1 and found.translated is not None:
        started = time.perf_counter()
        table, trained, with_examples = relearn_model1(confident, found, with_examples)
        if table is not found.table:  # the first pass's links otherwise
            words_are_src = found.translated == "src"
            likelihood = likelihood.with_links(links_from_table(table, word_prior(likelihood, words_are_src),
                                                                words_are_src))
        seconds["model1_s"] += time.perf_counter() - started
    likelihood = estimate_shares(likelihood, beads, learned.background_share, learned.unseen_share)
    ends = quoted = None
    if learned.endings and found.lexical.endings:
        if learned.quotations and found.lexical.quotations is not None:
            quoted = (*found.lexical.quotations, quotation_cost(confident, *found.lexical.quotations))
        ends = ending_costs(confident, *found.lexical.endings, quoted)
    breaks = None
    if learned.paragraph_ends and found.lexical.paragraph_ends is not None:
        breaks = break_costs(confident, found.lexical.paragraph_ends)
    return Setting(model, priors, likelihood, ends, used, trained, with_examples, breaks=breaks,
                   quotation_cost=None if quoted is None else quoted[2])
