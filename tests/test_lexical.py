"""The lexical method: its core on generated token data, and what it adds over length alone."""

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st
from scipy import sparse

from bitext.align import LEXICAL, Bead, LengthModel, LexicalInput, align, align_lengths, check_coverage, match_cost
from bitext.align import model1 as model1_module
from bitext.align.corridor import path_corridor
from bitext.align.costs import BeadCosts
from bitext.align.engine import EVIDENCE_PRIORS, paragraph_blocks
from bitext.align.length import prior_costs
from bitext.align.model1 import train_model1
from bitext.align.similarity import Similarity, count_matrix, ratio_cost
from bitext.features import Vocabulary
from bitext.features import chinese_features, english_features, lexical_input


def align_with_evidence(src, tgt, lexical, model, blocks=None):
    """The lexical method from a given starting length model."""
    return align(src, tgt, lexical, LEXICAL, blocks=blocks, model=model)


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
    assert result.search.levels >= 2 and result.search.cells < 50 * len(tgt)  # not n × m


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
    scorer = Similarity(src, tgt, weights=np.ones(3))
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
    scorer = Similarity(count_matrix(src, 13), count_matrix(tgt, 13), weights=rng.random(13) + 0.1)
    scorer = scorer.with_cost(ratio_cost(rng.random(30), rng.random(30) / 2))
    ends = None
    if endings:
        ends = (rng.integers(0, 3, len(src)), rng.integers(0, 3, len(tgt)), rng.normal(size=(3, 3)))
    costs = BeadCosts(x, y, model, EVIDENCE_PRIORS, similarity=scorer, endings=ends)
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


def _model1_reference(pairs, prior, iterations=5, prior_weight=2.0):
    """Model 1 EM written out with dense arrays: the formula train_model1 compiles."""
    words, features = prior.shape
    dense_prior = prior.toarray()
    has_prior = dense_prior.sum(axis=1) > 0
    seen = np.zeros((words, features), dtype=bool)
    for z, e in pairs:
        for f in e:
            seen[[0, *z], f] = True
    t = np.where(seen, np.where(has_prior[:, None], dense_prior, 0.0) + 1.0 / features, 0.0)
    for _ in range(iterations):
        counts = np.zeros((words, features))
        for z, e in pairs:
            z = [0, *z]
            for f in e:
                total = sum(t[w, f] for w in z)
                for w in z:
                    counts[w, f] += t[w, f] / total
        alpha = prior_weight * has_prior
        t = np.where(seen, (counts + alpha[:, None] * dense_prior) / np.maximum((counts * seen).sum(axis=1)
                                                                                  + alpha, 1e-12)[:, None], 0.0)
    learned = counts + prior_weight * has_prior[:, None] * dense_prior
    return learned / np.maximum(learned.sum(axis=1, keepdims=True), 1e-12)


@settings(max_examples=40)
@given(st.lists(st.tuples(st.lists(st.integers(1, 7), max_size=4), st.lists(st.integers(0, 9), max_size=4)),
                min_size=1, max_size=12),
       st.integers(0, 2**32 - 1))
def test_model1_is_the_em_of_its_formula(pairs, seed):
    """The compiled Model 1 (its distinct word–feature keys from one sparse co-occurrence product)
    gives the table of the EM written out densely, before pruning."""
    assume(any(e for _, e in pairs))  # without links the prior is returned as it is
    rng = np.random.default_rng(seed)
    prior = sparse.random(8, 10, density=0.2, random_state=rng, format="csr")
    prior = sparse.diags(1.0 / np.maximum(np.asarray(prior.sum(axis=1)).ravel(), 1e-12)) @ prior
    want = _model1_reference(pairs, prior)
    want[(want < model1_module.MIN_TRANSLATION)] = 0.0
    got = train_model1(pairs, prior.tocsr(), iterations=5).toarray()
    keep = (want > 0).sum(axis=1) <= model1_module.MAX_TRANSLATIONS  # rows pruning does not cut further
    assert np.allclose(got[keep], want[keep], atol=1e-9)


def test_counting_features_leaves_the_token_ids_alone():
    ids = Vocabulary().encode([["b", "a", "b"], ["a"]])
    before = ids.ids.copy()
    assert count_matrix(ids, 2).toarray().tolist() == [[2.0, 1.0], [0.0, 1.0]]
    assert ids.ids.tolist() == before.tolist()


@settings(max_examples=40)
@given(st.lists(st.lists(st.integers(0, 9), max_size=5), min_size=2, max_size=10),
       st.lists(st.lists(st.integers(0, 9), max_size=5), min_size=2, max_size=10), st.integers(0, 2**32 - 1))
