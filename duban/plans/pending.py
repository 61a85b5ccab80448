"""Uploaded plan documents waiting for the office's confirmation.

The preview and the confirmation are two requests; between them the file waits under MEDIA_ROOT
(outside the web root) by a random token that only the uploader's session knows — with what the
preview read of it (the text and the draft), so the confirmation does not read and parse it again.
A preview abandoned (the office never confirms) leaves its files behind: the nightly cleanup
(``remove_abandoned``, registered with ``duban cleanup``) removes them once a day old.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .parsing import PlanDraft

_SESSION_KEY = "pending_plan_imports"
#: How long an upload waits for its confirmation before the nightly cleanup removes it.
KEEP = timedelta(days=1)
_READ = ".read.json"  # beside the file: what the preview read of it


def _directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "pending-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep(session, data: bytes, filename: str, year: int | None, text: str, draft: PlanDraft) -> str:
    token = secrets.token_urlsafe(24)
    directory = _directory()
    (directory / token).write_bytes(data)
    read = {"text": text, "draft": _draft_state(draft)}
    (directory / f"{token}{_READ}").write_text(json.dumps(read, ensure_ascii=False), encoding="utf-8")
    pending = session.get(_SESSION_KEY, {})
    pending[token] = {"filename": filename, "year": year}
    session[_SESSION_KEY] = pending
    return token


def peek(session, token: str) -> tuple[bytes, str, int | None, tuple[str, PlanDraft] | None] | None:
    """The file for this token and what the preview read of it (None if that was not kept), left
    waiting: the office may still have to fix its corrections."""
    entry = session.get(_SESSION_KEY, {}).get(token)
    directory = _directory()
    path = directory / token
    if entry is None or not path.is_file():
        return None
    read_path = directory / f"{token}{_READ}"
    read = None
    if read_path.is_file():
        state = json.loads(read_path.read_text(encoding="utf-8"))
        read = (state["text"], PlanDraft.from_json(state["draft"]))
    return path.read_bytes(), entry["filename"], entry["year"], read


def take(session, token: str) -> None:
    """The upload for this token is confirmed: off the waiting list, its files removed."""
    pending = session.get(_SESSION_KEY, {})
    pending.pop(token, None)
    session[_SESSION_KEY] = pending
    directory = _directory()
    for path in (directory / token, directory / f"{token}{_READ}"):
        path.unlink(missing_ok=True)


def remove_abandoned(now=None) -> str:
    """Remove the files of uploads older than ``KEEP`` that were never confirmed."""
    oldest = ((now or timezone.now()) - KEEP).timestamp()
    removed = 0
    for path in _directory().iterdir():
        if path.is_file() and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
            removed += path.suffix != ".json"  # one upload is its file and what was read of it
    return f"删除未确认的方案导入文件 {removed} 个"


def _draft_state(draft: PlanDraft) -> dict:
    """The draft as JSON, with the names each item completed from shorthand (which the import's
    doubts need and ``to_json`` leaves out)."""
    state = draft.to_json()
    for task, task_state in zip(draft.tasks, state["tasks"]):
        for item, item_state in zip(task.items, task_state["items"]):
            item_state["completed"] = item.completed
    return state
