#!/usr/bin/env python3
"""Speed and memory: bitext against galechurch (Rust) and nltk.translate.gale_church, same inputs.

    python benchmarks/speed.py [--sizes 1000,3000,10000,30000,100000] [--bible 001,006]
                               [--data ../shared/eval/bible] [--peer-max-cells 3e8] [--method lexical]

Each run is a separate process, so wall time and peak RSS (from wait4) belong to that run alone.
Inputs: Bible documents, and synthetic documents of N English sentences made of real text: the
Bible's gold beads in order, cycled (so 10^5 English sentences repeat the 30,000 three times, with
about 1.4 Chinese sentences each); one sentence per line. bitext's stages are timed separately:
reading (and splitting), lexical features (jieba timed apart; stems, dictionary), the alignment (search,
lexical scoring inside it, Model 1, posteriors) and writing. Peers are skipped, and said to be,
where they refuse the input or where n·m exceeds --peer-max-cells. The last lines give the
log-log slope of bitext's time and memory against N.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def synthetic(n: int, data: Path, folder: Path) -> tuple[Path, Path]:
    """N English sentences and their Chinese: the Bible's gold beads in order, cycled."""
    import re

    en_lines = (data / "en.txt").read_text(encoding="utf-8").splitlines()
    zh_lines = (data / "zh.txt").read_text(encoding="utf-8").splitlines()
    beads = []
    for line in (data / "gold" / "006.align").read_text(encoding="utf-8").splitlines():
        src, tgt = (tuple(int(x) for x in re.findall(r"\d+", side)) for side in line.split(":"))
        beads.append((src, tgt))
    en, zh = [], []
    k = 0
    while len(en) < n:
        src, tgt = beads[k % len(beads)]
        en += [en_lines[i] for i in src]
        zh += [zh_lines[j] for j in tgt]
        k += 1
    src_path, tgt_path = folder / f"syn{n}.en", folder / f"syn{n}.zh"
    src_path.write_text("\n".join(en) + "\n", encoding="utf-8")
    tgt_path.write_text("\n".join(zh) + "\n", encoding="utf-8")
    return src_path, tgt_path


def bible(doc: str, data: Path, folder: Path) -> tuple[Path, Path]:
    sizes = {line.split("\t")[0]: line.split("\t")[1:] for line in (data / "sizes.tsv").read_text().splitlines()[1:]}
    n_en, n_zh = (int(x) for x in sizes[doc])
    src_path, tgt_path = folder / f"bible{doc}.en", folder / f"bible{doc}.zh"
    src_path.write_text("\n".join((data / "en.txt").read_text(encoding="utf-8").splitlines()[:n_en]) + "\n", encoding="utf-8")
    tgt_path.write_text("\n".join((data / "zh.txt").read_text(encoding="utf-8").splitlines()[:n_zh]) + "\n", encoding="utf-8")
    return src_path, tgt_path


# --- workers (run in a child process) ----------------------------------------------------------------

def read_sides(src: str, tgt: str, stages: dict):
    """Both presplit files as sides, timed as the "read" stage."""
    from bitext.options import ReadOptions
    from bitext.pipeline import load_side

    t = time.perf_counter()
    presplit = ReadOptions(presplit=True)
    sides = load_side(src, "en", presplit), load_side(tgt, "zh", presplit)
    stages["read"] = time.perf_counter() - t
    return sides


