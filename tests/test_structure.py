"""Documents that do not line up sentence for sentence: the Xinhua article against its own
Chinese with two paragraphs swapped, an untranslated editor's note added, or the translation
stopping early. The units written at the default threshold stay right (precision ≥ 0.95) and
find the true pairs (recall ≥ 0.9)."""

import pytest

from bitext import align_sides, load_interleaved
from bitext.score import DEFAULT_MIN_SCORE
from bitext.segment.sides import make_side

from conftest import XINHUA


@pytest.fixture(scope="module")
def article():
    en, zh, _ = load_interleaved(str(XINHUA))
    english = [list(p) for p in en.paragraphs]
    chinese = [list(p) for p in zh.paragraphs]
    whole = align_sides(make_side(english, "en"), make_side(chinese, "zh", "", "Hant"), "whole")
    return english, chinese, {(b.src_text, b.tgt_text) for b in whole.beads if b.is_pair}


def _written(english, chinese):
    doc = align_sides(make_side(english, "en"), make_side(chinese, "zh", "", "Hant"), "case")
    return {(b.src_text, b.tgt_text) for b in doc.beads if b.is_pair and b.score >= DEFAULT_MIN_SCORE}


def _check(written, truth):
    right = len(written & truth)
    assert right >= 0.95 * len(written) and right >= 0.9 * len(truth), (len(written), right, len(truth))


@pytest.mark.parametrize("first, second", [(6, 9), (12, 16), (10, 22), (8, 25), (3, 20)])
def test_two_swapped_paragraphs(article, first, second):
    """Paragraphs of one, two or three sentences swapped, near or far: the moved pair is found,
    aligned apart from the rest and named in the report; nothing is glued in their places."""
    from bitext.score import summarize_document

    english, chinese, truth = article
    swapped = [list(p) for p in chinese]
    swapped[first], swapped[second] = swapped[second], swapped[first]
    _check(_written(english, swapped), truth)
    doc = align_sides(make_side(english, "en"), make_side(swapped, "zh", "", "Hant"), "case")
    assert doc.moved and all(q in (first, second) for _, q in doc.moved)
    warnings = summarize_document(doc, DEFAULT_MIN_SCORE).warnings
    if len(doc.moved) == 2:
        assert f"paragraphs {first + 1} and {second + 1} of the target are swapped" in " ".join(warnings), warnings
    else:
        assert f"target paragraph {doc.moved[0][1] + 1} are out of order" in " ".join(warnings), warnings


@pytest.mark.parametrize("source, target", [(10, 22), (22, 10), (5, 25), (20, 7)])
def test_a_paragraph_moved_elsewhere(article, source, target):
    english, chinese, truth = article
    moved = [list(p) for p in chinese]
    moved.insert(target, moved.pop(source))
    _check(_written(english, moved), truth)
    doc = align_sides(make_side(english, "en"), make_side(moved, "zh", "", "Hant"), "case")
    assert [q for _, q in doc.moved] == [target]


@pytest.mark.parametrize("one_sentence_a_paragraph", [False, True])
def test_a_faithful_translation_has_no_paragraph_out_of_order(article, one_sentence_a_paragraph):
    """Not even when every sentence is a paragraph of its own, where a sentence that also matches
    one far away could pass for a move."""
    english, chinese, _ = article
    if one_sentence_a_paragraph:
        english, chinese = [[s] for p in english for s in p], [[s] for p in chinese for s in p]
    assert align_sides(make_side(english, "en"), make_side(chinese, "zh", "", "Hant"), "whole").moved == ()


def test_an_untranslated_note_added(article):
    english, chinese, truth = article
    noted = [list(p) for p in chinese]
    noted.insert(8, ["編者按：本文根據新華社報道整理。", "文中數據截至2020年11月。", "轉載請注明出處。"])
    written = _written(english, noted)
    _check(written, truth)
    assert not any("編者按" in zh or "轉載" in zh for _, zh in written)
    doc = align_sides(make_side(english, "en"), make_side(noted, "zh", "", "Hant"), "case")
    note = [b for b in doc.beads if any(s in b.tgt_text for s in noted[8])]
    assert all(not b.is_pair for b in note), [(b.src_text, b.tgt_text) for b in note]  # unpaired, never glued


def test_a_translation_that_stops_early(article):
    english, chinese, truth = article
    shorter = english[:-3]
    kept = " ".join(s for p in shorter for s in p)
    present = {(en, zh) for en, zh in truth if en in kept}  # the pairs whose English is still there
    assert len(present) < len(truth)
    _check(_written(shorter, chinese), present)


