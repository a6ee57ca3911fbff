"""The lexical method: its core on generated token data, and what it adds over length alone."""

import numpy as np
from hypothesis import given, settings, strategies as st
from scipy import sparse

from bitext.align import Bead, LengthModel, align_lengths, check_coverage, match_cost
from bitext.align.length import prior_costs
from bitext.align.costs import LengthCosts
from bitext.align.evidence import EVIDENCE_PRIORS, LexicalInput, align_with_evidence, paragraph_blocks
from bitext.align.lexical import LexicalScorer, count_matrix, ratio_cost, train_model1
from bitext.align.search import path_corridor
from bitext.lexicon import chinese_features, english_features, lexical_input


def _identity_input(src_tokens, tgt_tokens, features):
    return LexicalInput([list(t) for t in src_tokens], [list(t) for t in tgt_tokens], features)


def _parallel(n: int, seed: int, drop: set[int] = frozenset(), vocab: int = 5000):
    """n source sentences of equal length, each with its own rare words; the target repeats them
    (the same features: an identity dictionary) except the sentences in ``drop``."""
    rng = np.random.default_rng(seed)
    src = [list(rng.integers(0, vocab, 6)) for _ in range(n)]
    tgt = [list(s) for k, s in enumerate(src) if k not in drop]
    return src, tgt


@settings(max_examples=60)
@given(st.lists(st.lists(st.integers(0, 30), max_size=6), max_size=12),
       st.lists(st.lists(st.integers(0, 30), max_size=6), max_size=12),
       st.integers(1, 40), st.integers(1, 40))
def test_every_sentence_in_exactly_one_bead_with_any_tokens(src, tgt, a, b):
    src_lens = [a + len(t) for t in src]
    tgt_lens = [b + len(t) for t in tgt]
    result = align_with_evidence(src_lens, tgt_lens, _identity_input(src, tgt, 31), LengthModel(1.0, 6.8))
    check_coverage(result.beads, len(src), len(tgt))
    assert len(result.posteriors) == len(result.beads)
    assert all(0.0 <= p <= 1.0 for p in result.posteriors)


@settings(max_examples=30)
@given(st.integers(0, 10_000), st.integers(1, 8))
def test_lexical_evidence_finds_a_dropped_sentence_that_length_cannot(seed, drops):
    """All sentences have the same length: length alone cannot tell where the dropped ones were;
    their words can."""
    n = 60
    rng = np.random.default_rng(seed)
    drop = set(int(k) for k in rng.choice(n, drops, replace=False))
    src, tgt = _parallel(n, seed, drop)
    lengths_src, lengths_tgt = [30.0] * n, [30.0] * len(tgt)
    result = align_with_evidence(lengths_src, lengths_tgt, _identity_input(src, tgt, 5000), LengthModel(1.0, 6.8))
    kept = [k for k in range(n) if k not in drop]
    gold = {Bead((k,), (j,)) for j, k in enumerate(kept)} | {Bead((k,), ()) for k in drop}
    found = set(result.beads)
    assert len(found & gold) / len(gold) >= 0.95
    length_only = set(align_lengths(lengths_src, lengths_tgt, LengthModel(1.0, 6.8)).beads)
    assert len(found & gold) >= len(length_only & gold)


def test_long_text_is_searched_coarse_to_fine_in_a_narrow_corridor_without_drift():
    """3000 sentences, 300 untranslated target sentences inserted in the middle (far off the
    diagonal): the coarse levels find them, the corridor stays narrow."""
    n = 3000
    src, tgt = _parallel(n, 7, vocab=50_000)
    rng = np.random.default_rng(8)
    extra = [list(rng.integers(50_000, 60_000, 6)) for _ in range(300)]
    tgt = tgt[:1500] + extra + tgt[1500:]
    result = align_with_evidence([30.0] * n, [30.0] * len(tgt), _identity_input(src, tgt, 60_000),
                                 LengthModel(1.0, 6.8))
    gold = {Bead((k,), (k if k < 1500 else k + 300,)) for k in range(n)}
    assert len(set(result.beads) & gold) / n >= 0.99
    assert result.levels >= 2 and result.stats["corridor_cells"] < 50 * len(tgt)  # not n × m


def test_paragraph_blocks_confine_the_alignment():
    src, tgt = _parallel(20, 3)
    blocks = [Bead(tuple(range(10)), tuple(range(10))), Bead(tuple(range(10, 20)), tuple(range(10, 20)))]
    result = align_with_evidence([30.0] * 20, [30.0] * 20, _identity_input(src, tgt, 5000), LengthModel(1.0, 6.8),
                                 blocks=blocks)
    assert result.beads == [Bead((k,), (k,)) for k in range(20)]
    assert paragraph_blocks([[1, 1], []], [[1], [1]], [Bead((0,), (0,)), Bead((1,), (1,))])[1] == Bead((), (1,))


