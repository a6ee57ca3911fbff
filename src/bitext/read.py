"""Reading documents: a file's bytes → text, decoded strictly, line ends normalised.

Decoding is strict. UTF-8 (with or without BOM) and BOM-marked UTF-16/UTF-32 are recognised
with certainty. GB18030/GBK is accepted without being named only when the bytes are not valid
Big5 and the text reads as Simplified Chinese (see :func:`_plausible_gb`); every other encoding
must be named (``encoding=``). Nothing is ever decoded wrongly in silence.
"""

from __future__ import annotations

import codecs
import os
import sys

import regex

from .errors import InputError

#: A file's path as a caller gives it: a string or a path object (``pathlib.Path``).
PathArg = str | os.PathLike


def path_text(path: PathArg) -> str:
    """A path given as a string or a path object, as a string (for reading, messages and reports).

    >>> from pathlib import Path
    >>> path_text(Path("corpora") / "a.txt"), path_text("b.txt")
    ('corpora/a.txt', 'b.txt')
    """
    return os.fspath(path)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings tried when the bytes are not UTF-8: accepted only when exactly one decodes.
_LEGACY = ("gb18030", "big5")
_CONTROL = regex.compile(r"[\p{Cc}--[\t\n\r\f]]", flags=regex.V1)


def decode(data: bytes, path: str = "<input>", encoding: str | None = None) -> str:
    """Decode ``data`` strictly; raise :class:`InputError` naming ``path`` when that is not certain.

    >>> decode("知識".encode("utf-8"))
    '知識'
    >>> decode(codecs.BOM_UTF8 + b"IPR")
    'IPR'
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path) from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} (byte {exc.start})", path) from None
        return _check_text(text.lstrip("\ufeff"), path)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(name).lstrip("\ufeff"), path)
            except UnicodeDecodeError as exc:
                raise InputError(f"has a {name} byte-order mark but is not valid {name} (byte {exc.start})", path) from None
    if b"\x00" in data:
        raise InputError("contains NUL bytes: binary data, or UTF-16/32 without a byte-order mark (give --encoding)", path)
    try:
        return _check_text(data.decode("utf-8"), path)
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    decoded = {}
    for name in _LEGACY:
        try:
            decoded[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
    if list(decoded) == ["gb18030"] and _plausible_gb(decoded["gb18030"]):
        return decoded["gb18030"]
    if not decoded:
        raise InputError(f"not valid UTF-8 (byte {utf8_error}), nor GB18030 or Big5: give --encoding", path)
    guess = " or ".join(name.upper() for name in decoded)
    raise InputError(f"not valid UTF-8 (byte {utf8_error}); could be {guess}: give --encoding", path)


def _plausible_gb(text: str) -> bool:
    """True when text decoded as GB18030 reads as Simplified Chinese: no control characters, and
    at least 95% of its non-ASCII characters within GB2312 (Shift-JIS, for one, also decodes as
    GB18030, into rare characters outside it)."""
    if _CONTROL.search(text):
        return False
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return True
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.95 * len(wide)


def _check_text(text: str, path: str) -> str:
    """Refuse text that is clearly binary (control characters other than whitespace)."""
    bad = _CONTROL.search(text)
    if bad and sum(1 for _ in _CONTROL.finditer(text[:100000])) > 8:
        raise InputError(f"looks like binary data (control character U+{ord(bad.group()):04X})", path)
    return text


def read_text(path: str, encoding: str | None = None, unicode_breaks: bool = True, documents: bool = False) -> str:
    """Read and decode the file at ``path``, with line ends normalised to ``\\n``.

    ``path`` ``"-"`` reads standard input. With ``documents``, a Word, OpenDocument, HTML, EPUB or
    PDF file is read as its text (:mod:`bitext.documents`). ``unicode_breaks=False`` leaves U+0085, U+2028 and U+2029 alone (for JSONL, TSV, TMX, where
    they are characters of the text, not line ends).
    """
    if path == "-":
        return _decoded(sys.stdin.buffer.read(), "standard input", encoding, unicode_breaks, documents)
    if os.path.isdir(path):
        raise InputError("is a directory, not a file", path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    return _decoded(data, path, encoding, unicode_breaks, documents)


def _decoded(data: bytes, path: str, encoding: str | None, unicode_breaks: bool, documents: bool = False) -> str:
    if documents:
        from .documents import document_kind, document_text

        kind = document_kind(data, path)
        if kind is not None:
            return document_text(data, kind, path, decode(data, path, encoding) if kind == "html" else None)
    text = decode(data, path, encoding)
    return normalize_newlines(text) if unicode_breaks else regex.sub(r"\r\n?", "\n", text)


def normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n``, lone ``\\r`` and NEL into ``\\n``, and the paragraph separator U+2029 into a
    blank line; the line separator U+2028, a break inside a paragraph, is left for
    :func:`bitext.normalize.clean_text`.

    >>> normalize_newlines("a\\r\\nb\\rc\\u2029d")
    'a\\nb\\nc\\n\\nd'
    """
    return regex.sub(r"\r\n?|\x85", "\n", text).replace("\u2029", "\n\n")
