"""Linear, Embedding, Dropout, Flatten, Sequential against torch and numerical gradients."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.activations import ReLU, Tanh
from kernels.linear import Dropout, Embedding, Flatten, Linear, Sequential

seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=20, deadline=None)
@given(
    lead=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple),
    fan_in=st.integers(1, 8),
    fan_out=st.integers(1, 8),
    bias=st.booleans(),
    seed=seeds,
)
def test_linear_matches_torch(lead, fan_in, fan_out, bias, seed, assert_matches_torch):
    x = np.random.default_rng(seed).standard_normal((*lead, fan_in))
    assert_matches_torch(Linear(fan_in, fan_out, bias=bias, rng=seed), x)


def test_linear_gradients_numerically(assert_gradients_ok):
    x = np.random.default_rng(0).standard_normal((2, 3, 4))  # (B, T, C)
    assert_gradients_ok(Linear(4, 5, rng=0), x)


def test_linear_rejects_wrong_width_with_a_clear_message():
    with pytest.raises(ValueError, match="in_features=4"):
        Linear(4, 2)(np.zeros((3, 5)))


def test_linear_init_bounds_follow_torch_default():
    layer = Linear(100, 50, rng=0)
    bound = 1 / np.sqrt(100)
    assert np.abs(layer.weight.data).max() <= bound
    assert np.abs(layer.weight.data).max() > 0.9 * bound  # it is spread across the range
    assert layer.num_parameters() == 100 * 50 + 50


@settings(max_examples=15, deadline=None)
@given(num=st.integers(2, 10), dim=st.integers(1, 6), seed=seeds)
def test_embedding_matches_torch_with_repeated_indices(num, dim, seed, assert_matches_torch):
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, num, size=(3, 4))  # repeats are likely: their gradients must add up
    assert_matches_torch(Embedding(num, dim, rng=seed), idx)


def test_dropout_train_mask_matches_torch_when_applied_to_torch():
    torch = pytest.importorskip("torch", reason="torch is not installed")
    drop = Dropout(0.3, rng=0)
    x = np.random.default_rng(1).standard_normal((50, 40))
    out = drop(x)
    kept = drop.mask != 0
    assert 0.6 < kept.mean() < 0.8  # about 70% survive
    np.testing.assert_allclose(out[kept], x[kept] / 0.7)
    # torch's dropout with the same mask: mask * x, and the gradient is the same mask
    tx = torch.tensor(x, requires_grad=True)
    (tx * torch.tensor(drop.mask)).sum().backward()
    np.testing.assert_allclose(drop.backward(np.ones_like(x)), tx.grad.numpy())


def test_dropout_is_identity_in_eval_and_reproducible_by_seed():
    x = np.ones((4, 5))
    drop = Dropout(0.5).eval()
    np.testing.assert_array_equal(drop(x), x)
    np.testing.assert_array_equal(drop.backward(x), x)
    np.testing.assert_array_equal(Dropout(0.5, rng=7)(x), Dropout(0.5, rng=7)(x))


def test_flatten_and_sequential_match_torch(assert_matches_torch):
    rng = np.random.default_rng(0)
    model = Sequential(Flatten(), Linear(12, 6, rng=1), Tanh(), Linear(6, 3, rng=2), ReLU())
    assert_matches_torch(model, rng.standard_normal((5, 3, 2, 2)))
    assert [name for name, _ in model.named_parameters()] == [
        "1.weight",
        "1.bias",
        "3.weight",
        "3.bias",
    ]


def test_sequential_backward_numerically(assert_gradients_ok):
    model = Sequential(Linear(4, 6, rng=1), Tanh(), Linear(6, 2, rng=2))
    assert_gradients_ok(model, np.random.default_rng(0).standard_normal((3, 4)))


def test_gradients_accumulate_until_zero_grad():
    layer = Linear(3, 2, rng=0)
    x = np.ones((1, 3))
    for _ in range(2):
        layer(x)
        layer.backward(np.ones((1, 2)))
    np.testing.assert_allclose(layer.bias.grad, [2.0, 2.0])
    layer.zero_grad()
    np.testing.assert_array_equal(layer.bias.grad, 0.0)


def test_module_repr_train_eval_and_parameter_count():
    model = Sequential(Linear(4, 8, rng=0), Dropout(0.5), Sequential(Linear(8, 2, rng=1)))
    assert repr(model).splitlines() == [
        "Sequential(",
        "  (0): Linear(weight=(8, 4), bias=(8,))",
        "  (1): Dropout()",
        "  (2): Sequential(",
        "    (0): Linear(weight=(2, 8), bias=(2,))",
        "  )",
        ")",
    ]
    model.eval()
    assert not model[1].training and not model[2][0].training
    assert model.num_parameters() == 4 * 8 + 8 + 8 * 2 + 2
