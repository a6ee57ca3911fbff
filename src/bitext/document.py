"""The plain data passed between the stages: one side of a bitext, and an aligned document."""

from __future__ import annotations

from dataclasses import dataclass, field

from .align import Bead, LengthModel


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

    @property
    def is_pair(self) -> bool:
        """True when both sides hold text (a translation unit), False for 1-0 and 0-1 beads."""
        return bool(self.bead.src) and bool(self.bead.tgt)


@dataclass
class AlignedDocument:
    """A document pair aligned: both sides, scored beads, the model used and how it was made."""

    doc_id: str
    src: Side
    tgt: Side
    beads: list[ScoredBead]
    model: LengthModel
    method: str
    signature: dict = field(default_factory=dict)
    relation: str = "parallel"
    #: What was estimated from the input: length model, bead priors, lexical cost, and so on.
    estimates: dict = field(default_factory=dict)

    def pairs(self, min_score: float = 0.0) -> list[ScoredBead]:
        """Beads with text on both sides whose score reaches ``min_score``."""
        return [b for b in self.beads if b.is_pair and b.score >= min_score]
