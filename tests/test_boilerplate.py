"""Boilerplate (navigation, datelines, photo credits, keyword lines) is left out of translation
units and listed in reports; the seed texts as scraped, headings and lead lines apart."""

import json
import subprocess
import sys

from bitext import AlignOptions, align_sides, load_interleaved, load_side
from bitext.segment.sides import make_side

from conftest import CHINADAILY, CORPORA, ROOT, XINHUA

BOILERPLATE = {"Home\xa0\xa0\xa0>\xa0\xa0\xa0\xa0\xa0Content", "Updated:2020-12-02 10:37:29\xa0\xa0\xa0China Daily",
               "[Photo/Xinhua]", "Keywords:\xa0\xa0 Xi protection IPR", "新華網 2020-12-02 09:28"}


def _chinadaily_against_xinhua(options=AlignOptions()):
    _, zh, _ = load_interleaved(str(XINHUA))
    en = load_side(str(CHINADAILY), "en")
    return align_sides(en, make_side(zh.paragraphs, "zh", zh.origin, "Hant"), "cd", options=options)


def test_boilerplate_pairs_with_nothing_and_is_listed():
    doc = _chinadaily_against_xinhua()
    marked = {b.src_text or b.tgt_text: b.boilerplate for b in doc.beads if b.boilerplate}
    assert set(marked) == BOILERPLATE
    assert set(marked.values()) == {"navigation", "dateline", "credit", "label"}
    for bead in doc.beads:
        if bead.is_pair:
            assert not any(line in bead.src_text or line in bead.tgt_text for line in BOILERPLATE), bead
    kept = _chinadaily_against_xinhua(AlignOptions(keep_boilerplate=True))
    assert not any(b.boilerplate for b in kept.beads)
    assert any(b.is_pair and "China Daily" in b.src_text for b in kept.beads)  # what it did before: a 0.95 "pair"


def test_build_report_lists_the_boilerplate(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bitext", "build", CORPORA, "-o", tmp_path / "out"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "boilerplate left unpaired (1; --keep-boilerplate keeps it): target 1 (dateline): 新華網" in result.stdout
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    comparable = next(p for p in report["pairs"] if p["relation"] == "comparable")
    assert len(comparable["summary"]["boilerplate"]) == 5
    memory = (tmp_path / "out" / "chinadaily-xinhua-2020-12-02.tsv").read_text(encoding="utf-8")
    assert "China Daily" not in memory and "新華網" not in memory


def test_scraped_seed_texts_keep_headings_and_lead_lines_apart():
    cnipa = load_side(str(CORPORA / "cnipa-2022-07-01-ipr-demonstration-zones-explainer.zhhans.txt"))
    assert cnipa.sentences[:3] == ["首页 > 知识产权 > 专利 >详情页", "《国家知识产权保护示范区建设方案》解读", "国家知识产权局 2022-07-01"]
    assert "一、背景意义" in cnipa.sentences
    plan = load_side(str(CORPORA / "state-council-2021-11-02-14th-fyp-ipr-plan.zhhans.txt"))
    assert plan.sentences[:4] == ["首页 > 双创政策 > 正文", "国务院关于印发《“十四五”国家知识产权保护和运用规划》",
                                  "信息类别:双创政策 \xa0 发布时间:2021-11-02", "国发〔2021〕20号"]
    assert "一、规划背景" in plan.sentences


def test_a_boilerplate_line_inside_a_bead_leaves_the_beads_in_order():
    """A dateline the alignment put inside a bead (target 1 of 0–3) stands alone in its place:
    every bead still follows the one before on both sides, and no sentence is lost."""
    from bitext.align import Bead, check_coverage
    from bitext.document import ScoredBead
    from bitext.score import separate_boilerplate
    from bitext.segment.sides import make_side

    src = make_side([["One.", "Two."]], "en")
    tgt = make_side([["一。", "新華網 2020-12-02 09:28", "二。", "三。"]], "zh")
    beads = [ScoredBead(Bead((0,), (0, 1, 2, 3)), "One.", "", 0.4, 0.4, 1.0), ScoredBead(Bead((1,), ()), "Two.", "", 1.0, 1.0, 1.0)]
    out = separate_boilerplate(beads, src, tgt, {}, {1: "dateline"})
    check_coverage([b.bead for b in out], 2, 4)  # in order, each sentence once
    assert [b.bead for b in out] == [Bead((), (0,)), Bead((), (1,)), Bead((0,), (2, 3)), Bead((1,), ())]
    assert [b.boilerplate for b in out] == [None, "dateline", None, None]
