"""Files only their owner may read: the embedded store and the parse cache hold article text.

New files are created 0600 and new folders 0700 whatever the umask; a file or folder that
already exists keeps its mode (the user may have chosen it). SQLite creates a database's
``-wal`` and ``-shm`` files with the database file's own mode, so creating the database file
0600 before SQLite opens it is enough for the three of them.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> None:
    """Create ``path`` and its missing parents, each 0700; existing folders are left as they
    are (``Path.mkdir(parents=True)`` would give the parents the umask's default instead)."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue  # another process made it a moment ago: its mode is its own
        # mkdir's mode is masked by the umask; the folder is ours and new, so set it exactly.
        os.chmod(folder, DIR_MODE)


def private_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 unless it exists; True when it was created."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    except FileExistsError:
        return False
    with contextlib.closing(os.fdopen(fd, "wb")) as handle:
        # The umask may have taken bits away (0o277 would leave it unwritable): set exactly.
        os.fchmod(handle.fileno(), FILE_MODE)
    return True
