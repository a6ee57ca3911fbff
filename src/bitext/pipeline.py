"""The pipeline from files to an aligned, scored document: read → normalize → segment → align → score."""

from __future__ import annotations

import os
from typing import Mapping

import regex

from . import __version__
from .align import DEFAULT_BAND, Bead, BeadType, align_document, check_coverage, pair_runs, ratio_model
from .align.evidence import align_with_evidence, paragraph_blocks
from .lexicon import lexical_input, signature as lexicon_signature
from .document import AlignedDocument, ScoredBead, Side
from .errors import InputError
from .normalize import clean_text, convert_script, detect_zh_script, to_simplified
from .read import interleaved_runs, paragraph_language, read_text, split_paragraphs
from .score import bead_fits, bead_score
from .segment import segment, signature as segment_signature, split_sentences
from .segment.srx import SrxRules

_SPACE = regex.compile(r"\s+")


def sentence_length(sentence: str, lang: str) -> int:
    """Length unit of the model: characters other than whitespace (Chinese counted after OpenCC t2s).

    >>> sentence_length("IPR protection.", "en"), sentence_length("知識產權保護。", "zh")
    (14, 7)
    """
    text = to_simplified(sentence) if lang == "zh" else sentence
    return len(_SPACE.sub("", text))


def detect_language(text: str, origin: str = "<text>") -> str:
    """``"en"`` or ``"zh"`` by the script of the text's letters; :class:`InputError` when it has
    none, or when it looks like an interleaved bilingual file (a fifth of its paragraphs or more
    in each language)."""
    lang = paragraph_language(text[:200000])
    if lang is None:
        raise InputError("has no Latin or Chinese letters to detect its language from (give --src-lang/--tgt-lang)", origin)
    langs = [paragraph_language(p) for p in split_paragraphs(text[:200000])]
    english, chinese = langs.count("en"), langs.count("zh")
    if min(english, chinese) >= 0.2 * len(langs) and min(english, chinese) >= 2:
        raise InputError(f"mixes {english} English and {chinese} Chinese paragraphs: align it alone with --interleaved,"
                         " or give --src-lang/--tgt-lang", origin)
    return lang


def _tag(lang: str, text: str, zh_script: str | None) -> str:
    if lang != "zh":
        return lang
    return f"zh-{zh_script or detect_zh_script(text) or 'Hans'}"


