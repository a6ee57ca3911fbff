"""The engine against the exact search of the whole matrix, for both methods.

The exact search (``width=None``) visits every cell, so its path is the optimum of the cost model;
the engine's corridors and their widening policy must never claim a cheaper path than that, must
cost what they say, and must find the optimum itself on documents generated from the model.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from bitext.align import LENGTH, LEXICAL, Bead, LengthModel, LexicalInput, align, check_coverage
from bitext.align.corridor import diagonal_corridor
from bitext.align.costs import CLOSED, BeadCosts
from bitext.align.engine import EVIDENCE_PRIORS, search
from bitext.align.search import posteriors
from bitext.align.length import GALE_CHURCH_PRIORS
from bitext.align.likelihood import from_input

tokens = st.lists(st.lists(st.integers(0, 20), max_size=5), max_size=14)


def exact_cost(costs: BeadCosts) -> float:
    """The optimum, by the search of every cell."""
    return search(costs, None, None, confirm=True).total


def random_costs(src_tokens, tgt_tokens, seed, lexical, open_edges=CLOSED):
    """A cost model over random lengths: Gale–Church's, or the lexical method's (the translation
    likelihood of random tokens under random shares, an ending table); ``open_edges`` as given."""
    rng = np.random.default_rng(seed)
    model = LengthModel(float(rng.uniform(0.3, 3.0)), float(rng.uniform(0.5, 20.0)))
    x = rng.integers(1, 120, len(src_tokens)).astype(float)
    y = rng.integers(1, 120, len(tgt_tokens)).astype(float)
    if not lexical:
        return BeadCosts(x, y, model, GALE_CHURCH_PRIORS, open_edges=open_edges)
    likelihood = from_input(LexicalInput(src_tokens, tgt_tokens, 21)).with_shares(
        float(rng.uniform(0.05, 0.95)), float(rng.uniform(0.05, 0.95)), float(rng.uniform(0.0, 0.5)))
    endings = (rng.integers(0, 3, len(x)), rng.integers(0, 3, len(y)), rng.normal(size=(3, 3)))
    return BeadCosts(x, y, model, EVIDENCE_PRIORS, likelihood=likelihood, endings=endings, open_edges=open_edges)


edges = st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans())


@settings(max_examples=80)
@given(tokens, tokens, st.integers(0, 2**32 - 1), st.booleans(), st.sampled_from([1, 2, 8]), edges)
def test_the_search_is_never_cheaper_than_exact_and_costs_what_it_says(src, tgt, seed, lexical, margin, open_edges):
    """Both methods' cost models, any edges open, from any starting margin: the confirmed path is
    a real path (every sentence once), its cost is the sum of its beads' costs, and it is never
    cheaper than the optimum."""
    costs = random_costs(src, tgt, seed, lexical, open_edges)
    if costs.n == 0 or costs.m == 0:
        return
    found = search(costs, lambda w: diagonal_corridor(costs.n, costs.m, w), margin, confirm=True)
    check_coverage(found.beads, costs.n, costs.m)
    assert found.confirmed
    assert sum(costs.path_costs(found.beads)) == pytest.approx(found.total, rel=1e-9, abs=1e-9)
    assert found.total >= exact_cost(costs) - 1e-9 * max(1.0, abs(found.total))


@settings(max_examples=60)
@given(st.lists(st.lists(st.integers(0, 20), max_size=5), min_size=1, max_size=3),
       st.lists(st.lists(st.integers(0, 20), max_size=5), min_size=1, max_size=3),
       st.integers(0, 2**32 - 1), st.booleans(), edges)
def test_open_edges_cost_and_posteriors_match_brute_force(src, tgt, seed, lexical, open_edges):
    """On tiny inputs with any edges open, every bead sequence enumerated: the search finds the
    cheapest, an unpaired sentence at an open edge costs nothing, and each bead's posterior is the
    summed probability of the paths through it."""
    costs = random_costs(src, tgt, seed, lexical, open_edges)
    n, m = costs.n, costs.m
    paths = []

    def extend(i, j, acc):
        if i == n and j == m:
            paths.append(list(acc))
            return
        for a, b in costs.prior:
            if i + a <= n and j + b <= m:
                acc.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
                extend(i + a, j + b, acc)
                acc.pop()

    extend(0, 0, [])
    path_costs = np.array([sum(costs.path_costs(p)) for p in paths])
    found = search(costs, None, None, confirm=True)
    assert found.total == pytest.approx(path_costs.min(), rel=1e-9, abs=1e-9)
    lead_src, trail_src, lead_tgt, trail_tgt = open_edges
    src_alone, tgt_alone = [Bead((i,), ()) for i in range(n)], [Bead((), (j,)) for j in range(m)]
    if lead_src and trail_tgt:  # the source before the target, all of it at open edges
        assert sum(costs.path_costs(src_alone + tgt_alone)) == 0.0
    if lead_tgt and trail_src:
        assert sum(costs.path_costs(tgt_alone + src_alone)) == 0.0
    weights = np.exp(-(path_costs - path_costs.min()))
    for bead, posterior in zip(found.beads, posteriors(costs, found.corridor, found.beads)):
        through = sum(w for p, w in zip(paths, weights) if bead in p)
        assert posterior == pytest.approx(through / weights.sum(), rel=1e-5, abs=1e-7)


def model_document(rng, beads, model, priors, vocabulary=50_000):
    """A document drawn from the model: bead types by prior, target lengths ``c·l1`` plus noise of
    variance ``s2·l1``, and each pair's target sentences holding the words of its source
    sentences (an identity dictionary); unpaired sentences have words of their own."""
    types = list(priors)
    p = np.array([priors[t] for t in types])
    p /= p.sum()
    src_len, tgt_len, src_tok, tgt_tok, gold = [], [], [], [], []
    for _ in range(beads):
        a, b = types[rng.choice(len(types), p=p)]
        words = [list(rng.integers(0, vocabulary, int(rng.integers(max(3, b), 9)))) for _ in range(a)]
        lengths = [6.0 * len(w) + float(rng.integers(0, 10)) for w in words]
        pooled = [w for sentence in words for w in sentence] or list(rng.integers(0, vocabulary, 5))
        total = model.c * (sum(lengths) or 40.0) + (rng.normal() * math.sqrt(model.s2 * sum(lengths)) if a else 0.0)
        cuts = np.sort(rng.choice(np.arange(1, len(pooled)), size=b - 1, replace=False)) if b > 1 else []
        parts = np.split(np.array(pooled), cuts) if b else []
        gold.append(Bead(tuple(range(len(src_len), len(src_len) + a)), tuple(range(len(tgt_len), len(tgt_len) + b))))
        src_len += lengths
        src_tok += words
        tgt_len += [max(1.0, total * len(part) / len(pooled)) for part in parts]
        tgt_tok += [list(part) for part in parts]
    return src_len, tgt_len, LexicalInput(src_tok, tgt_tok, vocabulary), gold


@pytest.mark.parametrize("method", [LENGTH, LEXICAL], ids=lambda m: m.name)
@pytest.mark.parametrize("width", [1, 8])
def test_the_engine_finds_the_exact_optimum_on_documents_from_the_model(method, width):
    """Twenty documents of 40 beads per method, with the learning loop: the engine's corridors
    give the beads of the whole-matrix search, pass after pass (ties allowed: equal cost)."""
    rng = np.random.default_rng(11)
    model = LengthModel(0.4, 0.8)
    for _ in range(20):
        src, tgt, lexical, _ = model_document(rng, 40, model, method.priors)
        banded = align(src, tgt, lexical if method.lexical else None, method, width=width)
        exact = align(src, tgt, lexical if method.lexical else None, method, width=None)
        if banded.beads != exact.beads:
            assert banded.total_cost == pytest.approx(exact.total_cost, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("method", [LENGTH, LEXICAL], ids=lambda m: m.name)
def test_documents_from_the_model_are_recovered(method):
    """What the words add on such documents (short sentences, so lengths alone say little):
    measured over 20 documents of 40 beads with seeds 5, 6, 7: length 0.64, 0.63, 0.68 of the true
    beads; lexical 0.98, 0.99, 0.98."""
    rng = np.random.default_rng(5)
    model = LengthModel(0.4, 0.8)
    found = total = 0
    for _ in range(20):
        src, tgt, lexical, gold = model_document(rng, 40, model, method.priors)
        result = align(src, tgt, lexical if method.lexical else None, method)
        found += len(set(result.beads) & set(gold))
        total += len(gold)
    assert found / total >= (0.95 if method.lexical else 0.55), found / total


def test_a_method_without_its_input_is_refused():
    with pytest.raises(ValueError, match="lexical input"):
        align([10.0], [10.0], None, LEXICAL)


# --- paragraph ends as evidence -------------------------------------------------------------------

def _ends(sizes):
    return [k == size - 1 for size in sizes for k in range(size)]


def test_paragraph_ends_cost_where_pairs_keep_within_paragraphs():
    from bitext.align.learning import break_costs

    # one source sentence a paragraph, its translation two sentences of one target paragraph
    pairs = [Bead((i,), (2 * i, 2 * i + 1)) for i in range(30)]
    src_cum, tgt_cum, cost = break_costs(pairs, (_ends([1] * 30), _ends([2] * 30)))
    assert cost > 1.0
    assert src_cum[-1] == 30 and tgt_cum[-1] == 30 and len(tgt_cum) == 61


def test_paragraph_ends_cost_nothing_where_paragraphs_do_not_correspond():
    from bitext.align.learning import break_costs

    # 1-2 pairs over two texts cut into paragraphs of three sentences each, independently: the
    # pairs span paragraph ends as often as chance does
    pairs = [Bead((i,), (2 * i, 2 * i + 1)) for i in range(40)]
    assert break_costs(pairs, (_ends([3] * 13 + [1]), _ends([3] * 26 + [2])))[2] == 0.0
    assert break_costs([Bead((i,), (i,)) for i in range(10)], (_ends([2] * 5), _ends([2] * 5)))[2] == 0.0


def test_a_paragraph_end_inside_a_pair_costs_what_was_learned():
    lengths = [10.0, 10.0, 10.0]
    plain = BeadCosts(lengths, lengths, LengthModel(1.0, 6.8), EVIDENCE_PRIORS)
    src_cum, tgt_cum = np.array([0, 1, 2, 3]), np.array([0, 0, 1, 2])  # target: sentences 0 and 1 one paragraph
    broken = BeadCosts(lengths, lengths, LengthModel(1.0, 6.8), EVIDENCE_PRIORS, breaks=(src_cum, tgt_cum, 2.5))
    two = [Bead((0,), (0,)), Bead((1, 2), (1, 2))]  # source 1-2 spans a paragraph end, target 1-2 too
    within = [Bead((0,), (0, 1)), Bead((1,), (2,)), Bead((2,), ())]
    assert broken.path_costs(two)[1] == pytest.approx(plain.path_costs(two)[1] + 2 * 2.5)
    assert broken.path_costs(within) == pytest.approx(plain.path_costs(within))


# --- texts that correspond in part only ------------------------------------------------------------

@pytest.mark.parametrize("by_units", [False, True], ids=["sentences", "units"])
def test_an_excerpt_pairs_only_with_its_part_of_the_longer_text(by_units, monkeypatch):
    """A 30-sentence translation of sentences 100–129 of a 300-sentence text, each pair sharing
    one rare word among eight (weak evidence, as a dictionary gives for an old translation): the
    pairs are the excerpt's, and every other sentence of the longer text is left unpaired, not
    spread over the excerpt; also when the texts are matched by units of sentences, as texts of
    more than :data:`MUTUAL_CELLS` sentence pairs are."""
    from bitext.align import engine

    if by_units:
        monkeypatch.setattr(engine, "MUTUAL_CELLS", 1000)
        monkeypatch.setattr(engine, "MATCHED_UNIT_CELLS", 1000)
    rng = np.random.default_rng(7)
    src_tokens = [list(rng.integers(0, 400, 8)) + [1000 + k] for k in range(300)]
    tgt_tokens = [list(rng.integers(400, 800, 8)) + [1000 + k] for k in range(100, 130)]
    src_len = rng.integers(20, 120, 300).astype(float)
    tgt_len = np.array([src_len[k] * rng.uniform(0.8, 1.2) for k in range(100, 130)])
    result = align(src_len, tgt_len, LexicalInput(src_tokens, tgt_tokens, 2000))
    check_coverage(result.beads, 300, 30)
    pairs = [(b.src, b.tgt) for b in result.beads if b.src and b.tgt]
    assert pairs == [((100 + k,), (k,)) for k in range(30)]


def test_a_pair_ending_inside_a_quotation_on_one_side_only_costs_where_the_translation_keeps_its_quotations():
    """Where the confident pairs end with a quotation open on both sides or on neither, a pair
    that ends with one open on one side only costs more than the same endings otherwise; where the
    two sides' quotations do not correspond, nothing; where there are none, the table is as before."""
    from bitext.align.learning import ending_costs, quotation_cost

    n = 60
    pairs = [Bead((k,), (k,)) for k in range(n)]
    inside = np.array([k % 4 in (1, 2) for k in range(n)])
    ends = np.zeros(n, dtype=np.int64)
    cost = quotation_cost(pairs, inside, inside)
    assert cost > 1.0
    src, tgt, table = ending_costs(pairs, ends, ends, (inside, inside, cost))
    assert table[src[1], tgt[0]] - table[src[0], tgt[0]] == pytest.approx(cost)
    assert table[src[1], tgt[1]] == pytest.approx(table[src[0], tgt[0]])  # no reward for both open
    assert quotation_cost(pairs, inside, np.roll(inside, 1)) == 0.0
    plain = ending_costs(pairs, ends, ends)
    assert quotation_cost(pairs, np.zeros(n, bool), np.zeros(n, bool)) == 0.0
    assert np.array_equal(ending_costs(pairs, ends, ends, (np.zeros(n), np.zeros(n), 0.0))[2], plain[2])


def test_quotation_marks_are_told_from_apostrophes():
    from bitext.features import quotation_open

    assert quotation_open(["'I wouldn't say that,' said Grannie Liu.", "'Man proposes, God disposes.",
                           "It's up to us.", "Who knows?'", "The Jias' house stood."]) == [False, True, True, False, False]
    assert quotation_open(["他道：“这倒也不然。", "谋事在人。”"], paragraph_ends=[True, True]) == [True, False]
    assert quotation_open(["他道：“这倒也不然。", "谋事在人。"], paragraph_ends=[True, True]) == [True, False]
