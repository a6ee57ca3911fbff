"""JSONL: one JSON object a line for every bead, unpaired ones included.

Keys: ``src``, ``tgt`` (texts, ``""`` for an empty side), ``src_ids``, ``tgt_ids`` (zero-based
sentence indices, or null when unknown), ``score`` (or null), ``src_lang``, ``tgt_lang``, ``doc``,
``"status": "confirmed"`` for a bead confirmed by hand (kept by ``--anchors``), and
``"origin": "mined"`` for a pair mined from comparable text (``bitext mine``).
Text is written as UTF-8, not ASCII-escaped, except U+0085, U+2028 and U+2029, which are written
as ``\\u`` escapes so that no line-based tool splits a record; everything reads back identical.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..errors import InputError
from .base import Unit, UnitSet

SUFFIX = ".jsonl"


def write(units: UnitSet, out: TextIO) -> None:
    """Write every unit of ``units``."""
    for unit in units.units:
        record = {
            "src": unit.src, "tgt": unit.tgt,
            "src_ids": None if unit.src_ids is None else list(unit.src_ids),
            "tgt_ids": None if unit.tgt_ids is None else list(unit.tgt_ids),
            "score": None if unit.score is None else round(unit.score, 6),
            "src_lang": units.src_lang, "tgt_lang": units.tgt_lang, "doc": unit.doc,
        }
        if unit.confirmed:
            record["status"] = "confirmed"
        if unit.origin:
            record["origin"] = unit.origin
        out.write(_escape_breaks(json.dumps(record, ensure_ascii=False)) + "\n")


def _escape_breaks(line: str) -> str:
    """Escape U+0085, U+2028 and U+2029 (only ever inside JSON strings), which line-splitting tools
    such as Python's ``str.splitlines`` take for line ends."""
    return line.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def read(text: str, origin: str, src_lang: str | None = None, tgt_lang: str | None = None) -> UnitSet:
    """Read what :func:`write` writes; languages come from the records unless given."""
    units = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("src", ""), str) \
                    or not isinstance(record.get("tgt", ""), str):
                raise ValueError("not an object with string src and tgt")
            src_ids = record.get("src_ids")
            tgt_ids = record.get("tgt_ids")
            score = record.get("score")
            units.append(Unit(record.get("src", ""), record.get("tgt", ""),
                              None if score is None else float(score),
                              None if src_ids is None else tuple(int(i) for i in src_ids),
                              None if tgt_ids is None else tuple(int(i) for i in tgt_ids),
                              record.get("doc"), record.get("status") == "confirmed",
                              record.get("origin") if isinstance(record.get("origin"), str) else None))
        except (ValueError, TypeError) as exc:
            raise InputError(f"line {number}: not a bitext JSONL record ({exc})", origin) from None
        src_lang = src_lang or record.get("src_lang")
        tgt_lang = tgt_lang or record.get("tgt_lang")
    if not src_lang or not tgt_lang:
        raise InputError("no src_lang/tgt_lang in the records: give --src-lang and --tgt-lang", origin)
    return UnitSet(src_lang, tgt_lang, units)
