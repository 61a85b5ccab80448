"""Uploaded plan documents waiting for the office's confirmation.

The preview and the confirmation are two requests; between them the file waits
under MEDIA_ROOT (outside the web root) by a random token that only the
uploader's session knows.
"""

import secrets
from pathlib import Path

from django.conf import settings

_SESSION_KEY = "pending_plan_imports"


def _directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "pending-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep(session, data: bytes, filename: str, year: int | None) -> str:
    token = secrets.token_urlsafe(24)
    (_directory() / token).write_bytes(data)
    pending = session.get(_SESSION_KEY, {})
    pending[token] = {"filename": filename, "year": year}
    session[_SESSION_KEY] = pending
    return token


def peek(session, token: str) -> tuple[bytes, str, int | None] | None:
    """The file for this token, left waiting (the office may still have to fix its corrections)."""
    entry = session.get(_SESSION_KEY, {}).get(token)
    path = _directory() / token
    if entry is None or not path.is_file():
        return None
    return path.read_bytes(), entry["filename"], entry["year"]


def take(session, token: str) -> tuple[bytes, str, int | None] | None:
    """The file for this token, removed from the waiting list; None if this session did not upload it."""
    pending = session.get(_SESSION_KEY, {})
    entry = pending.pop(token, None)
    session[_SESSION_KEY] = pending
    path = _directory() / token
    if entry is None or not path.is_file():
        return None
    data = path.read_bytes()
    path.unlink()
    return data, entry["filename"], entry["year"]
