"""TSV: ``source<TAB>target<TAB>score`` a line, pairs only, no header.

Tabs and line breaks inside a text are replaced by one space (:func:`.base.one_line`); nothing
else is changed. The score has four decimals.
"""

from __future__ import annotations

from typing import TextIO

from ..errors import InputError
from .base import Unit, UnitSet, one_line

SUFFIX = ".tsv"


def write(units: UnitSet, out: TextIO) -> None:
    """Write the pairs of ``units``."""
    for unit in units.pairs():
        score = "" if unit.score is None else f"{unit.score:.4f}"
        out.write(f"{one_line(unit.src)}\t{one_line(unit.tgt)}\t{score}\n")


def read(text: str, origin: str, src_lang: str, tgt_lang: str) -> UnitSet:
    """Read ``source<TAB>target[<TAB>score]`` lines; blank lines are skipped."""
    units = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise InputError(f"line {number}: expected 2 or 3 tab-separated fields, found {len(fields)}", origin)
        score = None
        if len(fields) == 3 and fields[2].strip():
            try:
                score = float(fields[2])
            except ValueError:
                raise InputError(f"line {number}: score {fields[2]!r} is not a number", origin) from None
        units.append(Unit(fields[0], fields[1], score))
    return UnitSet(src_lang, tgt_lang, units)
