"""Hierarchical alignment, as in Gale & Church: paragraphs first, then sentences inside each
paragraph bead; and the estimation of the length model from the input itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from .dp import DEFAULT_BAND, Alignment, Bead, align_lengths, bead_posteriors, best_path
from .length import BeadType, LengthModel, ratio_model, refine_model

#: How many times at most the model is re-estimated from the 1-1 beads and the text realigned.
ESTIMATION_ROUNDS = 3


@dataclass
class DocumentAlignment:
    """Sentence beads over whole-document indices, with the paragraph beads that bound them."""

    beads: list[Bead]
    costs: list[float]
    posteriors: list[float]
    paragraph_beads: list[Bead]
    model: LengthModel
    start_model: LengthModel
    estimated_from: int
    band: int | None


@dataclass
class _Block:
    """The sentence alignment inside one paragraph bead, before it is shifted into the document."""

    src_lens: list[float]
    tgt_lens: list[float]
    src_offset: int
    tgt_offset: int
    weight: float
    inner: Alignment


def _align_blocks(src_pars: Sequence[Sequence[float]], tgt_pars: Sequence[Sequence[float]],
                  paragraph_beads: Sequence[Bead], model: LengthModel, priors: Mapping[BeadType, float] | None,
                  band: int | None, paragraph_posteriors: Sequence[float] | None,
                  confirm: bool = True) -> list[_Block]:
    src_start = _starts(src_pars)
    tgt_start = _starts(tgt_pars)
    blocks = []
    for k, pbead in enumerate(paragraph_beads):
        src_lens = [length for p in pbead.src for length in src_pars[p]]
        tgt_lens = [length for p in pbead.tgt for length in tgt_pars[p]]
        # An empty side has no indices to shift, so its offset does not matter.
        blocks.append(_Block(src_lens, tgt_lens, src_start[pbead.src[0]] if pbead.src else 0,
                             tgt_start[pbead.tgt[0]] if pbead.tgt else 0,
                             1.0 if paragraph_posteriors is None else paragraph_posteriors[k],
                             best_path(src_lens, tgt_lens, model, priors, band, confirm)))
    return blocks


def _confirm(blocks: list[_Block], model: LengthModel, priors: Mapping[BeadType, float] | None) -> None:
    for block in blocks:
        block.inner = best_path(block.src_lens, block.tgt_lens, model, priors, found=block.inner)


def _add_posteriors(blocks: list[_Block], model: LengthModel, priors: Mapping[BeadType, float] | None) -> None:
    for block in blocks:
        block.inner.posteriors = bead_posteriors(block.src_lens, block.tgt_lens, block.inner, model, priors)


def _combine(blocks: list[_Block]) -> Alignment:
    beads: list[Bead] = []
    costs: list[float] = []
    posts: list[float] = []
    for block in blocks:
        beads.extend(b.shifted(block.src_offset, block.tgt_offset) for b in block.inner.beads)
        costs.extend(block.inner.costs)
        posts.extend(p * block.weight for p in block.inner.posteriors)
    widest = max((block.inner.band or 0 for block in blocks), default=0)
    return Alignment(beads, costs, posts, band=widest or None, total_cost=sum(costs))


def align_within(src_pars: Sequence[Sequence[float]], tgt_pars: Sequence[Sequence[float]],
                 paragraph_beads: Sequence[Bead], model: LengthModel,
                 priors: Mapping[BeadType, float] | None = None, band: int | None = DEFAULT_BAND,
                 paragraph_posteriors: Sequence[float] | None = None, posteriors: bool = True) -> Alignment:
    """Align sentences inside each paragraph bead; indices count sentences over the whole document.

    A bead's posterior is its posterior inside the paragraph bead times the paragraph bead's.
    """
    blocks = _align_blocks(src_pars, tgt_pars, paragraph_beads, model, priors, band, paragraph_posteriors)
    if posteriors:
        _add_posteriors(blocks, model, priors)
    return _combine(blocks)


def _starts(pars: Sequence[Sequence[float]]) -> list[int]:
    starts, total = [], 0
    for p in pars:
        starts.append(total)
        total += len(p)
    starts.append(total)
    return starts


def align_paragraphs(src_pars: Sequence[Sequence[float]], tgt_pars: Sequence[Sequence[float]],
                     model: LengthModel, priors: Mapping[BeadType, float] | None = None,
                     band: int | None = DEFAULT_BAND) -> tuple[list[Bead], list[float]]:
    """Paragraph beads and their posteriors: by length when both sides have several paragraphs,
    else one bead holding everything (posterior 1)."""
    if len(src_pars) > 1 and len(tgt_pars) > 1:
        result = align_lengths([sum(p) for p in src_pars], [sum(p) for p in tgt_pars], model, priors, band)
        return result.beads, result.posteriors
    bead = Bead(tuple(range(len(src_pars))), tuple(range(len(tgt_pars))))
    return ([bead] if bead.src or bead.tgt else []), [1.0]


def align_document(src_pars: Sequence[Sequence[float]], tgt_pars: Sequence[Sequence[float]],
                   priors: Mapping[BeadType, float] | None = None, model: LengthModel | None = None,
                   band: int | None = DEFAULT_BAND,
                   paragraph_beads: Sequence[Bead] | None = None) -> DocumentAlignment:
    """Align two documents given as paragraphs of sentence lengths.

    Without ``model``, the length model is estimated from the input: the ratio of totals first,
    then ``c`` and ``s2`` re-estimated (robustly, by the median) on the 1-1 beads of the previous
    alignment and the document aligned again, up to :data:`ESTIMATION_ROUNDS` times. ``paragraph_beads`` fixes the paragraph level (interleaved files);
    otherwise it is aligned by length.
    """
    all_src = [length for p in src_pars for length in p]
    all_tgt = [length for p in tgt_pars for length in p]
    start = model or ratio_model(all_src, all_tgt)

    def run(current: LengthModel, start_band: int | None) -> tuple[list[_Block], list[Bead]]:
        if paragraph_beads is None:
            pbeads, pposts = align_paragraphs(src_pars, tgt_pars, current, priors, band)
        else:
            pbeads, pposts = list(paragraph_beads), None
        # Unconfirmed paths are good enough to estimate from; the last one is confirmed below.
        return _align_blocks(src_pars, tgt_pars, pbeads, current, priors, start_band, pposts, confirm=False), pbeads

    def next_band(blocks: list[_Block]) -> int | None:
        # A later round starts from the band the previous one needed (the text is the same).
        widest = max((b.inner.band or 0 for b in blocks), default=0)
        return None if band is None else max(band, widest)

    blocks, pbeads = run(start, band)
    used, final = 0, start
    if model is None:
        for _ in range(ESTIMATION_ROUNDS):
            ones = [(all_src[b.src[0]], all_tgt[b.tgt[0]]) for b in _combine(blocks).beads if b.kind == (1, 1)]
            refined, used = refine_model(ones, start)
            if refined == final:
                break
            final = refined
            blocks, pbeads = run(final, next_band(blocks))
    # The last search used the final model: confirm its paths, then compute the posteriors.
    _confirm(blocks, final, priors)
    _add_posteriors(blocks, final, priors)
    result = _combine(blocks)
    return DocumentAlignment(result.beads, result.costs, result.posteriors, pbeads, final, start, used, result.band)
