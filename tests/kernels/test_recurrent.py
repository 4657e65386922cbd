"""Recurrent layers: BPTT agrees with numerical gradients; directions see what they should."""

import numpy as np
import pytest

from kernels.gradcheck import gradient_errors, numerical_grad, relative_error
from kernels.recurrent import GRU, LSTM, RNN, GRUCell, RNNCell


@pytest.mark.parametrize("cell_class", [RNNCell, GRUCell])
def test_cell_backward_agrees_with_numerical_gradients(cell_class):
    rng = np.random.default_rng(0)
    cell = cell_class(3, 4, rng=rng)
    errors = gradient_errors(cell, rng.standard_normal((2, 3)), rng.standard_normal((2, 4)))
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("layer_class", [RNN, LSTM, GRU])
def test_bptt_of_a_two_layer_bidirectional_stack_agrees_with_numerical_gradients(layer_class):
    rng = np.random.default_rng(1)
    layer = layer_class(2, 3, num_layers=2, bidirectional=True, rng=rng)
    x = rng.standard_normal((2, 4, 2))
    h0 = rng.standard_normal((4, 2, 3))
    state = (h0, rng.standard_normal((4, 2, 3))) if layer_class is LSTM else h0
    w_out = rng.standard_normal((2, 4, 6))
    w_final = rng.standard_normal((4, 2, 3))

    def loss():
        out, final = layer.forward(x, state)
        h_n = final[0] if layer_class is LSTM else final
        return np.sum(out * w_out) + np.sum(h_n * w_final)

    loss()
    layer.zero_grad()
    dfinal = (w_final, None) if layer_class is LSTM else w_final
    dx, dstate = layer.backward((w_out, dfinal))
    assert relative_error(dx, numerical_grad(loss, x)) < 1e-6
    assert (
        relative_error(dstate[0] if layer_class is LSTM else dstate, numerical_grad(loss, h0))
        < 1e-6
    )
    analytic = {name: p.grad.copy() for name, p in layer.named_parameters()}
    for name, p in layer.named_parameters():
        assert relative_error(analytic[name], numerical_grad(loss, p.data)) < 1e-6, name


def test_a_forward_layer_does_not_see_the_future_but_a_bidirectional_one_does():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((1, 5, 3))
    changed = x.copy()
    changed[0, 4] += 1.0  # change only the last step
    one_way = LSTM(3, 4, rng=0)
    both_ways = LSTM(3, 4, bidirectional=True, rng=0)

    out, _ = one_way(x)
    out_changed, _ = one_way(changed)
    np.testing.assert_array_equal(out[:, :4], out_changed[:, :4])

    out, _ = both_ways(x)
    out_changed, _ = both_ways(changed)
    forward_half, backward_half = slice(0, 4), slice(4, 8)
    np.testing.assert_array_equal(out[:, :4, forward_half], out_changed[:, :4, forward_half])
    assert not np.allclose(out[:, 0, backward_half], out_changed[:, 0, backward_half])


def test_the_layer_is_its_cell_applied_step_by_step():
    rng = np.random.default_rng(3)
    layer = GRU(3, 5, rng=rng)
    x = rng.standard_normal((2, 6, 3))
    out, h_n = layer(x)
    cell, h = layer.cells[0], np.zeros((2, 5))
    for t in range(6):
        h = cell.forward(x[:, t], h)
        np.testing.assert_allclose(out[:, t], h)
    np.testing.assert_allclose(h_n[0], h)


def test_parameters_carry_torch_names_and_counts():
    lstm = LSTM(10, 20, num_layers=2, bidirectional=True, rng=0)
    names = [name for name, _ in lstm.named_parameters()]
    assert names[:4] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
    assert "weight_ih_l1_reverse" in names
    assert lstm.weight_ih_l1.shape == (4 * 20, 2 * 20)  # layer 2 reads both directions
    # torch.nn.LSTM(10, 20, num_layers=2, bidirectional=True) has 15,040 parameters
    assert lstm.num_parameters() == 15_040


def test_a_wrong_input_size_is_reported_with_the_expected_shape():
    with pytest.raises(ValueError, match=r"input \(B, T, input_size=3\), got shape \(2, 5, 4\)"):
        LSTM(3, 4)(np.zeros((2, 5, 4)))
