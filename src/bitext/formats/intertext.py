"""InterText: the alignment editor the MAC corpus was made in (Vondřička 2014). An alignment is
three files: a ``linkGrp`` whose ``fromDoc`` and ``toDoc`` name the two documents beside it, one
``link`` per bead (``type="1-2"``, ``xtargets="1:1;1:2 1:3"``: the source sentence ids, then the
target ones; ``status="man"`` for a bead confirmed by hand, else ``"auto"``), and each document as
``<text><p><s id="1:1">…</s></p></text>``.

Written: ``-o x.xml`` writes the link file ``x.xml`` and the documents ``x.<src lang>.xml`` and
``x.<tgt lang>.xml`` beside it (one paragraph; sentence ``k`` is ``1:k+1``). Read: the beads (for
``evaluate`` and ``--anchors``: ``status="man"`` is confirmed) and, with the documents beside the
link file, the texts (for ``convert``). Some files list the target's ids first in ``xtargets``:
the side whose ids the first half covers decides. DTDs and entities are refused, as in TMX.
"""

from __future__ import annotations

import os
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from ..errors import InputError
from ..read import read_text
from ..xmlsafe import local_name, parse_untrusted
from .base import Unit, UnitSet

SUFFIX = ".xml"


def paths(out: str, units: UnitSet) -> tuple[str, str, str]:
    """The link file and the two documents' files for output ``out``."""
    stem = out[:-len(SUFFIX)] if out.endswith(SUFFIX) else out
    return f"{stem}{SUFFIX}", f"{stem}.{units.src_lang}{SUFFIX}", f"{stem}.{units.tgt_lang}{SUFFIX}"


def _ids(indices) -> str:
    return " ".join(f"1:{k + 1}" for k in indices)


def write_documents(units: UnitSet, links: TextIO, src: TextIO, tgt: TextIO, names: tuple[str, str]) -> None:
    """Write the link file and both documents (the units must carry their sentences and ids)."""
    if units.sentences is None or any(u.src_ids is None or u.tgt_ids is None for u in units.units):
        raise ValueError("InterText output needs the aligned sentences and their indices")
    for out, sentences in ((src, units.sentences[0]), (tgt, units.sentences[1])):
        out.write("<?xml version='1.0' encoding='utf-8'?>\n<text>\n<p>\n")
        for k, sentence in enumerate(sentences):
            out.write(f"<s id=\"1:{k + 1}\">{escape(sentence)}</s>\n")
        out.write("</p>\n</text>\n")
    links.write("<?xml version='1.0' encoding='utf-8'?>\n")
    links.write(f"<linkGrp toDoc={quoteattr(names[1])} fromDoc={quoteattr(names[0])}>\n")
    for unit in units.units:
        status = "man" if unit.confirmed else "auto"
        links.write(f"<link type='{len(unit.src_ids)}-{len(unit.tgt_ids)}' "
                    f"xtargets='{_ids(unit.src_ids)};{_ids(unit.tgt_ids)}' status='{status}'/>\n")
    links.write("</linkGrp>\n")


def _document_ids(path: str) -> list[tuple[str, str]]:
    root = parse_untrusted(read_text(path, unicode_breaks=False), path, "InterText document", "text")
    return [(s.get("id", ""), "".join(s.itertext())) for s in root.iter() if local_name(s.tag) == "s"]


def read_links(text: str, origin: str) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], list[bool]]:
    """The beads of an InterText link file (sentence indices in the order of each document's ids)
    and which are confirmed (``status="man"``); the documents, when beside it, fix the order."""
    root = parse_untrusted(text, origin, "InterText alignment", "linkGrp")
    raw = []
    for link in root.iter():
        if local_name(link.tag) != "link":
            continue
        halves = (link.get("xtargets") or "").split(";")
        if len(halves) != 2:
            raise InputError(f"a link without two halves in xtargets: {link.get('xtargets')!r}", origin)
        raw.append((halves[0].split(), halves[1].split(), link.get("status") == "man"))
    folder = os.path.dirname(os.path.abspath(origin))
    docs = [root.get("fromDoc"), root.get("toDoc")]
    order = [None, None]
    for k, name in enumerate(docs):
        if name and os.path.isfile(os.path.join(folder, name)):
            order[k] = [i for i, _ in _document_ids(os.path.join(folder, name))]
    first = {i for a, _, _ in raw for i in a}
    swapped = bool(order[0] and order[1] and not first <= set(order[0]) and first <= set(order[1]))
    position = [{i: n for n, i in enumerate(ids)} if ids else None for ids in order]
    beads, confirmed = [], []
    for a, b, man in raw:
        if swapped:
            a, b = b, a
        beads.append((tuple(_index(i, position[0], origin) for i in a), tuple(_index(j, position[1], origin) for j in b)))
        confirmed.append(man)
    return beads, confirmed


def _index(sentence_id: str, position: dict[str, int] | None, origin: str) -> int:
    if position is not None:
        if sentence_id not in position:
            raise InputError(f"sentence id {sentence_id!r} is in no document", origin)
        return position[sentence_id]
    try:  # without the documents: "p:s" ids of one paragraph, or plain numbers
        return int(sentence_id.split(":")[-1]) - 1
    except ValueError:
        raise InputError(f"sentence id {sentence_id!r}: give the documents beside the link file", origin) from None


def read(text: str, origin: str, src_lang: str | None = None, tgt_lang: str | None = None) -> UnitSet:
    """The pairs of an InterText alignment, read with its two documents (which must be beside it)."""
    root = parse_untrusted(text, origin, "InterText alignment", "linkGrp")
    folder = os.path.dirname(os.path.abspath(origin))
    documents = []
    for name in (root.get("fromDoc"), root.get("toDoc")):
        path = os.path.join(folder, name or "")
        if not name or not os.path.isfile(path):
            raise InputError(f"the document {name!r} its linkGrp names is not beside it", origin)
        documents.append([s for _, s in _document_ids(path)])
    beads, confirmed = read_links(text, origin)
    src_lang = src_lang or _language(root.get("fromDoc"))
    tgt_lang = tgt_lang or _language(root.get("toDoc"))
    if not src_lang or not tgt_lang:
        raise InputError("InterText does not record languages: give --src-lang and --tgt-lang", origin)
    src_join, tgt_join = ("" if lang.startswith("zh") else " " for lang in (src_lang, tgt_lang))
    units = [Unit(src_join.join(documents[0][i] for i in a), tgt_join.join(documents[1][j] for j in b), None, a, b,
                  confirmed=man) for (a, b), man in zip(beads, confirmed)]
    return UnitSet(src_lang, tgt_lang, units, sentences=(documents[0], documents[1]))


def _language(name: str | None) -> str | None:
    """A language tag from a document name like ``book.zh.xml`` or ``x.zh-Hans.xml``, else None."""
    parts = (name or "").split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2][:2].isalpha() and len(parts[-2]) <= 8 else None
