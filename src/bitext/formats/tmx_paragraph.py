"""TMX for the units whose source side holds several sentences, with ``segtype="paragraph"``.

A CAT tool that segments by sentence cannot match a unit of two source sentences; in a memory
declared as paragraph-segmented, OmegaT re-splits each unit by its own rules and uses it when
both sides give the same number of sentences. Put this file beside the sentence memory (OmegaT:
``tm/auto/`` to fill those segments, ``tm/`` to see them as fuzzy matches). Measured on the Xinhua
article: the sentence memory fills 28 of OmegaT's 32 English sentence segments, this one 2 more.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TextIO

from . import tmx
from .base import UnitSet

SUFFIX = ".paragraph.tmx"


def multi_sentence(units: UnitSet) -> UnitSet:
    """The units whose source side holds more than one sentence (known only when indices are)."""
    return replace(units, units=[u for u in units.units if u.src_ids is not None and len(u.src_ids) > 1])


def write(units: UnitSet, out: TextIO) -> None:
    """Write the multi-sentence pairs of ``units`` as TMX with ``segtype="paragraph"``."""
    tmx.write(multi_sentence(units), out, segtype="paragraph")
