"""The ``bitext`` command: align, review, calibrate, mine, build, segment, evaluate, convert, srx.

Exit status: 0 success, 1 bad input (one line on standard error naming the file and the
problem), 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from typing import Sequence

from .version import __version__
from .errors import BitextError, InputError
from .evaluate import score as score_beads
from .formats import FORMATS, MINED_FORMATS, READERS, format_from_path, read_alignment, read_units, units_from_document, write_units
from .output import atomic_output, refuse_overwriting_inputs, remove_stale_temporaries
from .formats.base import counted, units_from_mined
from .formats.beads import check_alignment
from .align import METHODS
from .document import estimates_record
from .options import AlignOptions, BuildOptions, OutputOptions, ReadOptions
from .pipeline import align_files, load_side, mine_files
from .score import DEFAULT_MIN_SCORE, pairs_nearly_all, summarize_document
from .segment.srx import export_srx

LANGS = ("en", "zh")
PAIR_FORMATS = ("tmx", "tsv", "moses")


def _score_arg(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return number


def _jobs_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return number or (os.cpu_count() or 1)


def _reading(parser: argparse.ArgumentParser, presplit: bool = True) -> None:
    """The options of :class:`~bitext.options.ReadOptions`."""
    parser.add_argument("--encoding", help="input encoding when not UTF-8 (e.g. gb18030, big5, utf-16)")
    parser.add_argument("--srx", help="split sentences with this SRX file's rules instead of bitext's")
    parser.add_argument("--zh-script", choices=("hans", "hant"),
                        help="write Chinese in Simplified (hans) or Traditional (hant); default: as written")
    if presplit:
        parser.add_argument("--presplit", action="store_true",
                            help="input is one sentence per line, blank lines between paragraphs")


def _read_options(args: argparse.Namespace) -> ReadOptions:
    return ReadOptions(encoding=args.encoding, src_encoding=getattr(args, "src_encoding", None),
                       tgt_encoding=getattr(args, "tgt_encoding", None), presplit=getattr(args, "presplit", False),
                       srx=os.path.abspath(args.srx) if args.srx else None,
                       zh_script={"hans": "Hans", "hant": "Hant"}.get(args.zh_script or ""))


def _method(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", choices=METHODS, default="lexical",
                        help="lexical: length, dictionary, Model 1 and anchors (default); length: Gale-Church alone")
    parser.add_argument("--learn-from", action="append", default=[], metavar="MEMORY",
                        help="a translation memory (TMX, TSV or JSONL) whose English-Chinese pairs Model 1 learns"
                             " from besides the text; repeat for several")
    parser.add_argument("--keep-boilerplate", action="store_true",
                        help="align and write navigation, datelines, photo credits and keyword lines too"
                             " (default: left unpaired and listed in the report)")
    parser.add_argument("--in-order", action="store_true",
                        help="do not look for paragraphs the translation moved out of order (saves one mining"
                             " pass on texts of several paragraphs: about 1 s per 5,000 sentences a side)")


def _align_options(args: argparse.Namespace) -> AlignOptions:
    anchors = getattr(args, "anchors", None)
    return AlignOptions(method=args.method, learn_from=tuple(os.path.abspath(p) for p in args.learn_from),
                        keep_boilerplate=args.keep_boilerplate, anchors=os.path.abspath(anchors) if anchors else None,
                        moves=not args.in_order)


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--min-score", type=_score_arg, default=DEFAULT_MIN_SCORE,
                        help=f"write only pairs scoring at least this (0-1, default {DEFAULT_MIN_SCORE})")
    parser.add_argument("--lang-tags", choices=("script", "region"), default="script",
                        help="Chinese language tags: zh-Hant/zh-Hans (script, default) or zh-TW/zh-CN (region)")


def _inputs_parser() -> argparse.ArgumentParser:
    """What align, review and calibrate read and how they align it."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("src", help="source file (English or Chinese; '-' for standard input)")
    p.add_argument("tgt", nargs="?", help="target file; omit with --interleaved")
    p.add_argument("--src-lang", choices=LANGS, help="source language (default: detected by script)")
    p.add_argument("--tgt-lang", choices=LANGS, help="target language (default: detected by script)")
    p.add_argument("--interleaved", action="store_true",
                   help="SRC holds English and Chinese paragraphs interleaved; --src-lang picks the source (default en)")
    p.add_argument("--src-encoding", help="the source file's encoding (overrides --encoding for it)")
    p.add_argument("--tgt-encoding", help="the target file's encoding (overrides --encoding for it)")
    p.add_argument("--anchors", metavar="FILE",
                   help="keep the beads this file confirms (JSONL records with \"status\": \"confirmed\", or every"
                        " bead of a .align file) and realign only the rest between them")
    _method(p)
    _reading(p)
    return p


