"""Segmentation: a text into paragraphs (:mod:`.paragraphs`), paragraphs into sentences, one module
per language (:mod:`.en`: NLTK's Punkt; :mod:`.zh`: rules), or by a user's SRX rules (:mod:`.srx`);
and the sides of a bitext made from them (:mod:`.sides`).

``split_sentences(paragraph, lang)`` dispatches on ``"en"`` / ``"zh"``.
"""

from __future__ import annotations

from . import en, zh

_MODULES = {"en": en, "zh": zh}
LANGUAGES = tuple(_MODULES)


def _module(lang: str):
    base = lang.split("-")[0].lower()
    try:
        return _MODULES[base]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r} (supported: {', '.join(LANGUAGES)})") from None


def split_sentences(paragraph: str, lang: str) -> list[str]:
    """Split one paragraph into sentences; no text but surrounding whitespace is dropped.

    >>> split_sentences("他说好。我们走。", "zh")
    ['他说好。', '我们走。']
    """
    return _module(lang).split_sentences(paragraph)


def split_paragraphs_into_sentences(paragraphs: list[str], lang: str, srx=None) -> list[list[str]]:
    """Split every paragraph into sentences, keeping paragraph boundaries; empty paragraphs go.

    ``srx`` (a :class:`bitext.segment.srx.SrxRules`) replaces bitext's rules with a user's.
    """
    split = (lambda p: srx.split(p, lang)) if srx is not None else _module(lang).split_sentences
    return [sentences for sentences in (split(p) for p in paragraphs) if sentences]


def signature(lang: str) -> str:
    """How sentences of ``lang`` are split by bitext's rules, for the reproducibility record."""
    return _module(lang).SIGNATURE
