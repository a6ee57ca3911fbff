"""HTML review page: one self-contained file to read an alignment side by side and correct it.

The page carries the alignment as data (both sides' sentences, the beads with their scores) and a
script that renders and edits it; nothing is fetched, and it works opened from disk.

- Reading: source and target in two columns, one row per bead, a pair coloured by its score
  (doubtful ones, under 0.5, marked), unpaired sentences marked as such (they have no score: the
  number of an unpaired row is the sentence's place); a plot of the alignment path; a score
  filter (a slider starting at 0, so that everything shows, also settable as ``#min=0.8``).
- Editing (buttons on the selected row, and keys): merge with the next (``m``) or previous
  (``M``) bead; split a bead after its first sentences (``s``); move the last source or target
  sentence into the next bead (``]`` / ``}``) or the first into the previous one (``[`` / ``{``);
  unpair (``u``); confirm (``c``); undo (``z``) and redo (``y``); select with the arrow keys or
  ``j``/``k``; jump to the next unconfirmed (``n``), doubtful (``d``) or not 1-1 (``t``) bead.
  Every edit keeps every sentence of both sides in exactly one bead, in order (checked after each;
  the target side in any order where paragraphs were aligned out of order).
- No work lost: edits are kept in the browser's storage, keyed to the document, and come back on
  reload; "export" saves the corrected alignment as bitext's JSONL, each bead with its status
  (``"status": "confirmed"`` for those confirmed by hand), for ``bitext convert`` and ``--anchors``.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import TextIO

from .base import UnitSet

SUFFIX = ".html"

#: Under this score a pair is shown as doubtful.
DOUBTFUL = 0.5

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;margin:0;color:#222}
header{padding:16px 24px;background:#f4f5f7;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0 0 6px}
.summary{display:flex;gap:28px;flex-wrap:wrap;align-items:flex-start}
.summary dl{display:grid;grid-template-columns:auto auto;gap:2px 12px;margin:0}
.summary dt{color:#666}.summary dd{margin:0;font-variant-numeric:tabular-nums}
.controls{margin-top:10px;display:flex;gap:14px;flex-wrap:wrap;align-items:center}
.controls button{font:inherit;padding:2px 8px}
.keys{color:#666;font-size:12px;margin-top:6px}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{padding:6px 10px;vertical-align:top;border-bottom:1px solid #e4e4e4;overflow-wrap:anywhere}
th{position:sticky;top:0;background:#fff;text-align:left;z-index:1;box-shadow:0 1px 0 #ccc}
col.n{width:7.5em}col.s{width:6em}col.k{width:4.5em}
td.score{font-variant-numeric:tabular-nums;font-weight:600;text-align:right}
tr.pair.doubtful td.score{color:#b00;text-decoration:underline wavy #b00}
tr.unpaired td{background:#fafafa;color:#777}
tr.unpaired td.empty{font-style:italic;color:#b55}
tr.confirmed td:first-child{border-left:5px solid #1a7f37}
tr.selected{outline:3px solid #0969da;outline-offset:-3px}
tr.hidden{display:none}
.ids{color:#999;font-size:12px;white-space:nowrap}
svg{background:#fff;border:1px solid #ddd}
"""

