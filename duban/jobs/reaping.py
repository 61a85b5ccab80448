"""Tasks whose worker died: run once more, or marked failed — never left "running".

django-tasks-db marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when the
worker finishes it; a worker killed in between (kill -9, the machine lost power, out of memory)
leaves the row RUNNING for ever.  Every live worker calls ``reap()`` at start and with each
heartbeat: a RUNNING task whose worker is dead (``workers.is_dead``) goes back to the queue if it
has had fewer than ``ATTEMPTS`` runs, and is otherwise marked FAILED with ``WorkerLost`` and
announced through ``task_finished``, so its owner (e.g. a case import) can say so on its page.
Tasks are written to be run again safely: an import is one transaction, reminders are sent once
per key.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .interface import TaskResultStatus, task_finished
from .models import WorkerBeat
from .workers import is_dead

log = logging.getLogger("duban.jobs")

#: Runs a task gets when its worker dies under it: the first death re-queues it, the second fails it
#: (a task that kills its worker, say by exhausting memory, must not take every worker down in turn).
ATTEMPTS = 2


class WorkerLost(Exception):
    """The worker running the task stopped before the task finished."""


def reap() -> tuple[int, int]:
    """Re-queue or fail the tasks of dead workers; returns (re-queued, failed)."""
    now = timezone.now()
    beats = {b.worker_id: b for b in WorkerBeat.objects.all()}
    dead = {worker_id for worker_id, b in beats.items() if is_dead(b, now)}
    requeued, failed = 0, []
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("id", "worker_ids"):
        last = result.worker_ids[-1] if result.worker_ids else None
        if last in beats and last not in dead:
            continue
        with transaction.atomic():
            row = DBTaskResult.objects.select_for_update().filter(pk=result.pk, status=TaskResultStatus.RUNNING).first()
            if row is None or row.worker_ids != result.worker_ids:
                continue  # finished, or reaped by another worker, meanwhile
            runs = len(row.worker_ids)
            if runs < ATTEMPTS:
                row.status, row.started_at = TaskResultStatus.READY, None
                row.save(update_fields=["status", "started_at"])
                requeued += 1
                log.warning("后台任务 %s（%s）的进程已退出，重新排队（第 %d 次运行）", row.pk, row.task_path, runs + 1)
            else:
                row.set_failed(WorkerLost(f"后台进程在执行任务时退出（已运行 {runs} 次）"))
                failed.append(row)
                log.error("后台任务 %s（%s）的进程已退出，已运行 %d 次，标记为失败", row.pk, row.task_path, runs)
    for row in failed:
        try:
            sender = type(row.task.get_backend())
        except ImportError:  # the task's code is gone (an upgrade): nobody to tell
            continue
        task_finished.send(sender=sender, task_result=row.task_result)
    WorkerBeat.objects.filter(worker_id__in=dead).delete()
    return requeued, len(failed)
