"""Where export files live: MEDIA_ROOT/exports/<zone>/<random name>, outside the web root.

A file is written under ``<name>.part`` and renamed into place when complete, so a file that
carries an export's name is always whole; a worker killed while writing leaves only a ``.part``,
which the daily cleanup removes (``cleanup``).  Nothing here is ever served directly: the
download view checks who asks first.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

PART = ".part"


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def directory(zone_id: int) -> Path:
    path = root() / str(zone_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(zone_id: int, stored_name: str) -> Path:
    return root() / str(zone_id) / stored_name


def write(zone_id: int, fill: Callable[[BinaryIO], None]) -> tuple[str, int]:
    """Run ``fill(out)`` into a new file under a fresh random name; returns (stored name, size)."""
    stored_name = secrets.token_hex(16)
    final = directory(zone_id) / stored_name
    part = final.with_name(stored_name + PART)
    try:
        with open(part, "wb") as out:
            fill(out)
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    return stored_name, final.stat().st_size


def remove(zone_id: int, stored_name: str) -> bool:
    if not stored_name:
        return False
    path = path_of(zone_id, stored_name)
    existed = path.is_file()
    path.unlink(missing_ok=True)
    return existed


def stored() -> Iterator[tuple[int | None, Path]]:
    """Every file under the exports directory, with the zone its folder names (None: not a zone's)."""
    base = root()
    if not base.is_dir():
        return
    for path in base.rglob("*"):
        if path.is_file():
            folder = path.parent.name
            yield (int(folder) if folder.isdigit() and path.parent.parent == base else None), path
