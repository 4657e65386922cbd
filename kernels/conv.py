"""Convolutions via im2col: Conv1d, Conv2d (stride, padding, dilation, groups), ConvTranspose2d.

im2col turns every receptive field of the input into one row of a matrix, so a convolution
becomes a single matrix product with the flattened filters. No Python loop runs over the batch
or over output positions; col2im (its adjoint, used by the backward pass) loops only over the
kh*kw kernel offsets.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from kernels.base import Module, Parameter
from kernels.init import default_layer_init
from kernels.tracing import spatial_formula


def _pair(v) -> tuple[int, int]:
    return tuple(v) if isinstance(v, list | tuple) else (v, v)


def output_size(size, kernel, stride, padding, dilation) -> int:
    """floor((size + 2*padding - dilation*(kernel-1) - 1) / stride) + 1"""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def im2col(x, kernel, stride=1, padding=0, dilation=1, pad_value=0.0):
    """(N, C, H, W) -> cols (N*H_out*W_out, C*kh*kw): one row per output position.

    Each row holds the C*kh*kw input values the filter sees there, ordered (c, i, j) like a
    flattened (C, kh, kw) filter.
    """
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = map(_pair, (kernel, stride, padding, dilation))
    n, c, h, w = x.shape
    h_out, w_out = output_size(h, kh, sh, ph, dh), output_size(w, kw, sw, pw, dw)
    if h_out < 1 or w_out < 1:
        raise ValueError(
            f"kernel {kh}x{kw} (dilation {dh},{dw}) does not fit in input {h}x{w} "
            f"with padding {ph},{pw}: output would be {h_out}x{w_out}"
        )
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=pad_value)
    # every (dilated) window as a strided view, no copy: (N, C, H', W', span_h, span_w)
    windows = sliding_window_view(xp, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(2, 3))
    windows = windows[:, :, ::sh, ::sw, ::dh, ::dw][:, :, :h_out, :w_out]
    # (N, H_out, W_out, C, kh, kw): the one copy, laid out so each row is contiguous
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * h_out * w_out, c * kh * kw)


def col2im(cols, x_shape, kernel, stride=1, padding=0, dilation=1):
    """The adjoint of im2col: add each row's values back to the input positions they came from.

    cols (N*H_out*W_out, C*kh*kw) -> (N, C, H, W). Overlapping windows sum, which is exactly
    the gradient of im2col.
    """
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = map(_pair, (kernel, stride, padding, dilation))
    n, c, h, w = x_shape
    h_out, w_out = output_size(h, kh, sh, ph, dh), output_size(w, kw, sw, pw, dw)
    # (kh, kw, N, C, H_out, W_out), copied once so each offset's slab is contiguous
    cols = np.ascontiguousarray(
        cols.reshape(n, h_out, w_out, c, kh, kw).transpose(4, 5, 0, 3, 1, 2)
    )
    xp = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=cols.dtype)
    for i in range(kh):  # loops over kernel offsets only (kh*kw iterations)
        for j in range(kw):
            top, left = i * dh, j * dw
            xp[:, :, top : top + sh * h_out : sh, left : left + sw * w_out : sw] += cols[i, j]
    return xp[:, :, ph : ph + h, pw : pw + w]


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """x (N, C_in, H, W), weight (C_out, C_in/G, kh, kw) -> (out (N, C_out, H_out, W_out), cache).

    `cache` is what conv2d_backward needs.
    """
    n, g, c_out = x.shape[0], groups, weight.shape[0]
    kernel = weight.shape[2:]
    cols = im2col(x, kernel, stride, padding, dilation)  # (N*H_out*W_out, C_in*kh*kw)
    # split channels into groups: (G, N*H_out*W_out, C_in/G*kh*kw)
    cols = cols.reshape(cols.shape[0], g, -1).transpose(1, 0, 2)
    w = weight.reshape(g, c_out // g, -1)  # (G, C_out/G, C_in/G*kh*kw)
    out = cols @ w.transpose(0, 2, 1)  # (G, N*H_out*W_out, C_out/G)
    out = out.transpose(1, 0, 2).reshape(-1, c_out)
    if bias is not None:
        out = out + bias
    h_out = output_size(
        x.shape[2], kernel[0], _pair(stride)[0], _pair(padding)[0], _pair(dilation)[0]
    )
    out = out.reshape(n, h_out, -1, c_out).transpose(0, 3, 1, 2)
    return out, (x.shape, cols, stride, padding, dilation, groups)


def conv2d_backward(dout, weight, cache):
    """dout (N, C_out, H_out, W_out) -> (dx, dweight, dbias)."""
    x_shape, cols, stride, padding, dilation, g = cache
    c_out = weight.shape[0]
    # (N, C_out, H_out, W_out) -> (G, N*H_out*W_out, C_out/G), rows matching cols
    d = dout.transpose(0, 2, 3, 1).reshape(-1, g, c_out // g).transpose(1, 0, 2)
    w = weight.reshape(g, c_out // g, -1)
    dweight = (d.transpose(0, 2, 1) @ cols).reshape(weight.shape)
    dbias = dout.sum(axis=(0, 2, 3))
    dcols = (d @ w).transpose(1, 0, 2).reshape(d.shape[1], -1)  # (N*H_out*W_out, C_in*kh*kw)
    dx = col2im(dcols, x_shape, weight.shape[2:], stride, padding, dilation)
    return dx, dweight, dbias


class Conv2d(Module):
    """(N, C_in, H, W) -> (N, C_out, H_out, W_out). weight: (C_out, C_in/groups, kh, kw)."""

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        rng=None,
    ):
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"in_channels and out_channels must be divisible by groups={groups}")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size = _pair(kernel_size)
        self.stride, self.padding, self.dilation = _pair(stride), _pair(padding), _pair(dilation)
        shape = (out_channels, in_channels // groups, *self.kernel_size)
        w, b = default_layer_init(shape, (out_channels,), rng)
        self.weight = Parameter(w)
        self.bias = Parameter(b) if bias else None

    def shape_formula(self, input_shape):
        return spatial_formula(
            input_shape, self.kernel_size, self.stride, self.padding, self.dilation
        )

    def forward(self, x):
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"Conv2d expects input (N, C_in={self.in_channels}, H, W), got shape {x.shape}"
            )
        bias = None if self.bias is None else self.bias.data
        out, self.cache = conv2d(
            x, self.weight.data, bias, self.stride, self.padding, self.dilation, self.groups
        )
        return out

    def backward(self, dout):
        dx, dweight, dbias = conv2d_backward(dout, self.weight.data, self.cache)
        self.weight.grad += dweight
        if self.bias is not None:
            self.bias.grad += dbias
        return dx


class Conv1d(Module):
    """(N, C_in, L) -> (N, C_out, L_out): the 2-D convolution of a height-1 image.

    weight: (C_out, C_in/groups, k), as torch.nn.Conv1d.
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        rng=None,
    ):
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"in_channels and out_channels must be divisible by groups={groups}")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size, self.stride = _one(kernel_size), _one(stride)
        self.padding, self.dilation = _one(padding), _one(dilation)
        shape = (out_channels, in_channels // groups, self.kernel_size)
        w, b = default_layer_init(shape, (out_channels,), rng)
        self.weight = Parameter(w)
        self.bias = Parameter(b) if bias else None

    def shape_formula(self, input_shape):
        return spatial_formula(
            input_shape, (self.kernel_size,), self.stride, self.padding, self.dilation
        )

    def forward(self, x):
        if x.ndim != 3 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"Conv1d expects input (N, C_in={self.in_channels}, L), got shape {x.shape}"
            )
        bias = None if self.bias is None else self.bias.data
        out, self.cache = conv2d(
            x[:, :, None, :],
            self.weight.data[:, :, None, :],
            bias,
            (1, self.stride),
            (0, self.padding),
            (1, self.dilation),
            self.groups,
        )
        return out[:, :, 0, :]

    def backward(self, dout):
        dx, dweight, dbias = conv2d_backward(
            dout[:, :, None, :], self.weight.data[:, :, None, :], self.cache
        )
        self.weight.grad += dweight[:, :, 0, :]
        if self.bias is not None:
            self.bias.grad += dbias
        return dx[:, :, 0, :]


