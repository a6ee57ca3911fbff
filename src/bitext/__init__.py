"""bitext: sentence-aligned parallel corpora and translation memories from Chinese–English texts.

>>> import bitext
>>> en = bitext.side_from_text("IPR protection matters. Xi said so.", "en")
>>> zh = bitext.side_from_text("知識產權保護很重要。習近平如是說。", "zh")
>>> doc = bitext.align_sides(en, zh)
>>> [(b.src_text, b.tgt_text) for b in doc.pairs()]
[('IPR protection matters.', '知識產權保護很重要。'), ('Xi said so.', '習近平如是說。')]
"""

__version__ = "0.1.0"

from .align import Bead, LengthModel, align_document, align_lengths  # noqa: E402
from .document import AlignedDocument, ScoredBead, Side  # noqa: E402
from .errors import BitextError, InputError, OutputError  # noqa: E402
from .formats import read_units, units_from_document, write_units  # noqa: E402
from .pipeline import (  # noqa: E402
    align_files, align_sides, load_interleaved, load_side, side_from_text, split_interleaved,
)
from .segment import segment, split_sentences, words  # noqa: E402

__all__ = [
    "AlignedDocument", "Bead", "BitextError", "InputError", "LengthModel", "OutputError", "ScoredBead", "Side",
    "__version__", "align_document", "align_files", "align_lengths", "align_sides", "load_interleaved", "load_side",
    "read_units", "segment", "side_from_text", "split_interleaved", "split_sentences", "units_from_document", "words",
    "write_units",
]
