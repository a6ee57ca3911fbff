"""Mining comparable texts: the pairs that translate each other, found in any order.

The China Daily report and the Xinhua Chinese tell the same event independently; the gold of
their content pairs (tests/data/comparable-2020-12-02.gold) was written by reading both. A pair
written is right when its sentences lie inside one gold pair ("content" or "partial"); a content
pair is found when a written pair lies inside it.
"""

import json
import random
import subprocess
import sys

import pytest
from hypothesis import given, strategies as st
from lxml import etree

from bitext import load_interleaved, load_side
from bitext.align.mining import mine
from bitext.features import lexical_input
from bitext.formats.beads import parse
from bitext.pipeline import mine_sides
from bitext.segment.sides import make_side

from conftest import CHINADAILY, DATA, XINHUA


def _gold():
    pairs = []
    for line in (DATA / "comparable-2020-12-02.gold").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            en, zh, kind = line.split()
            pairs.append(({int(i) for i in en.split(",")}, {int(j) for j in zh.split(",")}, kind))
    return pairs


def _inside(src, tgt, pair) -> bool:
    return set(src) <= pair[0] and set(tgt) <= pair[1]


@pytest.fixture(scope="module")
def seed_pair():
    _, zh, _ = load_interleaved(str(XINHUA))
    return load_side(str(CHINADAILY), "en"), zh


def test_comparable_seed_pair_precision_and_recall(seed_pair):
    english, chinese = seed_pair
    doc = mine_sides(english, chinese, "seed")
    gold = _gold()
    right = [p for p in doc.pairs if any(_inside(p.src, p.tgt, g) for g in gold)]
    content = [g for g in gold if g[2] == "content"]
    found = [g for g in content if any(_inside(p.src, p.tgt, g) for p in doc.pairs)]
    assert len(right) >= 0.9 * len(doc.pairs), [(p.src, p.tgt) for p in doc.pairs if p not in right]
    assert len(found) >= 0.7 * len(content), (len(found), len(content))


def test_no_boilerplate_line_is_mined(seed_pair):
    english, chinese = seed_pair
    doc = mine_sides(english, chinese, "seed")
    assert doc.src_boilerplate and doc.tgt_boilerplate  # "Updated: ... China Daily", "新華網 2020-12-02 09:28"
    assert not {i for p in doc.pairs for i in p.src} & set(doc.src_boilerplate)
    assert not {j for p in doc.pairs for j in p.tgt} & set(doc.tgt_boilerplate)


def _xinhua() -> tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """The Xinhua article's English and Chinese sentences and its gold beads with both sides."""
    en = (DATA / "xinhua-2020-12-02.en.sentences").read_text(encoding="utf-8").splitlines()
    zh = (DATA / "xinhua-2020-12-02.zh.sentences").read_text(encoding="utf-8").splitlines()
    gold = parse((DATA / "xinhua-2020-12-02.gold.align").read_text(encoding="utf-8"))
    return en, zh, [(tuple(s), tuple(t)) for s, t in gold if s and t]


def test_a_translation_shuffled_is_mined_back():
    """The Xinhua article against its own Chinese in a random order: the gold pairs come back."""
    en, zh, pairs = _xinhua()
    gold = [(set(s), set(t)) for s, t in pairs]
    order = list(range(len(zh)))
    random.Random(1).shuffle(order)
    doc = mine_sides(make_side([en], "en"), make_side([[zh[k] for k in order]], "zh", "", "Hant"))
    mined = [(p.src, tuple(order[j] for j in p.tgt)) for p in doc.pairs]
    right = [m for m in mined if any(_inside(*m, g) for g in gold)]
    found = [g for g in gold if any(_inside(*m, g) for m in mined)]
    assert len(right) >= 0.95 * len(mined) and len(found) >= 0.9 * len(gold), (len(mined), len(right), len(found))


def test_a_sentence_translated_as_two_adjacent_ones_is_mined_with_both():
    """The Xinhua article with its English shuffled and its Chinese in order: an English sentence
    the translator split into two adjacent Chinese ones comes back as one pair with both."""
    en, zh, gold = _xinhua()
    order = list(range(len(en)))
    random.Random(1).shuffle(order)
    doc = mine_sides(make_side([[en[k] for k in order]], "en"), make_side([zh], "zh", "", "Hant"))
    mined = [(tuple(sorted(order[i] for i in p.src)), p.tgt) for p in doc.pairs]
    split = [g for g in gold if len(g[0]) == 1 and len(g[1]) == 2]
    assert sum(g in mined for g in split) >= 3, (split, [m for m in mined if len(m[1]) == 2])
    assert all(m in gold for m in mined if len(m[0]) + len(m[1]) > 2)


@given(st.lists(st.sampled_from(["The court ruled on the patent case.", "专利案件由法院审理。", "Trade secrets matter.",
                                 "商业秘密很重要。", "保护知识产权。", "Protect intellectual property.", ""]),
                min_size=0, max_size=12),
       st.integers(min_value=0, max_value=12))
