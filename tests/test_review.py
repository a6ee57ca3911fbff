"""The HTML review page: self-contained, every bead shown, and rendered by a real browser."""

import json
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


def _data(text):
    return json.loads(re.search(r'<script type="application/json" id="bitext-data">(.*?)</script>', text, re.S)
                      .group(1).replace("<\\/", "</"))


def test_page_is_self_contained_and_carries_every_bead(page):
    path, doc = page
    text = path.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', text)  # nothing fetched from anywhere
    data = _data(text)
    assert data["src"] == doc.src.sentences and data["tgt"] == doc.tgt.sentences
    assert [(tuple(b["s"]), tuple(b["t"])) for b in data["beads"]] == [(b.bead.src, b.bead.tgt) for b in doc.beads]
    assert sum(1 for b in data["beads"] if b["s"] and b["t"]) == len(doc.pairs()) == 30
    assert "<h1>xinhua-2020-12-02-xi-ipr-protection.en-zhhant.txt</h1>" in text
    assert re.search(r"<dt>c</dt><dd>0\.27", text)


def test_text_is_carried_safely():
    from bitext.formats.base import Unit, UnitSet
    import io

    units = UnitSet("en", "zh-Hans", [Unit("</script><b>bold</b> & co", "甲", 0.0, (0,), (0,)),
                                      Unit("ok", "乙", 1.0, (1,), (1,)), Unit("", "丙", None, (), (2,))])
    out = io.StringIO()
    html.write(units, out)
    text = out.getvalue()
    assert text.count("</script>") == 2  # the data's own "</script>" cannot close its element
    assert _data(text)["src"] == ["</script><b>bold</b> & co", "ok"]


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
    rows = re.findall(r'<tr class="(pair|unpaired)[^"]*?( hidden)?[^"]*"', dom)
    assert len(rows) == 36 and not any(hidden for _, hidden in rows)  # everything shows to start with
    assert re.search(r'<span id="shown">30</span>', dom)
    filtered = chromium("--dump-dom", path.as_uri() + "#min=0.9").stdout
    visible = [kind for kind, hidden in re.findall(r'<tr class="(pair|unpaired)[^"]*?( hidden)?[^"]*"', filtered)
               if not hidden]
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


@pytest.fixture
def browser(tmp_path):
    """Debian's Chromium driven by Selenium through Debian's chromedriver (nothing downloaded)."""
    if not CHROMIUM or not shutil.which("chromedriver"):
        pytest.skip("no Chromium or chromedriver here (CI installs them and runs this)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1400", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path / "downloads")})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


def _beads(driver):
    return [(tuple(b["s"]), tuple(b["t"]), b["status"]) for b in driver.execute_script("return window.bitextReview.beads()")]


def _key(driver, *keys):
    body = driver.find_element("tag name", "body")
    for key in keys:
        body.send_keys(key)


def test_the_page_edits_an_alignment_with_keys_and_buttons(browser, page, tmp_path):
    """Select, merge, undo, redo, split, move a sentence, unpair and confirm, by keys and by a
    button: after every edit each sentence is in exactly one bead, in order; the edits survive a
    reload; the exported JSONL converts to a TMX whose confirmed unit is marked; a screenshot."""
    path, doc = page
    browser.get(path.as_uri())
    start = _beads(browser)
    assert len(start) == 36 and browser.find_element("id", "shown").text == "30"
    first_pair = next(k for k, b in enumerate(start) if b[0] and b[1])
    for _ in range(first_pair):
        _key(browser, "j")
    _key(browser, "m")  # merge the first pair with the next one
    merged = _beads(browser)
    assert len(merged) == 35 and merged[first_pair][:2] == (start[first_pair][0] + start[first_pair + 1][0],
                                                            start[first_pair][1] + start[first_pair + 1][1])
    _key(browser, "z")
    assert _beads(browser) == start
    _key(browser, "y", "s")  # redo the merge, then split it again
    assert _beads(browser)[first_pair][:2] == (start[first_pair][0][:1], start[first_pair][1][:1])
    _key(browser, "]")  # the last source sentence of the selected bead moves into the next bead
    _key(browser, "u")
    browser.find_element("css selector", 'button[data-op="confirm"]').click()
    assert browser.execute_script("return window.bitextReview.check()")
    edited = _beads(browser)
    assert edited != start and sum(1 for b in edited if b[2] == "confirmed") == 1
    assert "cannot" not in browser.find_element("id", "status").text
    browser.refresh()
    assert _beads(browser) == edited  # kept in the browser's storage
    browser.save_screenshot(str(tmp_path / "review-editor.png"))
    assert (tmp_path / "review-editor.png").stat().st_size > 20_000
    exported = tmp_path / "reviewed.jsonl"
    exported.write_text(browser.execute_script("return window.bitextReview.exported()"), encoding="utf-8")
    records = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert [(tuple(r["src_ids"]), tuple(r["tgt_ids"])) for r in records] == [b[:2] for b in edited]
    memory = tmp_path / "reviewed.tmx"
    result = subprocess.run([sys.executable, "-m", "bitext", "convert", exported, "-o", memory], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert memory.read_text(encoding="utf-8").count('<prop type="x-status">confirmed</prop>') == \
        sum(1 for r in records if r.get("status") == "confirmed" and r["src_ids"] and r["tgt_ids"])


def test_the_page_edits_an_alignment_with_paragraphs_out_of_order(browser, tmp_path):
    """Two Chinese paragraphs swapped: the page opens with the moved pairs in source order (the
    target side out of order), and edits are allowed and checked (each sentence once)."""
    from bitext import write_units
    from bitext.formats import units_from_document
    from bitext.segment.sides import make_side

    en, zh, _ = load_interleaved(str(XINHUA))
    chinese = [list(p) for p in zh.paragraphs]
    chinese[12], chinese[16] = chinese[16], chinese[12]
    doc = align_sides(make_side([list(p) for p in en.paragraphs], "en"), make_side(chinese, "zh", "", "Hant"), "swap")
    assert doc.moved
    path = tmp_path / "swap.html"
    write_units(units_from_document(doc), "html", str(path))
    browser.get(path.as_uri())
    start = _beads(browser)
    targets = [j for b in start for j in b[1]]
    assert targets != sorted(targets) and sorted(targets) == list(range(len(targets)))
    assert browser.execute_script("return window.bitextReview.check()")
    _key(browser, "j", "m")  # merge the second bead with the third
    assert "cannot" not in browser.find_element("id", "status").text
    assert len(_beads(browser)) == len(start) - 1 and browser.execute_script("return window.bitextReview.check()")
