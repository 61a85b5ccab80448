"""Which workers are alive: their heartbeats, and the rule for calling one dead."""

from __future__ import annotations

import os
import socket
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import WorkerBeat


def this_host() -> str:
    return socket.gethostname()


#: Seconds two readings of one process's start may differ by (/proc counts in clock ticks from a
#: boot time given in whole seconds).
SAME_START = timedelta(seconds=2)


def register(worker_id: str) -> None:
    """The heartbeat row of this process: host, process number and the moment the *process* started
    (not this call: a row put back after a restore keeps it), so a restarted worker is a new start."""
    now = timezone.now()
    WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults={
        "host": this_host(), "pid": os.getpid(), "started_at": process_started_at(os.getpid()) or now,
        "seen_at": now})


def beat(worker_id: str) -> None:
    if not WorkerBeat.objects.filter(worker_id=worker_id).update(seen_at=timezone.now()):
        register(worker_id)  # someone removed the row (a restore, an administrator): put it back


def unregister(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _booted_at() -> datetime | None:
    """When this host started (a heartbeat from before then is from a process that is gone, even if
    its process number has been given to another since)."""
    try:  # the kernel's own figure, which /proc/<pid>/stat counts from
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return datetime.fromtimestamp(int(line.split()[1]), UTC)
    except (OSError, ValueError):
        pass
    if not hasattr(time, "CLOCK_BOOTTIME"):
        return None
    return datetime.fromtimestamp(time.time() - time.clock_gettime(time.CLOCK_BOOTTIME), UTC)


def process_started_at(pid: int) -> datetime | None:
    """When process ``pid`` of this host started (Linux's /proc); None when it is gone or unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        # After the command name, which may hold spaces and ")": state is field 3, starttime field 22.
        ticks = int(stat[stat.rindex(")") + 2:].split()[22 - 3])
    except (OSError, ValueError, IndexError):
        return None
    booted = _booted_at()
    return booted + timedelta(seconds=ticks / os.sysconf("SC_CLK_TCK")) if booted else None


def is_dead(beat: WorkerBeat | None, now=None) -> bool:
    """A worker with no heartbeat row, whose process is gone from this host (its number free, or
    taken by a process that started at another moment), or (on another host, where its process
    cannot be seen) silent for longer than ``DUBAN_WORKER_STALE_SECONDS``.

    A live process on this host is never called dead however long it is silent: on SQLite its
    heartbeat waits while an import holds the write lock.
    """
    if beat is None:
        return True
    if beat.host == this_host():
        if not _process_exists(beat.pid):
            return True
        started = process_started_at(beat.pid)
        if started is not None:  # the number may have been given to another process since
            return abs(started - beat.started_at) > SAME_START
        booted = _booted_at()
        return booted is not None and beat.started_at < booted
    now = now or timezone.now()
    return now - beat.seen_at > timedelta(seconds=settings.DUBAN_WORKER_STALE_SECONDS)


def live_workers(now=None) -> list[WorkerBeat]:
    """The heartbeats of the workers alive now, the most recently heard first."""
    now = now or timezone.now()
    return [b for b in WorkerBeat.objects.order_by("-seen_at") if not is_dead(b, now)]


def latest_beat() -> float | None:
    """Seconds since the most recent heartbeat of a live worker; None when no worker is alive."""
    now = timezone.now()
    live = live_workers(now)
    if not live:
        return None
    return (now - live[0].seen_at).total_seconds()
