"""Normalization: Unicode form, characters no output may carry, and Chinese script (OpenCC).

The outputs keep the text as written unless the user asks for a script conversion
(:func:`normalize`); the script the Chinese is written in gives its language tag. (The aligner
compares an OpenCC-Simplified form: :func:`bitext.features.comparison_form`.)
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import islice

import opencc
import regex

# Control characters other than tab and newline, and noncharacters: never useful in a corpus.
_STRIP = regex.compile(r"[\p{Cc}\p{Noncharacter_Code_Point}--[\t\n]]", flags=regex.V1)
_HAN = regex.compile(r"\p{Han}")
_SOFT_BREAK = regex.compile(r"[\v\u2028]+")
_SOFT_BREAK_HAN = regex.compile(r"(?<=\p{Han})[\v\u2028]+(?=\p{Han})")
_UNIFIED_HAN = regex.compile(r"\p{Block=CJK_Unified_Ideographs}")


def clean_text(text: str) -> str:
    """NFC-normalize and drop control characters (keeping tab and newline) and a stray BOM; a
    page break (form feed) becomes a line break, and a line break inside a paragraph (Word's
    vertical tab, U+2028) a space (nothing between Chinese characters).

    >>> clean_text("Cafe\\u0301\\x07 \\ufeffok")
    'Café ok'
    >>> clean_text("city of\\x0bShenzhen\\u2028grew; 深\\u2028圳\\x0cNext")
    'city of Shenzhen grew; 深圳\\nNext'
    """
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\f", "\n")
    text = _SOFT_BREAK.sub(" ", _SOFT_BREAK_HAN.sub("", text))
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


@lru_cache(maxsize=1)
def _simplified_forms() -> frozenset[str]:
    """The characters OpenCC's t2s writes for a different Traditional character of the CJK
    Unified Ideographs block (each converted alone): the Simplified forms.

    >>> "这" in _simplified_forms(), "這" in _simplified_forms(), "的" in _simplified_forms()
    (True, False, False)
    """
    han = _UNIFIED_HAN.findall("".join(map(chr, range(0x10000))))
    converted = to_simplified("\n".join(han)).split("\n")
    return frozenset(s for t, s in zip(han, converted) if s != t and len(s) == 1)


def detect_zh_script(text: str) -> str | None:
    """``"Hant"`` or ``"Hans"`` by whether more of its Han characters are Traditional forms
    (changed by OpenCC's t2s) or Simplified forms (see :func:`_simplified_forms`); ``None`` when
    the text has no Han characters. Text with neither is ``"Hans"``. (OpenCC's s2t, whose phrase
    dictionaries take 27 MB, is not needed.)

    >>> detect_zh_script("全面加強知識產權保護"), detect_zh_script("全面加强知识产权保护")
    ('Hant', 'Hans')
    """
    han = "".join(match.group() for match in islice(_HAN.finditer(text), 20000))
    if not han:
        return None
    traditional_only = sum(a != b for a, b in zip(han, to_simplified(han)))
    simplified = _simplified_forms()
    simplified_only = sum(c in simplified for c in han)
    return "Hant" if traditional_only > simplified_only else "Hans"


def normalize(text: str, zh_script: str | None = None) -> tuple[str, str | None]:
    """The normalisation stage: ``text`` cleaned (:func:`clean_text`), its Chinese converted to
    ``zh_script`` when given, and the script its Chinese is now written in (None: no Han characters).

    >>> normalize("知識產權\\x07")
    ('知識產權', 'Hant')
    >>> normalize("知識產權", "Hans")
    ('知识产权', 'Hans')
    """
    text = clean_text(text)
    if zh_script is not None:
        return convert_script(text, zh_script), zh_script
    return text, detect_zh_script(text)
