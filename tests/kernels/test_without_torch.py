"""The NumPy kernels import and run, and trace, where torch cannot be imported."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    sys.modules["torch"] = None  # any `import torch` now raises ImportError
    import numpy as np
    import kernels
    from kernels import activations, clip, conv, gradcheck, init, linear, losses
    from kernels import normalization, optim, pooling, schedules, upsample

    model = linear.Sequential(
        conv.Conv2d(1, 4, 3, rng=0), activations.ReLU(), pooling.MaxPool2d(2),
        normalization.BatchNorm2d(4), upsample.Upsample(scale_factor=2), linear.Flatten(),
        linear.Linear(4 * 6 * 6, 3, rng=1),
    )
    opt = optim.Adam(model.parameters(), lr=1e-2)
    sched = schedules.CosineAnnealingLR(opt, T_max=5)
    x, y = np.random.default_rng(0).standard_normal((2, 1, 8, 8)), np.array([0, 2])
    loss_fn = losses.CrossEntropyLoss()
    with kernels.trace() as t:
        loss = loss_fn(model(x), y)
    model.zero_grad()
    model.backward(loss_fn.backward())
    clip.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    sched.step()
    assert gradcheck.gradcheck(linear.Linear(3, 2, rng=0), np.ones((2, 3)))[0]
    assert [e["name"] for e in t.to_data()][-2:] == ["Linear", "CrossEntropyLoss"]
    assert "torch" not in [m for m in sys.modules if sys.modules[m] is not None]
    print("ok", round(loss, 4))
    """
)


def test_kernels_work_without_torch():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
