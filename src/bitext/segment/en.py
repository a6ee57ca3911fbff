"""English sentence splitting with NLTK's Punkt.

Punkt runs with parameters shipped in ``bitext/data/punkt_en.txt`` (abbreviations and sentence
starters), so no NLTK data download is ever needed. When NLTK's own English Punkt model
(``punkt_tab``) is installed, its parameters are merged in and the signature says so.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _shipped_parameters():
    from nltk.tokenize.punkt import PunktParameters  # imported when first needed: NLTK takes a second to load

    params = PunktParameters()
    text = resources.files("bitext").joinpath("data/punkt_en.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        kind, _, word = line.partition(" ")
        if kind == "abbrev":
            params.abbrev_types.add(word)
        elif kind == "starter":
            params.sent_starters.add(word)
    return params


def _installed_parameters():
    """NLTK's English punkt_tab parameters when that data is installed, else ``None``."""
    try:
        from nltk.tokenize.punkt import PunktTokenizer

        return PunktTokenizer("english")._params
    except (LookupError, ImportError, OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def _tokenizer():
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    params = _shipped_parameters()
    signature = f"punkt-bitext-{len(params.abbrev_types)}abbr"
    installed = _installed_parameters()
    if installed is not None:
        params.abbrev_types |= installed.abbrev_types
        params.collocations |= installed.collocations
        params.sent_starters |= installed.sent_starters
        for word, flags in installed.ortho_context.items():
            params.ortho_context[word] |= flags
        signature += "+nltk_data"
    return PunktSentenceTokenizer(params), signature


def __getattr__(name: str) -> str:
    if name == "SIGNATURE":
        return _tokenizer()[1]
    raise AttributeError(name)


def split_sentences(paragraph: str) -> list[str]:
    """Split an English paragraph into sentences with Punkt.

    >>> split_sentences("Mr. Li met Dr. Wu in the U.S. on Jan. 5. It rained.")
    ['Mr. Li met Dr. Wu in the U.S. on Jan. 5.', 'It rained.']
    >>> split_sentences('Growth was 3.5 per cent. "We will act." He left.')
    ['Growth was 3.5 per cent.', '"We will act."', 'He left.']
    """
    tokenizer, _ = _tokenizer()
    return [s.strip() for s in tokenizer.tokenize(paragraph) if s.strip()]
