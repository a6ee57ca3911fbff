#!/usr/bin/env python3
"""Documents that do not line up, built from the Bible: chapters as paragraphs, broken the ways
translators' files are (tests/test_structure.py does the same with the Xinhua article).

    python benchmarks/structure.py [--data ../shared/eval/bible] [--books "Gen 1 12,Exo 1 12,..."]

For each book range (book, first and last chapter), the English and Chinese chapters are the
paragraphs of the two sides (lines of ../shared/eval/bible, chapters from the verse references).
The truth is the alignment of the intact range (as in the tests: what the aligner finds when
nothing is broken); each case is aligned through the library (:func:`bitext.align_sides`, moves
looked for) and the pairs written at the default threshold are counted against the true pairs
present in both files. Cases: two chapters swapped (near, far, first and last), one chapter
moved (forward, back), an untranslated three-sentence note added (start, middle, end), the
English stopping two chapters early, and two Chinese chapters against the whole English range
as one paragraph (an excerpt). A case below precision 0.95 or recall 0.9 is marked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bitext import align_sides
from bitext.score import DEFAULT_MIN_SCORE
from bitext.segment.sides import make_side
from common import SHARED

BOOKS = "Gen 1 12,Exo 1 12,Num 1 10,Mat 1 12,Luk 1 8,Act 1 10,Jhn 1 10"
NOTE = ["编者按：本文根据和合本整理，标点有改动。", "文中注释为编者所加。", "转载请注明出处。"]


def chapters(lines: list[str], verses: list[str], book: str, first: int, last: int) -> list[list[str]]:
    """The lines of chapters ``first``–``last`` of ``book``, one list a chapter."""
    out: dict[int, list[str]] = {}
    for line, verse in zip(lines, verses):
        name, chapter, _ = verse.split(":")
        if name == book and first <= int(chapter) <= last:
            out.setdefault(int(chapter), []).append(line)
    return [out[c] for c in sorted(out)]


def written(english: list[list[str]], chinese: list[list[str]]):
    doc = align_sides(make_side(english, "en"), make_side(chinese, "zh"), "case")
    return {(b.src_text, b.tgt_text) for b in doc.beads if b.is_pair and b.score >= DEFAULT_MIN_SCORE}, doc


def cases(english: list[list[str]], chinese: list[list[str]]):
    """(name, English paragraphs, Chinese paragraphs, which true pairs are present) of each case."""
    n = len(english)
    everything = lambda en, zh: True  # noqa: E731
    for a, b in ((1, n - 2), (3, 7), (0, n - 1)):
        swapped = [list(p) for p in chinese]
        swapped[a], swapped[b] = swapped[b], swapped[a]
        yield f"chapters {a + 1} and {b + 1} swapped", english, swapped, everything
    for a, b in ((2, n - 2), (n - 2, 2)):
        moved = [list(p) for p in chinese]
        moved.insert(b, moved.pop(a))
        yield f"chapter {a + 1} moved to {b + 1}", english, moved, everything
    for at in (1, n // 2, n - 1):
        noted = [list(p) for p in chinese]
        noted.insert(at, NOTE)
        yield f"a note before chapter {at + 1}", english, noted, everything
    kept = [s for p in english[:-2] for s in p]
    yield "the English stops two chapters early", english[:-2], chinese, lambda en, zh: any(en.startswith(s) for s in kept)
    excerpt = [s for p in chinese[n // 2:n // 2 + 2] for s in p]
    yield ("two Chinese chapters against the whole English", [[s for p in english for s in p]], [excerpt],
           lambda en, zh: any(zh.startswith(s) for s in excerpt))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(SHARED / "eval" / "bible"))
    parser.add_argument("--books", default=BOOKS, help="comma-separated 'Book first last' ranges")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "en.verse").exists():
        print(f"structure.py: {data}: no en.verse (give --data)", file=sys.stderr)
        return 1
    en = (data / "en.txt").read_text(encoding="utf-8").splitlines()
    zh = (data / "zh.txt").read_text(encoding="utf-8").splitlines()
    en_verses = (data / "en.verse").read_text(encoding="utf-8").split()
    zh_verses = (data / "zh.verse").read_text(encoding="utf-8").split()
    below = 0
    print("| range | case | written | right | true pairs | precision | recall | moved |")
    print("|---|---|---|---|---|---|---|---|")
    for spec in args.books.split(","):
        book, first, last = spec.split()
        english = chapters(en, en_verses, book, int(first), int(last))
        chinese = chapters(zh, zh_verses, book, int(first), int(last))
        intact, intact_doc = written(english, chinese)
        truth = {(b.src_text, b.tgt_text) for b in intact_doc.beads if b.is_pair}
        for name, e, c, present in [("intact", None, None, lambda en, zh: True), *cases(english, chinese)]:
            out, doc = (intact, intact_doc) if e is None else written(e, c)
            true = {(a, b) for a, b in truth if present(a, b)}
            right = len(out & true)
            precision, recall = right / max(len(out), 1), right / max(len(true), 1)
            mark = "" if precision >= 0.95 and recall >= 0.9 else " ✘"
            below += bool(mark)
            moved = ", ".join(f"{p + 1}→{q + 1}" for p, q in doc.moved)
            print(f"| {spec} | {name} | {len(out)} | {right} | {len(true)} | {precision:.3f}{mark} | {recall:.3f} | {moved} |")
    print(f"\n{below} case(s) below precision 0.95 or recall 0.9")
    return 0


if __name__ == "__main__":
    sys.exit(main())
