"""Gettext PO (read only): a translation catalogue read as pairs, ``msgid`` the source and
``msgstr`` the target (the first form of a plural). The target language is the header's
``Language``, the source English, unless given. Untranslated, fuzzy and obsolete entries are left
out and counted in the set's ``notes``. Read with polib (``pip install 'bitext[documents]'``).
"""

from __future__ import annotations

from ..errors import InputError
from .base import Unit, UnitSet
from .tmx import canonical_tag

SUFFIX = ".po"


def read(text: str, origin: str, src_lang: str | None = None, tgt_lang: str | None = None) -> UnitSet:
    """The translated entries of a PO catalogue."""
    try:
        import polib
    except ImportError:
        raise InputError("reading .po files needs polib: pip install 'bitext[documents]'", origin) from None
    try:
        catalogue = polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise InputError(f"not a readable PO file ({' '.join(str(exc).split())[:120]})", origin) from None
    units, left = [], 0
    for entry in catalogue:
        target = entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgstr_plural else "")
        if entry.obsolete or entry.fuzzy or not entry.msgid.strip() or not target.strip():
            left += 1
            continue
        units.append(Unit(entry.msgid, target, doc=entry.msgctxt))
    tgt_lang = tgt_lang or catalogue.metadata.get("Language")
    if not tgt_lang:
        raise InputError("the PO header names no Language: give --tgt-lang", origin)
    notes = [f"{left} untranslated, fuzzy or obsolete entr{'ies' if left != 1 else 'y'}: left out"] if left else []
    return UnitSet(canonical_tag(src_lang or "en"), canonical_tag(tgt_lang), units, notes=notes)
