"""Entry point of a kernel process tree: the supervisor, and the fork that becomes the kernel.

    tutor process ──pipes── supervisor (this module, single-threaded, ignores SIGINT)
                                └── kernel (tutor.sandbox.worker: runs the cells; PID 1 of
                                    its own PID namespace when the machine allows it)

The supervisor enters the namespaces, forks the kernel, then watches three things: the tutor
going away (its life pipe reaches EOF), the kernel exiting (reported with its status so the
tutor can say why), and the number of processes and threads the kernel runs (killed past the
limit where RLIMIT_NPROC does not apply, e.g. for root).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import sys
import time

from tutor.sandbox import isolation

WATCH_INTERVAL = 0.05  # seconds between process counts
KILL_PASSES = 500  # rounds of killing a process tree that is still forking


def main() -> None:
    config = json.loads(sys.argv[1])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # SIGINT is for the kernel, sent to the group
    layers: dict[str, str | bool] = {"session": True, "scratch": True, "env": True}
    isolation.enter_namespaces(layers, disabled="namespaces" in config["disable"])
    isolation.become_subreaper(layers)
    supervisor_pid = os.getpid()
    kernel_pid = os.fork()
    if kernel_pid == 0:
        code = 70
        try:
            # its own process group: SIGINT reaches the cell and its children, not us, and
            # one killpg takes down everything that forked, even while it is still forking
            os.setpgid(0, 0)
            from tutor.sandbox.worker import run_kernel

            os.close(config["life_fd"])
            run_kernel(config, layers, supervisor_pid)
            code = 0
        except MemoryError:
            code = 86  # out of memory outside a cell: the tutor reports it as a memory stop
        finally:
            os._exit(code)
    with contextlib.suppress(OSError):
        os.setpgid(kernel_pid, kernel_pid)  # both sides, whichever runs first
    os.close(config["req_fd"])
    _send(config["evt_fd"], {"kind": "_kernel", "pid": kernel_pid})
    supervise(kernel_pid, config, supervisor_pid)


def _send(fd: int, event: dict) -> None:
    with contextlib.suppress(OSError):
        os.write(fd, ("\n" + json.dumps(event) + "\n").encode())  # own line, see worker


def _kill_all(supervisor_pid: int, kernel_pid: int | None) -> int | None:
    """SIGKILL the kernel and every process below the supervisor, until none is left.

    Processes still forking while we kill are caught by the next pass (orphans come to us as
    subreaper). kernel_pid is None once reaped, since its pid may belong to someone else by
    then; returns the kernel's wait status if this reaped it.
    """
    kernel_status = None
    group = kernel_pid or _kernel_group
    if kernel_pid is not None or isolation.process_tree(supervisor_pid):
        # the group outlives its leader only while members remain, so its id is still ours
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)
    for _ in range(KILL_PASSES):
        victims = isolation.process_tree(supervisor_pid)
        for pid in victims:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        while True:  # reap, so that the dead drop out of the tree
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid == kernel_pid:
                kernel_status = status
        if not victims:
            break
        time.sleep(0.002)
    return kernel_status


_kernel_group = 0


def _remove_scratch(config: dict) -> None:
    """The tutor removes it too; this covers a tutor that died without cleaning up."""
    import shutil

    shutil.rmtree(config["scratch"], ignore_errors=True)


def supervise(kernel_pid: int, config: dict, supervisor_pid: int) -> None:
    global _kernel_group
    _kernel_group = kernel_pid
    evt_fd, life_fd = config["evt_fd"], config["life_fd"]
    max_tasks = config["limits"]["max_procs"]
    # a pidfd wakes us the moment the kernel exits; without one the watch interval does
    watched = [life_fd, os.pidfd_open(kernel_pid)] if hasattr(os, "pidfd_open") else [life_fd]
    status = None
    while status is None:
        ready, _, _ = select.select(watched, [], [], WATCH_INTERVAL)
        if life_fd in ready and not os.read(life_fd, 256):
            _kill_all(supervisor_pid, kernel_pid)  # the tutor is gone (or closed the kernel)
            _remove_scratch(config)
            os._exit(0)
        # reap orphans handed to us as subreaper, and the kernel if it has exited
        while True:
            try:
                pid, wait_status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid == kernel_pid:
                status = wait_status
        if status is None:
            tasks = isolation.task_count(isolation.process_tree(supervisor_pid))
            if tasks > max_tasks:
                _send(evt_fd, {"kind": "_procs", "count": tasks})
                status = _kill_all(supervisor_pid, kernel_pid)
                if status is None:
                    _, status = os.waitpid(kernel_pid, 0)
    _kill_all(supervisor_pid, None)  # whatever the kernel left behind
    _remove_scratch(config)
    if os.WIFSIGNALED(status):
        _send(evt_fd, {"kind": "_exit", "code": None, "signal": os.WTERMSIG(status)})
    else:
        _send(evt_fd, {"kind": "_exit", "code": os.WEXITSTATUS(status), "signal": None})
    os._exit(0)


if __name__ == "__main__":
    main()
