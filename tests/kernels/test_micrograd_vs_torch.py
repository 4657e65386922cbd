"""The scalar autograd engine gives the same values and gradients as torch.autograd."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.micrograd import MLP, Value

torch = pytest.importorskip("torch", reason="torch is needed to cross-check micrograd")


def test_karpathy_sanity_check_matches_torch():
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()

    xt = torch.tensor([-4.0], dtype=torch.float64, requires_grad=True)
    zt = 2 * xt + 2 + xt
    qt = zt.relu() + zt * xt
    ht = (zt * zt).relu()
    yt = ht + qt + qt * xt
    yt.backward()
    assert y.data == pytest.approx(yt.item())
    assert x.grad == pytest.approx(xt.grad.item())


def _expression(a, b, tanh, exp, log):
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g = g + tanh(a * 0.1) + exp(b * 0.1) + log(a * a + 1.0) - 1.0 / (b * b + 1)
    return g


@settings(max_examples=25, deadline=None)
@given(
    st.floats(-3, 3).filter(lambda v: abs(v) > 1e-3),
    st.floats(-3, 3).filter(lambda v: abs(v) > 1e-3),
)
def test_every_operation_matches_torch_autograd(av, bv):
    a, b = Value(av), Value(bv)
    g = _expression(a, b, Value.tanh, Value.exp, Value.log)
    g.backward()

    at = torch.tensor(av, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(bv, dtype=torch.float64, requires_grad=True)
    gt = _expression(at, bt, torch.tanh, torch.exp, torch.log)
    gt.backward()
    if not math.isfinite(gt.item()):
        return
    assert g.data == pytest.approx(gt.item(), rel=1e-9, abs=1e-9)
    assert a.grad == pytest.approx(at.grad.item(), rel=1e-6, abs=1e-6)
    assert b.grad == pytest.approx(bt.grad.item(), rel=1e-6, abs=1e-6)


def test_mlp_output_and_weight_gradients_match_torch():
    model = MLP(3, [4, 4, 1], seed=0)
    x = [2.0, 3.0, -1.0]
    out = model(x)
    out.backward()

    weights, biases = [], []
    for layer in model.layers:
        weights.append(
            torch.tensor(
                [[w.data for w in n.w] for n in layer.neurons],
                dtype=torch.float64,
                requires_grad=True,
            )
        )
        biases.append(
            torch.tensor([n.b.data for n in layer.neurons], dtype=torch.float64, requires_grad=True)
        )
    h = torch.tensor(x, dtype=torch.float64)
    for i, (w, b) in enumerate(zip(weights, biases)):
        h = w @ h + b
        if i < len(weights) - 1:
            h = torch.tanh(h)
    h.sum().backward()

    assert out.data == pytest.approx(h.item())
    for layer, w, b in zip(model.layers, weights, biases):
        for n, w_row, b_grad in zip(layer.neurons, w.grad, b.grad):
            assert [wi.grad for wi in n.w] == pytest.approx(w_row.tolist(), rel=1e-6)
            assert n.b.grad == pytest.approx(b_grad.item(), abs=1e-9)
