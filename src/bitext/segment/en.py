"""English sentence splitting with NLTK's Punkt.

Punkt runs with parameters shipped in ``bitext/data/punkt_en.txt`` (abbreviations and sentence
starters), so no NLTK data download is ever needed. When NLTK's own English Punkt model
(``punkt_tab``) is installed, its parameters are merged in and the signature says so.
"""

from __future__ import annotations

import sys
import threading
from functools import lru_cache
from importlib import resources

import regex

#: A sentence that is only a list or heading number (``1.``, ``II.``, ``b)``): it opens the next one.
_NUMBER_ONLY = regex.compile(r"^(?:\d{1,3}|[IVXLCDM]{1,7}|[ivxlcdm]{1,7}|\p{L})[.)]$")
#: "no." is Punkt's abbreviation of "number" only before a number: before a capital it ends a sentence.
_NO_ENDS = regex.compile(r"(?<=\b[Nn]o\.)\s+(?=[\p{Lu}\"“‘])")
#: A sentence ending in ! or ? (and closing quotes) whose next one starts in lower case: one sentence.
_EXCLAIMED = regex.compile(r"[!?][\"”’')\]]*$")


def _lazy_fisher_exact(*args, **kwargs):
    """``scipy.stats.fisher_exact``, imported when first called."""
    from scipy.stats import fisher_exact

    return fisher_exact(*args, **kwargs)


@lru_cache(maxsize=1)
def _punkt():
    """NLTK's Punkt module, imported without the ``scipy.stats`` that importing NLTK loads for its
    Fisher association measure alone (1.2 s and about 50 MB, most of NLTK's import): while NLTK
    is imported ``scipy.stats`` reads as absent, and the measure then imports it when first
    called, so NLTK behaves as before. Where NLTK or ``scipy.stats`` is already imported,
    nothing is changed."""
    with _IMPORTING:
        if "nltk" in sys.modules or "scipy.stats" in sys.modules:
            import nltk.tokenize.punkt as punkt

            return punkt
        sys.modules["scipy.stats"] = None  # an import of it raises ImportError (the import system's rule)
        try:
            import nltk.tokenize.punkt as punkt
            from nltk.metrics import association
        finally:
            if sys.modules.get("scipy.stats", 0) is None:
                del sys.modules["scipy.stats"]
        stand_in = association.fisher_exact  # what NLTK defines without scipy, wherever a star import copied it
        for name, module in list(sys.modules.items()):
            if name.split(".")[0] == "nltk" and getattr(module, "fisher_exact", None) is stand_in:
                module.fisher_exact = _lazy_fisher_exact
        return punkt


_IMPORTING = threading.Lock()


def _shipped_parameters():
    PunktParameters = _punkt().PunktParameters  # imported when first needed: NLTK takes a second to load

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
        return _punkt().PunktTokenizer("english")._params
    except (LookupError, ImportError, OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def _tokenizer():
    PunktSentenceTokenizer = _punkt().PunktSentenceTokenizer
    params = _shipped_parameters()
    signature = f"punkt-bitext-{len(params.abbrev_types)}abbr-rules2"
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
    >>> split_sentences('He said no. Then he left. Room No. 5 is his. "Stop!" he shouted. II. Methods follow.')
    ['He said no.', 'Then he left.', 'Room No. 5 is his.', '"Stop!" he shouted.', 'II. Methods follow.']
    """
    tokenizer, _ = _tokenizer()
    sentences = [part.strip() for s in tokenizer.tokenize(paragraph) for part in _NO_ENDS.split(s) if part.strip()]
    return _joined(sentences)


def _joined(sentences: list[str]) -> list[str]:
    """Punkt's sentences with a lone list or heading number joined to the sentence it opens, and
    a quoted exclamation or question joined to the lower-case words that go on after it.

    >>> _joined(["Steps:", "1.", "Open it.", "II.", "Methods are here."])
    ['Steps:', '1. Open it.', 'II. Methods are here.']
    >>> _joined(['"Stop!"', "he shouted.", "Then he left."])
    ['"Stop!" he shouted.', 'Then he left.']
    """
    out: list[str] = []
    for sentence in sentences:
        if out and (_NUMBER_ONLY.match(out[-1]) or (_EXCLAIMED.search(out[-1]) and sentence[:1].islower())):
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out
