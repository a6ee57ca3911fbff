"""Documents made by real programs (pandoc, LibreOffice) from the Xinhua article's two sides align
as its plain text does; damaged documents are one-line errors."""

import shutil
import subprocess
import sys

import pytest

from bitext import align_sides, load_interleaved, load_side
from bitext.segment.sides import make_side

from conftest import ROOT, XINHUA

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="no pandoc here (CI installs it)")
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice here (CI installs it)")


@pytest.fixture(scope="module")
def sides():
    en, zh, _ = load_interleaved(str(XINHUA))
    return en, make_side(zh.paragraphs, "zh", zh.origin, "Hant")


@pytest.fixture(scope="module")
def made(tmp_path_factory, sides):
    """The two sides as Markdown, then as .docx, .odt, .html and .epub by pandoc and .pdf by
    LibreOffice (from the .odt)."""
    if shutil.which("pandoc") is None:
        pytest.skip("no pandoc here (CI installs it)")
    folder = tmp_path_factory.mktemp("documents")
    en, zh = sides
    for name, side in (("en", en), ("zh", zh)):
        joiner = " " if name == "en" else ""
        (folder / f"{name}.md").write_text("\n\n".join(joiner.join(p) for p in side.paragraphs) + "\n", encoding="utf-8")
        for suffix, extra in (("docx", []), ("odt", []), ("html", ["-s", "--metadata", "pagetitle=Xinhua"]),
                              ("epub", ["--metadata", "title=Xinhua"])):
            subprocess.run(["pandoc", "-f", "markdown-smart", f"{name}.md", "-o", f"{name}.{suffix}", *extra],
                           cwd=folder, check=True, timeout=120)
        if shutil.which("soffice"):
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                            "pdf", f"{name}.odt"], cwd=folder, check=True, timeout=300, capture_output=True)
    return folder


def _pairs(doc):
    # PDF extraction sets CJK quotation marks apart (and they are dropped): compare without them
    return {(b.src_text, b.tgt_text.replace("“", "").replace("”", "")) for b in doc.beads if b.is_pair}


@needs_pandoc
@pytest.mark.parametrize("suffix", ["docx", "odt", "html", "epub", pytest.param("pdf", marks=needs_office)])
def test_a_document_aligns_as_its_plain_text(made, sides, suffix):
    en, zh = sides
    plain = _pairs(align_sides(en, zh, "plain"))
    doc = align_sides(load_side(str(made / f"en.{suffix}")), load_side(str(made / f"zh.{suffix}")), suffix)
    assert doc.tgt.tag == "zh-Hant"
    if suffix in ("docx", "odt", "html"):
        assert doc.src.sentences == en.sentences and doc.tgt.sentences == zh.sentences
    found = _pairs(doc)
    assert len(found & plain) >= 0.95 * len(plain), sorted(plain - found)[:3]
    assert len(found - plain) <= 1  # the e-book's title page ("Xinhua") pairs with itself


@needs_pandoc
def test_the_command_line_reads_a_document_by_its_content(made, tmp_path):
    renamed = tmp_path / "english.txt"  # a Word file whatever its name says
    shutil.copy(made / "en.docx", renamed)
    result = subprocess.run([sys.executable, "-m", "bitext", "align", renamed, made / "zh.odt", "--format", "tsv"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 28


def test_a_damaged_document_is_a_one_line_error(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.7\n garbage")
    for path in (broken, pdf):
        result = subprocess.run([sys.executable, "-m", "bitext", "segment", path], capture_output=True, text=True,
                                cwd=ROOT, timeout=120)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and path.name in lines[0] and ("not a readable" in lines[0] or "holds no text" in lines[0])


@needs_pandoc
def test_word_footnotes_follow_the_body(tmp_path):
    (tmp_path / "fn.md").write_text("Main text here.[^1] More text.\n\n[^1]: A footnote sentence.\n", encoding="utf-8")
    subprocess.run(["pandoc", "-f", "markdown-smart", "fn.md", "-o", "fn.docx"], cwd=tmp_path, check=True, timeout=120)
    assert load_side(str(tmp_path / "fn.docx")).paragraphs == [["Main text here.", "More text."], ["A footnote sentence."]]
