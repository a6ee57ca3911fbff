"""Corpus builds: the TOML manifest, every pair it lists aligned and written, and a report.

``build(folder, out)`` reads ``folder/manifest.toml``, aligns each ``[[pair]]``, writes
``out/<id>.tmx`` and ``out/<id>.tsv`` (and any other formats asked for), and writes
``out/report.md`` and ``out/report.json``: per pair the sentences on each side, beads by type,
pairs written and filtered, mean score, warnings and the parameters used; and every document
that was not aligned, with the reason.

In a corpus of several parallel pairs every parallel pair is aligned twice (unless
``BuildOptions(learn_across=False)``): first on its own, then with the confident pairs
(posterior at least 0.9) of the corpus's other parallel pairs as sentence pairs Model 1 may learn
from (:class:`~bitext.pipeline.Examples`: they teach Model 1's prior where the pair's held-out
pairs say they help).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass, field

import regex

from .version import __version__
from .align.learning import MODEL1_BEADS, spread_evenly
from .document import AlignedDocument, Run, Side, Signature
from .errors import InputError, OutputError
from .formats import MINED_FORMATS, WRITERS, language_tag, units_from_document, write_units
from .formats.base import units_from_mined
from .read import PathArg, path_text
from .output import atomic_output, refuse_overwriting_inputs, remove_stale_temporaries
from .options import BuildOptions, ReadOptions
from .pipeline import Examples, align_sides, load_interleaved, load_side, mine_sides
from .score import Summary, pairs_nearly_all, summarize_document, summarize_mined
from .segment.paragraphs import letter_counts

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LAYOUTS = ("interleaved", "monolingual")
RELATIONS = ("parallel", "comparable")


@dataclass(frozen=True)
class DocumentEntry:
    """One ``[[document]]`` of the manifest."""

    id: str
    file: str
    languages: tuple[str, ...]
    layout: str
    publisher: str = ""
    date: str = ""
    pairing: str = ""
    title: str = ""


@dataclass(frozen=True)
class PairEntry:
    """One ``[[pair]]``: which document and language is the source and which the target."""

    id: str
    relation: str
    source: tuple[str, str]
    target: tuple[str, str]


@dataclass
class Manifest:
    """The documents and pairs of a corpus folder."""

    folder: str
    documents: dict[str, DocumentEntry]
    pairs: list[PairEntry]


#: The manifest versions this bitext reads.
MANIFEST_VERSIONS = (1,)
#: A document or pair id: a name (it names output files), not a path.
_ID = regex.compile(r"^[\p{L}\p{N}][\p{L}\p{N}._\-]{0,199}$")
#: The languages a document may declare: English, or Chinese with or without its script.
_LANGUAGE = regex.compile(r"^(en(-[A-Z]{2})?|zh(-(Hans|Hant))?(-[A-Z]{2})?)$")


def _check_id(value: object, what: str, path: str) -> str:
    if not isinstance(value, str) or not _ID.match(value) or value.endswith("."):
        raise InputError(f"{what} id {value!r} is not a name: letters, digits, '.', '_' and '-', starting with a"
                         " letter or digit (it names the output files)", path)
    return value


def load_manifest(folder: PathArg) -> Manifest:
    """Read and check ``folder/manifest.toml``: ids are names and unique, every document's
    languages a list of ``en``/``zh`` tags, every pair's relation given and its two languages
    different; an unknown ``manifest_version`` is refused (a missing one is read as 1)."""
    folder = path_text(folder)
    path = os.path.join(folder, "manifest.toml")
    if not os.path.isdir(folder):
        raise InputError("no such corpus folder", folder)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise InputError("no manifest.toml in this folder", folder) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"invalid TOML ({exc})", path) from None
    version = data.get("manifest_version", 1)
    if version not in MANIFEST_VERSIONS:
        raise InputError(f"manifest_version {version!r} is not one this bitext reads"
                         f" ({', '.join(map(str, MANIFEST_VERSIONS))})", path)
    documents: dict[str, DocumentEntry] = {}
    for number, raw in enumerate(data.get("document", []), 1):
        missing = [k for k in ("id", "file", "languages", "layout") if k not in raw]
        if missing:
            raise InputError(f"document {number} lacks {', '.join(missing)}", path)
        doc_id = _check_id(raw["id"], "document", path)
        if raw["layout"] not in LAYOUTS:
            raise InputError(f"document {doc_id}: layout must be one of {', '.join(LAYOUTS)}", path)
        if doc_id in documents:
            raise InputError(f"document id {doc_id!r} appears twice", path)
        languages = raw["languages"]
        if not isinstance(languages, list) or not all(isinstance(t, str) for t in languages):
            raise InputError(f"document {doc_id}: languages must be a list of tags, e.g. [\"en\"] or"
                             f" [\"en\", \"zh-Hant\"], not {languages!r}", path)
        wrong = [t for t in languages if not _LANGUAGE.match(t)]
        if wrong:
            raise InputError(f"document {doc_id}: language {wrong[0]!r} is not en or zh (zh-Hans, zh-Hant)", path)
        wanted = 2 if raw["layout"] == "interleaved" else 1
        if len(languages) != wanted or len({_base(t) for t in languages}) != wanted:
            raise InputError(f"document {doc_id}: a {raw['layout']} document has {wanted} language"
                             f"{'s' if wanted > 1 else ''}{', English and Chinese' if wanted > 1 else ''}", path)
        if not isinstance(raw["file"], str) or not raw["file"]:
            raise InputError(f"document {doc_id}: file must be a file name", path)
        documents[doc_id] = DocumentEntry(
            doc_id, raw["file"], tuple(languages), raw["layout"], raw.get("publisher", ""),
            str(raw.get("date", "")), raw.get("pairing", ""), raw.get("title", ""))
    pairs = []
    seen: set[str] = set()
    for number, raw in enumerate(data.get("pair", []), 1):
        missing = [k for k in ("id", "relation", "source", "target") if k not in raw]
        if missing:
            raise InputError(f"pair {number} lacks {', '.join(missing)}", path)
        try:
            source = (raw["source"]["document"], raw["source"]["language"])
            target = (raw["target"]["document"], raw["target"]["language"])
            entry = PairEntry(raw["id"], raw["relation"], source, target)
        except (KeyError, TypeError):
            raise InputError(f"pair {number}: source and target are {{ document = ..., language = ... }}", path) from None
        _check_id(entry.id, "pair", path)
        if entry.id in seen:
            raise InputError(f"pair id {entry.id!r} appears twice (each pair's outputs are named by its id)", path)
        seen.add(entry.id)
        for doc_id, lang in (source, target):
            if doc_id not in documents:
                raise InputError(f"pair {entry.id}: unknown document {doc_id!r}", path)
            if lang not in documents[doc_id].languages:
                raise InputError(f"pair {entry.id}: document {doc_id} has no language {lang!r}"
                                 f" (it has {', '.join(documents[doc_id].languages)})", path)
        if entry.relation not in RELATIONS:
            raise InputError(f"pair {entry.id}: relation must be one of {', '.join(RELATIONS)}", path)
        if _base(source[1]) == _base(target[1]):
            raise InputError(f"pair {entry.id}: both sides are {_base(source[1])}; a pair is English and Chinese", path)
        pairs.append(entry)
    return Manifest(folder, documents, pairs)


def _base(tag: str) -> str:
    return tag.split("-")[0]


def _check_language(side: Side, declared: str, path: str) -> None:
    """A one-line error when a monolingual document's text is not in the language its manifest
    entry declares (under a tenth of its Han and Latin letters in that script)."""
    han, latin = letter_counts("".join(side.sentences))
    mine = han if _base(declared) == "zh" else latin
    if mine < 0.1 * (han + latin):
        found = "English" if latin > han else "Chinese"
        raise InputError(f"declared {declared} in the manifest, but its text is {found}", path)


class _Loader:
    """Reads each document once: an interleaved file gives both its sides and its paragraph runs."""

    def __init__(self, manifest: Manifest, options: ReadOptions) -> None:
        self.manifest = manifest
        self.options = options
        self.sides: dict[str, dict[str, Side]] = {}
        self.runs: dict[str, list[Run]] = {}

    def _load(self, doc_id: str) -> None:
        entry = self.manifest.documents[doc_id]
        path = os.path.join(self.manifest.folder, entry.file)
        if entry.layout == "interleaved":
            en, zh, self.runs[doc_id] = load_interleaved(path, "en", self.options)
            self.sides[doc_id] = {"en": en, "zh": zh}
        else:
            side = load_side(path, _base(entry.languages[0]), self.options)
            _check_language(side, entry.languages[0], path)
            self.sides[doc_id] = {side.lang: side}

    def side(self, doc_id: str, lang: str) -> Side:
        """The side of document ``doc_id`` in language ``lang``."""
        if doc_id not in self.sides:
            self._load(doc_id)
        return self.sides[doc_id][_base(lang)]

    def runs_with_source(self, doc_id: str, source_lang: str) -> list[Run]:
        """The paragraph runs of interleaved document ``doc_id``, ``source`` marking ``source_lang``'s."""
        english = _base(source_lang) == "en"
        return [run if english else Run(not run.source, run.paragraphs) for run in self.runs[doc_id]]


