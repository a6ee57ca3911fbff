"""Output and interchange formats, one module each: TMX, TSV, Moses, JSONL, beads, HTML (review).

``write_units(units, fmt, out)`` writes to a path (atomically: a temporary file renamed into
place) or to standard output (``out`` is ``None`` or ``"-"``); ``read_units(path, fmt)`` reads the
formats ``bitext convert`` accepts (TMX, TSV, JSONL, and XLIFF and PO from CAT tools).
"""

from __future__ import annotations

import io
import os
import sys
from typing import Sequence

from ..errors import InputError, OutputError
from ..output import atomic_output, refuse_overwriting_inputs
from ..read import PathArg, path_text, read_text
from . import beads, html, intertext, jsonl, moses, po, tmx, tmx_paragraph, tsv, xliff
from .base import Unit, UnitSet, language_tag, units_from_document

WRITERS = {"tmx": tmx, "tmx-paragraph": tmx_paragraph, "tsv": tsv, "jsonl": jsonl, "beads": beads, "moses": moses,
           "intertext": intertext,
           "html": html}
READERS = {"tmx": tmx, "tsv": tsv, "jsonl": jsonl, "xliff": xliff, "po": po, "intertext": intertext}
FORMATS = tuple(WRITERS)
#: What pairs mined from comparable text are written as: the formats of units, not of an alignment in order.
MINED_FORMATS = ("tsv", "tmx", "jsonl", "moses", "beads")

__all__ = ["FORMATS", "READERS", "WRITERS", "Unit", "UnitSet", "atomic_output", "format_from_path",
           "language_tag", "read_alignment", "read_units", "units_from_document", "write_units"]


def write_units(units: UnitSet, fmt: str, out: PathArg | None, inputs: Sequence[PathArg | None] = ()) -> list[str]:
    """Write ``units`` as ``fmt`` to the file ``out`` (or standard output); returns the paths
    written. An output that is one of ``inputs`` (the run's input files) is refused."""
    out = None if out is None else path_text(out)
    inputs = [None if p is None else path_text(p) for p in inputs]
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    to_stdout = out in (None, "-")
    if fmt == "moses":
        if to_stdout:
            raise OutputError("moses writes two files: give -o PREFIX")
        src_path, tgt_path = moses.paths(out, units)
        refuse_overwriting_inputs([src_path, tgt_path], inputs)
        with atomic_output(src_path) as src_out, atomic_output(tgt_path) as tgt_out:
            moses.write_pair(units, src_out, tgt_out)
        return [src_path, tgt_path]
    if fmt == "intertext":
        if to_stdout:
            raise OutputError("intertext writes three files: give -o NAME.xml")
        link_path, src_path, tgt_path = intertext.paths(out, units)
        refuse_overwriting_inputs([link_path, src_path, tgt_path], inputs)
        with atomic_output(link_path) as links, atomic_output(src_path) as src_out, atomic_output(tgt_path) as tgt_out:
            intertext.write_documents(units, links, src_out, tgt_out, (os.path.basename(src_path), os.path.basename(tgt_path)))
        return [link_path, src_path, tgt_path]
    if to_stdout:
        # Rendered whole before the first byte goes out, so an error leaves no partial output.
        buffer = io.StringIO()
        WRITERS[fmt].write(units, buffer)
        sys.stdout.write(buffer.getvalue())
        sys.stdout.flush()
        return []
    refuse_overwriting_inputs([out], inputs)
    with atomic_output(out) as stream:
        WRITERS[fmt].write(units, stream)
    return [out]


def format_from_path(path: str, writing: bool = False) -> str | None:
    """The format a file name's suffix names (``.tmx``, ``.tsv``, ``.jsonl``; when writing also
    ``.align`` and ``.html``), else ``None``."""
    suffix = os.path.splitext(path)[1].lower().lstrip(".")
    suffix = {"align": "beads", "htm": "html", "xlf": "xliff", "sdlxliff": "xliff", "mqxliff": "xliff",
              "xml": "intertext"}.get(suffix, suffix)
    return suffix if suffix in (WRITERS if writing else READERS) and suffix != "moses" else None


def read_units(path: PathArg, fmt: str | None = None, src_lang: str | None = None,
               tgt_lang: str | None = None, encoding: str | None = None) -> UnitSet:
    """Read a TMX, TSV or JSONL file (format from ``fmt`` or the suffix)."""
    path = path_text(path)
    fmt = fmt or format_from_path(path)
    if fmt not in READERS:
        raise InputError("cannot tell the format from the file name: give --from tmx|tsv|jsonl", path)
    text = read_text(path, encoding, unicode_breaks=False)
    if fmt == "tsv":
        if not src_lang or not tgt_lang:
            raise InputError("TSV does not record languages: give --src-lang and --tgt-lang", path)
        return tsv.read(text, path, src_lang, tgt_lang)
    return READERS[fmt].read(text, path, src_lang, tgt_lang)


def read_alignment(path: PathArg) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], list[bool]]:
    """The beads of an alignment file and which were confirmed by hand, told by its content: an
    InterText link file (``status="man"``), bitext's JSONL (``"status": "confirmed"``; every
    record with its indices) or a beads file (every bead)."""
    path = path_text(path)
    text = read_text(path, unicode_breaks=False)
    if "<linkGrp" in text[:2000]:
        return intertext.read_links(text, path)
    if text.lstrip().startswith("{"):
        units = jsonl.read(text, path, "und", "und").units
        if any(u.src_ids is None or u.tgt_ids is None for u in units):
            raise InputError("a JSONL record without src_ids and tgt_ids is no part of an alignment", path)
        return [(u.src_ids, u.tgt_ids) for u in units], [u.confirmed for u in units]
    found = beads.parse(text, path)
    return found, [True] * len(found)
