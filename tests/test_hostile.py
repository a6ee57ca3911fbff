"""Hostile and messy input, through the command line as users meet it.

Every case ends in one of two ways, asserted exactly: a correct output (exit 0), or exit 1 with a
single line on standard error naming the file and the problem. Never a traceback, never a hang
(every run has a time limit), never a half-written output file.
"""

import json
import os
import signal
import subprocess
import sys

import pytest

from bitext.formats import tmx

from conftest import ROOT

ENV = dict(os.environ, PYTHONIOENCODING="utf-8", SOURCE_DATE_EPOCH="1606867200")
ENV.pop("BITEXT_DEBUG", None)
EN = "IPR protection matters. Xi said so. The plan will be carried out.\n"
ZH = "知识产权保护很重要。习近平如是说。规划将得到落实。\n"


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "bitext", *map(str, args)], capture_output=True, text=True,
                          env=ENV, cwd=ROOT, timeout=timeout)


def error_line(result):
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def ok(result):
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def files(tmp_path):
    def make(name, content):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    make("en.txt", EN)
    make("zh.txt", ZH)
    return make


def tsv_pairs(text):
    return [tuple(line.split("\t")[:2]) for line in text.splitlines()]


# --- empty, one-sided, same-language -------------------------------------------------------------

def test_01_empty_file(files):
    line = error_line(run("align", files("en.txt", EN), files("empty.txt", b"")))
    assert line.endswith("empty.txt: is empty")


def test_02_whitespace_only_file(files):
    line = error_line(run("align", files("en.txt", EN), files("blank.txt", " \n\t\n\u3000\n")))
    assert line.endswith("blank.txt: holds only whitespace")


def test_03_one_side_has_no_letters(files):
    line = error_line(run("align", files("en.txt", EN), files("digits.txt", "2020-12-02 09:28\n")))
    assert "digits.txt: has no Latin or Chinese letters" in line


def test_04_both_sides_english(files):
    line = error_line(run("align", files("a.txt", EN), files("b.txt", EN)))
    assert "b.txt: both files are English" in line


def test_05_both_sides_chinese(files):
    line = error_line(run("align", files("a.txt", ZH), files("b.txt", ZH)))
    assert "b.txt: both files are Chinese" in line


def test_06_interleaved_file_given_as_one_side(files):
    mixed = files("mixed.txt", "English one.\n中文一。\nEnglish two.\n中文二。\n")
    line = error_line(run("align", files("en.txt", EN), mixed))
    assert "mixed.txt: mixes 2 English and 2 Chinese paragraphs" in line and "--interleaved" in line


def test_07_interleaved_flag_on_a_monolingual_file(files):
    line = error_line(run("align", files("en.txt", EN), "--interleaved"))
    assert "en.txt: is declared interleaved English/Chinese but has only en paragraphs" in line


# --- bytes and encodings ------------------------------------------------------------------------

def test_08_binary_data(files):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    line = error_line(run("align", files("en.txt", EN), files("image.png", png)))
    assert "image.png: contains NUL bytes" in line


def test_09_nul_bytes_in_text(files):
    line = error_line(run("align", files("en.txt", EN), files("nul.txt", ZH.encode() + b"\x00\x00more")))
    assert "nul.txt: contains NUL bytes" in line


def test_10_invalid_utf8(files):
    line = error_line(run("align", files("latin1.txt", "Café society. Naïve plan.\n".encode("latin-1")), files("zh.txt", ZH)))
    assert "latin1.txt: not valid UTF-8 (byte 3), nor GB18030 or Big5: give --encoding" in line


def test_11_gbk_without_encoding_is_read_correctly(files):
    result = ok(run("align", files("en.txt", EN), files("gbk.txt", ZH.encode("gbk")), "--format", "tsv", "--min-score", "0"))
    assert [t for _, t in tsv_pairs(result.stdout)] == ["知识产权保护很重要。", "习近平如是说。", "规划将得到落实。"]


def test_12_big5_without_encoding_is_refused_then_read_with_it(files):
    big5 = files("big5.txt", "知識產權保護很重要。習近平如是說。規劃將得到落實。\n".encode("big5"))
    line = error_line(run("align", files("en.txt", EN), big5))
    assert "big5.txt: not valid UTF-8 (byte 0); could be GB18030 or BIG5: give --encoding" in line
    result = ok(run("align", files("en.txt", EN), big5, "--tgt-encoding", "big5", "--format", "tsv", "--min-score", "0"))
    assert tsv_pairs(result.stdout)[0][1] == "知識產權保護很重要。"


