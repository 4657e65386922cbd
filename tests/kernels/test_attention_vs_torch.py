"""Attention kernels match torch: F.scaled_dot_product_attention, nn.MultiheadAttention, RoPE."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.attention import (
    MultiHeadAttention,
    RotaryEmbedding,
    ScaledDotProductAttention,
    SinusoidalPositionalEncoding,
    causal_mask,
    padding_mask,
    scaled_dot_product_attention,
)

torch = pytest.importorskip("torch", reason="torch is needed to compare with torch attention")
from kernels.twins import compare_with_torch  # noqa: E402  (needs torch)

TOLERANCE = 1e-6


def _random_mask(rng, shape):
    """A random boolean mask in which every query can see at least one key."""
    mask = rng.random(shape) < 0.6
    mask[..., 0] = True
    return mask


@settings(max_examples=20, deadline=None)
@given(
    b=st.integers(1, 3),
    t=st.integers(1, 6),
    s=st.integers(1, 6),
    d=st.integers(1, 5),
    dv=st.integers(1, 5),
    masked=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_sdpa_output_weights_and_gradients_match_torch(b, t, s, d, dv, masked, seed):
    rng = np.random.default_rng(seed)
    q, k, v = (
        rng.standard_normal((b, t, d)),
        rng.standard_normal((b, s, d)),
        rng.standard_normal((b, s, dv)),
    )
    mask = _random_mask(rng, (b, t, s)) if masked else None
    errors = compare_with_torch(ScaledDotProductAttention(), q, k, v, mask, seed=seed)
    assert max(errors.values()) < TOLERANCE, errors

    _, weights = scaled_dot_product_attention(q, k, v, mask)
    scores = torch.tensor(q) @ torch.tensor(k).transpose(-1, -2) / d**0.5
    if masked:
        scores = scores.masked_fill(~torch.tensor(mask), float("-inf"))
    np.testing.assert_allclose(weights, scores.softmax(-1).numpy(), atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(
    b=st.integers(1, 3),
    t=st.integers(1, 6),
    s=st.integers(1, 5),
    heads=st.sampled_from([1, 2, 3]),
    head_dim=st.integers(1, 4),
    bias=st.booleans(),
    cross=st.booleans(),
    mask_kind=st.sampled_from(["none", "causal", "padding", "random"]),
    seed=st.integers(0, 2**16),
)
def test_multi_head_attention_matches_torch(b, t, s, heads, head_dim, bias, cross, mask_kind, seed):
    rng = np.random.default_rng(seed)
    c = heads * head_dim
    mha = MultiHeadAttention(c, heads, bias=bias, rng=rng)
    if bias:  # torch initialises biases to zero; random ones test their gradients properly
        mha.in_proj_bias.data[:] = rng.standard_normal(3 * c)
    x = rng.standard_normal((b, t, c))
    memory = rng.standard_normal((b, s, c)) if cross else None
    keys = s if cross else t
    mask = {
        "none": None,
        "causal": causal_mask(t, keys),
        "padding": padding_mask(rng.integers(1, keys + 1, b), keys),
        "random": _random_mask(rng, (b, t, keys)),
    }[mask_kind]
    errors = compare_with_torch(mha, x, memory, mask, seed=seed)
    assert max(errors.values()) < TOLERANCE, errors
    assert ("grad_input1" in errors) == cross


@settings(max_examples=15, deadline=None)
@given(
    t=st.integers(1, 8),
    half=st.integers(1, 4),
    offset=st.integers(0, 50),
    seed=st.integers(0, 2**16),
)
def test_rope_matches_the_rotate_half_formulation(t, half, offset, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 3, t, 2 * half))  # (B, h, T, d)
    positions = np.arange(offset, offset + t)
    errors = compare_with_torch(RotaryEmbedding(), x, positions, seed=seed)
    assert max(errors.values()) < TOLERANCE, errors


@pytest.mark.parametrize("dim", [1, 6, 7, 16])
def test_sinusoidal_encoding_matches_the_pytorch_tutorial(dim):
    x = np.random.default_rng(dim).standard_normal((2, 9, dim))
    errors = compare_with_torch(SinusoidalPositionalEncoding(dim, max_len=20), x)
    assert max(errors.values()) < 1e-12, errors
