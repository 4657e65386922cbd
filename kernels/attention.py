"""Attention: scaled dot-product attention with masks, multi-head attention, position encodings.

Masks are boolean and say where attention is *allowed* (True = this query may look at this key),
as torch.nn.functional.scaled_dot_product_attention's boolean attn_mask. Build them with
causal_mask and padding_mask and combine them with `&`. (torch.nn.MultiheadAttention uses the
opposite convention: pass it `~mask`.)
"""

from __future__ import annotations

import math

import numpy as np

from kernels.activations import softmax
from kernels.base import Module, Parameter
from kernels.init import make_rng, xavier_uniform
from kernels.linear import Linear
from kernels.tracing import traced_op


def causal_mask(T: int, S: int | None = None) -> np.ndarray:
    """(T, S) mask letting query t see keys 0..t only: no peeking at the future."""
    return np.tril(np.ones((T, T if S is None else S), dtype=bool))


def padding_mask(lengths, S: int) -> np.ndarray:
    """(B, 1, S) mask hiding the padding: sequence b has only its first lengths[b] keys real."""
    return (np.arange(S) < np.asarray(lengths)[:, None])[:, None, :]


@traced_op
def scaled_dot_product_attention(q, k, v, mask=None):
    """softmax(q k^T / sqrt(d)) v, where masked-out scores become -inf (weight 0).

    q: (..., T, d), k: (..., S, d), v: (..., S, d_v), mask broadcastable to (..., T, S).
    Returns (output (..., T, d_v), weights (..., T, S)); each row of weights sums to 1.
    """
    scores = q @ k.swapaxes(-1, -2) / math.sqrt(q.shape[-1])  # (..., T, S)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ v, weights


class ScaledDotProductAttention(Module):
    """Module form of scaled_dot_product_attention: forward(q, k, v, mask) -> output.

    The attention weights (..., T, S) stay in `self.weights` for plotting.
    backward(dout) returns (dq, dk, dv).
    """

    def forward(self, q, k, v, mask=None):
        out, self.weights = scaled_dot_product_attention(q, k, v, mask)
        self.q, self.k, self.v = q, k, v
        return out

    def backward(self, dout):
        q, k, v, w = self.q, self.k, self.v, self.weights
        dv = w.swapaxes(-1, -2) @ dout
        dw = dout @ v.swapaxes(-1, -2)
        # softmax backward, row by row; masked entries have w = 0 so they get no gradient
        dscores = w * (dw - (dw * w).sum(axis=-1, keepdims=True)) / math.sqrt(q.shape[-1])
        dq = dscores @ k
        dk = dscores.swapaxes(-1, -2) @ q
        return dq, dk, dv


class MultiHeadAttention(Module):
    """Multi-head attention, as torch.nn.MultiheadAttention(batch_first=True).

    forward(x, memory=None, mask=None): queries come from x (B, T, C); keys and values from
    memory (B, S, C), or from x itself (self-attention). mask: bool, broadcastable to (B, T, S),
    True = allowed. Each of the h heads attends in its own d = C/h dimensional slice:
    (B, T, C) -> (B, h, T, d) -> attention -> (B, T, C) -> out_proj.
    in_proj_weight (3C, C) stacks W_q, W_k, W_v (torch's layout); `self.attn_weights` keeps
    the attention weights (B, h, T, S). backward(dout) returns dx for self-attention and
    (dx, dmemory) for cross-attention.
    """

    def __init__(self, embed_dim, num_heads, bias=True, rng=None):
        if embed_dim % num_heads:
            raise ValueError(f"embed_dim={embed_dim} is not divisible by num_heads={num_heads}")
        self.embed_dim, self.num_heads = embed_dim, num_heads
        self.head_dim = embed_dim // num_heads
        rng = make_rng(rng)
        self.in_proj_weight = Parameter(xavier_uniform((3 * embed_dim, embed_dim), rng=rng))
        self.in_proj_bias = Parameter(np.zeros(3 * embed_dim)) if bias else None
        self.out_proj = Linear(embed_dim, embed_dim, bias, rng)
        if bias:
            self.out_proj.bias.data[...] = 0.0  # torch's initialisation
        self.attention = ScaledDotProductAttention()

    def _project(self, x, rows):  # x (B, T, C) @ the chosen rows of in_proj_weight, + bias
        out = x @ self.in_proj_weight.data[rows].T
        return out if self.in_proj_bias is None else out + self.in_proj_bias.data[rows]

    def _split_heads(self, x):  # (B, T, C) -> (B, h, T, d)
        B, T, _ = x.shape
        return x.reshape(B, T, self.num_heads, self.head_dim).transpose(0, 2, 1, 3)

    def _merge_heads(self, x):  # (B, h, T, d) -> (B, T, C)
        B, _, T, _ = x.shape
        return x.transpose(0, 2, 1, 3).reshape(B, T, self.embed_dim)

    def forward(self, x, memory=None, mask=None):
        C = self.embed_dim
        for name, a in (("x", x), ("memory", memory)):
            if a is not None and (a.ndim != 3 or a.shape[-1] != C):
                raise ValueError(
                    f"MultiHeadAttention expects {name} (B, T, embed_dim={C}), got {a.shape}"
                )
        self.x, self.source = x, (x if memory is None else memory)
        self.cross = memory is not None
        q = self._project(x, slice(0, C))  # (B, T, C)
        k, v = np.split(self._project(self.source, slice(C, 3 * C)), 2, axis=-1)  # (B, S, C)
        q, k, v = self._split_heads(q), self._split_heads(k), self._split_heads(v)
        if mask is not None and np.ndim(mask) == 3:
            mask = np.asarray(mask)[:, None]  # (B, T, S) -> (B, 1, T, S): same for every head
        heads = self.attention(q, k, v, mask)  # (B, h, T, d): every head at once
        self.attn_weights = self.attention.weights  # (B, h, T, S)
        return self.out_proj(self._merge_heads(heads))  # (B, T, C)

    def backward(self, dout):
        C, W = self.embed_dim, self.in_proj_weight
        dheads = self._split_heads(self.out_proj.backward(dout))
        dq, dk, dv = (self._merge_heads(d) for d in self.attention.backward(dheads))
        dkv = np.concatenate([dk, dv], axis=-1)  # (B, S, 2C)
        W.grad[:C] += dq.reshape(-1, C).T @ self.x.reshape(-1, C)
        W.grad[C:] += dkv.reshape(-1, 2 * C).T @ self.source.reshape(-1, C)
        if self.in_proj_bias is not None:
            self.in_proj_bias.grad[:C] += dq.sum(axis=(0, 1))
            self.in_proj_bias.grad[C:] += dkv.sum(axis=(0, 1))
        dx, dsource = dq @ W.data[:C], dkv @ W.data[C:]
        return (dx, dsource) if self.cross else dx + dsource


