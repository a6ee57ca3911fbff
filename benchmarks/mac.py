#!/usr/bin/env python3
"""Accuracy on MAC-Dev (six chapters of six Chinese novels and their published English
translations), beside the published figures of the held-out MAC-Test.

    python benchmarks/mac.py [--data ../shared/eval/mac-dev] [--methods lexical,length] [--thresholds]
                             [--ablation] [--corpus] [--anchors-every 20] [--swapped 8] [--paragraphs]
                             [--halves] [--parts]

Each chapter (Chinese source, English target, one sentence a line as the annotators split them)
is aligned through the library (:func:`bitext.align_sides`) and scored with the strict bead match
of ../shared/tools/beadscore.py, per chapter and over all chapters (micro: matched beads over all
test and gold beads). Also printed: beads by type (gold, test, exact) and, with ``--thresholds``,
the precision of the pairs kept at each score threshold. The data is read from --data and never
copied into the project. With ``--corpus`` the chapters are also built as one corpus
(``bitext build --presplit``, one manifest), learning across (the default) and not, and so are the
chapters cut into two, three and four parts (documents of the same novel, as the held-out set's
24 chapters are). With
``--anchors-every N`` every N-th gold bead is confirmed (``--anchors``) and the rest realigned,
scored on the beads not confirmed beside the plain alignment on the same beads. With
``--swapped N`` each chapter is cut into paragraphs of N gold beads and two target paragraphs far
apart are swapped: the pairs written with and without looking for paragraphs out of order.
With ``--paragraphs`` each chapter is cut into paragraphs (of gold beads on both sides, with the
translation merging some, or each side's lines grouped independently) and aligned with and
without paragraph ends as evidence. With ``--halves`` each chapter is cut in two at its middle gold
bead and each half aligned alone and learning from the confident pairs of the other half (the
same novel, as the held-out chapters of one book are to each other). With ``--parts`` the default
method and every part switched off (``--ablation``'s variants) are also run on each chapter cut
into two, three and four parts at gold beads: a difference that holds on all of them is not the
noise of one alignment's learning.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bitext import AlignOptions, align_sides
from bitext.pipeline import Examples
from bitext.align import LEXICAL, align
from bitext.evaluate import by_type
from bitext.features import lexical_input, sentence_length
from bitext.segment.sides import make_side
from bitext.score import DEFAULT_MIN_SCORE
from common import ABLATION, built_as_corpus, evaluation_parser, load_beadscore, parts_as_documents, parts_at_gold

#: Strict F1 on MAC-Test (24 chapters, held out), from ../shared/eval/README.md.
PUBLISHED = {"Gale–Church": 0.489, "Hunalign": 0.625, "Bleualign": 0.677, "Vecalign": 0.882, "Bertalign": 0.912}
THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.9)


def main() -> int:
    parser = evaluation_parser(__doc__.splitlines()[0], "mac-dev", "lexical,length")
    parser.add_argument("--halves", action="store_true",
                        help="also: each chapter's halves aligned alone and learning from each other")
    parser.add_argument("--parts", action="store_true",
                        help="also: the default and each part switched off on chapters cut into 2, 3 and 4 parts")
    args = parser.parse_args()
    data, tools = Path(args.data), Path(args.tools)
    if not (data / "gold").is_dir() or not (tools / "beadscore.py").exists():
        print(f"mac.py: need {data}/gold and {tools}/beadscore.py (give --data, --tools)", file=sys.stderr)
        return 1
    bs = load_beadscore(tools)
    chapters = sorted(p.stem for p in (data / "gold").glob("*.align"))
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    rows = {}
    for method in methods:
        per, gold_all, test_all, scored, seconds = {}, [], [], [], 0.0
        for chapter in chapters:
            zh, en = _chapter(data, chapter)
            start = time.perf_counter()
            doc = align_sides(make_side([zh], "zh"), make_side([en], "en"), chapter, options=AlignOptions(method=method))
            seconds += time.perf_counter() - start
            gold = bs.read_beads(data / "gold" / f"{chapter}.align")
            test = [(tuple(b.bead.src), tuple(b.bead.tgt)) for b in doc.beads]
            per[chapter] = bs.prf(gold, test)[3]
            gold_all += [(chapter, b) for b in gold]
            test_all += [(chapter, b) for b in test]
            scored += [((chapter, (tuple(b.bead.src), tuple(b.bead.tgt))), b.score) for b in doc.beads if b.is_pair]
        hit, p, r, f = bs.prf(gold_all, test_all)
        rows[method] = (per, p, r, f, seconds, gold_all, test_all, scored)
    if args.anchors_every:
        rows.update(_with_anchors(data, chapters, bs, args.anchors_every))
    if args.swapped:
        _swapped(data, chapters, bs, args.swapped)
    if args.paragraphs:
        _paragraphs(data, chapters, bs)
    if args.halves:
        _halves(data, chapters, bs)
    if args.parts:
        _on_parts(data, chapters, bs)
    if args.corpus:
        for learn_across in (False, True):
            start = time.perf_counter()
            whole = {c: (*_chapter(data, c), bs.read_beads(data / "gold" / f"{c}.align")) for c in chapters}
            per, gold_all, test_all = built_as_corpus(whole, bs, learn_across)
            _, p, r, f = bs.prf(gold_all, test_all)
            name = "built as one corpus" + (" (learning across, the default)" if learn_across else ", --no-learn-across")
            rows[name] = (per, p, r, f, time.perf_counter() - start, [], [], [])
        _parts_as_corpus(data, chapters, bs)
    if args.ablation:
        for name, (variant, feature_options) in ABLATION.items():
            gold_all, test_all, per = [], [], {}
            for chapter in chapters:
                zh, en = _chapter(data, chapter)
                result = align([sentence_length(t, "zh") for t in zh], [sentence_length(t, "en") for t in en],
                               lexical_input(zh, "zh", en, "en", **feature_options), variant)
                gold = bs.read_beads(data / "gold" / f"{chapter}.align")
                test = [(tuple(b.src), tuple(b.tgt)) for b in result.beads]
                per[chapter] = bs.prf(gold, test)[3]
                gold_all += [(chapter, b) for b in gold]
                test_all += [(chapter, b) for b in test]
            _, p, r, f = bs.prf(gold_all, test_all)
            rows[f"default, {name}"] = (per, p, r, f, 0.0, [], [], [])
    print("| system | " + " | ".join(chapters) + " | all (micro) |")
    print("|---|" + "---|" * (len(chapters) + 1))
    for name, f1 in PUBLISHED.items():
        print(f"| {name} (published, MAC-Test) | " + " | ".join("–" for _ in chapters) + f" | {f1:.3f} |")
    for method, (per, p, r, f, seconds, *_) in rows.items():
        name = (f"bitext {method}" if method.startswith(("default,", "built", "plain", "--anchors"))
                else f"bitext --method {method}")
        print(f"| {name} | " + " | ".join(f"{per[c]:.3f}" for c in chapters)
              + f" | **{f:.3f}** (P {p:.3f}, R {r:.3f}) |")
    for method, (_, _, _, _, _, gold_all, test_all, scored) in rows.items():
        if not gold_all:
            continue
        print(f"\nBeads by type, --method {method}: gold / test / exact\n")
        counts: dict[str, list[int]] = {}
        for chapter in chapters:  # beads match within their chapter only
            gold = [b for c, b in gold_all if c == chapter]
            test = [b for c, b in test_all if c == chapter]
            for t in by_type(gold, test):
                total = counts.setdefault(t.kind, [0, 0, 0])
                total[0], total[1], total[2] = total[0] + t.gold, total[1] + t.test, total[2] + t.matched
        print("| type | gold | test | exact | missed | wrong |")
        print("|---|---|---|---|---|---|")
        for kind, (g, t, m) in sorted(counts.items(), key=lambda item: (-item[1][0], -item[1][1])):
            print(f"| {kind} | {g} | {t} | {m} | {g - m} | {t - m} |")
        gold_set = set(gold_all)
        if args.thresholds:
            print(f"\nPairs kept by score threshold, --method {method}: share kept / precision\n")
            print("| threshold | kept | precision |")
            print("|---|---|---|")
            for threshold in THRESHOLDS:
                kept = [key for key, score in scored if score >= threshold]
                right = sum(1 for key in kept if key in gold_set)
                print(f"| {threshold:.2f} | {len(kept) / max(len(scored), 1):.1%} | {right / max(len(kept), 1):.3f} |")
    return 0


def _chapter(data: Path, chapter: str) -> tuple[list[str], list[str]]:
    """A MAC-Dev chapter's Chinese and English lines (one sentence a line)."""
    return tuple((data / lang / f"{chapter}.txt").read_text(encoding="utf-8").splitlines() for lang in ("zh", "en"))


