"""Features of sentences, the stage between segmentation and alignment: lengths and lexical tokens.

Sentences are compared in one form: Chinese in OpenCC-Simplified characters (:func:`comparison_form`),
whatever script it is written in. A sentence's length is its characters other than whitespace in
that form. English sentences become Porter stems (PyStemmer, Snowball's C Porter), number values
and the marks ``?`` and ``!``; Chinese sentences become jieba words (jieba-rs) with numerals, Latin
tokens and marks turned into the same features as on the English side, so ``十八大`` and ``18th``
share the feature ``#18``, and ``5G`` inside Chinese matches ``5G``.

A Chinese word is carried into the English features through CC-CEDICT (:mod:`bitext.dictionary`):
the stems of its glosses, each gloss entry weighted equally; a word the dictionary lacks is looked
up character by character. :func:`lexical_input` hands both sides to the alignment core as ids.
"""

from __future__ import annotations

import threading
from collections import Counter
from functools import lru_cache
from itertools import permutations
from typing import Iterable, Mapping, Sequence

import numpy as np
import regex
from scipy import sparse

from . import dictionary
from .align.learning import MODEL1_BEADS
from .align.similarity import table_matrix
from .align.tokens import LexicalInput, TokenIds
from .romanize import name_key, wade_giles

class Vocabulary:
    """Feature strings ↔ ids, growing as new features are seen."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def id(self, feature: str) -> int:
        """The id of ``feature``, a new one the first time."""
        return self.ids.setdefault(feature, len(self.ids))

    def encode(self, docs: Iterable[Sequence[str]]) -> TokenIds:
        """Token lists (any iterable, consumed once) as :class:`TokenIds`."""
        known = self.ids
        ids: list[int] = []
        offsets = [0]
        for doc in docs:
            for token in doc:
                index = known.get(token)
                if index is None:
                    index = known[token] = len(known)
                ids.append(index)
            offsets.append(len(ids))
        return TokenIds(np.array(ids, dtype=np.int32), np.array(offsets, dtype=np.int64))





@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def comparison_form(sentence: str, lang: str) -> str:
    """The form a sentence is compared in: Chinese converted to Simplified characters (OpenCC
    ``t2s``), other languages as written.

    >>> comparison_form("知識產權保護", "zh"), comparison_form("IPR", "en")
    ('知识产权保护', 'IPR')
    """
    return _t2s().convert(sentence) if lang == "zh" else sentence


def sentence_length(sentence: str, lang: str) -> int:
    """Length unit of the model: characters other than whitespace, in the comparison form.

    >>> sentence_length("IPR protection.", "en"), sentence_length("知識產權保護。", "zh")
    (14, 7)
    """
    return len("".join(comparison_form(sentence, lang).split()))


def cut(text: str, proper_nouns: bool = True) -> list[str]:
    """jieba's words of ``text`` (Simplified Chinese), punctuation included: jieba's dictionary
    and, for words it lacks, its HMM, run by jieba-rs (the ``rjieba`` package; 20× faster than
    the Python ``jieba`` and, as it ships, the same words on 99.97% of the Bible's sentences).

    >>> cut("他们说加强知识产权保护。")
    ['他们', '说', '加强', '知识产权', '保护', '。']

    CC-CEDICT's proper nouns that jieba alone cuts into pieces (亚米 / 拿 / 达, 约 / 沙法) are
    words too (:func:`_segmenter`):

    >>> cut("亚兰生亚米拿达。约沙法生约兰。")
    ['亚兰', '生', '亚米拿达', '。', '约沙法', '生约兰', '。']
    >>> cut("亚兰生亚米拿达。约沙法生约兰。", proper_nouns=False)
    ['亚兰', '生亚米', '拿', '达', '。', '约', '沙法', '生约兰', '。']
    """
    return (_segmenter() if proper_nouns else _plain_segmenter()).cut(text)


#: The shortest CC-CEDICT proper noun jieba learns as a word.
PROPER_NOUN_CHARS = 2


@lru_cache(maxsize=1)
def _segmenter():
    """jieba-rs (its default instance) with CC-CEDICT's proper nouns added as words of frequency
    1 where jieba alone cuts them into a single character or a piece it does not know (亚米 / 拿
    / 达, 国家 / 发展 / 改革 / 委); not those it cuts into words (知识 / 共享 is knowledge
    sharing more often than Creative Commons). At frequency 1 they win over such pieces, not over
    the words around them (光明和黑暗 stays 光明 / 和 / 黑暗 with 明和, a place, added)."""
    import rjieba  # its default instance: a second one would hold jieba's dictionary twice (30 MB)

    with _ADDING_NAMES:  # threads of one process (a Dask worker's) add them once, not side by side
        cut_apart = [name for name in dictionary.proper_nouns(PROPER_NOUN_CHARS)
                     if any(len(piece) == 1 or not rjieba.has_word(piece) for piece in rjieba.cut(name))]
        for name in cut_apart:  # decided first: no name's choice depends on the names added before it
            rjieba.add_word(name, 1, None)
    return rjieba


_ADDING_NAMES = threading.Lock()


@lru_cache(maxsize=1)
def _plain_segmenter():
    """jieba-rs as it ships, for the ablation without the proper nouns (30 MB more)."""
    import rjieba

    return rjieba.Jieba()


_WORD = regex.compile(r"\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*")


def words(text: str, lang: str) -> list[str]:
    """Word tokens, punctuation dropped: lowercased English words and numbers; jieba words of the
    Simplified form of Chinese, Latin lowercased.

    >>> words("China's IPR-related work, 3.5% up.", "en")
    ["china's", 'ipr-related', 'work', '3.5', 'up']
    >>> words("加強知識產權保護", "zh")
    ['加强', '知识产权', '保护']
    """
    if lang == "zh":
        return [token.lower() for token in cut(comparison_form(text, "zh")) if _WORDLIKE.search(token)]
    return [token.lower() for token in _WORD.findall(text)]


_EN_TOKEN = regex.compile(r"\p{N}+(?:[.,]\p{N}+)*(?:st|nd|rd|th)?|\p{L}+(?:['’]\p{L}+)*|[?!]")
#: A word that starts with a numeral, and the rest; 两 after a digit is the measure word (三两
#: "three taels") unless a unit follows (一千两百).
_ZH_NUMERAL = regex.compile(r"^第?((?:[零〇一二两三四五六七八九十百千万亿])(?:[零〇一二三四五六七八九十百千万亿]|两(?=[十百千万亿]))*)(.*)$")
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
_NUMBERISH = frozenset(_EN_NUMBERS) | frozenset(_EN_SCALES)
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
#: 两 after a digit and before no unit: the measure word "tael" (三两银子), not a number.
_MEASURE_LIANG = regex.compile(r"(?<=.)两(?![十百千万亿])")
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
    tokens = _EN_TOKEN.findall(text.lower())
    if _NUMBERISH.isdisjoint(tokens) and not _DIGIT.search(text):  # no number: each token on its own
        cache = _WORD_FEATURE
        return [cache.get(t) or _word_feature(t) for t in tokens]
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


_DIGIT = regex.compile(r"\p{N}")
#: A token feature per lowercased token without numbers: its stem, or the mark.
_WORD_FEATURE: dict[str, str] = {}


def _word_feature(token: str) -> str:
    feature = _MARKS.get(token) or _stem(token)
    if len(_WORD_FEATURE) < 500_000:
        _WORD_FEATURE[token] = feature
    return feature


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


def chinese_numbers(numeral: str) -> tuple[int, ...] | None:
    """The values of a Chinese numeral, or None if it is not one: one value, or several where
    numbers stand side by side (七八 "seven or eight" is 7 and 8; 十七八 "seventeen or eighteen" is
    17, and 18 or 8, as 十四五 is "fourteen or fifteen" or the 14th five-year plan); three or more
    bare digits are written digit by digit (一九四九 is 1949).

    >>> chinese_numbers("九百六十九"), chinese_numbers("十八"), chinese_numbers("三万五千"), chinese_numbers("百姓")
    ((969,), (18,), (35000,), None)
    >>> chinese_numbers("十四五"), chinese_numbers("七八"), chinese_numbers("二〇二〇"), chinese_numbers("一百零五")
    ((14, 15, 5), (7, 8), (2020,), (105,))
    >>> chinese_numbers("两三"), chinese_numbers("一千两百"), chinese_numbers("八九两")
    ((2, 3), (1200,), None)
    """
    if _MEASURE_LIANG.search(numeral):  # 三两 "three taels": a number and its measure word
        return None
    if numeral and all(ch in _ZH_DIGITS for ch in numeral):
        if len(numeral) >= 3 and "两" not in numeral:
            return (int("".join(str(_ZH_DIGITS[ch]) for ch in numeral)),)
        return tuple(_ZH_DIGITS[ch] for ch in numeral)
    values: list[int] = []
    total = section = digit = 0
    seen = False
    for ch in numeral:
        if ch in _ZH_DIGITS:
            if digit:  # a digit after a digit that no unit took: the numbers stand side by side
                values.append(total + section + digit)
                if total + section:  # 十七八: the second also read with the first's tens
                    values.append(total + section + _ZH_DIGITS[ch])
                total = section = 0
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
    return (*values, total + section + digit) if seen else None


def chinese_features(text: str, proper_nouns: bool = True) -> list[str]:
    """jieba words of the Simplified text (CC-CEDICT's proper nouns kept whole unless
    ``proper_nouns`` is false, :func:`cut`); numerals as numbers, Latin words stemmed as in English.

    >>> chinese_features("十八大以来，加強知識產權保護？")
    ['#18', '大', '以来', '加强', '知识产权', '保护', '?']
    >>> chinese_features("二〇二〇年，“十四五”规划")
    ['#2020', '年', '#14', '#15', '#5', '规划']
    >>> chinese_features("约有三两上下"), chinese_features("八九两")
    (['约', '有', '#3', '两', '上下'], ['#8', '#9', '两'])
    """
    out: list[str] = []
    for token in cut(_ZH_SPELLED_OUT.sub(_in_digits, comparison_form(text, "zh")), proper_nouns):
        out.extend(_token_features(token))
    return out


#: Numerals of three characters or more, read before jieba cuts them (:func:`_in_digits`).
_ZH_SPELLED_OUT = regex.compile(r"[零〇一二两三四五六七八九十百千万亿]{3,}")


def _in_digits(match: regex.Match) -> str:
    """A numeral of three characters or more in Arabic digits, numbers side by side apart (jieba
    cuts those written digit by digit, 二〇/二〇, and keeps numbers side by side inside other
    words); words that are not numerals as they are.

    >>> _ZH_SPELLED_OUT.sub(_in_digits, "二〇二〇年、一百二十三人、个十四五岁、千千万万")
    '2020年、123人、个 14 15 5 岁、千千万万'
    """
    run = match.group(0)
    values = chinese_numbers(run)
    if values is None:
        return run
    return str(values[0]) if len(values) == 1 else f" {' '.join(map(str, values))} "


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
    values = chinese_numbers(numeral.group(1)) if numeral else None
    if values is None:
        return (token,)
    return tuple(number_feature(v) for v in values) + ((numeral.group(2),) if numeral.group(2) else ())


def gloss_stems(definition: str, proper: bool = False) -> list[str]:
    """The content stems of one CC-CEDICT definition; none for cross-references. Acronyms written
    in it are kept, brackets or not (World Trade Organization (WTO) → ..., wto); the gloss of a
    proper noun (``proper``) is its name, the words before its first comma or bracket (Xi Jinping
    (1953-), PRC politician → xi, jinp, prc), not the description around it.

    >>> gloss_stems("to protect (sth); to safeguard"), gloss_stems("variant of 保護|保护")
    (['protect', 'safeguard'], [])
    >>> gloss_stems("World Trade Organization (WTO)")
    ['world', 'trade', 'organ', 'wto']
    >>> gloss_stems("Xi Jinping (1953-), PRC politician", proper=True)
    ['xi', 'jinp', 'prc']
    """
    lowered = definition.lower()
    if lowered.startswith(_GLOSS_SKIP):
        return []
    acronyms = [_stem(a.lower()) for a in _ACRONYM.findall(definition)]
    head = _PROPER_HEAD.split(definition, maxsplit=1)[0] if proper else definition
    stems = [_stem(w) for w in _LETTERS.findall(_BRACKETED.sub(" ", head.lower()))
             if w not in _GLOSS_STOP and not _LATIN_PINYIN.fullmatch(w)]
    return list(dict.fromkeys(stems + acronyms))


_ACRONYM = regex.compile(r"\b\p{Lu}{2,6}\b")
_PROPER_HEAD = regex.compile(r"[,(;]")
_LATIN_PINYIN = regex.compile(r"[a-z]+[1-5]")
_BRACKETED = regex.compile(r"\([^)]*\)|\[[^\]]*\]")
_LETTERS = regex.compile(r"\p{L}+")
_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=50_000)
def dictionary_entry(word: str) -> dict[str, float] | None:
    """A Chinese word's CC-CEDICT translations as {English stem: weight}, weights summing to 1;
    ``None`` when the dictionary lacks it.

    >>> dictionary_entry("保护")
    {'protect': 0.3333333333333333, 'defend': 0.3333333333333333, 'safeguard': 0.3333333333333333}
    """
    definitions, readings = dictionary.entry(word)
    if definitions is None:
        return None
    proper = any(reading[:1].isupper() for reading in readings)
    stems = list(dict.fromkeys(s for definition in definitions.split("/")
                               for s in gloss_stems(definition, proper)))[:12]
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


#: The share of a Chinese word's dictionary row its glosses' synonyms take in Model 1's prior.
SYNONYM_SHARE = 0.25
#: Synonyms a gloss stem keeps: its most frequent partners, each seen in at least two entries.
SYNONYMS = 3
#: Entries with more one-word definitions than this (several senses) teach no synonyms.
SYNONYM_ENTRY_WORDS = 6


@lru_cache(maxsize=1)
def gloss_synonyms() -> dict[str, tuple[tuple[str, float], ...]]:
    """Synonyms of the dictionary's gloss stems, from CC-CEDICT itself: the one-word definitions
    of one headword (two to :data:`SYNONYM_ENTRY_WORDS` stems) are counted as synonyms of each
    other over the dictionary; each stem keeps its :data:`SYNONYMS` most frequent partners seen
    at least twice, weighted by their counts (weights summing to 1).

    >>> [stem for stem, _ in gloss_synonyms()["foundat"]]
    ['base', 'basi', 'root']
    """
    together: Counter = Counter()
    for words in dictionary.one_word_definitions():
        stems = list(dict.fromkeys(_stem(w) for w in words if w not in _GLOSS_STOP))
        if 2 <= len(stems) <= SYNONYM_ENTRY_WORDS:
            together.update(permutations(stems, 2))
    partners: dict[str, list[tuple[int, str]]] = {}
    for (stem, other), n in together.items():
        if n >= 2:
            partners.setdefault(stem, []).append((n, other))
    out = {}
    for stem, found in partners.items():
        kept = sorted(found, key=lambda item: (-item[0], item[1]))[:SYNONYMS]
        total = sum(n for n, _ in kept)
        out[stem] = tuple((other, n / total) for n, other in kept)
    return out


def with_synonyms(table: Mapping[str, Mapping[str, float]], share: float = SYNONYM_SHARE
                  ) -> dict[str, dict[str, float]]:
    """``table`` (Chinese word → {English stem: weight}) with ``share`` of each stem's weight given
    to its synonyms (:func:`gloss_synonyms`); a stem without synonyms keeps its weight whole, so
    a row's sum stays as it was.

    >>> row = with_synonyms({"根基": {"foundat": 1.0}}, share=0.5)["根基"]
    >>> row["foundat"], round(sum(row.values()), 6), "base" in row
    (0.5, 1.0, True)
    """
    synonyms = gloss_synonyms()
    out = {}
    for word, row in table.items():
        spread: dict[str, float] = {}
        for stem, weight in row.items():
            others = synonyms.get(stem, ())
            spread[stem] = spread.get(stem, 0.0) + (weight * (1.0 - share) if others else weight)
            for other, part in others:
                spread[other] = spread.get(other, 0.0) + weight * share * part
        out[word] = spread
    return out


#: A word as names are printed: letters, with apostrophes and hyphens inside (Tse-tung, Ch'ing),
#: not a possessive's.
_NAME_WORD = regex.compile(r"\p{L}+(?:['’](?!s\b)\p{L}+|-\p{L}+)*")


def english_names(sentences: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The names of an English text: words written capitalised inside a sentence (not as its
    first word) and never in lower case anywhere in the text, by their :func:`.romanize.name_key`,
    each with the features :func:`english_features` makes of it.

    >>> english_names(["Then Wang Qiyao left.", "She met Wu Peizhen there.", "They said then."])
    {'peizhen': ('peizhen',), 'qiyao': ('qiyao',), 'wang': ('wang',), 'wu': ('wu',)}
    >>> names = english_names(["Then Mao Tse-tung spoke of Ch'ing times and Wang Qiyao's mother."])
    >>> names["tsetung"], names["ching"], names["qiyao"]
    (('tse', 'tung'), ("ch'ing",), ('qiyao',))
    """
    capitalised, lowered = {}, set()
    for sentence in sentences:
        words = _NAME_WORD.findall(sentence)
        lowered.update(w for w in words if w.islower())
        for w in words[1:]:
            if w[:1].isupper() and w[1:].islower():
                capitalised.setdefault(w.lower(), w)
    found = {name_key(w): tuple(english_features(w)) for lower, w in sorted(capitalised.items()) if lower not in lowered}
    return {key: spelled for key, spelled in found.items() if spelled}


def name_table(words: Iterable[str], names: Mapping[str, Sequence[str]]) -> dict[str, dict[str, float]]:
    """The Chinese words of ``words`` that spell names of the English side (see
    :func:`english_names`) in pinyin or Wade–Giles, as translations into those names' features:
    the whole word (清扬 → qingyang), or its first character and the rest (王 + 琦瑶 → wang, qiyao;
    毛 + 泽东 → mao, tse, tung). Literary translators keep names in pinyin where they rewrite
    everything around them; older and Taiwanese texts print them in Wade–Giles. Each character is
    read as CC-CEDICT reads it alone, a first character preferring its surname reading (单 Shan,
    曾 Zeng); words of one character are left out: too many common ones spell a name (但 "but" is
    the Bible's Dan).

    >>> name_table(["王琦瑶", "清扬", "陈", "走"], english_names(["So Wang Qiyao, Qingyang and Chen went."]))
    {'王琦瑶': {'wang': 0.5, 'qiyao': 0.5}, '清扬': {'qingyang': 1.0}}
    >>> name_table(["毛泽东"], english_names(["Then Mao Tse-tung spoke."]))
    {'毛泽东': {'mao': 0.5, 'tse': 0.25, 'tung': 0.25}}
    """
    table: dict[str, dict[str, float]] = {}
    if not names:
        return table
    for word in words:
        for whole, first, rest in _name_keys(word):
            if whole in names:
                table[word] = _spread_over([names[whole]])
            elif rest != first and first in names and rest in names:
                table[word] = _spread_over([names[first], names[rest]])
            else:
                continue
            break
    return table


@lru_cache(maxsize=50_000)
def _name_keys(word: str) -> tuple[tuple[str, str, str], ...]:
    """The :func:`.romanize.name_key` of a Chinese word's reading whole, of its first character
    and of the rest, in pinyin and then in Wade–Giles (as :func:`name_table` reads them); none
    for a word of one character or of other than Chinese characters, or a character CC-CEDICT
    lacks. Kept for the next text of the process (a corpus's pairs share most of their words).

    >>> _name_keys("王琦瑶")
    (('wangqiyao', 'wang', 'qiyao'), ('wangchiyao', 'wang', 'chiyao'))
    """
    if len(word) < 2 or not dictionary.ALL_HAN.match(word):
        return ()
    syllables = [_reading(ch, surname=(k == 0)) for k, ch in enumerate(word)]
    if not all(syllables):
        return ()
    return tuple((name_key("".join(spelled)), name_key(spelled[0]), name_key("".join(spelled[1:])))
                 for spelled in (syllables, [wade_giles(s) for s in syllables]))


def _spread_over(parts: Sequence[Sequence[str]]) -> dict[str, float]:
    """Weight 1 shared equally by the parts, each part's share equally by its features."""
    row: dict[str, float] = {}
    for part in parts:
        for feature in part:
            row[feature] = row.get(feature, 0.0) + 1.0 / len(parts) / len(part)
    return row


@lru_cache(maxsize=20_000)
def _reading(character: str, surname: bool) -> str:
    """A character's pinyin, lowercased: its capitalised (surname) reading first when ``surname``,
    else its first lowercase one; "" when CC-CEDICT lacks it.

    >>> _reading("单", True), _reading("单", False), _reading("琦", False)
    ('shan', 'dan', 'qi')
    """
    found = dictionary.readings(character)
    proper = [r for r in found if r[:1].isupper()]
    common = [r for r in found if not r[:1].isupper()]
    ordered = (proper + common) if surname else (common + proper)
    return ordered[0].lower() if ordered else ""


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


#: Quotation marks that open and close a quotation; straight quotes open at a word's start and
#: close at its end (an apostrophe inside a word, as in "wouldn't", does neither).
_QUOTE_OPEN = regex.compile(r"[“「『]|(?:^|(?<=[\s(\[—–-]))['\"‘](?=\S)")
_QUOTE_CLOSE = regex.compile(r"[”」』]|(?<=[\p{L}\p{N}.,!?;:…—–-])['\"’](?=$|[\s)\].,;:!?…—–-])")


def quotation_open(sentences: Sequence[str], paragraph_ends: Sequence[bool] | None = None) -> list[bool]:
    """Whether a quotation is still open after each sentence: its last quotation mark opens one,
    or it has none and the quotation is open after the sentence before; a paragraph end closes it.

    >>> quotation_open(["刘老老道：“好啊?", "周嫂子。”", "He said, 'Man proposes.", "God disposes.'", "It's late."])
    [True, False, True, False, False]
    """
    out, inside = [], False
    for k, sentence in enumerate(sentences):
        marks = sorted([(m.start(), True) for m in _QUOTE_OPEN.finditer(sentence)]
                       + [(m.start(), False) for m in _QUOTE_CLOSE.finditer(sentence)])
        if marks:
            inside = marks[-1][1]
        out.append(inside)
        if paragraph_ends is not None and paragraph_ends[k]:
            inside = False
    return out


def features(text: str, lang: str, proper_nouns: bool = True) -> list[str]:
    """The lexical features of a sentence in ``lang`` (``zh`` or anything read as English-like);
    ``proper_nouns`` as :func:`chinese_features` takes it."""
    return chinese_features(text, proper_nouns) if lang == "zh" else english_features(text)


def lexical_input(src: Sequence[str], src_lang: str, tgt: Sequence[str], tgt_lang: str,
                  names: bool = True, examples: Sequence[tuple[str, str]] = (),
                  paragraph_ends: tuple[Sequence[bool], Sequence[bool]] | None = None,
                  proper_nouns: bool = True, synonyms: bool = True) -> LexicalInput:
    """Both sides' sentences as the core's :class:`~bitext.align.tokens.LexicalInput`: a Chinese side
    facing another language is carried into that language's features by the dictionary; two sides
    of the same kind share features directly. With ``names``, Chinese words that spell the English
    side's names in pinyin translate to them (:func:`name_table`); with ``proper_nouns``, CC-CEDICT's
    proper nouns jieba would cut apart are words (:func:`cut`); with ``synonyms``, the glosses'
    synonyms join the table Model 1 and the likelihood start from (:func:`with_synonyms`; the
    sentence vectors that find blocks keep the glosses alone). ``examples`` are sentence pairs
    known to translate each other (source-language text, target-language text) for Model 1 to
    learn from besides the text: encoded in the same vocabularies. ``paragraph_ends`` (whether
    each sentence ends its paragraph, both sides) lets the alignment learn what paragraphs say.

    >>> li = lexical_input(["The king said."], "en", ["王说。"], "zh")
    >>> li.src_table is None and li.tgt_table is not None
    True
    """
    endings = ([ending(s) for s in src], [ending(s) for s in tgt])
    src_ends, tgt_ends = paragraph_ends if paragraph_ends is not None else (None, None)
    quotations = (quotation_open(src, src_ends), quotation_open(tgt, tgt_ends))
    translated = "tgt" if tgt_lang == "zh" and src_lang != "zh" else "src" if src_lang == "zh" and tgt_lang != "zh" else None
    space = Vocabulary()
    # features are encoded as they are made, sentence by sentence: no list of strings per token
    if translated is None:
        src_ids = space.encode(features(s, src_lang, proper_nouns) for s in src)
        tgt_ids = space.encode(features(s, tgt_lang, proper_nouns) for s in tgt)
        pairs = _encode_examples(examples, space, src_lang, space, tgt_lang, proper_nouns)
        return LexicalInput(src_ids, tgt_ids, len(space), endings=endings, quotations=quotations, examples=pairs,
                            paragraph_ends=paragraph_ends)
    (plain, plain_lang), (foreign, foreign_lang) = (((src, src_lang), (tgt, tgt_lang)) if translated == "tgt"
                                                    else ((tgt, tgt_lang), (src, src_lang)))
    plain_ids = space.encode(features(s, plain_lang, proper_nouns) for s in plain)
    text_features = len(space)  # the examples' features come after: the dictionary links none of them
    words = Vocabulary()
    words.id("")  # 0: the empty word of Model 1
    foreign_ids = words.encode(features(s, foreign_lang, proper_nouns) for s in foreign)
    if translated == "tgt":
        pairs = _encode_examples(examples, space, src_lang, words, tgt_lang, proper_nouns)
    else:
        pairs = _encode_examples(examples, words, src_lang, space, tgt_lang, proper_nouns)
    table = dictionary_table(w for w in words.ids if w)
    spelled = set()
    if names and plain_lang == "en":
        spelled = english_names(plain)
    for word, name in name_table((w for w in words.ids if w), spelled).items():  # a name is its pinyin; a dictionary word that spells one, both
        entry = dictionary_entry(word)
        table[word] = name if entry is None else {f: 0.5 * p for f, p in entry.items()} | {
            f: 0.5 * p + 0.5 * entry.get(f, 0.0) for f, p in name.items()}

    def matrix(table: Mapping[str, Mapping[str, float]]) -> sparse.csr_matrix:
        word_ids, feature_ids, weights = [], [], []
        known, word_id = space.ids, words.ids
        for word, row in table.items():
            w = word_id[word]
            for f, p in row.items():
                k = known.get(f, text_features)
                if k < text_features:  # a feature of the text's own side
                    word_ids.append(w)
                    feature_ids.append(k)
                    weights.append(p)
        return table_matrix(word_ids, feature_ids, weights, len(words), len(space))

    # the sentence vectors' table has the glosses alone; Model 1's prior and the likelihood, their synonyms too
    shared = {"endings": endings, "quotations": quotations, "examples": pairs, "paragraph_ends": paragraph_ends,
              "prior_table": matrix(with_synonyms(table)) if synonyms else None}
    if translated == "tgt":
        return LexicalInput(plain_ids, foreign_ids, len(space), tgt_table=matrix(table), **shared)
    return LexicalInput(foreign_ids, plain_ids, len(space), src_table=matrix(table), **shared)


def _encode_examples(examples: Sequence[tuple[str, str]], src_space: Vocabulary, src_lang: str,
                     tgt_space: Vocabulary, tgt_lang: str, proper_nouns: bool = True
                     ) -> tuple[TokenIds, TokenIds] | None:
    """Sentence pairs to learn from as token ids of both sides (None when there are none)."""
    if not examples:
        return None
    return (src_space.encode(_example_features(s, src_lang, proper_nouns) for s, _ in examples),
            tgt_space.encode(_example_features(t, tgt_lang, proper_nouns) for _, t in examples))


@lru_cache(maxsize=2 * MODEL1_BEADS)
def _example_features(text: str, lang: str, proper_nouns: bool) -> tuple[str, ...]:
    """:func:`features` of a sentence to learn from, kept for the next text of the process that
    learns from it too (the pairs of a corpus learn from the same pairs of the others): as many as
    both sides of the pairs Model 1 trains on."""
    return tuple(features(text, lang, proper_nouns))