def test_a_translation_of_the_second_half_only(article):
    """The English of the article's second half against the whole Chinese: the Chinese first half
    is left unpaired, not spread over the English."""
    english, chinese, truth = article
    half = english[len(english) // 2:]
    kept = [s for p in half for s in p]
    present = {(en, zh) for en, zh in truth if any(en.startswith(s) for s in kept)}
    _check(_written(half, chinese), present)


@pytest.mark.parametrize("which", [3, 8, 15])
def test_an_interleaved_paragraph_in_chinese_then_english_order(which):
    """One English paragraph of the interleaved file put after its Chinese original instead of
    before it: every pair of the file as written is still found."""
    from bitext import split_interleaved
    from bitext.segment.paragraphs import paragraph_language

    text = XINHUA.read_text(encoding="utf-8")
    lines = text.split("\n")
    english_first = [k for k in range(len(lines) - 1)
                     if paragraph_language(lines[k]) == "en" and paragraph_language(lines[k + 1]) == "zh"]
    k = english_first[which]
    lines[k], lines[k + 1] = lines[k + 1], lines[k]

    def pairs(content):
        doc = align_sides(*split_interleaved(content)[:2], "x", split_interleaved(content)[2])
        return {(b.src_text, b.tgt_text) for b in doc.beads if b.is_pair and b.score >= DEFAULT_MIN_SCORE}

    assert pairs("\n".join(lines)) == pairs(text)


def test_a_translated_excerpt_inside_a_longer_page(article):
    """Twelve pairs' worth of the Chinese against 80 English sentences: the English article with
    another report of the same event before and after it. The lexically matched pairs say where
    the excerpt lies, so the length model starts from the right ratio."""
    from bitext import load_side

    from conftest import CHINADAILY

    english, chinese, truth = article
    whole = align_sides(make_side(english, "en"), make_side(chinese, "zh", "", "Hant"), "whole")
    chunk = [b for b in whole.beads if b.is_pair][8:20]
    chinese_sentences = [s for p in chinese for s in p]
    excerpt = [chinese_sentences[j] for b in chunk for j in b.bead.tgt]
    other = [s for p in load_side(str(CHINADAILY), "en").paragraphs for s in p]
    page = other + [s for p in english for s in p] + other[:19]
    _check(_written([page], [excerpt]), {(b.src_text, b.tgt_text) for b in chunk})
    # parallel where it corresponds: a build aligns it in order rather than mining it
    from bitext.score import summarize_document

    doc = align_sides(make_side([page], "en"), make_side([excerpt], "zh", "", "Hant"), "excerpt")
    assert summarize_document(doc, DEFAULT_MIN_SCORE).likely_parallel


def test_the_report_names_what_has_no_counterpart():
    """The Xinhua article's Chinese-only title, dateline and lead, as the build report says them."""
    from bitext import load_interleaved
    from bitext.score import summarize

    en, zh, runs = load_interleaved(str(XINHUA))
    doc = align_sides(en, zh, "x", runs)
    warnings = summarize([b.bead for b in doc.beads], [b.score for b in doc.beads], len(doc.src.sentences),
                         len(doc.tgt.sentences), DEFAULT_MIN_SCORE).warnings
    assert warnings == ["target sentences 1–6 have no counterpart"]


def test_the_command_names_a_swap_and_in_order_does_not_look(article, tmp_path):
    import json
    import subprocess
    import sys

    english, chinese, _ = article
    swapped = [list(p) for p in chinese]
    swapped[12], swapped[16] = swapped[16], swapped[12]
    (tmp_path / "en.txt").write_text("\n\n".join(" ".join(p) for p in english) + "\n", encoding="utf-8")
    (tmp_path / "zh.txt").write_text("\n\n".join("".join(p) for p in swapped) + "\n", encoding="utf-8")

    def warnings(*extra):
        run = subprocess.run([sys.executable, "-m", "bitext", "align", tmp_path / "en.txt", tmp_path / "zh.txt",
                              "-o", tmp_path / "out.tmx", "--report", *extra], capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stderr.splitlines()[-1])["summary"]["warnings"]

    assert any("paragraphs 13 and 17 of the target are swapped" in w for w in warnings())
    assert not any("swapped" in w for w in warnings("--in-order"))
