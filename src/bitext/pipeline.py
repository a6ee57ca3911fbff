"""The pipeline from files to an aligned, scored document, one stage after the other:
read → normalize → segment → features → align → score.

Each stage is a module of its own (:mod:`.read`, :mod:`.normalize`, :mod:`.segment`,
:mod:`.features`, :mod:`.align`, :mod:`.score`); this module only calls them in order and hands
each stage's output to the next. Writing (:mod:`.formats`) and corpus builds (:mod:`.corpus`)
take the :class:`~bitext.document.AlignedDocument` from here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence

import numpy as np
import regex

from .align import METHODS, Alignment, Bead, LexicalInput, align, pair_runs, paragraph_blocks
from .align.likelihood import from_input
from .align.learning import examples_trained_on
from .align.anchors import AnchorError, anchored_blocks, keep_anchors
from .align.mining import MIN_SCORE, mine
from .align.moves import FAR, confirmed_moves, moved_paragraphs, one_each
from .boilerplate import boilerplate_lines
from .dictionary import signature as lexicon_signature
from .document import AlignedDocument, MinedDocument, Run, ScoredBead, Side, Signature
from .errors import InputError
from .formats import read_alignment, read_units
from .features import lexical_input, sentence_length
from .normalize import normalize
from .options import AlignOptions, ReadOptions
from .read import PathArg, path_text, read_text
from .score import score_beads, separate_boilerplate
from .segment.sides import segment_interleaved, segment_text
from .segment.srx import SrxRules

_NAMES = {"en": "English", "zh": "Chinese"}


def _srx(options: ReadOptions) -> SrxRules | None:
    return SrxRules.load(options.srx) if options.srx else None


def side_from_text(text: str, lang: str | None = None, origin: str = "<text>",
                   options: ReadOptions = ReadOptions()) -> Side:
    """Normalise and segment a monolingual text into a :class:`Side` (language detected when not given)."""
    text, zh_script = normalize(text, options.zh_script)
    return segment_text(text, lang, origin, zh_script, options.presplit, _srx(options))


def load_side(path: PathArg, lang: str | None = None, options: ReadOptions = ReadOptions(), side: str = "src") -> Side:
    """Read, normalise and segment one monolingual file (``side`` picks its encoding in ``options``)."""
    path = path_text(path)
    text = read_text(path, options.encoding_of(side), documents=True)
    text, zh_script = normalize(text, options.zh_script)
    return segment_text(text, lang, path, zh_script, options.presplit, _srx(options))


def split_interleaved(text: str, src_lang: str = "en", origin: str = "<text>",
                      options: ReadOptions = ReadOptions()) -> tuple[Side, Side, list[Run]]:
    """Normalise and segment an interleaved bilingual text: a source side, a target side, and
    the runs of paragraphs in file order (pass them to :func:`align_sides`)."""
    text, zh_script = normalize(text, options.zh_script)
    return segment_interleaved(text, src_lang, origin, zh_script, _srx(options))


def load_interleaved(path: PathArg, src_lang: str = "en", options: ReadOptions = ReadOptions()
                     ) -> tuple[Side, Side, list[Run]]:
    """Read an interleaved bilingual file: see :func:`split_interleaved`."""
    path = path_text(path)
    text = read_text(path, options.encoding_of("src"), documents=True)
    text, zh_script = normalize(text, options.zh_script)
    return segment_interleaved(text, src_lang, path, zh_script, _srx(options))


def align_sides(src: Side, tgt: Side, doc_id: str = "doc", runs: Sequence[Run] | None = None,
                options: AlignOptions = AlignOptions(), examples: Examples | None = None) -> AlignedDocument:
    """Align two sides and score every bead. Every sentence of both sides is in exactly one bead.

    ``runs`` (from an interleaved file) confine the alignment within the paragraph runs paired
    with each other. ``options.method`` ``"length"`` is Gale–Church alone (paragraphs first, then
    sentences); the default, ``"lexical"``, adds the dictionary, Model 1 and anchors. Model 1 also
    learns from ``examples`` and from the memories ``options.learn_from`` names (see
    :class:`Examples`). With ``options.moves`` (lexical method, two texts of several paragraphs),
    paragraphs the translation moved out of order are found (:mod:`bitext.align.moves`) and aligned
    with each other apart from the rest (``doc.moved``).
    """
    method = METHODS[options.method]
    src_pars = [[sentence_length(s, src.lang) for s in p] for p in src.paragraphs]
    tgt_pars = [[sentence_length(s, tgt.lang) for s in p] for p in tgt.paragraphs]
    learned = Examples.joined([load_examples(path) for path in options.learn_from] + ([examples] if examples else []))
    src_boiler = {} if options.keep_boilerplate else boilerplate_lines(src.sentences)
    tgt_boiler = {} if options.keep_boilerplate else boilerplate_lines(tgt.sentences)
    lexical = None
    if method.lexical:  # boilerplate gives no lexical evidence: it must not pair with boilerplate
        lexical = lexical_input(_blanked(src.sentences, src_boiler), src.lang, _blanked(tgt.sentences, tgt_boiler),
                                tgt.lang, examples=learned.trained_on(src.lang, tgt.lang),
                                paragraph_ends=_paragraph_ends(src, tgt))
    src_lens = [x for p in src_pars for x in p]
    tgt_lens = [x for p in tgt_pars for x in p]
    blocks = anchors = None
    if runs is not None:
        blocks = paragraph_blocks(src_pars, tgt_pars, pair_runs(_run_lengths(runs, src_pars, tgt_pars)))
    if options.anchors:
        if runs is not None:
            raise InputError("anchors realign two files, not an interleaved one", options.anchors)
        anchors = load_anchors(options.anchors)
        try:
            blocks = anchored_blocks(anchors, len(src_lens), len(tgt_lens))
        except AnchorError as exc:
            raise InputError(str(exc), options.anchors) from None
    alignment = align(src_lens, tgt_lens, lexical, method, blocks=blocks, paragraphs=(src_pars, tgt_pars),
                      width=options.width)
    if anchors is not None:
        kept, posteriors, confirmed = keep_anchors(alignment.beads, alignment.posteriors, anchors)
        cost_of = dict(zip(alignment.beads, alignment.costs))
        alignment = replace(alignment, beads=kept, posteriors=posteriors, costs=[cost_of.get(b, 0.0) for b in kept])
    beads = score_beads(alignment, src, tgt, src_lens, tgt_lens)
    if anchors is not None:
        beads = [replace(b, score=1.0, confirmed=True) if is_anchor else b for b, is_anchor in zip(beads, confirmed)]
    if src_boiler or tgt_boiler:
        beads = separate_boilerplate(beads, src, tgt, src_boiler, tgt_boiler)
    lexicon = lexicon_signature() if method.lexical else "none"
    if method.lexical and learned.pairs:
        lexicon += f"; learned from {learned}" + ("" if alignment.estimates.model1_examples
                                                  else " (left aside: they did not help Model 1 on this text)")
    doc = AlignedDocument(doc_id, src, tgt, beads, alignment.estimates,
                          Signature.of(alignment, options.method, lexicon, src, tgt, runs is not None))
    if options.moves and alignment.likelihood is not None and runs is None and anchors is None \
            and min(len(src.paragraphs), len(tgt.paragraphs)) > FAR:
        moved = _moved_paragraphs(lexical, alignment, src, tgt)
        if moved:
            return _align_apart(src, tgt, doc_id, moved, options, learned)
    return doc


def _paragraph_of(src: Side, tgt: Side) -> tuple[list[int], list[int]]:
    """The paragraph of each sentence of both sides."""
    return ([k for k, p in enumerate(src.paragraphs) for _ in p], [k for k, p in enumerate(tgt.paragraphs) for _ in p])


def _moved_paragraphs(lexical: LexicalInput, alignment: Alignment, src: Side, tgt: Side) -> list[tuple[int, int]]:
    """The paragraph pairs out of order (:func:`bitext.align.moves.moved_paragraphs`, from the
    pairs mined with a score of at least :data:`~bitext.align.mining.MIN_SCORE`) that explain the
    text better than ``alignment`` does (:func:`~bitext.align.moves.confirmed_moves`) by the
    dictionary and by the model the alignment learned together: the learned one alone favours
    the alignment it was trained on, the dictionary alone is fooled by a few words that match
    far away."""
    paragraph_of = _paragraph_of(src, tgt)
    src_par, tgt_par = paragraph_of
    # a pair whose two sentences on one side lie in two paragraphs says nothing about either alone
    mined = [p for p in mine(lexical, MIN_SCORE).pairs
             if src_par[p.src[0]] == src_par[p.src[-1]] and tgt_par[p.tgt[0]] == tgt_par[p.tgt[-1]]]
    pairs = [(p.src[0], p.tgt[0]) for p in mined]
    moved = moved_paragraphs(pairs, *paragraph_of, [p.score for p in mined])
    if not moved:
        return []
    models = [from_input(lexical), alignment.likelihood]  # the dictionary, and what the alignment in order learned
    return one_each(confirmed_moves(moved, pairs, alignment.beads, models, *paragraph_of))


def _align_apart(src: Side, tgt: Side, doc_id: str, moved: list[tuple[int, int]], options: AlignOptions,
                 learned: "Examples") -> AlignedDocument:
    """The alignment of the paragraphs in order, and of each moved paragraph pair apart, joined:
    the moved pairs' beads stand before the bead of the source sentence after them."""
    def part(side: Side, paragraphs: list[int]) -> tuple[Side, list[int]]:
        starts = np.cumsum([0] + [len(p) for p in side.paragraphs])
        index = [int(starts[k]) + i for k in paragraphs for i in range(len(side.paragraphs[k]))]
        return replace(side, paragraphs=[side.paragraphs[k] for k in paragraphs]), index

    def placed(doc: AlignedDocument, src_index: list[int], tgt_index: list[int]) -> list[ScoredBead]:
        return [replace(b, bead=Bead(tuple(src_index[i] for i in b.bead.src), tuple(tgt_index[j] for j in b.bead.tgt)))
                for b in doc.beads]

    options = replace(options, learn_from=(), moves=False)  # what they teach is in ``learned``
    examples = learned if learned.pairs else None
    moved_src, moved_tgt = {p for p, _ in moved}, {q for _, q in moved}
    main_src, src_index = part(src, [k for k in range(len(src.paragraphs)) if k not in moved_src])
    main_tgt, tgt_index = part(tgt, [k for k in range(len(tgt.paragraphs)) if k not in moved_tgt])
    main = align_sides(main_src, main_tgt, doc_id, options=options, examples=examples)
    keyed, last = [], -1.0
    for order, b in enumerate(placed(main, src_index, tgt_index)):
        last = max([last, *b.bead.src])
        keyed.append(((last, 1, order), b))
    # a moved paragraph alone is a short text: it learns from the confident pairs of the rest too
    taught = Examples.joined([learned, Examples.confident(main, "the paragraphs in order")])
    examples = taught if taught.pairs else None
    for p, q in moved:
        (psrc, pi), (ptgt, pj) = part(src, [p]), part(tgt, [q])
        doc = align_sides(psrc, ptgt, doc_id, options=options, examples=examples)
        keyed += [((pi[0] - 0.5, 0, order), b) for order, b in enumerate(placed(doc, pi, pj))]
    beads = [b for _, b in sorted(keyed, key=lambda item: item[0])]
    paragraphs = f"{main.signature.paragraphs}; {len(moved)} paragraph pair(s) out of order aligned apart"
    return AlignedDocument(doc_id, src, tgt, beads, main.estimates, replace(main.signature, paragraphs=paragraphs),
                           tuple(moved))


