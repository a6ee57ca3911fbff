"""Quality scores: per bead from the model, per document a summary and a verdict.

A bead's ``score`` is its posterior probability under the length model (forward–backward:
how sure the model is that this bead is on the alignment) times its length fit ``P(δ)``
raised to the power 1/4, so a bead the model is sure of but whose lengths fit poorly is still
marked down. Both factors are in [0, 1], and so is the score.

A document pair is reported as likely not parallel when fewer than half of the sentences of
either side are in pairs scoring at least :data:`CONFIDENT_SCORE`, whatever threshold the user
writes with: a translated excerpt inside a longer page is parallel where it corresponds (most of
the excerpt pairs, little of the page), comparable documents pair little of either. Measured on
the seed corpus: the Xinhua translation 97% of the English (81% of the Chinese), the China Daily
report against it 14% (12%); two Genesis chapters against Genesis 1–12, 85% of the Chinese.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from typing import Sequence

from .align import Alignment, Bead, LengthModel, length_fit
from .document import AlignedDocument, MinedDocument, ScoredBead, Side

#: Exponent of the length fit in the score.
FIT_WEIGHT = 0.25
#: Default score threshold for a pair to be written.
DEFAULT_MIN_SCORE = 0.5
#: Score of a pair counted as confident for the parallel/not parallel verdict.
CONFIDENT_SCORE = 0.6
#: Below this share of sentences in confident pairs a document pair is called likely not parallel.
PARALLEL_SHARE = 0.5
#: A translation, however loose, pairs nearly every sentence of both sides in order; an alignment
#: that leaves more than this share of either side's sentences unpaired is not of one.
UNPAIRED_SHARE = 0.25


def bead_score(posterior: float, fit: float) -> float:
    """Combine posterior and length fit into the score in [0, 1].

    >>> bead_score(1.0, 1.0), round(bead_score(0.9, 0.0625), 2)
    (1.0, 0.45)
    """
    return max(0.0, min(1.0, posterior * fit ** FIT_WEIGHT))


def bead_fits(beads: Sequence[Bead], src_lens: Sequence[float], tgt_lens: Sequence[float], model: LengthModel
              ) -> list[float]:
    """``P(δ)`` of every bead with both sides; 1.0 for unpaired beads, which have no length fit."""
    return [length_fit(sum(src_lens[i] for i in b.src), sum(tgt_lens[j] for j in b.tgt), model)
            if b.src and b.tgt else 1.0 for b in beads]


def score_beads(alignment: Alignment, src: Side, tgt: Side, src_lengths: Sequence[float],
                tgt_lengths: Sequence[float]) -> list[ScoredBead]:
    """Every bead of ``alignment`` with its texts, posterior, length fit and score."""
    fits = bead_fits(alignment.beads, src_lengths, tgt_lengths, alignment.estimates.model)
    src_sents, tgt_sents = src.sentences, tgt.sentences
    return [ScoredBead(b, src.join(b.src, src_sents), tgt.join(b.tgt, tgt_sents), bead_score(p, f), p, f)
            for b, p, f in zip(alignment.beads, alignment.posteriors, fits)]


def boilerplate_report(beads: Sequence[ScoredBead]) -> list[str]:
    """The boilerplate lines of ``beads``, as the report lists them."""
    return [boilerplate_line("source" if b.bead.src else "target", (b.bead.src or b.bead.tgt)[0], b.boilerplate,
                             b.src_text or b.tgt_text) for b in beads if b.boilerplate]


def boilerplate_line(side: str, index: int, reason: str, text: str) -> str:
    """One boilerplate line as the report lists it.

    >>> boilerplate_line("target", 1, "dateline", "新華網 2020-12-02 09:28")
    'target 1 (dateline): 新華網 2020-12-02 09:28'
    """
    return f"{side} {index} ({reason}): {text}"


def separate_boilerplate(beads: list[ScoredBead], src: Side, tgt: Side, src_lines: dict[int, str],
                         tgt_lines: dict[int, str]) -> list[ScoredBead]:
    """The beads with every boilerplate sentence (index → reason) taken out into an unpaired bead
    of its own, in order (so every sentence stays in exactly one bead, and the beads stay in the
    order of both texts); what is left of a bead keeps its score. Where a boilerplate sentence
    stood inside a bead, the bead keeps the longest run of its sentences on that side that no
    boilerplate interrupts, and the others of that side stand alone."""
    out: list[ScoredBead] = []
    src_sents, tgt_sents = src.sentences, tgt.sentences

    def alone(i: int | None, j: int | None) -> ScoredBead:
        if i is not None:
            return ScoredBead(Bead((i,), ()), src_sents[i], "", 0.0, 0.0, 0.0, src_lines.get(i))
        return ScoredBead(Bead((), (j,)), "", tgt_sents[j], 0.0, 0.0, 0.0, tgt_lines.get(j))

    for b in beads:
        if not any(i in src_lines for i in b.bead.src) and not any(j in tgt_lines for j in b.bead.tgt):
            out.append(b)
            continue
        keep_src, keep_tgt = _longest_run(b.bead.src, src_lines), _longest_run(b.bead.tgt, tgt_lines)
        first_src, first_tgt = (keep_src or (float("inf"),))[0], (keep_tgt or (float("inf"),))[0]
        out += [alone(i, None) for i in b.bead.src if i not in keep_src and i < first_src]
        out += [alone(None, j) for j in b.bead.tgt if j not in keep_tgt and j < first_tgt]
        if keep_src or keep_tgt:
            out.append(ScoredBead(Bead(keep_src, keep_tgt), src.join(keep_src, src_sents), tgt.join(keep_tgt, tgt_sents),
                                  b.score, b.posterior, b.fit))
        out += [alone(i, None) for i in b.bead.src if i not in keep_src and i > first_src]
        out += [alone(None, j) for j in b.bead.tgt if j not in keep_tgt and j > first_tgt]
    return out


def _longest_run(indices: tuple[int, ...], lines: dict[int, str]) -> tuple[int, ...]:
    """The longest run of ``indices`` (consecutive sentences of one side) without a sentence of
    ``lines``; the first of equal length.

    >>> _longest_run((0, 1, 2, 3), {1: "dateline"}), _longest_run((4, 5), {4: "byline", 5: "credit"})
    ((2, 3), ())
    """
    runs: list[tuple[int, ...]] = [()]
    for i in indices:
        if i in lines:
            runs.append(())
        else:
            runs[-1] += (i,)
    return max(runs, key=len)


@dataclass
class Summary:
    """What the report says of one aligned document pair."""

    src_sentences: int
    tgt_sentences: int
    bead_types: dict[str, int]
    pairs: int
    pairs_written: int
    pairs_filtered: int
    unpaired_src: int
    unpaired_tgt: int
    mean_score: float
    src_in_beads: int
    tgt_in_beads: int
    #: The share of sentences in confident pairs (mined pairs, for a comparable pair), of the side
    #: that has more of them.
    parallel_share: float
    likely_parallel: bool
    warnings: list[str]
    #: The boilerplate lines left unpaired: "source 2 (dateline): Updated: ...".
    boilerplate: list[str] = field(default_factory=list)


#: Consecutive sentences of one side without a counterpart that the report names as a stretch.
UNPAIRED_STRETCH = 3


def without_counterpart(beads: Sequence[Bead]) -> list[str]:
    """The stretches of at least :data:`UNPAIRED_STRETCH` consecutive sentences of one side that
    pair with nothing (an untranslated note, a part the translation leaves out, the rest of a page
    around an excerpt), numbered from 1 as a reader counts.

    >>> without_counterpart([Bead((0,), ()), Bead((1,), ()), Bead((2,), ()), Bead((3,), (0,)), Bead((), (1,))])
    ['source sentences 1–3 have no counterpart']
    """
    out = []
    for side, name in ((0, "source"), (1, "target")):
        run: list[int] = []
        for bead in list(beads) + [Bead((), ())]:
            mine, other = (bead.src, bead.tgt) if side == 0 else (bead.tgt, bead.src)
            if mine and not other:
                run += list(mine)
                continue
            if len(run) >= UNPAIRED_STRETCH:
                out.append(f"{name} sentences {min(run) + 1}–{max(run) + 1} have no counterpart")
            run = []
    return out


def _better_share(in_src: int, in_tgt: int, n_src: int, n_tgt: int) -> float:
    """The share of its sentences the side with more of them in pairs has in pairs."""
    return max(in_src / n_src if n_src else 0.0, in_tgt / n_tgt if n_tgt else 0.0)


def summarize(beads: list[Bead], scores: list[float], n_src: int, n_tgt: int, min_score: float,
              relation: str = "parallel") -> Summary:
    """Count beads by type, pairs written and filtered, and judge whether the pair is parallel."""
    types = Counter(f"{len(b.src)}-{len(b.tgt)}" for b in beads)
    pair_scores = [(b, s) for b, s in zip(beads, scores) if b.src and b.tgt]
    passing = [(b, s) for b, s in pair_scores if s >= min_score]
    confident = [b for b, s in pair_scores if s >= CONFIDENT_SCORE]
    share = _better_share(sum(len(b.src) for b in confident), sum(len(b.tgt) for b in confident), n_src, n_tgt)
    likely = share >= PARALLEL_SHARE
    warnings = []
    if not likely:
        kind = "comparable, not parallel" if relation == "comparable" else "likely not parallel"
        warnings.append(f"{kind}: {len(confident)} of {len(pair_scores)} pairs score {CONFIDENT_SCORE:g} or more"
                        f" ({share:.0%} of sentences)")
    elif relation == "comparable":
        warnings.append(f"declared comparable, but {share:.0%} of sentences pair confidently: check the manifest")
    warnings += without_counterpart(beads)
    mean = sum(s for _, s in pair_scores) / len(pair_scores) if pair_scores else 0.0
    return Summary(
        src_sentences=n_src, tgt_sentences=n_tgt, bead_types=dict(sorted(types.items())),
        pairs=len(pair_scores), pairs_written=len(passing), pairs_filtered=len(pair_scores) - len(passing),
        unpaired_src=types.get("1-0", 0), unpaired_tgt=types.get("0-1", 0), mean_score=mean,
        src_in_beads=sum(len(b.src) for b in beads), tgt_in_beads=sum(len(b.tgt) for b in beads),
        parallel_share=share, likely_parallel=likely, warnings=warnings,
    )


def pairs_nearly_all(summary: Summary) -> bool:
    """Whether an alignment in order left at most :data:`UNPAIRED_SHARE` of each side's sentences
    unpaired, as a translation does however loose it is: few confident pairs then mean a free
    rendering, not texts that are no translation of each other (those leave much unpaired: the
    China Daily report against the Xinhua Chinese, 45% of the English).

    >>> loose = summarize([Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((), (3,))], [0.3, 0.4, 0.0], 2, 4, 0.5)
    >>> loose.likely_parallel, pairs_nearly_all(loose)
    (False, True)
    >>> pairs_nearly_all(summarize([Bead((0,), (0,)), Bead((1,), ()), Bead((2,), ())], [0.3, 0.0, 0.0], 3, 1, 0.5))
    False
    """
    return (summary.unpaired_src <= UNPAIRED_SHARE * summary.src_sentences
            and summary.unpaired_tgt <= UNPAIRED_SHARE * summary.tgt_sentences)


def summarize_document(doc: AlignedDocument, min_score: float, relation: str = "parallel") -> Summary:
    """:func:`summarize` of an aligned document, with the boilerplate it left unpaired and the
    paragraphs it found out of order."""
    summary = summarize([b.bead for b in doc.beads], [b.score for b in doc.beads], len(doc.src.sentences),
                        len(doc.tgt.sentences), min_score, relation)
    summary.boilerplate = boilerplate_report(doc.beads)
    summary.warnings += moved_report(doc.moved)
    return summary


def moved_report(moved: Sequence[tuple[int, int]]) -> list[str]:
    """What the report says of the paragraph pairs found out of order (zero-based in, numbered
    from 1 out): two that trade places are a swap.

    >>> moved_report([(7, 16), (11, 12)])
    ['paragraphs 13 and 17 of the target are swapped (source paragraphs 8 and 12 translate them)']
    >>> moved_report([(14, 2)])
    ['source paragraph 15 and target paragraph 3 are out of order: aligned with each other apart from the rest']
    """
    out, done = [], set()
    for a, (p1, q1) in enumerate(moved):
        for p2, q2 in moved[a + 1:]:
            if (p1, q1) not in done and (p2, q2) not in done and p1 < p2 and q1 > q2:
                out.append(f"paragraphs {q2 + 1} and {q1 + 1} of the target are swapped (source paragraphs {p1 + 1}"
                           f" and {p2 + 1} translate them)")
                done |= {(p1, q1), (p2, q2)}
    out += [f"source paragraph {p + 1} and target paragraph {q + 1} are out of order: aligned with each other apart"
            " from the rest" for p, q in moved if (p, q) not in done]
    return out


def summarize_mined(doc: MinedDocument) -> Summary:
    """What the report says of a comparable pair whose pairs were mined: pairs by type, the
    sentences in no pair, the mean score, and the share of sentences estimated to have no
    translation on the other side."""
    n_src, n_tgt = len(doc.src.sentences), len(doc.tgt.sentences)
    in_src = sum(len(p.src) for p in doc.pairs)
    in_tgt = sum(len(p.tgt) for p in doc.pairs)
    types = Counter(f"{len(p.src)}-{len(p.tgt)}" for p in doc.pairs)
    types.update({"1-0": n_src - in_src, "0-1": n_tgt - in_tgt})
    share = _better_share(in_src, in_tgt, n_src, n_tgt)
    mean = sum(p.score for p in doc.pairs) / len(doc.pairs) if doc.pairs else 0.0
    warnings = [f"comparable: {len(doc.pairs)} pairs mined in any order, scoring {doc.min_score:g} or more;"
                f" about {doc.untranslated_share:.0%} of sentences have no translation on the other side"]
    boilerplate = [boilerplate_line(name, k, reason, side.sentences[k])
                   for name, side, lines in (("source", doc.src, doc.src_boilerplate), ("target", doc.tgt, doc.tgt_boilerplate))
                   for k, reason in sorted(lines.items())]
    return Summary(
        src_sentences=n_src, tgt_sentences=n_tgt, bead_types=dict(sorted((k, v) for k, v in types.items() if v)),
        pairs=len(doc.pairs), pairs_written=len(doc.pairs), pairs_filtered=0, unpaired_src=n_src - in_src,
        unpaired_tgt=n_tgt - in_tgt, mean_score=mean, src_in_beads=n_src, tgt_in_beads=n_tgt, parallel_share=share,
        likely_parallel=False, warnings=warnings, boilerplate=boilerplate,
    )