def test_every_sentence_is_in_one_pair_at_most(sentences, cut):
    english = [s for s in sentences[:cut] if s.isascii()] or ["Nothing."]
    chinese = [s for s in sentences[cut:] if s and not s.isascii()] or ["无。"]
    result = mine(lexical_input(english, "en", chinese, "zh"))
    src = [i for p in result.pairs for i in p.src]
    tgt = [j for p in result.pairs for j in p.tgt]
    assert len(src) == len(set(src)) and len(tgt) == len(set(tgt))
    assert all(0 <= i < len(english) for i in src) and all(0 <= j < len(chinese) for j in tgt)
    assert all(0.0 <= p.score <= 1.0 for p in result.pairs)
    assert [p.margin for p in result.pairs] == sorted((p.margin for p in result.pairs), reverse=True)


def bitext(*args):
    return subprocess.run([sys.executable, "-m", "bitext", *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def chinese_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("mine") / "xinhua.zh.txt"
    path.write_text((DATA / "xinhua-2020-12-02.zh.sentences").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_cli_mine_writes_tsv_tmx_and_jsonl(chinese_file, tmp_path):
    tsv = bitext("mine", CHINADAILY, chinese_file, "-o", tmp_path / "pairs.tsv")
    assert tsv.returncode == 0, tsv.stderr
    rows = [line.split("\t") for line in (tmp_path / "pairs.tsv").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 8 and all(len(r) == 3 and 0.5 <= float(r[2]) <= 1.0 for r in rows)
    assert any(r[0].startswith("Legislation in the fields of geographical") and r[1].startswith("要加強地理標志、商業秘密等領域立法。")
               for r in rows)
    assert bitext("mine", CHINADAILY, chinese_file, "-o", tmp_path / "pairs.tmx").returncode == 0
    root = etree.parse(str(tmp_path / "pairs.tmx")).getroot()
    assert etree.DTD(str(DATA / "tmx14b.dtd")).validate(root)
    units = root.findall("body/tu")
    assert len(units) == len(rows)
    assert all(tu.find("prop[@type='x-origin']").text == "mined from comparable text" for tu in units)
    assert bitext("mine", CHINADAILY, chinese_file, "-o", tmp_path / "all.jsonl").returncode == 0
    records = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    english = sorted(i for r in records for i in r["src_ids"])
    chinese = sorted(j for r in records for j in r["tgt_ids"])
    assert english == list(range(len(english))) and chinese == list(range(42))  # every sentence once
    assert sum(r.get("origin") == "mined" for r in records) == len(rows)


def test_cli_mine_refuses_two_texts_of_one_language(tmp_path):
    run = bitext("mine", CHINADAILY, CHINADAILY, "-o", tmp_path / "x.tsv")
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and "both files are English" in run.stderr
    assert not (tmp_path / "x.tsv").exists()


def test_cli_mine_learns_from_a_memory(chinese_file, tmp_path):
    """A memory given with --learn-from trains Model 1 before mining; the output says so."""
    en = (DATA / "xinhua-2020-12-02.en.sentences").read_text(encoding="utf-8").splitlines()
    zh = (DATA / "xinhua-2020-12-02.zh.sentences").read_text(encoding="utf-8").splitlines()
    memory = tmp_path / "memory.tsv"
    memory.write_text("".join(f"{en[i]}\t{zh[j]}\n" for i, j in ((8, 13), (9, 14), (29, 39))), encoding="utf-8")
    run = bitext("mine", CHINADAILY, chinese_file, "--learn-from", memory, "-o", tmp_path / "pairs.tmx")
    assert run.returncode == 0, run.stderr
    header = etree.parse(str(tmp_path / "pairs.tmx")).getroot().find("header")
    lexicon = header.find("prop[@type='x-bitext-lexicon']").text
    assert "learned from 3 sentence pairs (memory.tsv)" in lexicon
    missing = bitext("mine", CHINADAILY, chinese_file, "--learn-from", tmp_path / "none.tmx")
    assert missing.returncode == 1 and "none.tmx" in missing.stderr and missing.stderr.count("\n") == 1


@pytest.mark.parametrize("case", ["empty source", "output is an input", "format of an alignment in order"])
def test_cli_mine_refuses_bad_input_in_one_line(case, chinese_file, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    args = {"empty source": (empty, chinese_file, "-o", tmp_path / "x.tsv"),
            "output is an input": (CHINADAILY, chinese_file, "-o", chinese_file),
            "format of an alignment in order": (CHINADAILY, chinese_file, "-o", tmp_path / "x.xml")}[case]
    before = chinese_file.read_bytes()
    run = bitext("mine", *args)
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and run.stderr.startswith("bitext: error: ")
    assert chinese_file.read_bytes() == before and not (tmp_path / "x.tsv").exists()


def test_build_mines_a_pair_declared_parallel_that_is_not(tmp_path):
    """The China Daily report declared a parallel translation of the Xinhua Chinese: once aligned
    it is found likely not parallel, so the build mines it, says so, and marks its units."""
    import shutil

    from bitext.corpus import build
    from bitext.formats import tmx
    from bitext.options import BuildOptions

    from conftest import CORPORA

    folder = tmp_path / "corpus"
    shutil.copytree(CORPORA, folder)
    manifest = folder / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index('id = "chinadaily-xinhua-2020-12-02"')
    assert 'relation = "comparable"' in text[start:]
    manifest.write_text(text[:start] + text[start:].replace('relation = "comparable"', 'relation = "parallel"', 1),
                        encoding="utf-8")
    report = build(str(folder), str(tmp_path / "out"), BuildOptions(progress=False))
    pair = next(p for p in report.pairs if p.id == "chinadaily-xinhua-2020-12-02")
    assert pair.relation == "parallel" and pair.parameters.method == "mined"
    assert pair.summary.warnings[0].startswith("declared parallel, but aligned in order only")
    units = tmx.read((tmp_path / "out" / "chinadaily-xinhua-2020-12-02.tmx").read_text(encoding="utf-8"), "c.tmx")
    assert len(units.units) >= 8 and all(u.origin == "mined" for u in units.units)
    xinhua = next(p for p in report.pairs if p.id == "xinhua-2020-12-02")
    assert xinhua.parameters.method == "lexical"  # a real translation is still aligned in order


def test_build_keeps_a_loose_translation_declared_parallel_in_order(tmp_path):
    """A translation so free that few of its pairs are confident (the Xinhua English cut to a tenth
    of each sentence's words) still pairs nearly every sentence in order: a build keeps it aligned
    in order and says so, where mining it in any order finds nothing."""
    from bitext.corpus import build
    from bitext.options import BuildOptions, OutputOptions, ReadOptions

    en, zh, _ = load_interleaved(str(XINHUA))
    loose = [" ".join(s.split()[: max(2, len(s.split()) // 10)]) + "." for s in en.sentences]
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "loose.en.txt").write_text("\n".join(loose) + "\n", encoding="utf-8")
    (folder / "xinhua.zh.txt").write_text("\n".join(zh.sentences) + "\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(
        'manifest_version = 1\n\n'
        '[[document]]\nid = "loose"\nfile = "loose.en.txt"\nlanguages = ["en"]\nlayout = "monolingual"\n\n'
        '[[document]]\nid = "xinhua"\nfile = "xinhua.zh.txt"\nlanguages = ["zh-Hant"]\nlayout = "monolingual"\n\n'
        '[[pair]]\nid = "loose-xinhua"\nrelation = "parallel"\n'
        'source = { document = "loose", language = "en" }\ntarget = { document = "xinhua", language = "zh-Hant" }\n',
        encoding="utf-8")
    report = build(str(folder), str(tmp_path / "out"), BuildOptions(read=ReadOptions(presplit=True), progress=False,
                                                                   output=OutputOptions(("beads",))))
    pair = report.pairs[0]
    assert not pair.summary.likely_parallel and pair.parameters.method == "lexical"
    assert any(w.startswith("declared parallel and kept in order") for w in pair.summary.warnings)
    written = parse((tmp_path / "out" / "loose-xinhua.align").read_text(encoding="utf-8"), "written")
    gold = parse((DATA / "xinhua-2020-12-02.gold.align").read_text(encoding="utf-8"), "gold")
    assert len(set(written) & set(gold)) >= 15  # of the gold's 30 pairs
    assert not mine_sides(make_side([loose], "en"), zh, "loose").pairs  # in any order: nothing


def test_cli_align_points_to_mine_when_the_texts_are_not_a_translation(chinese_file, tmp_path):
    run = bitext("align", CHINADAILY, chinese_file, "-o", tmp_path / "a.tmx")
    assert run.returncode == 0
    assert "likely not parallel" in run.stderr and "bitext mine" in run.stderr
    english = tmp_path / "en.txt"
    english.write_text((DATA / "xinhua-2020-12-02.en.sentences").read_text(encoding="utf-8"), encoding="utf-8")
    faithful = bitext("align", english, chinese_file, "-o", tmp_path / "b.tmx")
    assert faithful.returncode == 0 and "not parallel" not in faithful.stderr
    # a translation so free that few pairs are confident (each English sentence cut to a tenth of its
    # words) still pairs nearly every sentence in order: not sent to 'bitext mine'
    loose = tmp_path / "loose.txt"
    loose.write_text("".join(" ".join(s.split()[: max(2, len(s.split()) // 10)]) + ".\n"
                             for s in english.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    free = bitext("align", loose, chinese_file, "-o", tmp_path / "c.tmx")
    assert free.returncode == 0 and "loose translation" in free.stderr and "bitext mine" not in free.stderr
