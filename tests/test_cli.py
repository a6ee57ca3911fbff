"""The command line, run as users run it: a subprocess, exit codes, one-line errors."""

import json
import re
import os
import subprocess
import sys

import pytest

from bitext.formats import tmx

from conftest import CHINADAILY, CORPORA, DATA, ROOT, XINHUA

ENV = dict(os.environ, SOURCE_DATE_EPOCH="1606867200", PYTHONIOENCODING="utf-8")


def bitext(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bitext", *map(str, args)], capture_output=True, text=True,
                          env=ENV, cwd=ROOT, input=stdin, timeout=300)


@pytest.fixture(scope="module")
def two_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    from bitext import load_interleaved

    en, zh, _ = load_interleaved(str(XINHUA))
    (folder / "en.txt").write_text("\n\n".join(" ".join(p) for p in en.paragraphs) + "\n", encoding="utf-8")
    (folder / "zh.txt").write_text("\n\n".join("".join(p) for p in zh.paragraphs) + "\n", encoding="utf-8")
    (folder / "en.presplit").write_text("\n\n".join("\n".join(p) for p in en.paragraphs) + "\n", encoding="utf-8")
    (folder / "zh.presplit").write_text("\n\n".join("\n".join(p) for p in zh.paragraphs) + "\n", encoding="utf-8")
    return folder


