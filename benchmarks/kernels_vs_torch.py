"""NumPy kernels vs torch (CPU): forward + backward time ratios at teaching sizes, side by side.

    .venv/bin/python benchmarks/kernels_vs_torch.py [--repeats 50] [--dtype float32|float64|both]
                                                    [--threads N]

Each case runs the NumPy module and its torch twin on the same data in the same process,
alternating, and reports the best (minimum) time of each and numpy/torch: the minimum is the
least disturbed by other processes on a shared machine. --threads limits both BLAS and torch to
N threads (default: their own defaults). Goals (issue 4): conv2d within 3x of torch, MLP within
1.5x. Exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

GOALS = {"conv2d": 3.0, "mlp": 1.5}


def cases(dtype):
    import numpy as np

    from kernels.activations import ReLU
    from kernels.conv import Conv2d
    from kernels.linear import Linear, Sequential

    def cast(module):
        for p in module.parameters():
            p.data = p.data.astype(dtype)
            p.grad = np.zeros_like(p.data)
        return module

    rng = np.random.default_rng(0)
    conv = cast(Conv2d(3, 16, 3, rng=0))
    yield "conv2d", "(64, 3, 32, 32) -> 16 ch, 3x3", conv, rng.standard_normal((64, 3, 32, 32))
    mlp = cast(
        Sequential(
            Linear(784, 256, rng=1), ReLU(), Linear(256, 256, rng=2), ReLU(), Linear(256, 10, rng=3)
        )
    )
    yield "mlp", "(256, 784) -> 256 -> 256 -> 10", mlp, rng.standard_normal((256, 784))


def time_pair(np_module, x, dtype, repeats):
    import numpy as np
    import torch

    from kernels.twins import twin

    x = x.astype(dtype)
    torch_module = twin(np_module).to(getattr(torch, np.dtype(dtype).name))
    tx = torch.tensor(x, requires_grad=True)
    dout = np.random.default_rng(1).standard_normal(np_module(x).shape).astype(dtype)
    tdout = torch.tensor(dout)

    def run_numpy():
        np_module(x)
        np_module.backward(dout)

    def run_torch():
        tx.grad = None
        torch_module.zero_grad()
        torch_module(tx).backward(tdout)

    for f in (run_numpy, run_torch):  # warm up caches, allocator and thread pool
        for _ in range(3):
            f()
    times = {run_numpy: [], run_torch: []}
    for _ in range(repeats):
        for f in (run_numpy, run_torch):  # interleaved, so both see the same machine load
            start = time.perf_counter()
            f()
            times[f].append(time.perf_counter() - start)
    return min(times[run_numpy]), min(times[run_torch])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--dtype", choices=["float32", "float64", "both"], default="both")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    if args.threads:  # must be set before numpy loads its BLAS
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.threads)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import numpy as np
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    dtypes = ["float32", "float64"] if args.dtype == "both" else [args.dtype]
    print(
        f"numpy {np.__version__}, torch {torch.__version__}, "
        f"torch threads {torch.get_num_threads()}, best of {args.repeats}"
    )
    print(f"{'case':8} {'dtype':8} {'size':34} {'numpy ms':>9} {'torch ms':>9} {'ratio':>6}  goal")
    all_met = True
    for dtype in dtypes:
        for name, size, module, x in cases(dtype):
            t_np, t_torch = time_pair(module, x, dtype, args.repeats)
            ratio = t_np / t_torch
            met = ratio <= GOALS[name]
            all_met &= met
            print(
                f"{name:8} {dtype:8} {size:34} {t_np * 1e3:9.2f} {t_torch * 1e3:9.2f} "
                f"{ratio:6.2f}  <= {GOALS[name]} {'met' if met else 'MISSED'}"
            )
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
