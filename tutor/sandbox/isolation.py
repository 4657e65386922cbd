"""The operating-system layers a kernel process puts between learner code and the machine.

Each function tries one layer, records in `layers` whether it is active (and why not), and
never raises: a machine without a layer still runs lessons, and `dltutor doctor` says what
is missing. Order matters and is driven by tutor.sandbox.boot:

1. namespaces (before the fork, so the kernel is PID 1 of a fresh PID namespace)
2. in the kernel: parent-death signal, rlimits, Landlock
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys

from tutor.sandbox import landlock

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
NOBODY = 65534

# what each layer protects, in the words `dltutor doctor` prints
PROTECTS: dict[str, str] = {
    "userns": "the kernel holds no privileges on the host, even when the tutor runs as root",
    "netns": "no network: the kernel sees only an unconfigured loopback device",
    "pidns": "the kernel cannot see or signal the tutor; all its processes die with it",
    "landlock_fs": "files: read-only system and Python dirs, writes only in the scratch dir; "
    "progress database, config and home are out of reach",
    "landlock_tcp": "no TCP connections or listening sockets, even on loopback",
    "landlock_signal": "cannot signal (or ptrace) any process outside the sandbox",
    "seccomp": "system calls no lesson needs (ptrace, mount, bpf, kernel modules, keyrings, "
    "io_uring, clock changes) fail",
    "no_new_privs": "setuid programs cannot raise the kernel's privileges",
    "rlimits": "memory, file size, process count and core dumps are capped",
    "nproc": "a fork bomb stops at the process limit",
    "pdeathsig": "the kernel dies with its supervisor; the supervisor with the tutor",
    "session": "own session and process group: terminal Ctrl+C and job control do not reach it",
    "scratch": "runs in a private scratch directory, removed when the kernel ends",
    "env": "environment scrubbed: no inherited secrets or tokens",
}


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _errno_text() -> str:
    return os.strerror(ctypes.get_errno())


DISABLED = "switched off by DLTUTOR_SANDBOX_DISABLE"


def enter_namespaces(layers: dict[str, str | bool], disabled: bool = False) -> None:
    """unshare user, network and PID namespaces (PID takes effect for the next fork)."""
    if sys.platform != "linux" or disabled:
        for name in ("userns", "netns", "pidns"):
            layers[name] = DISABLED if disabled else "not Linux"
        return
    libc = _libc()
    uid, gid = os.geteuid(), os.getegid()
    if uid == 0:
        # Root is exempt from RLIMIT_NPROC. A real uid of nobody (effective uid stays root,
        # so Python's files under /root remain readable) makes the process limit count;
        # inside the user namespace the effective root holds no host privilege.
        os.setresuid(NOBODY, 0, 0)
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID) == 0:
        try:
            with open("/proc/self/setgroups", "w") as f:
                f.write("deny")
            with open("/proc/self/uid_map", "w") as f:
                f.write(f"{uid} {uid} 1")
            with open("/proc/self/gid_map", "w") as f:
                f.write(f"{gid} {gid} 1")
        except OSError as exc:
            layers["userns"] = f"uid map failed: {exc}"
        else:
            layers["userns"] = True
        layers["netns"] = layers["pidns"] = True
        return
    reason = _errno_text()
    layers["userns"] = f"unshare(CLONE_NEWUSER) refused: {reason}"
    if uid == 0:
        os.setresuid(0, 0, 0)  # no user namespace: keep root whole rather than half
    for name, flag in (("netns", CLONE_NEWNET), ("pidns", CLONE_NEWPID)):
        if libc.unshare(flag) == 0:
            layers[name] = True
        else:
            layers[name] = f"unshare refused: {_errno_text()}"


def become_subreaper(layers: dict[str, str | bool]) -> None:
    """Orphans of the kernel's processes become the supervisor's, so it can kill them all."""
    if sys.platform == "linux":
        _libc().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def die_with_parent(layers: dict[str, str | bool], parent_pid: int) -> None:
    if sys.platform != "linux":
        layers["pdeathsig"] = "not Linux"
        return
    if _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        layers["pdeathsig"] = f"prctl refused: {_errno_text()}"
        return
    if os.getppid() != parent_pid and os.getppid() != 0:
        os._exit(1)  # the parent died before the signal was armed
    layers["pdeathsig"] = True


def _user_task_count(uid: int) -> int:
    """Processes and threads of this real uid across the machine (what RLIMIT_NPROC counts)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                total += int(fields["Threads"])
        except (OSError, KeyError, ValueError):
            continue
    return total


