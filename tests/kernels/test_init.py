"""Initialisation: torch.nn.init's bounds and standard deviations, checked by statistics."""

import math

import numpy as np
import pytest

from kernels import init


@pytest.mark.parametrize("shape", [(256, 512), (64, 32, 3, 3)])
def test_xavier_uniform_bound_and_variance(shape):
    fan_in, fan_out = init.fan_in_and_fan_out(shape)
    w = init.xavier_uniform(shape, rng=0)
    bound = math.sqrt(6 / (fan_in + fan_out))
    assert np.abs(w).max() <= bound
    assert np.abs(w).max() > 0.99 * bound
    assert w.var() == pytest.approx(2 / (fan_in + fan_out), rel=0.05)


@pytest.mark.parametrize("shape", [(256, 512), (64, 32, 3, 3)])
def test_xavier_normal_std(shape):
    fan_in, fan_out = init.fan_in_and_fan_out(shape)
    w = init.xavier_normal(shape, gain=2.0, rng=0)
    assert w.std() == pytest.approx(2.0 * math.sqrt(2 / (fan_in + fan_out)), rel=0.05)
    assert abs(w.mean()) < 0.01 * w.std() * 10


def test_kaiming_for_relu_keeps_variance_2_over_fan_in():
    shape = (512, 300)
    w = init.kaiming_normal(shape, nonlinearity="relu", rng=0)
    assert w.var() == pytest.approx(2 / 300, rel=0.05)
    u = init.kaiming_uniform(shape, nonlinearity="relu", rng=0)
    assert np.abs(u).max() <= math.sqrt(6 / 300)
    assert u.var() == pytest.approx(2 / 300, rel=0.05)
    out = init.kaiming_normal(shape, mode="fan_out", nonlinearity="relu", rng=0)
    assert out.var() == pytest.approx(2 / 512, rel=0.05)


def test_conv_fans_count_the_kernel_window():
    assert init.fan_in_and_fan_out((16, 3, 5, 5)) == (75, 400)


def test_gains_match_torch():
    torch = pytest.importorskip("torch", reason="torch is not installed")
    for name, param in [
        ("relu", None),
        ("tanh", None),
        ("linear", None),
        ("leaky_relu", 0.2),
        ("selu", None),
        ("sigmoid", None),
    ]:
        assert init.calculate_gain(name, param) == pytest.approx(
            torch.nn.init.calculate_gain(name, param)
        )


def test_same_seed_same_weights():
    np.testing.assert_array_equal(
        init.xavier_uniform((3, 4), rng=5), init.xavier_uniform((3, 4), rng=5)
    )
