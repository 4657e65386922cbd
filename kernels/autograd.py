"""A small tensor autograd on NumPy: micrograd's idea, applied to whole arrays.

A Tensor holds `data` (a NumPy array) and, after `loss.backward()`, `grad` = d(loss)/d(data).
Each operation computes its result and defines, right beside it, a `_backward` closure that adds
the chain-rule contribution of the output's gradient to each input's `.grad`. Operations follow
NumPy broadcasting; since broadcasting copies an input, its gradient is the sum over the copies
(`_unbroadcast`). Enough operations are here to train an MLP and a small CNN (see Linear, Conv2d).

Gradients of leaf tensors accumulate across backward calls, as in torch; the optimisers of
kernels.optim work on Tensors directly: `opt = Adam(layer.parameters())`, `opt.zero_grad()`,
`loss.backward()`, `opt.step()`.
"""

from __future__ import annotations

import numpy as np

from kernels.activations import log_softmax, softmax
from kernels.conv import col2im, im2col, output_size
from kernels.init import default_layer_init
from kernels.micrograd import topological_order


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum `grad` back down to `shape`, undoing NumPy broadcasting."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


class Tensor:
    """An array in a computation graph."""

    def __init__(self, data, _children: tuple[Tensor, ...] = (), _op: str = ""):
        data = np.asarray(data)
        self.data = data if data.dtype.kind == "f" else data.astype(np.float64)
        self.grad = np.zeros_like(self.data)
        self._backward = lambda: None
        self._prev = _children
        self._op = _op

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    def __repr__(self) -> str:
        return f"Tensor(shape={self.data.shape}, op={self._op or 'leaf'!r})"

    # ---- elementwise arithmetic (broadcasting) -------------------------------------------
    def __add__(self, other) -> Tensor:
        other = _as_tensor(other)
        out = Tensor(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += _unbroadcast(out.grad, self.shape)
            other.grad += _unbroadcast(out.grad, other.shape)

        out._backward = _backward
        return out

    def __mul__(self, other) -> Tensor:
        other = _as_tensor(other)
        out = Tensor(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += _unbroadcast(other.data * out.grad, self.shape)
            other.grad += _unbroadcast(self.data * out.grad, other.shape)

        out._backward = _backward
        return out

    def __pow__(self, exponent: float) -> Tensor:
        out = Tensor(self.data**exponent, (self,), f"**{exponent}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = _backward
        return out

    def __neg__(self) -> Tensor:
        return self * -1.0

    def __radd__(self, other) -> Tensor:
        return self + other

    def __sub__(self, other) -> Tensor:
        return self + (-_as_tensor(other))

    def __rsub__(self, other) -> Tensor:
        return _as_tensor(other) + (-self)

    def __rmul__(self, other) -> Tensor:
        return self * other

    def __truediv__(self, other) -> Tensor:
        return self * _as_tensor(other) ** -1.0

    def __rtruediv__(self, other) -> Tensor:
        return _as_tensor(other) * self**-1.0

    # ---- matrix product: (..., N, K) @ (..., K, M) -> (..., N, M) ----------------------------
    def __matmul__(self, other) -> Tensor:
        other = _as_tensor(other)
        out = Tensor(self.data @ other.data, (self, other), "@")

        def _backward():
            self.grad += _unbroadcast(out.grad @ other.data.swapaxes(-1, -2), self.shape)
            other.grad += _unbroadcast(self.data.swapaxes(-1, -2) @ out.grad, other.shape)

        out._backward = _backward
        return out

    # ---- reductions and reshaping ------------------------------------------------------
    def sum(self, axis=None, keepdims: bool = False) -> Tensor:
        out = Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), "sum")

        def _backward():
            grad = out.grad
            if axis is not None and not keepdims:
                grad = np.expand_dims(grad, axis)
            self.grad += np.broadcast_to(grad, self.shape)  # every summed entry gets it

        out._backward = _backward
        return out

    def mean(self, axis=None, keepdims: bool = False) -> Tensor:
        total = self.sum(axis, keepdims)
        return total * (total.data.size / self.data.size)  # divide by the count per output

    def reshape(self, *shape) -> Tensor:
        out = Tensor(self.data.reshape(*shape), (self,), "reshape")

        def _backward():
            self.grad += out.grad.reshape(self.shape)

        out._backward = _backward
        return out

    def transpose(self, *axes) -> Tensor:
        axes = axes or tuple(reversed(range(self.data.ndim)))
        out = Tensor(self.data.transpose(axes), (self,), "transpose")

        def _backward():
            self.grad += out.grad.transpose(np.argsort(axes))

        out._backward = _backward
        return out

    @property
    def T(self) -> Tensor:
        return self.transpose()

    def __getitem__(self, index) -> Tensor:
        out = Tensor(self.data[index], (self,), "index")

        def _backward():
            np.add.at(self.grad, index, out.grad)  # add.at: repeated indices add up

        out._backward = _backward
        return out

    # ---- elementwise functions ---------------------------------------------------------
    def relu(self) -> Tensor:
        out = Tensor(np.maximum(self.data, 0.0), (self,), "relu")

        def _backward():
            self.grad += (self.data > 0) * out.grad

        out._backward = _backward
        return out

    def tanh(self) -> Tensor:
        out = Tensor(np.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def exp(self) -> Tensor:
        out = Tensor(np.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self) -> Tensor:
        out = Tensor(np.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def softmax(self, axis: int = -1) -> Tensor:
        out = Tensor(softmax(self.data, axis=axis), (self,), "softmax")

        def _backward():
            s, g = out.data, out.grad
            self.grad += s * (g - (g * s).sum(axis=axis, keepdims=True))

        out._backward = _backward
        return out

    def log_softmax(self, axis: int = -1) -> Tensor:
        out = Tensor(log_softmax(self.data, axis=axis), (self,), "log_softmax")

        def _backward():
            g = out.grad
            self.grad += g - np.exp(out.data) * g.sum(axis=axis, keepdims=True)

        out._backward = _backward
        return out

    def backward(self) -> None:
        """Fill `.grad` of every tensor this one depends on (seeded with ones, as for a sum)."""
        self.grad = np.ones_like(self.data)
        for node in reversed(topological_order(self)):  # outputs before their inputs
            node._backward()


def _as_tensor(x) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(np.asarray(x, dtype=np.float64))


def cross_entropy(logits: Tensor, targets: np.ndarray) -> Tensor:
    """Mean negative log-likelihood of integer class `targets` (N,) under `logits` (N, K)."""
    log_probs = logits.log_softmax(axis=-1)
    return -log_probs[np.arange(len(targets)), targets].mean()


def conv2d(
    x: Tensor, weight: Tensor, bias: Tensor | None = None, stride: int = 1, padding: int = 0
) -> Tensor:
    """Convolution (N, C, H, W) * (F, C, kh, kw) -> (N, F, H_out, W_out), as one matmul.

    im2col lays every receptive field out as a row, so the convolution is a single matrix
    product; col2im scatters the rows' gradients back onto the (overlapping) input pixels.
    """
    n = x.shape[0]
    f, _, kh, kw = weight.shape
    h_out = output_size(x.shape[2], kh, stride, padding, 1)
    w_out = output_size(x.shape[3], kw, stride, padding, 1)
    cols = im2col(x.data, (kh, kw), stride, padding)  # (N*H_out*W_out, C*kh*kw)
    w_rows = weight.data.reshape(f, -1)  # (F, C*kh*kw)
    y = (cols @ w_rows.T).reshape(n, h_out, w_out, f).transpose(0, 3, 1, 2)
    if bias is not None:
        y = y + bias.data.reshape(1, f, 1, 1)
    parents = (x, weight) if bias is None else (x, weight, bias)
    out = Tensor(y, parents, "conv2d")

    def _backward():
        dy = out.grad.transpose(0, 2, 3, 1).reshape(-1, f)  # (N*H_out*W_out, F)
        weight.grad += (dy.T @ cols).reshape(weight.shape)
        x.grad += col2im(dy @ w_rows, x.shape, (kh, kw), stride, padding)
        if bias is not None:
            bias.grad += dy.sum(axis=0)

    out._backward = _backward
    return out


def max_pool2d(x: Tensor, size: int = 2) -> Tensor:
    """Max over non-overlapping size x size windows: (N, C, H, W) -> (N, C, H//size, W//size).

    A reshape puts each window on its own two axes, so no loops are needed (rows and columns
    left over at the edge are dropped, as torch does). The gradient flows only to the entry
    that won its window.
    """
    n, c, h, w = x.shape
    h_out, w_out = h // size, w // size
    cropped = x.data[:, :, : h_out * size, : w_out * size]
    # (N, C, H_out, W_out, size*size): each window's entries on the last axis
    windows = (
        cropped.reshape(n, c, h_out, size, w_out, size)
        .transpose(0, 1, 2, 4, 3, 5)
        .reshape(n, c, h_out, w_out, size * size)
    )
    winner = windows.argmax(axis=-1)  # the first maximum, when several tie (as torch)
    out = Tensor(np.take_along_axis(windows, winner[..., None], -1)[..., 0], (x,), "max_pool2d")

    def _backward():
        grad = np.zeros_like(windows)
        np.put_along_axis(grad, winner[..., None], out.grad[..., None], axis=-1)
        grad = grad.reshape(n, c, h_out, w_out, size, size).transpose(0, 1, 2, 4, 3, 5)
        x.grad[:, :, : h_out * size, : w_out * size] += grad.reshape(cropped.shape)

    out._backward = _backward
    return out


class Linear:
    """y = x @ W.T + b for x (N, in_features); W is (out, in) as in torch.nn.Linear."""

    def __init__(self, in_features: int, out_features: int, rng=None):
        weight, bias = default_layer_init((out_features, in_features), (out_features,), rng)
        self.weight, self.bias = Tensor(weight), Tensor(bias)

    def __call__(self, x: Tensor) -> Tensor:
        return x @ self.weight.T + self.bias

    def parameters(self) -> list[Tensor]:
        return [self.weight, self.bias]


class Conv2d:
    """A square-kernel convolution layer on (N, C, H, W), weights (F, C, k, k) as in torch."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int,
        stride: int = 1,
        padding: int = 0,
        rng=None,
    ):
        shape = (out_channels, in_channels, kernel_size, kernel_size)
        weight, bias = default_layer_init(shape, (out_channels,), rng)
        self.weight, self.bias = Tensor(weight), Tensor(bias)
        self.stride, self.padding = stride, padding

    def __call__(self, x: Tensor) -> Tensor:
        return conv2d(x, self.weight, self.bias, self.stride, self.padding)

    def parameters(self) -> list[Tensor]:
        return [self.weight, self.bias]