def _align_commands(sub) -> None:
    """``align``, ``review`` and ``calibrate``: the same inputs, each its own output."""
    inputs = _inputs_parser()
    p = sub.add_parser("align", parents=[inputs], help="align two files (or one interleaved file) and write the result")
    p.add_argument("-o", "--output", help="output file (default: standard output; '-' too)")
    p.add_argument("--format", choices=FORMATS, help="output format (default: from the -o suffix, else tmx)")
    p.add_argument("--report", action="store_true", help="print the document summary on standard error")
    _output_options(p)
    p = sub.add_parser("review", parents=[inputs],
                       help="align and write an HTML page to read the alignment side by side")
    p.add_argument("-o", "--output", help="the HTML page (default: standard output; '-' too)")
    p = sub.add_parser("calibrate", parents=[inputs],
                       help="align and print the parameters estimated from the input (JSON)")
    p.add_argument("-o", "--output", help="write the JSON to this file (default: standard output; '-' too)")


def _build_command(sub) -> None:
    p = sub.add_parser("build", help="align every pair of a corpus folder's manifest.toml")
    p.add_argument("corpus", help="folder with manifest.toml")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--formats", default="tmx,tsv", help="comma-separated formats (default tmx,tsv)")
    _reading(p)
    p.add_argument("--force", action="store_true", help="redo every pair, even those unchanged since the last build")
    p.add_argument("--jobs", "-j", type=_jobs_arg, default=1,
                   help="align this many pairs at once, in separate processes (default 1; 0: one per CPU)")
    p.add_argument("--dask", metavar="SCHEDULER",
                   help="run each pair as a task on this Dask scheduler (tcp://host:8786) instead of locally")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: when standard error is a terminal)")
    p.add_argument("--learn-across", action=argparse.BooleanOptionalAction, default=True,
                   help="align every parallel pair twice, the second time learning from the confident pairs of the"
                        " others (default; --no-learn-across: each pair alone, and a changed document redoes only"
                        " its own pairs)")
    _method(p)
    _output_options(p)


def _tool_commands(sub) -> None:
    """``segment``, ``srx``, ``evaluate`` and ``convert``."""
    p = sub.add_parser("segment", help="print one sentence per line, a blank line between paragraphs")
    p.add_argument("file", nargs="?", default="-",
                   help="a monolingual text file or document, English or Chinese (default, or '-': standard input)")
    p.add_argument("--lang", choices=LANGS, help="language (default: detected by script)")
    p.add_argument("-o", "--output", help="output file (default: standard output; '-' too)")
    _reading(p, presplit=False)

    p = sub.add_parser("srx", help="write bitext's sentence-splitting rules as SRX 2.0, for CAT tools")
    p.add_argument("-o", "--output", help="output file (default: standard output)")

    p = sub.add_parser("evaluate", help="precision, recall and F1 of test beads against gold beads",
                       description="Strict: a test bead counts when it equals a gold bead. Lax: when it shares a"
                                   " sentence of each side with one (an unpaired bead: its sentence). Both files"
                                   " must be alignments: no sentence in two beads. Per bead type: gold and test"
                                   " counts, exact matches, missed gold beads and wrong test beads.")
    p.add_argument("--gold", required=True, help="gold beads file ([i,j]:[k] lines)")
    p.add_argument("--test", required=True, help="test beads file")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("convert", help="convert between TMX, TSV and JSONL (and read XLIFF and PO)")
    p.add_argument("input")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--from", dest="from_format", choices=tuple(READERS), help="input format (default: from suffix)")
    p.add_argument("--to", dest="to_format", choices=("tmx", "tsv", "jsonl", "moses", "intertext"),
                   help="output format (default: from the -o suffix)")
    p.add_argument("--src-lang", help="source language tag (needed for TSV input)")
    p.add_argument("--tgt-lang", help="target language tag (needed for TSV input)")
    p.add_argument("--encoding", help="input encoding when not UTF-8")


