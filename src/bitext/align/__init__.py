"""The alignment core: pure functions over sentence lengths, token ids and sparse matrices; no I/O.

- :mod:`.beads`: beads and the check that every sentence is in exactly one.
- :mod:`.length`: the Gale–Church length model, bead priors, estimation from the input.
- :mod:`.tokens`: the lexical input, tokens as ids.
- :mod:`.similarity`: sentence vectors, the similarity of a bead and its cost.
- :mod:`.model1`: IBM Model 1, learned from aligned pairs.
- :mod:`.costs`: the cost of a bead (prior, length, similarity, endings), one model.
- :mod:`.corridor`: the cells a search visits.
- :mod:`.search`: the dynamic program over a corridor, and forward–backward posteriors.
- :mod:`.learning`: the M step, what is re-estimated from an alignment.
- :mod:`.engine`: one driver for every method: the search policy, blocks, coarse to fine, learning.
- :mod:`.interleave`: pairing the paragraph runs of an interleaved bilingual file.
- :mod:`.mining`: the pairs of two comparable texts that translate each other, in any order.
- ``_core.pyx``: the compiled loops (Cython).
"""

from .beads import Bead, BeadType, CoverageError, check_coverage
from .engine import (
    DEFAULT_WIDTH, LENGTH, LEXICAL, METHODS, Alignment, Estimates, Method, SearchStats, align, align_lengths,
    paragraph_blocks,
)
from .interleave import pair_runs
from .length import GALE_CHURCH_PRIORS, LengthModel, length_fit, match_cost, ratio_model, refine_model
from .tokens import LexicalInput

__all__ = [
    "DEFAULT_WIDTH", "GALE_CHURCH_PRIORS", "LENGTH", "LEXICAL", "METHODS", "Alignment", "Bead", "BeadType",
    "CoverageError", "Estimates", "LengthModel", "LexicalInput", "Method", "SearchStats", "align", "align_lengths",
    "check_coverage", "length_fit", "match_cost", "pair_runs", "paragraph_blocks", "ratio_model", "refine_model",
]
