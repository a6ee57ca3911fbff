"""The translation likelihood of a bead (``bitext.align.likelihood``): the compiled costs against
its formula written out densely, the fair competition between a bead and its parts, and the
estimates of its shares."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import sparse

from bitext.align import Bead, LengthModel, LexicalInput
from bitext.align.corridor import full_corridor, path_corridor
from bitext.align.costs import BeadCosts
from bitext.align.engine import EVIDENCE_PRIORS
from bitext.align.likelihood import (Likelihood, background, background_share, from_input, links_from_table,
                                     unexplained_share)
from bitext.align.search import sweep, trace

sentences = st.lists(st.lists(st.integers(0, 11), max_size=6), min_size=1, max_size=9)


def random_likelihood(src, tgt, seed, words_are_src):
    """A likelihood over random tokens: one side's tokens are words (ids 1..11) carried through a
    random sparse table into the other side's features (ids 0..11), with random shares."""
    rng = np.random.default_rng(seed)
    table = sparse.random(12, 12, density=0.3, random_state=rng, format="csr")
    table.data += 0.05
    table = sparse.diags(1.0 / np.maximum(np.asarray(table.sum(axis=1)).ravel(), 1e-9)) @ table
    table = sparse.csr_matrix(table)
    words = [[t for t in s if t > 0] for s in (src if words_are_src else tgt)]
    if words_are_src:
        lexical = LexicalInput(words, tgt, 12, src_table=table)
    else:
        lexical = LexicalInput(src, words, 12, tgt_table=table)
    shares = rng.uniform(0.05, 0.95, 2)
    return from_input(lexical).with_shares(float(shares[0]), float(shares[1]), float(rng.uniform(0.0, 0.6))), table


def dense_cost(likelihood: Likelihood, bead: Bead) -> float:
    """The lexical cost of a bead written out with dense arrays (see the module's formula)."""
    links = likelihood.links.matrix.toarray().astype(float)
    back = likelihood.links.matrix.copy()
    back.data = likelihood.links.backward
    back = back.toarray().astype(float)
    forward, backward = (links.T, back.T) if likelihood.links.by_target else (links, back)  # src × tgt units
    s = likelihood.src.toarray()[list(bead.src)].sum(axis=0)
    t = likelihood.tgt.toarray()[list(bead.tgt)].sum(axis=0)
    if s.sum() == 0 or t.sum() == 0:
        return 0.0
    e_f, e_b = likelihood.eps_fwd, likelihood.eps_bwd
    held_t, held_s = t > 0, s > 0  # the sums run over the tokens the bead holds
    fwd = np.sum(t[held_t] * np.log(e_f + (1 - e_f) * (s @ forward)[held_t] / (s.sum() * likelihood.p_tgt[held_t])))
    bwd = np.sum(s[held_s] * np.log(e_b + (1 - e_b) * (backward @ t)[held_s] / (t.sum() * likelihood.p_src[held_s])))
    evidence = 0.5 * (fwd + bwd)
    share = likelihood.share
    return float(-np.logaddexp(np.log1p(-share) + evidence, np.log(share))) if share > 0 else -evidence


@settings(max_examples=60, deadline=None)
@given(sentences, sentences, st.integers(0, 2**32 - 1), st.booleans())
def test_the_compiled_cost_of_every_bead_is_the_formula(src, tgt, seed, words_are_src):
    """Every bead type at every cell of the whole matrix (its table built row by row, the links
    starting from either side) costs its prior plus the formula."""
    likelihood, _ = random_likelihood(src, tgt, seed, words_are_src)
    n, m = len(src), len(tgt)
    costs = BeadCosts(np.ones(n), np.ones(m), LengthModel(1.0, 1.0), EVIDENCE_PRIORS, likelihood=likelihood,
                      length_weight=0.0)
    model = costs.compiled(full_corridor(n, m))
    for k, (a, b) in enumerate(costs.across):
        if b == 0:
            continue
        for i in range(a, n + 1):
            for j in range(b, m + 1):
                got = model.bead_costs(np.array([k]), np.array([i]), np.array([j]))[0] - costs.prior[(a, b)]
                want = dense_cost(likelihood, Bead(tuple(range(i - a, i)), tuple(range(j - b, j))))
                assert got == pytest.approx(want, abs=2e-4, rel=1e-4)


@settings(max_examples=40, deadline=None)
@given(sentences, sentences, st.integers(0, 2**32 - 1), st.booleans(), st.integers(1, 4))
def test_a_path_costs_the_sum_of_its_beads_in_any_corridor(src, tgt, seed, words_are_src, margin):
    """The sweep over a corridor (its own table) and the beads' costs read again agree."""
    likelihood, _ = random_likelihood(src, tgt, seed, words_are_src)
    n, m = len(src), len(tgt)
    costs = BeadCosts(np.arange(1, n + 1) * 3.0, np.arange(1, m + 1) * 2.0, LengthModel(0.7, 2.0), EVIDENCE_PRIORS,
                      likelihood=likelihood)
    corridor = path_corridor([Bead(tuple(range(n)), ())] + [Bead((), (j,)) for j in range(m)], n, m, margin)
    corridor = full_corridor(n, m) if margin == 4 else corridor
    values, back = sweep(costs, corridor, soft=False)
    beads, bead_costs, _ = trace(values, back, costs, corridor)
    assert sum(bead_costs) == pytest.approx(float(values.at(n, m)), abs=1e-6)
    assert costs.path_costs(beads) == pytest.approx(bead_costs, abs=1e-6)