def _mine_command(sub) -> None:
    p = sub.add_parser("mine", help="find the sentence pairs of two comparable texts that translate each other, in any order",
                       description="Pairs (one sentence against one, or against two adjacent ones) found in any order"
                                   " and scored from the input: a pair's score is one less the estimated share of"
                                   " false pairs among the pairs of about its margin. TSV: source, target, score;"
                                   " TMX units carry x-origin 'mined from comparable text'.")
    p.add_argument("src", help="source file (English or Chinese; '-' for standard input)")
    p.add_argument("tgt", help="target file")
    p.add_argument("-o", "--output", help="output file (default: standard output; '-' too)")
    p.add_argument("--format", choices=MINED_FORMATS, help="output format (default: from the -o suffix, else tsv)")
    p.add_argument("--src-lang", choices=LANGS, help="source language (default: detected by script)")
    p.add_argument("--tgt-lang", choices=LANGS, help="target language (default: detected by script)")
    p.add_argument("--src-encoding", help="the source file's encoding (overrides --encoding for it)")
    p.add_argument("--tgt-encoding", help="the target file's encoding (overrides --encoding for it)")
    p.add_argument("--keep-boilerplate", action="store_true",
                   help="mine navigation, datelines, photo credits and keyword lines too (default: left out)")
    p.add_argument("--learn-from", action="append", default=[], metavar="MEMORY",
                   help="a translation memory (TMX, TSV or JSONL) whose English-Chinese pairs Model 1 learns from"
                        " before mining; repeat for several")
    _reading(p)
    _output_options(p)


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser: every command and its options."""
    parser = argparse.ArgumentParser(prog="bitext", description="Sentence-align Chinese-English texts into TMX, TSV and more.")
    parser.add_argument("--version", action="version", version=f"bitext {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _align_commands(sub)
    _mine_command(sub)
    _build_command(sub)
    _tool_commands(sub)
    return parser


def _format_of(output: str | None) -> str | None:
    """The format an output file's suffix names, ``None`` for standard output or no known suffix."""
    return format_from_path(output, writing=True) if output and output != "-" else None


def _aligned(args: argparse.Namespace):
    if args.interleaved and args.tgt:
        raise BitextError("--interleaved takes one file, not two")
    if not args.interleaved and not args.tgt:
        raise BitextError(f"{args.command} needs SRC and TGT (or --interleaved FILE)")
    return align_files(args.src, args.tgt, args.src_lang, args.tgt_lang, _read_options(args), _align_options(args))


def _run_inputs(args: argparse.Namespace) -> list[str]:
    """The files a run reads (which it must never write)."""
    return [p for p in (getattr(args, "src", None), getattr(args, "tgt", None), getattr(args, "srx", None),
                        getattr(args, "anchors", None), *getattr(args, "learn_from", ())) if p]


def _check_output(output: str | None, inputs: Sequence[str]) -> None:
    """Before any work: refuse an output that is an input, and clear the temporary files killed
    runs left in the output's folder."""
    refuse_overwriting_inputs([output], inputs)
    if output and output != "-":
        remove_stale_temporaries(os.path.dirname(os.path.abspath(output)))


def _write_text(text: str, output: str | None) -> None:
    """``text`` to the file ``output`` (atomically; checked with :func:`_check_output` before the
    work) or to standard output."""
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    with atomic_output(output) as out:
        out.write(text)


