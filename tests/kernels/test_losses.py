"""Losses: values and input gradients equal torch's; cross-entropy handles indices and one-hot."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels import losses
from kernels.activations import log_softmax, softmax

seeds = st.integers(0, 2**32 - 1)
sizes = st.tuples(st.integers(1, 6), st.integers(2, 6))
reductions = st.sampled_from(["mean", "sum"])


@settings(max_examples=20, deadline=None)
@given(shape=sizes, seed=seeds, reduction=reductions)
def test_regression_and_binary_losses_match_torch(shape, seed, reduction, assert_matches_torch):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal(shape) * 3, rng.standard_normal(shape)
    probs, labels = rng.uniform(0.01, 0.99, shape), rng.integers(0, 2, shape).astype(float)
    assert_matches_torch(losses.MSELoss(reduction), x, y)
    assert_matches_torch(losses.L1Loss(reduction), x, y)
    assert_matches_torch(losses.BCEWithLogitsLoss(reduction), x, labels)
    assert_matches_torch(losses.BCEWithLogitsLoss(reduction), x, probs)
    assert_matches_torch(losses.BCELoss(reduction), probs, labels)


@settings(max_examples=20, deadline=None)
@given(shape=sizes, seed=seeds, reduction=reductions)
def test_cross_entropy_matches_torch(shape, seed, reduction, assert_matches_torch):
    rng = np.random.default_rng(seed)
    n, c = shape
    logits = rng.standard_normal(shape) * 4
    targets = rng.integers(0, c, n)
    assert_matches_torch(losses.CrossEntropyLoss(reduction), logits, targets)
    one_hot = np.eye(c)[targets]
    assert_matches_torch(losses.CrossEntropyLoss(reduction), logits, one_hot)
    assert_matches_torch(
        losses.CrossEntropyLoss(reduction), logits, softmax(rng.normal(size=shape))
    )


def test_cross_entropy_indices_and_one_hot_agree_and_ignore_index_skips():
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((4, 5))
    targets = np.array([1, 0, 4, 2])
    by_index = losses.CrossEntropyLoss()(logits, targets)
    by_one_hot = losses.CrossEntropyLoss()(logits, np.eye(5)[targets])
    assert by_index == pytest.approx(by_one_hot)
    assert by_index == pytest.approx(-log_softmax(logits)[np.arange(4), targets].mean())
    padded = losses.CrossEntropyLoss()(logits, np.array([1, 0, -100, 2]))
    assert padded == pytest.approx(-log_softmax(logits)[[0, 1, 3], [1, 0, 2]].mean())


def test_cross_entropy_ignore_index_matches_torch(assert_matches_torch):
    logits = np.random.default_rng(3).standard_normal((5, 4))
    assert_matches_torch(losses.CrossEntropyLoss(), logits, np.array([3, -100, 0, -100, 1]))


@pytest.mark.filterwarnings("ignore:reduction. .mean. divides")
@settings(max_examples=15, deadline=None)
@given(shape=sizes, seed=seeds, reduction=st.sampled_from(["mean", "sum", "batchmean"]))
def test_kl_divergence_matches_torch(shape, seed, reduction, assert_matches_torch):
    rng = np.random.default_rng(seed)
    logq = log_softmax(rng.standard_normal(shape))
    p = softmax(rng.standard_normal(shape) * 2)
    p[0, 0] = 0.0  # a zero-probability target contributes nothing (not nan)
    assert_matches_torch(losses.KLDivLoss(reduction), logq, p)


def test_kl_of_a_distribution_with_itself_is_zero():
    p = softmax(np.random.default_rng(0).standard_normal((3, 4)))
    assert losses.KLDivLoss("batchmean")(np.log(p), p) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    "loss",
    [losses.MSELoss(), losses.L1Loss(), losses.BCEWithLogitsLoss()],
    ids=lambda m: type(m).__name__,
)
def test_loss_gradients_numerically(loss, assert_gradients_ok):
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))
    assert_gradients_ok(loss, x, y)


def test_cross_entropy_gradient_numerically(assert_gradients_ok):
    logits = np.random.default_rng(0).standard_normal((4, 3))
    assert_gradients_ok(losses.CrossEntropyLoss(), logits, np.array([0, 2, 1, 1]))


def test_losses_reject_mismatched_shapes():
    with pytest.raises(ValueError, match="must match"):
        losses.MSELoss()(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match=r"\(N,\)"):
        losses.CrossEntropyLoss()(np.zeros((3, 4)), np.zeros((2,), dtype=int))


def test_bce_stays_finite_at_certain_wrong_predictions():
    loss = losses.BCELoss()(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert loss == pytest.approx(100.0)  # log clamped at -100, like torch
    big = losses.BCEWithLogitsLoss()(np.array([1000.0]), np.array([0.0]))
    assert big == pytest.approx(1000.0)