@dataclass
class PairReport:
    """What happened to one pair; ``reused`` when a previous build's outputs were still valid."""

    id: str
    relation: str
    source: str
    target: str
    outputs: list[str]
    summary: Summary
    parameters: Signature
    reused: bool = False


@dataclass
class BuildReport:
    """What a build did: the pairs aligned and the documents skipped, with reasons."""

    corpus: str
    bitext_version: str
    min_score: float
    method: str = "lexical"
    pairs: list[PairReport] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    #: Files an earlier build wrote that this one no longer does (a format no longer asked for, a
    #: pair gone from the manifest): removed, and listed here.
    removed: list[str] = field(default_factory=list)


def align_pair(loader: _Loader, pair: PairEntry, options: BuildOptions, examples: Examples | None = None
               ) -> AlignedDocument:
    """Align one manifest pair; a pair inside one interleaved document uses its paragraph runs."""
    src = loader.side(*pair.source)
    tgt = loader.side(*pair.target)
    runs = loader.runs_with_source(pair.source[0], pair.source[1]) if pair.source[0] == pair.target[0] else None
    return align_sides(src, tgt, pair.id, runs, options.align, examples)


def confident_pairs(manifest: Manifest, pair: PairEntry, options: BuildOptions, loader: "_Loader | None" = None
                    ) -> Examples:
    """The first alignment of ``learn_across``: the pairs of ``pair`` confident enough for the
    other documents to learn from, as (English, Chinese) texts."""
    loader = loader or _Loader(manifest, options.read)
    return Examples.confident(align_pair(loader, pair, options), pair.id)


