"""What a kernel may read and write, and what it must never reach.

Computed in the tutor process (which knows where the learner's data lives) and handed to the
kernel, which enforces it with Landlock. Grants are whole directories; a directory that holds
the learner's data, config or home is never granted, only directories inside it.
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
from pathlib import Path

# system directories that programs and shared libraries are read from
SYSTEM_READABLE = (
    "/usr",
    "/lib",
    "/lib64",
    "/lib32",
    "/bin",
    "/sbin",
    "/etc",
    "/opt",
    "/proc",
    "/sys",
    "/dev",
)
DEVICES_WRITABLE = ("/dev/null", "/dev/zero", "/dev/full")


def protected_dirs() -> list[Path]:
    """The learner's progress database, config and home: the kernel gets none of them."""
    dirs: list[Path] = [Path.home()]
    env_home = os.environ.get("DLTUTOR_HOME", "").strip()
    if env_home:
        dirs.append(Path(env_home).expanduser())
    try:
        import platformdirs

        dirs.append(Path(platformdirs.user_data_dir("dltutor", appauthor=False)))
        dirs.append(Path(platformdirs.user_config_dir("dltutor", appauthor=False)))
    except ImportError:
        pass
    return [_real(d) for d in dirs]


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def _covers(grant: Path, protected: Path) -> bool:
    return grant == protected or grant in protected.parents


def package_roots() -> list[Path]:
    """Directories holding the packages a kernel imports from this app: tutor, kernels, lessons."""
    import importlib.util

    roots = []
    for name in ("tutor", "kernels", "lessons"):
        spec = importlib.util.find_spec(name)  # locates without importing (no torch here)
        if spec is not None and spec.submodule_search_locations:
            roots.extend(_real(p) for p in spec.submodule_search_locations)
    return roots


def python_dirs() -> list[Path]:
    dirs = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable)}
    dirs.add(os.path.dirname(os.path.realpath(sys.executable)))
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        dirs.add(sysconfig.get_path(key))
    dirs.update(site.getsitepackages())
    return [_real(d) for d in dirs if d]


def readable_dirs() -> list[str]:
    """Read-only grants, minus anything that would expose a protected directory."""
    protected = protected_dirs()
    candidates = [_real(p) for p in SYSTEM_READABLE] + python_dirs()
    for package in package_roots():
        # the repository (or site-packages) root when safe, else just the package itself
        parent = package.parent
        candidates.append(parent if not any(_covers(parent, p) for p in protected) else package)
    granted: list[str] = []
    for path in candidates:
        if any(_covers(path, p) for p in protected):
            continue
        if str(path) not in granted:
            granted.append(str(path))
    return granted


def allowed(extra: tuple[str, ...] | list[str]) -> list[str]:
    """Extra read grants asked for by the caller, minus any that would expose protected dirs."""
    protected = protected_dirs()
    return [str(_real(p)) for p in extra if not any(_covers(_real(p), q) for q in protected)]


def writable_paths(scratch: str, cwd: str | None) -> list[str]:
    paths = [scratch, *DEVICES_WRITABLE]
    if cwd and cwd != scratch:
        paths.append(cwd)
    return paths
