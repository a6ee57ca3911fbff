"""TMX 1.4b: a translation memory for CAT tools (OmegaT, Trados, memoQ), pairs only.

Written: an XML declaration, ``<tmx version="1.4">``, a header with creationtool,
creationtoolversion, datatype="plaintext", segtype="sentence", o-tmf, adminlang, srclang and
creationdate, and header ``prop``s recording how the memory was made (``x-bitext-*``). One ``tu``
per pair, with ``prop``s ``x-score`` and ``x-document`` and one ``tuv`` per language
(``xml:lang`` on each). Characters illegal in XML 1.0 are removed; nothing else in a ``seg`` is
changed, and no whitespace is added inside it. A pair left with an empty side by that removal is
not a translation unit and is not written. ``creationdate`` honours ``SOURCE_DATE_EPOCH``.

Read: ``tu``s with the header's source language and one other language; the text of a ``seg``
keeps ``hi`` and ``sub`` content and drops native codes (``bpt``, ``ept``, ``ph``, ``it``, ``ut``).
DTDs and entity declarations are refused.
"""

from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

import regex

from .. import __version__
from ..errors import InputError
from .base import Unit, UnitSet

NAME = "tmx"
SUFFIX = ".tmx"

_XML_ILLEGAL = regex.compile(r"[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xml_safe(text: str) -> str:
    """Remove the characters XML 1.0 cannot carry (C0 controls but tab and line ends, U+FFFE/F, lone surrogates).

    >>> xml_safe("a\\x00b\\x0bc")
    'abc'
    """
    return _XML_ILLEGAL.sub("", text)


def creation_date() -> str:
    """UTC time as TMX writes it (``YYYYMMDDThhmmssZ``), from ``SOURCE_DATE_EPOCH`` when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
    return time.strftime("%Y%m%dT%H%M%SZ", moment)


def _text(value: str) -> str:
    # A carriage return is written as a character reference: XML parsers turn a literal one into \n.
    return escape(xml_safe(value), {"\r": "&#13;"})


def _attr(value: object) -> str:
    return quoteattr(xml_safe(str(value)))


def write(units: UnitSet, out: TextIO) -> None:
    """Write the pairs of ``units`` as a TMX 1.4b document."""
    date = creation_date()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<tmx version="1.4">\n')
    out.write(f'  <header creationtool="bitext" creationtoolversion={_attr(__version__)} datatype="plaintext"'
              f' segtype="sentence" o-tmf="bitext" adminlang="en" srclang={_attr(units.src_lang)}'
              f' creationdate="{date}">\n')
    for key, value in units.provenance.items():
        out.write(f'    <prop type={_attr("x-bitext-" + key)}>{_text(str(value))}</prop>\n')
    out.write("  </header>\n  <body>\n")
    writable = [u for u in units.pairs() if xml_safe(u.src).strip() and xml_safe(u.tgt).strip()]
    for number, unit in enumerate(writable, 1):
        out.write(f'    <tu tuid="{number}" creationdate="{date}">\n')
        if unit.score is not None:
            out.write(f'      <prop type="x-score">{unit.score:.4f}</prop>\n')
        if unit.doc:
            out.write(f'      <prop type="x-document">{_text(unit.doc)}</prop>\n')
        out.write(f'      <tuv xml:lang={_attr(units.src_lang)}><seg>{_text(unit.src)}</seg></tuv>\n')
        out.write(f'      <tuv xml:lang={_attr(units.tgt_lang)}><seg>{_text(unit.tgt)}</seg></tuv>\n')
        out.write("    </tu>\n")
    out.write("  </body>\n</tmx>\n")


_KEEP_CONTENT = {"hi", "sub"}


def seg_text(seg: ET.Element) -> str:
    """The text of a ``seg``: character data and ``hi``/``sub`` content, without native codes."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag in _KEEP_CONTENT:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read(text: str, origin: str, src_lang: str | None = None, tgt_lang: str | None = None) -> UnitSet:
    """Read the pairs of a TMX document (see the module docstring for what is kept)."""
    if regex.search(r"<!ENTITY", text, flags=regex.I):
        raise InputError("TMX declares entities, which bitext refuses to expand", origin)
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML ({exc})", origin) from None
    if root.tag != "tmx":
        raise InputError(f"not a TMX document (root element <{root.tag}>)", origin)
    header = root.find("header")
    declared = header.get("srclang") if header is not None else None
    src_lang = src_lang or (declared if declared and declared != "*all*" else None)
    units = []
    for tu in root.iter("tu"):
        variants = []
        for tuv in tu.findall("tuv"):
            lang = tuv.get(_XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if lang and seg is not None:
                variants.append((lang, seg_text(seg)))
        if len(variants) < 2:
            continue
        src_lang = src_lang or variants[0][0]
        src = next((t for lang, t in variants if lang.lower() == src_lang.lower()), None)
        others = [(lang, t) for lang, t in variants if lang.lower() != src_lang.lower()]
        if src is None or not others:
            continue
        tgt_lang = tgt_lang or others[0][0]
        tgt = next((t for lang, t in others if lang.lower() == tgt_lang.lower()), None)
        if tgt is None:
            continue
        score = next((p.text for p in tu.findall("prop") if p.get("type") == "x-score"), None)
        try:
            value = float(score) if score is not None else None
        except ValueError:
            value = None
        doc = next((p.text for p in tu.findall("prop") if p.get("type") == "x-document"), None)
        units.append(Unit(src, tgt, value, doc=doc))
    if units or root.find("body/tu") is None:
        # A memory without units is valid TMX: its languages are what is known ("und" otherwise).
        return UnitSet(src_lang or "und", tgt_lang or "und", units)
    raise InputError("no translation unit has the source language and another one", origin)