_SCRIPT = r"""
(function(){
  var D=JSON.parse(document.getElementById('bitext-data').textContent);
  var KEY='bitext-review:'+D.key, beads=null, undo=[], redo=[], sel=0;
  try{var saved=JSON.parse(localStorage.getItem(KEY)||'null');if(saved&&saved.beads)beads=saved.beads;}catch(e){}
  if(!beads)beads=D.beads.map(function(b){return {s:b.s.slice(),t:b.t.slice(),score:b.score,status:b.status||'auto'};});
  var tbody=document.getElementById('rows'),slider=document.getElementById('min-score'),
      out=document.getElementById('min-score-value'),unpaired=document.getElementById('show-unpaired'),
      shown=document.getElementById('shown'),total=document.getElementById('total'),status=document.getElementById('status');
  function esc(t){return t.replace(/[&<>"]/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
  function text(ids,side){return ids.map(function(i){return D[side][i];}).join(side==='src'?D.srcJoin:D.tgtJoin);}
  function isPair(b){return b.s.length>0&&b.t.length>0;}
  function colour(x){return 'hsl('+Math.round(Math.max(0,Math.min(1,x))*120)+',70%,88%)';}
  function check(list){  // every sentence of both sides in exactly one bead, in order (the target in any order
    // when paragraphs were aligned out of order)
    var i=0,j=0,seen={};for(var k=0;k<list.length;k++){var b=list[k];if(!b.s.length&&!b.t.length)return false;
      for(var a=0;a<b.s.length;a++)if(b.s[a]!==i++)return false;
      for(var c=0;c<b.t.length;c++){if(D.tgtInOrder?b.t[c]!==j:seen[b.t[c]])return false;seen[b.t[c]]=true;j++;}}
    return i===D.src.length&&j===D.tgt.length;}
  function save(){try{localStorage.setItem(KEY,JSON.stringify({beads:beads}));}catch(e){}}
  function edit(fn,what){
    var copy=JSON.parse(JSON.stringify(beads)),r=fn(copy);
    if(r===false||!check(copy)){status.textContent='cannot '+what+' here';return;}
    undo.push(beads);redo=[];beads=copy;if(typeof r==='number')sel=r;save();status.textContent=what;render();}
  function fresh(s,t){return {s:s,t:t,score:null,status:'edited'};}
  var ops={
    mergeNext:function(b){if(sel+1>=b.length)return false;var a=b[sel],c=b[sel+1];b.splice(sel,2,fresh(a.s.concat(c.s),a.t.concat(c.t)));return sel;},
    mergePrev:function(b){if(sel<1)return false;var a=b[sel-1],c=b[sel];b.splice(sel-1,2,fresh(a.s.concat(c.s),a.t.concat(c.t)));return sel-1;},
    split:function(b){var a=b[sel];if(a.s.length+a.t.length<2)return false;
      var s1=a.s.slice(0,1),t1=a.t.slice(0,1);if(a.s.length<2&&a.t.length<2){b.splice(sel,1,fresh(s1,[]),fresh([],t1));return sel;}
      b.splice(sel,1,fresh(s1,t1),fresh(a.s.slice(1),a.t.slice(1)));return sel;},
    unpair:function(b){var a=b[sel];if(!isPair(a))return false;
      var parts=a.s.map(function(i){return fresh([i],[]);}).concat(a.t.map(function(j){return fresh([],[j]);}));
      b.splice.apply(b,[sel,1].concat(parts));return sel;},
    confirm:function(b){b[sel].status=b[sel].status==='confirmed'?'edited':'confirmed';return sel;}
  };
  function move(side,forward){return function(b){
    var a=b[sel],o=b[forward?sel+1:sel-1];if(!o||!a[side].length)return false;
    if(forward){o[side].unshift(a[side].pop());}else{o[side].push(a[side].shift());}
    a.status=o.status='edited';a.score=o.score=null;
    if(!a.s.length&&!a.t.length){b.splice(sel,1);return Math.max(0,forward?sel:sel-1);}return sel;};}
  ops.srcNext=move('s',true);ops.srcPrev=move('s',false);ops.tgtNext=move('t',true);ops.tgtPrev=move('t',false);
  var names={mergeNext:'merge with the next bead',mergePrev:'merge with the previous bead',split:'split',unpair:'unpair',
    confirm:'confirm',srcNext:'move the last source sentence on',srcPrev:'move the first source sentence back',
    tgtNext:'move the last target sentence on',tgtPrev:'move the first target sentence back'};
  function doubtful(b){return isPair(b)&&b.score!==null&&b.score<D.doubtful;}
  function jump(test){for(var k=1;k<=beads.length;k++){var i=(sel+k)%beads.length;if(test(beads[i])){sel=i;render();return;}}
    status.textContent='none left';}
  function path(){
    var n=D.src.length||1,m=D.tgt.length||1,size=260,sx=size/n,sy=size/m,i=0,j=0,p=[];
    p.push('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="-30 -10 300 300" role="img" aria-label="alignment path">');
    p.push('<rect x="0" y="0" width="260" height="260" fill="none" stroke="#ccc"/>');
    p.push('<text x="130" y="282" font-size="11" text-anchor="middle">source sentence ('+D.src.length+')</text>');
    p.push('<text x="-18" y="130" font-size="11" text-anchor="middle" transform="rotate(-90 -18 130)">target sentence ('+D.tgt.length+')</text>');
    beads.forEach(function(b){var a=b.s.length,c=b.t.length;
      if(a&&c){var col=b.score===null?'#888':'hsl('+Math.round(b.score*120)+',80%,38%)';
        p.push('<line x1="'+(i*sx).toFixed(1)+'" y1="'+(j*sy).toFixed(1)+'" x2="'+((i+a)*sx).toFixed(1)+'" y2="'+((j+c)*sy).toFixed(1)+'" stroke="'+col+'" stroke-width="2"/>');}
      else if(a){p.push('<line x1="'+(i*sx).toFixed(1)+'" y1="260" x2="'+((i+a)*sx).toFixed(1)+'" y2="260" stroke="#999" stroke-width="6"/>');}
      else{p.push('<line x1="0" y1="'+(j*sy).toFixed(1)+'" x2="0" y2="'+((j+c)*sy).toFixed(1)+'" stroke="#999" stroke-width="6"/>');}
      i+=a;j+=c;});
    p.push('</svg>');document.getElementById('path').innerHTML=p.join('');}
  function render(){
    sel=Math.max(0,Math.min(sel,beads.length-1));
    var min=parseFloat(slider.value),n=0,pairs=0,rows=[];out.textContent=min.toFixed(2);
    beads.forEach(function(b,k){
      var pair=isPair(b),score=b.score===null?'':b.score.toFixed(2),hide=pair?(b.score!==null&&b.score<min&&b.status!=='confirmed'):!unpaired.checked;
      if(pair){pairs++;if(!hide)n++;}
      var cls=(pair?'pair':'unpaired')+(doubtful(b)?' doubtful':'')+(b.status==='confirmed'?' confirmed':'')+(hide?' hidden':'')+(k===sel?' selected':'');
      var st=pair?' style="background:'+(b.score===null?'#fff':colour(b.score))+'"':'';
      rows.push('<tr class="'+cls+'" data-k="'+k+'" data-score="'+(b.score===null?'':b.score)+'" data-status="'+b.status+'"'+st+'>'+
        '<td>'+(k+1)+'<div class="ids">'+b.s.join(',')+':'+b.t.join(',')+'</div></td>'+
        '<td class="score" title="'+(pair?'the pair\'s score':'an unpaired sentence has no score')+'">'+(pair?score:'–')+'</td>'+
        (b.s.length?'<td lang="'+D.srcLang+'">'+esc(text(b.s,'src'))+'</td>':'<td class="empty">no counterpart</td>')+
        (b.t.length?'<td lang="'+D.tgtLang+'">'+esc(text(b.t,'tgt'))+'</td>':'<td class="empty">no counterpart</td>')+
        '<td>'+b.s.length+'-'+b.t.length+'</td></tr>');});
    tbody.innerHTML=rows.join('');shown.textContent=n;total.textContent=pairs;path();}
  function exported(){
    return beads.map(function(b){var r={src:text(b.s,'src'),tgt:text(b.t,'tgt'),src_ids:b.s,tgt_ids:b.t,
      score:b.score,src_lang:D.srcLang,tgt_lang:D.tgtLang,doc:D.doc};if(b.status==='confirmed')r.status='confirmed';
      return JSON.stringify(r);}).join('\n')+'\n';}
  window.bitextReview={beads:function(){return beads;},exported:exported,check:function(){return check(beads);}};
  document.getElementById('export').addEventListener('click',function(){
    var a=document.createElement('a');a.href=URL.createObjectURL(new Blob([exported()],{type:'application/jsonl'}));
    a.download=(D.doc||'alignment')+'.reviewed.jsonl';document.body.appendChild(a);a.click();a.remove();});
  document.querySelectorAll('button[data-op]').forEach(function(b){b.addEventListener('click',function(){
    var op=b.dataset.op;if(op==='undo')return back();if(op==='redo')return forth();edit(ops[op],names[op]);});});
  function back(){if(!undo.length)return;redo.push(beads);beads=undo.pop();save();status.textContent='undone';render();}
  function forth(){if(!redo.length)return;undo.push(beads);beads=redo.pop();save();status.textContent='redone';render();}
  tbody.addEventListener('click',function(e){var tr=e.target.closest('tr');if(tr){sel=+tr.dataset.k;render();}});
  var keys={m:'mergeNext',M:'mergePrev',s:'split',u:'unpair',c:'confirm',']':'srcNext','[':'srcPrev','}':'tgtNext','{':'tgtPrev'};
  document.addEventListener('keydown',function(e){
    if(e.target.tagName==='INPUT'||e.ctrlKey||e.metaKey||e.altKey)return;
    var k=e.key;
    if(keys[k])edit(ops[keys[k]],names[keys[k]]);
    else if(k==='z')back();else if(k==='y')forth();
    else if(k==='ArrowDown'||k==='j'){sel++;render();}else if(k==='ArrowUp'||k==='k'){sel--;render();}
    else if(k==='n')jump(function(b){return b.status!=='confirmed';});
    else if(k==='d')jump(doubtful);
    else if(k==='t')jump(function(b){return !(b.s.length===1&&b.t.length===1);});
    else return;
    e.preventDefault();var row=tbody.querySelector('tr.selected');if(row&&row.scrollIntoView)row.scrollIntoView({block:'nearest'});});
  var m=/min=([0-9.]+)/.exec(location.hash);if(m){slider.value=m[1];}
  slider.addEventListener('input',render);unpaired.addEventListener('change',render);render();
})();
"""