def test_mined_pairs_are_the_best_cosines_by_a_margin(src, tgt, seed):
    """Mining keeps, for each source sentence, its best cosine with any target sentence when it
    beats the runner-up by the margin: the same as comparing every pair densely."""
    from bitext.align.similarity import MINING_MARGIN, mined_similarity

    weights = np.random.default_rng(seed).random(10) + 0.1
    scorer = Similarity(count_matrix(src, 10), count_matrix(tgt, 10), weights=weights)
    s = scorer.src.toarray() * weights
    t = scorer.tgt.toarray() * weights
    norms = np.outer(np.linalg.norm(s, axis=1), np.linalg.norm(t, axis=1))
    cosines = np.sort((s @ t.T) / np.maximum(norms, 1e-12), axis=1)
    best, second = cosines[:, -1], cosines[:, -2]
    want = np.sort(best[(best > 0) & (best >= MINING_MARGIN * second)])
    got = np.sort(mined_similarity(scorer, sources=len(src)))
    assert got.shape == want.shape and np.allclose(got, want, atol=1e-6)


@settings(max_examples=40)
@given(st.lists(st.lists(st.integers(0, 9), max_size=5), min_size=1, max_size=8),
       st.lists(st.lists(st.integers(0, 9), max_size=5), min_size=1, max_size=8), st.integers(0, 2**32 - 1))
def test_bead_similarity_is_the_weighted_cosine_of_the_summed_vectors(src, tgt, seed):
    rng = np.random.default_rng(seed)
    weights = rng.random(10) + 0.1
    scorer = Similarity(count_matrix(src, 10), count_matrix(tgt, 10), weights=weights)
    beads = []
    for _ in range(10):
        i, j = int(rng.integers(0, len(src))), int(rng.integers(0, len(tgt)))
        beads.append(Bead(tuple(range(i, min(len(src), i + int(rng.integers(0, 3))))),
                          tuple(range(j, min(len(tgt), j + int(rng.integers(0, 3)))))))
    got = scorer.bead_similarity(beads)
    s, t = scorer.src.toarray() * weights, scorer.tgt.toarray() * weights
    for bead, value in zip(beads, got):
        a, b = s[list(bead.src)].sum(axis=0), t[list(bead.tgt)].sum(axis=0)
        if np.linalg.norm(a) == 0 or np.linalg.norm(b) == 0:
            assert np.isnan(value)
        else:
            assert abs(value - a @ b / (np.linalg.norm(a) * np.linalg.norm(b))) < 1e-6


@settings(max_examples=60)
@given(st.lists(st.lists(st.integers(0, 9), max_size=5), min_size=2, max_size=12),
       st.lists(st.lists(st.integers(0, 9), max_size=5), min_size=2, max_size=12), st.integers(0, 2**32 - 1),
       st.integers(1, 40))
def test_mutual_best_pairs_in_blocks_of_rows_are_those_of_the_whole_matrix(src, tgt, seed, block_cells):
    """Compared a few rows at a time (as long texts are), the pairs that are each other's best
    match by a margin are those the whole similarity matrix gives."""
    from bitext.align import similarity

    weights = np.random.default_rng(seed).random(10) + 0.1
    scorer = Similarity(count_matrix(src, 10), count_matrix(tgt, 10), weights=weights)
    s, t = scorer.src.toarray() * weights, scorer.tgt.toarray() * weights
    norm = lambda m: m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-30)
    sims = norm(s) @ norm(t).T
    best_col, rows = sims.argmax(axis=1), np.arange(len(src))
    row_two, col_two = -np.sort(-sims, axis=1)[:, :2], -np.sort(-sims, axis=0)[:2, :]
    keep = (row_two[:, 0] > 0) & (row_two[:, 0] >= 1.2 * row_two[:, 1]) & (sims.argmax(axis=0)[best_col] == rows)
    keep &= row_two[:, 0] >= 1.2 * col_two[1, best_col]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(similarity, "BLOCK_CELLS", block_cells)
        got_rows, got_cols = similarity.mutual_best_pairs(scorer)
    assert got_rows.tolist() == rows[keep].tolist() and got_cols.tolist() == best_col[keep].tolist()


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


def test_numerals_as_official_texts_and_novels_write_them_meet_their_english():
    """Years digit by digit, plans by number and year span, approximations, and 两 as a measure word."""
    pairs = [("In 2020 and in 1949.", "二〇二〇年和一九四九年。", {"#2020", "#1949"}),
             ("The 14th Five-Year Plan.", "“十四五”规划。", {"#14", "#5"}),
             ("A boy of fourteen or fifteen.", "一个十四五岁的男孩。", {"#14", "#15"}),
             ("Seventeen or eighteen somersaults.", "十七八个滚。", {"#17", "#18"}),
             ("About three taels of silver.", "约有三两银子。", {"#3"})]
    for en, zh, shared in pairs:
        assert shared <= set(english_features(en)) & set(chinese_features(zh)), (en, zh)
    assert "#2" not in chinese_features("约有三两银子。")  # the measure word is not a number


