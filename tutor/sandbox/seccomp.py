"""A small seccomp filter: system calls no lesson needs fail with EPERM.

Namespaces and Landlock already confine the kernel; this closes the doors they do not cover
(debugging other processes, kernel modules and keyrings, BPF, mounting, io_uring, setting
the clock). Calls from a foreign ABI (32-bit syscalls on a 64-bit kernel) are refused too,
so the list cannot be sidestepped. Only x86-64 and aarch64 have tables; elsewhere the layer
is reported as missing.
"""

from __future__ import annotations

import ctypes
import platform

# name: (x86_64, aarch64), from asm/unistd_64.h and asm-generic/unistd.h
BLOCKED: dict[str, tuple[int | None, int | None]] = {
    "ptrace": (101, 117),
    "process_vm_readv": (310, 270),
    "process_vm_writev": (311, 271),
    "mount": (165, 40),
    "umount2": (166, 39),
    "pivot_root": (155, 41),
    "swapon": (167, 224),
    "swapoff": (168, 225),
    "reboot": (169, 142),
    "init_module": (175, 105),
    "delete_module": (176, 106),
    "finit_module": (313, 273),
    "kexec_load": (246, 104),
    "kexec_file_load": (320, 294),
    "bpf": (321, 280),
    "perf_event_open": (298, 241),
    "keyctl": (250, 219),
    "add_key": (248, 217),
    "request_key": (249, 218),
    "userfaultfd": (323, 282),
    "open_by_handle_at": (304, 265),
    "name_to_handle_at": (303, 264),
    "setns": (308, 268),
    "unshare": (272, 97),
    "acct": (163, 89),
    "quotactl": (179, 60),
    "io_uring_setup": (425, 425),
    "io_uring_enter": (426, 426),
    "io_uring_register": (427, 427),
    "open_tree": (428, 428),
    "move_mount": (429, 429),
    "fsopen": (430, 430),
    "fsconfig": (431, 431),
    "fsmount": (432, 432),
    "fspick": (433, 433),
    "mount_setattr": (442, 442),
    "syslog": (103, 116),
    "clock_settime": (227, 112),
    "settimeofday": (164, 170),
    "adjtimex": (159, 171),
    "clock_adjtime": (305, 266),
    "iopl": (172, None),
    "ioperm": (173, None),
}
_ARCHES = {"x86_64": (0xC000003E, 0), "aarch64": (0xC00000B7, 1)}  # AUDIT_ARCH_*, table column
_X32_SYSCALL_BIT = 0x40000000

# classic BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_EPERM = 1
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2


class _Instruction(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    )


class _Program(ctypes.Structure):
    _fields_ = (("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_Instruction)))


def supported() -> bool:
    return platform.system() == "Linux" and platform.machine() in _ARCHES


def program(machine: str) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions."""
    audit_arch, column = _ARCHES[machine]
    numbers = sorted({n[column] for n in BLOCKED.values() if n[column] is not None})
    deny = (_RET_K, 0, 0, _SECCOMP_RET_ERRNO | _EPERM)
    allow = (_RET_K, 0, 0, _SECCOMP_RET_ALLOW)
    code = [
        (_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        (_JEQ_K, 1, 0, audit_arch),
        deny,  # a foreign ABI
        (_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
    ]
    if machine == "x86_64":
        code += [(_JGE_K, 0, 1, _X32_SYSCALL_BIT), deny]  # the x32 ABI
    # one comparison per number; a match jumps to the final deny
    for i, number in enumerate(numbers):
        remaining = len(numbers) - i - 1
        code.append((_JEQ_K, remaining + 1, 0, number))
    code += [allow, deny]
    return code


def apply() -> int:
    """Install the filter on this process (and its future children); returns calls blocked."""
    if not supported():
        raise OSError(f"no seccomp syscall table for {platform.machine()}")
    instructions = program(platform.machine())
    array = (_Instruction * len(instructions))(*(_Instruction(*i) for i in instructions))
    prog = _Program(len(instructions), array)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")
    return len(BLOCKED)
