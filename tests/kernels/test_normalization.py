"""BatchNorm (train/eval, running statistics), LayerNorm, GroupNorm, RMSNorm against torch."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.normalization import BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm, RMSNorm

seeds = st.integers(0, 2**32 - 1)


def _randomize_affine(module, seed):
    """Non-trivial weight and bias, so the affine part is exercised too."""
    rng = np.random.default_rng(seed)
    for p in module.parameters():
        p.data = rng.standard_normal(p.data.shape)
        p.grad = np.zeros_like(p.data)
    return module


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(2, 5), c=st.integers(1, 4), hw=st.integers(1, 4), seed=seeds, affine=st.booleans()
)
def test_batchnorm2d_train_then_eval_matches_torch(n, c, hw, seed, affine, assert_matches_torch):
    rng = np.random.default_rng(seed)
    bn = _randomize_affine(BatchNorm2d(c, momentum=0.3, affine=affine), seed)
    for _ in range(2):  # two training steps update the running statistics in both
        assert_matches_torch(bn, rng.standard_normal((n, c, hw, hw)) * 2 + 1)
    bn.eval()
    assert_matches_torch(bn, rng.standard_normal((n, c, hw, hw)))


def test_batchnorm_running_statistics_follow_torch():
    torch = pytest.importorskip("torch", reason="torch is not installed")
    rng = np.random.default_rng(0)
    bn, tbn = BatchNorm1d(3), torch.nn.BatchNorm1d(3).double()
    for _ in range(3):
        x = rng.standard_normal((8, 3, 5)) * 3 + 2
        bn(x)
        tbn(torch.tensor(x))
    np.testing.assert_allclose(bn.running_mean, tbn.running_mean.numpy(), atol=1e-12)
    np.testing.assert_allclose(bn.running_var, tbn.running_var.numpy(), atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(2, 6), c=st.integers(1, 5), seed=seeds)
def test_batchnorm1d_matches_torch_on_2d_and_3d_inputs(n, c, seed, assert_matches_torch):
    rng = np.random.default_rng(seed)
    assert_matches_torch(_randomize_affine(BatchNorm1d(c), seed), rng.standard_normal((n, c)))
    assert_matches_torch(_randomize_affine(BatchNorm1d(c), seed), rng.standard_normal((n, c, 3)))


@settings(max_examples=15, deadline=None)
@given(
    lead=st.lists(st.integers(1, 4), min_size=1, max_size=2).map(tuple),
    c=st.integers(2, 6),
    seed=seeds,
)
def test_layernorm_and_rmsnorm_match_torch(lead, c, seed, assert_matches_torch):
    x = np.random.default_rng(seed).standard_normal((*lead, c)) * 3
    assert_matches_torch(_randomize_affine(LayerNorm(c), seed), x)
    assert_matches_torch(_randomize_affine(RMSNorm(c), seed), x)
    assert_matches_torch(_randomize_affine(RMSNorm(c, eps=1e-5), seed), x)


def test_layernorm_over_two_trailing_dims_matches_torch(assert_matches_torch):
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5))
    assert_matches_torch(_randomize_affine(LayerNorm((4, 5)), 1), x)


@settings(max_examples=15, deadline=None)
@given(groups=st.sampled_from([1, 2, 3, 6]), n=st.integers(1, 3), seed=seeds)
def test_groupnorm_matches_torch(groups, n, seed, assert_matches_torch):
    x = np.random.default_rng(seed).standard_normal((n, 6, 3, 2))
    assert_matches_torch(_randomize_affine(GroupNorm(groups, 6), seed), x)


@pytest.mark.parametrize(
    "module, shape",
    [
        (BatchNorm2d(3), (4, 3, 2, 2)),
        (LayerNorm(5), (3, 5)),
        (GroupNorm(2, 4), (2, 4, 3)),
        (RMSNorm(5), (2, 5)),
        (BatchNorm2d(3).eval(), (4, 3, 2, 2)),
    ],
    ids=["batch", "layer", "group", "rms", "batch-eval"],
)
def test_normalization_gradients_numerically(module, shape, assert_gradients_ok):
    _randomize_affine(module, 1)
    assert_gradients_ok(module, np.random.default_rng(0).standard_normal(shape))


def test_batchnorm_output_is_normalized_in_training():
    x = np.random.default_rng(0).standard_normal((64, 3)) * 5 + 10
    y = BatchNorm1d(3)(x)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-10)
    np.testing.assert_allclose(y.std(axis=0), 1, atol=1e-3)


def test_batchnorm_rejects_wrong_channel_count():
    with pytest.raises(ValueError, match="C=3"):
        BatchNorm2d(3)(np.zeros((2, 4, 5, 5)))
