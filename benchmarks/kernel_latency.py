"""Kernel latency, side by side: dltutor's sandboxed kernel vs Jupyter's ipykernel.

    .venv/bin/pip install -c constraints.txt ipykernel jupyter_client   # the `bench` extra
    .venv/bin/python benchmarks/kernel_latency.py [--cells 300] [--restarts 10]

Measures, on warm kernels in one run:
  * trivial-cell round trip (p50, p95): from sending `x = 1` until the result is back and all
    output is delivered (dltutor: Kernel.execute; ipykernel: execute_interactive, i.e. the
    reply plus the iopub "idle"; the bare shell reply is shown too);
  * restart-to-ready: dltutor Kernel.reset() (the warm spare takes over) vs
    KernelManager.restart_kernel() followed by wait_for_ready().
Goals (issue 3): round-trip p50 at or below ipykernel's; restart-to-ready under 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.sandbox import Kernel, Limits

TRIVIAL = "x = 1"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"p50 {percentile(ms, 50):8.3f} ms   p95 {percentile(ms, 95):8.3f} ms   "
        f"mean {statistics.fmean(ms):8.3f} ms   (n={len(ms)})"
    )


def bench_dltutor(cells: int, restarts: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"round trip": [], "restart to ready": []}
    started = time.perf_counter()
    kernel = Kernel(limits=Limits(), preload=("numpy",))
    kernel.start()
    results["cold start (first kernel)"] = [time.perf_counter() - started]
    time.sleep(3)  # the warm spare is still importing numpy; let it finish, as in real use
    try:
        for _ in range(20):  # warm up
            kernel.execute(TRIVIAL)
        for _ in range(cells):
            t = time.perf_counter()
            result = kernel.execute(TRIVIAL)
            results["round trip"].append(time.perf_counter() - t)
            assert result.status == "ok", result.message
        for _ in range(restarts):
            time.sleep(1.5)  # let the new spare finish warming, as it would between resets
            t = time.perf_counter()
            kernel.reset()
            results["restart to ready"].append(time.perf_counter() - t)
            assert kernel.execute(TRIVIAL).status == "ok"
    finally:
        kernel.close()
    return results


def bench_ipykernel(cells: int, restarts: int) -> dict[str, list[float]] | None:
    try:
        from jupyter_client.manager import KernelManager
    except ImportError:
        print(
            "jupyter_client/ipykernel not installed: pip install -c constraints.txt "
            "ipykernel jupyter_client",
            file=sys.stderr,
        )
        return None
    results: dict[str, list[float]] = {
        "round trip": [],
        "round trip (shell reply only)": [],
        "restart to ready": [],
    }
    manager = KernelManager(kernel_name="python3")
    started = time.perf_counter()
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    results["cold start (first kernel)"] = [time.perf_counter() - started]
    try:
        client.execute_interactive("import numpy", timeout=60)
        for _ in range(20):
            client.execute_interactive(TRIVIAL, timeout=10, output_hook=lambda msg: None)
        for _ in range(cells):
            t = time.perf_counter()
            reply = client.execute_interactive(TRIVIAL, timeout=10, output_hook=lambda msg: None)
            results["round trip"].append(time.perf_counter() - t)
            assert reply["content"]["status"] == "ok"
        for _ in range(cells):
            t = time.perf_counter()
            msg_id = client.execute(TRIVIAL)
            while True:
                reply = client.get_shell_msg(timeout=10)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            results["round trip (shell reply only)"].append(time.perf_counter() - t)
        time.sleep(0.2)
        while client.iopub_channel.msg_ready():
            client.get_iopub_msg(timeout=1)
        for _ in range(restarts):
            time.sleep(1.5)
            t = time.perf_counter()
            manager.restart_kernel(now=True)
            client.wait_for_ready(timeout=60)
            results["restart to ready"].append(time.perf_counter() - t)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=300)
    parser.add_argument("--restarts", type=int, default=10)
    args = parser.parse_args()
    ours = bench_dltutor(args.cells, args.restarts)
    theirs = bench_ipykernel(args.cells, args.restarts)
    print(f"\ntrivial cell {TRIVIAL!r}, {args.cells} cells, {args.restarts} restarts\n")
    for name, values in ours.items():
        print(f"dltutor    {name:32s} {summary(values)}")
    if theirs:
        print()
        for name, values in theirs.items():
            print(f"ipykernel  {name:32s} {summary(values)}")
        ours_p50 = percentile(ours["round trip"], 50)
        theirs_p50 = percentile(theirs["round trip"], 50)
        print(
            f"\nround-trip p50: dltutor {ours_p50 * 1000:.3f} ms vs ipykernel "
            f"{theirs_p50 * 1000:.3f} ms -> {'goal met' if ours_p50 <= theirs_p50 else 'SLOWER'}"
        )
    restart_p50 = percentile(ours["restart to ready"], 50)
    print(
        f"restart-to-ready p50: {restart_p50 * 1000:.1f} ms -> "
        f"{'goal met (< 100 ms)' if restart_p50 < 0.1 else 'over 100 ms'}"
    )


if __name__ == "__main__":
    main()
