"""Affine layers and plumbing: Linear, Embedding, Dropout, Flatten, Sequential."""

from __future__ import annotations

import numpy as np

from kernels.base import Module, Parameter
from kernels.init import default_layer_init, make_rng


class Linear(Module):
    """y = x W^T + b.  x: (N, *, in_features) -> y: (N, *, out_features).

    weight is (out_features, in_features) as in torch, so weights copy across unchanged.
    """

    def __init__(self, in_features, out_features, bias=True, rng=None):
        self.in_features, self.out_features = in_features, out_features
        w, b = default_layer_init((out_features, in_features), (out_features,), rng)
        self.weight = Parameter(w)
        self.bias = Parameter(b) if bias else None

    def forward(self, x):
        if x.shape[-1] != self.in_features:
            raise ValueError(
                f"Linear expects the last dimension of its input to be in_features="
                f"{self.in_features}, got input shape {x.shape}"
            )
        self.x = x
        out = x @ self.weight.data.T
        if self.bias is not None:
            out = out + self.bias.data
        return out

    def backward(self, dout):
        # fold any leading dimensions (N, T, ...) into one batch of rows
        x2 = self.x.reshape(-1, self.in_features)
        d2 = dout.reshape(-1, self.out_features)
        self.weight.grad += d2.T @ x2
        if self.bias is not None:
            self.bias.grad += d2.sum(axis=0)
        return dout @ self.weight.data


class Embedding(Module):
    """A lookup table. idx: integer array of any shape (N, *) -> (N, *, embedding_dim)."""

    def __init__(self, num_embeddings, embedding_dim, rng=None):
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.weight = Parameter(make_rng(rng).standard_normal((num_embeddings, embedding_dim)))

    def forward(self, idx):
        self.idx = np.asarray(idx)
        return self.weight.data[self.idx]

    def backward(self, dout):
        # a row used several times gathers gradient from every use: np.add.at does not overwrite
        np.add.at(self.weight.grad, self.idx, dout)
        return None  # integer indices have no gradient


class Dropout(Module):
    """Zero each element with probability p while training, scale the rest by 1/(1-p).

    In eval mode it is the identity. `self.mask` (already scaled) is kept so tests can apply the
    same mask elsewhere; pass `rng` (a seed or Generator) for reproducible masks.
    """

    def __init__(self, p=0.5, rng=None):
        if not 0.0 <= p < 1.0:
            raise ValueError(f"dropout probability must be in [0, 1), got {p}")
        self.p = p
        self.rng = make_rng(rng)

    def forward(self, x):
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask

    def backward(self, dout):
        return dout if self.mask is None else dout * self.mask


class Flatten(Module):
    """(N, C, H, W) -> (N, C*H*W): joins dimensions start_dim..end_dim into one."""

    def __init__(self, start_dim=1, end_dim=-1):
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x):
        self.in_shape = x.shape
        start = self.start_dim % x.ndim
        end = self.end_dim % x.ndim
        return x.reshape(*x.shape[:start], -1, *x.shape[end + 1 :])

    def backward(self, dout):
        return dout.reshape(self.in_shape)


class Sequential(Module):
    """Layers applied one after another; backward runs them in reverse."""

    def __init__(self, *layers):
        self.layers = list(layers)

    def children(self):
        # named "0", "1", ... like torch.nn.Sequential, so parameter names match its state_dict
        for i, layer in enumerate(self.layers):
            yield str(i), layer

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout
