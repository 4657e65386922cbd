"""Transformer blocks match torch.nn.TransformerEncoderLayer / DecoderLayer (dropout 0)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.attention import causal_mask, padding_mask
from kernels.transformer import TransformerDecoderBlock, TransformerEncoderBlock

torch = pytest.importorskip("torch", reason="torch is needed to compare with nn.Transformer*")
from kernels.twins import compare_with_torch  # noqa: E402  (needs torch)

TOLERANCE = 1e-6


def _perturb(block, rng):
    for _, p in block.named_parameters():
        p.data += 0.3 * rng.standard_normal(p.shape)


@settings(max_examples=15, deadline=None)
@given(
    b=st.integers(1, 3),
    t=st.integers(1, 5),
    heads=st.sampled_from([1, 2]),
    head_dim=st.integers(1, 3),
    ff=st.integers(1, 8),
    norm_first=st.booleans(),
    activation=st.sampled_from(["relu", "gelu"]),
    masked=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_encoder_block_matches_torch(
    b, t, heads, head_dim, ff, norm_first, activation, masked, seed
):
    rng = np.random.default_rng(seed)
    d = heads * head_dim
    block = TransformerEncoderBlock(
        d, heads, ff, activation=activation, norm_first=norm_first, rng=rng
    )
    _perturb(block, rng)
    x = rng.standard_normal((b, t, d))
    mask = padding_mask(rng.integers(1, t + 1, b), t) if masked else None
    errors = compare_with_torch(block, x, mask, seed=seed)
    assert max(errors.values()) < TOLERANCE, errors


@settings(max_examples=15, deadline=None)
@given(
    b=st.integers(1, 3),
    t=st.integers(1, 5),
    s=st.integers(1, 5),
    heads=st.sampled_from([1, 2]),
    head_dim=st.integers(1, 3),
    ff=st.integers(1, 8),
    norm_first=st.booleans(),
    memory_padded=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_decoder_block_matches_torch(b, t, s, heads, head_dim, ff, norm_first, memory_padded, seed):
    rng = np.random.default_rng(seed)
    d = heads * head_dim
    block = TransformerDecoderBlock(d, heads, ff, norm_first=norm_first, rng=rng)
    _perturb(block, rng)
    x, memory = rng.standard_normal((b, t, d)), rng.standard_normal((b, s, d))
    memory_mask = padding_mask(rng.integers(1, s + 1, b), s) if memory_padded else None
    errors = compare_with_torch(block, x, memory, causal_mask(t), memory_mask, seed=seed)
    assert {"grad_input0", "grad_input1"} <= set(errors)
    assert max(errors.values()) < TOLERANCE, errors
