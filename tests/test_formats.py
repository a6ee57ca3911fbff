"""Writers and readers: TMX 1.4b (DTD-valid, round trip), TSV, Moses, JSONL, beads."""

import io
import os
import sys
import json

import pytest
from hypothesis import given, strategies as st
from lxml import etree

from bitext import align_sides, load_interleaved
from bitext.errors import InputError
from bitext.formats import jsonl, read_units, tmx, tsv, units_from_document, write_units
from bitext.formats.base import Unit, UnitSet, one_line
from bitext.formats.beads import parse

from conftest import DATA, XINHUA


@pytest.fixture(scope="module")
def xinhua_doc():
    en, zh, runs = load_interleaved(str(XINHUA))
    return align_sides(en, zh, "xinhua-2020-12-02", runs)


def render(module, units):
    out = io.StringIO()
    module.write(units, out)
    return out.getvalue()


def validate_tmx(text):
    dtd = etree.DTD(str(DATA / "tmx14b.dtd"))
    root = etree.fromstring(text.encode("utf-8"))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    return root


def test_xinhua_tmx_is_valid_tmx14b_with_required_header(xinhua_doc):
    units = units_from_document(xinhua_doc, 0.3)
    root = validate_tmx(render(tmx, units))
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "datatype", "segtype", "o-tmf", "adminlang", "srclang", "creationdate"):
        assert header.get(attr), attr
    assert header.get("segtype") == "sentence" and header.get("srclang") == "en"
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props["x-bitext-method"] == "lexical" and float(props["x-bitext-c"]) > 0 and float(props["x-bitext-s2"]) > 0
    tus = root.findall("body/tu")
    assert len(tus) == len(xinhua_doc.pairs(0.3)) == 30
    for tu in tus:
        langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
        assert langs == ["en", "zh-Hant"]
        assert {p.get("type") for p in tu.findall("prop")} == {"x-score", "x-document"}
        for seg in tu.iter("seg"):
            assert seg.text == seg.text.strip() and "\n" not in seg.text


def test_n_to_m_units_join_english_with_space_and_chinese_with_nothing(xinhua_doc):
    units = units_from_document(xinhua_doc)
    two_to_one = next(u for u in units.units if u.src_ids == (6, 7))
    assert two_to_one.src.startswith("Since the 18th CPC National Congress") and ". It has promoted" in two_to_one.src
    one_to_two = next(u for u in units.units if u.src_ids == (12,))
    assert one_to_two.tgt == "習近平強調,要提高知識產權保護工作法治化水平。要在嚴格執行民法典相關規定的同時,加快完善相關法律法規,統籌推進相關法律修訂工作,增強法律之間的一致性。"


def test_tmx_round_trip_same_pairs(xinhua_doc):
    units = units_from_document(xinhua_doc)
    back = tmx.read(render(tmx, units), "mem.tmx")
    assert [(u.src, u.tgt) for u in back.units] == [(u.src, u.tgt) for u in units.pairs()]
    assert back.src_lang == "en" and back.tgt_lang == "zh-Hant"
    assert all(u.score is not None and u.doc == "xinhua-2020-12-02" for u in back.units)


def test_tmx_escapes_and_removes_illegal_characters():
    units = UnitSet("en", "zh-Hans", [Unit('a < b & "c" \x01\x0b', "甲 > 乙 \ufffe\x00")])
    text = render(tmx, units)
    validate_tmx(text)
    back = tmx.read(text, "x.tmx")
    assert [(u.src, u.tgt) for u in back.units] == [('a < b & "c" ', "甲 > 乙 ")]


def test_tmx_reader_refuses_entities_and_handles_inline_codes():
    bomb = '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa">]><tmx version="1.4"><header srclang="en"/><body/></tmx>'
    with pytest.raises(InputError, match="entities"):
        tmx.read(bomb, "bomb.tmx")
    inline = ('<tmx version="1.4"><header srclang="*all*"/><body><tu><tuv lang="EN-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>'
              'here<ept i="1">&lt;/b&gt;</ept> <hi>now</hi>.</seg></tuv><tuv xml:lang="zh-CN"><seg>点击<ph>&lt;br/&gt;</ph>这里。'
              '</seg></tuv></tu></body></tmx>')
    units = tmx.read(inline, "inline.tmx")
    assert (units.src_lang, units.tgt_lang) == ("en-US", "zh-CN")  # tags in BCP 47 case
    assert [(u.src, u.tgt) for u in units.units] == [("Click here now.", "点击这里。")]


