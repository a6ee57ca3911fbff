"""Documents as translators have them: Word (.docx), OpenDocument (.odt), web pages (.html),
e-books (.epub) and PDF, read into plain text, one paragraph a block (blank lines between), for
the normalisation and segmentation every text goes through.

The kind is told by the file's content (a ZIP container's parts, ``%PDF-``, an HTML root), else
by its suffix; plain text is anything else. Each kind is read by a well-kept library, imported
only when such a file is read (``pip install 'bitext[documents]'``):

- .docx — python-docx: paragraphs and table cells in document order, headings included, then
  the footnotes and endnotes (read from their parts: python-docx does not reach them);
- .odt — its ``content.xml`` read with the standard XML parser (odfpy, the library, fails on
  the styles pandoc writes and prints them): headings, paragraphs and list items in order;
- .html — trafilatura: the main text of a page, without its menus, headers and footers;
- .epub — EbookLib: the chapters in reading (spine) order, each read as HTML;
- .pdf — pdfminer.six: text in reading order, a paragraph per text box, lines joined (a word
  hyphenated across lines rejoined), a paragraph cut by a page break joined again, page numbers
  and the running headers and footers that repeat on most pages removed, and the spaces the
  extraction puts around numbers inside Chinese taken out. Text boxes of punctuation alone (CJK
  quotation marks that the extraction sets apart from their text) are dropped.

A file that cannot be read is a one-line :class:`~bitext.errors.InputError` naming it.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from typing import Callable

import regex

from .errors import InputError

#: The package each kind is read with (OpenDocument needs none).
PACKAGES = {"docx": "python-docx", "html": "trafilatura", "epub": "EbookLib", "pdf": "pdfminer.six"}
SUFFIXES = {".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html", ".xhtml": "html", ".epub": "epub",
            ".pdf": "pdf"}


def document_kind(data: bytes, path: str) -> str | None:
    """``"docx"``, ``"odt"``, ``"html"``, ``"epub"``, ``"pdf"`` by content (else by suffix), or None
    for plain text.

    >>> document_kind(b"%PDF-1.7 ...", "a.txt"), document_kind(b"<!DOCTYPE html><html>", "a"), document_kind(b"Hi", "a.txt")
    ('pdf', 'html', None)
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
        except (zipfile.BadZipFile, KeyError, OSError):
            return SUFFIXES.get(_suffix(path))
        if "word/document.xml" in names:
            return "docx"
        if mimetype == "application/epub+zip":
            return "epub"
        if mimetype.startswith("application/vnd.oasis.opendocument.text"):
            return "odt"
        return SUFFIXES.get(_suffix(path))
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<?xml") and b"<html" in head):
        return "html"
    return SUFFIXES.get(_suffix(path)) if _suffix(path) != ".txt" else None


def _suffix(path: str) -> str:
    dot = path.rfind(".")
    return path[dot:].lower() if dot > max(path.rfind("/"), 0) else ""