def load_anchors(path: PathArg) -> list[Bead]:
    """The beads to keep from ``path`` (:func:`~bitext.formats.read_alignment`: every bead of a beads
    file, the confirmed ones of a JSONL or InterText file); pairs only (an unpaired sentence does
    not say where the other side's text breaks around it)."""
    path = path_text(path)
    links, confirmed = read_alignment(path)
    beads = [Bead(s, t) for (s, t), kept in zip(links, confirmed) if kept and s and t]
    if not beads:
        raise InputError("holds no confirmed pair to keep", path)
    return beads


def _paragraph_ends(src: Side, tgt: Side) -> tuple[list[bool], list[bool]] | None:
    """Whether each sentence ends its paragraph, both sides; None unless both have several."""
    if min(len(src.paragraphs), len(tgt.paragraphs)) < 2:
        return None
    return tuple([k == len(p) - 1 for p in side.paragraphs for k in range(len(p))] for side in (src, tgt))


def _blanked(sentences: list[str], lines: dict[int, str]) -> list[str]:
    return [("" if k in lines else sentence) for k, sentence in enumerate(sentences)] if lines else sentences


#: The posterior a pair of one alignment needs to be learned from by another.
LEARNED_POSTERIOR = 0.9


@dataclass(frozen=True)
class Examples:
    """Sentence pairs known to translate each other, for Model 1 to learn from besides the text
    being aligned: a translation memory, or the confident pairs of the other documents of a
    corpus. ``pairs`` are (English, Chinese); ``origin`` says where they come from. The model
    they teach becomes the prior of the Model 1 learned from the text's own confident pairs
    where that tells the text's held-out pairs apart better than the dictionary does (see
    :func:`bitext.align.learning.learn_from_examples`)."""

    pairs: tuple[tuple[str, str], ...] = ()
    origin: str = ""

    def __str__(self) -> str:
        return f"{len(self.pairs)} sentence pairs" + (f" ({self.origin})" if self.origin else "")

    def trained_on(self, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
        """The pairs Model 1 trains on (:func:`~bitext.align.learning.examples_trained_on`: at most
        8,000, evenly spread; only those need encoding), as (source-language text, target-language
        text)."""
        kept = examples_trained_on(self.pairs)
        if src_lang == "zh" and tgt_lang != "zh":
            return [(zh, en) for en, zh in kept]
        return kept

    @classmethod
    def confident(cls, doc: AlignedDocument, origin: str) -> "Examples":
        """The pairs of ``doc`` with a posterior of at least :data:`LEARNED_POSTERIOR`, as
        (English, Chinese) texts: what one alignment teaches another."""
        english_first = doc.src.lang != "zh"
        return cls(tuple((b.src_text, b.tgt_text) if english_first else (b.tgt_text, b.src_text)
                         for b in doc.beads if b.is_pair and b.posterior >= LEARNED_POSTERIOR), origin)

    @classmethod
    def joined(cls, parts: Sequence["Examples"]) -> "Examples":
        """All the pairs of ``parts``."""
        parts = [p for p in parts if p.pairs]
        if len(parts) == 1:
            return parts[0]
        return cls(tuple(pair for p in parts for pair in p.pairs), ", ".join(p.origin for p in parts if p.origin))


_HAN = regex.compile(r"\p{Han}")


def load_examples(path: PathArg) -> Examples:
    """The sentence pairs of a translation memory (TMX, TSV or JSONL, by its suffix) to learn
    from: English and Chinese variants of each unit (a TSV's columns in either order, told apart
    by their script). Read once per process."""
    path = path_text(path)
    stat = _stat(path)
    return _load_examples(path, stat)


def _stat(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    return info.st_mtime_ns, info.st_size


@lru_cache(maxsize=8)
def _load_examples(path: str, stat: tuple[int, int]) -> Examples:
    units = read_units(path, None, "en", "zh")
    pairs = []
    for unit in units.units:
        if not unit.is_pair:
            continue
        en, zh = unit.src, unit.tgt
        if _HAN.search(en) and not _HAN.search(zh):
            en, zh = zh, en
        if _HAN.search(zh) and not _HAN.search(en):
            pairs.append((en, zh))
    if not pairs:
        raise InputError("no English–Chinese sentence pair to learn from", path)
    return Examples(tuple(pairs), os.path.basename(path))


def mine_sides(src: Side, tgt: Side, doc_id: str = "doc", min_score: float = MIN_SCORE,
               keep_boilerplate: bool = False, learn_from: Sequence[PathArg] = (),
               examples: Examples | None = None) -> MinedDocument:
    """The sentence pairs of two comparable texts that translate each other, in any order, scoring
    at least ``min_score`` (:func:`bitext.align.mining.mine`); boilerplate lines take no part
    unless ``keep_boilerplate``. Model 1 also learns from the memories ``learn_from`` names and
    from ``examples`` (see :class:`Examples`)."""
    if src.lang == tgt.lang:
        raise InputError(f"both sides are {_NAMES[src.lang]}; mining pairs English with Chinese", tgt.origin)
    src_boiler = {} if keep_boilerplate else boilerplate_lines(src.sentences)
    tgt_boiler = {} if keep_boilerplate else boilerplate_lines(tgt.sentences)
    src_at = [k for k in range(len(src.sentences)) if k not in src_boiler]
    tgt_at = [k for k in range(len(tgt.sentences)) if k not in tgt_boiler]
    learned = Examples.joined([load_examples(path) for path in learn_from] + ([examples] if examples else []))
    # mining starts from the glosses alone (see mine): the synonyms' table is not built for it
    mined = mine(lexical_input([src.sentences[k] for k in src_at], src.lang, [tgt.sentences[k] for k in tgt_at],
                               tgt.lang, examples=learned.trained_on(src.lang, tgt.lang), synonyms=False), min_score)
    pairs = [replace(p, src=tuple(src_at[i] for i in p.src), tgt=tuple(tgt_at[j] for j in p.tgt)) for p in mined.pairs]
    lexicon = lexicon_signature() + (f"; learned from {learned}" if learned.pairs else "")
    return MinedDocument(doc_id, src, tgt, pairs, min_score, mined.untranslated_share, src_boiler, tgt_boiler, lexicon)


def mine_files(src_path: PathArg, tgt_path: PathArg, src_lang: str | None = None, tgt_lang: str | None = None,
               read: ReadOptions = ReadOptions(), min_score: float = MIN_SCORE,
               keep_boilerplate: bool = False, learn_from: Sequence[PathArg] = ()) -> MinedDocument:
    """Read and segment two files and mine their pairs (:func:`mine_sides`)."""
    src, tgt = _load_two(src_path, tgt_path, src_lang, tgt_lang, read)
    return mine_sides(src, tgt, os.path.splitext(os.path.basename(src_path))[0], min_score, keep_boilerplate,
                      learn_from)


def _load_two(src_path: str, tgt_path: str, src_lang: str | None, tgt_lang: str | None, read: ReadOptions
              ) -> tuple[Side, Side]:
    """Both files read and segmented; one English and one Chinese, or a one-line error."""
    src = load_side(src_path, src_lang, read, "src")
    tgt = load_side(tgt_path, tgt_lang, read, "tgt")
    if src.lang == tgt.lang:
        raise InputError(f"both files are {_NAMES[src.lang]}; give one English and one Chinese file"
                         " (or --src-lang/--tgt-lang)", tgt_path)
    return src, tgt


def _run_lengths(runs: Sequence[Run], src_pars: list[list[int]], tgt_pars: list[list[int]]
                 ) -> list[tuple[bool, list[int]]]:
    """Each run with the lengths of its paragraphs, in file order (what :func:`.align.pair_runs` reads)."""
    taken = {True: 0, False: 0}
    out = []
    for run in runs:
        pars = src_pars if run.source else tgt_pars
        start = taken[run.source]
        out.append((run.source, [sum(p) for p in pars[start:start + run.paragraphs]]))
        taken[run.source] += run.paragraphs
    return out


def align_files(src_path: PathArg, tgt_path: PathArg | None = None, src_lang: str | None = None,
                tgt_lang: str | None = None, read: ReadOptions = ReadOptions(),
                options: AlignOptions = AlignOptions()) -> AlignedDocument:
    """Read, segment and align two files, or one interleaved file when ``tgt_path`` is ``None``
    (``src_lang`` then picks the source language, English by default)."""
    doc_id = os.path.splitext(os.path.basename(src_path))[0]
    if tgt_path is None:
        src, tgt, runs = load_interleaved(src_path, src_lang or "en", read)
        return align_sides(src, tgt, doc_id, runs, options)
    src, tgt = _load_two(src_path, tgt_path, src_lang, tgt_lang, read)
    return align_sides(src, tgt, doc_id, options=options)