STATE_DIR = ".bitext-state"


def build_pair(manifest: Manifest, out: str, pair: PairEntry, options: BuildOptions, loader: "_Loader | None" = None,
               examples: Examples | None = None) -> PairReport:
    """Align one pair (Model 1 also learning from ``examples``) and write its outputs
    (atomically); the unit of work of every build, serial, parallel or distributed. A pair
    declared comparable, or declared parallel but found likely not parallel once aligned and with
    much of a side left unpaired (:func:`~bitext.score.pairs_nearly_all`), is mined in any order
    instead; a pair declared parallel that pairs nearly every sentence in order, however few of
    its pairs are confident, is a loose translation and stays aligned in order."""
    loader = loader or _Loader(manifest, options.read)
    written_as = options.output
    if pair.relation == "comparable":  # not a translation: its pairs are mined in any order
        units, summary, signature, formats = _mined(loader, pair, options, examples)
    else:
        doc = align_pair(loader, pair, options, examples)
        summary = summarize_document(doc, written_as.min_score, pair.relation)
        if summary.likely_parallel or pairs_nearly_all(summary):
            units = units_from_document(doc, written_as.min_score, written_as.lang_tags)
            signature, formats = doc.signature, list(written_as.formats)
            if not summary.likely_parallel:
                summary.warnings.append("declared parallel and kept in order: few of its pairs are confident, but it"
                                        " pairs nearly every sentence of both sides in order, as a loose translation"
                                        " does (texts that are not one are mined in any order)")
        else:  # detected: not a translation after all
            share = summary.parallel_share
            units, summary, signature, formats = _mined(loader, pair, options, examples)
            summary.warnings.insert(0, f"declared parallel, but aligned in order only {share:.0%} of sentences pair"
                                       " confidently: mined in any order instead (check the manifest)")
    written = []
    for fmt in formats:
        written += write_units(units, fmt, os.path.join(out, pair.id + WRITERS[fmt].SUFFIX))
    return PairReport(pair.id, pair.relation, f"{pair.source[0]}:{pair.source[1]}",
                      f"{pair.target[0]}:{pair.target[1]}", [os.path.basename(p) for p in written], summary,
                      signature)


