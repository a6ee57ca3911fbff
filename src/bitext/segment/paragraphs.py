"""A text's paragraphs and their languages: blank lines and line breaks, scripts, interleaved runs.

Paragraphs are the first cut of segmentation (sentences are cut inside them: :mod:`.en`, :mod:`.zh`).
The language of a paragraph, and of a whole text, is told by the script of its letters.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..errors import InputError

#: A line break inside a paragraph joins with nothing where Chinese meets Chinese (or its punctuation).
_HAN_JOIN = regex.compile(r"(?<=\p{Han})\n(?=[\p{Han}\p{P}])|(?<=[\p{Han}\p{P}])\n(?=\p{Han})")
#: A line that opens a list item or a numbered heading: it starts a paragraph of its own.
_LIST_ITEM = regex.compile(r"^(?:[-*•·‣▪–—]\s|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s|[（(][一二三四五六七八九十]+[）)]"
                           r"|[一二三四五六七八九十]+、|\d{1,3}、)")
#: How a line ends a sentence (or a clause that may end a paragraph).
_ENDS = regex.compile(r"[.!?。！？…:;：；\"”’)）」』]$")
#: A line without final punctuation this much shorter than the block's widest is a heading,
#: caption or dateline: a paragraph of its own, not a wrapped line.
SHORT_LINE = 0.6
#: Text wrapped by an editor is at least this many columns wide (a Han character takes two).
WRAP_COLUMNS = 50
_WIDE = regex.compile(r"[\p{Han}\p{Block=CJK_Symbols_and_Punctuation}\p{Block=Halfwidth_and_Fullwidth_Forms}]")


def split_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs.

    Blank lines separate paragraphs when the text has any; otherwise every line is one. Inside a
    blank-line block, a line that opens a list item (``- ``, ``1. ``, ``（一）``, ``一、``) starts a
    paragraph, and a line without final punctuation that is not as wide as wrapped text (under
    :data:`WRAP_COLUMNS` columns, or much narrower than the block's widest line: a heading,
    caption, breadcrumb or dateline) ends one; the other lines were wrapped and are joined (with
    nothing between Chinese characters, else a space).

    >>> split_paragraphs("A b.\\nc d.\\n\\nE.")
    ['A b. c d.', 'E.']
    >>> split_paragraphs("甲。\\n乙。")
    ['甲。', '乙。']
    >>> split_paragraphs("Intro.\\n\\nKey points:\\n- First item\\n- Second (IP)\\n- Third")
    ['Intro.', 'Key points:', '- First item', '- Second (IP)', '- Third']
    >>> split_paragraphs("Heading\\nA long line of text that was wrapped by the editor at some\\nwidth, and goes on.\\n\\nEnd.")
    ['Heading', 'A long line of text that was wrapped by the editor at some width, and goes on.', 'End.']
    >>> split_paragraphs("首页 > 专利 >详情页\\n《方案》解读\\n国家知识产权局 2022-07-01\\n\\n正文。")
    ['首页 > 专利 >详情页', '《方案》解读', '国家知识产权局 2022-07-01', '正文。']
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
            paragraphs += [_HAN_JOIN.sub("", "\n".join(part)).replace("\n", " ") for part in _wrapped(block)]
            block = []
    return paragraphs


def _wrapped(block: list[str]) -> list[list[str]]:
    """The lines of a blank-line block grouped into paragraphs (see :func:`split_paragraphs`)."""
    widest = max(_columns(line) for line in block)
    groups: list[list[str]] = []
    for line in block:
        if not groups or _LIST_ITEM.match(line):
            groups.append([line])
            continue
        previous = groups[-1][-1]
        wrapped = _columns(previous) >= max(SHORT_LINE * widest, WRAP_COLUMNS)
        if not _ENDS.search(previous) and not wrapped or previous.endswith(":"):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _columns(line: str) -> int:
    """A line's width in columns, a Han character (or full-width mark) taking two."""
    return len(line) + len(_WIDE.findall(line))


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"\p{Latin}")


def letter_counts(text: str) -> tuple[int, int]:
    """How many Han characters and how many Latin letters ``text`` holds.

    >>> letter_counts("Xi 習近平")
    (3, 2)
    """
    return len(_HAN.findall(text)), len(_LATIN.findall(text))


def paragraph_language(paragraph: str) -> str | None:
    """``"zh"`` or ``"en"`` by the script of the paragraph's letters, ``None`` when it has none.

    A Han character weighs as much as three Latin letters, so a Chinese line with a date,
    digits or an acronym is Chinese and an English line naming a Chinese place is English.

    >>> paragraph_language("新華網 2020-12-02 09:28")
    'zh'
    >>> paragraph_language("Xi Jinping (習近平) spoke at the study session.")
    'en'
    """
    han, latin = letter_counts(paragraph)
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
                         " pair one of its languages with another file in a manifest (bitext build), or give"
                         " --src-lang/--tgt-lang to read every paragraph in that language", origin)
    return lang
