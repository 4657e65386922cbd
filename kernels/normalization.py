"""Normalisation layers: BatchNorm1d/2d, LayerNorm, GroupNorm, RMSNorm.

All but RMSNorm compute  x_hat = (x - mean) / sqrt(var + eps)  over some axes, then scale and
shift per feature: y = weight * x_hat + bias. They differ only in *which* axes they average over.
"""

from __future__ import annotations

import numpy as np

from kernels.base import Module, Parameter


def normalize(x, axes, eps):
    """(x_hat, inv_std) with the mean and (biased) variance taken over `axes`."""
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    return (x - mean) * inv_std, inv_std


def normalize_backward(dx_hat, x_hat, inv_std, axes):
    """Gradient through x_hat = (x - mean) * inv_std, where mean and var depend on x too."""
    return inv_std * (
        dx_hat
        - dx_hat.mean(axis=axes, keepdims=True)
        - x_hat * (dx_hat * x_hat).mean(axis=axes, keepdims=True)
    )


class _BatchNorm(Module):
    """Normalise each channel over the batch (and spatial) axes: input (N, C, ...)."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True):
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.weight = Parameter(np.ones(num_features)) if affine else None
        self.bias = Parameter(np.zeros(num_features)) if affine else None
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def _channel_shape(self, x):
        return (1, self.num_features) + (1,) * (x.ndim - 2)  # broadcast per channel

    def forward(self, x):
        if x.ndim < 2 or x.shape[1] != self.num_features:
            raise ValueError(
                f"{type(self).__name__} expects input (N, C={self.num_features}, ...), "
                f"got shape {x.shape}"
            )
        shape = self._channel_shape(x)
        self.axes = tuple(i for i in range(x.ndim) if i != 1)
        if self.training:
            self.x_hat, self.inv_std = normalize(x, self.axes, self.eps)
            # running statistics as torch keeps them: unbiased variance, exponential average
            n = x.size // self.num_features
            batch_var = x.var(axis=self.axes) * n / max(n - 1, 1)
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * x.mean(axis=self.axes)
            self.running_var = (1 - m) * self.running_var + m * batch_var
        else:
            self.inv_std = 1.0 / np.sqrt(self.running_var.reshape(shape) + self.eps)
            self.x_hat = (x - self.running_mean.reshape(shape)) * self.inv_std
        if self.weight is None:
            return self.x_hat
        return self.weight.data.reshape(shape) * self.x_hat + self.bias.data.reshape(shape)

    def backward(self, dout):
        shape = self._channel_shape(dout)
        dx_hat = dout
        if self.weight is not None:
            self.weight.grad += (dout * self.x_hat).sum(axis=self.axes)
            self.bias.grad += dout.sum(axis=self.axes)
            dx_hat = dout * self.weight.data.reshape(shape)
        if not self.training:  # running statistics are constants
            return dx_hat * self.inv_std
        return normalize_backward(dx_hat, self.x_hat, self.inv_std, self.axes)


class BatchNorm1d(_BatchNorm):
    """Batch norm for (N, C) or (N, C, L) inputs."""


class BatchNorm2d(_BatchNorm):
    """Batch norm for (N, C, H, W) inputs."""


class LayerNorm(Module):
    """Normalise each sample over its last dims: (B, T, C) with normalized_shape=C."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True):
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
        self.normalized_shape, self.eps = tuple(shape), eps
        self.weight = Parameter(np.ones(shape)) if elementwise_affine else None
        self.bias = Parameter(np.zeros(shape)) if elementwise_affine and bias else None

    def forward(self, x):
        k = len(self.normalized_shape)
        if x.shape[-k:] != self.normalized_shape:
            raise ValueError(
                f"LayerNorm expects input ending in {self.normalized_shape}, got shape {x.shape}"
            )
        self.axes = tuple(range(x.ndim - k, x.ndim))
        self.x_hat, self.inv_std = normalize(x, self.axes, self.eps)
        out = self.x_hat
        if self.weight is not None:
            out = out * self.weight.data
        if self.bias is not None:
            out = out + self.bias.data
        return out

    def backward(self, dout):
        leading = tuple(range(dout.ndim - len(self.axes)))
        dx_hat = dout
        if self.weight is not None:
            self.weight.grad += (dout * self.x_hat).sum(axis=leading)
            dx_hat = dout * self.weight.data
        if self.bias is not None:
            self.bias.grad += dout.sum(axis=leading)
        return normalize_backward(dx_hat, self.x_hat, self.inv_std, self.axes)


class GroupNorm(Module):
    """Split the C channels of (N, C, *) into num_groups groups; normalise each group per sample."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True):
        if num_channels % num_groups:
            raise ValueError(f"num_channels={num_channels} must divide into {num_groups} groups")
        self.num_groups, self.num_channels, self.eps = num_groups, num_channels, eps
        self.weight = Parameter(np.ones(num_channels)) if affine else None
        self.bias = Parameter(np.zeros(num_channels)) if affine else None

    def forward(self, x):
        if x.ndim < 2 or x.shape[1] != self.num_channels:
            raise ValueError(
                f"GroupNorm expects input (N, C={self.num_channels}, ...), got shape {x.shape}"
            )
        grouped = x.reshape(x.shape[0], self.num_groups, -1)  # (N, G, C/G * spatial)
        x_hat, self.inv_std = normalize(grouped, 2, self.eps)
        self.x_hat = x_hat.reshape(x.shape)
        self.shape = (1, self.num_channels) + (1,) * (x.ndim - 2)
        if self.weight is None:
            return self.x_hat
        return self.weight.data.reshape(self.shape) * self.x_hat + self.bias.data.reshape(
            self.shape
        )

    def backward(self, dout):
        dx_hat = dout
        if self.weight is not None:
            axes = tuple(i for i in range(dout.ndim) if i != 1)
            self.weight.grad += (dout * self.x_hat).sum(axis=axes)
            self.bias.grad += dout.sum(axis=axes)
            dx_hat = dout * self.weight.data.reshape(self.shape)
        n, g = dout.shape[0], self.num_groups
        dx = normalize_backward(
            dx_hat.reshape(n, g, -1), self.x_hat.reshape(n, g, -1), self.inv_std, 2
        )
        return dx.reshape(dout.shape)


class RMSNorm(Module):
    """y = x / sqrt(mean(x^2) + eps) * weight over the last dims (no mean subtraction, no bias).

    eps=None uses the dtype's machine epsilon, as torch.nn.RMSNorm does.
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
        self.normalized_shape, self.eps = tuple(shape), eps
        self.weight = Parameter(np.ones(shape)) if elementwise_affine else None

    def forward(self, x):
        k = len(self.normalized_shape)
        self.axes = tuple(range(x.ndim - k, x.ndim))
        eps = np.finfo(x.dtype).eps if self.eps is None else self.eps
        self.x = x
        self.inv_rms = 1.0 / np.sqrt((x**2).mean(axis=self.axes, keepdims=True) + eps)
        out = x * self.inv_rms
        return out * self.weight.data if self.weight is not None else out

    def backward(self, dout):
        x, r = self.x, self.inv_rms
        dy = dout
        if self.weight is not None:
            leading = tuple(range(dout.ndim - len(self.axes)))
            self.weight.grad += (dout * x * r).sum(axis=leading)
            dy = dout * self.weight.data
        # d(x * r) = r * dy - x * r^3 * mean(dy * x)
        return r * dy - x * r**3 * (dy * x).mean(axis=self.axes, keepdims=True)
