"""Pooling: MaxPool2d, AvgPool2d (via im2col, like convolution) and AdaptiveAvgPool2d.

All take (N, C, H, W) and pool each channel on its own.
"""

from __future__ import annotations

import numpy as np

from kernels.base import Module
from kernels.conv import _pair, col2im, im2col, output_size
from kernels.tracing import spatial_formula


class _Pool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size = _pair(kernel_size)
        self.stride = _pair(stride) if stride is not None else self.kernel_size
        self.padding = _pair(padding)

    def shape_formula(self, input_shape):
        return spatial_formula(input_shape, self.kernel_size, self.stride, self.padding)

    def _windows(self, x, pad_value):
        """(N, C, H, W) -> (N, H_out, W_out, C, kh*kw): every window, one channel at a time."""
        n, c, h, w = x.shape
        self.x_shape = x.shape
        self.out_hw = tuple(
            output_size(size, k, s, p, 1)
            for size, k, s, p in zip((h, w), self.kernel_size, self.stride, self.padding)
        )
        cols = im2col(x, self.kernel_size, self.stride, self.padding, pad_value=pad_value)
        return cols.reshape(n, *self.out_hw, c, -1)

    def _to_input(self, dwindows):
        """Send per-window gradients (N, H_out, W_out, C, kh*kw) back to (N, C, H, W)."""
        return col2im(
            dwindows.reshape(-1, dwindows.shape[3] * dwindows.shape[4]),
            self.x_shape,
            self.kernel_size,
            self.stride,
            self.padding,
        )


class MaxPool2d(_Pool2d):
    """The largest value in each window; the gradient flows only to that value."""

    def forward(self, x):
        windows = self._windows(x, pad_value=-np.inf)  # padding never wins a max
        self.argmax = windows.argmax(axis=-1)
        out = np.take_along_axis(windows, self.argmax[..., None], axis=-1)[..., 0]
        return out.transpose(0, 3, 1, 2)  # (N, C, H_out, W_out)

    def backward(self, dout):
        d = dout.transpose(0, 2, 3, 1)  # (N, H_out, W_out, C)
        dwindows = np.zeros((*d.shape, self.kernel_size[0] * self.kernel_size[1]), dout.dtype)
        np.put_along_axis(dwindows, self.argmax[..., None], d[..., None], axis=-1)
        return self._to_input(dwindows)


class AvgPool2d(_Pool2d):
    """The mean of each window (zero padding counts toward the mean, as torch's default)."""

    def forward(self, x):
        return self._windows(x, pad_value=0.0).mean(axis=-1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        k = self.kernel_size[0] * self.kernel_size[1]
        d = dout.transpose(0, 2, 3, 1)[..., None] / k  # each input in a window gets 1/k
        return self._to_input(np.broadcast_to(d, (*d.shape[:4], k)))


def adaptive_pool_matrix(size, out_size):
    """(out_size, size) averaging matrix: row i averages inputs floor(i*size/out) .. ceil(...)."""
    m = np.zeros((out_size, size))
    for i in range(out_size):
        start = (i * size) // out_size
        end = -((-(i + 1) * size) // out_size)  # ceil division
        m[i, start:end] = 1.0 / (end - start)
    return m


class AdaptiveAvgPool2d(Module):
    """(N, C, H, W) -> (N, C, out_h, out_w) for any H, W, with windows chosen like torch.

    Average pooling is linear and separable, so it is  A_h @ x @ A_w^T  for small averaging
    matrices, and the backward pass is the transpose.
    """

    def __init__(self, output_size):
        self.output_size = _pair(output_size)

    def forward(self, x):
        out_h, out_w = (o if o is not None else s for o, s in zip(self.output_size, x.shape[2:]))
        self.a_h = adaptive_pool_matrix(x.shape[2], out_h)
        self.a_w = adaptive_pool_matrix(x.shape[3], out_w)
        return np.einsum("ih,nchw,jw->ncij", self.a_h, x, self.a_w, optimize=True)

    def backward(self, dout):
        return np.einsum("ih,ncij,jw->nchw", self.a_h, dout, self.a_w, optimize=True)