def _on_parts(data: Path, chapters: list[str], bs, counts: tuple[int, ...] = (1, 2, 3, 4)) -> None:
    """The default method and each of :data:`ABLATION`'s variants on every chapter cut into
    ``counts`` parts (:func:`common.parts_at_gold`), each part aligned with the core on its own: strict
    F1 over all parts, micro."""
    variants = {"default": (LEXICAL, {}), **ABLATION}
    rows: dict[str, list[float]] = {name: [] for name in variants}
    for count in counts:
        gold_all, test_all = [], {name: [] for name in variants}
        for chapter in chapters:
            zh, en = _chapter(data, chapter)
            gold = bs.read_beads(data / "gold" / f"{chapter}.align")
            for first, (z, e, part, src0, tgt0) in enumerate(parts_at_gold(zh, en, gold, count)):
                key = (chapter, first)
                gold_all += [(key, b) for b in part]
                lengths = ([sentence_length(t, "zh") for t in z], [sentence_length(t, "en") for t in e])
                for name, (variant, feature_options) in variants.items():
                    result = align(*lengths, lexical_input(z, "zh", e, "en", **feature_options), variant)
                    test_all[name] += [(key, (tuple(i + src0 for i in b.src), tuple(j + tgt0 for j in b.tgt)))
                                       for b in result.beads]
        for name in variants:
            rows[name].append(bs.prf(gold_all, test_all[name])[3])
    print("\nThe default and each part switched off, chapters cut into parts (strict F1, micro; the"
          " default's F1 less the variant's in brackets)\n")
    print("| variant | " + " | ".join("whole chapters" if c == 1 else f"{c} parts" for c in counts) + " |")
    print("|---|" + "---|" * len(counts))
    for name, f1 in rows.items():
        print(f"| {name} | " + " | ".join(f"{v:.3f}" if name == "default" else f"{v:.3f} ({rows['default'][k] - v:+.3f})"
                                          for k, v in enumerate(f1)) + " |")


