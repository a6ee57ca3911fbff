"""What bible.py and mac.py share: where the evaluation data and the scorer are, the scorer
itself, and the default method with one part switched off (each variant is the method and the
keyword arguments of :func:`bitext.features.lexical_input`)."""

import argparse
import importlib.util
from dataclasses import replace
from pathlib import Path

from bitext.align import LEXICAL
from bitext.align.learning import Learned

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
