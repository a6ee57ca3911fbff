"""The alignment engine: one corridor search and one driver for every method.

A method (:class:`Method`) is a choice of cost terms and priors: ``length`` is Gale–Church (the
length cost with its priors, paragraphs aligned first when both texts have several), ``lexical``
adds the translation likelihood of each bead's words (:mod:`.likelihood`: the dictionary's links,
then Model 1's) and how its sentences end, and learns its priors.
Every method runs the same loop, hard EM:

1. **E step** (:func:`e_step`): in each block (a paragraph bead, or the whole text), the best path
   through a corridor (:func:`search`) and, where the next step needs them, its beads' posteriors.
   A first pass searches near the diagonal or, for a long text with lexical evidence, near the
   path of a coarser alignment of units of :data:`FACTOR` sentences (coarse to fine, so no drift
   beyond what the coarse path allows); a later pass searches near the previous pass's path.
2. **M step** (:func:`.learning.m_step`): the costs re-estimated from the beads.
3. Up to ``method.rounds`` rounds, stopping early when the M step changes nothing; then the last
   pass's paths are confirmed and their posteriors computed.

**The search policy** (:func:`search`), the same at every level and for every method: the
corridor's margin doubles while the best path touches the corridor's edge or the corridor holds no
path; a path clear of the edge is accepted at once in a pass that is only learned from, and, for
the result, once :data:`CONFIRMATIONS` successive searches at twice the margin find the same cost
(a cheaper path can lie outside a corridor without touching it). ``width=None`` searches the
whole matrix: the exact optimum.

**Texts that correspond in part** (with lexical evidence): the pairs each other's best lexical
match (:func:`_matched_pairs`; units of sentences for texts of more than
:data:`.similarity.MUTUAL_CELLS` sentence pairs) give the starting length model from the spans
they cover (:func:`_matched_model`) and, when the other text's ends fall well inside a text,
leave the sentences beyond them unpaired (:func:`_excerpt_blocks`), the edges so cut open. When they do not say
so but the alignment's own first and last pairs do (:func:`_beyond_the_pairs`), the texts are
aligned again with what lies beyond set apart, from the priors of the first alignment's beads
inside the span: its first pass had spread the sentences beyond over the span's last beads, and
priors counted over all its beads make every sentence inside likelier to be unpaired.

Everything here is pure: sentence lengths, token ids and sparse matrices in, beads out.
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

import numpy as np

from .beads import Bead, BeadType, monotone_chain, unpaired
from .corridor import Corridor, diagonal_corridor, full_corridor, path_corridor, union, widened_near
from .costs import CLOSED, BeadCosts, OpenEdges
from .learning import MODEL1_PRIOR_WEIGHT, Learned, Setting, Vectors, estimate_priors, m_step
from .length import GALE_CHURCH_PRIORS, LengthModel, ratio_model
from .likelihood import Likelihood, from_input
from .search import best_and_sums, posteriors, sweep, trace
from .similarity import MUTUAL_CELLS, Similarity, first_cost, mutual_best_pairs
from .tokens import LexicalInput

#: Initial margin of a corridor, in sentences (units at coarse levels) on each side of its centre line.
DEFAULT_WIDTH = 8
#: Successive searches at twice the margin that must find the same cost before a result is accepted.
CONFIRMATIONS = 1
#: Sentences per unit at each coarser level.
FACTOR = 8
#: A level with more units than this on either side gets a coarser level above it.
COARSE_ABOVE = 1500

#: Bead types of the lexical method with their starting priors (Gale & Church's, plus up to five
#: sentences on one side or five in all); estimated from the input afterwards.
EVIDENCE_PRIORS: dict[BeadType, float] = {
    (1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011,
    (1, 3): 0.005, (3, 1): 0.005, (2, 3): 0.002, (3, 2): 0.002, (1, 4): 0.002, (4, 1): 0.002,
    (1, 5): 0.001, (5, 1): 0.001,
}


@dataclass(frozen=True)
class Method:
    """What a method costs beads with and learns (see the module)."""

    name: str
    #: Bead types and their starting priors.
    priors: Mapping[BeadType, float]
    #: Whether lexical evidence is used (similarity, endings, Model 1).
    lexical: bool
    #: Whether two texts with several paragraphs each are aligned paragraphs first.
    paragraphs_first: bool
    #: Learning rounds at most (each an M step and a pass).
    rounds: int
    #: What the M step re-estimates (parts switched off for ablations).
    learned: Learned = Learned()


LEXICAL = Method("lexical", EVIDENCE_PRIORS, lexical=True, paragraphs_first=False, rounds=2)
LENGTH = Method("length", GALE_CHURCH_PRIORS, lexical=False, paragraphs_first=True, rounds=3,
                learned=Learned(priors=False))
METHODS: dict[str, Method] = {m.name: m for m in (LEXICAL, LENGTH)}


@dataclass
class Estimates:
    """What was estimated from the input."""

    #: The length model, and the 1-1 beads it was estimated from (0: the ratio of total lengths).
    model: LengthModel
    model_from: int
    #: The bead priors the final pass used.
    priors: dict[BeadType, float]
    #: Beads Model 1 was trained on (0: not trained).
    model1_beads: int = 0
    #: The share of aligned pairs estimated to show no translation (0: not estimated).
    unseen_share: float = 0.0
    #: The weight of Model 1's prior, the dictionary (None: no Model 1).
    model1_weight: float | None = None
    #: The background shares of the translation likelihood, target given source and source given
    #: target (None without lexical evidence), and the ending cost table.
    background_shares: tuple[float, float] | None = None
    ending_costs: np.ndarray | None = None
    #: Whether Model 1 learned from the sentence pairs given to learn from besides the text's own.
    model1_examples: bool = False
    #: The cost of a paragraph end inside a side of a pair (None: texts without paragraphs on
    #: both sides, or no lexical evidence; 0: the paragraphs do not correspond).
    paragraph_end_cost: float | None = None
    #: The cost of a pair after which a quotation is open on one side only (None: not learned; 0:
    #: no quotations, or the two sides' do not correspond).
    quotation_cost: float | None = None


@dataclass
class SearchStats:
    """How the search went: coarse-to-fine levels of the first pass, the final corridors' cells
    and widest row, and seconds per stage."""

    levels: int = 1
    cells: int = 0
    width: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Alignment:
    """Beads over whole-document indices, in order, every sentence of both sides in exactly one;
    each bead's cost (``-log`` probability) and posterior; the paragraph beads the sentences were
    aligned within (when paragraphs came first); what was estimated, and how the search went;
    and the translation likelihood the last pass scored beads with (None without lexical evidence)."""

    beads: list[Bead]
    costs: list[float]
    posteriors: list[float]
    estimates: Estimates
    search: SearchStats
    paragraph_beads: list[Bead] | None = None
    likelihood: Likelihood | None = None

    @property
    def total_cost(self) -> float:
        """The cost of the whole path."""
        return float(sum(self.costs))


# --- the search policy ----------------------------------------------------------------------------

@dataclass
class Found:
    """The best path of one search: beads, their costs and the total, the corridor it was found
    in and that corridor's margin (None: the whole matrix), and whether it was confirmed."""

    beads: list[Bead]
    costs: list[float]
    total: float
    corridor: Corridor
    margin: int | None
    confirmed: bool
    #: The margin the search started from.
    start: int | None = None
    #: Whether the first pass over this text started from the diagonal (not from a coarse path).
    from_diagonal: bool = True
    #: The beads' posteriors over this corridor, when the search was asked for them.
    posteriors: list[float] | None = None

    def needed(self, width: int | None) -> int | None:
        """The margin a later search of the same text starts from: ``width`` widened as many
        times as this search was, when its lineage began on the diagonal (that widening measures
        how far the text strays from it: a length-only alignment of a long text needs it again);
        else ``width`` (a coarse path, placed by lexical evidence, needed the widening, not the
        path found near it). None: the whole matrix."""
        if self.margin is None:
            return None
        if width is None or self.start is None or not self.from_diagonal:
            return width
        return width * max(1, self.margin // self.start)


#: A corridor shape: the corridor of a given margin (around the diagonal, or around a path).
Shape = Callable[[int], Corridor]


def _same_cost(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def search(costs: BeadCosts, shape: Shape, margin: int | None, confirm: bool, found: Found | None = None,
           local: bool = False, with_posteriors: bool = False) -> Found:
    """The best path in the corridor ``shape(margin)``, widened by the engine's policy (see the
    module); ``confirm`` asks for a confirmed result. Passing an unconfirmed result as ``found``
    (same costs and shape) confirms it, searching only at the margins it was not searched at.
    ``local`` (a search near a previous pass's path): where the path touches the edge the corridor
    is widened around those rows only, and the margin stays that of the rest. ``with_posteriors``
    (an unconfirmed search): the beads' posteriors over the corridor of the result, from soft
    values computed in the same sweeps (see :func:`.search.best_and_sums`)."""
    n, m = costs.n, costs.m
    accepted, agreeing, start = None, 0, margin
    if found is not None:
        if found.confirmed or not confirm:
            return found
        accepted, margin, start = found, found.margin * 2, found.start
        corridor = union(found.corridor, shape(margin), path_corridor(found.beads, n, m, margin))
    else:
        corridor = shape(margin) if margin is not None else full_corridor(n, m)
    reach = margin
    while True:
        if margin is not None and max(margin, reach) >= max(n, m):
            margin, corridor = None, full_corridor(n, m)
        sums = behind = None
        if with_posteriors and not confirm:
            values, back, sums, behind = best_and_sums(costs, corridor, behind=True)
        else:
            values, back = sweep(costs, corridor, soft=False)
        end = float(values.at(n, m))
        beads, bead_costs, rows = (trace(values, back, costs, corridor) if np.isfinite(end)
                                   else ([], [], np.zeros(1, dtype=np.int64)))
        if margin is None:
            return _with_posteriors(Found(beads, bead_costs, end, corridor, None, True, start), costs, sums, behind)
        if rows.size == 0:
            current = Found(beads, bead_costs, end, corridor, margin, False, start)
            if not confirm:
                return _with_posteriors(current, costs, sums, behind)
            if accepted is not None and _same_cost(end, accepted.total):
                agreeing += 1
                if agreeing >= CONFIRMATIONS:
                    return replace(accepted, confirmed=True)
            else:
                accepted, agreeing = current, 0
        else:
            accepted, agreeing = None, 0
            if local and beads:
                reach *= 2
                wider = union(shape(reach), path_corridor(beads, n, m, reach))
                corridor = widened_near(corridor, wider, rows, 4 * reach)
                continue
        margin *= 2
        wider = [corridor, shape(margin)] + ([path_corridor(beads, n, m, margin)] if beads else [])
        corridor = union(*wider)


def _with_posteriors(found: Found, costs: BeadCosts, sums, behind) -> Found:
    """``found`` with its beads' posteriors, when the search computed the forward soft values."""
    if sums is not None and found.beads:
        found.posteriors = posteriors(costs, found.corridor, found.beads, sums, behind)
    return found


# --- coarse to fine -------------------------------------------------------------------------------

def _groups(count: int, size: int = FACTOR) -> np.ndarray:
    """The unit of ``size`` consecutive sentences each of ``count`` sentences is in."""
    return np.arange(count) // size


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


def coarse_path(x: np.ndarray, y: np.ndarray, similarity: Similarity, setting: Setting, width: int,
                open_edges: OpenEdges = CLOSED) -> tuple[list[Bead] | None, int]:
    """For a text with more than :data:`COARSE_ABOVE` sentences on a side, the path of the
    alignment of its units of :data:`FACTOR` sentences (itself found coarse to fine), projected
    onto the sentences, and the number of coarse levels; ``(None, 0)`` for a shorter text.

    Coarse levels have no length cost (units cut every :data:`FACTOR` sentences do not end where
    translations do: their lengths say little); the lexical cost counts once per unit of a bead,
    calibrated on the units themselves (:func:`.similarity.first_cost`).
    """
    if max(len(x), len(y)) <= COARSE_ABOVE:
        return None, 0
    sg, tg = _groups(len(x)), _groups(len(y))
    cx = np.bincount(sg, x, minlength=int(sg.max()) + 1)
    cy = np.bincount(tg, y, minlength=int(tg.max()) + 1)
    units = similarity.grouped(sg, tg)
    units = units.with_cost(first_cost(units))
    above, levels = coarse_path(cx, cy, units, setting, width, open_edges)
    costs = BeadCosts(cx, cy, setting.model, setting.priors, similarity=units, length_weight=0.0, open_edges=open_edges)
    shape, margin = _start(costs, above, width)
    found = search(costs, shape, margin, confirm=False)
    return _project(found.beads, sg, tg), levels + 1


def _start(costs: BeadCosts, reference: Sequence[Bead] | None, width: int | None,
           coarse: bool = False) -> tuple[Shape, int | None]:
    """Where a search starts: around ``reference`` (a previous pass's path, given the margin that
    pass needed, or a coarse path projected, given at least two units of margin), else around the
    diagonal."""
    n, m = costs.n, costs.m
    if width is None:
        return (lambda w: full_corridor(n, m)), None
    if reference is None:
        return (lambda w: diagonal_corridor(n, m, w)), width
    return (lambda w: path_corridor(reference, n, m, w)), (max(width, 2 * FACTOR) if coarse else width)


# --- the E step -----------------------------------------------------------------------------------

Span = tuple[slice, slice]


@dataclass
class _Block:
    """One block's search in a pass: its span of each side, its costs, its corridor shape, the
    path found and its posteriors (times the block's own posterior)."""

    span: Span
    costs: BeadCosts
    search_costs: BeadCosts
    shape: Shape | None
    found: Found | None
    posteriors: list[float] | None


@dataclass
class Pass:
    """One E step over all blocks, and the coarse-to-fine levels its first block searches used."""

    blocks: list[_Block]
    weights: list[float]
    paragraph_beads: list[Bead] | None
    levels: int

    def beads(self) -> list[Bead]:
        """The beads of every block, over document indices."""
        out: list[Bead] = []
        for block in self.blocks:
            s, t = block.span
            local = _local_beads(block)
            out.extend(local if s.start == t.start == 0 else (b.shifted(s.start, t.start) for b in local))
        return out

    def posteriors(self) -> list[float]:
        """Each bead's posterior (NaN where this pass computed none)."""
        out: list[float] = []
        for block, weight in zip(self.blocks, self.weights):
            local = _local_beads(block)
            out.extend([math.nan] * len(local) if block.posteriors is None else (p * weight for p in block.posteriors))
        return out

    def chosen(self) -> list[bool]:
        """Whether each bead was chosen by a search for what the model says of it (False in a
        block with an empty side, whose sentences are unpaired whatever the model says, and for
        an unpaired sentence at an open edge: they say nothing of the bead priors)."""
        out: list[bool] = []
        for block in self.blocks:
            if block.found is None:
                out.extend([False] * len(_local_beads(block)))
            else:
                out.extend(not edge for edge in block.costs.at_open_edge(block.found.beads))
        return out

    def paths(self) -> list[Found | None]:
        """Each block's best path (over the block's own indices) and how it was found."""
        return [block.found for block in self.blocks]


def _local_beads(block: _Block) -> list[Bead]:
    return block.found.beads if block.found is not None else unpaired(block.costs.n, block.costs.m)


@dataclass
class _Texts:
    """The input of an alignment: sentence lengths of both sides, the fixed blocks or the
    paragraph lengths (for a method that aligns paragraphs first), and the width to start at;
    whether the blocks were cut out of the texts where their ends are not known (their edges
    inside the texts are open, see :mod:`.costs`)."""

    src: np.ndarray
    tgt: np.ndarray
    blocks: list[Span] | None
    paragraphs: tuple[Sequence[Sequence[float]], Sequence[Sequence[float]]] | None
    width: int | None
    cut: bool = False

    def edges(self, s: slice, t: slice) -> OpenEdges:
        """The open edges of the block over ``s`` and ``t``: those inside the texts, of a cut block."""
        if not self.cut:
            return CLOSED
        return s.start > 0, s.stop < len(self.src), t.start > 0, t.stop < len(self.tgt)


def _spans(blocks: Sequence[Bead]) -> list[Span]:
    """Blocks (beads over sentence indices, in order, covering both sides) as slices; an empty
    side's slice sits where the block is, for the document indices."""
    spans, s_end, t_end = [], 0, 0
    for bead in blocks:
        s = slice(bead.src[0], bead.src[-1] + 1) if bead.src else slice(s_end, s_end)
        t = slice(bead.tgt[0], bead.tgt[-1] + 1) if bead.tgt else slice(t_end, t_end)
        spans.append((s, t))
        s_end, t_end = s.stop, t.stop
    return spans


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


def _paragraphs(texts: _Texts, setting: Setting) -> tuple[list[Bead] | None, list[Span], list[float]]:
    """The blocks of a pass: the fixed ones, else the paragraph beads found by length (when both
    texts have several paragraphs), else the whole text; with each block's posterior."""
    n, m = len(texts.src), len(texts.tgt)
    if texts.blocks is not None:
        return None, texts.blocks, [1.0] * len(texts.blocks)
    if texts.paragraphs is None or min(len(p) for p in texts.paragraphs) < 2:
        return None, [(slice(0, n), slice(0, m))], [1.0]
    src_pars, tgt_pars = texts.paragraphs
    costs = BeadCosts([sum(p) for p in src_pars], [sum(p) for p in tgt_pars], setting.model, setting.priors)
    shape, margin = _start(costs, None, texts.width)
    found = search(costs, shape, margin, confirm=True)
    beads = found.beads
    weights = posteriors(costs, found.corridor, beads)
    return beads, _spans(paragraph_blocks(src_pars, tgt_pars, beads)), weights


@contextmanager
def _stage(seconds: dict[str, float], key: str):
    """Add the time spent in the block to ``seconds[key]``, less the similarity products counted
    meanwhile (``seconds["similarity_s"]``, a stage of its own)."""
    started, similarity = time.perf_counter(), seconds["similarity_s"]
    yield
    seconds[key] += time.perf_counter() - started - (seconds["similarity_s"] - similarity)


def e_step(texts: _Texts, setting: Setting, reference: Sequence[Found | None] | None, with_posteriors: bool,
           seconds: dict[str, float]) -> Pass:
    """One pass: each block's best path, unconfirmed (near the path a previous pass found,
    ``reference``, when given, from the margin that pass needed) and, if ``with_posteriors``, the
    posteriors of its beads (see the module)."""
    paragraph_beads, spans, weights = _paragraphs(texts, setting)
    if reference is not None and len(reference) != len(spans):
        reference = None  # the paragraphs were paired differently: start again
    blocks, levels = [], 1
    for k, (s, t) in enumerate(spans):
        costs = _block_costs(texts, setting, s, t)
        if costs.n == 0 or costs.m == 0:
            blocks.append(_Block((s, t), costs, costs, None, None, [1.0] * (costs.n + costs.m)))
            continue
        before = reference[k] if reference is not None else None
        search_costs, previous, width = costs, before.beads if before is not None else None, texts.width
        if before is not None:
            width = before.needed(texts.width)
            if width is not None and setting.likelihood is not None:
                width = max(1, width // 2)  # near a previous path, widened locally where needed
        coarse = False
        if previous is None and setting.similarity is not None and texts.width is not None:
            with _stage(seconds, "search_s"):
                previous, coarse_levels = coarse_path(texts.src[s], texts.tgt[t], setting.similarity.sliced(s, t),
                                                      setting, texts.width, costs.open_edges)
            levels = max(levels, coarse_levels + 1)
            if previous is not None:
                # The first sentence-level search of a text long enough for coarse levels has no
                # length cost: its length ratio drifts along the text (the Bible's books differ)
                # and the model is still the ratio of the totals. The posteriors that pick the
                # beads to learn from use it. Measured on Bible 001: final F1 0.973 this way,
                # 0.968 with the length cost in this search, 0.971 with it in neither.
                coarse = True
                search_costs = BeadCosts(texts.src[s], texts.tgt[t], setting.model, setting.priors,
                                         likelihood=costs.likelihood, similarity=costs.similarity,
                                         length_weight=0.0, open_edges=costs.open_edges)
        shape, margin = _start(costs, previous, width, coarse)
        with _stage(seconds, "search_s"):
            found = search(search_costs, shape, margin, confirm=False, local=previous is not None,
                           with_posteriors=with_posteriors and search_costs is costs)
        found.from_diagonal = before.from_diagonal if before is not None else not coarse
        if search_costs is not costs:
            search_costs.forget()  # its products go before the posteriors' are made
        block = _Block((s, t), costs, search_costs, shape, found, None)
        if with_posteriors:
            block.posteriors = found.posteriors
            if block.posteriors is None:
                with _stage(seconds, "posteriors_s"):
                    block.posteriors = posteriors(costs, found.corridor, found.beads)
        blocks.append(block)
    return Pass(blocks, weights, paragraph_beads, levels)


def _block_costs(texts: _Texts, setting: Setting, s: slice, t: slice) -> BeadCosts:
    endings = None
    if setting.endings is not None:
        src_end, tgt_end, table = setting.endings
        endings = (src_end[s], tgt_end[t], table)
    breaks = None
    if setting.breaks is not None:
        src_breaks, tgt_breaks, cost = setting.breaks
        breaks = (src_breaks[s.start:s.stop + 1] - src_breaks[s.start], tgt_breaks[t.start:t.stop + 1] - tgt_breaks[t.start], cost)
    likelihood = setting.likelihood.sliced(s, t) if setting.likelihood is not None else None
    similarity = None
    if likelihood is None and setting.similarity is not None:
        similarity = setting.similarity.sliced(s, t)
    return BeadCosts(texts.src[s], texts.tgt[t], setting.model, setting.priors, likelihood=likelihood,
                     similarity=similarity, endings=endings, breaks=breaks, open_edges=texts.edges(s, t))


def _confirmed(found_pass: Pass, seconds: dict[str, float]) -> Pass:
    """The pass with every block's path confirmed and its posteriors computed over the corridor
    it was accepted in."""
    for block in found_pass.blocks:
        if block.found is None:
            continue
        with _stage(seconds, "search_s"):
            confirmed = search(block.search_costs, block.shape, None, True, found=block.found)
        if confirmed is not block.found and not confirmed.corridor.same_as(block.found.corridor):
            block.posteriors = None
        block.found = confirmed
        if block.posteriors is None:
            with _stage(seconds, "posteriors_s"):
                block.posteriors = posteriors(block.costs, confirmed.corridor, confirmed.beads)
    return found_pass


# --- the driver -----------------------------------------------------------------------------------

#: The matched pairs of two texts that correspond end to end span at least this share of each.
WHOLE_SPAN = 0.8
#: Matched pairs needed to say anything.
MATCHED_PAIRS = 5
#: Pairs of units the matching of a long text compares (units of several sentences summed are
#: denser than sentences, and slower to compare).
MATCHED_UNIT_CELLS = 10_000_000
#: Median absolute residuals from the line through the matched pairs beyond which a pair is off it.
OFF_THE_LINE = 5.0
#: Share of the distance from the first (last) matched pair to where a text's start (end) falls
#: in the other added to the span set apart from the rest.
EXCERPT_SLACK = 0.5
#: Texts whose corresponding spans hold at least this share of each are aligned whole.
WHOLE_SPAN_CUT = 0.9


def _matched_pairs(similarity: Similarity) -> tuple[np.ndarray, np.ndarray] | None:
    """The sentence pairs that are each other's best lexical match in any order
    (:func:`.similarity.mutual_best_pairs`), the longest chain of them in order, without those far
    from the line through the others (:func:`_on_the_line`); None when fewer than
    :data:`MATCHED_PAIRS`. Texts of more than :data:`.similarity.MUTUAL_CELLS` sentence pairs are
    matched by units of consecutive sentences, as few as keep within :data:`MATCHED_UNIT_CELLS`
    pairs of units, each unit standing for its middle sentence."""
    n, m = similarity.n, similarity.m
    size = 1 if n * m <= MUTUAL_CELLS else math.ceil(math.sqrt(n * m / MATCHED_UNIT_CELLS))
    if size > 1:
        rows, cols = mutual_best_pairs(similarity.grouped(_groups(n, size), _groups(m, size)))
        rows, cols = np.minimum(rows * size + size // 2, n - 1), np.minimum(cols * size + size // 2, m - 1)
    else:
        rows, cols = mutual_best_pairs(similarity)
    rows, cols = monotone_chain(rows, cols)
    if len(rows) < MATCHED_PAIRS:
        return None
    return _on_the_line(rows, cols)


def _matched_model(start: LengthModel, matched: tuple[np.ndarray, np.ndarray] | None, x: np.ndarray,
                   y: np.ndarray) -> LengthModel:
    """The starting length model: the ratio of the totals, unless the ``matched`` pairs
    (:func:`_matched_pairs`) lie in a part of one text only (an excerpt of a longer page, a
    translation that covers part of its original): then the ratio of the totals of the two spans
    they cover."""
    if matched is None:
        return start
    rows, cols = matched
    src_span, tgt_span = slice(int(rows.min()), int(rows.max()) + 1), slice(int(cols.min()), int(cols.max()) + 1)
    if (src_span.stop - src_span.start) >= WHOLE_SPAN * len(x) and (tgt_span.stop - tgt_span.start) >= WHOLE_SPAN * len(y):
        return start
    return ratio_model(x[src_span], y[tgt_span])


def _excerpt_blocks(matched: tuple[np.ndarray, np.ndarray] | None, n: int, m: int) -> list[Bead] | None:
    """Blocks for texts that correspond in part only (an excerpt of a longer page, a translation
    that stops early): from the first and the last ``matched`` pair, the slope of the line through
    them all (:func:`_line`) says where each text's ends fall in the other; the sentences of each text
    beyond, less a slack (:func:`_slack`), are left unpaired and the spans between aligned with
    each other; None when the spans hold nearly all of both texts (:data:`WHOLE_SPAN_CUT`).
    Without it the sentences around an excerpt were spread over the excerpt's, many to a bead,
    rather than left unpaired one by one (the priors make that cheaper)."""
    if matched is None:
        return None
    rows, cols = matched
    slope = _line(rows, cols)[0]  # target sentences per source sentence along the line
    if not slope > 0:
        return None
    (s_first, t_first), (s_last, t_last) = (int(rows[0]), int(cols[0])), (int(rows[-1]), int(cols[-1]))

    def span(first: int, last: int, before: float, after: float, size: int) -> tuple[int, int]:
        return (max(0, int(np.floor(first - before - _slack(before)))),
                min(size, int(np.ceil(last + 1 + after + _slack(after)))))

    t_lo, t_hi = span(t_first, t_last, slope * s_first, slope * (n - 1 - s_last), m)
    s_lo, s_hi = span(s_first, s_last, t_first / slope, (m - 1 - t_last) / slope, n)
    return _set_apart(s_lo, s_hi, t_lo, t_hi, n, m)


def _beyond_the_pairs(beads: Sequence[Bead], n: int, m: int) -> tuple[list[Bead], slice] | None:
    """Blocks setting apart the sentences before the first pair and after the last, when the span
    between holds less than :data:`WHOLE_SPAN_CUT` of either text, and the beads from the first
    pair to the last (None otherwise).

    >>> beads = [Bead((0,), (0,)), Bead((1,), (1,))] + [Bead((), (j,)) for j in range(2, 10)]
    >>> _beyond_the_pairs(beads, 2, 10)
    ([Bead(src=(0, 1), tgt=(0, 1)), Bead(src=(), tgt=(2, 3, 4, 5, 6, 7, 8, 9))], slice(0, 2, None))
    >>> _beyond_the_pairs([Bead((k,), (k,)) for k in range(20)] + [Bead((), (20,))], 20, 21) is None
    True
    """
    paired = [k for k, b in enumerate(beads) if b.src and b.tgt]
    if not paired:
        return None
    first, last = beads[paired[0]], beads[paired[-1]]
    apart = _set_apart(min(first.src), max(last.src) + 1, min(first.tgt), max(last.tgt) + 1, n, m)
    return None if apart is None else (apart, slice(paired[0], paired[-1] + 1))


def _set_apart(s_lo: int, s_hi: int, t_lo: int, t_hi: int, n: int, m: int) -> list[Bead] | None:
    """Blocks: the spans ``[s_lo, s_hi)`` and ``[t_lo, t_hi)`` aligned with each other, each side's
    sentences before and after them unpaired; None when the spans hold at least
    :data:`WHOLE_SPAN_CUT` of both texts."""
    if s_hi - s_lo >= WHOLE_SPAN_CUT * n and t_hi - t_lo >= WHOLE_SPAN_CUT * m:
        return None
    pieces = [(range(0, s_lo), ()), ((), range(0, t_lo)), (range(s_lo, s_hi), range(t_lo, t_hi)),
              (range(s_hi, n), ()), ((), range(t_hi, m))]
    return [Bead(tuple(a), tuple(b)) for a, b in pieces if len(a) or len(b)]


def _slack(distance: float) -> float:
    """Sentences added to a span beyond where the line puts its end, ``distance`` sentences from
    the first or last matched pair: :data:`EXCERPT_SLACK` of that distance, and two."""
    return 2.0 + EXCERPT_SLACK * distance


def _line(rows: np.ndarray, cols: np.ndarray) -> tuple[float, float]:
    """A robust line ``cols ≈ intercept + slope · rows`` through pairs in order on both sides:
    the slope is the median of the slopes from each pair to the pair half the chain later (a
    Theil–Sen estimator on n/2 pairs of points, not n²; scipy.stats, which has Theil–Sen, costs
    50 MB to import), the intercept the median residual.

    >>> _line(np.array([0, 1, 2, 3, 4, 5, 6, 7]), np.array([1, 3, 5, 7, 9, 11, 13, 40]))
    (2.0, 1.0)
    """
    half = max(len(rows) // 2, 1)
    run, rise = rows[half:] - rows[:-half], cols[half:] - cols[:-half]
    steps = run > 0
    slope = float(np.median(rise[steps] / run[steps])) if steps.any() else 0.0
    return slope, float(np.median(cols - slope * rows))


def _on_the_line(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The matched pairs (in order) near the robust line through them (:func:`_line`): a pair
    whose target index lies more than :data:`OFF_THE_LINE` median absolute residuals from the
    line (and more than one sentence) is left out, as a word matched by chance far from where the
    texts correspond is."""
    slope, intercept = _line(rows, cols)
    residual = np.abs(cols - (intercept + slope * rows))
    bound = max(OFF_THE_LINE * float(np.median(residual)), 1.0)
    near = residual <= bound
    return (rows[near], cols[near]) if near.sum() >= MATCHED_PAIRS else (rows, cols)


def align(src: Sequence[float], tgt: Sequence[float], lexical: LexicalInput | None = None,
          method: Method = LEXICAL, *, blocks: Sequence[Bead] | None = None,
          paragraphs: tuple[Sequence[Sequence[float]], Sequence[Sequence[float]]] | None = None,
          width: int | None = DEFAULT_WIDTH, model: LengthModel | None = None,
          priors: Mapping[BeadType, float] | None = None) -> Alignment:
    """Align two texts given as sentence lengths (and, for a lexical method, their tokens).

    ``blocks`` (beads over sentence indices, in order, covering both sides) confines the alignment
    to within each block, as an interleaved file's paragraph pairing does (None: a lexical method
    on texts that correspond in part only sets apart what lies beyond, :func:`_excerpt_blocks`);
    ``paragraphs`` (each
    side's sentence lengths grouped in paragraphs) lets a method that aligns paragraphs first do
    so. ``width`` is the corridors' starting margin (None: exact, the whole matrix); ``model`` the
    starting length model (default: the ratio of total lengths); ``priors`` replace the method's
    starting priors. Every sentence of both sides is in exactly one bead of the result.
    """
    x = np.asarray(src, dtype=float)
    y = np.asarray(tgt, dtype=float)
    if method.lexical and lexical is None:
        raise ValueError(f"the {method.name} method needs the texts' lexical input")
    start_priors = dict(method.priors if priors is None else priors)
    start_model = model or ratio_model(x, y)
    seconds = {"search_s": 0.0, "posteriors_s": 0.0, "model1_s": 0.0, "similarity_s": 0.0}
    found = Vectors(lexical) if method.lexical else None
    likelihood = similarity = matched = None
    if found is not None:
        likelihood = from_input(lexical)  # the dictionary's links: the examples teach Model 1's prior in the M step
        similarity = Similarity(found.src, found.tgt)
        similarity.timer = seconds
    whole = False  # aligned whole after the check for texts that correspond in part only
    cut = False  # cut by that check: the blocks' edges inside the texts are open
    if found is not None and (model is None or blocks is None):
        matched = _matched_pairs(similarity)
        if model is None:
            start_model = _matched_model(start_model, matched, x, y)
        if blocks is None:
            blocks = _excerpt_blocks(matched, len(x), len(y))
            whole = blocks is None
            cut = not whole
    texts = _Texts(x, y, _spans(blocks) if blocks is not None else None,
                   paragraphs if method.paragraphs_first else None, width, cut=cut)
    setting = Setting(start_model, start_priors, likelihood, similarity=similarity)
    if found is not None and max(len(x), len(y)) > COARSE_ABOVE:
        # a long text's first pass (searched coarse to fine, in a wide corridor) is scored by the
        # cosine: the likelihood decides the beads in the passes after it (see the module)
        setting = Setting(start_model, start_priors, similarity=similarity.with_cost(first_cost(similarity)))
    current = e_step(texts, setting, None, with_posteriors=method.lexical, seconds=seconds)
    levels = current.levels
    start = Setting(start_model, start_priors, likelihood)  # what the M step starts from
    if found is not None:
        found.forget()  # the coarse levels are searched once
        setting.similarity = similarity = None
    for _ in range(method.rounds):
        beads, post, reference, chosen = current.beads(), current.posteriors(), current.paths(), current.chosen()
        if found is not None:
            current = None  # its corridors' tables go before the M step trains Model 1
        learned = m_step(beads, post, x, y, start, method.learned, found, seconds, setting, chosen)
        if found is None and (learned.model, learned.priors) == (setting.model, setting.priors):
            break  # nothing changed (and without lexical evidence nothing else is learned): the last pass stands
        setting = learned
        current = e_step(texts, setting, reference, with_posteriors=method.lexical, seconds=seconds)
    current = _confirmed(current, seconds)
    beads = current.beads()
    if whole and (beyond := _beyond_the_pairs(beads, len(x), len(y))) is not None:
        # the alignment itself found the texts to correspond in part only: aligned again within
        # that span, what lies beyond set apart, from the priors of the beads inside it (those of
        # all beads count the sentences beyond as unpaired, and make every sentence inside
        # likelier to be unpaired too) and the starting model the matched pairs gave
        apart, inside = beyond
        weights = current.posteriors()[inside] if method.learned.posterior_priors else None
        return align(src, tgt, lexical, method, blocks=apart, paragraphs=paragraphs, width=width,
                     model=start_model, priors=estimate_priors(beads[inside], start_priors, weights))
    bead_costs = [c for block in current.blocks for c in _block_path_costs(block)]
    stats = SearchStats(levels, sum(b.found.corridor.cells() for b in current.blocks if b.found),
                        max((b.found.corridor.width for b in current.blocks if b.found), default=0), seconds)
    likelihood = setting.likelihood
    trained = setting.model1_examples is not None
    estimates = Estimates(setting.model, setting.model_from, setting.priors, setting.model1_beads,
                          likelihood.share if likelihood is not None else 0.0, MODEL1_PRIOR_WEIGHT if trained else None,
                          (likelihood.eps_fwd, likelihood.eps_bwd) if likelihood is not None else None,
                          None if setting.endings is None else setting.endings[2], bool(setting.model1_examples),
                          None if setting.breaks is None else setting.breaks[2], setting.quotation_cost)
    return Alignment(beads, bead_costs, current.posteriors(), estimates, stats, current.paragraph_beads, likelihood)


def _block_path_costs(block: _Block) -> list[float]:
    if block.found is not None and block.search_costs is block.costs:
        return block.found.costs
    return block.costs.path_costs(_local_beads(block))


def align_lengths(src: Sequence[float], tgt: Sequence[float], model: LengthModel,
                  priors: Mapping[BeadType, float] | None = None, width: int | None = DEFAULT_WIDTH) -> Alignment:
    """Gale–Church with a given length model: one confirmed search, nothing estimated.

    >>> a = align_lengths([10, 20, 30], [31, 59, 92], LengthModel(c=3.0, s2=20.0))
    >>> [(b.src, b.tgt) for b in a.beads]
    [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    """
    once = replace(LENGTH, rounds=0, paragraphs_first=False)
    return align(src, tgt, method=once, width=width, model=model, priors=priors)