def test_similarity_of_a_bead_is_the_cosine_of_the_summed_vectors():
    src = count_matrix([[0, 1], [2]], 3)
    tgt = count_matrix([[0, 1, 2]], 3)
    scorer = LexicalScorer(src, tgt, weights=np.ones(3))
    assert abs(scorer.bead_similarity([Bead((0, 1), (0,))])[0] - 1.0) < 1e-6
    assert abs(scorer.bead_similarity([Bead((0,), (0,))])[0] - 2 / np.sqrt(2 * 3)) < 1e-6


@settings(max_examples=60)
@given(st.lists(st.lists(st.integers(0, 12), max_size=5), min_size=1, max_size=10),
       st.lists(st.lists(st.integers(0, 12), max_size=5), min_size=1, max_size=10),
       st.integers(0, 2**32 - 1), st.booleans())
def test_search_costs_a_bead_as_prior_plus_length_plus_similarity_cost(src, tgt, seed, endings):
    """The compiled cost the search adds up, for every bead of a random path, equals the
    formula computed apart: prior, Gale–Church length cost, the cost of the cosine of the summed
    vectors, and the ending cost."""
    rng = np.random.default_rng(seed)
    model = LengthModel(1.3, 5.0)
    x = rng.integers(1, 60, len(src)).astype(float)
    y = rng.integers(1, 60, len(tgt)).astype(float)
    scorer = LexicalScorer(count_matrix(src, 13), count_matrix(tgt, 13), weights=rng.random(13) + 0.1)
    scorer = scorer.with_cost(ratio_cost(rng.random(30), rng.random(30) / 2))
    ends = None
    if endings:
        ends = (rng.integers(0, 3, len(src)), rng.integers(0, 3, len(tgt)), rng.normal(size=(3, 3)))
    costs = LengthCosts(x, y, model, EVIDENCE_PRIORS, lexical=scorer, endings=ends)
    beads, i, j = [], 0, 0
    types = [t for t in EVIDENCE_PRIORS if t[0] <= 2 and t[1] <= 2]
    while i < len(src) or j < len(tgt):
        a, b = types[rng.integers(len(types))]
        a, b = min(a, len(src) - i), min(b, len(tgt) - j)
        if a == 0 and b == 0 or (a == 0 and b > 1) or (b == 0 and a > 1):
            a, b = (1, 0) if i < len(src) else (0, 1)
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    prior = prior_costs(EVIDENCE_PRIORS)
    sim = scorer.bead_similarity(beads)
    for bead, got, s in zip(beads, costs.path_costs(beads), sim):
        want = prior[bead.kind]
        if bead.src and bead.tgt:
            want += float(match_cost(x[list(bead.src)].sum(), y[list(bead.tgt)].sum(), model))
            if np.isfinite(s):
                want += float(scorer.cost_of(s))
            if ends is not None:
                want += ends[2][ends[0][bead.src[-1]], ends[1][bead.tgt[-1]]]
        assert abs(got - want) < 1e-5 * max(1.0, abs(want))


def test_ratio_cost_never_rewards_lower_similarity():
    rng = np.random.default_rng(0)
    cost = ratio_cost(rng.beta(5, 3, 500), rng.beta(1, 8, 2000))
    values = cost(np.linspace(0, 1, 50))
    assert np.all(np.diff(values) <= 1e-12) and values[0] > 0 > values[-1]


def test_model1_learns_a_translation_the_dictionary_lacks_and_keeps_the_prior_elsewhere():
    # word 1 -> feature 5 always; word 2 has a dictionary entry (feature 7) and is never seen
    prior = sparse.csr_matrix(([1.0], ([2], [7])), shape=(3, 8))
    pairs = [([1], [5, 6]) for _ in range(20)] + [([1], [5]) for _ in range(20)]
    table = train_model1(pairs, prior).toarray()
    assert table[1].argmax() == 5 and table[1, 5] > 0.6
    assert table[2, 7] == 1.0


def test_path_corridor_holds_the_path():
    beads = [Bead((0,), (0, 1)), Bead((1, 2), (2,)), Bead((), (3,)), Bead((3,), ())]
    lo, hi = path_corridor(beads, 4, 4, 0)
    i = j = 0
    for bead in beads:
        i, j = i + len(bead.src), j + len(bead.tgt)
        assert lo[i] <= j <= hi[i]


def test_features_share_numbers_marks_and_latin_words_across_languages():
    en = english_features("The 18th National Congress protects IPR: is it threescore and ten?")
    zh = chinese_features("十八大保護IPR，是七十嗎？")
    assert {"#18", "ipr", "?", "#70"} <= set(en) & set(zh)


def test_lexical_input_carries_chinese_into_english_features_through_the_dictionary():
    lexical = lexical_input(["We protect the environment."], "en", ["我们保护环境。"], "zh")
    assert lexical.tgt_table is not None and lexical.src_table is None
    vectors = count_matrix(lexical.tgt, lexical.tgt_table.shape[0]) @ lexical.tgt_table
    src_vector = count_matrix(lexical.src, lexical.features)
    assert float((vectors.multiply(src_vector)).sum()) > 0  # protect/environment found through CC-CEDICT