def _one(v) -> int:
    return v[0] if isinstance(v, list | tuple) else v


class ConvTranspose2d(Module):
    """(N, C_in, H, W) -> (N, C_out, H_out, W_out), H_out = (H-1)*S - 2P + D*(K-1) + OP + 1.

    The gradient of a convolution with respect to its input, used as a layer: it spreads each
    input pixel over a kernel-sized patch of the output (col2im). weight: (C_in, C_out, kh, kw)
    as torch. groups=1 only.
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        dilation=1,
        bias=True,
        rng=None,
    ):
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _pair(kernel_size)
        self.stride, self.padding, self.dilation = _pair(stride), _pair(padding), _pair(dilation)
        self.output_padding = _pair(output_padding)
        # torch computes fan_in from weight.shape[1] * kh * kw for transposed convs too
        shape = (in_channels, out_channels, *self.kernel_size)
        w, b = default_layer_init(shape, (out_channels,), rng)
        self.weight = Parameter(w)
        self.bias = Parameter(b) if bias else None

    def shape_formula(self, input_shape):
        return spatial_formula(
            input_shape,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            transposed=True,
            output_padding=self.output_padding,
        )

    def _args(self):
        return self.kernel_size, self.stride, self.padding, self.dilation

    def forward(self, x):
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"ConvTranspose2d expects input (N, C_in={self.in_channels}, H, W), "
                f"got shape {x.shape}"
            )
        n, _, h, w = x.shape
        (kh, kw), (sh, sw), (dh, dw) = self.kernel_size, self.stride, self.dilation
        # the full output, before `padding` crops it: every input pixel's whole patch fits
        self.full_shape = (
            n,
            self.out_channels,
            (h - 1) * sh + dh * (kh - 1) + 1,
            (w - 1) * sw + dw * (kw - 1) + 1,
        )
        self.x = x
        x_rows = x.transpose(0, 2, 3, 1).reshape(-1, self.in_channels)  # (N*H*W, C_in)
        cols = x_rows @ self.weight.data.reshape(self.in_channels, -1)  # (N*H*W, C_out*kh*kw)
        full = col2im(cols, self.full_shape, self.kernel_size, self.stride, 0, self.dilation)
        # crop `padding` off each side, extend by `output_padding` at the bottom/right
        out = self._crop(full, (n, self.out_channels, *self._out_hw(h, w)))
        if self.bias is not None:
            out = out + self.bias.data[:, None, None]
        return out

    def _out_hw(self, h, w):
        (kh, kw), (sh, sw), (ph, pw), (dh, dw) = self._args()
        oph, opw = self.output_padding
        return (
            (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1,
            (w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1,
        )

    def _crop(self, full, out_shape):
        """The output window of the full result, zero where output_padding reaches past it."""
        (ph, pw), (oh, ow) = self.padding, out_shape[2:]
        window = np.zeros(out_shape, dtype=full.dtype)
        part = full[:, :, ph : ph + oh, pw : pw + ow]
        window[:, :, : part.shape[2], : part.shape[3]] = part
        return window

    def backward(self, dout):
        (ph, pw), (oh, ow) = self.padding, dout.shape[2:]
        dfull = np.zeros(self.full_shape, dtype=dout.dtype)
        region = dfull[:, :, ph : ph + oh, pw : pw + ow]  # a view: writes go into dfull
        region[...] = dout[:, :, : region.shape[2], : region.shape[3]]
        cols = im2col(dfull, self.kernel_size, self.stride, 0, self.dilation)  # (N*H*W, ...)
        x_rows = self.x.transpose(0, 2, 3, 1).reshape(-1, self.in_channels)
        self.weight.grad += (x_rows.T @ cols).reshape(self.weight.data.shape)
        if self.bias is not None:
            self.bias.grad += dout.sum(axis=(0, 2, 3))
        dx_rows = cols @ self.weight.data.reshape(self.in_channels, -1).T  # (N*H*W, C_in)
        n, _, h, w = self.x.shape
        return dx_rows.reshape(n, h, w, self.in_channels).transpose(0, 3, 1, 2)