def test_13_shift_jis_is_not_mistaken_for_gbk(files):
    japanese = files("sjis.txt", "知的財産の保護はとても重要です。計画は実行されます。\n".encode("shift_jis"))
    line = error_line(run("align", files("en.txt", EN), japanese))
    assert "sjis.txt: not valid UTF-8" in line and "give --encoding" in line


def test_14_utf16_with_bom_is_read(files):
    result = ok(run("align", files("en.txt", EN), files("u16.txt", ZH.encode("utf-16")), "--format", "tsv", "--min-score", "0"))
    assert tsv_pairs(result.stdout)[1] == ("Xi said so.", "习近平如是说。")


def test_15_utf16_without_bom(files):
    line = error_line(run("align", files("en.txt", EN), files("u16le.txt", ZH.encode("utf-16-le"))))
    assert "u16le.txt: contains NUL bytes: binary data, or UTF-16/32 without a byte-order mark (give --encoding)" in line
    result = ok(run("align", files("en.txt", EN), files("u16le.txt", ZH.encode("utf-16-le")), "--tgt-encoding", "utf-16-le",
                    "--format", "tsv", "--min-score", "0"))
    assert tsv_pairs(result.stdout)[2] == ("The plan will be carried out.", "规划将得到落实。")


def test_16_wrong_encoding_named(files):
    line = error_line(run("align", files("en.txt", EN), files("zh.txt", ZH), "--encoding", "ascii"))
    assert "en.txt" not in line and "zh.txt: not valid ascii" in line


# --- line ends ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,newline", [("crlf", "\r\n"), ("cr", "\r"), ("mixed", None)])
def test_17_to_19_line_ends(files, name, newline):
    en = "First paragraph. Second sentence.\n\nSecond paragraph here.\n\nThird one.\n"
    zh = "第一段。第二句。\n\n第二段在这里。\n\n第三段。\n"
    if newline:
        en_bytes, zh_bytes = en.replace("\n", newline), zh.replace("\n", newline)
    else:
        en_bytes = "First paragraph. Second sentence.\r\n\rSecond paragraph here.\n\r\nThird one.\r"
        zh_bytes = "第一段。第二句。\r\n\r\n第二段在这里。\r\rn第三段。\n".replace("rn", "")
    plain = ok(run("align", files("en.txt", en), files("zh.txt", zh), "--format", "beads"))
    messy = ok(run("align", files(f"en-{name}.txt", en_bytes), files(f"zh-{name}.txt", zh_bytes), "--format", "beads"))
    assert messy.stdout == plain.stdout == "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n"


# --- size and shape -------------------------------------------------------------------------------

def test_20_one_megabyte_line_without_punctuation(files):
    result = ok(run("align", files("big_en.txt", ("word " * 200_000).strip() + "\n"),
                    files("big_zh.txt", "字" * 1_000_000 + "\n"), "--format", "jsonl", timeout=120))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1 and records[0]["src_ids"] == [0] and records[0]["tgt_ids"] == [0]
    assert len(records[0]["tgt"]) == 1_000_000


def test_21_a_hundred_thousand_one_character_sentences(files):
    en = files("many_en.txt", "\n".join("A" for _ in range(100_000)) + "\n")
    zh = files("many_zh.txt", "\n".join("好" for _ in range(100_000)) + "\n")
    result = ok(run("align", en, zh, "--presplit", "--src-lang", "en", "--tgt-lang", "zh", "--format", "beads", timeout=300))
    lines = result.stdout.splitlines()
    assert len(lines) == 100_000 and lines[0] == "[0]:[0]" and lines[-1] == "[99999]:[99999]"


def test_22_a_hundred_against_ten_thousand_sentences(files):
    en = files("100.txt", " ".join(f"Sentence number {i} is here." for i in range(100)) + "\n")
    zh = files("10000.txt", "".join(f"第{i}句话在这里。" for i in range(10_000)) + "\n")
    result = ok(run("align", en, zh, "--format", "beads", timeout=120))
    beads = [line.split(":") for line in result.stdout.splitlines()]
    src = [int(i) for s, _ in beads for i in s.strip("[]").split(",") if i]
    tgt = [int(j) for _, t in beads for j in t.strip("[]").split(",") if j]
    assert src == list(range(100)) and tgt == list(range(10_000))


