"""Sentence splitting and word tokenization, one module per language.

``split_sentences(paragraph, lang)`` and ``words(text, lang)`` dispatch on ``"en"`` / ``"zh"``.
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
    """Split one paragraph into sentences; no text but surrounding whitespace is dropped."""
    return _module(lang).split_sentences(paragraph)


def segment(paragraphs: list[str], lang: str, srx=None) -> list[list[str]]:
    """Split every paragraph into sentences, keeping paragraph boundaries; empty paragraphs go.

    ``srx`` (a :class:`bitext.segment.srx.SrxRules`) replaces bitext's rules with a user's.
    """
    if srx is not None:
        return [sentences for sentences in (srx.split(p, lang) for p in paragraphs) if sentences]
    split = _module(lang).split_sentences
    return [sentences for sentences in (split(p) for p in paragraphs) if sentences]


def words(text: str, lang: str) -> list[str]:
    """Word tokens for lexical scoring: lowercased English words, jieba words of Simplified Chinese."""
    return _module(lang).words(text)


def signature(lang: str) -> str:
    """How sentences of ``lang`` are split, for the reproducibility record."""
    return _module(lang).SIGNATURE
