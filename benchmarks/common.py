"""What bible.py and mac.py share: where the evaluation data and the scorer are, the scorer
itself, the default method with one part switched off (each variant is the method and the
keyword arguments of :func:`bitext.features.lexical_input`), texts cut into parts at gold beads,
and documents built as one corpus."""

import argparse
import importlib.util
import tempfile
from dataclasses import replace
from pathlib import Path

from bitext.align import LEXICAL
from bitext.align.learning import Learned
from bitext.corpus import build
from bitext.options import BuildOptions, OutputOptions, ReadOptions

#: The folder beside the project that holds eval/ and tools/ (never copied into the project).
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def evaluation_parser(description: str, data_set: str, methods: str) -> argparse.ArgumentParser:
    """The options of an accuracy benchmark: ``--data`` (default ``../shared/eval/<data_set>``),
    ``--tools`` (``../shared/tools``), ``--methods`` (default ``methods``), ``--ablation`` and
    ``--thresholds``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", default=str(SHARED / "eval" / data_set))
    parser.add_argument("--tools", default=str(SHARED / "tools"))
    parser.add_argument("--methods", default=methods, help="which of length, lexical to run")
    parser.add_argument("--ablation", action="store_true", help="also the default method with parts switched off")
    parser.add_argument("--thresholds", action="store_true", help="precision of kept pairs by score threshold")
    parser.add_argument("--corpus", action="store_true", help="also build the documents as one corpus")
    parser.add_argument("--swapped", type=int, default=0, metavar="N",
                        help="also: paragraphs of N gold beads, two target paragraphs far apart swapped, aligned"
                             " with and without looking for paragraphs out of order")
    parser.add_argument("--paragraphs", action="store_true",
                        help="also: chapters cut into paragraphs, aligned without and with paragraph ends as evidence")
    parser.add_argument("--anchors-every", type=int, default=0, metavar="N",
                        help="also confirm every N-th gold bead (--anchors) and realign the rest")
    return parser


def gold_span(beads) -> tuple[int, int, int, int]:
    """The sentences a run of gold beads covers: first source, one past the last source, first
    target, one past the last target."""
    src = [i for a, _ in beads for i in a]
    tgt = [j for _, b in beads for j in b]
    return min(src), max(src) + 1, min(tgt), max(tgt) + 1


def parts_at_gold(src: list[str], tgt: list[str], gold: list, count: int) -> list[tuple]:
    """A text cut into ``count`` parts at gold beads (a cut at the first bead with both sides
    from each share on): each part's source and target lines, its gold beads, and the first
    source and target sentence it starts at."""
    cuts = [0] + [next(k for k in range(q * len(gold) // count, len(gold)) if gold[k][0] and gold[k][1])
                  for q in range(1, count)] + [len(gold)]
    parts = []
    for first, last in zip(cuts, cuts[1:]):
        src0, src1, tgt0, tgt1 = gold_span(gold[first:last])
        parts.append((src[src0:src1], tgt[tgt0:tgt1], gold[first:last], src0, tgt0))
    return parts


def parts_as_documents(name: str, src: list[str], tgt: list[str], gold: list, count: int
                       ) -> dict[str, tuple[list[str], list[str], list]]:
    """The ``count`` parts of a text (:func:`parts_at_gold`) as documents of their own, for
    :func:`built_as_corpus`: ``name.k`` → the part's source and target lines and its gold beads
    counted from the part's first sentences."""
    return {f"{name}.{k}": (s, t, [(tuple(i - src0 for i in a), tuple(j - tgt0 for j in b)) for a, b in part])
            for k, (s, t, part, src0, tgt0) in enumerate(parts_at_gold(src, tgt, gold, count))}


def built_as_corpus(documents: dict[str, tuple[list[str], list[str], list]], bs, learn_across: bool,
                    langs: tuple[str, str] = ("zh-Hans", "en")):
    """Every document (id: source lines, target lines, gold beads) a pair of one manifest (its
    sides in ``langs``), built with ``--presplit``, learning across or not; per-document F1 and
    the gold and test beads of all documents."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "corpus", Path(tmp) / "out"
        folder.mkdir()
        manifest = ["manifest_version = 1"]
        for doc, (src, tgt, _) in documents.items():
            for side, tag, lines in (("src", langs[0], src), ("tgt", langs[1], tgt)):
                (folder / f"{doc}.{side}.txt").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
                manifest.append(f'[[document]]\nid = "{doc}-{side}"\nfile = "{doc}.{side}.txt"\n'
                                f'languages = ["{tag}"]\nlayout = "monolingual"')
            manifest.append(f'[[pair]]\nid = "{doc}"\nrelation = "parallel"\n'
                            f'source = {{ document = "{doc}-src", language = "{langs[0]}" }}\n'
                            f'target = {{ document = "{doc}-tgt", language = "{langs[1]}" }}')
        (folder / "manifest.toml").write_text("\n\n".join(manifest) + "\n", encoding="utf-8")
        build(str(folder), str(out), BuildOptions(read=ReadOptions(presplit=True), output=OutputOptions(("beads",), min_score=0.0),
                                                  progress=False, learn_across=learn_across, jobs=2))
        per, gold_all, test_all = {}, [], []
        for doc, (_, _, gold) in documents.items():
            test = bs.read_beads(out / f"{doc}.align")
            per[doc] = bs.prf(gold, test)[3]
            gold_all += [(doc, b) for b in gold]
            test_all += [(doc, b) for b in test]
    return per, gold_all, test_all


def load_beadscore(tools: Path):
    """``beadscore.py`` from ``tools``, the shared scorer of strict bead F1, as a module."""
    spec = importlib.util.spec_from_file_location("beadscore", tools / "beadscore.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: name → (the method with that part off, the features' options).
ABLATION = {
    "dictionary only (first pass)": (replace(LEXICAL, rounds=0), {}),
    "no Model 1": (replace(LEXICAL, learned=Learned(model1=False)), {}),
    "no sentence endings": (replace(LEXICAL, learned=Learned(endings=False)), {}),
    "no quotations": (replace(LEXICAL, learned=Learned(quotations=False)), {}),
    "priors counted whole": (replace(LEXICAL, learned=Learned(posterior_priors=False)), {}),
    "no unseen share": (replace(LEXICAL, learned=Learned(unseen_share=False)), {}),
    "background shares not estimated (0.5)": (replace(LEXICAL, learned=Learned(background_share=False)), {}),
    "no names": (LEXICAL, {"names": False}),
    "no proper nouns as words": (LEXICAL, {"proper_nouns": False}),
    "no synonyms of the glosses": (LEXICAL, {"synonyms": False}),
}
