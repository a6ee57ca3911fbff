"""What CAT tools see: TMX that OmegaT imports (run for real when OmegaT is installed, always in
CI), TMX exported by other tools, translate-toolkit's reader, SRX rules."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from bitext import align_sides, load_interleaved
from bitext.errors import InputError
from bitext.formats import read_units, tmx, units_from_document
from bitext.segment import split_sentences
from bitext.segment.srx import SrxRules, export_srx

from conftest import CHINADAILY, DATA, ROOT, XINHUA

OMEGAT_CHECK = ROOT.parent / "shared" / "tools" / "omegat_import_check.sh"
HAS_OMEGAT = Path("/usr/share/omegat/OmegaT.jar").exists() and OMEGAT_CHECK.exists() and shutil.which("java")
needs_omegat = pytest.mark.skipif(not HAS_OMEGAT and not os.environ.get("CI"),
                                  reason="OmegaT or ../shared/tools not here (CI installs OmegaT and runs this)")


def bitext(*args):
    result = subprocess.run([sys.executable, "-m", "bitext", *map(str, args)], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def xinhua():
    en, zh, runs = load_interleaved(str(XINHUA))
    return align_sides(en, zh, "xinhua", runs)


# --- TMX from other tools ---------------------------------------------------------------------------

def test_omegat_tmx11_export_with_lang_attributes():
    units = read_units(str(DATA / "tmx" / "omegat-3.6.tmx"))
    assert (units.src_lang, units.tgt_lang) == ("en-US", "zh-CN")
    assert [(u.src, u.tgt) for u in units.units] == [
        ("Xi also called for promoting international cooperation and competition in IPR.", "习近平指出，要统筹推进知识产权领域国际合作和竞争。"),
        ("Click <b0>Save</b0> now.", "立即单击<b0>保存</b0>。")]


def test_trados_export_inline_codes_are_dropped_text_kept():
    units = read_units(str(DATA / "tmx" / "trados-studio.tmx"))
    assert [(u.src, u.tgt) for u in units.units] == [
        ("Click Save to keep the document.", "单击保存以保留文档。"), ("Intellectual property matters.", "知识产权很重要。")]


def test_memoq_export_with_props_and_highlighting():
    units = read_units(str(DATA / "tmx" / "memoq.tmx"))
    assert (units.src_lang, units.tgt_lang) == ("en-US", "zh-TW")
    assert units.units[1].src == "He urged deepening cooperation." and units.units[1].tgt == "他要求深化合作。"


def test_all_languages_tmx_and_language_choice(tmp_path):
    path = DATA / "tmx" / "multilingual-all.tmx"
    default = read_units(str(path))
    assert (default.src_lang, default.tgt_lang) == ("zh-Hans", "en")
    chosen = read_units(str(path), src_lang="en", tgt_lang="zh-hant")
    assert [(u.src, u.tgt) for u in chosen.units] == [("IPR protection matters.", "知識產權保護很重要。")]
    by_language = read_units(str(path), src_lang="EN", tgt_lang="zh")  # primary language finds zh-Hans first
    assert by_language.units[0].tgt == "知识产权保护很重要。"
    out = tmp_path / "x.tsv"
    bitext("convert", path, "-o", out, "--src-lang", "en", "--tgt-lang", "zh-Hant")
    assert out.read_text(encoding="utf-8") == "IPR protection matters.\t知識產權保護很重要。\t\n"


def test_translate_toolkit_reads_our_tmx_with_the_same_pairs(xinhua, tmp_path):
    from translate.storage import tmx as tt_tmx

    units = units_from_document(xinhua)
    path = tmp_path / "x.tmx"
    with open(path, "w", encoding="utf-8") as out:
        tmx.write(units, out)
    store = tt_tmx.tmxfile.parsefile(str(path))
    assert [(u.source, u.target) for u in store.units] == [(u.src, u.tgt) for u in units.pairs()]


def test_paragraph_memory_holds_the_multi_sentence_units(xinhua, tmp_path):
    out = tmp_path / "x.paragraph.tmx"
    bitext("align", XINHUA, "--interleaved", "--format", "tmx-paragraph", "-o", out)
    root = etree.parse(str(out)).getroot()
    assert etree.DTD(str(DATA / "tmx14b.dtd")).validate(root)
    assert root.find("header").get("segtype") == "paragraph"
    sources = [tu.find("tuv/seg").text for tu in root.iter("tu")]
    expected = [b.src_text for b in xinhua.pairs(0.5) if len(b.bead.src) > 1]
    assert sources == expected and len(expected) == 2


# --- SRX ---------------------------------------------------------------------------------------------

def test_exported_srx_reproduces_bitext_segmentation(xinhua):
    rules = SrxRules.parse(export_srx(), "bitext.srx")
    for paragraph in xinhua.src.paragraphs:
        assert rules.split(" ".join(paragraph), "en") == paragraph
    for paragraph in xinhua.tgt.paragraphs:
        assert rules.split("".join(paragraph), "zh-Hant") == paragraph
    from bitext.read import read_text
    from bitext.segment.paragraphs import split_paragraphs

    for paragraph in split_paragraphs(read_text(str(CHINADAILY))):
        assert rules.split(paragraph, "en") == split_sentences(paragraph, "en")


def test_segment_with_a_user_srx(tmp_path):
    custom = tmp_path / "house.srx"
    custom.write_text('''<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="yes"/><body><languagerules>
<languagerule languagerulename="house"><rule break="yes"><beforebreak>[;，]</beforebreak><afterbreak></afterbreak></rule></languagerule>
<languagerule languagerulename="bitext"><rule break="yes"><beforebreak>[.。]</beforebreak><afterbreak>\\s|\\p{Han}</afterbreak></rule></languagerule>
</languagerules><maprules><languagemap languagepattern="zh.*|en.*" languagerulename="house"/>
<languagemap languagepattern=".*" languagerulename="bitext"/></maprules></body></srx>''', encoding="utf-8")
    text = tmp_path / "zh.txt"
    text.write_text("他指出，创新是第一动力。保护知识产权就是保护创新。\n", encoding="utf-8")
    out = bitext("segment", text, "--srx", custom).stdout
    assert out == "他指出，\n创新是第一动力。\n保护知识产权就是保护创新。\n"
    english = tmp_path / "en.txt"
    english.write_text("He said; innovation is the first driving force. Protecting IPR protects innovation.\n",
                       encoding="utf-8")
    result = bitext("align", english, text, "--srx", custom, "--format", "jsonl", "--min-score", "0", "--report")
    sources = [json.loads(line)["src"] for line in result.stdout.splitlines()]
    assert [s for s in sources if s] == ["He said;", "innovation is the first driving force.",
                                         "Protecting IPR protects innovation."]
    parameters = json.loads(result.stderr)["parameters"]
    assert parameters["seg_src"] == parameters["seg_tgt"] == "srx:house.srx"


def test_bad_srx_files_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.srx"
    bad.write_text('<srx version="2.0"><body><languagerules><languagerule languagerulename="x"><rule>'
                   '<beforebreak>[unclosed</beforebreak><afterbreak/></rule></languagerule></languagerules>'
                   '<maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules></body></srx>',
                   encoding="utf-8")
    with pytest.raises(InputError, match="bad.srx: rule .* is not a valid regular expression"):
        SrxRules.load(str(bad)).split("text.", "en")
    bomb = tmp_path / "bomb.srx"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE srx [<!ENTITY a "a">]><srx/>', encoding="utf-8")
    with pytest.raises(InputError, match="bomb.srx: SRX declares entities"):
        SrxRules.load(str(bomb))


# --- OmegaT, for real ---------------------------------------------------------------------------------

def omegat(tmx_path, src, tgt, text_path, segmentation="sentence"):
    env = dict(os.environ, OMEGAT_SEG=segmentation, VERBOSE="1")
    result = subprocess.run(["bash", str(OMEGAT_CHECK), str(tmx_path), src, tgt, str(text_path)], capture_output=True,
                            text=True, env=env, timeout=600)
    summary = re.search(r"RESULT: \w+ - (\d+)/(\d+) segments filled", result.stdout + result.stderr)
    assert summary, (result.returncode, result.stdout[-3000:], result.stderr[-2000:])
    return result.returncode, int(summary.group(1)), int(summary.group(2))


@needs_omegat
@pytest.mark.parametrize("source", ["en", "zh"])
def test_omegat_fills_every_single_sentence_segment(tmp_path, source):
    memory = tmp_path / "x.tmx"
    bitext("align", XINHUA, "--interleaved", "--src-lang", source, "-o", memory)
    units = tmx.read(memory.read_text(encoding="utf-8"), "x.tmx")
    lines = [u.src for u in units.units if len(split_sentences(u.src, source)) == 1]
    text = tmp_path / "source.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = {"en": ("en", "zh-TW"), "zh": ("zh-TW", "en")}[source]
    code, filled, total = omegat(memory, *project, text)
    assert code == 0 and filled == total == len(lines) >= 20


@needs_omegat
def test_omegat_segmenting_the_english_paragraphs_itself(xinhua, tmp_path):
    """OmegaT splits the Xinhua English paragraphs by its own rules: every English sentence that
    stands alone on its side of a pair is filled from the sentence memory, and the paragraph
    memory fills the multi-sentence units that OmegaT can re-split evenly."""
    memory = tmp_path / "x.tmx"
    paragraph_memory = tmp_path / "x.paragraph.tmx"
    bitext("align", XINHUA, "--interleaved", "-o", memory)
    bitext("align", XINHUA, "--interleaved", "--format", "tmx-paragraph", "-o", paragraph_memory)
    text = tmp_path / "paragraphs.txt"
    text.write_text("\n".join(" ".join(p) for p in xinhua.src.paragraphs) + "\n", encoding="utf-8")
    alone = sum(1 for b in xinhua.pairs(0.5) if len(b.bead.src) == 1)
    _, filled, total = omegat(memory, "en", "zh-Hant", text)
    assert total == len(xinhua.src.sentences) == 32
    assert filled == alone == 28
    _, extra, _ = omegat(paragraph_memory, "en", "zh-Hant", text)
    assert extra == 2
