#!/usr/bin/env python3
"""Mining comparable text, BUCC-style: precision, recall and F1 of ``bitext mine``'s pairs, and
whether its scores are honest (mean score of the pairs kept against their precision).

    python benchmarks/mining.py [--sizes 1000,10000] [--seed 0] [--data-root ../shared/eval]

Built from the evaluation data with gold alignments (read from ../shared/eval, never copied):
each side keeps about half of the sentences of a text's 1-1 gold pairs, independently (so a
kept sentence has its translation on the other side half the time), sentences of other parts of
the text are added to each side, and both sides are shuffled. A pair mined is right when its two
texts are linked by a gold bead (by text, so that a verse repeated word for word counts wherever
it stands; a 1-2 pair counts when one of its links is right); recall is over the source sentences
that have a translation on the other side.

- MAC-Dev: the 1-1 pairs of all six chapters (Chinese source), about 400 sentences a side.
- Bible: ``N`` consecutive 1-1 verse pairs of document 006 (English source) sampled as above,
  each side then filled up to ``N`` sentences with lines from the rest of the Bible: the gold
  beads outside the sample are split at random in two halves, the English side filled from the
  one and the Chinese from the other, so that a filling line's translation is not on the other
  side (unless the same words stand elsewhere: those pairs count as right).
- The comparable seed pair (China Daily against the Xinhua Chinese) against the gold in
  tests/data/comparable-2020-12-02.gold.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bitext import load_interleaved, load_side
from bitext.formats.beads import parse as parse_beads
from bitext.pipeline import mine_sides
from bitext.segment.sides import make_side
from common import SHARED

ROOT = Path(__file__).resolve().parent.parent


def _gold_beads(path: Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return parse_beads(path.read_text(encoding="utf-8"), str(path))


def _bucc(pairs: list[tuple[str, str]], rng: random.Random, size: int = 0, src_lines: list[str] = (),
          tgt_lines: list[str] = ()):
    """Both sides: each keeps a gold pair's sentence with probability one half, then is filled up
    to ``size`` with lines of the rest of the text; both sides shuffled."""
    src = [a for a, _ in pairs if rng.random() < 0.5]
    tgt = [b for _, b in pairs if rng.random() < 0.5]
    src += rng.sample(src_lines, max(size - len(src), 0)) if size else []
    tgt += rng.sample(tgt_lines, max(size - len(tgt), 0)) if size else []
    rng.shuffle(src)
    rng.shuffle(tgt)
    return src, tgt


def _filling(gold: list[tuple[tuple[int, ...], tuple[int, ...]]], en: list[str], zh: list[str],
             sample: list[tuple[str, str]], rng: random.Random) -> tuple[list[str], list[str]]:
    """Lines to fill both sides with: the gold beads with no line of ``sample`` split at random in
    two halves, the English lines of one and the Chinese lines of the other."""
    used_en, used_zh = {a for a, _ in sample}, {b for _, b in sample}
    rest = [(s, t) for s, t in gold if not any(en[i] in used_en for i in s) and not any(zh[j] in used_zh for j in t)]
    rng.shuffle(rest)
    half = len(rest) // 2
    return [en[i] for s, _ in rest[:half] for i in s], [zh[j] for _, t in rest[half:] for j in t]


def _measure(name: str, src: list[str], tgt: list[str], src_lang: str, tgt_lang: str, gold: set[tuple[str, str]],
             learn_from: tuple[str, ...] = ()):
    where = defaultdict(set)
    for a, b in gold:
        where[a].add(b)
    tgt_texts = set(tgt)
    with_translation = sum(1 for a in src if where.get(a, set()) & tgt_texts)
    start = time.perf_counter()
    doc = mine_sides(make_side([src], src_lang), make_side([tgt], tgt_lang), name, learn_from=learn_from)
    seconds = time.perf_counter() - start
    right = [p for p in doc.pairs if any(tgt[j] in where.get(src[i], ()) for i in p.src for j in p.tgt)]
    found = {i for p in right for i in p.src if any(tgt[j] in where.get(src[i], ()) for j in p.tgt)}
    precision = len(right) / max(len(doc.pairs), 1)
    recall = len(found) / max(with_translation, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    mean = sum(p.score for p in doc.pairs) / max(len(doc.pairs), 1)
    print(f"| {name} | {len(src):,} × {len(tgt):,} | {with_translation:,} | {len(doc.pairs):,} | {precision:.3f} |"
          f" {recall:.3f} | **{f1:.3f}** | {mean:.3f} | {doc.untranslated_share:.2f} | {seconds:.1f} s |")


def _seed() -> None:
    _, zh, _ = load_interleaved(str(ROOT / "corpora" / "xinhua-2020-12-02-xi-ipr-protection.en-zhhant.txt"))
    en = load_side(str(ROOT / "corpora" / "chinadaily-2020-12-02-xi-ipr-protection.en.txt"), "en")
    gold = []
    for line in (ROOT / "tests" / "data" / "comparable-2020-12-02.gold").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, kind = line.split()
            gold.append(({int(i) for i in a.split(",")}, {int(j) for j in b.split(",")}, kind))
    start = time.perf_counter()
    doc = mine_sides(en, zh, "seed")
    seconds = time.perf_counter() - start
    inside = lambda p, g: set(p.src) <= g[0] and set(p.tgt) <= g[1]  # noqa: E731
    right = [p for p in doc.pairs if any(inside(p, g) for g in gold)]
    content = [g for g in gold if g[2] == "content"]
    found = [g for g in content if any(inside(p, g) for p in doc.pairs)]
    precision, recall = len(right) / max(len(doc.pairs), 1), len(found) / len(content)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    mean = sum(p.score for p in doc.pairs) / max(len(doc.pairs), 1)
    print(f"| seed pair (China Daily ↔ Xinhua zh) | {len(en.sentences)} × {len(zh.sentences)} | {len(content)} |"
          f" {len(doc.pairs)} | {precision:.3f} | {recall:.3f} | **{f1:.3f}** | {mean:.3f} |"
          f" {doc.untranslated_share:.2f} | {seconds:.1f} s |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", default=str(SHARED / "eval"), help="the evaluation data (default ../shared/eval)")
    parser.add_argument("--sizes", default="1000,10000", help="Bible sentences a side, comma-separated")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the sampling and shuffling")
    parser.add_argument("--memory", type=int, default=0, metavar="N",
                        help="also mine each Bible set with a memory of N verse pairs from elsewhere in the Bible"
                             " (--learn-from; none of its sentences on either side)")
    parser.add_argument("--scale", type=int, default=0, metavar="N",
                        help="also time N × N sentences (the Bible's lines cycled and shuffled: every verse"
                             " several times, so no pair stands out; time and memory only)")
    parser.add_argument("--whole-bible", action="store_true",
                        help="also mine the whole Bible (30,000 × 42,687 sentences) against its gold: the scale row")
    args = parser.parse_args()
    root = Path(args.data_root)
    mac, bible = root / "mac-dev", root / "bible"
    if not (mac / "gold").is_dir() or not (bible / "gold").is_dir():
        print(f"mining.py: need {mac}/gold and {bible}/gold (give --data-root)", file=sys.stderr)
        return 1
    print("| set | sentences a side | with a translation | pairs mined | precision | recall | F1 | mean score |"
          " untranslated (estimated) | time |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    _seed()
    rng = random.Random(args.seed)
    pairs = []
    for chapter in sorted(p.stem for p in (mac / "gold").glob("*.align")):
        zh = (mac / "zh" / f"{chapter}.txt").read_text(encoding="utf-8").splitlines()
        en = (mac / "en" / f"{chapter}.txt").read_text(encoding="utf-8").splitlines()
        pairs += [(zh[s[0]], en[t[0]]) for s, t in _gold_beads(mac / "gold" / f"{chapter}.align")
                  if len(s) == 1 and len(t) == 1]
    src, tgt = _bucc(pairs, rng)
    _measure("MAC-Dev, 1-1 pairs of six chapters", src, tgt, "zh", "en", set(pairs))
    en = (bible / "en.txt").read_text(encoding="utf-8").splitlines()
    zh = (bible / "zh.txt").read_text(encoding="utf-8").splitlines()
    gold = _gold_beads(bible / "gold" / "006.align")
    verses = [(en[s[0]], zh[t[0]]) for s, t in gold if len(s) == 1 and len(t) == 1]
    links = {(en[i], zh[j]) for s, t in gold for i in s for j in t}
    for size in (int(x) for x in args.sizes.split(",") if x.strip()):
        start = rng.randrange(0, max(len(verses) - size, 1))
        part = verses[start:start + size]
        src, tgt = _bucc(part, rng, size, *_filling(gold, en, zh, part, rng))
        _measure(f"Bible 006, {size:,} verses", src, tgt, "en", "zh", links)
        if args.memory:
            used = set(src) | set(tgt)
            memory = [(a, b) for a, b in verses if a not in used and b not in used][: args.memory]
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "memory.tsv"
                path.write_text("".join(f"{a}\t{b}\n" for a, b in memory), encoding="utf-8")
                _measure(f"Bible 006, {size:,} verses, --learn-from {len(memory):,} other verse pairs", src, tgt,
                         "en", "zh", links, (str(path),))
    if args.whole_bible:
        _whole(en, zh, list(_gold_beads(bible / "gold" / "006.align")))
    if args.scale:
        _scale(en, zh, args.scale, rng)
    return 0


def _scale(en: list[str], zh: list[str], size: int, rng: random.Random) -> None:
    """Time and peak memory of mining ``size`` × ``size`` sentences, the Bible's lines cycled."""
    import resource

    src = [en[k % len(en)] for k in range(size)]
    tgt = [zh[k % len(zh)] for k in range(size)]
    rng.shuffle(src)
    rng.shuffle(tgt)
    start = time.perf_counter()
    mine_sides(make_side([src], "en"), make_side([tgt], "zh"), "scale")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"\nScale: {size:,} × {size:,} sentences (the Bible cycled; timing only) mined in {seconds:.0f} s,"
          f" peak RSS of the whole run {peak:,} MB")


