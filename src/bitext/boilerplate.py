"""Boilerplate: the lines a web page or a news release carries around its text, which are not
translations of anything: navigation (``Home > Content``, ``首页 > 知识产权 > 专利``), datelines and
bylines (``Updated: 2020-12-02 10:37:29 China Daily``, ``新華網 2020-12-02 09:28``), photo credits
(``[Photo/Xinhua]``), keyword, source and editor lines (``Keywords: ...``, ``来源：...``).

They are recognised by their form alone, sentence by sentence, kept out of the alignment's
lexical evidence and out of every translation unit (:func:`boilerplate_lines`), and listed in the
report; ``--keep-boilerplate`` keeps them.
"""

from __future__ import annotations

from typing import Sequence

import regex

_FINAL = regex.compile(r"[.!?。！？;；…][\"”’')）」』]*$")
_NAVIGATION = regex.compile(r"^[^.!?。！？]{0,60}?(?:\s[>›»]\s?|[>›»]\s)[^.!?。！？]{0,80}$")
_CREDIT = regex.compile(r"^[\[（(【]?\s*(?:photos?|images?|videos?|graphics?|图片|圖片|图|圖|视频|視頻|摄影|攝影)"
                        r"\s*[/／:：]\s*[^\]）)】]{1,40}[\]）)】]?$", flags=regex.I)
_LABELLED = regex.compile(r"^(?:key\s*words?|tags?|source|editor|edited by|reporter|关键词|關鍵詞|关键字|標籤|标签|来源|來源"
                          r"|责任编辑|責任編輯|编辑|編輯|记者|記者)\s*[:：]", flags=regex.I)
_DATE = regex.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}:\d{2}(?::\d{2})?"
                      r"|(?:updated|published|posted|time|date|发布时间|發佈時間|时间|時間)\s*[:：]?", flags=regex.I)
_WORD = regex.compile(r"\p{Latin}+|\p{Han}")


def boilerplate_reason(sentence: str) -> str | None:
    """Why a sentence is boilerplate ("navigation", "credit", "label", "dateline"), or None.

    >>> [boilerplate_reason(s) for s in ("Home   >     Content", "首页 > 知识产权 > 专利 >详情页", "[Photo/Xinhua]",
    ...  "Keywords:   Xi protection IPR", "Updated:2020-12-02 10:37:29   China Daily", "新華網 2020-12-02 09:28")]
    ['navigation', 'navigation', 'credit', 'label', 'dateline', 'dateline']
    >>> [boilerplate_reason(s) for s in ("習近平:全面加強知識產權保護", "He left on 2020-12-02 at 10:30.",
    ...  "Growth > 5% is expected.", "1949年10月1日，新中国成立。")]
    [None, None, None, None]
    """
    text = sentence.strip()
    if not text or _FINAL.search(text):
        return None
    if _NAVIGATION.match(text) and len(_WORD.findall(text)) <= 20:
        return "navigation"
    if _CREDIT.match(text):
        return "credit"
    if _LABELLED.match(text):
        return "label"
    rest = _DATE.sub(" ", text)
    if rest != text and regex.search(r"\d{4}", text):
        words = _WORD.findall(rest)
        latin = sum(1 for w in words if w.isascii())
        if latin <= 4 and len(words) - latin <= 12:
            return "dateline"
    return None


def boilerplate_lines(sentences: Sequence[str]) -> dict[int, str]:
    """The boilerplate sentences of a side: index → reason."""
    found = {}
    for index, sentence in enumerate(sentences):
        reason = boilerplate_reason(sentence)
        if reason is not None:
            found[index] = reason
    return found
