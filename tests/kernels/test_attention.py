"""Attention: masks hide what they should, backward passes agree with numerical gradients,
and the position encodings have the properties they are used for."""

import numpy as np
import pytest

from kernels.attention import (
    MultiHeadAttention,
    RotaryEmbedding,
    ScaledDotProductAttention,
    apply_rope,
    causal_mask,
    padding_mask,
    scaled_dot_product_attention,
    sinusoidal_positional_encoding,
)
from kernels.gradcheck import gradient_errors

rng = np.random.default_rng(0)


def test_causal_attention_gives_no_weight_to_future_positions():
    q, k, v = (rng.standard_normal((2, 5, 4)) for _ in range(3))
    _, weights = scaled_dot_product_attention(q, k, v, causal_mask(5))
    assert np.all(np.triu(weights[0], k=1) == 0)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)
    np.testing.assert_allclose(weights[:, 0, 0], 1.0)  # the first token can only see itself


def test_padding_keys_get_no_weight_and_do_not_change_the_output():
    q, k, v = (rng.standard_normal((2, 4, 3)) for _ in range(3))
    mask = padding_mask([4, 2], 4)  # the second sequence has two real tokens
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    assert np.all(weights[1, :, 2:] == 0)
    v_changed = v.copy()
    v_changed[1, 2:] = 100.0
    out_changed, _ = scaled_dot_product_attention(q, k, v_changed, mask)
    np.testing.assert_allclose(out, out_changed)


def test_sdpa_backward_agrees_with_numerical_gradients():
    q, k, v = (
        rng.standard_normal((2, 3, 4)),
        rng.standard_normal((2, 5, 4)),
        rng.standard_normal((2, 5, 2)),
    )
    mask = padding_mask([5, 3], 5)
    errors = gradient_errors(ScaledDotProductAttention(), q, k, v, mask)
    assert set(errors) == {"input0", "input1", "input2"}
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("cross", [False, True])
def test_multi_head_attention_backward_agrees_with_numerical_gradients(cross):
    mha = MultiHeadAttention(6, 3, rng=1)
    mha.in_proj_bias.data[:] = rng.standard_normal(18)  # torch starts them at 0; test them too
    x = rng.standard_normal((2, 4, 6))
    if cross:
        memory = rng.standard_normal((2, 3, 6))
        errors = gradient_errors(mha, x, memory, padding_mask([3, 2], 3))
    else:
        errors = gradient_errors(mha, x, None, causal_mask(4))
    assert max(errors.values()) < 1e-6, errors
    assert mha.attn_weights.shape == (2, 3, 4, 3 if cross else 4)


def test_heads_must_divide_the_embedding():
    with pytest.raises(ValueError, match="not divisible"):
        MultiHeadAttention(10, 3)


def test_sinusoidal_encoding_starts_at_sin_0_cos_0_and_stays_bounded():
    pe = sinusoidal_positional_encoding(50, 8)
    np.testing.assert_allclose(pe[0], [0, 1] * 4)
    np.testing.assert_allclose(pe[:, 0], np.sin(np.arange(50)))  # fastest clock: 1 rad/step
    assert np.abs(pe).max() <= 1.0
    assert len({row.tobytes() for row in pe.round(8)}) == 50  # every position distinct


def test_rope_scores_depend_only_on_the_distance_between_positions():
    q, k = rng.standard_normal(8), rng.standard_normal(8)

    def score(m, n):
        q_at = apply_rope(np.tile(q, (10, 1)))[m]
        k_at = apply_rope(np.tile(k, (10, 1)))[n]
        return q_at @ k_at

    assert score(5, 3) == pytest.approx(score(7, 5))
    assert score(5, 3) == pytest.approx(score(2, 0))
    assert score(5, 3) != pytest.approx(score(5, 4))


def test_rope_is_a_rotation_and_leaves_position_zero_alone():
    x = rng.standard_normal((2, 6, 8))
    y = apply_rope(x)
    np.testing.assert_allclose(np.linalg.norm(y, axis=-1), np.linalg.norm(x, axis=-1))
    np.testing.assert_allclose(y[:, 0], x[:, 0])
    errors = gradient_errors(RotaryEmbedding(), x)
    assert errors["input0"] < 1e-6