def test_tsv_neutralises_tabs_and_newlines():
    units = UnitSet("en", "zh-Hans", [Unit("a\tb\nc", "甲\r\n乙", 0.5), Unit("unpaired", "", 0.9)])
    assert render(tsv, units) == "a b c\t甲 乙\t0.5000\n"
    assert one_line("x\u2028y\t\tz") == "x y z"


def test_tsv_reader_errors_name_the_line():
    with pytest.raises(InputError, match="line 2: expected 2 or 3"):
        tsv.read("a\tb\nonly one field\n", "bad.tsv", "en", "zh")


unicode_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(st.lists(st.tuples(unicode_text, unicode_text, st.one_of(st.none(), st.floats(0, 1))), min_size=1, max_size=8))
def test_jsonl_round_trip_is_identical(rows):
    units = UnitSet("en", "zh-Hans", [Unit(s, t, sc, (i,), (i,), "d") for i, (s, t, sc) in enumerate(rows)])
    back = jsonl.read(render(jsonl, units), "x.jsonl")
    assert [(u.src, u.tgt, u.src_ids, u.tgt_ids) for u in back.units] == [(u.src, u.tgt, u.src_ids, u.tgt_ids) for u in units.units]


def xml_chars(text: str) -> str:
    """The characters of ``text`` that XML 1.0 allows: its ``Char`` production (section 2.2),
    #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."""
    def allowed(c: int) -> bool:
        return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF
    return "".join(ch for ch in text if allowed(ord(ch)))


@given(st.lists(st.tuples(unicode_text.filter(str.strip), unicode_text.filter(str.strip)), min_size=1, max_size=8))
def test_tmx_round_trip_changes_only_illegal_xml_characters(rows):
    """Documented change: characters XML 1.0 cannot carry are removed, and a pair left with an
    empty side is not written. Everything else, \r and surrounding spaces included, reads back,
    through bitext's reader and through lxml."""
    units = UnitSet("en", "zh-Hans", [Unit(s, t, 0.5) for s, t in rows])
    written = render(tmx, units)
    expected = [(xml_chars(s), xml_chars(t)) for s, t in rows if xml_chars(s).strip() and xml_chars(t).strip()]
    assert [(u.src, u.tgt) for u in tmx.read(written, "x.tmx").units] == expected
    segs = [seg.text or "" for seg in etree.fromstring(written.encode("utf-8")).iter("seg")]
    assert list(zip(segs[0::2], segs[1::2])) == expected


@given(st.lists(st.tuples(unicode_text.filter(bool), unicode_text.filter(bool), st.floats(0, 1)), min_size=1, max_size=8))
def test_tsv_round_trip_changes_only_tabs_and_line_breaks(rows):
    """Documented change: runs of tabs and line breaks become one space; a pair with a side of
    whitespace alone is no translation and is not written (as in TMX)."""
    units = UnitSet("en", "zh-Hans", [Unit(s, t, score) for s, t, score in rows])
    back = tsv.read(render(tsv, units), "x.tsv", "en", "zh-Hans")
    kept = [(s, t, score) for s, t, score in rows if s.strip() and t.strip()]
    assert [(u.src, u.tgt) for u in back.units] == [(one_line(s), one_line(t)) for s, t, _ in kept]
    assert [round(u.score, 4) for u in back.units] == [round(score, 4) for _, _, score in kept]


@given(st.lists(st.tuples(unicode_text, unicode_text), min_size=1, max_size=8))
def test_jsonl_has_one_line_per_record_for_every_line_splitter(rows):
    units = UnitSet("en", "zh-Hans", [Unit(s, t, 0.5, (i,), (i,)) for i, (s, t) in enumerate(rows)])
    text = render(jsonl, units)
    assert len(text.splitlines()) == len(text.split("\n")) - 1 == len(rows)


