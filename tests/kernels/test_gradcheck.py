"""The numerical gradient checker: it agrees with correct backward passes and catches wrong ones."""

import numpy as np
import pytest

from kernels.activations import Sigmoid
from kernels.base import Module, Parameter
from kernels.gradcheck import gradcheck, numerical_grad, relative_error


def test_numerical_grad_of_a_known_function():
    x = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(numerical_grad(lambda v: np.sum(v**3), x), 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 3.0])  # restored after perturbing


def test_numerical_grad_with_a_closure_over_the_array():
    w = np.array([[1.0, 2.0]])
    np.testing.assert_allclose(numerical_grad(lambda: float((w**2).sum()), w), 2 * w, rtol=1e-8)


class _WrongSigmoid(Module):
    """A learner's typical mistake: forgets the chain rule's (1 - s) factor."""

    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out


class _Scale(Module):
    def __init__(self):
        self.w = Parameter(np.array([2.0, 3.0]))

    def forward(self, x):
        self.x = x
        return x * self.w.data

    def backward(self, dout):
        self.w.grad += dout.sum(axis=0)  # bug: should be (dout * x).sum(axis=0)
        return dout * self.w.data


def test_gradcheck_accepts_a_correct_backward_and_rejects_wrong_ones():
    x = np.random.default_rng(0).standard_normal((4, 2))
    ok, err = gradcheck(Sigmoid(), x)
    assert ok and err < 1e-8
    ok, err = gradcheck(_WrongSigmoid(), x)
    assert not ok and err > 0.1
    ok, err = gradcheck(_Scale(), x)
    assert not ok  # the input gradient is right, but the weight's is not


def test_relative_error_is_scale_free():
    a = np.array([1.0, 2.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(1e6 * a, 1e6 * a * (1 + 1e-9)) == pytest.approx(5e-10, rel=0.1)
    assert relative_error(a, -a) == pytest.approx(1.0)
