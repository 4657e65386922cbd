"""RNN, LSTM and GRU (cells and multi-step layers) match torch.nn, forward and backward."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.recurrent import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell

torch = pytest.importorskip("torch", reason="torch is needed to compare with torch.nn.LSTM etc.")
from kernels.twins import twin  # noqa: E402  (needs torch)


def _close(ours, theirs):
    np.testing.assert_allclose(ours, theirs.detach().numpy(), rtol=1e-6, atol=1e-8)


def _param_grads_match(module, torch_module):
    torch_params = dict(torch_module.named_parameters())
    assert set(torch_params) == {name for name, _ in module.named_parameters()}
    for name, p in module.named_parameters():
        _close(p.grad, torch_params[name].grad)


@pytest.mark.parametrize("kind", ["rnn_tanh", "rnn_relu", "lstm", "gru"])
@settings(max_examples=10, deadline=None)
@given(
    b=st.integers(1, 4),
    c=st.integers(1, 5),
    h=st.integers(1, 5),
    bias=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_one_cell_step_matches_torch(kind, b, c, h, bias, seed):
    rng = np.random.default_rng(seed)
    if kind == "lstm":
        cell = LSTMCell(c, h, bias, rng=rng)
    elif kind == "gru":
        cell = GRUCell(c, h, bias, rng=rng)
    else:
        cell = RNNCell(c, h, bias, nonlinearity=kind.removeprefix("rnn_"), rng=rng)
    torch_cell = twin(cell)
    x, h0, c0 = (rng.standard_normal(s) for s in ((b, c), (b, h), (b, h)))
    dh, dc = rng.standard_normal((b, h)), rng.standard_normal((b, h))
    xt, h0t, c0t = (torch.tensor(a, requires_grad=True) for a in (x, h0, c0))

    if kind == "lstm":
        h1, c1 = cell(x, (h0, c0))
        dx, (dh0, dc0) = cell.backward((dh, dc))
        h1t, c1t = torch_cell(xt, (h0t, c0t))
        ((h1t * torch.tensor(dh)).sum() + (c1t * torch.tensor(dc)).sum()).backward()
        _close(c1, c1t)
        _close(dc0, c0t.grad)
    else:
        h1 = cell(x, h0)
        dx, dh0 = cell.backward(dh)
        h1t = torch_cell(xt, h0t)
        (h1t * torch.tensor(dh)).sum().backward()
    _close(h1, h1t)
    _close(dx, xt.grad)
    _close(dh0, h0t.grad)
    _param_grads_match(cell, torch_cell)


@pytest.mark.parametrize("layer_class", [RNN, LSTM, GRU])
@settings(max_examples=12, deadline=None)
@given(
    b=st.integers(1, 3),
    t=st.integers(1, 6),
    c=st.integers(1, 4),
    h=st.integers(1, 4),
    num_layers=st.integers(1, 3),
    bidirectional=st.booleans(),
    bias=st.booleans(),
    with_state=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_multi_step_layer_matches_torch_through_time(
    layer_class, b, t, c, h, num_layers, bidirectional, bias, with_state, seed
):
    rng = np.random.default_rng(seed)
    layer = layer_class(
        c, h, num_layers=num_layers, bias=bias, bidirectional=bidirectional, rng=rng
    )
    torch_layer = twin(layer)
    is_lstm = layer_class is LSTM
    states = num_layers * (2 if bidirectional else 1)
    x = rng.standard_normal((b, t, c))
    h0, c0 = rng.standard_normal((states, b, h)), rng.standard_normal((states, b, h))
    xt, h0t, c0t = (torch.tensor(a, requires_grad=True) for a in (x, h0, c0))
    state = ((h0, c0) if is_lstm else h0) if with_state else None
    state_t = ((h0t, c0t) if is_lstm else h0t) if with_state else None

    out, final = layer(x, state)
    out_t, final_t = torch_layer(xt, state_t)
    _close(out, out_t)
    finals = final if is_lstm else (final,)
    finals_t = final_t if is_lstm else (final_t,)
    for ours, theirs in zip(finals, finals_t):
        _close(ours, theirs)

    # the loss reads every output and the final state(s), so BPTT gets gradient from both
    dout = rng.standard_normal(out.shape)
    dfinals = [rng.standard_normal(f.shape) for f in finals]
    grads = layer.backward((dout, tuple(dfinals) if is_lstm else dfinals[0]))
    loss = (out_t * torch.tensor(dout)).sum()
    for f, d in zip(finals_t, dfinals):
        loss = loss + (f * torch.tensor(d)).sum()
    loss.backward()

    dx = grads[0] if with_state else grads
    _close(dx, xt.grad)
    if with_state:
        dstate = grads[1] if is_lstm else (grads[1],)
        for ours, theirs in zip(dstate, (h0t, c0t)):
            _close(ours, theirs.grad)
    _param_grads_match(layer, torch_layer)
