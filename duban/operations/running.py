"""Whether duban is running: the web server (``duban serve``) and the background workers.

A restore swaps the database and the files under whatever runs; a page or a task writing then
would be lost, or would mix the old data into the restored. So ``duban restore`` refuses while
either runs, and holds the installation's lock while it works, so neither starts meanwhile.

- The web server: ``duban serve`` takes a *shared* lock (``flock``) on ``DUBAN_VAR_DIR/duban.lock``
  and hands its descriptor on to gunicorn (exec keeps it; gunicorn's workers inherit it). The
  kernel drops the lock when the last of those processes ends, however it ends (``kill -9``, a
  crash, power): no pid file can go stale. A restore takes the lock *exclusive*, so it fails while
  any server holds it, and a server starting during a restore fails to take it and says why.
  A lock is seen on this host only: the web server runs where the restore does (README, Production).
- The workers: their heartbeats (``duban.jobs.workers``): a live one on this host is a process
  that exists, one on another host one that beat within ``DUBAN_WORKER_STALE_SECONDS``.

``--force`` skips both checks, for the IT staff who know what else is running (the command warns).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.utils import formats, timezone

from duban.jobs.workers import live_workers

from .archive import ArchiveError

LOCK_NAME = "duban.lock"
STOP_FIRST = "请先停止督办的网站和后台进程（systemctl stop duban-web duban-worker），再恢复"


class SiteBusy(ArchiveError):
    """duban runs (restore), or a restore is under way (serve); the message says what, in Chinese."""


def lock_path() -> Path:
    return Path(settings.VAR_DIR) / LOCK_NAME


def _open_lock() -> int:
    """The lock file, opened for reading (all ``flock`` needs), made readable by all (it holds
    nothing): made by root, say, it still lets the duban user's server take its lock."""
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise SiteBusy(f"无法打开锁文件 {path}（{error.strerror}）：请检查 DUBAN_VAR_DIR 的属主和权限") from error


def hold_while_serving() -> int:
    """The web server's shared lock, kept for as long as the process (and what it execs) lives;
    returns its descriptor, inheritable.  Refused while a restore holds the lock."""
    fd = _open_lock()
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise SiteBusy("正在从备份恢复数据（duban restore），网站暂不启动：恢复完成后再启动") from None
    os.set_inheritable(fd, True)
    return fd


def _workers() -> list[str]:
    try:
        beats = live_workers()
    except DatabaseError:  # no database yet, or one without duban's tables: no worker has beaten in it
        return []
    return [f"后台进程 {b.host}:{b.pid}（{formats.date_format(timezone.localtime(b.started_at), 'DATETIME_FORMAT')}"
            f" 起运行）" for b in beats]


@contextmanager
def stopped(force: bool = False) -> Iterator[None]:
    """Held by a restore: nothing of duban runs (SiteBusy naming what does), and no web server
    starts until it is released.  With ``force`` nothing is checked, and the lock is taken only if
    it is free."""
    fd = _open_lock()
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            serving = []
        except BlockingIOError:
            serving = ["网站（duban serve）"]
        running = serving + _workers()
        if running and not force:
            raise SiteBusy(f"督办仍在运行：{'、'.join(running)}。{STOP_FIRST}；"
                           "确知无人使用而须立即恢复，可加 --force")
        yield
    finally:
        os.close(fd)  # releases the lock