# --- characters -----------------------------------------------------------------------------------

def test_23_markup_is_kept_as_text_and_escaped_in_tmx(files):
    """In a text file markup is text; a file named .html is read as a web page."""
    result = ok(run("align", files("en.txt", "<p>IPR <b>protection</b> matters &amp; grows.</p>\n"),
                    files("zh.txt", "<p>知识产权<b>保护</b>很重要。</p>\n"), "--min-score", "0"))
    assert "&lt;p&gt;IPR &lt;b&gt;protection&lt;/b&gt; matters &amp;amp; grows.&lt;/p&gt;" in result.stdout
    units = tmx.read(result.stdout, "out.tmx").units
    assert units[0].src == "<p>IPR <b>protection</b> matters &amp; grows.</p>"
    result = ok(run("align", files("en.html", "<p>IPR <b>protection</b> matters &amp; grows.</p>\n"),
                    files("zh.html", "<p>知识产权<b>保护</b>很重要。</p>\n"), "--min-score", "0", "--format", "tsv"))
    assert tsv_pairs(result.stdout) == [("IPR protection matters & grows.", "知识产权保护很重要。")]


def test_24_control_characters_are_removed(files):
    result = ok(run("align", files("en.txt", "IPR\x07 protection\x1b matters.\x0c Xi said so.\n"), files("zh.txt", "知识\x08产权保护很重要。习近平如是说。\n"),
                    "--format", "tsv", "--min-score", "0"))
    assert tsv_pairs(result.stdout) == [("IPR protection matters.", "知识产权保护很重要。"), ("Xi said so.", "习近平如是说。")]


def test_25_emoji_and_non_bmp_characters_survive(files):
    en = "Protect IPR now 🚀. The 𠀀 character is rare.\n"
    zh = "现在保护知识产权🚀。𠀀字很罕见。\n"
    result = ok(run("align", files("en.txt", en), files("zh.txt", zh), "--format", "jsonl", "--min-score", "0"))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["tgt"] for r in records] == ["现在保护知识产权🚀。", "𠀀字很罕见。"]
    assert records[0]["src"] == "Protect IPR now 🚀."


def test_26_bidirectional_controls_are_kept_verbatim(files):
    en = "Protect \u202eIPR\u202c now. Xi said so.\n"
    result = ok(run("align", files("en.txt", en), files("zh.txt", "现在保护知识产权。习近平如是说。\n"), "--min-score", "0"))
    assert tmx.read(result.stdout, "x").units[0].src == "Protect \u202eIPR\u202c now."


def test_27_tabs_and_newlines_bound_for_tsv(tmp_path):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"src": "a\tb\nc\r\nd", "tgt": "甲\t乙\u2028丙", "score": 0.9, "src_lang": "en",
                                 "tgt_lang": "zh"}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = ok(run("convert", jsonl, "--to", "tsv"))
    assert result.stdout == "a b c d\t甲 乙 丙\t0.9000\n"


def test_28_xml_specials_and_illegal_characters_bound_for_tmx(tmp_path):
    jsonl = tmp_path / "in.jsonl"
    rows = [{"src": 'a < b & c > "d" \'e\'', "tgt": "甲 < 乙 & 丙", "score": 0.9},
            {"src": "bell\x07 and \ufffe and \x0b", "tgt": "铃\x01声\r回车", "score": 0.9}]
    jsonl.write_text("".join(json.dumps(dict(r, src_lang="en", tgt_lang="zh"), ensure_ascii=False) + "\n" for r in rows),
                     encoding="utf-8")
    result = ok(run("convert", jsonl, "--to", "tmx"))
    from lxml import etree

    from conftest import DATA
    assert etree.DTD(str(DATA / "tmx14b.dtd")).validate(etree.fromstring(result.stdout.encode()))
    units = tmx.read(result.stdout, "x").units
    assert [(u.src, u.tgt) for u in units] == [('a < b & c > "d" \'e\'', "甲 < 乙 & 丙"), ("bell and  and ", "铃声\r回车")]


# --- hostile TMX and other formats to import -------------------------------------------------------

def test_29_tmx_entity_expansion_bomb(files):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n]>\n'
            '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&d;</seg></tuv>'
            '<tuv xml:lang="zh"><seg>&d;</seg></tuv></tu></body></tmx>\n')
    line = error_line(run("convert", files("bomb.tmx", bomb), "--to", "tsv", timeout=30))
    assert "bomb.tmx: TMX declares entities, which bitext refuses to expand" in line