def _data(units: UnitSet) -> dict:
    """The alignment as the page's script reads it: both sides' sentences and the beads over them
    (the sentences the units were aligned from when the set carries them, else each unit's text
    as one sentence a side)."""
    beads = []
    if units.sentences is not None:
        src, tgt = (list(side) for side in units.sentences)
        for unit in units.units:
            beads.append({"s": list(unit.src_ids or ()), "t": list(unit.tgt_ids or ()), "score": unit.score,
                          **({"status": "confirmed"} if unit.confirmed else {})})
    else:
        src, tgt = [], []
        for unit in units.units:
            s_ids = [len(src)] if unit.src else []
            t_ids = [len(tgt)] if unit.tgt else []
            src += [unit.src] if unit.src else []
            tgt += [unit.tgt] if unit.tgt else []
            beads.append({"s": s_ids, "t": t_ids, "score": unit.score,
                          **({"status": "confirmed"} if unit.confirmed else {})})
    key = hashlib.sha256(json.dumps([src, tgt, [(b["s"], b["t"]) for b in beads]], ensure_ascii=False)
                         .encode("utf-8")).hexdigest()[:16]
    return {"doc": units.provenance.get("document") or "alignment", "key": key, "srcLang": units.src_lang,
            "tgtLang": units.tgt_lang, "srcJoin": "" if units.src_lang.startswith("zh") else " ",
            "tgtJoin": "" if units.tgt_lang.startswith("zh") else " ", "doubtful": DOUBTFUL,
            "src": src, "tgt": tgt, "beads": beads,
            # paragraphs aligned out of order leave the target side out of order (``doc.moved``)
            "tgtInOrder": [j for b in beads for j in b["t"]] == list(range(len(tgt)))}


