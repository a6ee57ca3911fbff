"""XLIFF 1.2 and 2.0 (read only): a CAT tool's bilingual file, already segment-aligned, read as
pairs. Each ``trans-unit`` (1.2) or ``segment`` (2.0) with a source and a target is a unit; the
text of inline codes (``g``, ``mrk``, ``pc``) is kept, placeholders (``x``, ``ph``, ``bx``, ``ex``)
dropped. Languages come from the file (``source-language``/``target-language``, ``srcLang``/
``trgLang``) unless given. DTDs and entity declarations are refused, as in TMX.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..errors import InputError
from ..xmlsafe import inline_text, local_name, parse_untrusted
from .base import Unit, UnitSet, counted
from .tmx import canonical_tag

SUFFIX = ".xlf"
_PLACEHOLDERS = {"x", "ph", "bx", "ex", "it", "bpt", "ept", "sc", "ec", "cp"}


def _text(element: ET.Element) -> str:
    return inline_text(element, lambda name: name not in _PLACEHOLDERS)


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local_name(child.tag) == name]


def read(text: str, origin: str, src_lang: str | None = None, tgt_lang: str | None = None) -> UnitSet:
    """The source–target pairs of an XLIFF document; units without a target, or with an empty
    side, are counted in the set's ``notes``."""
    root = parse_untrusted(text, origin, "XLIFF", "xliff")
    version = root.get("version", "1.2")
    src_lang = src_lang or root.get("srcLang")
    tgt_lang = tgt_lang or root.get("trgLang")
    units, untranslated = [], 0
    for file in root.iter():
        if local_name(file.tag) != "file":
            continue
        src_lang = src_lang or file.get("source-language")
        tgt_lang = tgt_lang or file.get("target-language")
        blocks = [e for e in file.iter() if local_name(e.tag) == ("trans-unit" if version.startswith("1") else "segment")]
        for block in blocks:
            if block.get("translate") == "no" or block.get("restype") == "x-gettext-domain-header":
                continue  # not for translation (a PO catalogue's header)
            sources, targets = _children(block, "source"), _children(block, "target")
            src = _text(sources[0]) if sources else ""
            tgt = _text(targets[0]) if targets else ""
            if not src.strip() or not tgt.strip():
                untranslated += 1
                continue
            units.append(Unit(src, tgt, doc=block.get("id")))
    if not src_lang or not tgt_lang:
        raise InputError("the XLIFF names no source or target language: give --src-lang and --tgt-lang", origin)
    notes = [f"{counted(untranslated, 'unit')} without a translation: left out"] if untranslated else []
    return UnitSet(canonical_tag(src_lang), canonical_tag(tgt_lang), units, notes=notes)