def test_30_tmx_external_entity(files, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>\n'
           '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv>'
           '<tuv xml:lang="zh"><seg>甲</seg></tuv></tu></body></tmx>\n')
    line = error_line(run("convert", files("xxe.tmx", xxe), "--to", "tsv"))
    assert "xxe.tmx: TMX declares entities" in line


def test_31_truncated_tmx(files):
    line = error_line(run("convert", files("cut.tmx", '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hi'),
                          "--to", "tsv"))
    assert "cut.tmx: not well-formed XML" in line


def test_32_garbage_jsonl_and_tsv(files):
    assert "bad.jsonl: line 2: not a bitext JSONL record" in error_line(
        run("convert", files("bad.jsonl", '{"src": "a", "tgt": "b", "src_lang": "en", "tgt_lang": "zh"}\n[1, 2]\n'), "--to", "tsv"))
    assert "bad.tsv: line 1: expected 2 or 3 tab-separated fields, found 4" in error_line(
        run("convert", files("bad.tsv", "a\tb\tc\td\n"), "--to", "jsonl", "--src-lang", "en", "--tgt-lang", "zh"))


# --- files, folders and outputs ---------------------------------------------------------------------

def test_33_missing_file(files, tmp_path):
    assert error_line(run("align", tmp_path / "nope.txt", files("zh.txt", ZH))).endswith("nope.txt: no such file")


def test_34_directory_given_as_a_file(files, tmp_path):
    assert error_line(run("align", files("en.txt", EN), tmp_path)).endswith(f"{tmp_path}: is a directory, not a file")


def test_35_output_where_no_file_can_be_written(files, tmp_path):
    blocker = files("blocker", "I am a file")
    line = error_line(run("align", files("en.txt", EN), files("zh.txt", ZH), "-o", blocker / "out.tmx"))
    assert f"{blocker / 'out.tmx'}: cannot write" in line
    line = error_line(run("align", files("en.txt", EN), files("zh.txt", ZH), "-o", tmp_path / "missing" / "out.tmx"))
    assert line.endswith("out.tmx: its folder does not exist")
    line = error_line(run("align", files("en.txt", EN), files("zh.txt", ZH), "-o", tmp_path))
    assert line.endswith(f"{tmp_path}: is a directory")


def test_36_unreadable_manifest_and_missing_corpus_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.toml").write_text("[[document]\nid = ", encoding="utf-8")
    assert "manifest.toml: invalid TOML" in error_line(run("build", corpus, "-o", tmp_path / "out"))
    (corpus / "manifest.toml").write_text(
        '[[document]]\nid = "a"\nfile = "gone.txt"\nlanguages = ["en", "zh-Hans"]\nlayout = "interleaved"\n'
        '[[pair]]\nid = "a"\nrelation = "parallel"\nsource = { document = "a", language = "en" }\n'
        'target = { document = "a", language = "zh-Hans" }\n', encoding="utf-8")
    assert error_line(run("build", corpus, "-o", tmp_path / "out")).endswith("gone.txt: no such file")


def test_37_existing_output_is_untouched_when_the_run_fails(files, tmp_path):
    out = files("keep.tmx", "previous memory")
    error_line(run("align", files("en.txt", EN), files("empty.txt", b""), "-o", out))
    assert out.read_text(encoding="utf-8") == "previous memory"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".bitext-")) == []


