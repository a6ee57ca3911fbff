"""A text's paragraphs and their languages: blank lines and line breaks, scripts, interleaved runs.

Paragraphs are the first cut of segmentation (sentences are cut inside them: :mod:`.en`, :mod:`.zh`).
The language of a paragraph, and of a whole text, is told by the script of its letters.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..errors import InputError

_HAN_JOIN = regex.compile(r"(?<=[\p{Han}\p{P}])\n(?=[\p{Han}\p{P}])")


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs.

    Blank lines separate paragraphs when the text has any; otherwise every line is one.
    Lines inside a paragraph are joined (with nothing between Chinese characters, else a space).

    >>> split_paragraphs("A b.\\nc d.\\n\\nE.")
    ['A b. c d.', 'E.']
    >>> split_paragraphs("甲。\\n乙。")
    ['甲。', '乙。']
    """
    lines = [line.strip() for line in text.split("\n")]
    has_blank = any(not line for line in _trim(lines))
    if not has_blank:
        return [line for line in lines if line]
    paragraphs, block = [], []
    for line in lines + [""]:
        if line:
            block.append(line)
        elif block:
            joined = "\n".join(block)
            paragraphs.append(_HAN_JOIN.sub("", joined).replace("\n", " "))
            block = []
    return paragraphs


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"\p{Latin}")


def paragraph_language(paragraph: str) -> str | None:
    """``"zh"`` or ``"en"`` by the script of the paragraph's letters, ``None`` when it has none.

    A Han character weighs as much as three Latin letters, so a Chinese line with a date,
    digits or an acronym is Chinese and an English line naming a Chinese place is English.

    >>> paragraph_language("新華網 2020-12-02 09:28")
    'zh'
    >>> paragraph_language("Xi Jinping (習近平) spoke at the study session.")
    'en'
    """
    han = len(_HAN.findall(paragraph))
    latin = len(_LATIN.findall(paragraph))
    if han == 0 and latin == 0:
        return None
    return "zh" if 3 * han >= latin else "en"


@dataclass(frozen=True)
class LanguageRun:
    """Consecutive paragraphs of one language in an interleaved file."""

    lang: str
    paragraphs: tuple[str, ...]


def interleaved_runs(paragraphs: list[str]) -> list[LanguageRun]:
    """Group an interleaved file's paragraphs into alternating runs of one language each.

    A paragraph with no letters (a lone date, ``* * *``) joins the run before it, or the
    first run when it opens the file.

    >>> [(r.lang, len(r.paragraphs)) for r in interleaved_runs(["標題", "Text.", "正文。", "Two.", "三"])]
    [('zh', 1), ('en', 1), ('zh', 1), ('en', 1), ('zh', 1)]
    """
    langs = [paragraph_language(p) for p in paragraphs]
    known = [lang for lang in langs if lang]
    if not known:
        return []
    current = known[0]
    runs: list[tuple[str, list[str]]] = []
    for paragraph, lang in zip(paragraphs, langs):
        lang = lang or current
        if runs and runs[-1][0] == lang:
            runs[-1][1].append(paragraph)
        else:
            runs.append((lang, [paragraph]))
        current = lang
    return [LanguageRun(lang, tuple(ps)) for lang, ps in runs]


def detect_language(text: str, origin: str = "<text>") -> str:
    """``"en"`` or ``"zh"`` by the script of the text's letters; :class:`InputError` when it has
    none, or when it looks like an interleaved bilingual file (a fifth of its paragraphs or more
    in each language).

    >>> detect_language("Xi spoke. 習近平說。 He left.")
    'en'
    """
    lang = paragraph_language(text[:200000])
    if lang is None:
        raise InputError("has no Latin or Chinese letters to detect its language from (give --src-lang/--tgt-lang)", origin)
    langs = [paragraph_language(p) for p in split_paragraphs(text[:200000])]
    english, chinese = langs.count("en"), langs.count("zh")
    if min(english, chinese) >= 0.2 * len(langs) and min(english, chinese) >= 2:
        raise InputError(f"mixes {english} English and {chinese} Chinese paragraphs: align it alone with --interleaved,"
                         " or give --src-lang/--tgt-lang", origin)
    return lang
