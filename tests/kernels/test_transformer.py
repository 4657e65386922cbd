"""Transformer blocks: backward agrees with numerical gradients; the decoder cannot peek ahead."""

import subprocess
import sys

import numpy as np
import pytest

from kernels.attention import causal_mask, padding_mask
from kernels.gradcheck import gradient_errors
from kernels.transformer import TransformerDecoderBlock, TransformerEncoderBlock

rng = np.random.default_rng(0)


def _randomise_biases(block):
    # LayerNorm starts at weight 1, bias 0 and attention biases at 0: perturb them all, so a
    # backward pass that mixed them up could not hide behind the special values
    for _, p in block.named_parameters():
        p.data += 0.3 * rng.standard_normal(p.shape)


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_encoder_block_backward_agrees_with_numerical_gradients(norm_first, activation):
    block = TransformerEncoderBlock(
        4, 2, dim_feedforward=6, activation=activation, norm_first=norm_first, rng=1
    )
    _randomise_biases(block)
    x = rng.standard_normal((2, 3, 4))
    errors = gradient_errors(block, x, padding_mask([3, 2], 3))
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("norm_first", [False, True])
def test_decoder_block_backward_agrees_with_numerical_gradients(norm_first):
    block = TransformerDecoderBlock(4, 2, dim_feedforward=6, norm_first=norm_first, rng=2)
    _randomise_biases(block)
    x, memory = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 5, 4))
    errors = gradient_errors(block, x, memory, causal_mask(3))
    assert {"input0", "input1"} <= set(errors)
    assert max(errors.values()) < 1e-6, errors


def test_a_causal_decoder_output_ignores_later_target_tokens():
    block = TransformerDecoderBlock(8, 2, dim_feedforward=16, rng=3)
    x, memory = rng.standard_normal((1, 5, 8)), rng.standard_normal((1, 4, 8))
    changed = x.copy()
    changed[0, 3:] += 1.0
    out = block(x, memory, causal_mask(5))
    out_changed = block(changed, memory, causal_mask(5))
    np.testing.assert_allclose(out[0, :3], out_changed[0, :3])
    assert not np.allclose(out[0, 3:], out_changed[0, 3:])


def test_dropout_acts_in_training_only():
    block = TransformerEncoderBlock(8, 2, dim_feedforward=16, dropout=0.5, rng=4)
    x = rng.standard_normal((2, 5, 8))
    assert not np.allclose(block(x), block(x))  # a fresh mask each call
    block.eval()
    np.testing.assert_array_equal(block(x), block(x))


def test_post_norm_output_is_normalised_per_token():
    block = TransformerEncoderBlock(8, 4, dim_feedforward=16, rng=5)
    out = block(rng.standard_normal((3, 6, 8)) * 5 + 2)
    np.testing.assert_allclose(out.mean(axis=-1), 0.0, atol=1e-9)
    np.testing.assert_allclose(out.std(axis=-1), 1.0, atol=1e-3)


NO_TORCH_SCRIPT = """
import sys
sys.modules["torch"] = None  # any `import torch` now raises ImportError
import numpy as np
from kernels import attention, autograd, micrograd, recurrent, transformer

x = np.random.default_rng(0).standard_normal((2, 5, 8))
out, (h, c) = recurrent.LSTM(8, 8, bidirectional=True, rng=0)(x)
block = transformer.TransformerDecoderBlock(8, 2, 16, norm_first=True, rng=0)
y = block(attention.apply_rope(x), out[..., :8], attention.causal_mask(5))
dx, dmemory = block.backward(np.ones_like(y))
loss = autograd.cross_entropy(autograd.Linear(8, 3, rng=0)(autograd.Tensor(x[0])), [0] * 5)
loss.backward()
v = micrograd.MLP(2, [3, 1], seed=0)([1.0, -1.0])
v.backward()
print("ok")
"""


def test_sequence_kernels_run_without_torch():
    result = subprocess.run(
        [sys.executable, "-c", NO_TORCH_SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