def _mined(loader: "_Loader", pair: PairEntry, options: BuildOptions, examples: Examples | None):
    """A pair's units mined in any order, its summary and signature, and the formats written for
    it (those of units, not of an alignment in order; the others named in a warning)."""
    written_as = options.output
    mined = mine_sides(loader.side(*pair.source), loader.side(*pair.target), pair.id, written_as.min_score,
                       options.align.keep_boilerplate, options.align.learn_from, examples)
    summary = summarize_mined(mined)
    unwritten = [f for f in written_as.formats if f not in MINED_FORMATS]
    if unwritten:
        summary.warnings.append(f"not written for mined pairs: {', '.join(unwritten)} (they show an alignment in order)")
    return (units_from_mined(mined, written_as.lang_tags), summary, Signature.mined(mined),
            [f for f in written_as.formats if f in MINED_FORMATS])


def _build_pair_in_worker(folder: str, out: str, pair_id: str, options: BuildOptions,
                          examples: Examples | None = None) -> PairReport:
    manifest = load_manifest(folder)
    pair = next(p for p in manifest.pairs if p.id == pair_id)
    return build_pair(manifest, out, pair, options, examples=examples)


def _confident_in_worker(folder: str, out: str, pair_id: str, options: BuildOptions) -> Examples:
    manifest = load_manifest(folder)
    return confident_pairs(manifest, next(p for p in manifest.pairs if p.id == pair_id), options)


def _each(manifest: Manifest, out: str, pairs: list[PairEntry], options: BuildOptions, executor, work, local, extra):
    """Yield ``work(pair)`` for every pair, in order: here (``local(pair, loader, extra(pair))``),
    in ``options.jobs`` processes, or on ``executor``; ``extra(pair)`` is the work's last argument."""
    if executor is None and (options.jobs <= 1 or len(pairs) <= 1):
        loader = _Loader(manifest, options.read)
        for pair in pairs:
            yield local(pair, loader, extra(pair))
        return
    if executor is not None:
        yield from _run_on(executor, manifest, out, pairs, options, work, extra)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=options.jobs) as pool:
        yield from _run_on(pool, manifest, out, pairs, options, work, extra)


def _run_on(executor, manifest: Manifest, out: str, pairs: list[PairEntry], options: BuildOptions, work, extra):
    folder, out = os.path.abspath(manifest.folder), os.path.abspath(out)
    args = [extra(pair) for pair in pairs]
    futures = [executor.submit(work, folder, out, pair.id, options, *([] if a is None else [a]))
               for pair, a in zip(pairs, args)]
    try:
        for future in futures:
            yield future.result()
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def _learned_from(manifest: Manifest, options: BuildOptions) -> list[PairEntry]:
    """The pairs whose confident pairs the others learn from: with ``learn_across``, every parallel
    pair of a corpus that has more than one."""
    parallel = [p for p in manifest.pairs if p.relation == "parallel"]
    return parallel if options.learn_across and len(parallel) > 1 else []


def _align_all(manifest: Manifest, out: str, todo: list, options: BuildOptions, executor=None, bar=None):
    """Yield ``(pair, fingerprint, report)`` for every pair to do, in manifest order; with
    ``options.learn_across``, first the confident pairs of every parallel pair of the corpus."""
    learned: dict[str, Examples] = {}
    if not todo:
        return
    parallel = _learned_from(manifest, options)
    for pair, examples in zip(parallel, _each(manifest, out, parallel, options, executor, _confident_in_worker,
                                              lambda p, loader, _: confident_pairs(manifest, p, options, loader),
                                              lambda p: None)):
        learned[pair.id] = examples
        if bar is not None:
            bar.update(1)

    pairs = [pair for pair, _ in todo]
    reports = _each(manifest, out, pairs, options, executor, _build_pair_in_worker,
                    lambda p, loader, examples: build_pair(manifest, out, p, options, loader, examples),
                    _Others(learned))
    for (pair, fingerprint), report in zip(todo, reports):
        yield pair, fingerprint, report


