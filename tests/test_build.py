"""Parallel and distributed corpus builds write exactly what a serial build writes."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bitext.corpus import build
from bitext.options import BuildOptions
from bitext.errors import BitextError

from conftest import CORPORA, XINHUA


def _corpus(tmp_path: Path, copies: int = 3) -> Path:
    """The seed corpus with the Xinhua article listed several times (more pairs than workers)."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPORA, folder)
    manifest = (folder / "manifest.toml").read_text(encoding="utf-8")
    for k in range(copies):
        name = f"copy{k}.txt"
        shutil.copy(XINHUA, folder / name)
        manifest += (f'\n[[document]]\nid = "copy{k}"\nfile = "{name}"\nlanguages = ["en", "zh-Hant"]\n'
                     f'layout = "interleaved"\n\n[[pair]]\nid = "copy{k}"\nrelation = "parallel"\n'
                     f'source = {{ document = "copy{k}", language = "en" }}\n'
                     f'target = {{ document = "copy{k}", language = "zh-Hant" }}\n')
    (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    """TMX creation dates from SOURCE_DATE_EPOCH (reproducible builds), in workers too."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serial")
    folder = _corpus(tmp)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        build(str(folder), str(tmp / "out"), BuildOptions(progress=False))
    return folder, _files(tmp / "out")


def test_parallel_build_writes_the_same_files_as_a_serial_build(serial, tmp_path):
    folder, expected = serial
    report = build(str(folder), str(tmp_path / "out"), BuildOptions(jobs=2, progress=False))
    assert [p.id for p in report.pairs] == ["xinhua-2020-12-02", "chinadaily-xinhua-2020-12-02", "copy0", "copy1",
                                            "copy2"]
    assert _files(tmp_path / "out") == expected


def test_parallel_build_reports_a_bad_pair_in_one_line(tmp_path):
    folder = _corpus(tmp_path, copies=2)
    (folder / "copy1.txt").write_bytes(b"\xff\xfe\x00broken" * 10)
    with pytest.raises(BitextError) as error:
        build(str(folder), str(tmp_path / "out"), BuildOptions(jobs=2, progress=False))
    assert "copy1.txt" in str(error.value) and "\n" not in str(error.value)


def test_build_shows_a_progress_bar_when_asked(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bitext", "build", str(CORPORA), "-o", str(tmp_path / "out"),
                             "--jobs", "2", "--progress"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "bitext build" in result.stderr and "pair" in result.stderr


def test_build_on_a_local_dask_cluster_writes_the_same_files(serial, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    from bitext.distributed import build_on_dask

    folder, expected = serial
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            build_on_dask(str(folder), str(tmp_path / "out"), client, BuildOptions(progress=False))
            workers_used = len(client.scheduler_info()["workers"])
    assert workers_used == 2
    assert _files(tmp_path / "out") == expected


def test_unreachable_dask_scheduler_is_a_one_line_error(tmp_path):
    pytest.importorskip("dask.distributed")
    result = subprocess.run([sys.executable, "-m", "bitext", "build", str(CORPORA), "-o", str(tmp_path / "out"),
                             "--dask", "tcp://127.0.0.1:9"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Dask scheduler" in result.stderr


def test_build_reads_its_documents_as_align_does(tmp_path):
    """``bitext build`` takes align's reading options: presplit, one sentence a line (so the
    sentence counts are the line counts, though Punkt would join these lines), and the encoding
    of a GB18030 file; the report records the segmenter."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    en = ["Dr. Li arrived.", "Mr.", "Wang left at 5 p.m.", "They met."]
    zh = ["李博士到了。", "王先生", "下午五点离开。", "他们见了面。"]
    (folder / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    (folder / "zh.txt").write_bytes(("\n".join(zh) + "\n").encode("gb18030"))
    (folder / "manifest.toml").write_text(
        'manifest_version = 1\n\n[[document]]\nid = "en"\nfile = "en.txt"\nlanguages = ["en"]\nlayout = "monolingual"\n\n'
        '[[document]]\nid = "zh"\nfile = "zh.txt"\nlanguages = ["zh-Hans"]\nlayout = "monolingual"\n\n'
        '[[pair]]\nid = "p"\nrelation = "parallel"\nsource = { document = "en", language = "en" }\n'
        'target = { document = "zh", language = "zh-Hans" }\n', encoding="utf-8")
    out = tmp_path / "out"
    plain = subprocess.run([sys.executable, "-m", "bitext", "build", str(folder), "-o", str(out)],
                           capture_output=True, text=True, timeout=300)
    assert plain.returncode == 1 and "zh.txt" in plain.stderr and "--encoding" in plain.stderr
    result = subprocess.run([sys.executable, "-m", "bitext", "build", str(folder), "-o", str(out), "--presplit",
                             "--encoding", "gb18030", "--formats", "tsv"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    import json

    pair = json.loads((out / "report.json").read_text(encoding="utf-8"))["pairs"][0]
    assert (pair["summary"]["src_sentences"], pair["summary"]["tgt_sentences"]) == (4, 4)
    assert pair["parameters"]["seg_src"] == pair["parameters"]["seg_tgt"] == "presplit"
    rows = [line.split("\t")[:2] for line in (out / "p.tsv").read_text(encoding="utf-8").splitlines()]
    assert ["They met.", "他们见了面。"] in rows


def test_a_build_with_srx_rules_redoes_its_pairs_when_the_rules_change(tmp_path):
    """The rules split the sentences: a changed SRX file (same path) is not an unchanged build."""
    from bitext.segment.srx import export_srx

    rules = tmp_path / "house.srx"
    rules.write_text(export_srx(), encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "bitext", "build", str(CORPORA), "-o", str(out), "--srx", str(rules)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert "outputs reused" in again.stdout  # unchanged: reused
    rules.write_text(export_srx() + "<!-- edited by hand -->\n", encoding="utf-8")
    changed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert changed.returncode == 0 and "outputs reused" not in changed.stdout


def test_a_build_that_learns_across_its_pairs(tmp_path):
    """With learn_across, each parallel pair learns from the confident pairs of the others (its
    parameters say from which), a parallel build writes what a serial one does, and a second build
    reuses every pair; a pair whose document changed makes the others align again."""
    folder = _corpus(tmp_path, copies=1)
    options = BuildOptions(progress=False, learn_across=True)
    report = build(str(folder), str(tmp_path / "serial"), options)
    parallel = {p.id: p for p in report.pairs if p.relation == "parallel"}
    assert set(parallel) == {"xinhua-2020-12-02", "copy0"}
    assert "sentence pairs (copy0)" in parallel["xinhua-2020-12-02"].parameters.lexicon
    assert "sentence pairs (xinhua-2020-12-02)" in parallel["copy0"].parameters.lexicon
    comparable = next(p for p in report.pairs if p.relation == "comparable")
    assert "learned from" not in comparable.parameters.lexicon  # it learns only from parallel pairs
    build(str(folder), str(tmp_path / "parallel"), BuildOptions(progress=False, learn_across=True, jobs=2))
    assert _files(tmp_path / "parallel") == _files(tmp_path / "serial")
    assert all(p.reused for p in build(str(folder), str(tmp_path / "serial"), options).pairs)
    copy = folder / "copy0.txt"
    copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = {p.id: p for p in build(str(folder), str(tmp_path / "serial"), options).pairs}
    assert not again["xinhua-2020-12-02"].reused
    assert again[comparable.id].reused  # mined on its own: it learns from no other pair


def test_the_cli_builds_learning_across_unless_told_not_to(tmp_path):
    """A corpus of several parallel pairs learns across them by default (the report says from
    which pairs); --no-learn-across aligns each pair alone."""
    import json

    folder = _corpus(tmp_path, copies=1)
    for flags, learns in (([], True), (["--no-learn-across"], False)):
        out = tmp_path / ("out" + "".join(flags))
        run = subprocess.run([sys.executable, "-m", "bitext", "build", str(folder), "-o", str(out), *flags],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        lexicons = {p["id"]: p["parameters"]["lexicon"] for p in report["pairs"]}
        assert ("sentence pairs (copy0)" in lexicons["xinhua-2020-12-02"]) is learns
        assert ("sentence pairs (xinhua-2020-12-02)" in lexicons["copy0"]) is learns


def test_each_pair_learns_from_the_others_pairs_model1_trains_on():
    """A corpus that learns across sends each pair about as many of the other pairs' confident
    pairs as Model 1 trains on (MODEL1_BEADS), not all of them, none of its own, mostly the same
    ones for every pair (their features are made once per worker); the report names up to three
    pairs learned from, else counts them."""
    from bitext.align.learning import MODEL1_BEADS
    from bitext.corpus import PairEntry, _Others
    from bitext.pipeline import Examples

    learned = {f"d{k}": Examples(tuple((f"en {k}.{i}", f"zh {k}.{i}") for i in range(3000)), f"d{k}") for k in range(5)}
    others = _Others(learned)
    given = {}
    for pair_id in learned:
        examples = others(PairEntry(pair_id, "parallel", (pair_id, "en"), (pair_id, "zh")))
        assert MODEL1_BEADS <= len(examples.pairs) < 1.2 * MODEL1_BEADS < 4 * 3000  # of 12,000
        assert not any(en.startswith(f"en {pair_id[1:]}.") for en, _ in examples.pairs)
        assert examples.origin == "4 other pairs of the corpus"
        given[pair_id] = set(examples.pairs)
    assert len(given["d0"] & given["d1"]) >= 0.5 * MODEL1_BEADS
    assert others(PairEntry("c", "comparable", ("c", "en"), ("c", "zh"))) is None
    few = _Others({k: learned[k] for k in ("d0", "d1", "d2")})
    assert few(PairEntry("d0", "parallel", ("d0", "en"), ("d0", "zh"))).origin == "d1, d2"