def cmd_calibrate(args: argparse.Namespace) -> None:
    _check_output(args.output, _run_inputs(args))
    doc = _aligned(args)
    counts: dict[str, int] = {}
    for b in doc.beads:
        kind = f"{len(b.bead.src)}-{len(b.bead.tgt)}"
        counts[kind] = counts.get(kind, 0) + 1
    _write_text(json.dumps({"document": doc.doc_id, "method": doc.signature.method,
                            "estimates": estimates_record(doc.estimates), "bead_counts": counts,
                            "signature": doc.signature.as_dict()}, ensure_ascii=False, indent=2) + "\n",
                args.output)


def cmd_review(args: argparse.Namespace) -> None:
    _check_output(args.output, _run_inputs(args))
    doc = _aligned(args)
    write_units(units_from_document(doc), "html", args.output, _run_inputs(args))


def cmd_align(args: argparse.Namespace) -> None:
    _check_output(args.output, _run_inputs(args))
    doc = _aligned(args)
    fmt = args.format or _format_of(args.output) or "tmx"
    units = units_from_document(doc, args.min_score, args.lang_tags)
    write_units(units, fmt, args.output, _run_inputs(args))
    _warn_if_empty(units, fmt, f"no pair scores {args.min_score:g} or more (--min-score)")
    summary = summarize_document(doc, args.min_score)
    if not summary.likely_parallel and summary.pairs:
        if pairs_nearly_all(summary):
            print(f"bitext: warning: few confident pairs: {summary.parallel_share:.0%} of sentences pair confidently,"
                  " but nearly every sentence pairs in order, as in a loose translation: check the pairs scoring"
                  " below --min-score", file=sys.stderr)
        else:
            print(f"bitext: warning: likely not parallel: {summary.parallel_share:.0%} of sentences pair confidently;"
                  " if the two texts are not a translation, 'bitext mine' finds the pairs that translate in any"
                  " order", file=sys.stderr)
    if args.report:
        print(json.dumps({"summary": asdict(summary), "parameters": doc.signature.as_dict()}, ensure_ascii=False),
              file=sys.stderr)


def cmd_mine(args: argparse.Namespace) -> None:
    fmt = args.format or _format_of(args.output) or "tsv"
    if fmt not in MINED_FORMATS:
        raise BitextError(f"mine writes {', '.join(MINED_FORMATS)}, not {fmt}")
    _check_output(args.output, _run_inputs(args))
    doc = mine_files(args.src, args.tgt, args.src_lang, args.tgt_lang, _read_options(args), args.min_score,
                     args.keep_boilerplate, tuple(os.path.abspath(p) for p in args.learn_from))
    units = units_from_mined(doc, args.lang_tags)
    write_units(units, fmt, args.output, _run_inputs(args))
    _warn_if_empty(units, fmt, f"no pair scores {args.min_score:g} or more (--min-score)")


def cmd_build(args: argparse.Namespace) -> None:
    from .corpus import build, render_report

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise BitextError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    options = BuildOptions(read=_read_options(args), align=_align_options(args),
                           output=OutputOptions(formats, args.min_score, args.lang_tags), force=args.force,
                           jobs=args.jobs, progress=args.progress, learn_across=args.learn_across)
    if args.dask:
        from .distributed import build_on_dask, connect

        report = build_on_dask(args.corpus, args.output, connect(args.dask), options)
    else:
        report = build(args.corpus, args.output, options)
    print(render_report(report), end="")


def cmd_segment(args: argparse.Namespace) -> None:
    _check_output(args.output, _run_inputs(args) + [args.file])
    try:
        side = load_side(args.file, args.lang, _read_options(args))
    except InputError as exc:  # the library names align's options; segment has --lang
        raise InputError(exc.problem.replace("--src-lang/--tgt-lang", "--lang"), exc.path) from None
    _write_text("\n\n".join("\n".join(sentences) for sentences in side.paragraphs) + "\n", args.output)


