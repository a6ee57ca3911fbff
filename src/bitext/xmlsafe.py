"""Parsing XML from untrusted files (TMX, SRX): no entity is ever expanded or fetched."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Callable

import regex

from .errors import InputError


def local_name(tag: str) -> str:
    """An element's name without its namespace.

    >>> local_name("{http://www.lisa.org/srx20}rule")
    'rule'
    """
    return tag.rsplit("}", 1)[-1]


def parse_untrusted(text: str, origin: str, kind: str, root_name: str) -> ET.Element:
    """Parse ``text`` as a ``kind`` document whose root element is ``root_name`` (any namespace).

    Documents that declare entities are refused outright (no expansion bombs, no external
    entities); malformed XML and a wrong root are one-line :class:`InputError`\\ s naming ``origin``.
    """
    if regex.search(r"<!ENTITY", text, flags=regex.I):
        raise InputError(f"{kind} declares entities, which bitext refuses to expand", origin)
    try:
        root = ET.fromstring(text)  # text, already decoded: an encoding its declaration names is moot
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML ({exc})", origin) from None
    if local_name(root.tag) != root_name:
        raise InputError(f"not a {kind} document (root element <{local_name(root.tag)}>)", origin)
    return root


def inline_text(element: ET.Element, keep: Callable[[str], bool]) -> str:
    """The text of ``element``: its character data, the text of the children whose local name
    ``keep`` accepts (recursively), and the text after every child (a segment's inline markup).

    >>> inline_text(ET.fromstring("<seg>a<hi>b</hi><ph>x</ph>c</seg>"), lambda name: name == "hi")
    'abc'
    """
    parts = [element.text or ""]
    for child in element:
        if keep(local_name(child.tag)):
            parts.append(inline_text(child, keep))
        parts.append(child.tail or "")
    return "".join(parts)