def _as_in_a_terminal() -> None:
    """Ctrl-C as a program run in a terminal receives it: a suite started in the background by a
    shell without job control would pass on SIGINT ignored, and bitext would never see it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stage", ["reading", "aligning"])
def test_38_ctrl_c_leaves_no_partial_output(tmp_path, stage):
    """Interrupted while it reads its input, or just after (while it segments and aligns 100,000
    sentences a side): exit 130, one line, the earlier output untouched, no temporary file. The
    target is a named pipe the test feeds, so the signal comes at that point on any machine."""
    en = tmp_path / "en.txt"
    zh = tmp_path / "zh.fifo"
    en.write_text("\n".join("A" for _ in range(100_000)) + "\n", encoding="utf-8")
    os.mkfifo(zh)
    out = tmp_path / "out.tmx"
    out.write_text("previous memory", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "bitext", "align", en, zh, "--presplit", "--src-lang", "en",
                             "--tgt-lang", "zh", "-o", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=ENV, cwd=ROOT, preexec_fn=_as_in_a_terminal)
    with open(zh, "w", encoding="utf-8") as feed:  # opens once bitext opens the pipe to read it
        if stage == "reading":
            feed.write("好\n" * 1000)
            feed.flush()
            proc.send_signal(signal.SIGINT)  # bitext waits for the rest of its input
        else:
            feed.write("好\n" * 100_000)
    if stage == "aligning":
        proc.send_signal(signal.SIGINT)  # all but at most a pipe's buffer read: the work is ahead
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in stderr
    assert stderr.strip().splitlines() == ["bitext: interrupted; no output was left half-written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.txt", "out.tmx", "zh.fifo"]
    assert out.read_text(encoding="utf-8") == "previous memory"


def test_39_build_resumes_without_redoing_finished_pairs(tmp_path):
    from conftest import CORPORA

    out = tmp_path / "out"
    first = ok(run("build", CORPORA, "-o", out))
    assert "outputs reused" not in first.stdout
    stamp = (out / "xinhua-2020-12-02.tmx").stat().st_mtime_ns
    (out / "chinadaily-xinhua-2020-12-02.tsv").unlink()  # as if the build had stopped there
    second = ok(run("build", CORPORA, "-o", out))
    assert "## xinhua-2020-12-02 (parallel; unchanged since the last build, outputs reused)" in second.stdout
    assert "## chinadaily-xinhua-2020-12-02 (comparable)" in second.stdout
    assert (out / "xinhua-2020-12-02.tmx").stat().st_mtime_ns == stamp
    assert (out / "chinadaily-xinhua-2020-12-02.tsv").exists()
    third = ok(run("build", CORPORA, "-o", out, "--min-score", "0.7"))  # other options: redone
    assert "outputs reused" not in third.stdout
    assert "outputs reused" not in ok(run("build", CORPORA, "-o", out, "--min-score", "0.7", "--force")).stdout


def test_40_nothing_passes_the_score_filter(files):
    result = ok(run("align", files("en.txt", EN), files("zh.txt", ZH), "--format", "tsv", "--min-score", "1"))
    assert result.stdout == ""
    assert result.stderr.strip() == ("bitext: warning: no pair scores 1 or more (--min-score): the tsv output has no"
                                     " translation units")


# --- round two: outputs, special files, manifests, memories, options -----------------------------

def _manifest(folder, pairs, documents=None, version="manifest_version = 1\n"):
    """A corpus folder with an English and a Chinese document and the given [[pair]] tables."""
    folder.mkdir(exist_ok=True)
    (folder / "en.txt").write_text(EN, encoding="utf-8")
    (folder / "zh.txt").write_text(ZH, encoding="utf-8")
    documents = documents if documents is not None else (
        '[[document]]\nid = "en"\nfile = "en.txt"\nlanguages = ["en"]\nlayout = "monolingual"\n\n'
        '[[document]]\nid = "zh"\nfile = "zh.txt"\nlanguages = ["zh-Hans"]\nlayout = "monolingual"\n\n')
    (folder / "manifest.toml").write_text(version + documents + pairs, encoding="utf-8")
    return folder


def _pair(pair_id, relation='relation = "parallel"\n', source="en", target="zh", source_lang="en", target_lang="zh-Hans"):
    return (f'[[pair]]\nid = "{pair_id}"\n{relation}source = {{ document = "{source}", language = "{source_lang}" }}\n'
            f'target = {{ document = "{target}", language = "{target_lang}" }}\n\n')


def test_41_a_pair_id_is_a_name_not_a_path(tmp_path):
    out = tmp_path / "a" / "b" / "out"
    for bad in ("../../evil", "", ".hidden", "sub/dir"):
        corpus = _manifest(tmp_path / "corpus", _pair(bad))
        line = error_line(run("build", corpus, "-o", out))
        assert f"pair id {bad!r} is not a name" in line
    assert sorted(p.name for p in tmp_path.rglob("*evil*")) == [] and not (tmp_path / "a").exists()


def test_42_duplicate_pair_ids_are_refused(tmp_path):
    corpus = _manifest(tmp_path / "corpus", _pair("p") + _pair("p"))
    assert "pair id 'p' appears twice" in error_line(run("build", corpus, "-o", tmp_path / "out"))


def test_43_a_document_whose_text_is_not_its_declared_language(tmp_path):
    documents = ('[[document]]\nid = "en"\nfile = "en.txt"\nlanguages = ["en"]\nlayout = "monolingual"\n\n'
                 '[[document]]\nid = "zh"\nfile = "en.txt"\nlanguages = ["zh-Hans"]\nlayout = "monolingual"\n\n')
    corpus = _manifest(tmp_path / "corpus", _pair("p"), documents)
    line = error_line(run("build", corpus, "-o", tmp_path / "out"))
    assert line.endswith("en.txt: declared zh-Hans in the manifest, but its text is English")


def test_44_an_english_to_english_pair_is_refused(tmp_path):
    documents = ('[[document]]\nid = "en"\nfile = "en.txt"\nlanguages = ["en"]\nlayout = "monolingual"\n\n'
                 '[[document]]\nid = "en2"\nfile = "en.txt"\nlanguages = ["en"]\nlayout = "monolingual"\n\n')
    corpus = _manifest(tmp_path / "corpus", _pair("p", target="en2", target_lang="en"), documents)
    assert "pair p: both sides are en" in error_line(run("build", corpus, "-o", tmp_path / "out"))


def test_45_unknown_manifest_version_and_missing_relation(tmp_path):
    corpus = _manifest(tmp_path / "corpus", _pair("p"), version="manifest_version = 2\n")
    assert "manifest_version 2 is not one this bitext reads (1)" in error_line(run("build", corpus, "-o", tmp_path / "o"))
    corpus = _manifest(tmp_path / "corpus", _pair("p", relation=""))
    assert "pair 1 lacks relation" in error_line(run("build", corpus, "-o", tmp_path / "o"))


def test_46_languages_given_as_a_string(tmp_path):
    documents = ('[[document]]\nid = "en"\nfile = "en.txt"\nlanguages = "en"\nlayout = "monolingual"\n\n'
                 '[[document]]\nid = "zh"\nfile = "zh.txt"\nlanguages = ["zh-Hans"]\nlayout = "monolingual"\n\n')
    corpus = _manifest(tmp_path / "corpus", _pair("p"), documents)
    assert "document en: languages must be a list of tags" in error_line(run("build", corpus, "-o", tmp_path / "o"))


def test_47_outputs_no_longer_asked_for_are_removed_and_reported(tmp_path):
    corpus = _manifest(tmp_path / "corpus", _pair("p") + _pair("q"))
    out = tmp_path / "out"
    ok(run("build", corpus, "-o", out, "--formats", "tmx,tsv"))
    assert {"p.tmx", "p.tsv", "q.tmx", "q.tsv"} <= {p.name for p in out.iterdir()}
    (corpus / "manifest.toml").write_text((corpus / "manifest.toml").read_text(encoding="utf-8").split("[[pair]]")[0]
                                          + _pair("p"), encoding="utf-8")
    result = ok(run("build", corpus, "-o", out, "--formats", "tmx"))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["p.tmx", "report.json", "report.md"]
    assert "## Removed" in result.stdout and "- p.tsv" in result.stdout and "- q.tmx" in result.stdout
    assert sorted(json.loads((out / "report.json").read_text(encoding="utf-8"))["removed"]) == ["p.tsv", "q.tmx", "q.tsv"]


def test_48_an_input_is_never_an_output(files, tmp_path):
    en, zh = files("en.txt", EN), files("zh.txt", ZH)
    for target in (en, zh):
        line = error_line(run("align", en, zh, "-o", target))
        assert line.endswith("bitext does not overwrite its input") and target.name in line
    assert en.read_text(encoding="utf-8") == EN and zh.read_text(encoding="utf-8") == ZH
    memory = files("m.tsv", "IPR.\t知识产权。\n")
    assert "does not overwrite its input" in error_line(run("convert", memory, "-o", memory, "--to", "tsv",
                                                            "--src-lang", "en", "--tgt-lang", "zh"))
    assert memory.read_text(encoding="utf-8") == "IPR.\t知识产权。\n"
    corpus = _manifest(tmp_path / "corpus", _pair("corpus"))
    (corpus / "corpus.en").write_text(EN, encoding="utf-8")  # a document named as Moses names its output
    (corpus / "manifest.toml").write_text((corpus / "manifest.toml").read_text(encoding="utf-8").replace(
        'file = "en.txt"', 'file = "corpus.en"'), encoding="utf-8")
    line = error_line(run("build", corpus, "-o", corpus, "--formats", "tmx,moses"))
    assert "corpus.en: is an input of this run" in line
    assert (corpus / "corpus.en").read_text(encoding="utf-8") == EN


def test_49_a_symlinked_output_writes_its_target(files, tmp_path):
    target = files("real.tmx", "old memory")
    link = tmp_path / "link.tmx"
    link.symlink_to(target)
    ok(run("align", files("en.txt", EN), files("zh.txt", ZH), "-o", link))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(tmx.read(target.read_text(encoding="utf-8"), "real.tmx").units) == 3


def test_50_a_fifo_output_is_written_into_not_replaced(files, tmp_path):
    import threading

    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    ok(run("align", files("en.txt", EN), files("zh.txt", ZH), "-o", fifo, "--format", "tsv"))
    reader.join(timeout=60)
    assert len(tsv_pairs(received[0])) == 3
    assert fifo.is_fifo()


def test_51_a_process_substitution_output(files):
    """``-o >(cmd)`` hands bitext /dev/fd/N, a pipe: it is written into."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen([sys.executable, "-m", "bitext", "align", files("en.txt", EN), files("zh.txt", ZH),
                             "--format", "tsv", "-o", f"/dev/fd/{write_end}"], pass_fds=(write_end,),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=ROOT)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        text = pipe.read()
    proc.wait(timeout=120)
    assert proc.returncode == 0, proc.stderr.read()
    assert len(tsv_pairs(text)) == 3


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_52_a_full_disk_is_one_line_and_the_device_stays(files):
    line = error_line(run("align", files("en.txt", EN), files("zh.txt", ZH), "-o", "/dev/full"))
    assert line == "bitext: error: /dev/full: no space left on device"
    assert not os.path.isfile("/dev/full")