class _Others:
    """What each pair of a corpus that learns across learns from: the confident pairs of the
    corpus's other parallel pairs, in manifest order. Model 1 trains on at most
    :data:`~bitext.align.learning.MODEL1_BEADS` of them, evenly spread
    (:func:`~bitext.align.learning.examples_trained_on`): that many and as many as the largest
    pair has are chosen once, evenly spread over the corpus, and a pair takes the chosen ones of
    the other pairs. Each pair is sent about as many as Model 1 trains on, not the whole corpus,
    and the pairs share their sentences (whose features a worker then makes once)."""

    def __init__(self, learned: dict[str, Examples]) -> None:
        every = [(pair_id, p) for pair_id, examples in learned.items() for p in examples.pairs]
        largest = min(max((len(e.pairs) for e in learned.values()), default=0), MODEL1_BEADS)
        self.chosen = spread_evenly(every, MODEL1_BEADS + largest)
        self.learners = set(learned)
        self.teaching = [pair_id for pair_id, examples in learned.items() if examples.pairs]

    def __call__(self, pair: PairEntry) -> Examples | None:
        if pair.id not in self.learners:
            return None
        teachers = [t for t in self.teaching if t != pair.id]
        origin = ", ".join(teachers) if len(teachers) <= NAMED_TEACHERS else f"{len(teachers)} other pairs of the corpus"
        return Examples(tuple(p for owner, p in self.chosen if owner != pair.id), origin)


#: A pair's report names the pairs it learned from when there are at most this many.
NAMED_TEACHERS = 3


def _progress(total: int, show: bool | None):
    from tqdm import tqdm

    return tqdm(total=total, desc="bitext build", unit="pair", disable=(None if show is None else not show),
                file=sys.stderr, leave=False)


def _fingerprint(manifest: Manifest, pair: PairEntry, options: BuildOptions, teachers: list[PairEntry],
                 file_digests: dict[str, bytes]) -> str:
    """A digest of everything a pair's outputs depend on: the inputs' bytes (and an SRX file's),
    the manifest entries, the options; with ``teachers`` (:func:`_learned_from`), the documents of
    the pairs it learns from. ``file_digests`` keeps each file's digest for the build's other
    pairs (a corpus that learns across would otherwise read every document once per pair)."""
    digest = hashlib.sha256()
    record = {"bitext": __version__, "pair": asdict(pair), "options": options.outputs_depend_on(), "documents": []}
    paths = [os.path.join(manifest.folder, manifest.documents[d].file) for d in dict.fromkeys((pair.source[0], pair.target[0]))]
    record["documents"] = [asdict(manifest.documents[d]) for d in dict.fromkeys((pair.source[0], pair.target[0]))]
    if options.read.srx:
        paths.append(options.read.srx)  # the rules split the sentences: their bytes count, not their path
    paths += list(options.align.learn_from)  # so do the memories learned from
    if pair in teachers:  # a pair that learns across depends on the documents of every pair it learns from
        paths += sorted({os.path.join(manifest.folder, manifest.documents[d].file)
                         for p in teachers for d in (p.source[0], p.target[0])})
    for path in paths:
        if path not in file_digests:
            try:
                with open(path, "rb") as handle:
                    file_digests[path] = hashlib.sha256(handle.read()).digest()
            except OSError:
                file_digests[path] = b"unreadable"
        digest.update(file_digests[path])
    digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _earlier_states(out: str) -> dict[str, dict]:
    """What an earlier build recorded of each pair (its state file), read once."""
    states: dict[str, dict] = {}
    folder = os.path.join(out, STATE_DIR)
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json") or name.startswith("."):
            continue
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                state = json.load(handle)
        except (OSError, ValueError):
            continue
        if isinstance(state, dict):
            states[name[:-len(".json")]] = state
    return states