def assert_one_line_error(result, *fragments):
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_build_corpora_writes_tmx_tsv_and_report(tmp_path):
    result = bitext("build", CORPORA, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == ["chinadaily-xinhua-2020-12-02.tmx", "chinadaily-xinhua-2020-12-02.tsv", "report.json",
                     "report.md", "xinhua-2020-12-02.tmx", "xinhua-2020-12-02.tsv"]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    xinhua, chinadaily = report["pairs"]
    assert xinhua["summary"]["likely_parallel"] and xinhua["summary"]["pairs_written"] == 30
    assert xinhua["summary"]["unpaired_tgt"] == 6 and xinhua["summary"]["src_sentences"] == 32
    assert not chinadaily["summary"]["likely_parallel"]
    assert any("pairs mined in any order" in w for w in chinadaily["summary"]["warnings"])
    assert chinadaily["parameters"]["method"] == "mined"
    mined = tmx.read((tmp_path / "chinadaily-xinhua-2020-12-02.tmx").read_text(encoding="utf-8"), "c.tmx")
    assert len(mined.units) >= 8 and all(u.origin == "mined" for u in mined.units)
    assert not any("Updated" in u.src or "新華網" in u.tgt for u in mined.units)  # no boilerplate line paired
    assert {s["document"] for s in report["skipped"]} == {"cipnews-2022-04-27", "state-council-2021-11-02", "cnipa-2022-07-01"}
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "monolingual zh-Hans with no counterpart" in text and "c = " in text
    # Every translated Xinhua paragraph is paired: each English sentence is in a written TMX unit.
    units = tmx.read((tmp_path / "xinhua-2020-12-02.tmx").read_text(encoding="utf-8"), "x.tmx")
    english = " ".join(u.src for u in units.units)
    for sentence in (DATA / "xinhua-2020-12-02.en.sentences").read_text(encoding="utf-8").splitlines():
        assert sentence in english
    tsv_lines = (tmp_path / "xinhua-2020-12-02.tsv").read_text(encoding="utf-8").splitlines()
    assert len(tsv_lines) == 30 and all(line.count("\t") == 2 for line in tsv_lines)


def test_build_is_deterministic(tmp_path):
    for name in ("a", "b"):
        assert bitext("build", CORPORA, "-o", tmp_path / name).returncode == 0
    for name in ("xinhua-2020-12-02.tmx", "report.json", "chinadaily-xinhua-2020-12-02.tsv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_align_two_files_to_stdout_tmx(two_files):
    result = bitext("align", two_files / "en.txt", two_files / "zh.txt")
    assert result.returncode == 0, result.stderr
    units = tmx.read(result.stdout, "stdout")
    assert units.src_lang == "en" and units.tgt_lang == "zh-Hant" and len(units.units) >= 25


def test_align_reverse_direction_transposes(two_files, tmp_path):
    forward = bitext("align", two_files / "en.presplit", two_files / "zh.presplit", "--presplit", "--format", "beads")
    backward = bitext("align", two_files / "zh.presplit", two_files / "en.presplit", "--presplit", "--format", "beads")
    assert forward.returncode == backward.returncode == 0
    parse = lambda text: [tuple(line.split(":")) for line in text.split()]
    assert [(b, a) for a, b in parse(backward.stdout)] == parse(forward.stdout)


def test_presplit_indices_count_nonempty_lines(two_files):
    result = bitext("align", two_files / "en.presplit", two_files / "zh.presplit", "--presplit", "--format", "beads",
                    "--src-lang", "en", "--tgt-lang", "zh")
    assert result.returncode == 0, result.stderr
    from bitext.formats.beads import parse

    beads = parse(result.stdout)
    assert [i for s, _ in beads for i in s] == list(range(32))
    assert [j for _, t in beads for j in t] == list(range(42))


def test_output_format_follows_the_suffix(two_files, tmp_path):
    for suffix, start in ((".tmx", "<?xml"), (".tsv", "IPR protection"), (".jsonl", "{"), (".align", "["), (".html", "<!DOCTYPE html>")):
        out = tmp_path / ("x" + suffix)
        assert bitext("align", two_files / "en.txt", two_files / "zh.txt", "-o", out).returncode == 0
        assert out.read_text(encoding="utf-8").startswith(start), suffix
    assert bitext("align", two_files / "en.txt", two_files / "zh.txt").stdout.startswith("<?xml")
    assert bitext("review", two_files / "en.txt", two_files / "zh.txt").stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fmt,suffix", [("tsv", ".tsv"), ("jsonl", ".jsonl"), ("tmx", ".tmx"), ("beads", ".align")])
def test_align_formats_to_file(two_files, tmp_path, fmt, suffix):
    out = tmp_path / ("out" + suffix)
    result = bitext("align", two_files / "en.txt", two_files / "zh.txt", "-o", out, "--format", fmt)
    assert result.returncode == 0 and result.stdout == "" and out.stat().st_size > 0


def test_align_interleaved_and_moses(tmp_path):
    result = bitext("align", XINHUA, "--interleaved", "--format", "moses", "-o", tmp_path / "x", "--zh-script", "hans")
    assert result.returncode == 0, result.stderr
    zh = (tmp_path / "x.zh-Hans").read_text(encoding="utf-8").splitlines()
    en = (tmp_path / "x.en").read_text(encoding="utf-8").splitlines()
    assert len(zh) == len(en) == 30 and "知识产权" in zh[0] and "知識" not in "".join(zh)


def test_segment_prints_sentences_and_paragraph_breaks():
    result = bitext("segment", CHINADAILY)
    assert result.returncode == 0
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert len(blocks) == 26 and blocks[3].splitlines()[1] == "[Photo/Xinhua]"
    zh = bitext("segment", CORPORA / "cnipa-2022-07-01-ipr-demonstration-zones-explainer.zhhans.txt", "--lang", "zh")
    assert zh.returncode == 0 and all(line.strip() == line for line in zh.stdout.splitlines())


def test_evaluate_against_gold(tmp_path):
    test = tmp_path / "t.align"
    test.write_text("[]:[0]\n[0]:[1]\n[1]:[2,3]\n", encoding="utf-8")
    gold = tmp_path / "g.align"
    gold.write_text("[]:[0]\n[0]:[1]\n[1]:[2]\n[]:[3]\n", encoding="utf-8")
    result = bitext("evaluate", "--gold", gold, "--test", test, "--json")
    scores = json.loads(result.stdout)
    assert scores["strict_precision"] == pytest.approx(2 / 3) and scores["strict_recall"] == 0.5
    assert scores["lax_recall"] == 1.0
    types = {t["kind"]: t for t in scores["types"]}
    assert types["1-2"] == {"kind": "1-2", "gold": 0, "test": 1, "matched": 0, "missed": 0, "wrong": 1}
    assert types["0-1"]["gold"] == 2 and types["0-1"]["matched"] == 1 and types["0-1"]["missed"] == 1
    table = bitext("evaluate", "--gold", gold, "--test", test).stdout
    assert "strict: a test bead counts when it equals a gold bead" in table
    assert [line.split() for line in table.splitlines() if line.startswith("1-1")] == [["1-1", "2", "1", "1", "1", "0"]]


def test_convert_tmx_tsv_jsonl(tmp_path):
    assert bitext("align", XINHUA, "--interleaved", "-o", tmp_path / "x.tmx").returncode == 0
    assert bitext("convert", tmp_path / "x.tmx", "-o", tmp_path / "x.jsonl").returncode == 0
    assert bitext("convert", tmp_path / "x.jsonl", "-o", tmp_path / "x.tsv").returncode == 0
    back = bitext("convert", tmp_path / "x.tsv", "--to", "tmx", "--src-lang", "en", "--tgt-lang", "zh-Hant")
    assert back.returncode == 0
    original = tmx.read((tmp_path / "x.tmx").read_text(encoding="utf-8"), "a")
    again = tmx.read(back.stdout, "b")
    assert [(u.src, u.tgt) for u in again.units] == [(u.src, u.tgt) for u in original.units]


def test_bad_input_one_line_errors(tmp_path, two_files):
    assert_one_line_error(bitext("align", tmp_path / "missing.txt", two_files / "zh.txt"), "missing.txt", "no such file")
    assert_one_line_error(bitext("align", tmp_path, two_files / "zh.txt"), str(tmp_path), "directory")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    assert_one_line_error(bitext("align", two_files / "en.txt", empty, "--tgt-lang", "zh"), "empty.txt", "holds only whitespace")
    assert_one_line_error(bitext("align", two_files / "en.txt", two_files / "en.txt"), "both files are English")
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("知識產權保護工作關係國家治理體系。".encode("big5"))
    assert_one_line_error(bitext("align", two_files / "en.txt", big5), "big5.txt", "--encoding")
    assert bitext("align", two_files / "en.txt", big5, "--encoding", "big5").returncode == 0
    assert_one_line_error(bitext("build", tmp_path, "-o", tmp_path / "o"), "no manifest.toml")
    assert_one_line_error(bitext("align", two_files / "en.txt", two_files / "zh.txt", "-o", tmp_path / "no" / "x.tmx"),
                          "folder does not exist")


def test_usage_errors_exit_2(two_files):
    assert bitext().returncode == 2
    assert bitext("align", two_files / "en.txt", two_files / "zh.txt", "--format", "docx").returncode == 2
    assert bitext("align", two_files / "en.txt", two_files / "zh.txt", "--min-score", "7").returncode == 2


def test_calibrate_prints_what_was_estimated(two_files):
    result = bitext("calibrate", two_files / "en.txt", two_files / "zh.txt")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    estimates = report["estimates"]
    assert report["method"] == "lexical" and estimates["c"] > 0 and estimates["s2"] > 0
    priors = estimates["priors"]
    assert {"1-1", "1-3", "3-1"} <= set(priors) and abs(sum(priors.values()) - 1) < 1e-4
    assert priors["1-1"] > priors["1-0"]  # estimated from the text: most beads are 1-1
    shares = estimates["background_shares"]
    assert 0.0 < shares["target_tokens"] < 1.0 and 0.0 < shares["source_tokens"] < 1.0
    assert 0.0 <= estimates["unseen_share"] < 1.0 and estimates["model1_prior_weight"] == 8.0
    assert sum(report["bead_counts"].values()) >= 30


def test_method_length_is_pure_gale_church(two_files):
    lexical = bitext("align", two_files / "en.txt", two_files / "zh.txt", "--format", "beads", "--report")
    length = bitext("align", two_files / "en.txt", two_files / "zh.txt", "--format", "beads", "--report",
                    "--method", "length")
    assert lexical.returncode == length.returncode == 0
    by_length, by_lexical = json.loads(length.stderr)["parameters"], json.loads(lexical.stderr)["parameters"]
    assert by_length["method"] == "length" and by_lexical["method"] == "lexical"
    assert by_length["lexicon"] == "none" and by_length["model1_beads"] == 0  # no lexical evidence at all
    assert by_lexical["lexicon"].startswith("CC-CEDICT") and by_lexical["model1_beads"] > 0
    assert set(by_length) == set(by_lexical)  # one signature, whatever the method


def test_align_learns_from_a_memory_given_with_learn_from(two_files, tmp_path):
    """A TSV memory (Chinese column first) and the same pairs as a TMX memory are read as English–Chinese pairs; the
    alignment says what it learned from and still covers every sentence once."""
    from bitext import load_interleaved

    en, zh, _ = load_interleaved(str(XINHUA))
    memory = tmp_path / "memory.tsv"
    memory.write_text("".join(f"{z}\t{e}\n" for e, z in zip(en.sentences[:30], zh.sentences[:30])), encoding="utf-8")
    as_tmx = bitext("convert", memory, "-o", tmp_path / "memory.tmx", "--src-lang", "zh", "--tgt-lang", "en")
    assert as_tmx.returncode == 0, as_tmx.stderr
    for path in (memory, tmp_path / "memory.tmx"):
        result = bitext("align", two_files / "en.txt", two_files / "zh.txt", "--format", "jsonl", "--report",
                        "--learn-from", path)
        assert result.returncode == 0, result.stderr
        lexicon = json.loads(result.stderr)["parameters"]["lexicon"]
        assert f"learned from 30 sentence pairs ({path.name})" in lexicon
        beads = [json.loads(line) for line in result.stdout.splitlines()]
        assert sum(len(b["src_ids"]) for b in beads) == len(en.sentences)
        assert sum(len(b["tgt_ids"]) for b in beads) == len(zh.sentences)


def test_a_memory_that_cannot_be_learned_from_is_a_one_line_error(two_files, tmp_path):
    french = tmp_path / "fr.tsv"
    french.write_text("Hello.\tBonjour.\n", encoding="utf-8")
    for path, problem in ((tmp_path / "missing.tmx", "cannot read"),
                          (french, "no English–Chinese sentence pair")):
        result = bitext("align", two_files / "en.txt", two_files / "zh.txt", "--learn-from", path)
        assert_one_line_error(result, path.name, problem)


def test_anchors_are_kept_and_the_rest_realigned(two_files, tmp_path):
    """A bead confirmed in a JSONL file (here a deliberately odd one) is kept as given, marked
    confirmed in JSONL and TMX and written whatever --min-score; every sentence stays in one bead;
    a bad anchor is a one-line error."""
    first = bitext("align", two_files / "en.presplit", two_files / "zh.presplit", "--presplit", "--format", "jsonl")
    records = [json.loads(line) for line in first.stdout.splitlines()]
    pair = next(k for k, r in enumerate(records) if len(r["src_ids"]) == 1 and len(r["tgt_ids"]) == 1 and k > 5)
    a, b = records[pair], records[pair + 1]
    merged = dict(a, src_ids=a["src_ids"] + b["src_ids"], tgt_ids=a["tgt_ids"] + b["tgt_ids"], status="confirmed")
    fixed = tmp_path / "fixed.jsonl"
    fixed.write_text(json.dumps(merged, ensure_ascii=False) + "\n", encoding="utf-8")
    result = bitext("align", two_files / "en.presplit", two_files / "zh.presplit", "--presplit", "--format", "jsonl",
                    "--anchors", fixed, "--min-score", "1")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    kept = [r for r in out if r.get("status") == "confirmed"]
    assert [(r["src_ids"], r["tgt_ids"]) for r in kept] == [(merged["src_ids"], merged["tgt_ids"])]
    assert sorted(i for r in out for i in r["src_ids"]) == sorted(i for r in records for i in r["src_ids"])
    assert sorted(j for r in out for j in r["tgt_ids"]) == sorted(j for r in records for j in r["tgt_ids"])
    memory = tmp_path / "fixed.tmx"
    (tmp_path / "out.jsonl").write_text(result.stdout, encoding="utf-8")
    assert bitext("convert", tmp_path / "out.jsonl", "-o", memory).returncode == 0
    units = tmx.read(memory.read_text(encoding="utf-8"), "fixed.tmx").units
    assert [u.confirmed for u in units].count(True) == 1
    bad = tmp_path / "bad.align"
    bad.write_text("[0]:[0]\n[999]:[1]\n", encoding="utf-8")
    assert_one_line_error(bitext("align", two_files / "en.presplit", two_files / "zh.presplit", "--presplit",
                                 "--anchors", bad), "bad.align", "outside the text")


def test_intertext_out_and_in(two_files, tmp_path):
    """An alignment written for InterText (link file and both documents) reads back as the same
    pairs with convert, scores 1.0 against the beads file with evaluate, and gives its confirmed
    (status man) links to --anchors; a link file listing the target's ids first is read right."""
    out = tmp_path / "x.xml"
    made = bitext("align", two_files / "en.txt", two_files / "zh.txt", "--format", "intertext", "-o", out)
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.en.xml", "x.xml", "x.zh-Hant.xml"]
    beads = bitext("align", two_files / "en.txt", two_files / "zh.txt", "--format", "beads", "--min-score", "0")
    (tmp_path / "x.align").write_text(beads.stdout, encoding="utf-8")
    scored = bitext("evaluate", "--gold", tmp_path / "x.align", "--test", out, "--json")
    assert json.loads(scored.stdout)["strict_f1"] == 1.0
    tsv = bitext("align", two_files / "en.txt", two_files / "zh.txt", "--format", "tsv", "--min-score", "0").stdout
    assert [line.split("\t")[:2] for line in bitext("convert", out, "--to", "tsv").stdout.splitlines()] == \
        [line.split("\t")[:2] for line in tsv.splitlines()]
    links = out.read_text(encoding="utf-8")
    first = links.index("status='auto'", links.index("type='1-1'"))
    out.write_text(links[:first] + "status='man'" + links[first + len("status='auto'"):], encoding="utf-8")
    anchored = bitext("align", two_files / "en.txt", two_files / "zh.txt", "--format", "jsonl", "--anchors", out)
    assert anchored.returncode == 0, anchored.stderr
    assert sum(1 for line in anchored.stdout.splitlines() if '"status": "confirmed"' in line) == 1
    # the target's ids first, as some MAC files have them (ids told apart: 2:k in the Chinese document)
    chinese = tmp_path / "x.zh-Hant.xml"
    chinese.write_text(chinese.read_text(encoding="utf-8").replace('id="1:', 'id="2:'), encoding="utf-8")
    out.write_text(re.sub(r"xtargets='([^;]*);([^']*)'",
                          lambda m: "xtargets='{};{}'".format(m.group(2).replace("1:", "2:"), m.group(1)), links),
                   encoding="utf-8")
    again = bitext("evaluate", "--gold", tmp_path / "x.align", "--test", out, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["strict_f1"] == 1.0