def test_53_temporary_files_of_killed_runs_are_removed_by_the_next_run(tmp_path):
    import socket

    corpus = _manifest(tmp_path / "corpus", _pair("p"))
    out = tmp_path / "out"
    ok(run("build", corpus, "-o", out))
    host = socket.gethostname().replace("-", "_")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f".bitext-{host}-{int(dead.stdout)}-abcd1234"
    live = out / f".bitext-{host}-{os.getpid()}-abcd1234"  # a run still going: its file stays
    for path in (stale, live):
        path.write_text("half a memory", encoding="utf-8")
    ok(run("build", corpus, "-o", out))
    assert not stale.exists() and live.exists()
    stale.write_text("half a memory", encoding="utf-8")  # align clears its output's folder the same way
    ok(run("align", corpus / "en.txt", corpus / "zh.txt", "-o", out / "one.tmx"))
    assert not stale.exists() and live.exists()


def test_54_a_utf16_tmx_with_a_bom_is_read(files):
    memory = ('<?xml version="1.0" encoding="UTF-16"?>\n<tmx version="1.4"><header srclang="en-US" datatype="plaintext"'
              ' segtype="sentence" adminlang="en" o-tmf="x" creationtool="Trados" creationtoolversion="1"/><body>'
              '<tu><tuv xml:lang="en-US"><seg>Hello.</seg></tuv><tuv xml:lang="zh-CN"><seg>你好。</seg></tuv></tu>'
              '</body></tmx>\n')
    path = files("trados.tmx", memory.encode("utf-16"))
    for extra in ((), ("--encoding", "utf-16")):
        assert tsv_pairs(ok(run("convert", path, "--to", "tsv", *extra)).stdout) == [("Hello.", "你好。")]