def apply_rlimits(limits: dict, layers: dict[str, str | bool]) -> None:
    mb = 1024 * 1024
    max_procs = limits["max_procs"]
    if layers.get("userns") is not True and sys.platform == "linux":
        # outside a user namespace the limit counts every process of the user (their whole
        # desktop); allow what already runs plus the kernel's share
        max_procs += _user_task_count(os.getuid())
    wanted = {
        # the data segment is what arrays, the heap and thread stacks use
        resource.RLIMIT_DATA: limits["memory_mb"] * mb,
        # address space too (shared mappings bypass RLIMIT_DATA), with room for code/libraries
        resource.RLIMIT_AS: (limits["memory_mb"] + 4096) * mb,
        resource.RLIMIT_FSIZE: limits["max_file_mb"] * mb,
        resource.RLIMIT_CORE: 0,
        resource.RLIMIT_NPROC: max_procs,
    }
    failed = []
    for which, value in wanted.items():
        try:
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, value))
        except (OSError, ValueError) as exc:
            failed.append(f"{which}: {exc}")
    layers["rlimits"] = True if not failed else "; ".join(failed)
    # RLIMIT_NPROC is ignored for a real uid of root and counts every process of the user
    # outside a user namespace; the supervisor's process watch covers those cases.
    counted = os.getuid() != 0 and layers.get("userns") is True
    layers["nproc"] = (
        True
        if counted
        else "not per-kernel here (no user namespace); the supervisor counts the kernel's "
        "processes and kills it past the limit"
    )


def apply_landlock(
    readable: list[str], writable: list[str], layers: dict[str, str | bool], disabled: bool = False
) -> None:
    try:
        if disabled:
            raise OSError(DISABLED)
        applied = landlock.restrict_self(readable, writable)
    except OSError as exc:
        reason = str(exc)
        for name in ("landlock_fs", "landlock_tcp", "landlock_signal"):
            layers[name] = reason
        _no_new_privs(layers)
        return
    layers["landlock_fs"] = True
    layers["landlock_abi"] = applied.abi
    layers["landlock_tcp"] = True if applied.tcp else f"needs Landlock ABI 4 (have {applied.abi})"
    layers["landlock_signal"] = (
        True if applied.signals else f"needs Landlock ABI 6 (have {applied.abi})"
    )
    layers["no_new_privs"] = True


def apply_seccomp(layers: dict[str, str | bool], disabled: bool = False) -> None:
    from tutor.sandbox import seccomp

    try:
        if disabled:
            raise OSError(DISABLED)
        seccomp.apply()
    except OSError as exc:
        layers["seccomp"] = str(exc)
    else:
        layers["seccomp"] = True


def _no_new_privs(layers: dict[str, str | bool]) -> None:
    if sys.platform == "linux" and _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0:
        layers["no_new_privs"] = True
    else:
        layers["no_new_privs"] = "prctl refused"


def process_tree(root: int) -> list[int]:
    """Every descendant of `root` (not root itself), found through /proc/PID/task/*/children."""
    found: list[int] = []
    pending = [root]
    while pending:
        pid = pending.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    children = [int(c) for c in f.read().split()]
            except (OSError, ValueError):
                continue
            found.extend(children)
            pending.extend(children)
    return found


def task_count(pids: list[int]) -> int:
    """Processes plus their threads."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += len(os.listdir(f"/proc/{pid}/task"))
    return total
