"""What every format reads and writes: translation units with their languages and provenance."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import regex

from ..align import Bead, check_coverage
from ..document import AlignedDocument, MinedDocument, Side


@dataclass
class Unit:
    """One bead's texts: ``src``/``tgt`` (either may be empty for an unpaired sentence), its score,
    and where available the zero-based sentence indices and the document id."""

    src: str
    tgt: str
    score: float | None = None
    src_ids: tuple[int, ...] | None = None
    tgt_ids: tuple[int, ...] | None = None
    doc: str | None = None
    #: Confirmed by hand: written whatever its score, and marked so in TMX and JSONL.
    confirmed: bool = False
    #: ``"mined"`` for a pair mined from comparable text (not aligned from a translation).
    origin: str | None = None

    @property
    def is_pair(self) -> bool:
        """True when both sides hold text (whitespace alone is no text)."""
        return bool(self.src.strip()) and bool(self.tgt.strip())


@dataclass
class UnitSet:
    """Units of one language pair, with the record of how they were made (``provenance``).

    ``units`` holds every bead; ``pairs()`` the translation units that reach ``min_score``,
    which is what TMX, TSV and Moses write. Beads and JSONL write every unit, with its score.
    """

    src_lang: str
    tgt_lang: str
    units: list[Unit]
    provenance: dict = field(default_factory=dict)
    min_score: float = 0.0
    #: What a reader noticed and a user should hear (units left out, variants chosen).
    notes: list[str] = field(default_factory=list)
    #: Both sides' sentences, when the units come from an alignment (the review page edits them).
    sentences: tuple[list[str], list[str]] | None = None

    def pairs(self) -> list[Unit]:
        """Units with text on both sides whose score (when known) reaches ``min_score``."""
        return [u for u in self.units if u.is_pair and (u.confirmed or u.score is None or u.score >= self.min_score)]


def units_from_document(doc: AlignedDocument, min_score: float = 0.0, lang_tags: str = "script") -> UnitSet:
    """Every bead of ``doc`` as a unit; ``min_score`` decides which pairs the pair formats write.

    First checks that every sentence of both sides is in exactly one bead, so that nothing is
    written from an alignment that lost one.
    """
    check_coverage([b.bead for b in doc.beads], len(doc.src.sentences), len(doc.tgt.sentences), in_order=not doc.moved)
    units = [Unit(b.src_text, b.tgt_text, b.score, b.bead.src, b.bead.tgt, doc.doc_id, b.confirmed) for b in doc.beads]
    provenance = dict(doc.signature.as_dict(), document=doc.doc_id, files=_files(doc.src, doc.tgt), min_score=min_score)
    return UnitSet(language_tag(doc.src.tag, lang_tags), language_tag(doc.tgt.tag, lang_tags), units, provenance,
                   min_score, sentences=(doc.src.sentences, doc.tgt.sentences))


def units_from_mined(doc: MinedDocument, lang_tags: str = "script") -> UnitSet:
    """The pairs mined from two comparable texts (``origin="mined"``) in source order, then every
    sentence in no pair as a unit of its own (source, then target): every sentence of both sides
    in exactly one unit, which is checked before anything is written."""
    src, tgt = doc.src, doc.tgt
    by_first = {p.src[0]: p for p in doc.pairs}
    in_pair = {i for p in doc.pairs for i in p.src}
    units = [Unit(src.join(by_first[i].src, src.sentences), tgt.join(by_first[i].tgt, tgt.sentences),
                  by_first[i].score, by_first[i].src, by_first[i].tgt, doc.doc_id, origin="mined")
             for i in range(len(src.sentences)) if i in by_first]
    units += [Unit(sentence, "", None, (i,), (), doc.doc_id) for i, sentence in enumerate(src.sentences) if i not in in_pair]
    paired_tgt = {j for p in doc.pairs for j in p.tgt}
    units += [Unit("", sentence, None, (), (j,), doc.doc_id) for j, sentence in enumerate(tgt.sentences)
              if j not in paired_tgt]
    check_coverage([Bead(u.src_ids, u.tgt_ids) for u in units], len(src.sentences), len(tgt.sentences), in_order=False)
    provenance = {"method": "mined from comparable text", "lexicon": doc.lexicon, "document": doc.doc_id,
                  "files": _files(src, tgt), "min_score": doc.min_score,
                  "untranslated_share": round(doc.untranslated_share, 3)}
    return UnitSet(language_tag(src.tag, lang_tags), language_tag(tgt.tag, lang_tags), units, provenance, doc.min_score)


def _files(src: Side, tgt: Side) -> str:
    """The file names of both sides, once when they are one (an interleaved file)."""
    return " ↔ ".join(dict.fromkeys(os.path.basename(side.origin) for side in (src, tgt)))


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural but for one.

    >>> counted(1, "unit"), counted(3, "unit")
    ('1 unit', '3 units')
    """
    return f"{count} {noun}{'s' if count != 1 else ''}"


_REGION = {"zh-Hant": "zh-TW", "zh-Hans": "zh-CN"}


def language_tag(tag: str, style: str = "script") -> str:
    """The tag written for a language: BCP 47 with script (``zh-Hant``) or with region (``zh-TW``).

    >>> language_tag("zh-Hant"), language_tag("zh-Hant", "region"), language_tag("en", "region")
    ('zh-Hant', 'zh-TW', 'en')
    """
    if style == "region":
        return _REGION.get(tag, tag)
    if style != "script":
        raise ValueError(f"unknown language tag style {style!r} (script or region)")
    return tag


_LINE_BREAKS = regex.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """Replace tabs and line breaks (any run of them) by one space, for line-based formats.

    >>> one_line("a\\tb\\r\\nc")
    'a b c'
    """
    return _LINE_BREAKS.sub(" ", text)
