"""Beads: one ``[i,j]:[k]`` line per bead, zero-based sentence indices, source first, unpaired
beads as ``[]:[k]`` or ``[i]:[]`` — the format of Vecalign's output and Bertalign's gold files."""

from __future__ import annotations

from typing import TextIO

import regex

from ..errors import InputError
from .base import UnitSet

SUFFIX = ".align"

_LINE = regex.compile(r"^\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")


def format_bead(src: tuple[int, ...], tgt: tuple[int, ...]) -> str:
    """``[1,2]:[3]``.

    >>> format_bead((1, 2), (3,)), format_bead((), (0,))
    ('[1,2]:[3]', '[]:[0]')
    """
    return f"[{','.join(map(str, src))}]:[{','.join(map(str, tgt))}]"


def write(units: UnitSet, out: TextIO) -> None:
    """Write every unit's indices (units without indices cannot be written as beads)."""
    for unit in units.units:
        if unit.src_ids is None or unit.tgt_ids is None:
            raise ValueError("beads output needs sentence indices, which these units do not have")
        out.write(format_bead(unit.src_ids, unit.tgt_ids) + "\n")


def parse(text: str, origin: str = "<beads>") -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Parse bead lines (anything after the closing bracket, such as a score, is ignored).

    >>> parse("[0]:[0,1]\\n[]:[2] 0.5\\n")
    [((0,), (0, 1)), ((), (2,))]
    """
    beads = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        match = _LINE.match(line.strip())
        if not match:
            raise InputError(f"line {number}: not a bead like [0,1]:[2]", origin)
        src, tgt = (tuple(int(x) for x in g.replace(" ", "").split(",") if x) for g in match.groups())
        if not src and not tgt:
            raise InputError(f"line {number}: a bead with both sides empty", origin)
        beads.append((src, tgt))
    return beads


def check_alignment(beads: list[tuple[tuple[int, ...], tuple[int, ...]]], origin: str) -> None:
    """A one-line :class:`InputError` unless ``beads`` are an alignment: no sentence of either side
    in two beads.

    >>> check_alignment([((0,), (0,)), ((0, 1), (1,))], "test.align")
    Traceback (most recent call last):
    bitext.errors.InputError: test.align: not an alignment: source sentence 0 is in two beads (beads 1 and 2)
    """
    for side, name in ((0, "source"), (1, "target")):
        first: dict[int, int] = {}
        for number, bead in enumerate(beads, 1):
            for sentence in bead[side]:
                if sentence in first:
                    raise InputError(f"not an alignment: {name} sentence {sentence} is in two beads"
                                     f" (beads {first[sentence]} and {number})", origin)
                first[sentence] = number
