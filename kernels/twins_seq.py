"""PyTorch twins of the sequence kernels: recurrent, attention and transformer modules.

`kernels.twins.twin(module)` finds these through `@register` (it imports every kernels.twins_*
module on first need) and copies the weights by name, so every builder here returns a torch
module whose parameter names equal the NumPy module's. Each twin is called like its NumPy module:
same arguments (masks keep the kernels' convention, True = may attend) and same outputs.

torch is imported at the top: this module is only loaded when a twin is asked for.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from kernels import attention, recurrent, transformer
from kernels.twins import register

# ---------------------------------------------------------------- recurrent


@register(recurrent.RNNCell)
def _rnn_cell(m):
    return nn.RNNCell(m.input_size, m.hidden_size, m.bias_ih is not None, m.nonlinearity)


@register(recurrent.LSTMCell)
def _lstm_cell(m):
    return nn.LSTMCell(m.input_size, m.hidden_size, m.bias_ih is not None)


@register(recurrent.GRUCell)
def _gru_cell(m):
    return nn.GRUCell(m.input_size, m.hidden_size, m.bias_ih is not None)


def _layer_options(m):
    return dict(
        input_size=m.input_size,
        hidden_size=m.hidden_size,
        num_layers=m.num_layers,
        bias=m.cells[0].bias_ih is not None,
        batch_first=True,
        bidirectional=m.bidirectional,
    )


@register(recurrent.RNN)
def _rnn(m):
    return nn.RNN(nonlinearity=m.cells[0].nonlinearity, **_layer_options(m))


@register(recurrent.LSTM)
def _lstm(m):
    return nn.LSTM(**_layer_options(m))


@register(recurrent.GRU)
def _gru(m):
    return nn.GRU(**_layer_options(m))


# ---------------------------------------------------------------- attention


def torch_attention_mask(mask, num_heads, B, T, S):
    """A kernels mask (True = may attend) as nn.MultiheadAttention's attn_mask (True = blocked).

    Masks broadcastable to (B, T, S) or (B, h, T, S) become (B*h, T, S), as torch requires.
    """
    if mask is None:
        return None
    mask = torch.as_tensor(mask, dtype=torch.bool)
    if mask.dim() == 3:
        mask = mask.unsqueeze(1)
    if mask.dim() == 4:
        mask = mask.expand(B, num_heads, T, S).reshape(B * num_heads, T, S)
    return ~mask


class ScaledDotProductAttentionTwin(nn.Module):
    def forward(self, q, k, v, mask=None):
        mask = None if mask is None else torch.as_tensor(mask, dtype=torch.bool)
        return nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)


class MultiheadAttentionTwin(nn.MultiheadAttention):
    """nn.MultiheadAttention called as kernels.attention.MultiHeadAttention: (x, memory, mask)."""

    def forward(self, x, memory=None, mask=None):
        source = x if memory is None else memory
        attn_mask = torch_attention_mask(mask, self.num_heads, len(x), x.size(1), source.size(1))
        return super().forward(x, source, source, attn_mask=attn_mask, need_weights=False)[0]


@register(attention.ScaledDotProductAttention)
def _sdpa(m):
    return ScaledDotProductAttentionTwin()


@register(attention.MultiHeadAttention)
def _mha(m):
    return MultiheadAttentionTwin(
        m.embed_dim, m.num_heads, bias=m.in_proj_bias is not None, batch_first=True
    )


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class RotaryEmbeddingTwin(nn.Module):
    """RoPE as in Hugging Face's LLaMA (rotate_half / apply_rotary_pos_emb)."""

    def __init__(self, base=10000.0):
        super().__init__()
        self.base = base

    def forward(self, x, positions=None):
        T, d = x.shape[-2:]
        positions = torch.arange(T) if positions is None else torch.as_tensor(positions)
        inv_freq = 1.0 / (self.base ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
        freqs = torch.outer(positions.to(torch.float64), inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        return x * emb.cos() + rotate_half(x) * emb.sin()


@register(attention.RotaryEmbedding)
def _rope(m):
    return RotaryEmbeddingTwin(m.base)


class SinusoidalPositionalEncodingTwin(nn.Module):
    """The positional encoding of the PyTorch transformer tutorial (batch-first)."""

    def __init__(self, dim, max_len=5000, base=10000.0):
        super().__init__()
        position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, dim, 2, dtype=torch.float64) * (-math.log(base) / dim))
        pe = torch.zeros(max_len, dim, dtype=torch.float64)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term[: dim // 2])
        self.register_buffer("pe", pe)

    def forward(self, x):
        return x + self.pe[: x.size(-2)]


@register(attention.SinusoidalPositionalEncoding)
def _sinusoidal(m):
    max_len, dim = m.pe.shape
    return SinusoidalPositionalEncodingTwin(dim, max_len)


# ---------------------------------------------------------------- transformer blocks


def _block_options(m):
    return dict(
        d_model=m.d_model,
        nhead=m.self_attn.num_heads,
        dim_feedforward=m.linear1.out_features,
        dropout=m.dropout.p,
        activation="relu" if type(m.activation).__name__ == "ReLU" else "gelu",
        layer_norm_eps=m.norm1.eps,
        batch_first=True,
        norm_first=m.norm_first,
    )


class TransformerEncoderLayerTwin(nn.TransformerEncoderLayer):
    def forward(self, x, mask=None):
        B, T = x.shape[:2]
        src_mask = torch_attention_mask(mask, self.self_attn.num_heads, B, T, T)
        return super().forward(x, src_mask=src_mask)


class TransformerDecoderLayerTwin(nn.TransformerDecoderLayer):
    def forward(self, x, memory, tgt_mask=None, memory_mask=None):
        (B, T), S, heads = x.shape[:2], memory.size(1), self.self_attn.num_heads
        return super().forward(
            x,
            memory,
            tgt_mask=torch_attention_mask(tgt_mask, heads, B, T, T),
            memory_mask=torch_attention_mask(memory_mask, heads, B, T, S),
        )


@register(transformer.TransformerEncoderBlock)
def _encoder(m):
    return TransformerEncoderLayerTwin(**_block_options(m))


@register(transformer.TransformerDecoderBlock)
def _decoder(m):
    return TransformerDecoderLayerTwin(**_block_options(m))
