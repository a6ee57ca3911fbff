"""HTML review page: one self-contained file to read an alignment side by side.

Source and target in two columns, one row per bead, each pair coloured by its score (red 0 →
green 1), unpaired sentences marked; a plot of the alignment path (SVG); a score filter (a
slider, also settable as ``#min=0.8`` in the address); and the document's summary and the
parameters it was made with. No external resources: it opens offline.
"""

from __future__ import annotations

import html
import json
from typing import TextIO

from .base import Unit, UnitSet

SUFFIX = ".html"

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;margin:0;color:#222}
header{padding:16px 24px;background:#f4f5f7;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0 0 6px}
.summary{display:flex;gap:28px;flex-wrap:wrap;align-items:flex-start}
.summary dl{display:grid;grid-template-columns:auto auto;gap:2px 12px;margin:0}
.summary dt{color:#666}.summary dd{margin:0;font-variant-numeric:tabular-nums}
.controls{margin-top:10px}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{padding:6px 10px;vertical-align:top;border-bottom:1px solid #e4e4e4;overflow-wrap:anywhere}
th{position:sticky;top:0;background:#fff;text-align:left;z-index:1;box-shadow:0 1px 0 #ccc}
col.n{width:5em}col.s{width:5.5em}col.k{width:4.5em}
td.score{font-variant-numeric:tabular-nums;font-weight:600;text-align:right}
tr.unpaired td{background:#fafafa;color:#777}
tr.unpaired td.empty{font-style:italic;color:#b55}
tr.hidden{display:none}
.ids{color:#999;font-size:12px}
svg{background:#fff;border:1px solid #ddd}
"""

_SCRIPT = """
(function(){
  var slider=document.getElementById('min-score'),out=document.getElementById('min-score-value'),
      unpaired=document.getElementById('show-unpaired'),shown=document.getElementById('shown');
  function apply(){
    var min=parseFloat(slider.value),n=0;out.textContent=min.toFixed(2);
    document.querySelectorAll('tbody tr').forEach(function(row){
      var hide=row.classList.contains('pair')?parseFloat(row.dataset.score)<min:!unpaired.checked;
      row.classList.toggle('hidden',hide);if(!hide&&row.classList.contains('pair'))n++;
    });
    shown.textContent=n;
  }
  var m=/min=([0-9.]+)/.exec(location.hash);if(m){slider.value=m[1];}
  slider.addEventListener('input',apply);unpaired.addEventListener('change',apply);apply();
})();
"""


def _colour(score: float | None) -> str:
    if score is None:
        return "#fff"
    return f"hsl({round(max(0.0, min(1.0, score)) * 120)},70%,88%)"


def _ids(ids: tuple[int, ...] | None) -> str:
    return "" if not ids else ",".join(map(str, ids))


def _positions(units: list[Unit]) -> list[tuple[int, int, int, int]]:
    """(first source, source count, first target, target count) of each unit, from its indices
    when it has them, else counted in order."""
    out, i, j = [], 0, 0
    for unit in units:
        if unit.src_ids is not None and unit.tgt_ids is not None:
            a, b = len(unit.src_ids), len(unit.tgt_ids)
            i = unit.src_ids[0] if unit.src_ids else i
            j = unit.tgt_ids[0] if unit.tgt_ids else j
        else:
            a, b = int(bool(unit.src)), int(bool(unit.tgt))
        out.append((i, a, j, b))
        i, j = i + a, j + b
    return out


def path_svg(units: list[Unit], size: int = 260) -> str:
    """The alignment path as an SVG: source sentences across, target sentences down; each pair a
    segment coloured by its score, unpaired sentences as grey ticks on their axis."""
    spots = _positions(units)
    n = max((i + a for i, a, _, _ in spots), default=1) or 1
    m = max((j + b for _, _, j, b in spots), default=1) or 1
    sx, sy = size / n, size / m
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 40}" height="{size + 40}" '
             f'viewBox="-30 -10 {size + 40} {size + 40}" role="img" aria-label="alignment path">',
             f'<rect x="0" y="0" width="{size}" height="{size}" fill="none" stroke="#ccc"/>',
             f'<text x="{size / 2}" y="{size + 22}" font-size="11" text-anchor="middle">source sentence ({n})</text>',
             f'<text x="-18" y="{size / 2}" font-size="11" text-anchor="middle" '
             f'transform="rotate(-90 -18 {size / 2})">target sentence ({m})</text>']
    for unit, (i, a, j, b) in zip(units, spots):
        if a and b:
            colour = "#888" if unit.score is None else f"hsl({round(unit.score * 120)},80%,38%)"
            parts.append(f'<line x1="{i * sx:.1f}" y1="{j * sy:.1f}" x2="{(i + a) * sx:.1f}" y2="{(j + b) * sy:.1f}" '
                         f'stroke="{colour}" stroke-width="2"><title>{_ids(unit.src_ids)} : {_ids(unit.tgt_ids)}</title></line>')
        elif a:
            parts.append(f'<line x1="{i * sx:.1f}" y1="{size}" x2="{(i + a) * sx:.1f}" y2="{size}" stroke="#999" stroke-width="6"/>')
        elif b:
            parts.append(f'<line x1="0" y1="{j * sy:.1f}" x2="0" y2="{(j + b) * sy:.1f}" stroke="#999" stroke-width="6"/>')
    parts.append("</svg>")
    return "".join(parts)


def write(units: UnitSet, out: TextIO) -> None:
    """Write the review page for ``units`` (every bead; pairs below ``min_score`` start hidden)."""
    pairs = units.pairs()
    every_pair = [u for u in units.units if u.is_pair]
    scores = [u.score for u in every_pair if u.score is not None]
    title = units.provenance.get("document") or "alignment"
    summary = {
        "document": title,
        "languages": f"{units.src_lang} → {units.tgt_lang}",
        "beads": len(units.units),
        "pairs": len(every_pair),
        "unpaired source sentences": sum(len(u.src_ids or ()) if not u.tgt else 0 for u in units.units),
        "unpaired target sentences": sum(len(u.tgt_ids or ()) if not u.src else 0 for u in units.units),
        "mean score": f"{sum(scores) / len(scores):.3f}" if scores else "–",
        f"pairs scoring ≥ {units.min_score:g}": len(pairs),
    }
    made = {k: v for k, v in units.provenance.items() if k not in ("document",)}
    esc = html.escape
    out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
    out.write(f"<title>bitext review: {esc(str(title))}</title>\n<style>{_STYLE}</style></head>\n<body>\n<header>\n")
    out.write(f"<h1>{esc(str(title))}</h1>\n<div class=\"summary\">\n<dl id=\"summary\">")
    for key, value in summary.items():
        out.write(f"<dt>{esc(key)}</dt><dd>{esc(str(value))}</dd>")
    out.write("</dl>\n")
    if made:
        out.write("<dl id=\"provenance\">")
        for key, value in made.items():
            out.write(f"<dt>{esc(str(key))}</dt><dd>{esc(str(value))}</dd>")
        out.write("</dl>\n")
    out.write(path_svg(units.units))
    out.write("\n</div>\n<div class=\"controls\"><label>minimum score <input type=\"range\" id=\"min-score\" min=\"0\" "
              f"max=\"1\" step=\"0.01\" value=\"{units.min_score:g}\"> <output id=\"min-score-value\"></output></label>"
              " &nbsp; <label><input type=\"checkbox\" id=\"show-unpaired\" checked> unpaired sentences</label>"
              f" &nbsp; <span id=\"shown\">{len(pairs)}</span> of {len(every_pair)} pairs shown</div>\n</header>\n")
    out.write(f"<table><colgroup><col class=\"n\"><col class=\"s\"><col><col><col class=\"k\"></colgroup>\n"
              f"<thead><tr><th>#</th><th>score</th><th lang=\"{esc(units.src_lang)}\">{esc(units.src_lang)}</th>"
              f"<th lang=\"{esc(units.tgt_lang)}\">{esc(units.tgt_lang)}</th><th>bead</th></tr></thead>\n<tbody>\n")
    for number, unit in enumerate(units.units, 1):
        kind = f"{len(unit.src_ids or ()) if unit.src_ids is not None else int(bool(unit.src))}-" \
               f"{len(unit.tgt_ids or ()) if unit.tgt_ids is not None else int(bool(unit.tgt))}"
        score = "" if unit.score is None else f"{unit.score:.2f}"
        if unit.is_pair:
            data = json.dumps(unit.score if unit.score is not None else 1.0)
            out.write(f"<tr class=\"pair\" data-score=\"{data}\" style=\"background:{_colour(unit.score)}\">")
        else:
            out.write("<tr class=\"unpaired\">")
        out.write(f"<td>{number}<div class=\"ids\">{_ids(unit.src_ids)}:{_ids(unit.tgt_ids)}</div></td>"
                  f"<td class=\"score\">{score}</td>")
        for text, lang in ((unit.src, units.src_lang), (unit.tgt, units.tgt_lang)):
            if text:
                out.write(f"<td lang=\"{esc(lang)}\">{esc(text)}</td>")
            else:
                out.write("<td class=\"empty\">no counterpart</td>")
        out.write(f"<td>{kind}</td></tr>\n")
    out.write(f"</tbody></table>\n<script>{_SCRIPT}</script>\n</body></html>\n")
