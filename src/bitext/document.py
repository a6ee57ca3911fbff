"""The plain data passed between the stages: one side of a bitext, an aligned document, and the
record of how it was made."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import NamedTuple

from .align import Alignment, Bead, Estimates
from .align.mining import MinedPair
from .version import __version__


@dataclass
class Side:
    """One language of a bitext: sentences grouped in paragraphs, as written (after cleaning).

    ``lang`` is ``"en"`` or ``"zh"``; ``tag`` is the BCP 47 tag of the text as written
    (``"en"``, ``"zh-Hant"``, ``"zh-Hans"``); ``origin`` names the file it came from and
    ``segmenter`` how its sentences were split.
    """

    lang: str
    tag: str
    paragraphs: list[list[str]]
    origin: str = "<text>"
    segmenter: str = ""

    @property
    def sentences(self) -> list[str]:
        """All sentences in document order."""
        return [s for p in self.paragraphs for s in p]

    @property
    def joiner(self) -> str:
        """What joins the sentences of an n-m bead: a space for English, nothing for Chinese."""
        return "" if self.lang == "zh" else " "

    def join(self, indices: tuple[int, ...] | list[int], sentences: list[str] | None = None) -> str:
        """The text of the sentences at ``indices``, joined as this language joins them."""
        sentences = self.sentences if sentences is None else sentences
        return self.joiner.join(sentences[i] for i in indices)


class Run(NamedTuple):
    """Consecutive paragraphs of one side in an interleaved file: whether they are the source
    side's, and how many."""

    source: bool
    paragraphs: int


@dataclass
class Signature:
    """How an alignment was made, as every output records it (TMX header props, reports,
    ``bitext calibrate``): the bitext version, the method and length unit, the length model and
    what it was estimated from, the lexicon and the beads Model 1 was trained on, how paragraphs
    were paired, the coarse-to-fine levels and the widest corridor row searched, and how each side
    was split into sentences."""

    version: str
    method: str
    unit: str
    c: float
    s2: float
    model_from: str
    lexicon: str
    model1_beads: int
    paragraphs: str
    levels: int
    width: int
    seg_src: str
    seg_tgt: str

    def as_dict(self) -> dict[str, object]:
        """The fields in order, as plain values."""
        return asdict(self)

    @classmethod
    def mined(cls, doc: "MinedDocument") -> "Signature":
        """The signature of pairs mined from two comparable texts (no length model, no order)."""
        return cls(version=__version__, method="mined", unit="none", c=0.0, s2=0.0, model_from="none",
                   lexicon=doc.lexicon, model1_beads=len(doc.pairs), paragraphs="none (mined in any order)", levels=0,
                   width=0, seg_src=doc.src.segmenter, seg_tgt=doc.tgt.segmenter)

    @classmethod
    def of(cls, alignment: Alignment, method: str, lexicon: str, src: Side, tgt: Side, interleaved: bool
           ) -> "Signature":
        """The signature of ``alignment`` of ``src`` and ``tgt`` by ``method`` with ``lexicon``
        ("none" without lexical evidence); ``interleaved`` when the paragraph runs of an
        interleaved file bounded it."""
        estimates, stats = alignment.estimates, alignment.search
        if interleaved:
            paragraphs = "interleaved runs"
        elif alignment.paragraph_beads is not None:
            paragraphs = "length DP"
        else:
            paragraphs = "none (one text)"
        return cls(version=__version__, method=method, unit="char-nonspace", c=round(estimates.model.c, 6),
                   s2=round(estimates.model.s2, 6),
                   model_from=f"{estimates.model_from} 1-1 beads" if estimates.model_from else "ratio of totals",
                   lexicon=lexicon, model1_beads=estimates.model1_beads, paragraphs=paragraphs, levels=stats.levels,
                   width=stats.width, seg_src=src.segmenter, seg_tgt=tgt.segmenter)


@dataclass
class ScoredBead:
    """A bead with its texts and quality: ``score`` in [0, 1], the model ``posterior`` and the
    length ``fit`` it is made of."""

    bead: Bead
    src_text: str
    tgt_text: str
    score: float
    posterior: float
    fit: float
    #: Why the bead's one sentence is boilerplate (navigation, credit, label, dateline), else None.
    boilerplate: str | None = None
    #: Confirmed by hand (an anchor kept as it was given), not found by the aligner.
    confirmed: bool = False

    @property
    def is_pair(self) -> bool:
        """True when both sides hold text (a translation unit), False for 1-0 and 0-1 beads."""
        return bool(self.bead.src) and bool(self.bead.tgt)


@dataclass
class AlignedDocument:
    """A document pair aligned: both sides, scored beads, what was estimated and how it was made."""

    doc_id: str
    src: Side
    tgt: Side
    beads: list[ScoredBead]
    estimates: Estimates
    signature: Signature
    #: Paragraph pairs (source, target; zero-based) found out of order and aligned apart from the
    #: rest; their beads stand in source order, so the target side of the beads is out of order.
    moved: tuple[tuple[int, int], ...] = ()

    def pairs(self, min_score: float = 0.0) -> list[ScoredBead]:
        """Beads with text on both sides whose score reaches ``min_score``."""
        return [b for b in self.beads if b.is_pair and b.score >= min_score]


def estimates_record(estimates: Estimates) -> dict[str, object]:
    """What was estimated from the input, as plain values (for ``bitext calibrate`` and reports):
    the length model, the bead priors, the beads Model 1 was trained on, whether it learned from
    the sentence pairs given to learn from too, the weight of its prior, the dictionary (None
    without Model 1), the share of aligned pairs whose words show no translation,
    the translation likelihood's background shares (the share of each side's tokens its
    translation does not account for), and the cost of a pair whose two sides end alike, per
    ending class (negative: evidence for it), of a pair after which a quotation is open on one
    side only, and of a paragraph end inside a side of a pair."""
    from .features import ENDINGS

    shares, table = estimates.background_shares, estimates.ending_costs
    return {
        "c": round(estimates.model.c, 6),
        "s2": round(estimates.model.s2, 6),
        "model_from_beads": estimates.model_from,
        "priors": {f"{a}-{b}": round(p, 6) for (a, b), p in estimates.priors.items()},
        "model1_beads": estimates.model1_beads,
        "model1_learned_from_examples": estimates.model1_examples,
        "model1_prior_weight": estimates.model1_weight,
        "unseen_share": round(estimates.unseen_share, 4),
        "background_shares": None if shares is None else {"target_tokens": round(shares[0], 4),
                                                          "source_tokens": round(shares[1], 4)},
        "ending_agreement": None if table is None else {
            ENDINGS[k]: round(float(table[k, k]), 3)  # the first block: no quotation open after the pair
            for k in range(min(len(ENDINGS), table.shape[0] // (2 if estimates.quotation_cost else 1)))},
        "quotation_cost": None if estimates.quotation_cost is None else round(estimates.quotation_cost, 3),
        "paragraph_end_cost": None if estimates.paragraph_end_cost is None else round(estimates.paragraph_end_cost, 3),
    }


@dataclass(frozen=True)
class MinedDocument:
    """The pairs mined from two comparable texts (:func:`bitext.pipeline.mine_sides`), with the
    sentence indices of the whole sides, and the boilerplate lines left out (index → reason)."""

    doc_id: str
    src: Side
    tgt: Side
    pairs: list[MinedPair]
    min_score: float
    #: The estimated share of sentences that have no translation on the other side.
    untranslated_share: float
    src_boilerplate: dict[int, str]
    tgt_boilerplate: dict[int, str]
    #: The lexicon the pairs were mined with, and the memories Model 1 learned from.
    lexicon: str