def _halves(data: Path, chapters: list[str], bs) -> None:
    """Each chapter cut in two (:func:`common.parts_at_gold`): each half aligned alone and learning from
    the other half's confident pairs."""
    gold_all, alone_all, taught_all = [], [], []
    print("\nEach chapter's halves aligned alone and learning from the other half (strict F1, both halves)\n")
    print("| chapter | alone | learning from the other half | halves that learned from it |")
    print("|---|---|---|---|")
    for chapter in chapters:
        zh, en = _chapter(data, chapter)
        gold = bs.read_beads(data / "gold" / f"{chapter}.align")
        halves = parts_at_gold(zh, en, gold, 2)
        sides = [(make_side([z], "zh"), make_side([e], "en")) for z, e, *_ in halves]
        alone = [align_sides(src, tgt, f"{chapter}.{h}") for h, (src, tgt) in enumerate(sides)]
        taught = [align_sides(src, tgt, f"{chapter}.{h}", examples=Examples.confident(alone[1 - h], "other half"))
                  for h, (src, tgt) in enumerate(sides)]
        rows = {"gold": [], "alone": [], "taught": []}
        for h, (_, _, half_gold, src0, tgt0) in enumerate(halves):
            rows["gold"] += [(chapter, b) for b in half_gold]
            for name, doc in (("alone", alone[h]), ("taught", taught[h])):
                rows[name] += [(chapter, (tuple(i + src0 for i in b.bead.src), tuple(j + tgt0 for j in b.bead.tgt)))
                               for b in doc.beads]
        learned = sum(d.estimates.model1_examples for d in taught)
        print(f"| {chapter} | {bs.prf(rows['gold'], rows['alone'])[3]:.3f} |"
              f" {bs.prf(rows['gold'], rows['taught'])[3]:.3f} | {learned} of 2 |")
        gold_all += rows["gold"]
        alone_all += rows["alone"]
        taught_all += rows["taught"]
    print(f"| all (micro) | **{bs.prf(gold_all, alone_all)[3]:.3f}** | **{bs.prf(gold_all, taught_all)[3]:.3f}** | |")


