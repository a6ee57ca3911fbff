"""The HTML review page: self-contained, every bead shown, and rendered by a real browser."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from bitext import align_sides, load_interleaved
from bitext.formats import html

from conftest import ROOT, XINHUA

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"),
                                   reason="no Chromium here (CI installs it and runs this)")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    path = folder / "xinhua.html"
    result = subprocess.run([sys.executable, "-m", "bitext", "review", XINHUA, "--interleaved", "-o", path],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    en, zh, runs = load_interleaved(str(XINHUA))
    doc = align_sides(en, zh, "x", runs)
    return path, doc


def test_page_is_self_contained_and_lists_every_bead(page):
    path, doc = page
    text = path.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', text)  # nothing fetched from anywhere
    assert text.count('<tr class="pair"') == len(doc.pairs()) == 30
    assert text.count('<tr class="unpaired">') == 6 and text.count("no counterpart") == 6
    for bead in doc.beads:
        for side in (bead.src_text, bead.tgt_text):
            if side:
                assert side.replace("'", "&#x27;").replace('"', "&quot;") in text
    assert "<svg" in text and text.count("<line") >= 36
    assert re.search(r"<dt>c</dt><dd>0\.27", text)


def test_scores_colour_rows_and_escape_text():
    from bitext.formats.base import Unit, UnitSet
    import io

    units = UnitSet("en", "zh-Hans", [Unit("<b>bold</b> & co", "甲", 0.0, (0,), (0,)), Unit("ok", "乙", 1.0, (1,), (1,)),
                                      Unit("", "丙", 0.9, (), (2,))])
    out = io.StringIO()
    html.write(units, out)
    text = out.getvalue()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in text
    assert "background:hsl(0,70%,88%)" in text and "background:hsl(120,70%,88%)" in text


def chromium(*args, timeout=90):
    profile = ROOT / ".pytest-chromium-profile"
    command = [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@needs_browser
def test_chromium_renders_every_pair_and_the_filter_works(page):
    path, doc = page
    dom = chromium("--dump-dom", path.as_uri()).stdout
    rows = re.findall(r'<tr class="(pair|unpaired)( hidden)?"', dom)
    assert len(rows) == 36 and not any(hidden for _, hidden in rows)
    assert re.search(r'<span id="shown">30</span>', dom)
    filtered = chromium("--dump-dom", path.as_uri() + "#min=0.9").stdout
    visible = [kind for kind, hidden in re.findall(r'<tr class="(pair|unpaired)( hidden)?"', filtered) if not hidden]
    assert visible.count("pair") == sum(1 for b in doc.pairs() if b.score >= 0.9) > 0
    assert re.search(r'<span id="shown">%d</span>' % visible.count("pair"), filtered)


@needs_browser
def test_chromium_screenshot(page, tmp_path):
    path, _ = page
    shot = tmp_path / "review.png"
    result = chromium("--hide-scrollbars", "--window-size=1280,1400", f"--screenshot={shot}", path.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