def write(units: UnitSet, out: TextIO) -> None:
    """Write the review page for ``units`` (every bead shown to start with)."""
    every_pair = [u for u in units.units if u.is_pair]
    scores = [u.score for u in every_pair if u.score is not None]
    title = units.provenance.get("files") or units.provenance.get("document") or "alignment"
    summary = {
        "document": title,
        "languages": f"{units.src_lang} → {units.tgt_lang}",
        "beads": len(units.units),
        "pairs": len(every_pair),
        "unpaired source sentences": sum(len(u.src_ids or ()) if not u.tgt else 0 for u in units.units),
        "unpaired target sentences": sum(len(u.tgt_ids or ()) if not u.src else 0 for u in units.units),
        "mean score": f"{sum(scores) / len(scores):.3f}" if scores else "–",
        f"doubtful pairs (score < {DOUBTFUL:g})": sum(1 for s in scores if s < DOUBTFUL),
    }
    made = {k: v for k, v in units.provenance.items() if k not in ("document", "files")}
    esc = html.escape
    data = json.dumps(_data(units), ensure_ascii=False).replace("</", "<\\/")
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
    out.write("<div id=\"path\"></div>\n</div>\n<div class=\"controls\"><label>minimum score <input type=\"range\" "
              "id=\"min-score\" min=\"0\" max=\"1\" step=\"0.01\" value=\"0\"> <output id=\"min-score-value\"></output>"
              "</label><label><input type=\"checkbox\" id=\"show-unpaired\" checked> unpaired sentences</label>"
              "<span><span id=\"shown\"></span> of <span id=\"total\"></span> pairs shown</span>")
    for op, label in (("mergePrev", "merge ↑"), ("mergeNext", "merge ↓"), ("split", "split"), ("unpair", "unpair"),
                      ("srcPrev", "source ↑"), ("srcNext", "source ↓"), ("tgtPrev", "target ↑"), ("tgtNext", "target ↓"),
                      ("confirm", "confirm"), ("undo", "undo"), ("redo", "redo")):
        out.write(f"<button type=\"button\" data-op=\"{op}\">{label}</button>")
    out.write("<button type=\"button\" id=\"export\">export JSONL</button><span id=\"status\" role=\"status\"></span>"
              "</div>\n<div class=\"keys\">keys: ↑↓ or j k select · m / M merge with next / previous · s split · "
              "] [ move a source sentence to the next / previous bead · } { a target sentence · u unpair · c confirm · "
              "z undo · y redo · n next unconfirmed · d next doubtful · t next not 1-1. Edits are kept in this "
              "browser; export saves them as JSONL for <code>bitext convert</code> and <code>--anchors</code>.</div>\n"
              "</header>\n")
    out.write(f"<table><colgroup><col class=\"n\"><col class=\"s\"><col><col><col class=\"k\"></colgroup>\n"
              f"<thead><tr><th>#</th><th>score</th><th lang=\"{esc(units.src_lang)}\">{esc(units.src_lang)}</th>"
              f"<th lang=\"{esc(units.tgt_lang)}\">{esc(units.tgt_lang)}</th><th>bead</th></tr></thead>\n"
              "<tbody id=\"rows\"></tbody></table>\n")
    out.write(f"<script type=\"application/json\" id=\"bitext-data\">{data}</script>\n")
    out.write(f"<script>{_SCRIPT}</script>\n</body></html>\n")
