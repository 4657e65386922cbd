"""Upsampling (N, C, H, W) -> (N, C, H_out, W_out): nearest and bilinear, as torch.nn.Upsample.

Both are linear and act on rows and columns separately, so each axis gets a small
interpolation matrix A (out, in) and  y = A_h @ x @ A_w^T;  the backward pass is the transpose.
"""

from __future__ import annotations

import math

import numpy as np

from kernels.base import Module


def interpolation_matrix(size, out_size, mode="nearest", align_corners=False, scale=None):
    """(out_size, size) matrix mapping an axis of length size to out_size, as torch does.

    `scale` is input/output length (torch uses 1/scale_factor when one was given).
    """
    scale = size / out_size if scale is None else scale
    dst = np.arange(out_size)
    m = np.zeros((out_size, size))
    if mode == "nearest":
        src = np.minimum(np.floor(dst * scale).astype(int), size - 1)
        m[dst, src] = 1.0
        return m
    if align_corners:  # first and last pixels line up exactly
        src = dst * ((size - 1) / (out_size - 1)) if out_size > 1 else np.zeros(out_size)
    else:  # pixel centres line up: the half-pixel offset
        src = np.maximum((dst + 0.5) * scale - 0.5, 0.0)
    lo = np.minimum(np.floor(src).astype(int), size - 1)
    hi = np.minimum(lo + 1, size - 1)
    frac = src - lo
    np.add.at(m, (dst, lo), 1.0 - frac)
    np.add.at(m, (dst, hi), frac)
    return m


class Upsample(Module):
    """Give either size=(H_out, W_out) or scale_factor; mode "nearest" or "bilinear"."""

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None):
        if (size is None) == (scale_factor is None):
            raise ValueError("give exactly one of size and scale_factor")
        if mode not in ("nearest", "bilinear"):
            raise ValueError(f"mode must be 'nearest' or 'bilinear', got {mode!r}")
        self.size = (size, size) if isinstance(size, int) else size
        self.scale_factor = scale_factor
        self.mode, self.align_corners = mode, bool(align_corners)

    def _matrices(self, h, w):
        if self.size is not None:
            (oh, ow), scales = self.size, (None, None)
        else:
            sf = self.scale_factor
            sh, sw = sf if isinstance(sf, list | tuple) else (sf, sf)
            oh, ow = math.floor(h * sh), math.floor(w * sw)
            scales = (1.0 / sh, 1.0 / sw)
        a_h = interpolation_matrix(h, oh, self.mode, self.align_corners, scales[0])
        a_w = interpolation_matrix(w, ow, self.mode, self.align_corners, scales[1])
        return a_h, a_w

    def forward(self, x):
        self.a_h, self.a_w = self._matrices(*x.shape[2:])
        return np.einsum("ih,nchw,jw->ncij", self.a_h, x, self.a_w, optimize=True)

    def backward(self, dout):
        return np.einsum("ih,ncij,jw->nchw", self.a_h, dout, self.a_w, optimize=True)
