"""The NumPy tensor autograd: gradients agree with numerical derivatives, and it trains."""

import numpy as np
import pytest

from kernels.autograd import Conv2d, Linear, Tensor, cross_entropy, max_pool2d
from kernels.gradcheck import numerical_grad, relative_error
from kernels.optim import Adam


def test_broadcast_add_sums_the_gradient_over_the_copies():
    x, b = Tensor(np.zeros((4, 3))), Tensor(np.zeros(3))
    (x + b).sum().backward()
    np.testing.assert_array_equal(b.grad, [4.0, 4.0, 4.0])
    np.testing.assert_array_equal(x.grad, np.ones((4, 3)))


def test_a_tensor_used_twice_accumulates_both_gradients():
    x = Tensor(np.array([1.0, 2.0, 3.0]))
    (x * x + x).sum().backward()  # d/dx (x^2 + x) = 2x + 1
    np.testing.assert_allclose(x.grad, [3.0, 5.0, 7.0])


def test_gradients_of_a_small_network_agree_with_central_differences():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 1, 6, 6))
    y = np.array([0, 2, 1])
    conv, head = Conv2d(1, 2, 3, padding=1, rng=0), Linear(2 * 3 * 3, 3, rng=1)
    params = [*conv.parameters(), *head.parameters()]

    def loss():
        h = max_pool2d(conv(Tensor(x)).tanh(), 2).reshape(3, -1)
        return cross_entropy(head(h), y)

    loss().backward()
    for p in params:
        numeric = numerical_grad(lambda: loss().data, p.data)
        assert relative_error(p.grad, numeric) < 1e-6


def _two_spirals(n, rng):
    t = rng.uniform(0.25, 1.0, n)
    label = rng.integers(0, 2, n)
    angle = 3 * np.pi * t + np.pi * label
    points = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
    return points + 0.02 * rng.standard_normal((n, 2)), label


def test_an_mlp_learns_two_interleaved_spirals():
    rng = np.random.default_rng(0)
    x, y = _two_spirals(200, rng)
    layers = [Linear(2, 32, rng=1), Linear(32, 32, rng=2), Linear(32, 2, rng=3)]
    opt = Adam([p for layer in layers for p in layer.parameters()], lr=0.02)

    def forward(inputs):
        h = layers[0](Tensor(inputs)).tanh()
        return layers[2](layers[1](h).tanh())

    for _ in range(300):
        loss = cross_entropy(forward(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    accuracy = (forward(x).data.argmax(axis=1) == y).mean()
    assert accuracy > 0.95


def _bars(n, rng):
    """8x8 noisy images with one bright bar: label 0 horizontal, 1 vertical."""
    images = 0.3 * rng.standard_normal((n, 1, 8, 8))
    labels = rng.integers(0, 2, n)
    where = rng.integers(1, 7, n)
    for i in range(n):
        if labels[i] == 0:
            images[i, 0, where[i], 1:7] += 1.0
        else:
            images[i, 0, 1:7, where[i]] += 1.0
    return images, labels


def test_a_small_cnn_learns_to_tell_horizontal_from_vertical_bars():
    rng = np.random.default_rng(0)
    x, y = _bars(64, rng)
    conv, head = Conv2d(1, 4, 3, padding=1, rng=1), Linear(4 * 4 * 4, 2, rng=2)
    opt = Adam([*conv.parameters(), *head.parameters()], lr=0.02)

    def forward(images):
        h = max_pool2d(conv(Tensor(images)).relu(), 2)  # (N, 4, 4, 4)
        return head(h.reshape(len(images), -1))

    first = cross_entropy(forward(x), y).data
    for _ in range(30):
        loss = cross_entropy(forward(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.data < 0.3 * first
    x_new, y_new = _bars(64, rng)
    assert (forward(x_new).data.argmax(axis=1) == y_new).mean() > 0.9


def test_max_pool_drops_the_leftover_edge_like_torch():
    x = Tensor(np.arange(25.0).reshape(1, 1, 5, 5))
    out = max_pool2d(x, 2)
    np.testing.assert_array_equal(out.data[0, 0], [[6.0, 8.0], [16.0, 18.0]])
    out.sum().backward()
    assert x.grad[0, 0, 4].sum() == 0 and x.grad[0, 0, :, 4].sum() == 0
    assert x.grad.sum() == pytest.approx(4.0)