def document_text(data: bytes, kind: str, path: str, html: str | None = None) -> str:
    """The text of a document of ``kind``: paragraphs separated by blank lines (``html``: an HTML
    file's text, already decoded)."""
    try:
        paragraphs = _html_text(html) if kind == "html" and html is not None else _READERS[kind](data)
    except ImportError:
        raise InputError(f"reading .{kind} files needs {PACKAGES[kind]}: pip install 'bitext[documents]'", path) from None
    except InputError:
        raise
    except Exception as exc:  # the libraries raise their own kinds on a damaged file
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise InputError(f"not a readable .{kind} file ({detail})", path) from None
    paragraphs = [" ".join(p.split()) if not _HAN.search(p) else _squeeze(p) for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise InputError(f"this .{kind} file holds no text", path)
    return "\n\n".join(paragraphs) + "\n"


_HAN = regex.compile(r"\p{Han}")
_SPACES_IN_HAN = regex.compile(r"(?<=[\p{Han}\p{P}])\s+(?=[\p{Han}\p{P}])")


def _squeeze(paragraph: str) -> str:
    """Whitespace runs to one space, none between Chinese characters and their punctuation."""
    return _SPACES_IN_HAN.sub("", " ".join(paragraph.split()))


def _docx(data: bytes) -> list[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    out = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                for cell in row.cells:
                    out += [p.text for p in cell.paragraphs]
    return out + _docx_notes(data)


_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_notes(data: bytes) -> list[str]:
    """The paragraphs of a Word file's footnotes and endnotes, in order (after the body, as a
    translation's notes follow it too); the separators Word keeps there are left out."""
    from .xmlsafe import parse_untrusted

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part, kind in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
            if part not in archive.namelist():
                continue
            root = parse_untrusted(archive.read(part).decode("utf-8"), part, "Word notes", f"{kind}s")
            for note in root.iter(f"{{{_WORD}}}{kind}"):
                if note.get(f"{{{_WORD}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                for paragraph in note.iter(f"{{{_WORD}}}p"):
                    out.append("".join(t.text or "" for t in paragraph.iter(f"{{{_WORD}}}t")))
    return out


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_BLOCKS = {f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"}


def _odt(data: bytes) -> list[str]:
    from .xmlsafe import parse_untrusted

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode("utf-8")
    root = parse_untrusted(content, "content.xml", "OpenDocument", "document-content")
    return [_odf_text(block) for block in root.iter() if block.tag in _ODF_BLOCKS]


def _odf_text(element) -> str:
    """The text of an ODF paragraph or heading: spans, ``text:s`` spaces, tabs and line breaks
    (notes and annotations left out)."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        if name == "s":
            parts.append(" " * int(child.get(f"{{{_ODF_TEXT}}}c", "1")))
        elif name in ("tab", "line-break"):
            parts.append(" ")
        elif name not in ("note", "annotation", "bookmark-ref"):
            parts.append(_odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _html(data: bytes) -> list[str]:
    return _html_text(data.decode("utf-8", errors="replace"))


def _html_text(html: str) -> list[str]:
    import trafilatura

    extracted = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if not extracted:  # a fragment too small to have a "main text": all of its text
        extracted = trafilatura.html2txt(html if regex.search(r"<body", html, flags=regex.I)
                                         else f"<html><body>{html}</body></html>")
    return (extracted or "").split("\n")


def _epub(data: bytes) -> list[str]:
    import ebooklib
    from ebooklib import epub

    book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": True})
    out = []
    for item_id, _ in book.spine:
        item = book.get_item_with_id(item_id)
        if item is not None and item.get_type() == ebooklib.ITEM_DOCUMENT:
            out += _html_text(item.get_content().decode("utf-8", errors="replace"))
    return out


_MARKS_ONLY = regex.compile(r"^[\p{P}\p{S}\s]+$")
_SENTENCE_END = regex.compile(r"[.!?。！？;；…:：][\"”’')）」』]*$")
#: Spaces PDF text extraction puts between Chinese characters and digits (11 月 30 日).
_DIGIT_SPACE = regex.compile(r"(?<=\p{Han})[ \t]+(\d+)[ \t]+(?=\p{Han})")
_PAGE_NUMBER = regex.compile(r"^(?:page\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$|^第\s*\d+\s*页$",
                             flags=regex.I)


def _pdf(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    pages = extract_text(io.BytesIO(data), laparams=LAParams()).split("\f")
    running = _running_lines(pages)
    out: list[str] = []
    for page in pages:
        first = True
        for box in regex.split(r"\n\s*\n", page):
            lines = [line.strip() for line in box.split("\n") if line.strip()]
            lines = [line for line in lines if not _PAGE_NUMBER.match(line) and _shape(line) not in running]
            if not lines or all(_MARKS_ONLY.match(line) for line in lines):  # glyphs the extraction set apart
                continue
            text = _join_lines(lines)
            if first and out and not _SENTENCE_END.search(out[-1]):  # a paragraph going on over a page break
                out[-1] = _join_lines([out[-1], text])
            else:
                out.append(text)
            first = False
    return [_DIGIT_SPACE.sub(r"\1", paragraph) for paragraph in out]


def _shape(line: str) -> str:
    return regex.sub(r"\d+", "#", line.strip().lower())


def _running_lines(pages: list[str]) -> set[str]:
    """Lines (digits as #) that open or close at least half of the pages, on three pages or more:
    running headers and footers."""
    pages = [p for p in pages if p.strip()]
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        counts.update({_shape(line) for line in lines[:2] + lines[-2:]})
    return {shape for shape, count in counts.items() if count >= max(3, len(pages) / 2)}


def _join_lines(lines: list[str]) -> str:
    """A text box's lines as one paragraph: nothing between Chinese characters, a word hyphenated
    at a line's end rejoined, else a space."""
    text = lines[0]
    for line in lines[1:]:
        if _HAN.search(text[-1:]) or _HAN.search(line[:1]):
            text += line
        elif regex.search(r"\p{Ll}-$", text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text += " " + line
    return text


_READERS: dict[str, Callable[[bytes], list[str]]] = {"docx": _docx, "odt": _odt, "html": _html, "epub": _epub,
                                                     "pdf": _pdf}
