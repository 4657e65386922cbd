"""Convolutions via im2col against torch: stride, padding, dilation, groups, 1-D, transposed."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kernels.conv import Conv1d, Conv2d, ConvTranspose2d, col2im, im2col, output_size

seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 3),
    groups=st.sampled_from([1, 2]),
    c_in_per_group=st.integers(1, 3),
    c_out_per_group=st.integers(1, 3),
    size=st.tuples(st.integers(3, 9), st.integers(3, 9)),
    kernel=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    dilation=st.integers(1, 2),
    bias=st.booleans(),
    seed=seeds,
)
def test_conv2d_matches_torch(
    n,
    groups,
    c_in_per_group,
    c_out_per_group,
    size,
    kernel,
    stride,
    padding,
    dilation,
    bias,
    seed,
    assert_matches_torch,
):
    for s, k in zip(size, kernel):
        assume(output_size(s, k, stride, padding, dilation) >= 1)
    c_in, c_out = groups * c_in_per_group, groups * c_out_per_group
    conv = Conv2d(c_in, c_out, kernel, stride, padding, dilation, groups, bias, rng=seed)
    x = np.random.default_rng(seed).standard_normal((n, c_in, *size))
    assert_matches_torch(conv, x)


@settings(max_examples=20, deadline=None)
@given(
    length=st.integers(4, 12),
    kernel=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    dilation=st.integers(1, 2),
    groups=st.sampled_from([1, 3]),
    seed=seeds,
)
def test_conv1d_matches_torch(
    length, kernel, stride, padding, dilation, groups, seed, assert_matches_torch
):
    assume(output_size(length, kernel, stride, padding, dilation) >= 1)
    conv = Conv1d(3, 6, kernel, stride, padding, dilation, groups, rng=seed)
    assert_matches_torch(conv, np.random.default_rng(seed).standard_normal((2, 3, length)))


@settings(max_examples=20, deadline=None)
@given(
    size=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    kernel=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    stride=st.integers(1, 3),
    padding=st.integers(0, 1),
    dilation=st.integers(1, 2),
    extra=st.integers(0, 2),
    seed=seeds,
)
def test_conv_transpose2d_matches_torch(
    size, kernel, stride, padding, dilation, extra, seed, assert_matches_torch
):
    output_padding = min(extra, max(stride, dilation) - 1)  # torch needs it below stride/dilation
    conv = ConvTranspose2d(3, 2, kernel, stride, padding, output_padding, dilation, rng=seed)
    for s, k in zip(size, kernel):
        assume((s - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1 >= 1)
    assert_matches_torch(conv, np.random.default_rng(seed).standard_normal((2, 3, *size)))


@pytest.mark.parametrize(
    "conv, shape",
    [
        (Conv2d(2, 4, 3, stride=2, padding=1, rng=0), (2, 2, 5, 5)),
        (Conv2d(4, 4, (2, 3), dilation=2, groups=2, rng=0), (1, 4, 6, 7)),
        (Conv1d(2, 3, 3, padding=1, rng=0), (2, 2, 6)),
        (ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1, rng=0), (1, 2, 3, 3)),
    ],
    ids=["conv2d", "conv2d-groups", "conv1d", "transposed"],
)
def test_conv_gradients_numerically(conv, shape, assert_gradients_ok):
    assert_gradients_ok(conv, np.random.default_rng(1).standard_normal(shape))


def test_im2col_rows_are_the_receptive_fields():
    x = np.arange(2 * 1 * 4 * 4, dtype=float).reshape(2, 1, 4, 4)
    cols = im2col(x, 2, stride=2)
    assert cols.shape == (2 * 2 * 2, 1 * 2 * 2)
    np.testing.assert_array_equal(cols[0], [0, 1, 4, 5])  # first sample, top-left window
    np.testing.assert_array_equal(cols[3], [10, 11, 14, 15])  # first sample, bottom-right
    np.testing.assert_array_equal(cols[4], [16, 17, 20, 21])  # second sample starts


def test_col2im_is_the_adjoint_of_im2col():
    # <im2col(x), y> == <x, col2im(y)> for any x, y: col2im is exactly im2col's gradient
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 7, 6))
    args = ((3, 2), (2, 1), (1, 2), (2, 1))
    y = rng.standard_normal(im2col(x, *args).shape)
    assert np.sum(im2col(x, *args) * y) == pytest.approx(np.sum(x * col2im(y, x.shape, *args)))


def test_conv_explains_a_channel_mismatch_and_a_too_small_input():
    with pytest.raises(ValueError, match="C_in=3"):
        Conv2d(3, 8, 3)(np.zeros((1, 1, 8, 8)))
    with pytest.raises(ValueError, match="does not fit"):
        Conv2d(1, 1, 5)(np.zeros((1, 1, 3, 3)))


def test_conv2d_can_detect_a_vertical_edge():
    conv = Conv2d(1, 1, 3, bias=False)
    conv.weight.data = np.array([[[[1.0, 0.0, -1.0]] * 3]])  # Sobel-like, (1, 1, 3, 3)
    image = np.zeros((1, 1, 5, 6))
    image[..., :3] = 1.0  # bright left half
    out = conv(image)[0, 0]
    assert out.shape == (3, 4)
    assert (out[:, 1] == 3.0).all() and (out[:, 3] == 0.0).all()