def make_side(paragraphs: list[list[str]], lang: str, origin: str = "<text>", zh_script: str | None = None,
              segmenter: str = "") -> Side:
    """A :class:`Side` from sentences in paragraphs; Chinese is converted when ``zh_script`` is given."""
    paragraphs = [[s for s in p if s.strip()] for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError("holds no text (empty or whitespace only)", origin)
    text = "".join(s for p in paragraphs for s in p)
    tag = _tag(lang, text, zh_script)
    if lang == "zh" and zh_script:
        paragraphs = [[convert_script(s, zh_script) for s in p] for p in paragraphs]
    return Side(lang=lang, tag=tag, paragraphs=paragraphs, origin=origin,
                segmenter=segmenter or segment_signature(lang))


def side_from_text(text: str, lang: str | None = None, origin: str = "<text>", presplit: bool = False,
                   zh_script: str | None = None, srx: SrxRules | None = None) -> Side:
    """Segment a monolingual text into a :class:`Side`.

    With ``presplit`` every non-empty line is one sentence and blank lines separate paragraphs;
    with ``srx`` a user's SRX rules split the sentences.
    """
    text = clean_text(text)
    if not text.strip():
        raise InputError("is empty" if not text else "holds only whitespace", origin)
    lang = lang or detect_language(text, origin)
    if presplit:
        paragraphs = [[line.strip() for line in block.split("\n") if line.strip()]
                      for block in regex.split(r"\n[ \t]*\n", text)]
    else:
        paragraphs = segment(split_paragraphs(text), lang, srx)
    return make_side(paragraphs, lang, origin, zh_script, _segmenter(presplit, srx))


def _segmenter(presplit: bool = False, srx: SrxRules | None = None) -> str:
    """How sentences were split when not by bitext's own rules ("" otherwise: see :func:`make_side`)."""
    if presplit:
        return "presplit"
    return f"srx:{os.path.basename(srx.origin)}" if srx is not None else ""


def load_side(path: str, lang: str | None = None, encoding: str | None = None, presplit: bool = False,
              zh_script: str | None = None, srx: SrxRules | None = None) -> Side:
    """Read, clean and segment one monolingual file."""
    return side_from_text(read_text(path, encoding), lang, path, presplit, zh_script, srx)


def split_interleaved(text: str, src_lang: str = "en", origin: str = "<text>", zh_script: str | None = None,
                      srx: SrxRules | None = None) -> tuple[Side, Side, list[Bead]]:
    """Split an interleaved bilingual text into a source side, a target side and paragraph beads.

    Paragraphs go to the English or the Chinese stream by script, in order; each run of
    source paragraphs is paired with the target run next to it (see :func:`bitext.align.pair_runs`).
    """
    text = clean_text(text)
    runs = interleaved_runs(split_paragraphs(text))
    langs = {run.lang for run in runs}
    if langs != {"en", "zh"}:
        found = " and ".join(sorted(langs)) or "no letters"
        raise InputError(f"is declared interleaved English/Chinese but has only {found} paragraphs", origin)
    tgt_lang = "zh" if src_lang == "en" else "en"
    streams: dict[str, list[list[str]]] = {"en": [], "zh": []}
    shaped = []
    for run in runs:
        segmented = [(srx.split(p, run.lang) if srx else split_sentences(p, run.lang)) or [p] for p in run.paragraphs]
        streams[run.lang].extend(segmented)
        shaped.append((run.lang == src_lang, [sum(sentence_length(s, run.lang) for s in p) for p in segmented]))
    src = make_side(streams[src_lang], src_lang, origin, zh_script, _segmenter(srx=srx))
    tgt = make_side(streams[tgt_lang], tgt_lang, origin, zh_script, _segmenter(srx=srx))
    return src, tgt, pair_runs(shaped)


def load_interleaved(path: str, src_lang: str = "en", encoding: str | None = None,
                     zh_script: str | None = None, srx: SrxRules | None = None) -> tuple[Side, Side, list[Bead]]:
    """Read an interleaved bilingual file: see :func:`split_interleaved`."""
    return split_interleaved(read_text(path, encoding), src_lang, path, zh_script, srx)


#: Alignment methods: lexical evidence on top of the length model (the default), or length alone.
METHODS = ("lexical", "length")


def align_sides(src: Side, tgt: Side, doc_id: str = "doc", paragraph_beads: list[Bead] | None = None,
                priors: Mapping[BeadType, float] | None = None, band: int | None = DEFAULT_BAND,
                relation: str = "parallel", method: str = "lexical") -> AlignedDocument:
    """Align two sides and score every bead. Every sentence of both sides is in exactly one bead.

    ``method="length"`` is Gale–Church alone (paragraphs first, then sentences); the default,
    ``"lexical"``, adds the dictionary, Model 1 and anchors (:mod:`bitext.align.evidence`).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    src_pars = [[sentence_length(s, src.lang) for s in p] for p in src.paragraphs]
    tgt_pars = [[sentence_length(s, tgt.lang) for s in p] for p in tgt.paragraphs]
    src_lens = [x for p in src_pars for x in p]
    tgt_lens = [x for p in tgt_pars for x in p]
    src_sents, tgt_sents = src.sentences, tgt.sentences
    signature: dict[str, object] = {"version": __version__, "method": method, "unit": "char-nonspace"}
    estimates: dict[str, object] = {}
    if method == "length":
        result = align_document(src_pars, tgt_pars, priors=priors, band=band, paragraph_beads=paragraph_beads)
        beads, posts, model = result.beads, result.posteriors, result.model
        estimates["model_from_beads"] = result.estimated_from
        signature.update({
            "model_from": f"{result.estimated_from} 1-1 beads" if result.estimated_from else "ratio of totals",
            "paragraphs": "interleaved runs" if paragraph_beads is not None else "length DP",
            "band": result.band if result.band is not None else "full",
        })
    else:
        lexical = lexical_input(src_sents, src.lang, tgt_sents, tgt.lang)
        blocks = paragraph_blocks(src_pars, tgt_pars, paragraph_beads) if paragraph_beads is not None else None
        result = align_with_evidence(src_lens, tgt_lens, lexical, ratio_model(src_lens, tgt_lens), priors,
                                     blocks=blocks)
        beads, posts, model = result.beads, result.posteriors, result.model
        estimates.update({
            "priors": {f"{a}-{b}": round(p, 6) for (a, b), p in result.priors.items()},
            "model1_beads": result.trained_on,
            "similarity_cost": {"at_0": round(float(result.lexical_cost(0.0)), 4),
                                "at_1": round(float(result.lexical_cost(1.0)), 4)} if result.lexical_cost else None,
            "ending_agreement": _ending_summary(result.ending_cost),
        })
        signature.update({
            "lexicon": lexicon_signature(),
            "model1_beads": result.trained_on,
            "paragraphs": "interleaved runs" if paragraph_beads is not None else "none (coarse to fine)",
            "levels": result.levels,
            "width": result.margin,
        })
    fits = bead_fits(beads, src_lens, tgt_lens, model)
    scored = [ScoredBead(b, src.join(b.src, src_sents), tgt.join(b.tgt, tgt_sents), bead_score(p, f), p, f)
              for b, p, f in zip(beads, posts, fits)]
    check_coverage([s.bead for s in scored], len(src_sents), len(tgt_sents))
    signature.update({
        "c": round(model.c, 6),
        "s2": round(model.s2, 6),
        "seg_src": src.segmenter or segment_signature(src.lang),
        "seg_tgt": tgt.segmenter or segment_signature(tgt.lang),
    })
    estimates.update({"c": round(model.c, 6), "s2": round(model.s2, 6)})
    return AlignedDocument(doc_id, src, tgt, scored, model, method, signature, relation, estimates)


def _ending_summary(table) -> dict[str, float] | None:
    """The cost of a pair whose sides end alike, per ending class (negative: evidence for it)."""
    if table is None:
        return None
    from .lexicon import ENDINGS

    return {ENDINGS[k]: round(float(table[k, k]), 3) for k in range(min(len(ENDINGS), table.shape[0]))}


def align_files(src_path: str, tgt_path: str | None = None, src_lang: str | None = None, tgt_lang: str | None = None,
                encoding: str | None = None, presplit: bool = False, zh_script: str | None = None,
                band: int | None = DEFAULT_BAND, tgt_encoding: str | None = None,
                srx: SrxRules | None = None, method: str = "lexical") -> AlignedDocument:
    """Read, segment and align two files, or one interleaved file when ``tgt_path`` is ``None``
    (``src_lang`` then picks the source language, English by default). ``encoding`` is the
    source's (and the target's, unless ``tgt_encoding`` is given)."""
    doc_id = os.path.splitext(os.path.basename(src_path))[0]
    if tgt_path is None:
        src, tgt, pbeads = load_interleaved(src_path, src_lang or "en", encoding, zh_script, srx)
        return align_sides(src, tgt, doc_id, paragraph_beads=pbeads, band=band, method=method)
    src = load_side(src_path, src_lang, encoding, presplit, zh_script, srx)
    tgt = load_side(tgt_path, tgt_lang, tgt_encoding or encoding, presplit, zh_script, srx)
    if src.lang == tgt.lang:
        name = {"en": "English", "zh": "Chinese"}[src.lang]
        raise InputError(f"both files are {name}; give one English and one Chinese file (or --src-lang/--tgt-lang)",
                         tgt_path)
    return align_sides(src, tgt, doc_id, band=band, method=method)
