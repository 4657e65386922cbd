"""Transformer encoder and decoder blocks, as torch.nn.TransformerEncoderLayer/DecoderLayer.

Post-norm (the original paper, torch's default): x = norm(x + sublayer(x)).
Pre-norm (norm_first=True, as GPT-2 and most modern models): x = x + sublayer(norm(x)).
Sublayers: self-attention, cross-attention over the encoder's output (decoder only), and a
position-wise feed-forward network linear2(dropout(activation(linear1(x)))). Attribute names
follow torch, so weights copy across by name. Input and output: (B, T, C), C = d_model.
"""

from __future__ import annotations

from kernels.activations import GELU, ReLU
from kernels.attention import MultiHeadAttention
from kernels.base import Module
from kernels.init import make_rng
from kernels.linear import Dropout, Linear
from kernels.normalization import LayerNorm


class _Block(Module):
    """The feed-forward sublayer and the options both blocks share."""

    def __init__(
        self, d_model, num_heads, dim_feedforward, dropout, activation, norm_first, eps, rng
    ):
        if activation not in ("relu", "gelu"):
            raise ValueError(f"activation must be 'relu' or 'gelu', got {activation!r}")
        rng = make_rng(rng)
        self.d_model, self.norm_first = d_model, norm_first
        self.self_attn = MultiHeadAttention(d_model, num_heads, rng=rng)
        self.linear1 = Linear(d_model, dim_feedforward, rng=rng)
        self.activation = ReLU() if activation == "relu" else GELU()
        self.dropout = Dropout(dropout, rng=rng)
        self.linear2 = Linear(dim_feedforward, d_model, rng=rng)
        self.norm1 = LayerNorm(d_model, eps=eps)
        self.norm2 = LayerNorm(d_model, eps=eps)
        self.dropout1 = Dropout(dropout, rng=rng)
        self.dropout2 = Dropout(dropout, rng=rng)

    def _feed_forward(self, x):  # (B, T, C) -> (B, T, F) -> (B, T, C)
        return self.linear2(self.dropout(self.activation(self.linear1(x))))

    def _feed_forward_backward(self, dout):
        d = self.dropout.backward(self.linear2.backward(dout))
        return self.linear1.backward(self.activation.backward(d))


class TransformerEncoderBlock(_Block):
    """Self-attention then feed-forward, each wrapped in a residual connection and LayerNorm.

    forward(x, mask=None): x (B, T, C); mask as in MultiHeadAttention (True = may attend).
    backward(dout) returns dx.
    """

    def __init__(
        self,
        d_model,
        num_heads,
        dim_feedforward=2048,
        dropout=0.0,
        activation="relu",
        norm_first=False,
        eps=1e-5,
        rng=None,
    ):
        super().__init__(
            d_model, num_heads, dim_feedforward, dropout, activation, norm_first, eps, rng
        )

    def forward(self, x, mask=None):
        if self.norm_first:
            x = x + self.dropout1(self.self_attn(self.norm1(x), mask=mask))
            return x + self.dropout2(self._feed_forward(self.norm2(x)))
        x = self.norm1(x + self.dropout1(self.self_attn(x, mask=mask)))
        return self.norm2(x + self.dropout2(self._feed_forward(x)))

    def backward(self, dout):
        if self.norm_first:
            d_ff = self._feed_forward_backward(self.dropout2.backward(dout))
            dx = dout + self.norm2.backward(d_ff)
            return dx + self.norm1.backward(self.self_attn.backward(self.dropout1.backward(dx)))
        d = self.norm2.backward(dout)
        dx = d + self._feed_forward_backward(self.dropout2.backward(d))  # residual adds up
        d = self.norm1.backward(dx)
        return d + self.self_attn.backward(self.dropout1.backward(d))


class TransformerDecoderBlock(_Block):
    """Masked self-attention, cross-attention over `memory`, feed-forward; residual + LayerNorm.

    forward(x, memory, tgt_mask=None, memory_mask=None): x (B, T, C) the target sequence,
    memory (B, S, C) the encoder's output; tgt_mask is usually causal_mask(T).
    backward(dout) returns (dx, dmemory).
    """

    def __init__(
        self,
        d_model,
        num_heads,
        dim_feedforward=2048,
        dropout=0.0,
        activation="relu",
        norm_first=False,
        eps=1e-5,
        rng=None,
    ):
        rng = make_rng(rng)
        super().__init__(
            d_model, num_heads, dim_feedforward, dropout, activation, norm_first, eps, rng
        )
        self.multihead_attn = MultiHeadAttention(d_model, num_heads, rng=rng)
        self.norm3 = LayerNorm(d_model, eps=eps)
        self.dropout3 = Dropout(dropout, rng=rng)

    def forward(self, x, memory, tgt_mask=None, memory_mask=None):
        if self.norm_first:
            x = x + self.dropout1(self.self_attn(self.norm1(x), mask=tgt_mask))
            x = x + self.dropout2(self.multihead_attn(self.norm2(x), memory, memory_mask))
            return x + self.dropout3(self._feed_forward(self.norm3(x)))
        x = self.norm1(x + self.dropout1(self.self_attn(x, mask=tgt_mask)))
        x = self.norm2(x + self.dropout2(self.multihead_attn(x, memory, memory_mask)))
        return self.norm3(x + self.dropout3(self._feed_forward(x)))

    def backward(self, dout):
        if self.norm_first:
            d_ff = self._feed_forward_backward(self.dropout3.backward(dout))
            dx = dout + self.norm3.backward(d_ff)
            dq, dmemory = self.multihead_attn.backward(self.dropout2.backward(dx))
            dx = dx + self.norm2.backward(dq)
            dx = dx + self.norm1.backward(self.self_attn.backward(self.dropout1.backward(dx)))
            return dx, dmemory
        d = self.norm3.backward(dout)
        dx = d + self._feed_forward_backward(self.dropout3.backward(d))
        d = self.norm2.backward(dx)
        dq, dmemory = self.multihead_attn.backward(self.dropout2.backward(d))
        d = self.norm1.backward(d + dq)
        return d + self.self_attn.backward(self.dropout1.backward(d)), dmemory
