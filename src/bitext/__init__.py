"""bitext: sentence-aligned parallel corpora and translation memories from Chinese–English texts.

>>> import bitext
>>> en = bitext.side_from_text("IPR protection matters. Xi said so.", "en")
>>> zh = bitext.side_from_text("知識產權保護很重要。習近平如是說。", "zh")
>>> doc = bitext.align_sides(en, zh)
>>> [(b.src_text, b.tgt_text) for b in doc.pairs()]
[('IPR protection matters.', '知識產權保護很重要。'), ('Xi said so.', '習近平如是說。')]
"""

from .version import __version__  # noqa: E402

from .align import Bead, LengthModel, align_lengths  # noqa: E402
from .document import AlignedDocument, Run, ScoredBead, Side, Signature  # noqa: E402
from .errors import BitextError, InputError, OutputError  # noqa: E402
from .features import words  # noqa: E402
from .formats import read_units, units_from_document, write_units  # noqa: E402
from .options import AlignOptions, BuildOptions, OutputOptions, ReadOptions  # noqa: E402
from .pipeline import (  # noqa: E402
    align_files, align_sides, load_interleaved, load_side, mine_files, mine_sides, side_from_text, split_interleaved,
)
from .segment import split_sentences  # noqa: E402

__all__ = [
    "AlignOptions", "AlignedDocument", "Bead", "BitextError", "BuildOptions", "InputError", "LengthModel",
    "OutputError", "OutputOptions", "ReadOptions", "Run", "ScoredBead", "Side", "Signature", "__version__",
    "align_files", "align_lengths", "align_sides", "load_interleaved", "load_side", "mine_files", "mine_sides",
    "read_units", "side_from_text",
    "split_interleaved", "split_sentences", "units_from_document", "words", "write_units",
]
