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

from ..version import __version__
from ..errors import InputError
from ..xmlsafe import inline_text, parse_untrusted
from .base import Unit, UnitSet, counted

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


def write(units: UnitSet, out: TextIO, segtype: str = "sentence") -> None:
    """Write the pairs of ``units`` as a TMX 1.4b document with the given header ``segtype``."""
    date = creation_date()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<tmx version="1.4">\n')
    out.write(f'  <header creationtool="bitext" creationtoolversion={_attr(__version__)} datatype="plaintext"'
              f' segtype="{segtype}" o-tmf="bitext" adminlang="en" srclang={_attr(units.src_lang)}'
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
        if unit.confirmed:
            out.write('      <prop type="x-status">confirmed</prop>\n')
        if unit.origin == "mined":
            out.write('      <prop type="x-origin">mined from comparable text</prop>\n')
        out.write(f'      <tuv xml:lang={_attr(units.src_lang)}><seg>{_text(unit.src)}</seg></tuv>\n')
        out.write(f'      <tuv xml:lang={_attr(units.tgt_lang)}><seg>{_text(unit.tgt)}</seg></tuv>\n')
        out.write("    </tu>\n")
    out.write("  </body>\n</tmx>\n")


_KEEP_CONTENT = {"hi", "sub"}


def seg_text(seg: ET.Element) -> str:
    """The text of a ``seg``: character data and ``hi``/``sub`` content, without native codes."""
    return inline_text(seg, _KEEP_CONTENT.__contains__)


def canonical_tag(tag: str) -> str:
    """A language tag in BCP 47 case: language lower, script title, region upper.

    >>> canonical_tag("EN-US"), canonical_tag("zh_hant_tw"), canonical_tag("zh-cn"), canonical_tag("zh Hans")
    ('en-US', 'zh-Hant-TW', 'zh-CN', 'zh-Hans')
    """
    parts = [p for p in regex.split(r"[-_\s]+", tag.strip()) if p] or [""]
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def read(text: str, origin: str, src_lang: str | None = None, tgt_lang: str | None = None) -> UnitSet:
    """Read the pairs of a TMX document (see the module docstring for what is kept).

    The source is ``src_lang``, else the header's ``srclang``, else (``*all*``) the first
    variant's language; the target is ``tgt_lang``, else the first other language met. A
    requested language matches a variant with the same tag in any case, else one of the same
    language and script (``zh-Hant`` finds ``zh-TW``, ``zh-HK``; ``zh-TW`` finds ``zh-Hant``, never
    ``zh-CN``); a bare ``zh`` or ``en`` matches any variant of its language. Units without the two
    languages, or whose segment in either is empty or whitespace, are left out, and of two
    variants of one language the first is read: each is counted in the set's ``notes``. Tags are
    returned in BCP 47 case.
    """
    root = parse_untrusted(text, origin, "TMX", "tmx")
    header = root.find("header")
    declared = header.get("srclang") if header is not None else None
    src_lang = canonical_tag(src_lang or (declared if declared and declared != "*all*" else "")) or None
    tgt_lang = canonical_tag(tgt_lang) if tgt_lang else None
    units = []
    lacking = empty = doubled = 0
    for tu in root.iter("tu"):
        variants = []
        for tuv in tu.findall("tuv"):
            lang = tuv.get(_XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if lang and seg is not None:
                variants.append((canonical_tag(lang), seg_text(seg)))
        if len({tag for tag, _ in variants}) < len(variants):
            doubled += 1
        src = _pick(variants, src_lang or (variants[0][0] if variants else ""))
        tgt = None
        if src is not None:
            others = [v for v in variants if _script_class(v[0]) != _script_class(src[0])]
            tgt = _pick(others, tgt_lang) if tgt_lang else (others[0] if others else None)
        if src is None or tgt is None:
            lacking += 1
            continue
        if not src[1].strip() or not tgt[1].strip():
            empty += 1
            continue
        src_lang = src_lang or src[0]
        tgt_lang = tgt_lang or tgt[0]
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        try:
            score = float(props["x-score"]) if props.get("x-score") is not None else None
        except ValueError:
            score = None
        units.append(Unit(src[1], tgt[1], score, doc=props.get("x-document"), confirmed=props.get("x-status") == "confirmed",
                          origin="mined" if props.get("x-origin") == "mined from comparable text" else None))
    if not units and root.find("body/tu") is not None:
        raise InputError("no translation unit has the source language and another one"
                         + (f" ({src_lang}, {tgt_lang})" if src_lang and tgt_lang else ""), origin)
    # A memory without units is valid TMX: its languages are what is known ("und" otherwise).
    notes = []
    if lacking:
        notes.append(f"{counted(lacking, 'unit')} without both {src_lang or 'the source language'} and"
                     f" {tgt_lang or 'another language'}: left out")
    if empty:
        notes.append(f"{counted(empty, 'unit')} with an empty or whitespace-only segment: left out")
    if doubled:
        notes.append(f"{counted(doubled, 'unit')} with two variants of one language: the first of each was read")
    return UnitSet(src_lang or "und", tgt_lang or "und", units, notes=notes)


_HANT_REGIONS = ("TW", "HK", "MO")
_HANS_REGIONS = ("CN", "SG", "MY")


def _script_class(tag: str) -> str:
    """A tag's language and, for Chinese, its script as written or implied by its region
    (``zh-TW`` → ``zh-Hant``; a bare ``zh`` stays ``zh``).

    >>> [_script_class(t) for t in ("zh-TW", "zh-Hant-HK", "zh-CN", "zh", "en-GB")]
    ['zh-Hant', 'zh-Hant', 'zh-Hans', 'zh', 'en']
    """
    parts = tag.split("-")
    if parts[0] != "zh":
        return parts[0]
    if "Hant" in parts or any(p in _HANT_REGIONS for p in parts[1:]):
        return "zh-Hant"
    if "Hans" in parts or any(p in _HANS_REGIONS for p in parts[1:]):
        return "zh-Hans"
    return "zh"


def _pick(variants: list[tuple[str, str]], want: str) -> tuple[str, str] | None:
    """The variant in language ``want``: the same tag first, else the same language and script;
    for a tag that names no script or region (``zh``, ``en``), any variant of the language.

    >>> v = [("en", "Hi."), ("zh-CN", "你好。"), ("zh-TW", "你好。")]
    >>> _pick(v, "zh-Hant")[0], _pick(v, "zh-Hans")[0], _pick(v, "zh")[0], _pick(v[:2], "zh-TW")
    ('zh-TW', 'zh-CN', 'zh-CN', None)
    """
    exact = [v for v in variants if v[0] == want]
    if exact:
        return exact[0]
    if "-" not in want:
        return next((v for v in variants if v[0].split("-")[0] == want), None)
    wanted = _script_class(want)
    return next((v for v in variants if _script_class(v[0]) == wanted), None)
