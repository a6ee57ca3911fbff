"""SRX 2.0: bitext's segmentation rules exported for CAT tools, and segmentation by a user's SRX.

``export_srx()`` writes the Chinese rules exactly and the English ones as Punkt's shipped
parameters become in SRX: no break after a known abbreviation or an initial, a break after
``. ! ?`` (and closing quotes) before white space. Load the file in a CAT tool's segmentation
settings so that its segments and bitext's agree.

``SrxRules.load(path)`` reads an SRX 1.0/2.0 file (entities refused) and ``split(text, lang)``
segments with the rules whose ``languagepattern`` matches ``lang``: at each position the first
rule (in file order, across rule sets when ``cascade="yes"``) whose ``beforebreak`` ends and
``afterbreak`` starts there decides whether to break.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from xml.sax.saxutils import escape, quoteattr

import regex

from ..errors import InputError
from ..xmlsafe import local_name, parse_untrusted
from .zh import CLOSERS, END_MARKS

SRX_NS = "http://www.lisa.org/srx20"


@dataclass(frozen=True)
class Rule:
    """One SRX rule: break (or not) where ``before`` ends and ``after`` starts."""

    brk: bool
    before: str
    after: str


def _english_rules() -> list[Rule]:
    text = resources.files("bitext").joinpath("data/punkt_en.txt").read_text(encoding="utf-8")
    abbreviations = sorted((line.split(" ", 1)[1] for line in text.splitlines() if line.startswith("abbrev ")),
                           key=lambda a: (-len(a), a))
    alternatives = "|".join(regex.escape(a) for a in abbreviations)
    return [
        Rule(False, rf"\b(?i:{alternatives})\.", r"\s"),
        Rule(False, r"\b\p{Lu}\.", r"\s"),  # initials: J. R. R. Tolkien
        Rule(True, r"[.?!]+[\"'”’)\]]*", r"\s"),
    ]


def _chinese_rules() -> list[Rule]:
    return [Rule(True, rf"(?:[{END_MARKS}]+|[…⋯]+){CLOSERS}*", rf"[^{END_MARKS}…⋯{CLOSERS[1:-1]}]")]


def export_srx() -> str:
    """bitext's rules as an SRX 2.0 document (see the module docstring)."""
    sets = {"bitext English": _english_rules(), "bitext Chinese": _chinese_rules()}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<srx xmlns="{SRX_NS}" version="2.0">',
             '  <header segmentsubflows="yes" cascade="no">',
             '    <formathandle type="start" include="no"/>', '    <formathandle type="end" include="yes"/>',
             '    <formathandle type="isolated" include="yes"/>', "  </header>", "  <body>", "    <languagerules>"]
    for name, rules in sets.items():
        lines.append(f"      <languagerule languagerulename={quoteattr(name)}>")
        for rule in rules:
            lines.append(f'        <rule break="{"yes" if rule.brk else "no"}"><beforebreak>{escape(rule.before)}</beforebreak>'
                         f"<afterbreak>{escape(rule.after)}</afterbreak></rule>")
        lines.append("      </languagerule>")
    lines += ["    </languagerules>", "    <maprules>",
              '      <languagemap languagepattern="(?i)en.*" languagerulename="bitext English"/>',
              '      <languagemap languagepattern="(?i)zh.*" languagerulename="bitext Chinese"/>',
              "    </maprules>", "  </body>", "</srx>", ""]
    return "\n".join(lines)


@dataclass
class SrxRules:
    """Parsed SRX: rule sets by name, the language map, and whether rule sets cascade."""

    sets: dict[str, list[Rule]]
    maps: list[tuple[str, str]]
    cascade: bool
    origin: str = "<srx>"

    @classmethod
    def parse(cls, text: str, origin: str = "<srx>") -> "SrxRules":
        """Parse SRX 1.0 or 2.0 text; :class:`InputError` naming ``origin`` when it is not."""
        root = parse_untrusted(text, origin, "SRX", "srx")
        header = next((e for e in root.iter() if local_name(e.tag) == "header"), None)
        cascade = header is not None and header.get("cascade", "no").lower() == "yes"
        sets: dict[str, list[Rule]] = {}
        maps: list[tuple[str, str]] = []
        for element in root.iter():
            if local_name(element.tag) == "languagerule":
                rules = []
                for rule in element:
                    if local_name(rule.tag) != "rule":
                        continue
                    parts = {local_name(child.tag): child.text or "" for child in rule}
                    rules.append(Rule(rule.get("break", "yes").lower() != "no", parts.get("beforebreak", ""),
                                      parts.get("afterbreak", "")))
                sets[element.get("languagerulename", "")] = rules
            elif local_name(element.tag) == "languagemap":
                maps.append((element.get("languagepattern", ""), element.get("languagerulename", "")))
        return cls(sets, maps, cascade, origin)

    @classmethod
    def load(cls, path: str) -> "SrxRules":
        """Read and parse an SRX file."""
        from ..read import read_text

        return cls.parse(read_text(path, unicode_breaks=False), path)

    def rules_for(self, lang: str) -> list[Rule]:
        """The rules that apply to language ``lang``, in order."""
        rules: list[Rule] = []
        for pattern, name in self.maps:
            try:
                matches = regex.fullmatch(pattern, lang) is not None
            except regex.error as exc:
                raise InputError(f"language pattern {pattern!r} is not a valid regular expression ({exc})",
                                 self.origin) from None
            if matches:
                rules.extend(self.sets.get(name, []))
                if not self.cascade:
                    break
        return rules

    def split(self, text: str, lang: str) -> list[str]:
        """Segment ``text``; no text but the white space around segments is dropped."""
        decided: dict[int, bool] = {}
        for rule in self.rules_for(lang):
            try:
                pattern = regex.compile(f"(?<={rule.before or ''})(?={rule.after or ''})", flags=regex.V0)
            except regex.error as exc:
                raise InputError(f"rule {rule.before!r} / {rule.after!r} is not a valid regular expression ({exc})",
                                 self.origin) from None
            for match in pattern.finditer(text):
                decided.setdefault(match.start(), rule.brk)
        cuts = [0] + sorted(p for p, brk in decided.items() if brk and 0 < p < len(text)) + [len(text)]
        pieces = (text[a:b].strip() for a, b in zip(cuts, cuts[1:]))
        return [piece for piece in pieces if piece]