def test_jsonl_keeps_unpaired_beads_and_beads_format(xinhua_doc, tmp_path):
    units = units_from_document(xinhua_doc)
    records = [json.loads(line) for line in render(jsonl, units).splitlines()]
    assert len(records) == len(xinhua_doc.beads) == 36
    assert records[0] == {"src": "", "tgt": "習近平:全面加強知識產權保護", "src_ids": [], "tgt_ids": [0],
                          "score": records[0]["score"], "src_lang": "en", "tgt_lang": "zh-Hant", "doc": "xinhua-2020-12-02"}
    path = tmp_path / "x.align"
    write_units(units, "beads", str(path))
    assert parse(path.read_text()) == [(b.bead.src, b.bead.tgt) for b in xinhua_doc.beads]


def test_moses_writes_two_line_aligned_files(xinhua_doc, tmp_path):
    units = units_from_document(xinhua_doc, 0.3)
    written = write_units(units, "moses", str(tmp_path / "corpus"))
    assert written == [str(tmp_path / "corpus.en"), str(tmp_path / "corpus.zh-Hant")]
    en = (tmp_path / "corpus.en").read_text(encoding="utf-8").splitlines()
    zh = (tmp_path / "corpus.zh-Hant").read_text(encoding="utf-8").splitlines()
    assert len(en) == len(zh) == 30


def test_min_score_filters_pairs_but_beads_and_jsonl_keep_every_bead(xinhua_doc):
    everything = units_from_document(xinhua_doc, 0.0)
    strict = units_from_document(xinhua_doc, 0.95)
    assert 0 < len(strict.pairs()) < len(everything.pairs())
    assert all(u.score >= 0.95 for u in strict.pairs())
    assert len(render(tsv, strict).splitlines()) == len(strict.pairs())
    assert len(render(jsonl, strict).splitlines()) == len(xinhua_doc.beads)


def test_region_language_tags(xinhua_doc):
    units = units_from_document(xinhua_doc, lang_tags="region")
    assert (units.src_lang, units.tgt_lang) == ("en", "zh-TW")


def test_read_units_by_suffix_and_errors(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("a\tb\t0.5\n", encoding="utf-8")
    assert read_units(str(path), src_lang="en", tgt_lang="zh").units[0].src == "a"
    with pytest.raises(InputError, match="give --src-lang"):
        read_units(str(path))
    with pytest.raises(InputError, match="cannot tell the format"):
        read_units(str(tmp_path / "x.docx"))


def test_atomic_output_leaves_nothing_on_error(tmp_path):
    from bitext.formats import atomic_output

    target = tmp_path / "out.tmx"
    with pytest.raises(RuntimeError):
        with atomic_output(str(target)) as out:
            out.write("partial")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_po_and_xliff_made_by_translate_toolkit_read_as_pairs(tmp_path):
    """A CSV turned into PO by csv2po and the PO into XLIFF by po2xliff (translate-toolkit's own
    programs): the translated entries are the pairs, the untranslated one and the PO header are
    not."""
    import shutil
    import subprocess

    from bitext.formats import read_units

    bin_dir = os.path.dirname(sys.executable)
    (tmp_path / "m.csv").write_text('"location","source","target"\n"a","IPR protection matters.","知识产权保护很重要。"\n'
                                    '"b","Xi said so.","习近平如是说。"\n"c","Untranslated one.",""\n', encoding="utf-8")
    for tool, source, target in (("csv2po", "m.csv", "m.po"), ("po2xliff", "m.po", "m.xlf")):
        subprocess.run([shutil.which(tool, path=bin_dir) or tool, source, target], cwd=tmp_path, check=True,
                       capture_output=True, timeout=120)
    expected = [("IPR protection matters.", "知识产权保护很重要。"), ("Xi said so.", "习近平如是说。")]
    po = read_units(str(tmp_path / "m.po"), tgt_lang="zh-Hans")
    assert [(u.src, u.tgt) for u in po.units] == expected and (po.src_lang, po.tgt_lang) == ("en", "zh-Hans")
    assert po.notes == ["1 untranslated, fuzzy or obsolete entry: left out"]
    xlf = read_units(str(tmp_path / "m.xlf"), tgt_lang="zh-Hans")
    assert [(u.src, u.tgt) for u in xlf.units] == expected and xlf.src_lang == "en-US"
    assert xlf.notes == ["1 unit without a translation: left out"]
