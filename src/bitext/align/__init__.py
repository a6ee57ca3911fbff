"""The alignment core: pure functions over sentence lengths, no I/O.

- :mod:`.length`: the Gale–Church length model, bead priors, estimation from the input.
- :mod:`.dp`: the banded dynamic program with forward–backward posteriors.
- :mod:`.hierarchy`: paragraphs first, then sentences; model estimation.
- :mod:`.interleave`: pairing the paragraph runs of an interleaved bilingual file.
"""

from .dp import (
    DEFAULT_BAND, Alignment, Bead, CoverageError, align_lengths, bead_posteriors, best_path, check_coverage, path_cost,
)
from .hierarchy import DocumentAlignment, align_document, align_paragraphs, align_within
from .interleave import pair_runs
from .length import GALE_CHURCH_PRIORS, BeadType, LengthModel, length_fit, match_cost, ratio_model, refine_model

__all__ = [
    "DEFAULT_BAND", "GALE_CHURCH_PRIORS", "Alignment", "Bead", "CoverageError", "bead_posteriors", "best_path",
    "check_coverage", "BeadType", "DocumentAlignment", "LengthModel",
    "align_document", "align_lengths", "align_paragraphs", "align_within", "length_fit", "match_cost",
    "pair_runs", "path_cost", "ratio_model", "refine_model",
]
