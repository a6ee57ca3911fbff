#!/usr/bin/env python3
"""Accuracy and time on the Bertalign Bible set (English-Chinese, verse-level gold).

    python benchmarks/bible.py [--data ../shared/eval/bible] [--ids 001,006] [--out DIR]

Aligns document NNN (the first en_sentences lines of en.txt against the first zh_sentences lines
of zh.txt, one sentence per line, no paragraphs), writes NNN.align, scores it with the strict
verse-merged convention of the data's README (../shared/tools/beadscore.py) and prints a table
beside the published systems. The data is read from --data and never copied into the project.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bitext.align import align_document
from bitext.formats.beads import format_bead
from bitext.pipeline import sentence_length

PUBLISHED = {  # strict F1, from ../shared/eval/README.md
    "Gale-Church": {"001": 0.821, "006": 0.567},
    "Hunalign": {"001": 0.895, "006": 0.818},
    "Vecalign": {"001": 0.977, "006": 0.957},
    "Bertalign": {"001": 0.979, "006": 0.974},
}


def main() -> int:
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(here.parent / "shared" / "eval" / "bible"))
    parser.add_argument("--tools", default=str(here.parent / "shared" / "tools"))
    parser.add_argument("--ids", default="001")
    parser.add_argument("--out", default=None, help="folder for NNN.align (default: a temporary one)")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "sizes.tsv").exists():
        print(f"bible.py: {data}: no sizes.tsv (give --data)", file=sys.stderr)
        return 1
    sizes = {}
    for line in (data / "sizes.tsv").read_text().splitlines()[1:]:
        doc, n_en, n_zh = line.split("\t")
        sizes[doc] = (int(n_en), int(n_zh))
    en = (data / "en.txt").read_text(encoding="utf-8").splitlines()
    zh = (data / "zh.txt").read_text(encoding="utf-8").splitlines()
    out = Path(args.out or tempfile.mkdtemp(prefix="bitext-bible-"))
    out.mkdir(parents=True, exist_ok=True)
    ids = [i.strip() for i in args.ids.split(",") if i.strip()]
    timings = {}
    for doc in ids:
        n_en, n_zh = sizes[doc]
        start = time.perf_counter()
        src = [sentence_length(s, "en") for s in en[:n_en]]
        tgt = [sentence_length(s, "zh") for s in zh[:n_zh]]
        lengths_done = time.perf_counter()
        result = align_document([src], [tgt])
        done = time.perf_counter()
        (out / f"{doc}.align").write_text("".join(format_bead(b.src, b.tgt) + "\n" for b in result.beads))
        timings[doc] = (lengths_done - start, done - lengths_done, result.model, result.band)
    scored = subprocess.run([sys.executable, os.path.join(args.tools, "beadscore.py"), str(data / "gold"), str(out),
                             "--ids", ",".join(ids), "--src-verse", str(data / "en.verse"),
                             "--tgt-verse", str(data / "zh.verse")], capture_output=True, text=True)
    if scored.returncode != 0:
        print(scored.stderr, file=sys.stderr)
        return 1
    f1 = {}
    for line in scored.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in ids:
            f1[parts[0]] = float(parts[-1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| document | sentences en × zh | bitext length F1 | lengths s | search s | c | s2 | band | "
          + " | ".join(PUBLISHED) + " |")
    print("|---|---|---|---|---|---|---|---|" + "---|" * len(PUBLISHED))
    for doc in ids:
        t_len, t_search, model, band = timings[doc]
        published = " | ".join(f"{PUBLISHED[name].get(doc, float('nan')):.3f}" for name in PUBLISHED)
        print(f"| {doc} | {sizes[doc][0]} × {sizes[doc][1]} | {f1.get(doc, float('nan')):.3f} | {t_len:.1f} | "
              f"{t_search:.1f} | {model.c:.3f} | {model.s2:.3f} | {band} | {published} |")
    print(f"\npeak RSS {peak:.0f} MB; beads in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
