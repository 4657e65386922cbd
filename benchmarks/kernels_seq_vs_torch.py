"""Forward+backward time of the NumPy sequence kernels against torch on the CPU, side by side.

    .venv/bin/python benchmarks/kernels_seq_vs_torch.py [--repeats 10] [--dtype float32]
                                                        [--threads 1]

Cases (teaching sizes): an LSTM over (32 batch, 50 steps, 128 features) with 128 hidden units,
and multi-head self-attention on (8 batch, 128 tokens, 128 dim) with 4 heads. Both sides get
the same weights and inputs; NumPy and torch runs alternate so machine noise hits both alike.
The ratio is NumPy time / torch time (the best of `repeats` runs each). Goal: attention within
2x of torch; the LSTM, whose time loop runs in Python, has no goal.

Both libraries get the same number of threads (--threads, default 1; 0 keeps each library's
own default). On a busy machine OpenBLAS with several threads can slow down tenfold or more,
which would measure the machine's load rather than the kernels.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOALS = {"LSTM": None, "multi-head attention": 2.0}


def _cast(module, dtype):
    import numpy as np

    for p in module.parameters():
        p.data = p.data.astype(dtype)
        p.grad = np.zeros_like(p.data)


def _best_time(fn, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def lstm_case(dtype, rng):
    import torch

    from kernels.recurrent import LSTM
    from kernels.twins import twin

    lstm = LSTM(128, 128, rng=rng)
    torch_lstm = twin(lstm).to(getattr(torch, dtype))
    _cast(lstm, dtype)
    x = rng.standard_normal((32, 50, 128)).astype(dtype)
    dout = rng.standard_normal((32, 50, 128)).astype(dtype)
    xt, doutt = torch.tensor(x, requires_grad=True), torch.tensor(dout)

    def ours():
        lstm.zero_grad()
        lstm(x)
        lstm.backward(dout)

    def theirs():
        torch_lstm.zero_grad()
        xt.grad = None
        out, _ = torch_lstm(xt)
        out.backward(doutt)

    return ours, theirs


def attention_case(dtype, rng):
    import torch

    from kernels.attention import MultiHeadAttention
    from kernels.twins import twin

    mha = MultiHeadAttention(128, 4, rng=rng)
    torch_mha = twin(mha).to(getattr(torch, dtype))
    _cast(mha, dtype)
    x = rng.standard_normal((8, 128, 128)).astype(dtype)
    dout = rng.standard_normal((8, 128, 128)).astype(dtype)
    xt, doutt = torch.tensor(x, requires_grad=True), torch.tensor(dout)

    def ours():
        mha.zero_grad()
        mha(x)
        mha.backward(dout)

    def theirs():
        torch_mha.zero_grad()
        xt.grad = None
        torch_mha(xt).backward(doutt)

    return ours, theirs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    if args.threads:  # before NumPy loads OpenBLAS, which reads these once
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[name] = str(args.threads)

    import numpy as np
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    cases = {"LSTM": lstm_case, "multi-head attention": attention_case}
    print(
        f"dtype {args.dtype}, best of {args.repeats}, threads per library: "
        f"{args.threads or 'library default'}, torch {torch.__version__}, numpy {np.__version__}"
    )
    print(f"{'case':<22}{'numpy ms':>10}{'torch ms':>10}{'ratio':>8}  goal")
    for name, build in cases.items():
        ours, theirs = build(args.dtype, rng)
        ours(), theirs()  # warm up caches and torch's allocator
        t_ours = t_theirs = float("inf")
        for _ in range(args.repeats):  # alternate, so noise falls on both sides alike
            t_ours = min(t_ours, _best_time(ours, 1))
            t_theirs = min(t_theirs, _best_time(theirs, 1))
        ratio = t_ours / t_theirs
        goal = GOALS[name]
        verdict = "none" if goal is None else f"<= {goal}x {'met' if ratio <= goal else 'MISSED'}"
        print(f"{name:<22}{t_ours * 1e3:>10.2f}{t_theirs * 1e3:>10.2f}{ratio:>7.2f}x  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
