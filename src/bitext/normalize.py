"""Normalization: Unicode form, characters no output may carry, and Chinese script (OpenCC).

The aligner compares an OpenCC-Simplified form of the Chinese; the outputs keep the text as
written unless the user asks for a script conversion.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc
import regex

# Control characters other than tab and newline, and noncharacters: never useful in a corpus.
_STRIP = regex.compile(r"[\p{Cc}\p{Noncharacter_Code_Point}--[\t\n]]", flags=regex.V1)
_HAN = regex.compile(r"\p{Han}")


def clean_text(text: str) -> str:
    """NFC-normalize and drop control characters (keeping tab and newline) and a stray BOM.

    >>> clean_text("Cafe\\u0301\\x07 \\ufeffok")
    'Café ok'
    """
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    return _STRIP.sub("", text)


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC ``t2s``); other text passes through.

    >>> to_simplified("知識產權保護")
    '知识产权保护'
    """
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified → Traditional Chinese (OpenCC ``s2t``).

    >>> to_traditional("知识产权保护")
    '知識產權保護'
    """
    return _converter("s2t").convert(text)


def convert_script(text: str, script: str) -> str:
    """Write Chinese text in ``script`` (``"Hans"`` or ``"Hant"``)."""
    if script == "Hans":
        return to_simplified(text)
    if script == "Hant":
        return to_traditional(text)
    raise ValueError(f"unknown Chinese script {script!r} (expected Hans or Hant)")


def detect_zh_script(text: str) -> str | None:
    """``"Hant"`` or ``"Hans"`` by which OpenCC conversion changes more characters; ``None``
    when the text has no Han characters. Text that neither conversion changes is ``"Hans"``.

    >>> detect_zh_script("全面加強知識產權保護"), detect_zh_script("全面加强知识产权保护")
    ('Hant', 'Hans')
    """
    han = "".join(_HAN.findall(text))
    if not han:
        return None
    han = han[:20000]
    traditional_only = sum(a != b for a, b in zip(han, to_simplified(han)))
    simplified_only = sum(a != b for a, b in zip(han, to_traditional(han)))
    return "Hant" if traditional_only > simplified_only else "Hans"