def _with_anchors(data: Path, chapters: list[str], bs, every: int) -> dict:
    """Every ``every``-th gold bead confirmed (``--anchors``) and the rest realigned, against the
    plain alignment, both scored on the gold beads that were not confirmed."""
    rows = {}
    for name in ("plain, on the beads not confirmed", f"--anchors (every {every}th gold bead), on the others"):
        per, gold_all, test_all = {}, [], []
        for chapter in chapters:
            zh, en = _chapter(data, chapter)
            gold = bs.read_beads(data / "gold" / f"{chapter}.align")
            confirmed = set(gold[every - 1::every])
            options = AlignOptions()
            with tempfile.TemporaryDirectory() as tmp:
                if name.startswith("--anchors"):
                    path = Path(tmp) / "anchors.align"
                    path.write_text("".join(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n"
                                            for s, t in sorted(confirmed)), encoding="utf-8")
                    options = AlignOptions(anchors=str(path))
                doc = align_sides(make_side([zh], "zh"), make_side([en], "en"), chapter, options=options)
            test = [(tuple(b.bead.src), tuple(b.bead.tgt)) for b in doc.beads]
            gold_rest = [b for b in gold if b not in confirmed]
            test_rest = [b for b in test if b not in confirmed]
            per[chapter] = bs.prf(gold_rest, test_rest)[3]
            gold_all += [(chapter, b) for b in gold_rest]
            test_all += [(chapter, b) for b in test_rest]
        _, p, r, f = bs.prf(gold_all, test_all)
        rows[name] = (per, p, r, f, 0.0, [], [], [])
    return rows


