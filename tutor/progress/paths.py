"""Where a learner's progress lives on disk.

    data dir:  --data-dir DIR, else $DLTUTOR_HOME, else the platform data directory
               (platformdirs: ~/.local/share/dltutor on Linux, ~/Library/Application
               Support/dltutor on macOS, %LOCALAPPDATA%\\dltutor on Windows)
    profile:   --profile NAME, else $DLTUTOR_PROFILE, else "default"
    database:  <data dir>/profiles/<profile>.sqlite3  (plus its -wal and -shm files)
    backups:   <data dir>/backups/  (written by `dltutor reset` before it deletes anything)

Profiles let several learners share one machine (a classroom) without sharing progress.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

DEFAULT_PROFILE = "default"
DATABASE_SUFFIX = ".sqlite3"

# a file name on every platform: no separators, no leading dot, nothing Windows rejects
_PROFILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")


class ProfileNameError(ValueError):
    pass


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The directory that holds every profile's database."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("DLTUTOR_HOME", "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("dltutor", appauthor=False))


def profile_name(explicit: str | None = None) -> str:
    """The profile to use; raises ProfileNameError for a name that cannot be a file name."""
    name = (explicit or os.environ.get("DLTUTOR_PROFILE", "") or DEFAULT_PROFILE).strip()
    if not _PROFILE_NAME.fullmatch(name) or name.endswith("."):
        raise ProfileNameError(
            f"invalid profile name {name!r}: use letters, digits, '_', '-' or '.' "
            "(at most 64, not starting with '.' or '-')"
        )
    return name


def database_path(data_dir_: Path, profile: str) -> Path:
    return data_dir_ / "profiles" / f"{profile}{DATABASE_SUFFIX}"


def backups_dir(data_dir_: Path) -> Path:
    return data_dir_ / "backups"


def profiles(data_dir_: Path) -> list[str]:
    """Names of the profiles that have a database in this data directory."""
    folder = data_dir_ / "profiles"
    if not folder.is_dir():
        return []
    return sorted(p.name[: -len(DATABASE_SUFFIX)] for p in folder.glob(f"*{DATABASE_SUFFIX}"))