def _timed(module, name: str) -> dict:
    """Replace ``module.name`` by a wrapper adding its running time to the returned ``{"s": …}``."""
    spent = {"s": 0.0}
    function = getattr(module, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent["s"] += time.perf_counter() - started

    setattr(module, name, timed)
    return spent


def work_bitext(src: str, tgt: str, out: str) -> dict:
    from bitext import features
    from bitext.align import LEXICAL, align
    from bitext.formats.beads import format_bead

    stages = {}
    src_side, tgt_side = read_sides(src, tgt, stages)
    jieba = _timed(features, "cut")
    t = time.perf_counter()
    en, zh = src_side.sentences, tgt_side.sentences
    src_lens = [features.sentence_length(s, "en") for s in en]
    tgt_lens = [features.sentence_length(s, "zh") for s in zh]
    lexical = features.lexical_input(en, "en", zh, "zh")
    stages["features"] = time.perf_counter() - t
    stages["  of which jieba"] = jieba["s"]
    t = time.perf_counter()
    result = align(src_lens, tgt_lens, lexical, LEXICAL)
    stages["align"] = time.perf_counter() - t
    for key in ("similarity_s", "search_s", "posteriors_s", "model1_s"):
        stages["  of which " + key[:-2]] = result.search.seconds.get(key, 0.0)
    t = time.perf_counter()
    with open(out, "w", encoding="utf-8") as stream:
        stream.writelines(format_bead(b.src, b.tgt) + "\n" for b in result.beads)
    stages["write"] = time.perf_counter() - t
    return {"stages": stages, "beads": len(result.beads), "width": result.search.width}


def work_bitext_length(src: str, tgt: str, out: str) -> dict:
    from bitext.formats import units_from_document, write_units
    from bitext.options import AlignOptions
    from bitext.pipeline import align_sides

    stages = {}
    src_side, tgt_side = read_sides(src, tgt, stages)
    t = time.perf_counter()
    doc = align_sides(src_side, tgt_side, "bench", options=AlignOptions(method="length"))
    stages["align"] = time.perf_counter() - t
    t = time.perf_counter()
    write_units(units_from_document(doc), "beads", out)
    stages["write"] = time.perf_counter() - t
    return {"stages": stages, "beads": len(doc.beads)}


def work_galechurch(src: str, tgt: str, out: str) -> dict:
    import galechurch

    en = Path(src).read_text(encoding="utf-8").splitlines()
    zh = Path(tgt).read_text(encoding="utf-8").splitlines()
    ratio = sum(map(len, en)) / max(1, sum(map(len, zh)))  # source characters per target character
    t = time.perf_counter()
    result = galechurch.align(en, zh, mean_xy=ratio, max_block_size=10**12)
    return {"stages": {"search": time.perf_counter() - t}, "beads": len(result.beads)}


def work_nltk(src: str, tgt: str, out: str) -> dict:
    from nltk.translate import gale_church

    en = [len(s) for s in Path(src).read_text(encoding="utf-8").splitlines()]
    zh = [len(s) for s in Path(tgt).read_text(encoding="utf-8").splitlines()]
    t = time.perf_counter()
    links = gale_church.align_blocks(en, zh)
    return {"stages": {"search": time.perf_counter() - t}, "links": len(links)}


WORKERS = {"bitext": work_bitext, "bitext --method length": work_bitext_length, "galechurch": work_galechurch,
           "nltk": work_nltk}


def run(system: str, src: Path, tgt: Path, timeout: float) -> dict:
    """Run one system in a child process; wall time and that child's peak RSS."""
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--worker", system, str(src), str(tgt), out],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return {"error": f"timeout after {timeout:.0f} s"}
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        message = proc.stderr.read().decode(errors="replace").strip().splitlines()
        return {"error": (message[-1] if message else "failed")[:120]}
    result = json.loads(Path(out).read_text())
    os.unlink(out)
    result.update(wall=wall, rss_mb=usage.ru_maxrss / 1024)
    return result


def slope(points: list[tuple[float, float]]) -> float:
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _, _, system, src, tgt, out = sys.argv
        Path(out).write_text(json.dumps(WORKERS[system](src, tgt, out + ".beads")))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000,30000,100000")
    parser.add_argument("--bible", default="001,006")
    parser.add_argument("--data", default=str(HERE.parent.parent / "shared" / "eval" / "bible"))
    parser.add_argument("--peer-max-cells", type=float, default=3e8, help="skip a peer when n·m is larger")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--systems", default="bitext,galechurch,nltk",
                        help="comma-separated, from: " + ", ".join(WORKERS))
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "sizes.tsv").exists():
        print(f"speed.py: {data}: no sizes.tsv (give --data)", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="bitext-speed-"))
    inputs = [(f"Bible {doc}", *bible(doc, data, folder)) for doc in args.bible.split(",") if doc]
    inputs += [(f"synthetic {n}", *synthetic(n, data, folder)) for n in map(int, filter(None, args.sizes.split(",")))]
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    print("| input | en × zh | system | wall s | peak MB | stages (s) | ratio to bitext (time) |")
    print("|---|---|---|---|---|---|---|")
    scaling = []
    for name, src, tgt in inputs:
        n = sum(1 for _ in open(src, encoding="utf-8"))
        m = sum(1 for _ in open(tgt, encoding="utf-8"))
        ours = None
        for system in systems:
            if not system.startswith("bitext") and (n * m > args.peer_max_cells or (system == "nltk" and max(n, m) > 4000)):
                result = {"error": "skipped: " + ("nltk refuses over 4000 sentences" if system == "nltk" and max(n, m) > 4000
                                                  else f"{n * m:.1e} cells > --peer-max-cells")}
            else:
                result = run(system, src, tgt, args.timeout)
            if system == "bitext" and "error" not in result:
                ours = result
                if name.startswith("synthetic"):
                    scaling.append((n, result["wall"], result["rss_mb"]))
            if "error" in result:
                print(f"| {name} | {n} × {m} | {system} | – | – | {result['error']} | – |", flush=True)
                continue
            stages = ", ".join(f"{k} {v:.2f}" for k, v in result["stages"].items())
            ratio = f"{result['wall'] / ours['wall']:.1f}×" if ours else "–"
            print(f"| {name} | {n} × {m} | {system} | {result['wall']:.2f} | {result['rss_mb']:.0f} | {stages} | {ratio} |",
                  flush=True)
    if len(scaling) >= 2:
        print(f"\nbitext log-log slope against N: time {slope([(n, t) for n, t, _ in scaling]):.2f}, "
              f"peak memory {slope([(n, r) for n, _, r in scaling]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
