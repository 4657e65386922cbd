"""Max/average/adaptive pooling and nearest/bilinear upsampling against torch."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kernels.conv import output_size
from kernels.pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from kernels.upsample import Upsample

seeds = st.integers(0, 2**32 - 1)
sizes = st.tuples(st.integers(2, 9), st.integers(2, 9))


@settings(max_examples=25, deadline=None)
@given(
    size=sizes,
    kernel=st.integers(1, 3),
    stride=st.integers(1, 3),
    padding=st.integers(0, 1),
    seed=seeds,
)
def test_pooling_matches_torch(size, kernel, stride, padding, seed, assert_matches_torch):
    assume(padding * 2 <= kernel)  # torch's rule for pooling padding
    for s in size:
        assume(output_size(s, kernel, stride, padding, 1) >= 1)
    x = np.random.default_rng(seed).standard_normal((2, 3, *size))
    assert_matches_torch(MaxPool2d(kernel, stride, padding), x)
    assert_matches_torch(AvgPool2d(kernel, stride, padding), x)


@settings(max_examples=20, deadline=None)
@given(size=sizes, out=st.tuples(st.integers(1, 5), st.integers(1, 5)), seed=seeds)
def test_adaptive_avg_pool_matches_torch(size, out, seed, assert_matches_torch):
    x = np.random.default_rng(seed).standard_normal((2, 2, *size))
    assert_matches_torch(AdaptiveAvgPool2d(out), x)


@settings(max_examples=25, deadline=None)
@given(
    size=sizes,
    mode=st.sampled_from(["nearest", "bilinear"]),
    align=st.booleans(),
    target=st.tuples(st.integers(1, 12), st.integers(1, 12)),
    factor=st.sampled_from([2, 3, 1.5, 0.5]),
    by_size=st.booleans(),
    seed=seeds,
)
def test_upsample_matches_torch(
    size, mode, align, target, factor, by_size, seed, assert_matches_torch
):
    x = np.random.default_rng(seed).standard_normal((1, 2, *size))
    if by_size:
        layer = Upsample(
            size=target, mode=mode, align_corners=align if mode == "bilinear" else None
        )
    else:
        assume(min(int(s * factor) for s in size) >= 1)
        layer = Upsample(
            scale_factor=factor, mode=mode, align_corners=align if mode == "bilinear" else None
        )
    assert_matches_torch(layer, x)


@pytest.mark.parametrize(
    "layer",
    [
        MaxPool2d(2),
        MaxPool2d(3, 2, 1),
        AvgPool2d(3, 2, 1),
        AdaptiveAvgPool2d((2, 3)),
        Upsample(scale_factor=2),
        Upsample(size=(7, 5), mode="bilinear"),
        Upsample(size=(7, 5), mode="bilinear", align_corners=True),
    ],
    ids=lambda m: type(m).__name__,
)
def test_pool_and_upsample_gradients_numerically(layer, assert_gradients_ok):
    assert_gradients_ok(layer, np.random.default_rng(0).standard_normal((2, 2, 5, 6)))


def test_max_pool_picks_window_maxima_and_routes_gradient_to_them():
    x = np.array([[[[1.0, 2.0, 0.0, 0.0], [3.0, 4.0, 0.0, 9.0]]]])  # (1, 1, 2, 4)
    pool = MaxPool2d(2)
    np.testing.assert_array_equal(pool(x), [[[[4.0, 9.0]]]])
    grad = pool.backward(np.array([[[[10.0, 20.0]]]]))
    np.testing.assert_array_equal(grad, [[[[0, 0, 0, 0], [0, 10, 0, 20]]]])


def test_nearest_upsample_repeats_pixels():
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    np.testing.assert_array_equal(
        Upsample(scale_factor=2)(x)[0, 0],
        [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]],
    )
