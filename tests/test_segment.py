"""Sentence splitting (Chinese rules, English Punkt without downloads) and word tokenization."""

import pytest

from bitext.read import read_text
from bitext.segment.paragraphs import split_paragraphs
from bitext.features import words
from bitext.segment import split_paragraphs_into_sentences as segment, split_sentences

from conftest import CHINADAILY, CORPORA, DATA, XINHUA


@pytest.mark.parametrize("text,expected", [
    ("他指出，创新是第一动力。保护知识产权就是保护创新！", ["他指出，创新是第一动力。", "保护知识产权就是保护创新！"]),
    ("真的吗？是的!好?", ["真的吗？", "是的!", "好?"]),
    ("要加强立法；要强化保护。", ["要加强立法；", "要强化保护。"]),
    ("他说：“我们一定要做到。”大家鼓掌。", ["他说：“我们一定要做到。”", "大家鼓掌。"]),
    ("（见附件。）下一句。", ["（见附件。）", "下一句。"]),
    ("他沉默了……然后离开。", ["他沉默了……", "然后离开。"]),
    ("增长了3.5%，达到15.8件。", ["增长了3.5%，达到15.8件。"]),
    ("第一。。。第二！？第三", ["第一。。。", "第二！？", "第三"]),
    ("「好。」『對！』", ["「好。」", "『對！』"]),
])
def test_chinese_rules(text, expected):
    assert split_sentences(text, "zh") == expected


@pytest.mark.parametrize("text,expected", [
    ("Mr. Smith met Dr. Wu. They talked.", ["Mr. Smith met Dr. Wu.", "They talked."]),
    ("He moved to the U.S. in 2019. It rained.", ["He moved to the U.S. in 2019.", "It rained."]),
    ("See No. 5 and St. Paul, e.g. the church, i.e. here. Then go.",
     ["See No. 5 and St. Paul, e.g. the church, i.e. here.", "Then go."]),
    ("Acme Inc. and Foo Co. agreed on Jan. 3. The deal closed.",
     ["Acme Inc. and Foo Co. agreed on Jan. 3.", "The deal closed."]),
    ("J. R. R. Tolkien wrote it. It sold well.", ["J. R. R. Tolkien wrote it.", "It sold well."]),
    ("Growth was 3.5 per cent. Prices rose 0.7%.", ["Growth was 3.5 per cent.", "Prices rose 0.7%."]),
    ('"We will act," he said. "Now."', ['"We will act," he said.', '"Now."']),
    ('He said: "It works." Then he left.', ['He said: "It works."', "Then he left."]),
    ("Is it true? Yes! Good.", ["Is it true?", "Yes!", "Good."]),
    ("He said no. Then he left.", ["He said no.", "Then he left."]),  # no. is "number" only before one
    ("Room No. 5 is his. No. 6 is hers.", ["Room No. 5 is his.", "No. 6 is hers."]),
    ('"Stop!" he shouted. "Why?" she asked.', ['"Stop!" he shouted.', '"Why?" she asked.']),
    ("II. Methods are described here. 1. Open the file.", ["II. Methods are described here.", "1. Open the file."]),
    ("What??? Yes.", ["What???", "Yes."]),
])
def test_english_punkt(text, expected):
    assert split_sentences(text, "en") == expected


def test_punkt_needs_no_downloaded_data(monkeypatch):
    import nltk

    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download called")

    monkeypatch.setattr(nltk, "download", refuse)
    assert split_sentences("Mr. Li left. Ms. Wang stayed.", "en") == ["Mr. Li left.", "Ms. Wang stayed."]


def test_english_splitting_loads_nltk_without_scipy_stats_and_nltk_still_works():
    # a fresh interpreter: this one may have imported both already
    script = (
        "import sys\n"
        "from bitext.segment import split_sentences\n"
        "assert split_sentences('Mr. Li left. Ms. Wang stayed.', 'en') == ['Mr. Li left.', 'Ms. Wang stayed.']\n"
        "assert 'scipy.stats' not in sys.modules\n"
        "from nltk.metrics import BigramAssocMeasures\n"
        "print(BigramAssocMeasures.fisher(5, (10, 8), 1000))\n"
    )
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    # NLTK's Fisher measure imports scipy.stats when called, and gives what it gives with scipy
    from scipy.stats import fisher_exact
    expected = fisher_exact([[5, 5], [3, 987]], alternative="less")[1]
    assert float(run.stdout) == pytest.approx(expected)


def test_xinhua_segmentation_matches_gold_sentences():
    from bitext import load_interleaved

    en, zh, _ = load_interleaved(str(XINHUA))
    assert en.sentences == (DATA / "xinhua-2020-12-02.en.sentences").read_text(encoding="utf-8").splitlines()
    assert zh.sentences == (DATA / "xinhua-2020-12-02.zh.sentences").read_text(encoding="utf-8").splitlines()


def test_chinadaily_paragraphs_and_sentences():
    paragraphs = segment(split_paragraphs(read_text(str(CHINADAILY))), "en")
    assert len(paragraphs) == 26
    flat = [s for p in paragraphs for s in p]
    assert "Xi called for strengthening the development and protection of core technologies that are key to national security." in flat
    assert paragraphs[3] == [
        "Photo taken on Nov 26, 2020 shows a model of a 5G-supported smart factory at a 5G-themed exhibition "
        "held during the World 5G Convention in Guangzhou, South China's Guangdong province.", "[Photo/Xinhua]"]


@pytest.mark.parametrize("name", ["cipnews-2022-04-27-ipr-forum-keynote.zhhans.txt",
                                  "state-council-2021-11-02-14th-fyp-ipr-plan.zhhans.txt",
                                  "cnipa-2022-07-01-ipr-demonstration-zones-explainer.zhhans.txt"])
