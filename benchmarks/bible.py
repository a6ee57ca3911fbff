#!/usr/bin/env python3
"""Accuracy on the Bertalign Bible set (English-Chinese, verse-level gold), beside published systems.

    python benchmarks/bible.py [--data ../shared/eval/bible] [--ids 001,...,006] [--methods length,lexical]
                               [--ablation] [--thresholds] [--memory 8000] [--stops-early 001:3000,006:25000]

Document NNN is the first en_sentences lines of en.txt against the first zh_sentences lines of
zh.txt (one sentence per line, no paragraphs). Each is aligned through the library
(:func:`bitext.align_sides`) with ``--method length`` and with the default method, scored with
the strict verse-merged convention of the data's README (../shared/tools/beadscore.py), and
printed as a Markdown table beside the published systems. ``--ablation`` adds the default
method with parts switched off; ``--thresholds`` prints the precision of the pairs kept at
each score threshold. ``--memory N`` aligns five spans of the whole Bible (three of 300 verses,
two of 1,000, all after verse 21,000) alone and with a memory of N 1-1 verse pairs from its first
20,000 (``--learn-from``). ``--stops-early DOC:N,...`` aligns document DOC with its English cut
after N sentences against all its Chinese (a long translation that stops early): seconds, and
the precision of the pairs written at the default threshold and recall of the gold beads whose
English lies before the cut (verse-merged, strict). The data is read from --data and never
copied into the project. With ``--corpus`` each document is also cut into 5 and 10 parts at gold
beads and its parts built as one corpus, learning across (the default) and not (strict F1 on the
gold beads, not verse-merged).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from bitext import AlignOptions, align_sides
from bitext.pipeline import Examples
from bitext.align import align
from bitext.features import lexical_input, sentence_length
from bitext.segment.sides import make_side
from bitext.score import DEFAULT_MIN_SCORE
from common import ABLATION, built_as_corpus, evaluation_parser, gold_span, load_beadscore, parts_as_documents

PUBLISHED = {  # strict F1, from ../shared/eval/README.md
    "Gale–Church": {"001": 0.821, "006": 0.567},
    "Hunalign": {"001": 0.895, "006": 0.818},
    "Vecalign": {"001": 0.977, "006": 0.957},
    "Bertalign": {"001": 0.979, "006": 0.974},
}
THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.9, 0.95)


class Scorer:
    """Strict verse-merged F1 against the gold of one document."""

    def __init__(self, data: Path, tools: Path) -> None:
        self.bs = load_beadscore(tools)
        self.sv = self.bs.read_verses(data / "en.verse")
        self.tv = self.bs.read_verses(data / "zh.verse")
        self.data = data

    def gold(self, doc: str) -> list:
        return self.bs.read_beads(self.data / "gold" / f"{doc}.align")

    def f1(self, doc: str, beads) -> float:
        return self.span_f1(self.gold(doc), beads)

    def span_f1(self, gold: list, beads, src_offset: int = 0, tgt_offset: int = 0) -> float:
        """Strict verse-merged F1 of the beads (of a span: indices from its offsets) against ``gold``."""
        test = self.bs.verse_merge([(tuple(i + src_offset for i in b.src), tuple(j + tgt_offset for j in b.tgt))
                                    for b in beads], self.sv, self.tv)
        return self.bs.prf(gold, test)[3]

    def precision_at(self, doc: str, beads, scores, thresholds) -> list[tuple[float, float, float]]:
        """(threshold, share of pairs kept, precision of the kept) over verse-merged beads, a merged
        bead scoring the lowest of its parts."""
        merged, merged_score, last = [], [], ""
        for bead, score in zip(beads, scores):
            key = self._verse(bead)
            if last and key == last:
                merged[-1] = (merged[-1][0] + tuple(bead.src), merged[-1][1] + tuple(bead.tgt))
                merged_score[-1] = min(merged_score[-1], score)
            else:
                merged.append((tuple(bead.src), tuple(bead.tgt)))
                merged_score.append(score)
            last = key
        gold = set(self.gold(doc))
        pairs = [(b, s) for b, s in zip(merged, merged_score) if b[0] and b[1]]
        out = []
        for t in thresholds:
            kept = [b for b, s in pairs if s >= t]
            hits = sum(1 for b in kept if b in gold)
            out.append((t, len(kept) / max(len(pairs), 1), hits / max(len(kept), 1)))
        return out

    def _verse(self, bead) -> str:
        def one(seg, verses):
            return ("NULL",) if not seg else tuple(dict.fromkeys(verses[i] for i in seg))
        s, t = one(bead.src, self.sv), one(bead.tgt, self.tv)
        if len(s) != 1 or len(t) != 1:
            return ""
        s, t = s[0], t[0]
        return s if s == t or t == "NULL" else t if s == "NULL" else ""


def main() -> int:
    parser = evaluation_parser(__doc__.splitlines()[0], "bible", "length,lexical")
    parser.add_argument("--ids", default="001,002,003,004,005,006")
    parser.add_argument("--memory", type=int, default=0, metavar="N",
                        help="also: spans of the whole Bible aligned alone and with N verse pairs of others as memory")
    parser.add_argument("--stops-early", default="", metavar="DOC:N,...",
                        help="also: document DOC with its English cut after N sentences, against all its Chinese")
    args = parser.parse_args()
    data, tools = Path(args.data), Path(args.tools)
    if not (data / "sizes.tsv").exists():
        print(f"bible.py: {data}: no sizes.tsv (give --data)", file=sys.stderr)
        return 1
    if not (tools / "beadscore.py").exists():
        print(f"bible.py: {tools}: no beadscore.py (give --tools)", file=sys.stderr)
        return 1
    sizes = {}
    for line in (data / "sizes.tsv").read_text().splitlines()[1:]:
        doc, n_en, n_zh = line.split("\t")
        sizes[doc] = (int(n_en), int(n_zh))
    en = (data / "en.txt").read_text(encoding="utf-8").splitlines()
    zh = (data / "zh.txt").read_text(encoding="utf-8").splitlines()
    scorer = Scorer(data, tools)
    ids = [i.strip() for i in args.ids.split(",") if i.strip()]
    rows: dict[str, dict[str, tuple[float, float]]] = {}
    curves = {}
    for doc in ids:
        n_en, n_zh = sizes[doc]
        src, tgt = make_side([en[:n_en]], "en"), make_side([zh[:n_zh]], "zh")
        for method in [m.strip() for m in args.methods.split(",") if m.strip()]:
            start = time.perf_counter()
            aligned = align_sides(src, tgt, doc, options=AlignOptions(method=method))
            seconds = time.perf_counter() - start
            beads = [b.bead for b in aligned.beads]
            name = "bitext --method length" if method == "length" else "bitext (default)"
            rows.setdefault(name, {})[doc] = (scorer.f1(doc, beads), seconds)
            if method == "lexical" and args.thresholds:
                curves[doc] = scorer.precision_at(doc, beads, [b.score for b in aligned.beads], THRESHOLDS)
        if args.ablation:
            src_lens = [sentence_length(s, "en") for s in en[:n_en]]
            tgt_lens = [sentence_length(s, "zh") for s in zh[:n_zh]]
            for name, (variant, feature_options) in ABLATION.items():
                start = time.perf_counter()
                lexical = lexical_input(en[:n_en], "en", zh[:n_zh], "zh", **feature_options)
                result = align(src_lens, tgt_lens, lexical, variant)
                rows.setdefault(f"bitext, {name}", {})[doc] = (scorer.f1(doc, result.beads),
                                                               time.perf_counter() - start)
        print(f"# {doc} done", file=sys.stderr, flush=True)
    header = "| system | " + " | ".join(f"{d} ({sizes[d][0]} × {sizes[d][1]})" for d in ids) + " |"
    print(header)
    print("|---|" + "---|" * len(ids))
    for name, published in PUBLISHED.items():
        print(f"| {name} (published) | " + " | ".join(f"{published[d]:.3f}" if d in published else "–" for d in ids) + " |")
    for name, by_doc in rows.items():
        print(f"| {name} | " + " | ".join(f"{by_doc[d][0]:.3f} ({by_doc[d][1]:.0f} s)" for d in ids) + " |")
    if curves:
        print("\nPrecision of the pairs kept (verse-merged, strict) by score threshold: kept share / precision\n")
        print("| threshold | " + " | ".join(ids) + " |")
        print("|---|" + "---|" * len(ids))
        for k, t in enumerate(THRESHOLDS):
            print(f"| {t:.2f} | " + " | ".join(f"{curves[d][k][1]:.1%} / {curves[d][k][2]:.3f}" for d in ids) + " |")
    if args.corpus:
        _parts_as_corpus(data, tools, en, zh, sizes, ids)
    if args.memory:
        _with_memory(scorer, en, zh, args.memory)
    if args.stops_early:
        cuts = [(doc, int(cut)) for doc, cut in (item.split(":") for item in args.stops_early.split(","))]
        _stops_early(scorer, en, zh, sizes, cuts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB (the whole run)")
    return 0


#: (first gold bead, beads) of the spans aligned with a memory: after the memory's 20,000 beads.
MEMORY_SPANS = ((21000, 300), (22500, 300), (24000, 300), (21000, 1000), (23000, 1000))


def _parts_as_corpus(data: Path, tools: Path, en: list[str], zh: list[str], sizes: dict[str, tuple[int, int]],
                     ids: list[str], counts: tuple[int, ...] = (5, 10)) -> None:
    """Each document cut into ``counts`` parts at gold beads, its parts built as one corpus,
    learning across (the default) and not: strict F1 on the gold beads (not verse-merged)."""
    bs = load_beadscore(tools)
    print("\nEach document cut into parts, its parts built as one corpus (strict F1 on the gold beads, micro)\n")
    print("| document | parts | --no-learn-across | learning across (default) |")
    print("|---|---|---|---|")
    for doc in ids:
        n_en, n_zh = sizes[doc]
        gold = bs.read_beads(data / "gold" / f"{doc}.align")
        for count in counts:
            documents = parts_as_documents(doc, en[:n_en], zh[:n_zh], gold, count)
            f1 = [bs.prf(*built_as_corpus(documents, bs, learn_across, ("en", "zh-Hans"))[1:])[3]
                  for learn_across in (False, True)]
            print(f"| {doc} | {count} | {f1[0]:.4f} | {f1[1]:.4f} |", flush=True)


def _with_memory(scorer: Scorer, en: list[str], zh: list[str], size: int) -> None:
    """Each of :data:`MEMORY_SPANS` of document 006 aligned alone and learning from ``size`` 1-1
    gold verse pairs of the first 20,000 beads (none in a span)."""
    gold = scorer.gold("006")
    memory = Examples(tuple((en[a[0]], zh[b[0]]) for a, b in gold[:20000] if len(a) == 1 and len(b) == 1)[:size],
                      f"{size} other verse pairs")
    print(f"\nSpans of 006 aligned alone and with a memory of {len(memory.pairs):,} other verse pairs:"
          " strict verse-merged F1\n")
    print("| span (gold beads) | alone | with the memory | memory learned from |")
    print("|---|---|---|---|")
    for first, count in MEMORY_SPANS:
        span = gold[first:first + count]
        src0, src1, tgt0, tgt1 = gold_span(span)
        src, tgt = make_side([en[src0:src1]], "en"), make_side([zh[tgt0:tgt1]], "zh")
        alone = align_sides(src, tgt, "span")
        taught = align_sides(src, tgt, "span", examples=memory)
        f1 = [scorer.span_f1(span, [b.bead for b in d.beads], src0, tgt0) for d in (alone, taught)]
        print(f"| {first:,}–{first + count:,} | {f1[0]:.3f} | {f1[1]:.3f} |"
              f" {'yes' if taught.estimates.model1_examples else 'no'} |")


def _stops_early(scorer: Scorer, en: list[str], zh: list[str], sizes: dict[str, tuple[int, int]],
                 cuts: list[tuple[str, int]]) -> None:
    """Each document of ``cuts`` with its English cut after so many sentences, against all its Chinese."""
    print(f"\nThe English cut short against all the document's Chinese: pairs written at {DEFAULT_MIN_SCORE:g}"
          " (verse-merged, strict)\n")
    print("| document | English sentences | seconds | precision | recall | last Chinese sentence paired (gold's) |")
    print("|---|---|---|---|---|---|")
    for name, cut in cuts:
        gold = scorer.gold(name)
        start = time.perf_counter()
        doc = align_sides(make_side([en[:cut]], "en"), make_side([zh[:sizes[name][1]]], "zh"), name)
        seconds = time.perf_counter() - start
        written = [(tuple(b.bead.src), tuple(b.bead.tgt)) for b in doc.beads if b.is_pair and b.score >= DEFAULT_MIN_SCORE]
        units = set(scorer.bs.verse_merge(written, scorer.sv, scorer.tv))
        true = {g for g in gold if g[0] and g[1] and max(g[0]) < cut}
        right = len(units & true)
        last = max(j for b in doc.beads if b.is_pair for j in b.bead.tgt)
        print(f"| {name} | {cut:,} of {sizes[name][0]:,} | {seconds:.1f} | {right / max(len(units), 1):.3f} |"
              f" {right / max(len(true), 1):.3f} | {last:,} ({max(j for g in true for j in g[1]):,}) |")


if __name__ == "__main__":
    sys.exit(main())
