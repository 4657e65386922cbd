"""The kernels train real models: a small CNN learns a toy task; an MLP trains in lockstep with torch."""

import numpy as np
import pytest

from kernels.activations import ReLU, Tanh
from kernels.conv import Conv2d
from kernels.linear import Flatten, Linear, Sequential
from kernels.losses import CrossEntropyLoss
from kernels.normalization import BatchNorm2d
from kernels.optim import Adam, AdamW
from kernels.pooling import MaxPool2d
from kernels.schedules import WarmupCosine


def bars(n, rng):
    """(n, 1, 8, 8) images holding one vertical (class 0) or horizontal (class 1) bar, plus noise."""
    labels = rng.integers(0, 2, n)
    images = rng.normal(0, 0.3, (n, 1, 8, 8))
    where = rng.integers(1, 7, n)
    for i, (label, k) in enumerate(zip(labels, where)):
        if label == 0:
            images[i, 0, :, k] += 1.0
        else:
            images[i, 0, k, :] += 1.0
    return images, labels


def test_small_cnn_learns_bar_orientation():
    rng = np.random.default_rng(0)
    model = Sequential(
        Conv2d(1, 4, 3, padding=1, rng=1),
        BatchNorm2d(4),
        ReLU(),
        MaxPool2d(2),
        Flatten(),
        Linear(4 * 4 * 4, 2, rng=2),
    )
    loss_fn = CrossEntropyLoss()
    opt = Adam(model.parameters(), lr=0.02)
    for _ in range(40):
        x, y = bars(32, rng)
        loss = loss_fn(model(x), y)
        model.zero_grad()
        model.backward(loss_fn.backward())
        opt.step()
    x, y = bars(200, rng)
    model.eval()
    accuracy = (model(x).argmax(axis=1) == y).mean()
    assert accuracy > 0.9, f"accuracy {accuracy:.2f} after training (loss {loss:.3f})"


def test_mlp_trains_in_lockstep_with_torch():
    torch = pytest.importorskip("torch", reason="torch is not installed")
    from kernels.twins import twin, twin_optimizer

    rng = np.random.default_rng(0)
    model = Sequential(Linear(6, 16, rng=1), Tanh(), Linear(16, 3, rng=2))
    torch_model = twin(model)
    opt = AdamW(model.parameters(), lr=0.05, weight_decay=0.1)
    torch_opt = twin_optimizer(opt, torch_model.parameters())
    sched = WarmupCosine(opt, warmup_steps=3, total_steps=10)
    lr_sched = torch.optim.lr_scheduler
    torch_sched = lr_sched.SequentialLR(
        torch_opt,
        [
            lr_sched.LinearLR(torch_opt, start_factor=0.1, total_iters=3),
            lr_sched.CosineAnnealingLR(torch_opt, T_max=7),
        ],
        milestones=[3],
    )
    loss_fn, torch_loss_fn = CrossEntropyLoss(), torch.nn.CrossEntropyLoss()
    losses = []
    for _ in range(10):
        x, y = rng.standard_normal((20, 6)), rng.integers(0, 3, 20)
        loss = loss_fn(model(x), y)
        model.zero_grad()
        model.backward(loss_fn.backward())
        opt.step()
        sched.step()
        torch_opt.zero_grad()
        torch_loss = torch_loss_fn(torch_model(torch.tensor(x)), torch.tensor(y))
        torch_loss.backward()
        torch_opt.step()
        torch_sched.step()
        assert loss == pytest.approx(torch_loss.item(), abs=1e-9)
        losses.append(loss)
    for name, p in torch_model.named_parameters():
        ours = dict(model.named_parameters())[name]
        np.testing.assert_allclose(ours.data, p.detach().numpy(), atol=1e-9)