def test_lexical_input_carries_chinese_into_english_features_through_the_dictionary():
    lexical = lexical_input(["We protect the environment."], "en", ["我们保护环境。"], "zh")
    assert lexical.tgt_table is not None and lexical.src_table is None
    vectors = count_matrix(lexical.tgt, lexical.tgt_table.shape[0]) @ lexical.tgt_table
    src_vector = count_matrix(lexical.src, lexical.features)
    assert float((vectors.multiply(src_vector)).sum()) > 0  # protect/environment found through CC-CEDICT


def test_priors_counted_by_posterior_do_not_feed_on_unsure_beads():
    from bitext.align.learning import estimate_priors

    start = {(1, 1): 0.89, (1, 0): 0.01, (0, 1): 0.01, (2, 3): 0.002}
    beads = [Bead((0,), (0,))] * 80 + [Bead((0, 1), (0, 1, 2))] * 20
    whole = estimate_priors(beads, start)
    weighted = estimate_priors(beads, start, [1.0] * 80 + [0.1] * 20)
    assert whole[(2, 3)] > 0.1 and weighted[(2, 3)] < 0.02  # measured: 0.134 and 0.016


def test_sentence_pairs_given_to_learn_from_are_learned_from_only_when_they_translate():
    """A text whose words the dictionary does not know, and 2000 sentence pairs given to learn from:
    when they translate with the text's own words, Model 1 learns from them with the text's own
    pairs; when they are mismatched pairs, from the text's own pairs alone."""
    from bitext.align.learning import Vectors, learn_from_examples

    rng = np.random.default_rng(1)
    n, vocabulary = 120, 400
    feats = [list(rng.integers(0, vocabulary, 6)) for _ in range(n)]
    words = [[f + 1 for f in sentence] for sentence in feats]
    example_feats = [list(rng.integers(0, vocabulary, 6)) for _ in range(2000)]
    example_words = [[f + 1 for f in sentence] for sentence in example_feats]
    empty = sparse.csr_matrix((vocabulary + 1, vocabulary))
    beads = [Bead((k,), (k,)) for k in range(n)]
    common = np.zeros(vocabulary, dtype=bool)
    for pairs_words, expected in ((example_words, True), (example_words[1:] + example_words[:1], False)):
        lexical = LexicalInput(feats, words, vocabulary, tgt_table=empty, examples=(example_feats, pairs_words))
        found = Vectors(lexical)
        assert found.examples and found.examples_table is not None
        assert learn_from_examples(beads, found, common) is expected


def test_sentence_pairs_given_teach_what_the_text_says_little_of_and_never_outvote_it():
    """A memory of 250 pairs says word 1 means feature 5; the text's own 25 pairs say
    feature 0: Model 1 keeps the text's meaning. Word 2, once in the text beside features 2 and 3,
    takes the meaning the memory gives it (feature 2). (Word k + 1 is feature k in the rest.)"""
    from bitext.align.learning import Vectors, relearn_model1

    text = [([0], [1])] * 25 + [([2, 3], [2])] + [([k], [k + 1]) for k in range(10, 310)] * 2
    memory = [([5], [1])] * 250 + [([2], [2])] * 50
    empty = sparse.csr_matrix((311, 310))
    lexical = LexicalInput([f for f, _ in text], [w for _, w in text], 310, tgt_table=empty,
                           examples=([f for f, _ in memory], [w for _, w in memory]))
    beads = [Bead((k,), (k,)) for k in range(len(text))]
    table, trained, joined = relearn_model1(beads, Vectors(lexical), with_examples=True)
    t = table.toarray()
    assert joined and trained == len(text)
    assert t[1, 0] > 0.5 > t[1, 5]
    assert t[2, 2] > t[2, 3]


def test_sentence_pairs_that_do_not_join_leave_the_alignment_as_it_is_without_them(monkeypatch):
    """Given sentence pairs to learn from that the decision leaves out, the text is aligned, scored
    and estimated exactly as without them: their vocabulary shifts neither the background model
    nor the dictionary's links."""
    from bitext import align_sides, load_interleaved
    from bitext.align import learning
    from bitext.pipeline import Examples
    from bitext.segment.sides import make_side

    from conftest import XINHUA

    en, zh, _ = load_interleaved(str(XINHUA))
    english, chinese = make_side([en.sentences], "en"), make_side([zh.sentences], "zh", "", "Hant")
    alone = align_sides(english, chinese, "alone")
    monkeypatch.setattr(learning, "learn_from_examples", lambda *args: False)
    shifted = Examples(tuple(zip(["A new sentence about rivers and tea markets."] * 40 + en.sentences,
                                 ["河流与茶叶市场的新句子。"] * 40 + zh.sentences[7:] + zh.sentences[:7])), "unrelated")
    given = align_sides(english, chinese, "given", examples=shifted)
    assert [b.bead for b in given.beads] == [b.bead for b in alone.beads]
    # to the rounding of float32 sums over vocabularies of another size
    assert [b.score for b in given.beads] == pytest.approx([b.score for b in alone.beads], abs=1e-4)
    assert given.estimates.model == alone.estimates.model