def _reusable(out: str, state: dict | None, fingerprint: str) -> PairReport | None:
    """The report of an earlier build of a pair when its fingerprint is this one and its outputs
    are all still there."""
    try:
        if state is None or state["fingerprint"] != fingerprint:
            return None
        report = state["report"]
        if not all(os.path.isfile(os.path.join(out, name)) for name in report["outputs"]):
            return None
        return PairReport(**dict(report, summary=Summary(**report["summary"]),
                                 parameters=Signature(**report["parameters"]), reused=True))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _earlier_outputs(states: dict[str, dict]) -> dict[str, list[str]]:
    """The files each pair's state says an earlier build wrote (plain names only)."""
    found: dict[str, list[str]] = {}
    for pair_id, state in states.items():
        try:
            outputs = state["report"]["outputs"]
            found[pair_id] = [o for o in outputs if isinstance(o, str) and o == os.path.basename(o)
                              and not o.startswith(".")]
        except (KeyError, TypeError):
            continue
    return found


def _remove_stale_outputs(out: str, earlier: dict[str, list[str]], done: dict[str, PairReport]) -> list[str]:
    """Remove what an earlier build wrote and this one did not (and the state of pairs gone from
    the manifest); returns the names removed."""
    written = {name for report in done.values() for name in report.outputs} | {"report.md", "report.json"}
    removed = []
    for pair_id, outputs in earlier.items():
        for name in outputs:
            if name not in written and os.path.isfile(os.path.join(out, name)):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(out, name))
                    removed.append(name)
        if pair_id not in done:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(out, STATE_DIR, pair_id + ".json"))
    return sorted(removed)


def _refuse_writing_over_documents(manifest: Manifest, out: str, options: BuildOptions) -> None:
    """A one-line error when an output of the build would be one of the corpus's documents."""
    names = ["report.md", "report.json"]
    for pair in manifest.pairs:
        for fmt in options.output.formats:
            if fmt == "moses":  # PAIR.<language tag> for each side, as declared or by region
                names += [f"{pair.id}.{language_tag(tag, style)}" for tag in (pair.source[1], pair.target[1])
                          for style in ("script", "region")]
            else:
                names.append(pair.id + WRITERS[fmt].SUFFIX)
    outputs = [os.path.join(out, name) for name in names]
    refuse_overwriting_inputs(outputs, [os.path.join(manifest.folder, d.file) for d in manifest.documents.values()])