def test_an_unrelated_sentence_added_to_a_bead_costs_its_tokens():
    """Fair competition: a bead's evidence is its sentences' evidence added up, so a sentence whose
    tokens the other side does not explain lowers the evidence of a bead it joins by at least half
    of ``-log ε`` per token (the direction explaining it), instead of riding along for free."""
    table = sparse.csr_matrix(np.eye(6)[[0, 1, 2, 3, 4, 5]])  # word k translates to feature k
    src = [[1, 2, 3]]
    tgt = [[1, 2, 3], [4, 5, 4]]
    lexical = LexicalInput(src, tgt, 6, src_table=table)
    likelihood = from_input(lexical).with_shares(0.3, 0.3, 0.0)
    alone, merged = likelihood.evidence([Bead((0,), (0,)), Bead((0,), (0, 1))])
    assert alone > 0
    assert merged <= alone + 0.5 * 3 * np.log(0.3) + 1e-9


def test_the_unexplained_share_bounds_the_cost_of_a_pair():
    """However little a pair's words explain each other, its lexical cost is at most -log s."""
    table = sparse.csr_matrix(np.eye(4))
    lexical = LexicalInput([[1, 1, 1, 1]], [[2, 3, 2, 3]], 4, src_table=table)
    for share in (0.05, 0.3):
        likelihood = from_input(lexical).with_shares(0.1, 0.1, share)
        costs = BeadCosts([10.0], [10.0], LengthModel(1.0, 1.0), {(1, 1): 1.0, (1, 0): 1.0, (0, 1): 1.0},
                          likelihood=likelihood, length_weight=0.0)
        cost = costs.compiled(full_corridor(1, 1)).bead_costs(np.array([0]), np.array([1]), np.array([1]))[0]
        assert cost - costs.prior[(1, 1)] == pytest.approx(-np.log(share), abs=0.05)


def test_the_links_start_from_the_words_on_either_side():
    """The same table gives the same costs whichever side the words are on (a bead transposed)."""
    rng = np.random.default_rng(4)
    table = sparse.csr_matrix(rng.random((5, 5)) * (rng.random((5, 5)) < 0.5))
    table.data += 0.01
    words = [[1, 2], [3, 4, 4]]
    features = [[0, 1, 2], [3], [4, 2]]
    zh_src = from_input(LexicalInput(words, features, 5, src_table=table)).with_shares(0.4, 0.6, 0.1)
    zh_tgt = from_input(LexicalInput(features, words, 5, tgt_table=table)).with_shares(0.6, 0.4, 0.1)
    beads = [Bead((0,), (0, 1)), Bead((1,), (2,)), Bead((0, 1), (2,))]
    assert zh_tgt.evidence([b.transposed() for b in beads]) == pytest.approx(zh_src.evidence(beads))


def test_bayes_reverses_the_table_with_the_words_prior():
    table = sparse.csr_matrix(np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 0.5]]))
    links = links_from_table(table, np.array([0.0, 0.25, 0.75]), True)
    # t(word 1 | feature 0) = 1·0.25 / (1·0.25 + 0.5·0.75)
    assert links.backward[0] == pytest.approx(0.25 / 0.625)
    assert not links.by_target and links_from_table(table, np.ones(3) / 3, False).by_target


def test_the_shares_are_recovered_from_mixtures():
    """Tokens drawn from the background with probability ε are found to be a share ε; pairs whose
    evidence is that of random pairs in a proportion s are found to be a share s."""
    rng = np.random.default_rng(7)
    background_p, translation_p = rng.dirichlet(np.ones(300)), rng.dirichlet(np.full(300, 0.05))
    for eps in (0.2, 0.5, 0.8):
        size = 20_000
        tokens = np.where(rng.random(size) < eps, rng.choice(300, size, p=background_p),
                          rng.choice(300, size, p=translation_p))
        ratios = (np.zeros(size, dtype=np.int64), np.ones(size), translation_p[tokens] / background_p[tokens])
        assert abs(background_share(ratios) - eps) < 0.03
    for share in (0.1, 0.4):
        k = int(share * 4000)
        evidence = np.concatenate((rng.normal(-4.0, 1.0, k), rng.normal(8.0, 2.0, 4000 - k)))
        assert abs(unexplained_share(evidence) - share) < 0.05


def test_background_smooths_the_side_s_units_and_gives_the_others_no_share():
    """Add-half smoothing over the units a side holds; a unit of the vocabulary it does not hold
    (one of the sentence pairs given to learn from) takes nothing from the others."""
    counts = sparse.csr_matrix(np.array([[3.0, 0.0, 1.0]]))
    p = background(counts)
    assert p.sum() == pytest.approx(1.0) and p[1] == 0.0 and p[0] > p[2] > 0.25
    wider = background(sparse.hstack([counts, sparse.csr_matrix((1, 50))]).tocsr())
    assert wider[:3].tolist() == pytest.approx(p.tolist())


def test_the_cores_fast_logarithm_is_the_logarithm():
    from bitext.align._core import fast_log

    for x in np.concatenate((np.geomspace(1e-6, 1e12, 2000), 1.0 + np.linspace(0, 1, 500))):
        assert fast_log(float(x)) == pytest.approx(np.log(x), abs=1e-9)
