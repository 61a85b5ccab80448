"""What the health endpoint checks: the database answers, the file storage takes a write, and
when a background worker last said it was alive.  Plain functions, each returning a dict that
is safe to show anyone: yes or no and a Chinese word, never a host name, a path or a password
(the reason goes to the log instead)."""

from __future__ import annotations

import logging
import os
import tempfile

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import formats, timezone

from duban.jobs.workers import live_workers

log = logging.getLogger("duban.operations")


def database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        log.error("健康检查：数据库无法访问：%s", error)
        return {"ok": False, "detail": "无法访问"}
    return {"ok": True, "detail": "正常"}


def storage() -> dict:
    """Write, read back and delete a small file where evidence and uploads are kept."""
    root = str(settings.MEDIA_ROOT)
    try:
        os.makedirs(root, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".health-") as probe:
            probe.write(b"duban")
            probe.flush()
            probe.seek(0)
            if probe.read() != b"duban":
                raise OSError("read back differs")
    except OSError as error:
        log.error("健康检查：文件存储不可写：%s", error)
        return {"ok": False, "detail": "不可写"}
    return {"ok": True, "detail": "正常"}


def worker() -> dict:
    """The background worker last heard from: since when its process runs (a restart is a new time)
    and how long ago it beat.  Informational: the pages work without it, but imports and reminders
    wait until one runs.  No host or process number (those are on 系统管理 › 后台进程)."""
    try:
        live = live_workers()
    except DatabaseError:
        return {"ok": False, "detail": "未知（数据库无法访问）"}
    if not live:
        return {"ok": False, "detail": "未运行"}
    latest, since = live[0], timezone.localtime(live[0].started_at)
    return {"ok": True, "detail": f"运行中（{formats.date_format(since, 'DATETIME_FORMAT')} 起）",
            "started_at": since.isoformat(timespec="seconds"), "workers": len(live),
            "seen_seconds_ago": round((timezone.now() - latest.seen_at).total_seconds())}


def report() -> tuple[bool, dict]:
    """(healthy, body): healthy when the database and the storage work; the worker is reported."""
    checks = {"database": database(), "storage": storage(), "worker": worker()}
    healthy = checks["database"]["ok"] and checks["storage"]["ok"]
    return healthy, {"status": "ok" if healthy else "error", **checks}
