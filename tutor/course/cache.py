"""A cache of the parsed course, so the app shows the course map without parsing YAML.

The key is a fingerprint of every file the catalog reads (path, size, modification time)
and of dltutor's version; any change to a lesson, a topics file or the code parses again.
The cache lives in the user cache directory (or DLTUTOR_CACHE); a missing, stale or
unreadable cache is simply rebuilt, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from tutor import __version__


def cache_dir() -> Path:
    if os.environ.get("DLTUTOR_CACHE"):
        return Path(os.environ["DLTUTOR_CACHE"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("dltutor"))


def fingerprint(dirs: list[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    digest.update(Path(__file__).resolve().parent.joinpath("loader.py").read_bytes())
    for directory in dirs:
        digest.update(f"\0dir {directory.resolve()}".encode())
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*.yaml")):
            st = path.stat()
            digest.update(f"\0{path} {st.st_size} {st.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def fresh(dirs: list[Path]):
    """The cached catalog if it is up to date, else None (never parses: a few milliseconds)."""
    try:
        with (cache_dir() / f"catalog-{fingerprint(dirs)}.pickle").open("rb") as f:
            return pickle.load(f)
    except Exception:
        return None


def cached(dirs: list[Path], parse: Callable[[list[Path]], object]):
    try:
        key = fingerprint(dirs)
    except OSError:
        return parse(dirs)
    path = cache_dir() / f"catalog-{key}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # absent, stale format or damaged: parse again
        pass
    catalog = parse(dirs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as f:
            pickle.dump(catalog, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
        _forget_old(path.parent)
    except OSError:
        pass  # a read-only cache directory only costs speed
    return catalog


KEEP = 4  # an author may switch between a few lesson directories (--lessons, a checkout)


def _forget_old(directory: Path) -> None:
    """Keep the KEEP most recently written catalogs; a stale one is never read again."""
    found = []
    for path in directory.glob("catalog-*.pickle"):
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    for _mtime, path in sorted(found, reverse=True)[KEEP:]:
        path.unlink(missing_ok=True)