def _swapped(data: Path, chapters: list[str], bs, size: int) -> None:
    """Each chapter cut into paragraphs of ``size`` gold beads on both sides, two target paragraphs
    far apart swapped (chosen at random, seed 0): the pairs written at the default threshold,
    aligned with and without looking for paragraphs out of order (``AlignOptions(moves=...)``)."""
    import random

    rng = random.Random(0)
    totals = {True: [0, 0, 0], False: [0, 0, 0]}
    found = 0
    for chapter in chapters:
        zh, en = _chapter(data, chapter)
        gold = bs.read_beads(data / "gold" / f"{chapter}.align")
        groups = [gold[k:k + size] for k in range(0, len(gold), size)]
        groups = [g for g in groups if any(b[0] for b in g) and any(b[1] for b in g)]
        zh_pars = [[zh[i] for b in g for i in b[0]] for g in groups]
        en_pars = [[en[j] for b in g for j in b[1]] for g in groups]
        truth = {("".join(zh[i] for i in b[0]), " ".join(en[j] for j in b[1])) for g in groups for b in g if b[0] and b[1]}
        first, second = rng.randrange(2, len(en_pars) // 2), rng.randrange(len(en_pars) // 2 + 2, len(en_pars) - 1)
        en_pars[first], en_pars[second] = en_pars[second], en_pars[first]
        for moves in (False, True):
            doc = align_sides(make_side(zh_pars, "zh"), make_side(en_pars, "en"), chapter, options=AlignOptions(moves=moves))
            written = [b for b in doc.beads if b.is_pair and b.score >= DEFAULT_MIN_SCORE]
            total = totals[moves]
            total[0] += len(written)
            total[1] += sum((b.src_text, b.tgt_text) in truth for b in written)
            total[2] += len(truth)
            found += bool(moves and doc.moved)
    print(f"\nTwo target paragraphs of {size} gold beads swapped in each chapter: pairs written at the default"
          f" threshold (the swap found in {found} of {len(chapters)} chapters)\n")
    print("| paragraphs out of order looked for | written | right | precision | recall |")
    print("|---|---|---|---|---|")
    for moves in (False, True):
        written, right, truth = totals[moves]
        print(f"| {'yes (default)' if moves else 'no'} | {written} | {right} | {right / written:.3f} | {right / truth:.3f} |")


def _paragraphs(data: Path, chapters: list[str], bs) -> None:
    """Strict F1 with each chapter cut into paragraphs, aligned without and with paragraph ends
    as evidence (:func:`bitext.align.learning.break_costs`)."""
    cuts = {"of 4 gold beads, the same on both sides": (4, 0, 0), "of 8 gold beads, the same on both sides": (8, 0, 0),
            "of 4 gold beads, the translation merging every third with the one before": (4, 3, 0),
            "of 8 gold beads, the translation merging every second with the one before": (8, 2, 0)}
    cuts.update({f"each side's lines grouped by {n}, independently": (0, 0, n) for n in (1, 2, 3, 5)})
    print("\nParagraphs as evidence: strict F1 without / with\n")
    print("| paragraphs | without | with |")
    print("|---|---|---|")
    for name, (size, merge, lines) in cuts.items():
        f1 = []
        for evidence in (False, True):
            gold_all, test_all = [], []
            for chapter in chapters:
                zh, en = _chapter(data, chapter)
                gold = bs.read_beads(data / "gold" / f"{chapter}.align")
                if lines:
                    zh_sizes = [len(zh[k:k + lines]) for k in range(0, len(zh), lines)]
                    en_sizes = [len(en[k:k + lines]) for k in range(0, len(en), lines)]
                else:
                    groups = [gold[k:k + size] for k in range(0, len(gold), size)]
                    zh_sizes = [n for n in (sum(len(b[0]) for b in g) for g in groups) if n]
                    en_sizes = [sum(len(b[1]) for b in g) for g in groups]
                    if merge:  # the translation joins every merge-th paragraph to the one before
                        joined = []
                        for k, n in enumerate(en_sizes):
                            if joined and k % merge == 0:
                                joined[-1] += n
                            else:
                                joined.append(n)
                        en_sizes = joined
                    en_sizes = [n for n in en_sizes if n]
                ends = ([k == n - 1 for n in zh_sizes for k in range(n)], [k == n - 1 for n in en_sizes for k in range(n)])
                result = align([sentence_length(t, "zh") for t in zh], [sentence_length(t, "en") for t in en],
                               lexical_input(zh, "zh", en, "en", paragraph_ends=ends if evidence else None))
                gold_all += [(chapter, b) for b in gold]
                test_all += [(chapter, (tuple(b.src), tuple(b.tgt))) for b in result.beads]
            f1.append(bs.prf(gold_all, test_all)[3])
        print(f"| {name} | {f1[0]:.3f} | {f1[1]:.3f} |")


def _parts_as_corpus(data: Path, chapters: list[str], bs, counts: tuple[int, ...] = (2, 3, 4)) -> None:
    """Each chapter cut into ``count`` parts (:func:`common.parts_at_gold`), all parts built as one
    corpus, with and without ``--learn-across``: documents of the same novel, as the held-out
    set's 24 chapters (four of each novel) are."""
    print("\nChapters cut into parts, every part a pair of one corpus (strict F1, micro over all parts;"
          " per chapter, its parts together)\n")
    print("| corpus | --learn-across | " + " | ".join(chapters) + " | all (micro) |")
    print("|---|---|" + "---|" * (len(chapters) + 1))
    for count in counts:
        documents = {}
        for chapter in chapters:
            documents |= parts_as_documents(chapter, *_chapter(data, chapter),
                                            bs.read_beads(data / "gold" / f"{chapter}.align"), count)
        for learn_across in (False, True):
            _, gold_all, test_all = built_as_corpus(documents, bs, learn_across)
            by_chapter = [bs.prf([g for g in gold_all if g[0].startswith(c + ".")],
                                 [t for t in test_all if t[0].startswith(c + ".")])[3] for c in chapters]
            print(f"| {len(documents)} parts ({count} a chapter) | {'yes' if learn_across else 'no'} | "
                  + " | ".join(f"{f:.3f}" for f in by_chapter) + f" | **{bs.prf(gold_all, test_all)[3]:.3f}** |")


if __name__ == "__main__":
    sys.exit(main())