def build(folder: PathArg, out: PathArg, options: BuildOptions = BuildOptions(), executor=None) -> BuildReport:
    """Align every pair of the corpus in ``folder`` and write the outputs and the report to ``out``.

    Each pair's outputs are written atomically, then a state file records what they were made
    from; a later build reuses a pair whose inputs and options are unchanged (``options.force``
    redoes it). An interrupted build therefore resumes where it stopped.

    ``options.jobs`` > 1 aligns pairs in that many processes; ``executor`` (any
    :class:`concurrent.futures.Executor`, such as a Dask client's, see :mod:`bitext.distributed`)
    runs them wherever it runs tasks. The outputs and the report are the same either way.
    """
    folder, out = path_text(folder), path_text(out)
    manifest = load_manifest(folder)
    try:
        os.makedirs(os.path.join(out, STATE_DIR), exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder: {exc.strerror or exc}", out) from None
    _refuse_writing_over_documents(manifest, out, options)
    for where in (out, os.path.join(out, STATE_DIR)):
        remove_stale_temporaries(where)
    states = _earlier_states(out)
    report = BuildReport(folder, __version__, options.output.min_score, options.align.method)
    used: set[str] = set()
    done: dict[str, PairReport] = {}
    todo: list[tuple[PairEntry, str]] = []
    teachers, file_digests = _learned_from(manifest, options), {}
    for pair in manifest.pairs:
        used.update({pair.source[0], pair.target[0]})
        fingerprint = _fingerprint(manifest, pair, options, teachers, file_digests)
        previous = None if options.force else _reusable(out, states.get(pair.id), fingerprint)
        if previous is not None:
            done[pair.id] = previous
        else:
            todo.append((pair, fingerprint))
    first = len(teachers) if todo else 0
    with _progress(len(todo) + first, options.progress) as bar:
        for pair, fingerprint, pair_report in _align_all(manifest, out, todo, options, executor, bar):
            done[pair.id] = pair_report
            with atomic_output(os.path.join(out, STATE_DIR, pair.id + ".json")) as stream:
                json.dump({"fingerprint": fingerprint, "report": asdict(pair_report)}, stream, ensure_ascii=False)
            bar.update(1)
    report.pairs = [done[pair.id] for pair in manifest.pairs]
    report.removed = _remove_stale_outputs(out, _earlier_outputs(states), done)
    for doc_id, entry in manifest.documents.items():
        if doc_id not in used:
            reason = (f"monolingual {', '.join(entry.languages)} with no counterpart"
                      if len(entry.languages) == 1 else "no [[pair]] names it")
            report.skipped.append({"document": doc_id, "file": entry.file, "reason": reason})
    with atomic_output(os.path.join(out, "report.json")) as stream:
        json.dump(asdict(report), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    with atomic_output(os.path.join(out, "report.md")) as stream:
        stream.write(render_report(report))
    return report


_METHOD_NAMES = {"length": "length (Gale–Church)", "lexical": "lexical (Gale–Church + dictionary + Model 1)"}


def _how(p: Signature) -> str:
    """How a pair was aligned, from its signature."""
    if p.method == "mined":
        return f"mined in any order (comparable); lexicon {p.lexicon}"
    how = f"length model: c = {p.c}, s² = {p.s2} (estimated from {p.model_from})"
    if p.lexicon != "none":
        how += f"; lexicon {p.lexicon}; Model 1 trained on {p.model1_beads} beads"
    return how + f"; paragraphs by {p.paragraphs}"


def _verdict(s: Summary, p: Signature) -> str:
    """What the report calls the pair: parallel, likely not, or comparable (mined)."""
    if p.method == "mined":
        return "comparable: pairs mined in any order"
    return "parallel" if s.likely_parallel else "likely NOT parallel"


def render_report(report: BuildReport) -> str:
    """The build report as Markdown, readable in a terminal."""
    lines = [f"# bitext build report: {report.corpus}", "",
             f"bitext {report.bitext_version}, method {_METHOD_NAMES.get(report.method, report.method)},"
             f" pairs written when score ≥ {report.min_score:g}", ""]
    for pair in report.pairs:
        s = pair.summary
        p = pair.parameters
        reused = "; unchanged since the last build, outputs reused" if pair.reused else ""
        lines += [f"## {pair.id} ({pair.relation}{reused})", "",
                  f"- source {pair.source}: {s.src_sentences} sentences; target {pair.target}: {s.tgt_sentences} sentences;"
                  f" every sentence in exactly one bead (source {s.src_in_beads} of {s.src_sentences},"
                  f" target {s.tgt_in_beads} of {s.tgt_sentences})",
                  f"- beads: {', '.join(f'{k} {v}' for k, v in s.bead_types.items())}",
                  f"- pairs: {s.pairs}, written {s.pairs_written}, filtered {s.pairs_filtered};"
                  f" unpaired sentences: source {s.unpaired_src}, target {s.unpaired_tgt}",
                  f"- mean score {s.mean_score:.3f}; sentences in confident pairs {s.parallel_share:.0%};"
                  f" {_verdict(s, p)}",
                  f"- {_how(p)}; segmentation {p.seg_src} / {p.seg_tgt}",
                  f"- written: {', '.join(pair.outputs)}"]
        if s.boilerplate:
            lines.append(f"- boilerplate left unpaired ({len(s.boilerplate)}; --keep-boilerplate keeps it): "
                         + "; ".join(s.boilerplate))
        lines += [f"- WARNING: {w}" for w in s.warnings]
        lines.append("")
    if report.removed:
        lines += ["## Removed", "", "Written by an earlier build, no longer by this one (a format not asked for, a pair"
                  " gone from the manifest):", ""] + [f"- {name}" for name in report.removed] + [""]
    if report.skipped:
        lines += ["## Skipped", ""] + [f"- {s['document']} ({s['file']}): {s['reason']}" for s in report.skipped] + [""]
    return "\n".join(lines)
