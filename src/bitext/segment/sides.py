"""The sides of a bitext: a monolingual text, or an interleaved bilingual one, segmented into
:class:`~bitext.document.Side` objects (sentences in paragraphs, with their language tag)."""

from __future__ import annotations

import os

import regex

from ..document import Run, Side
from ..errors import InputError
from . import signature, split_paragraphs_into_sentences, split_sentences
from .paragraphs import detect_language, interleaved_runs, split_paragraphs
from .srx import SrxRules

_BLANK_LINE = regex.compile(r"\n[ \t]*\n")


def language_tag(lang: str, zh_script: str | None) -> str:
    """The BCP 47 tag of text in ``lang`` whose Chinese is written in ``zh_script``.

    >>> language_tag("zh", "Hant"), language_tag("zh", None), language_tag("en", "Hant")
    ('zh-Hant', 'zh-Hans', 'en')
    """
    return f"zh-{zh_script or 'Hans'}" if lang == "zh" else lang


def make_side(paragraphs: list[list[str]], lang: str, origin: str = "<text>", zh_script: str | None = None,
              segmenter: str = "") -> Side:
    """A :class:`Side` from sentences in paragraphs (blank sentences and empty paragraphs dropped);
    ``zh_script`` is the script its Chinese is written in."""
    paragraphs = [[s for s in p if s.strip()] for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError("holds no text (empty or whitespace only)", origin)
    return Side(lang=lang, tag=language_tag(lang, zh_script), paragraphs=paragraphs, origin=origin,
                segmenter=segmenter or signature(lang))


def segmenter_name(presplit: bool = False, srx: SrxRules | None = None) -> str:
    """How sentences were split when not by bitext's own rules ("" otherwise: see :func:`make_side`)."""
    if presplit:
        return "presplit"
    return f"srx:{os.path.basename(srx.origin)}" if srx is not None else ""


def segment_text(text: str, lang: str | None = None, origin: str = "<text>", zh_script: str | None = None,
                 presplit: bool = False, srx: SrxRules | None = None) -> Side:
    """A monolingual text (normalised) as a :class:`Side`; its language is detected when not given.

    With ``presplit`` every non-empty line is one sentence and blank lines separate paragraphs;
    with ``srx`` a user's SRX rules split the sentences.
    """
    if not text.strip():
        raise InputError("is empty" if not text else "holds only whitespace", origin)
    lang = lang or detect_language(text, origin)
    if presplit:
        paragraphs = [[line.strip() for line in block.split("\n") if line.strip()] for block in _BLANK_LINE.split(text)]
    else:
        paragraphs = split_paragraphs_into_sentences(split_paragraphs(text), lang, srx)
    return make_side(paragraphs, lang, origin, zh_script, segmenter_name(presplit, srx))


def segment_interleaved(text: str, src_lang: str = "en", origin: str = "<text>", zh_script: str | None = None,
                        srx: SrxRules | None = None) -> tuple[Side, Side, list[Run]]:
    """An interleaved bilingual text (normalised) as a source side, a target side, and the runs of
    each side's paragraphs in the order the file gives them.

    Paragraphs go to the English or the Chinese stream by script, in order.
    """
    runs = interleaved_runs(split_paragraphs(text))
    langs = {run.lang for run in runs}
    if langs != {"en", "zh"}:
        found = " and ".join(sorted(langs)) or "no letters"
        raise InputError(f"is declared interleaved English/Chinese but has only {found} paragraphs", origin)
    tgt_lang = "zh" if src_lang == "en" else "en"
    streams: dict[str, list[list[str]]] = {"en": [], "zh": []}
    order = []
    for run in runs:
        sentences = [[s for s in (srx.split(p, run.lang) if srx else split_sentences(p, run.lang)) if s.strip()] or [p]
                     for p in run.paragraphs]
        streams[run.lang].extend(sentences)
        order.append(Run(run.lang == src_lang, len(sentences)))
    name = segmenter_name(srx=srx)
    return (make_side(streams[src_lang], src_lang, origin, zh_script, name),
            make_side(streams[tgt_lang], tgt_lang, origin, zh_script, name), order)
