"""Writing generated files (feeds, ``_redirects``) only when they change."""

from __future__ import annotations

import hashlib
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write *data* unless the file already holds exactly it (its time and
    any HTTP caching of it stay as they are); True when written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def file_digest(path: Path) -> str | None:
    """What the file holds, to tell later whether it still does (None: no file)."""
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return None
