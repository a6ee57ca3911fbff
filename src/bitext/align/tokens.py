"""The lexical input of the core: each side's tokens as integer ids, and how they meet.

The features stage (:mod:`bitext.features`) turns sentences into token strings; these plain types
carry them into the alignment core as ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse


class Vocabulary:
    """Feature strings ↔ ids, growing as new features are seen."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def id(self, feature: str) -> int:
        """The id of ``feature``, a new one the first time."""
        return self.ids.setdefault(feature, len(self.ids))

    def encode(self, docs: Iterable[Sequence[str]]) -> "TokenIds":
        """Token lists (any iterable, consumed once) as :class:`TokenIds`."""
        known = self.ids
        ids: list[int] = []
        offsets = [0]
        for doc in docs:
            for token in doc:
                index = known.get(token)
                if index is None:
                    index = known[token] = len(known)
                ids.append(index)
            offsets.append(len(ids))
        return TokenIds(np.array(ids, dtype=np.int32), np.array(offsets, dtype=np.int64))


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