def _memory(units: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext"'
            ' segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>'
            + units + "</body></tmx>\n")


def _tu(*variants):
    return "<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in variants) + "</tu>"


def test_55_whitespace_only_segments_are_no_translation_in_any_format(files, tmp_path):
    path = files("m.tmx", _memory(_tu(("en", "Yes."), ("zh-Hans", "是。")) + _tu(("en", "  "), ("zh-Hans", "空。"))))
    for fmt in ("tsv", "jsonl", "tmx"):
        result = ok(run("convert", path, "--to", fmt))
        assert "空" not in result.stdout and "是" in result.stdout
        assert "1 unit with an empty or whitespace-only segment: left out" in result.stderr
    ok(run("convert", path, "--to", "moses", "-o", tmp_path / "m"))
    assert (tmp_path / "m.zh-Hans").read_text(encoding="utf-8") == "是。\n"
    table = files("w.tsv", "Yes.\t是。\n \t空。\n")
    result = ok(run("convert", table, "--to", "jsonl", "--src-lang", "en", "--tgt-lang", "zh-Hans"))
    assert len(result.stdout.splitlines()) == 1 and "whitespace-only side: left out" in result.stderr


def test_56_a_chinese_variant_asked_for_is_the_one_read(files):
    path = files("m.tmx", _memory(_tu(("en", "Hi."), ("zh-CN", "你好。"), ("zh-TW", "妳好。"))
                                  + _tu(("en", "Bye."), ("zh-CN", "再见。"))))
    assert tsv_pairs(ok(run("convert", path, "--to", "tsv", "--tgt-lang", "zh-Hant")).stdout) == [("Hi.", "妳好。")]
    result = ok(run("convert", path, "--to", "tsv", "--tgt-lang", "zh-TW"))
    assert tsv_pairs(result.stdout) == [("Hi.", "妳好。")]  # never zh-CN in its place
    assert "1 unit without both en and zh-TW: left out" in result.stderr
    assert len(tsv_pairs(ok(run("convert", path, "--to", "tsv", "--tgt-lang", "zh")).stdout)) == 2