def test_simplified_seeds_split_at_sentence_ends_only(name):
    text = read_text(str(CORPORA / name))
    paragraphs = segment(split_paragraphs(text), "zh")
    sentences = [s for p in paragraphs for s in p]
    assert len(sentences) > 20
    # Nothing is lost: the sentences concatenate back to the paragraphs (whitespace aside).
    joined = "".join("".join(p) for p in paragraphs).replace(" ", "").replace("\u3000", "")
    original = "".join(split_paragraphs(text)).replace(" ", "").replace("\u3000", "")
    assert joined == original
    # Inside a paragraph, every sentence but the last ends with an end mark (and maybe closers).
    ends = "。！？!?；;…⋯"
    closers = "”’」』）)】》〉]\"'〕｝}"
    for paragraph in paragraphs:
        for sentence in paragraph[:-1]:
            assert sentence.rstrip(closers)[-1] in ends, sentence


def test_words():
    assert words("加強知識產權保護", "zh") == ["加强", "知识产权", "保护"]
    assert words("十八大以来，IPR保护", "zh")[-2:] == ["ipr", "保护"]
    assert words("China's IPR-related work, 3.5% up.", "en") == ["china's", "ipr-related", "work", "3.5", "up"]


def test_segment_keeps_paragraphs_and_drops_empty_ones():
    assert segment(["It is here. We go.", "", "End."], "en") == [["It is here.", "We go."], ["End."]]


def _seed_sentences() -> list[str]:
    from bitext.normalize import to_simplified

    return [to_simplified(s) for path in sorted(CORPORA.glob("*.zh*.txt")) + [XINHUA]
            for p in split_paragraphs(read_text(path)) for s in split_sentences(p, "zh")]


def test_jieba_rs_gives_the_words_of_python_jieba_on_the_seed_texts():
    """bitext cuts words with jieba-rs for speed; on the Chinese of the seeds it must give the
    Python jieba's words: the same Chinese words everywhere, Latin and numbers allowed to be kept
    whole where Python jieba cuts at hyphens, and the same lexical features from both."""
    import logging

    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    from bitext.features import cut, english_features

    sentences = _seed_sentences()
    assert len(sentences) > 400
    same = 0
    for sentence in sentences:  # jieba-rs as it ships: without the proper nouns bitext adds
        ours, theirs = cut(sentence, proper_nouns=False), jieba.lcut(sentence)
        same += ours == theirs
        han = [w for w in ours if not _latin_or_number(w)], [w for w in theirs if not _latin_or_number(w)]
        assert han[0] == han[1], sentence
        latin = ([f for w in ours if _latin_or_number(w) for f in english_features(w)],
                 [f for w in theirs if _latin_or_number(w) for f in english_features(w)])
        assert latin[0] == latin[1], sentence
    assert same / len(sentences) > 0.9


def test_words_differ_from_jieba_only_where_a_dictionary_name_is_kept_whole():
    """bitext adds CC-CEDICT's proper nouns to jieba where jieba cuts them into single
    characters or pieces it does not know: on the seeds a sentence it cuts otherwise holds such a
    name (国家发展改革委, jieba's 国家 / 发展 / 改革 / 委), one jieba cuts into words stays in
    words (一带一路, 知识共享: "Creative Commons" to CC-CEDICT), and most sentences are cut as
    jieba cuts them."""
    from bitext import dictionary
    from bitext.features import cut

    names = set(dictionary.proper_nouns())
    sentences = _seed_sentences()
    changed = [pair for pair in ((cut(s), cut(s, proper_nouns=False)) for s in sentences) if pair[0] != pair[1]]
    assert changed and len(changed) < 0.05 * len(sentences)
    for ours, theirs in changed:
        assert "".join(ours) == "".join(theirs)
        assert any(w in names and w not in theirs for w in ours), (ours, theirs)
    assert any("国家发展改革委" in ours for ours, _ in changed)
    assert not any(w in ours for ours, _ in changed for w in ("一带一路", "知识共享"))


def _latin_or_number(word: str) -> bool:
    import regex

    return bool(regex.search(r"[\p{Latin}\p{N}\-]", word))


@pytest.mark.parametrize("text,expected", [
    ("Intro.\n\nKey points:\n- First item\n- Second (IP)\n- Third\n",
     [["Intro."], ["Key points:"], ["- First item"], ["- Second (IP)"], ["- Third"]]),
    ("Follow these steps:\n1. Open the file.\n2. Save it.\n", [["Follow these steps:"], ["1. Open the file."], ["2. Save it."]]),
    ("一、指导思想\n坚持创新。\n\n二、主要目标\n（一）总体目标\n到2025年完成。\n",
     [["一、指导思想"], ["坚持创新。"], ["二、主要目标"], ["（一）总体目标"], ["到2025年完成。"]]),
    ("The city of\x0bShenzhen grew.\x0cNext page text.\n", [["The city of Shenzhen grew."], ["Next page text."]]),
    ("One part\u2028of a sentence. Two.\n", [["One part of a sentence.", "Two."]]),
    ("首页 > 专利 >详情页\n《方案》解读\n国家知识产权局 2022-07-01\n\n为落实要求，印发方案。\n",
     [["首页 > 专利 >详情页"], ["《方案》解读"], ["国家知识产权局 2022-07-01"], ["为落实要求，印发方案。"]]),
])
def test_text_as_people_write_it(text, expected):
    """Headings, list items, breadcrumbs and datelines stand alone; wrapped lines and Word's soft
    breaks do not cut a sentence; a page break is a line break (as `bitext segment` reads a file)."""
    from bitext import side_from_text
    from bitext.read import normalize_newlines

    assert side_from_text(normalize_newlines(text)).paragraphs == expected
