"""Reading: encodings, line ends, paragraphs, interleaved files, script detection."""

import codecs

import pytest

from bitext.errors import InputError
from bitext.normalize import clean_text, detect_zh_script
from bitext.read import decode, read_text
from bitext.segment.paragraphs import interleaved_runs, paragraph_language, split_paragraphs

TEXT = "知識產權保護。\nIPR protection.\n"


def test_utf8_with_and_without_bom():
    assert decode(TEXT.encode("utf-8")) == TEXT
    assert decode(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_bom_marked_unicode(encoding):
    assert decode(TEXT.encode(encoding)) == TEXT


def test_gbk_detected_only_when_certain_and_named_otherwise():
    simplified = "知识产权保护工作关系国家治理体系和治理能力现代化。" * 3
    assert decode(simplified.encode("gb18030")) == simplified  # not valid Big5: certain
    assert decode(simplified.encode("gbk"), encoding="gbk") == simplified


def test_big5_without_encoding_is_rejected_with_advice():
    data = "知識產權保護工作關係國家治理體系。".encode("big5")
    with pytest.raises(InputError, match=r"x\.txt: not valid UTF-8 .*give --encoding"):
        decode(data, "x.txt")
    assert decode(data, encoding="big5") == "知識產權保護工作關係國家治理體系。"


def test_wrong_named_encoding_is_an_error():
    with pytest.raises(InputError, match="not valid utf-8"):
        decode(b"\xff\xfe\xfd", "f.txt", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"abc", "f.txt", encoding="klingon")


def test_nul_bytes_are_refused():
    with pytest.raises(InputError, match="NUL"):
        decode(b"abc\x00def", "bin.dat")


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_text(str(tmp_path))


def test_line_ends_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"a\r\nb\rc\n")
    assert read_text(str(path)) == "a\nb\nc\n"


def test_paragraphs_by_blank_lines_or_by_lines():
    """Wrapped lines (as wide as an editor wraps) are joined; a short line without final
    punctuation (a heading) and a list item stand alone; a text without blank lines is a
    paragraph a line."""
    wrapped = "The plan sets out the targets for intellectual property protection in the\nperiod to 2025."
    assert split_paragraphs(wrapped + "\n\n\nFour.") == [wrapped.replace("\n", " "), "Four."]
    chinese = "要研究制定十四五时期国家知识产权保护和运用规划明确目标任务\n举措和实施蓝图。"
    assert split_paragraphs(chinese + "\n\n戊。") == [chinese.replace("\n", ""), "戊。"]
    assert split_paragraphs("Methods\n" + wrapped + "\n- an item\n\nEnd.") == [
        "Methods", wrapped.replace("\n", " "), "- an item", "End."]
    assert split_paragraphs("One.\nTwo.\n") == ["One.", "Two."]


def test_line_language_by_script():
    assert paragraph_language("新華網 2020-12-02 09:28") == "zh"
    assert paragraph_language("習近平:全面加強知識產權保護") == "zh"
    assert paragraph_language("Xi said IPR matters (知識產權).") == "en"
    assert paragraph_language("2020-12-02 09:28") is None


def test_interleaved_runs_keep_order_and_attach_letterless_lines():
    runs = interleaved_runs(["標題", "2020-12-02", "English.", "中文。"])
    assert [(r.lang, r.paragraphs) for r in runs] == [
        ("zh", ("標題", "2020-12-02")), ("en", ("English.",)), ("zh", ("中文。",))]


def test_script_detection_and_cleaning():
    assert detect_zh_script("習近平強調,知識產權保護工作關系國家治理體系") == "Hant"
    assert detect_zh_script("习近平强调，知识产权保护工作关系国家治理体系") == "Hans"
    assert detect_zh_script("English only") is None
    assert clean_text("a\x00b\u200bc\x1bd") == "ab\u200bcd"


def test_the_library_takes_path_objects_wherever_it_takes_a_path(tmp_path):
    """pathlib.Path works as a string does: reading, aligning, mining, memories, anchors, writing,
    reading back and building (the options keep the path as a string)."""
    from pathlib import Path

    import bitext
    from bitext.corpus import build
    from bitext.pipeline import load_anchors, load_examples

    from conftest import CHINADAILY, CORPORA, XINHUA

    as_text = bitext.align_files(str(XINHUA))
    doc = bitext.align_files(Path(XINHUA))
    assert [b.bead for b in doc.beads] == [b.bead for b in as_text.beads]
    en, zh, _ = bitext.load_interleaved(Path(XINHUA))
    assert bitext.load_side(Path(CHINADAILY), "en").sentences == bitext.load_side(str(CHINADAILY), "en").sentences
    written = bitext.write_units(bitext.units_from_document(doc), "tmx", tmp_path / "x.tmx", [Path(XINHUA)])
    assert written == [str(tmp_path / "x.tmx")]
    pairs = [u for u in bitext.units_from_document(doc).units if u.src and u.tgt]
    assert len(bitext.read_units(tmp_path / "x.tmx").units) == len(pairs)
    assert len(load_examples(tmp_path / "x.tmx").pairs) > 20
    options = bitext.AlignOptions(learn_from=(tmp_path / "x.tmx",))
    assert options.learn_from == (str(tmp_path / "x.tmx"),)
    assert bitext.align_files(Path(XINHUA), options=options).beads
    bitext.write_units(bitext.units_from_document(doc), "beads", tmp_path / "x.align")
    assert load_anchors(tmp_path / "x.align")
    (tmp_path / "zh.txt").write_text("\n".join(zh.sentences), encoding="utf-8")
    assert bitext.mine_files(Path(CHINADAILY), tmp_path / "zh.txt").pairs
    report = build(Path(CORPORA), tmp_path / "out", bitext.BuildOptions(progress=False))
    assert [p.id for p in report.pairs] == ["xinhua-2020-12-02", "chinadaily-xinhua-2020-12-02"]
