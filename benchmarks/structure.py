#!/usr/bin/env python3
"""Documents that do not line up, built from the Bible: chapters as paragraphs, broken the ways
translators' files are (tests/test_structure.py does the same with the Xinhua article).

    python benchmarks/structure.py [--data ../shared/eval/bible] [--tools ../shared/tools]
                                   [--books "Gen 1 12,Exo 1 12,..."]

For each book range (book, first and last chapter), the English and Chinese chapters are the
paragraphs of the two sides (lines of ../shared/eval/bible, chapters from the verse references).
Each case is aligned through the library (:func:`bitext.align_sides`, moves looked for) and the
pairs written at the default threshold are scored against the gold (``gold/006.align``) as the
data's README scores the Bible: consecutive written pairs inside one verse are merged
(``beadscore.verse_merge``), and a unit is right when it is a gold bead. Recall is over the gold
beads with both sides whose lines are all present in both files. Cases: two chapters swapped
(near, far, first and last), one chapter moved (forward, back), an untranslated three-sentence
note added (start, middle, end), the English stopping two chapters early, and two Chinese
chapters against the whole English range as one paragraph (an excerpt); and the intact range. A
case below precision 0.95 or recall 0.9 is marked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bitext import align_sides
from bitext.formats.beads import parse as parse_beads
from bitext.score import DEFAULT_MIN_SCORE
from bitext.segment.sides import make_side
from common import SHARED, load_beadscore

BOOKS = "Gen 1 12,Exo 1 12,Num 1 10,Mat 1 12,Luk 1 8,Act 1 10,Jhn 1 10"
NOTE = ["编者按：本文根据和合本整理，标点有改动。", "文中注释为编者所加。", "转载请注明出处。"]


def chapters(verses: list[str], count: int, book: str, first: int, last: int) -> list[list[int]]:
    """The line numbers (of the first ``count`` lines) of chapters ``first``–``last`` of ``book``,
    one list a chapter."""
    out: dict[int, list[int]] = {}
    for k, verse in enumerate(verses[:count]):
        name, chapter, _ = verse.split(":")
        if name == book and first <= int(chapter) <= last:
            out.setdefault(int(chapter), []).append(k)
    return [out[c] for c in sorted(out)]


def cases(english: list[list[int]], chinese: list[list[int]], note: list[int]):
    """(name, English paragraphs, Chinese paragraphs) of each case, as line numbers (``note``: the
    lines of the untranslated note)."""
    n = len(english)
    yield "intact", english, chinese
    for a, b in ((1, n - 2), (3, 7), (0, n - 1)):
        swapped = [list(p) for p in chinese]
        swapped[a], swapped[b] = swapped[b], swapped[a]
        yield f"chapters {a + 1} and {b + 1} swapped", english, swapped
    for a, b in ((2, n - 2), (n - 2, 2)):
        moved = [list(p) for p in chinese]
        moved.insert(b, moved.pop(a))
        yield f"chapter {a + 1} moved to {b + 1}", english, moved
    for at in (1, n // 2, n - 1):
        noted = [list(p) for p in chinese]
        noted.insert(at, note)
        yield f"a note before chapter {at + 1}", english, noted
    yield "the English stops two chapters early", english[:-2], chinese
    yield ("two Chinese chapters against the whole English", [[k for p in english for k in p]],
           [[k for p in chinese[n // 2:n // 2 + 2] for k in p]])


def written_units(english: list[list[int]], chinese: list[list[int]], en: list[str], zh: list[str], bs,
                  en_verses: list[str], zh_verses: list[str]):
    """The pairs written at the default threshold as line numbers, those inside one verse merged;
    and the aligned document."""
    src_lines = [k for p in english for k in p]
    tgt_lines = [k for p in chinese for k in p]
    doc = align_sides(make_side([[en[k] for k in p] for p in english], "en"),
                      make_side([[zh[k] for k in p] for p in chinese], "zh"), "case")
    pairs = [(tuple(src_lines[i] for i in b.bead.src), tuple(tgt_lines[j] for j in b.bead.tgt))
             for b in doc.beads if b.is_pair and b.score >= DEFAULT_MIN_SCORE]
    return [(tuple(sorted(a)), tuple(sorted(b))) for a, b in bs.verse_merge(pairs, en_verses, zh_verses)], doc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(SHARED / "eval" / "bible"))
    parser.add_argument("--tools", default=str(SHARED / "tools"), help="where beadscore.py is")
    parser.add_argument("--books", default=BOOKS, help="comma-separated 'Book first last' ranges")
    args = parser.parse_args()
    data, tools = Path(args.data), Path(args.tools)
    if not (data / "en.verse").exists() or not (data / "gold" / "006.align").exists():
        print(f"structure.py: {data}: no en.verse or gold/006.align (give --data)", file=sys.stderr)
        return 1
    if not (tools / "beadscore.py").exists():
        print(f"structure.py: {tools}: no beadscore.py (give --tools)", file=sys.stderr)
        return 1
    bs = load_beadscore(tools)
    en = (data / "en.txt").read_text(encoding="utf-8").splitlines()
    zh = (data / "zh.txt").read_text(encoding="utf-8").splitlines()
    en_verses = (data / "en.verse").read_text(encoding="utf-8").split()
    zh_verses = (data / "zh.verse").read_text(encoding="utf-8").split()
    note = list(range(len(zh), len(zh) + len(NOTE)))  # the note's lines, after the Bible's, in no verse
    zh_verses = zh_verses[:len(zh)] + [f"note:{k}" for k in range(len(NOTE))]
    zh = zh + NOTE
    gold = [(tuple(a), tuple(b)) for a, b in parse_beads((data / "gold" / "006.align").read_text(encoding="utf-8"),
                                                        str(data / "gold" / "006.align")) if a and b]
    below = 0
    print("| range | case | written | right | true pairs | precision | recall | moved |")
    print("|---|---|---|---|---|---|---|---|")
    for spec in args.books.split(","):
        book, first, last = spec.split()
        english = chapters(en_verses, len(en), book, int(first), int(last))
        chinese = chapters(zh_verses, len(zh) - len(NOTE), book, int(first), int(last))
        for name, e, c in cases(english, chinese, note):
            units, doc = written_units(e, c, en, zh, bs, en_verses, zh_verses)
            src_present = {k for p in e for k in p}
            tgt_present = {k for p in c for k in p}
            true = {g for g in gold if set(g[0]) <= src_present and set(g[1]) <= tgt_present}
            right = sum(1 for u in units if u in true)
            precision, recall = right / max(len(units), 1), right / max(len(true), 1)
            mark = "" if precision >= 0.95 and recall >= 0.9 else " ✘"
            below += bool(mark)
            moved = ", ".join(f"{p + 1}→{q + 1}" for p, q in doc.moved)
            print(f"| {spec} | {name} | {len(units)} | {right} | {len(true)} | {precision:.3f}{mark} | {recall:.3f} | {moved} |")
    print(f"\n{below} case(s) below precision 0.95 or recall 0.9")
    return 0


if __name__ == "__main__":
    sys.exit(main())