# ---------------------------------------------------------------- position information


def _like(table, x):
    """The float64 table in x's dtype when x is float32/16, so adding it keeps x's precision."""
    return table.astype(x.dtype, copy=False) if x.dtype.kind == "f" else table


def sinusoidal_positional_encoding(num_positions, dim, base=10000.0):
    """(T, C) table: PE[p, 2i] = sin(p / base^(2i/C)), PE[p, 2i+1] = cos(p / base^(2i/C)).

    Each pair of columns is a clock at its own speed, from one turn per 2*pi positions down to
    one per 2*pi*base, so every position gets a distinct pattern (Vaswani et al., 2017).
    """
    angles = np.arange(num_positions)[:, None] * base ** (-np.arange(0, dim, 2) / dim)
    pe = np.zeros((num_positions, dim))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : dim // 2])
    return pe


class SinusoidalPositionalEncoding(Module):
    """Adds the sinusoidal table to x (B, T, C); a constant, so the gradient passes unchanged."""

    def __init__(self, dim, max_len=5000, base=10000.0):
        self.pe = sinusoidal_positional_encoding(max_len, dim, base)

    def forward(self, x):
        T, max_len = x.shape[-2], len(self.pe)
        if max_len < T:
            raise ValueError(f"sequence of {T} positions is longer than max_len={max_len}")
        return x + _like(self.pe[:T], x)

    def backward(self, dout):
        return dout


def rotate_half(x):
    """(x1, x2) -> (-x2, x1) on the two halves of the last axis: a 90-degree turn per pair."""
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def rope_cos_sin(positions, dim, base=10000.0):
    """cos and sin (T, d) of the angles p * base^(-2j/d) for pair j = 0..d/2-1, each twice."""
    freqs = base ** (-np.arange(0, dim, 2) / dim)  # (d/2,)
    angles = np.asarray(positions, dtype=np.float64)[:, None] * freqs  # (T, d/2)
    angles = np.concatenate([angles, angles], axis=-1)  # pairs are (j, j + d/2)
    return np.cos(angles), np.sin(angles)


@traced_op
def apply_rope(x, positions=None, base=10000.0):
    """Rotary position embedding (rotate-half form, as GPT-NeoX and LLaMA): x (..., T, d).

    Feature pair (j, j + d/2) at position p is rotated by the angle p * base^(-2j/d), so the dot
    product of a rotated query and key depends only on their distance. positions default to
    0..T-1.
    """
    T, d = x.shape[-2:]
    cos, sin = rope_cos_sin(np.arange(T) if positions is None else positions, d, base)
    return x * _like(cos, x) + rotate_half(x) * _like(sin, x)


class RotaryEmbedding(Module):
    """Module form of apply_rope on (..., T, d); backward rotates the gradient back."""

    def __init__(self, base=10000.0):
        self.base = base

    def forward(self, x, positions=None):
        self.positions = np.arange(x.shape[-2]) if positions is None else positions
        return apply_rope(x, self.positions, self.base)

    def backward(self, dout):
        # a rotation's transpose is the rotation by minus the angle: sin changes sign
        cos, sin = rope_cos_sin(self.positions, dout.shape[-1], self.base)
        return dout * cos - rotate_half(dout * sin)