def cmd_evaluate(args: argparse.Namespace) -> None:
    gold = read_alignment(args.gold)[0]
    test = read_alignment(args.test)[0]
    if not gold:
        raise InputError("holds no beads", args.gold)
    check_alignment(gold, args.gold)
    check_alignment(test, args.test)
    result = score_beads(gold, test)
    if args.json:
        record = asdict(result)
        record["types"] = [dict(asdict(t), missed=t.missed, wrong=t.wrong) for t in result.types]
        print(json.dumps(record))
        return
    print(f"{'':8}{'precision':>10}{'recall':>10}{'F1':>10}")
    print(f"{'strict':8}{result.strict_precision:10.4f}{result.strict_recall:10.4f}{result.strict_f1:10.4f}")
    print(f"{'lax':8}{result.lax_precision:10.4f}{result.lax_recall:10.4f}{result.lax_f1:10.4f}")
    print(f"test beads {result.test_beads}, gold beads {result.gold_beads}")
    print("strict: a test bead counts when it equals a gold bead; lax: when it shares a sentence of each side"
          " with one (an unpaired bead: a sentence)")
    print(f"\n{'type':6}{'gold':>7}{'test':>7}{'exact':>7}{'missed':>8}{'wrong':>7}")
    for t in result.types:
        print(f"{t.kind:6}{t.gold:7}{t.test:7}{t.matched:7}{t.missed:8}{t.wrong:7}")


def cmd_convert(args: argparse.Namespace) -> None:
    fmt = args.to_format or _format_of(args.output)
    if fmt is None:
        raise BitextError("cannot tell the output format: give --to tmx|tsv|jsonl|moses")
    if fmt not in ("tmx", "tsv", "jsonl", "moses", "intertext"):
        raise BitextError(f"convert writes tmx, tsv, jsonl, moses or intertext, not {fmt}")
    _check_output(args.output, [args.input])
    units = read_units(args.input, args.from_format, args.src_lang, args.tgt_lang, args.encoding)
    pairs = [u for u in units.units if u.is_pair]  # a memory's units are translations: both sides hold text
    if len(pairs) < len(units.units):
        dropped = len(units.units) - len(pairs)
        units.notes.append(f"{counted(dropped, 'unit')} with an empty or whitespace-only side: left out")
        units.units = pairs
    for note in units.notes:
        print(f"bitext: warning: {args.input}: {note}", file=sys.stderr)
    write_units(units, fmt, args.output, [args.input])
    _warn_if_empty(units, fmt, f"{args.input} holds no translation unit")


def _warn_if_empty(units, fmt: str, why: str) -> None:
    """Say so when a pair format was written without a single pair: never a silently empty output."""
    if fmt in PAIR_FORMATS and not units.pairs():
        print(f"bitext: warning: {why}: the {fmt} output has no translation units", file=sys.stderr)


def cmd_srx(args: argparse.Namespace) -> None:
    _check_output(args.output, [])
    _write_text(export_srx(), args.output)


COMMANDS = {"align": cmd_align, "review": cmd_review, "calibrate": cmd_calibrate, "mine": cmd_mine, "build": cmd_build, "segment": cmd_segment, "evaluate": cmd_evaluate,
            "convert": cmd_convert, "srx": cmd_srx}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        COMMANDS[args.command](args)
    except BitextError as exc:
        print(f"bitext: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bitext: interrupted; no output was left half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except MemoryError:
        print(f"bitext: error: {_inputs(args)}: out of memory", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: still one line, naming the inputs; BITEXT_DEBUG=1 shows the traceback
        if os.environ.get("BITEXT_DEBUG"):
            raise
        detail = " ".join(str(exc).split())[:300]
        print(f"bitext: internal error on {_inputs(args)}: {type(exc).__name__}: {detail}"
              " (please report it; BITEXT_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1
    return 0


def _inputs(args: argparse.Namespace) -> str:
    names = [getattr(args, key, None) for key in ("src", "tgt", "corpus", "file", "input", "gold", "test")]
    return ", ".join(str(name) for name in names if name) or "the input"


if __name__ == "__main__":
    sys.exit(main())