def test_57_a_second_variant_of_one_language_is_reported(files):
    path = files("m.tmx", _memory(_tu(("en", "Two."), ("zh-Hans", "二。"), ("zh-Hans", "两。"))))
    result = ok(run("convert", path, "--to", "tsv"))
    assert tsv_pairs(result.stdout) == [("Two.", "二。")]
    assert "1 unit with two variants of one language: the first of each was read" in result.stderr


def test_58_a_malformed_language_tag_is_written_back_well_formed(files):
    path = files("m.tmx", _memory(_tu(("en", "Two."), ("zh Hans", "二。"))))
    written = ok(run("convert", path, "--to", "tmx")).stdout
    assert 'xml:lang="zh-Hans"' in written and "zh Hans" not in written


def test_59_an_encoding_given_for_one_side_is_that_side_s(files):
    en = files("en.txt", "Café culture matters. Xi said so. The plan will be carried out.\n".encode("cp1252"))
    zh = files("zh.txt", "咖啡文化发展很重要。习近平如是说。规划将得到落实。\n")  # 发 is 0x8F in UTF-8: not cp1252
    pairs = tsv_pairs(ok(run("align", en, zh, "--src-encoding", "cp1252", "--format", "tsv")).stdout)
    assert pairs[0][0].startswith("Café") and pairs[0][1].startswith("咖啡")


def test_60_calibrate_writes_the_file_it_is_given(files, tmp_path):
    out = tmp_path / "cal.json"
    result = ok(run("calibrate", files("en.txt", EN), files("zh.txt", ZH), "-o", out))
    assert result.stdout == "" and "priors" in json.loads(out.read_text(encoding="utf-8"))["estimates"]


def test_61_review_and_calibrate_take_only_their_own_options(files):
    for command, option in (("review", "--format"), ("calibrate", "--min-score"), ("calibrate", "--format"),
                            ("review", "--lang-tags")):
        result = run(command, files("en.txt", EN), files("zh.txt", ZH), option, "tsv")
        assert result.returncode == 2 and "unrecognized arguments" in result.stderr


def test_62_segment_reads_standard_input_and_writes_its_output(files, tmp_path):
    result = subprocess.run([sys.executable, "-m", "bitext", "segment", "-", "-o", tmp_path / "s.txt"],
                            input="One sentence. Two sentences.\n", capture_output=True, text=True, env=ENV,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s.txt").read_text(encoding="utf-8") == "One sentence.\nTwo sentences.\n"
    piped = subprocess.run([sys.executable, "-m", "bitext", "segment"], input="Intro.\n\nKey points:\n- First item\n",
                           capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=120)
    assert piped.returncode == 0 and piped.stdout == "Intro.\n\nKey points:\n\n- First item\n", piped
    assert "a monolingual text file" in ok(run("segment", "--help")).stdout
    line = error_line(run("segment", files("digits.txt", "12345 67890\n")))
    assert "--lang" in line and "--src-lang" not in line


def test_63_evaluate_refuses_beads_that_are_not_an_alignment(files):
    gold = files("gold.align", "[0]:[0]\n[1]:[1]\n")
    test = files("test.align", "[0]:[0]\n[0,1]:[1]\n")
    line = error_line(run("evaluate", "--gold", gold, "--test", test))
    assert line.endswith("test.align: not an alignment: source sentence 0 is in two beads (beads 1 and 2)")
    assert "Strict: a test bead counts when it equals a gold bead" in ok(run("evaluate", "--help")).stdout
