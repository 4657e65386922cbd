"""Activations: forward and backward equal torch's, and stay finite on extreme inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels import activations as act

shapes = st.lists(st.integers(1, 6), min_size=1, max_size=3).map(tuple)
seeds = st.integers(0, 2**32 - 1)

ELEMENTWISE = [
    act.Sigmoid(),
    act.Tanh(),
    act.ReLU(),
    act.LeakyReLU(0.2),
    act.ELU(0.7),
    act.GELU(),
    act.GELU("tanh"),
]


@pytest.mark.parametrize(
    "module",
    [*ELEMENTWISE, act.Step(), act.Softmax(), act.LogSoftmax(), act.Softmax(0)],
    ids=lambda m: type(m).__name__,
)
@settings(max_examples=15, deadline=None)
@given(shape=shapes, seed=seeds)
def test_matches_torch(module, shape, seed, assert_matches_torch):
    x = np.random.default_rng(seed).standard_normal(shape) * 3
    assert_matches_torch(module, x)


@pytest.mark.parametrize(
    "module", [*ELEMENTWISE, act.Softmax(), act.LogSoftmax()], ids=lambda m: type(m).__name__
)
def test_backward_matches_numerical_gradient(module, assert_gradients_ok):
    x = np.random.default_rng(1).standard_normal((3, 5)) * 2
    assert_gradients_ok(module, x)


def test_step_is_zero_or_one_with_zero_gradient():
    step = act.Step()
    x = np.array([-2.0, 0.0, 1e-9, 3.0])
    np.testing.assert_array_equal(step(x), [0, 0, 1, 1])
    np.testing.assert_array_equal(step.backward(np.ones(4)), 0)


def test_extreme_inputs_stay_finite():
    x = np.array([[-1000.0, 0.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = act.sigmoid(x)
        p = act.softmax(x)
        logp = act.log_softmax(x)
    np.testing.assert_allclose(s, [[0.0, 0.5, 1.0]])
    np.testing.assert_allclose(p, [[0.0, 0.0, 1.0]])
    np.testing.assert_allclose(logp, [[-2000.0, -1000.0, 0.0]])


def test_softmax_rows_sum_to_one_and_log_softmax_agrees():
    x = np.random.default_rng(0).standard_normal((4, 7)) * 10
    np.testing.assert_allclose(act.softmax(x).sum(axis=-1), 1.0)
    np.testing.assert_allclose(np.exp(act.log_softmax(x)), act.softmax(x))
    np.testing.assert_allclose(act.softmax(x, axis=0).sum(axis=0), 1.0)


def test_gelu_tanh_approximation_is_close_to_exact():
    x = np.linspace(-5, 5, 101)
    assert np.abs(act.gelu(x) - act.gelu(x, "tanh")).max() < 1e-3
    assert act.gelu(np.array([0.0]))[0] == 0.0