def test_a_name_kept_in_pinyin_carries_a_sentence_the_dictionary_cannot():
    """王琦瑶 is not in CC-CEDICT (read character by character it is "king", "jade", "jasper"): its
    pinyin meets the English side's name, and the pair's vectors share it; without names they do
    not."""
    en = ["Then Wang Qiyao went home.", "The night was long."]
    zh = ["王琦瑶回家了。", "夜很长。"]
    for names, shared in ((True, True), (False, False)):
        lexical = lexical_input(en, "en", zh, "zh", names=names)
        tgt = count_matrix(lexical.tgt, lexical.tgt_table.shape[0]) @ lexical.tgt_table
        src = count_matrix(lexical.src, lexical.features)
        name_ids = [i for f, i in _feature_ids(en).items() if f in ("wang", "qiyao")]
        assert len(name_ids) == 2
        assert bool(tgt[0, name_ids].sum() > 0 and src[0, name_ids].sum() > 0) is shared


def test_a_synonym_of_a_gloss_is_evidence_where_the_gloss_is_not():
    """根基 is "foundation" to CC-CEDICT; the English says "base", which the dictionary gives
    beside "foundation" in other entries: with the glosses' synonyms the pair has evidence, without
    them none. The sentence vectors (which find blocks and excerpts) keep the glosses alone."""
    from bitext.align.likelihood import from_input

    en, zh = ["They laid the base."], ["他们立了根基。"]
    pair = [Bead((0,), (0,))]
    plain, related = (lexical_input(en, "en", zh, "zh", synonyms=synonyms) for synonyms in (False, True))
    assert from_input(related).evidence(pair)[0] > from_input(plain).evidence(pair)[0] + 0.1
    assert (related.tgt_table != plain.tgt_table).nnz == 0 and plain.prior_table is None


def test_a_name_printed_in_wade_giles_is_matched_too():
    """The same name as the older translations print it, in Wade–Giles with its hyphen and
    apostrophe (Wang Ch'i-yao): the pair shares the features of its three syllables."""
    en = ["Then Wang Ch'i-yao went home.", "The night was long."]
    zh = ["王琦瑶回家了。", "夜很长。"]
    lexical = lexical_input(en, "en", zh, "zh")
    tgt = count_matrix(lexical.tgt, lexical.tgt_table.shape[0]) @ lexical.tgt_table
    name_ids = [i for f, i in _feature_ids(en).items() if f in ("wang", "ch'i", "yao")]
    assert len(name_ids) == 3
    assert (tgt[0, name_ids].toarray() > 0).all() and tgt[1, name_ids].sum() == 0


def test_a_name_jieba_does_not_know_is_cut_whole_and_meets_its_english():
    """Ruth 4:20 (KJV, CUV): jieba alone cuts 亚米拿达 into 亚米 / 拿 / 达 (read as "Asia", "take",
    "reach"); CC-CEDICT's proper nouns keep it whole, and its gloss meets the English name."""
    en = ["And Amminadab begat Nahshon, and Nahshon begat Salmon,", "And Salmon begat Boaz,"]
    zh = ["亚米拿达生拿顺，拿顺生撒门，", "撒门生波阿斯，"]
    assert chinese_features(zh[0])[:3] == ["亚米拿达", "生", "拿顺"]
    lexical = lexical_input(en, "en", zh, "zh")
    tgt = count_matrix(lexical.tgt, lexical.tgt_table.shape[0]) @ lexical.tgt_table
    amminadab = _feature_ids(en)["amminadab"]
    assert tgt[0, amminadab] > 0 and tgt[1, amminadab] == 0
    plain = lexical_input(en, "en", zh, "zh", proper_nouns=False)  # the ablation: jieba as it ships
    assert (count_matrix(plain.tgt, plain.tgt_table.shape[0]) @ plain.tgt_table)[0, amminadab] == 0


def _feature_ids(sentences):
    """The feature ids lexical_input gives an English side's features (it numbers them in order)."""
    from bitext.features import english_features

    ids = {}
    for sentence in sentences:
        for feature in english_features(sentence):
            ids.setdefault(feature, len(ids))
    return ids
