"""`dltutor doctor`: which sandbox protections are active on this machine, checked for real."""

from __future__ import annotations

import os
import socket
import sys

HELP = "report which sandbox protections are active on this machine and what each protects"

# (layer key, short name) in the order printed
LAYERS = (
    ("userns", "user namespace"),
    ("netns", "network namespace"),
    ("pidns", "PID namespace"),
    ("landlock_fs", "Landlock: files"),
    ("landlock_tcp", "Landlock: TCP"),
    ("landlock_signal", "Landlock: signals"),
    ("seccomp", "seccomp filter"),
    ("no_new_privs", "no_new_privs"),
    ("rlimits", "resource limits"),
    ("nproc", "process limit"),
    ("pdeathsig", "parent-death signal"),
    ("session", "own session"),
    ("scratch", "scratch directory"),
    ("env", "scrubbed environment"),
)


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def probes(kernel, data_dir: str) -> list[tuple[str, bool, str]]:
    """Try what a hostile cell would try; (what, blocked?, detail) for each."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    secret_name = "DLTUTOR_DOCTOR_CANARY"
    os.environ[secret_name] = "canary"
    target = data_dir
    while not os.path.exists(target) and os.path.dirname(target) not in ("/", target):
        target = os.path.dirname(target)  # the nearest existing part of the path
    checks = {
        f"list the progress data dir ({target})": f"import os; os.listdir({target!r})",
        "read home files": "import os; os.listdir(os.path.expanduser('~root'))"
        if os.geteuid() == 0
        else f"import os; os.listdir({os.path.expanduser('~')!r})",
        "connect to a loopback listener": f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=2)",
        "signal the tutor process": f"import os; os.kill({os.getpid()}, 0)",
        "see the tutor's environment": f"import os; assert {secret_name!r} not in os.environ, 'leaked'; raise PermissionError('not inherited')",
        "write outside the scratch dir": "open('/tmp/dltutor-doctor-probe', 'w').write('x')",
    }
    results = []
    try:
        for what, code in checks.items():
            result = kernel.execute(code, timeout=10)
            blocked = result.status == "error"
            detail = result.message if blocked else "allowed"
            results.append((what, blocked, detail))
    finally:
        listener.close()
        os.environ.pop(secret_name, None)
        if os.path.exists("/tmp/dltutor-doctor-probe"):
            os.unlink("/tmp/dltutor-doctor-probe")
    return results


def run(args) -> int:
    from tutor.progress.paths import data_dir
    from tutor.sandbox import Kernel, Limits
    from tutor.sandbox.isolation import PROTECTS

    directory = str(data_dir(getattr(args, "data_dir", None)))
    try:
        with Kernel(limits=Limits(timeout=10), preload=(), warm_spare=False) as kernel:
            layers = kernel.layers
            checks = probes(kernel, directory)
    except Exception as exc:
        print(f"dltutor doctor: the kernel did not start: {exc}", file=sys.stderr)
        return 1
    if getattr(args, "json", False):
        import json

        print(
            json.dumps(
                {
                    "layers": layers,
                    "probes": [{"what": w, "blocked": b, "detail": d} for w, b, d in checks],
                },
                indent=2,
            )
        )
        return 0 if all(b for _, b, _ in checks) else 1

    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Sandbox layers on this machine", show_lines=False)
    table.add_column("layer")
    table.add_column("active")
    table.add_column("protects / why not")
    for key, label in LAYERS:
        state = layers.get(key, "not reported")
        if state is True:
            extra = f" (ABI {layers['landlock_abi']})" if key == "landlock_fs" else ""
            table.add_row(label, "[green]yes[/]", PROTECTS.get(key, "") + extra)
        else:
            table.add_row(label, "[red]no[/]", f"{PROTECTS.get(key, '')} — [dim]{state}[/]")
    console.print(table)
    probe_table = Table(title="What a hostile cell tried")
    probe_table.add_column("attempt")
    probe_table.add_column("result")
    for what, blocked, detail in checks:
        verdict = "[green]blocked[/]" if blocked else "[red]ALLOWED[/]"
        probe_table.add_row(what, f"{verdict} {detail if blocked else ''}")
    console.print(probe_table)
    return 0 if all(b for _, b, _ in checks) else 1
