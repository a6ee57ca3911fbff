"""The lexical input of the core: each side's tokens as integer ids, and how they meet.

The features stage (:mod:`bitext.features`) turns sentences into tokens and numbers them; these
plain types carry them into the alignment core.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class TokenIds:
    """The token ids of many sentences in one flat array: sentence ``k`` is
    ``ids[offsets[k]:offsets[k + 1]]`` (a tenth of the memory of lists of Python ints)."""

    ids: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, k: int) -> np.ndarray:
        return self.ids[self.offsets[k]:self.offsets[k + 1]]




@dataclass
class LexicalInput:
    """Lexical tokens of both sides as ids. ``src`` and ``tgt`` are feature ids (the shared space)
    for a side whose ``*_table`` is None, else word ids carried into that space by the table
    (words × features, rows summing to 1; word id 0 is reserved for NULL)."""

    src: TokenIds | list[list[int]]
    tgt: TokenIds | list[list[int]]
    features: int
    src_table: sparse.csr_matrix | None = None
    tgt_table: sparse.csr_matrix | None = None
    #: How each sentence ends (a small class id per sentence, the same classes on both sides).
    endings: tuple[Sequence[int], Sequence[int]] | None = None
    #: Whether a quotation is still open after each sentence, both sides (None: not known).
    quotations: tuple[Sequence[bool], Sequence[bool]] | None = None
    #: Whether each sentence ends its paragraph, both sides (None: paragraphs are no evidence).
    paragraph_ends: tuple[Sequence[bool], Sequence[bool]] | None = None
    #: The translated side's table as Model 1's prior and the likelihood's first links take it,
    #: where it differs from ``*_table`` (which the sentence vectors use): the dictionary's
    #: glosses with their synonyms. None: the same table.
    prior_table: sparse.csr_matrix | None = None
    #: Sentence pairs known to translate each other, for Model 1 to learn from besides the text:
    #: both sides' token ids, pair ``k`` being ``examples[0][k]`` and ``examples[1][k]``.
    examples: tuple[TokenIds | Sequence[Sequence[int]], TokenIds | Sequence[Sequence[int]]] | None = None

    @property
    def starting_table(self) -> sparse.csr_matrix | None:
        """The table Model 1's prior and the likelihood's first links take: ``prior_table``, else
        the translated side's table (None when both sides share one feature space)."""
        if self.prior_table is not None:
            return self.prior_table
        return self.src_table if self.src_table is not None else self.tgt_table
