"""Weight initialisation: Xavier/Glorot and He/Kaiming, with torch.nn.init's formulas.

Each function returns a new array of `shape` drawn from `rng` (a numpy Generator, a seed, or
None). Shapes follow torch: a Linear weight is (out_features, in_features), a Conv2d weight is
(C_out, C_in / groups, kH, kW).
"""

from __future__ import annotations

import math

import numpy as np


def make_rng(rng=None) -> np.random.Generator:
    """A Generator from a seed, an existing Generator (returned as is), or None (fresh)."""
    return rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)


def fan_in_and_fan_out(shape) -> tuple[int, int]:
    """(fan_in, fan_out): inputs and outputs feeding one unit, counting the kernel window."""
    if len(shape) < 2:
        raise ValueError(f"fan in/out need at least 2 dimensions, got shape {tuple(shape)}")
    receptive_field = math.prod(shape[2:])
    return shape[1] * receptive_field, shape[0] * receptive_field


def calculate_gain(nonlinearity="leaky_relu", param=None) -> float:
    """The factor that keeps activations' variance steady through `nonlinearity`."""
    if nonlinearity in ("linear", "identity", "sigmoid", "conv1d", "conv2d", "conv3d"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"unknown nonlinearity {nonlinearity!r}")


def uniform(shape, bound, rng=None) -> np.ndarray:
    return make_rng(rng).uniform(-bound, bound, size=shape)


def xavier_uniform(shape, gain=1.0, rng=None) -> np.ndarray:
    """U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = fan_in_and_fan_out(shape)
    return uniform(shape, gain * math.sqrt(6.0 / (fan_in + fan_out)), rng)


def xavier_normal(shape, gain=1.0, rng=None) -> np.ndarray:
    """N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = fan_in_and_fan_out(shape)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return make_rng(rng).normal(0.0, std, size=shape)


def _kaiming_std(shape, a, mode, nonlinearity) -> float:
    fan_in, fan_out = fan_in_and_fan_out(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """U(-b, b) with b = sqrt(3) * gain / sqrt(fan): He initialisation for ReLU-like layers."""
    return uniform(shape, math.sqrt(3.0) * _kaiming_std(shape, a, mode, nonlinearity), rng)


def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    """N(0, std^2) with std = gain / sqrt(fan)."""
    std = _kaiming_std(shape, a, mode, nonlinearity)
    return make_rng(rng).normal(0.0, std, size=shape)


def default_layer_init(weight_shape, bias_shape, rng=None):
    """torch's default for Linear and Conv layers: weight and bias ~ U(-1/sqrt(fan_in), ...).

    (That is kaiming_uniform with a=sqrt(5), which works out to bound 1/sqrt(fan_in).)
    """
    rng = make_rng(rng)
    weight = kaiming_uniform(weight_shape, a=math.sqrt(5.0), rng=rng)
    fan_in, _ = fan_in_and_fan_out(weight_shape)
    bias = uniform(bias_shape, 1.0 / math.sqrt(fan_in), rng) if bias_shape else None
    return weight, bias
