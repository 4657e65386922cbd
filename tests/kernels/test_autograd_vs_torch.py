"""The NumPy tensor autograd gives the same values and gradients as torch.autograd."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels.autograd import Conv2d, Linear, Tensor, conv2d, cross_entropy, max_pool2d

torch = pytest.importorskip("torch", reason="torch is needed to cross-check the tensor autograd")
F = torch.nn.functional


def positive(a):
    return np.abs(a) + 0.5


# name -> (input shapes for sizes (a, b, c), transform of the raw inputs, kernels fn, torch fn)
OPS = {
    "add (broadcast row)": (
        lambda a, b, c: [(a, b), (b,)],
        None,
        lambda x, y: x + y,
        lambda x, y: x + y,
    ),
    "add (broadcast both)": (
        lambda a, b, c: [(a, 1, c), (b, 1)],
        None,
        lambda x, y: x + y,
        lambda x, y: x + y,
    ),
    "sub": (lambda a, b, c: [(a, b), (a, 1)], None, lambda x, y: x - y, lambda x, y: x - y),
    "rsub": (lambda a, b, c: [(a, b)], None, lambda x: 2.0 - x, lambda x: 2.0 - x),
    "mul (broadcast)": (
        lambda a, b, c: [(a, b, c), (b, c)],
        None,
        lambda x, y: x * y,
        lambda x, y: x * y,
    ),
    "div": (
        lambda a, b, c: [(a, b), (b,)],
        [None, positive],
        lambda x, y: x / y,
        lambda x, y: x / y,
    ),
    "rdiv": (lambda a, b, c: [(a, b)], [positive], lambda x: 1.0 / x, lambda x: 1.0 / x),
    "pow": (lambda a, b, c: [(a, b)], None, lambda x: x**3, lambda x: x**3),
    "matmul": (lambda a, b, c: [(a, b), (b, c)], None, lambda x, y: x @ y, lambda x, y: x @ y),
    "batched matmul (broadcast)": (
        lambda a, b, c: [(2, a, b), (b, c)],
        None,
        lambda x, y: x @ y,
        lambda x, y: x @ y,
    ),
    "sum all": (lambda a, b, c: [(a, b)], None, lambda x: x.sum(), lambda x: x.sum()),
    "sum axis": (
        lambda a, b, c: [(a, b, c)],
        None,
        lambda x: x.sum(axis=1),
        lambda x: x.sum(dim=1),
    ),
    "sum keepdims": (
        lambda a, b, c: [(a, b)],
        None,
        lambda x: x.sum(axis=0, keepdims=True),
        lambda x: x.sum(dim=0, keepdim=True),
    ),
    "mean axis": (
        lambda a, b, c: [(a, b, c)],
        None,
        lambda x: x.mean(axis=-1),
        lambda x: x.mean(dim=-1),
    ),
    "mean all": (lambda a, b, c: [(a, b)], None, lambda x: x.mean(), lambda x: x.mean()),
    "reshape": (
        lambda a, b, c: [(a, b, c)],
        None,
        lambda x: x.reshape(x.shape[0], -1),
        lambda x: x.reshape(x.shape[0], -1),
    ),
    "transpose": (
        lambda a, b, c: [(a, b, c)],
        None,
        lambda x: x.transpose(1, 2, 0),
        lambda x: x.permute(1, 2, 0),
    ),
    "T": (lambda a, b, c: [(a, b)], None, lambda x: x.T, lambda x: x.T),
    "index (repeats)": (
        lambda a, b, c: [(a + 1, b)],
        None,
        lambda x: x[np.array([0, 1, 0])],
        lambda x: x[torch.tensor([0, 1, 0])],
    ),
    "relu": (lambda a, b, c: [(a, b)], None, lambda x: x.relu(), lambda x: x.relu()),
    "tanh": (lambda a, b, c: [(a, b)], None, lambda x: x.tanh(), lambda x: x.tanh()),
    "exp": (lambda a, b, c: [(a, b)], None, lambda x: x.exp(), lambda x: x.exp()),
    "log": (lambda a, b, c: [(a, b)], [positive], lambda x: x.log(), lambda x: x.log()),
    "softmax": (
        lambda a, b, c: [(a, b, c)],
        None,
        lambda x: x.softmax(axis=-1),
        lambda x: x.softmax(dim=-1),
    ),
    "log_softmax axis 1": (
        lambda a, b, c: [(a, b, c)],
        None,
        lambda x: x.log_softmax(axis=1),
        lambda x: x.log_softmax(dim=1),
    ),
}


@pytest.mark.parametrize("name", list(OPS))
@settings(max_examples=8, deadline=None)
@given(sizes=st.tuples(*[st.integers(1, 4)] * 3), seed=st.integers(0, 2**16))
def test_operation_value_and_gradient_match_torch(name, sizes, seed):
    shapes_of, transforms, ours, theirs = OPS[name]
    rng = np.random.default_rng(seed)
    raw = [rng.standard_normal(shape) for shape in shapes_of(*sizes)]
    arrays = [t(a) if t else a for a, t in zip(raw, transforms or [None] * len(raw))]

    inputs = [Tensor(a.copy()) for a in arrays]
    out = ours(*inputs)
    w = rng.standard_normal(out.shape)
    (out * w).sum().backward()

    t_inputs = [torch.tensor(a, requires_grad=True) for a in arrays]
    t_out = theirs(*t_inputs)
    (t_out * torch.tensor(w)).sum().backward()

    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-7, atol=1e-9)
    for x, tx in zip(inputs, t_inputs):
        np.testing.assert_allclose(x.grad, tx.grad.numpy(), rtol=1e-6, atol=1e-9)


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(1, 3),
    c=st.integers(1, 3),
    f=st.integers(1, 4),
    size=st.integers(4, 8),
    k=st.integers(1, 3),
    stride=st.integers(1, 2),
    padding=st.integers(0, 2),
    seed=st.integers(0, 2**16),
)
def test_conv2d_and_max_pool_match_torch(n, c, f, size, k, stride, padding, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, size, size))
    w, b = rng.standard_normal((f, c, k, k)), rng.standard_normal(f)
    xs, ws, bs = Tensor(x), Tensor(w), Tensor(b)
    y = conv2d(xs, ws, bs, stride, padding)
    pooled = max_pool2d(y, 2) if min(y.shape[2:]) >= 2 else y
    dout = rng.standard_normal(pooled.shape)
    (pooled * dout).sum().backward()

    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    yt = F.conv2d(xt, wt, bt, stride=stride, padding=padding)
    pooled_t = F.max_pool2d(yt, 2) if min(yt.shape[2:]) >= 2 else yt
    (pooled_t * torch.tensor(dout)).sum().backward()

    np.testing.assert_allclose(y.data, yt.detach().numpy(), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(pooled.data, pooled_t.detach().numpy(), rtol=1e-7, atol=1e-9)
    for ours, theirs in ((xs, xt), (ws, wt), (bs, bt)):
        np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-6, atol=1e-9)


def test_cross_entropy_matches_torch():
    rng = np.random.default_rng(0)
    logits, targets = rng.standard_normal((6, 5)) * 3, np.array([0, 4, 4, 2, 1, 3])
    x = Tensor(logits)
    loss = cross_entropy(x, targets)
    loss.backward()
    xt = torch.tensor(logits, requires_grad=True)
    loss_t = F.cross_entropy(xt, torch.tensor(targets))
    loss_t.backward()
    assert loss.data == pytest.approx(loss_t.item(), rel=1e-12)
    np.testing.assert_allclose(x.grad, xt.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_small_cnn_gradients_match_torch_for_every_parameter():
    rng = np.random.default_rng(1)
    conv1, conv2 = Conv2d(1, 4, 3, padding=1, rng=1), Conv2d(4, 6, 3, rng=2)
    head = Linear(6 * 2 * 2, 10, rng=3)
    x, y = rng.standard_normal((5, 1, 8, 8)), rng.integers(0, 10, 5)
    # conv -> relu -> pool (5, 4, 4, 4) -> conv -> tanh (5, 6, 2, 2) -> flatten -> linear
    h = conv2(max_pool2d(conv1(Tensor(x)).relu(), 2)).tanh()
    params = [*conv1.parameters(), *conv2.parameters(), *head.parameters()]
    loss = cross_entropy(head(h.reshape(5, -1)), y)
    loss.backward()

    tp = [torch.tensor(p.data, requires_grad=True) for p in params]
    ht = F.conv2d(
        F.max_pool2d(F.relu(F.conv2d(torch.tensor(x), tp[0], tp[1], padding=1)), 2), tp[2], tp[3]
    ).tanh()
    loss_t = F.cross_entropy(ht.reshape(5, -1) @ tp[4].T + tp[5], torch.tensor(y))
    loss_t.backward()
    assert loss.data == pytest.approx(loss_t.item(), rel=1e-12)
    for p, t in zip(params, tp):
        np.testing.assert_allclose(p.grad, t.grad.numpy(), rtol=1e-7, atol=1e-10)
