"""Optimisers take the same steps as torch.optim; schedules give torch's learning rates."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernels import optim, schedules
from kernels.base import Parameter
from kernels.clip import clip_grad_norm_, clip_grad_value_

torch = pytest.importorskip("torch", reason="torch is not installed: optimiser twins are skipped")
from kernels.twins import twin_optimizer  # noqa: E402

OPTIMIZERS = [
    (optim.SGD, dict(lr=0.1)),
    (optim.SGD, dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
    (optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True)),
    (optim.SGD, dict(lr=0.1, momentum=0.8, dampening=0.3)),
    (optim.AdaGrad, dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.1)),
    (optim.RMSProp, dict(lr=0.01)),
    (optim.RMSProp, dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1)),
    (optim.AdaDelta, dict(lr=1.0, weight_decay=0.1)),
    (optim.Adam, dict(lr=0.01)),
    (optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.1)),
    (optim.AdamW, dict(lr=0.01)),
    (optim.AdamW, dict(lr=0.01, weight_decay=0.5)),
]


@pytest.mark.parametrize(
    "cls, kwargs", OPTIMIZERS, ids=[f"{c.__name__}-{i}" for i, (c, _) in enumerate(OPTIMIZERS)]
)
@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_optimizer_steps_match_torch(cls, kwargs, seed):
    rng = np.random.default_rng(seed)
    shapes = [(3, 4), (5,)]
    starts = [rng.standard_normal(s) for s in shapes]
    params = [Parameter(s.copy()) for s in starts]
    tparams = [torch.tensor(s.copy(), requires_grad=True) for s in starts]
    opt = cls(params, **kwargs)
    topt = twin_optimizer(opt, tparams)
    for _ in range(15):
        for p, tp in zip(params, tparams):
            g = rng.standard_normal(p.data.shape)
            p.grad[...] = g
            tp.grad = torch.tensor(g)
        opt.step()
        topt.step()
    for p, tp in zip(params, tparams):
        np.testing.assert_allclose(p.data, tp.detach().numpy(), atol=1e-10)


def test_sgd_minimises_a_quadratic():
    p = Parameter(np.array([5.0, -3.0]))
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    for _ in range(400):
        opt.zero_grad()
        p.grad += 2 * p.data  # d/dp of |p|^2
        opt.step()
    np.testing.assert_allclose(p.data, 0.0, atol=1e-6)


def _torch_lrs(make, steps, base_lr=0.5):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
    sched = make(opt)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(steps):
        opt.step()
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def _our_lrs(make, steps, base_lr=0.5):
    opt = optim.SGD([Parameter(np.zeros(1))], lr=base_lr)
    sched = make(opt)
    lrs = [opt.lr]
    for _ in range(steps):
        sched.step()
        lrs.append(opt.lr)
    return lrs


def test_step_cosine_and_warmup_schedules_match_torch():
    lr_sched = torch.optim.lr_scheduler
    pairs = [
        (lambda o: schedules.StepLR(o, 3, 0.5), lambda o: lr_sched.StepLR(o, 3, 0.5)),
        (
            lambda o: schedules.CosineAnnealingLR(o, 10, 0.01),
            lambda o: lr_sched.CosineAnnealingLR(o, 10, 0.01),
        ),
        (
            lambda o: schedules.LinearWarmup(o, 5, start_factor=0.2),
            lambda o: lr_sched.LinearLR(o, start_factor=0.2, total_iters=5),
        ),
        (
            lambda o: schedules.WarmupCosine(o, 4, 20, eta_min=0.01, start_factor=0.1),
            lambda o: lr_sched.SequentialLR(
                o,
                [
                    lr_sched.LinearLR(o, start_factor=0.1, total_iters=4),
                    lr_sched.CosineAnnealingLR(o, T_max=16, eta_min=0.01),
                ],
                milestones=[4],
            ),
        ),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(_our_lrs(ours, 20), _torch_lrs(theirs, 20), rtol=1e-9)


@pytest.mark.parametrize("mode, threshold_mode", [("min", "rel"), ("min", "abs"), ("max", "rel")])
def test_reduce_on_plateau_matches_torch(mode, threshold_mode):
    rng = np.random.default_rng(0)
    metrics = np.concatenate([np.linspace(1, 0.5, 5), 0.5 + rng.uniform(0, 0.01, 25)])
    if mode == "max":
        metrics = -metrics + 2
    p = optim.SGD([Parameter(np.zeros(1))], lr=1.0)
    ours = schedules.ReduceLROnPlateau(
        p, mode, factor=0.5, patience=2, cooldown=1, threshold_mode=threshold_mode, min_lr=0.01
    )
    topt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(
        topt, mode, factor=0.5, patience=2, cooldown=1, threshold_mode=threshold_mode, min_lr=0.01
    )
    lrs, tlrs = [], []
    for m in metrics:
        ours.step(m)
        theirs.step(m)
        lrs.append(p.lr)
        tlrs.append(topt.param_groups[0]["lr"])
    assert lrs == pytest.approx(tlrs)
    assert lrs[-1] < 1.0  # it did cut the rate on the plateau


def test_cosine_reaches_eta_min_at_t_max():
    opt = optim.SGD([Parameter(np.zeros(1))], lr=1.0)
    sched = schedules.CosineAnnealingLR(opt, T_max=4, eta_min=0.1)
    for _ in range(4):
        sched.step()
    assert opt.lr == pytest.approx(0.1)
    sched_half = schedules.cosine(2, 4, 1.0)
    assert sched_half == pytest.approx(0.5 * (1 + math.cos(math.pi / 2)))


@pytest.mark.parametrize("norm_type", [2.0, 1.0, math.inf])
def test_clip_grad_norm_matches_torch(norm_type):
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal((3, 4)) * 5, rng.standard_normal(6)]
    params = [Parameter(np.zeros_like(g)) for g in grads]
    tparams = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, tp, g in zip(params, tparams, grads):
        p.grad[...] = g
        tp.grad = torch.tensor(g)
    total = clip_grad_norm_(params, 1.0, norm_type)
    ttotal = torch.nn.utils.clip_grad_norm_(tparams, 1.0, norm_type)
    assert total == pytest.approx(float(ttotal))
    for p, tp in zip(params, tparams):
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), atol=1e-12)


def test_clip_grad_value_and_small_norms_untouched():
    p = Parameter(np.zeros(4))
    p.grad[...] = [-3.0, -0.5, 0.5, 3.0]
    clip_grad_value_([p], 1.0)
    np.testing.assert_array_equal(p.grad, [-1.0, -0.5, 0.5, 1.0])
    clip_grad_norm_([p], 100.0)
    np.testing.assert_array_equal(p.grad, [-1.0, -0.5, 0.5, 1.0])