def _whole(en: list[str], zh: list[str], gold: list[tuple[list[int], list[int]]]) -> None:
    """The whole Bible mined in any order (its sentences in their places, so a pair is right when
    it lies inside one gold bead); recall over the gold's 1-1 beads."""
    bead_of = {}
    for k, (s, t) in enumerate(gold):
        for i in s:
            bead_of[("en", i)] = k
        for j in t:
            bead_of[("zh", j)] = k
    start = time.perf_counter()
    doc = mine_sides(make_side([en], "en"), make_side([zh], "zh"), "bible")
    seconds = time.perf_counter() - start
    right = [p for p in doc.pairs if len({bead_of.get(("en", i)) for i in p.src} | {bead_of.get(("zh", j)) for j in p.tgt}) == 1]
    one_one = {(s[0], t[0]) for s, t in gold if len(s) == 1 and len(t) == 1}
    found = sum(1 for p in doc.pairs if (p.src[0], p.tgt[0]) in one_one)
    precision, recall = len(right) / max(len(doc.pairs), 1), found / max(len(one_one), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    mean = sum(p.score for p in doc.pairs) / max(len(doc.pairs), 1)
    print(f"| Bible, whole, in any order (recall of 1-1 gold beads) | {len(en):,} × {len(zh):,} | {len(one_one):,} |"
          f" {len(doc.pairs):,} | {precision:.3f} | {recall:.3f} | **{f1:.3f}** | {mean:.3f} |"
          f" {doc.untranslated_share:.2f} | {seconds:.1f} s |")


if __name__ == "__main__":
    sys.exit(main())
