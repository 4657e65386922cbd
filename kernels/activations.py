"""Activation functions: the functions themselves, and Modules with forward and backward.

Every function takes an array of any shape and works elementwise, except softmax and log_softmax
(which normalise along `axis`). Each Module caches what its backward needs, e.g. `self.out`.
"""

from __future__ import annotations

import math

import numpy as np

from kernels.base import Module
from kernels.tracing import traced_op

# NumPy has no erf; math.erf is exact to double precision, vectorised elementwise
_erf = np.vectorize(math.erf, otypes=[np.float64])


# ---------------------------------------------------------------- functions


@traced_op
def step(x):
    """Heaviside step: 1 where x > 0, else 0. Its gradient is 0 almost everywhere."""
    return (x > 0).astype(x.dtype)


@traced_op
def sigmoid(x):
    """1 / (1 + e^-x), computed without overflow: exp only ever sees -|x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@traced_op
def tanh(x):
    return np.tanh(x)


@traced_op
def relu(x):
    return np.maximum(x, 0.0)


@traced_op
def leaky_relu(x, negative_slope=0.01):
    return np.where(x > 0, x, negative_slope * x)


@traced_op
def elu(x, alpha=1.0):
    # expm1 of min(x, 0): accurate near 0 and never overflows for large x
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


@traced_op
def gelu(x, approximate="none"):
    """x * Phi(x), Phi the standard normal CDF; approximate="tanh" uses the tanh formula."""
    if approximate == "tanh":
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


@traced_op
def softmax(x, axis=-1):
    """e^x / sum(e^x) along `axis`; subtracting the max first keeps exp from overflowing."""
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@traced_op
def log_softmax(x, axis=-1):
    """x - log(sum(e^x)) along `axis`, via the max-shifted log-sum-exp."""
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


# ---------------------------------------------------------------- modules


class Step(Module):
    def forward(self, x):
        return step(x)

    def backward(self, dout):
        return np.zeros_like(dout)


class Sigmoid(Module):
    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


class Tanh(Module):
    def forward(self, x):
        self.out = tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out**2)


class ReLU(Module):
    def forward(self, x):
        self.mask = x > 0
        return relu(x)

    def backward(self, dout):
        return dout * self.mask


class LeakyReLU(Module):
    def __init__(self, negative_slope=0.01):
        self.negative_slope = negative_slope

    def forward(self, x):
        self.mask = x > 0
        return leaky_relu(x, self.negative_slope)

    def backward(self, dout):
        return np.where(self.mask, dout, self.negative_slope * dout)


class ELU(Module):
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def forward(self, x):
        self.x = x
        self.out = elu(x, self.alpha)
        return self.out

    def backward(self, dout):
        # for x <= 0: d/dx alpha*(e^x - 1) = alpha*e^x = out + alpha
        return np.where(self.x > 0, dout, dout * (self.out + self.alpha))


class GELU(Module):
    """GELU; approximate="none" (exact, with erf) or "tanh", as torch.nn.GELU."""

    def __init__(self, approximate="none"):
        self.approximate = approximate

    def forward(self, x):
        self.x = x
        return gelu(x, self.approximate)

    def backward(self, dout):
        x = self.x
        if self.approximate == "tanh":
            c = math.sqrt(2.0 / math.pi)
            inner = c * (x + 0.044715 * x**3)
            t = np.tanh(inner)
            d_inner = c * (1.0 + 3 * 0.044715 * x**2)
            return dout * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * d_inner)
        cdf = 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))
        pdf = np.exp(-0.5 * x**2) / math.sqrt(2.0 * math.pi)
        return dout * (cdf + x * pdf)


class Softmax(Module):
    def __init__(self, axis=-1):
        self.axis = axis

    def forward(self, x):
        self.out = softmax(x, self.axis)
        return self.out

    def backward(self, dout):
        # Jacobian-vector product: s * (dout - sum(dout * s))
        s = self.out
        return s * (dout - (dout * s).sum(axis=self.axis, keepdims=True))


class LogSoftmax(Module):
    def __init__(self, axis=-1):
        self.axis = axis

    def forward(self, x):
        self.out = log_softmax(x, self.axis)
        return self.out

    def backward(self, dout):
        # d log_softmax: dout - softmax * sum(dout)
        return dout - np.exp(self.out) * dout.sum(axis=self.axis, keepdims=True)
