"""Moses: two line-aligned plain-text files, ``OUT.<src>`` and ``OUT.<tgt>``, pairs only.

Tabs and line breaks inside a text become one space, as in TSV.
"""

from __future__ import annotations

from typing import TextIO

from .base import UnitSet, one_line

SUFFIX = ""


def write_pair(units: UnitSet, src_out: TextIO, tgt_out: TextIO) -> None:
    """Write source lines to ``src_out`` and target lines to ``tgt_out``."""
    for unit in units.pairs():
        src_out.write(one_line(unit.src) + "\n")
        tgt_out.write(one_line(unit.tgt) + "\n")


def paths(out: str, units: UnitSet) -> tuple[str, str]:
    """The two file names for output prefix ``out``: ``out.<src lang>`` and ``out.<tgt lang>``."""
    return f"{out}.{units.src_lang}", f"{out}.{units.tgt_lang}"
