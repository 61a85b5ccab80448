"""Asking for an export and building it: in the request when small, by ``duban worker`` when large.

``start`` records the export (the audit trail's create: who asked for what, when) and builds it
at once when it has at most ``DUBAN_EXPORT_IMMEDIATE_ROWS`` rows — a department's ledger, a
plan's ordinary one, a few thousand cases: well under a second — or hands it to the worker as a
task on Django's Tasks interface (``build_task``).  As a task it survives a restart of the web
server, ties up no web worker, and a worker that dies under it has it run again once or marked
failed (duban/jobs/reaping.py; ``task_failed`` turns the latter into a failed export with a
Chinese message).  Building is safe to repeat: each run writes a new file and renames it into
place only when whole (``files``).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.utils import timezone

from duban.jobs.interface import TaskResultStatus, task

from . import files, kinds
from .kinds import ExportRefused
from .models import Export

log = logging.getLogger("duban.exports")

#: Seconds between two progress writes of a background export (each is one UPDATE).
PROGRESS_EVERY = 0.5

WORKER_STOPPED = ("导出未完成：后台进程在生成文件时停止。请重新导出；"
                  "如果一再发生，请联系系统管理员（数据可能过多）。")
NO_LONGER_ALLOWED = "导出人已没有导出这些数据的权限（或数据已不存在），未生成文件。"
BROKEN = "导出失败：生成文件时出错。请重新导出；如果一再发生，请联系系统管理员。"


def start(user, kind: str, parameters: dict, *, title: str, file_name: str, rows: int) -> Export:
    """Record ``user``'s export of ``kind`` and build it now or in the background (by ``rows``);
    the same export of the same user still queued or being built is answered instead of a second.

    The caller has already run the kind's ``check`` (it is the page's own permission check).
    """
    kinds.get(kind)  # an unknown kind fails here, in the request, not later in the worker
    waiting = Export.objects.filter(requested_by=user, kind=kind, parameters=parameters,
                                    state__in=[Export.State.QUEUED, Export.State.RUNNING]).first()
    if waiting is not None:  # asked twice (a double click, an impatient reload): one file is enough
        return waiting
    export = Export(zone_id=user.zone_id, requested_by=user, kind=kind, title=title[:300], parameters=parameters,
                    file_name=file_name, total_rows=rows)
    if rows <= settings.DUBAN_EXPORT_IMMEDIATE_ROWS:
        export.state = Export.State.RUNNING
        export.save()
        run(export.pk, background=False)
    else:
        with transaction.atomic():  # the worker sees the task and the export together
            export.save()
            result = build_task.enqueue(export.pk)
            Export.objects.filter(pk=export.pk).update(task_id=str(result.id))
    export.refresh_from_db()
    return export


@task()
def build_task(export_id: int) -> None:
    run(export_id, background=True)


def task_failed(sender, task_result, **kwargs) -> None:
    """``task_finished`` receiver: a build task that failed (its worker died twice, or was stopped
    by force) fails its export, which would otherwise stay 排队中 or 生成中."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    Export.objects.filter(task_id=str(task_result.id), state__in=[Export.State.QUEUED, Export.State.RUNNING]
                          ).update(state=Export.State.FAILED, message=WORKER_STOPPED, finished_at=timezone.now())


class _Progress:
    """Counts the rows written and, in the background, writes the count to the export now and then.

    Outside a transaction (a worker's task) a thread with a database connection of its own does
    the writing, so the export's connection only reads while it builds the file: on SQLite a
    connection that reads a long query and then writes, after another connection (the worker's
    heartbeat, a user's save) has committed, fails at once with "database is locked" (WAL's stale
    snapshot, which the busy timeout does not wait out).  Inside a transaction (a test running
    tasks in-process) another connection could not see the export, so the count is written inline.
    """

    def __init__(self, export_id: int, background: bool):
        self.export_id, self.background, self.done, self.written = export_id, background, 0, 0
        self._last = time.monotonic()
        self._stop = threading.Event()
        self._writer = None
        if background and not connection.in_atomic_block:
            self._writer = threading.Thread(target=self._write_now_and_then, name="duban-export-progress",
                                            daemon=True)

    def __call__(self, done: int) -> None:
        self.done = done
        if self.background and self._writer is None and time.monotonic() - self._last >= PROGRESS_EVERY:
            self._last = time.monotonic()
            self._write()

    def __enter__(self) -> _Progress:
        if self._writer is not None:
            self._writer.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._writer is not None:
            self._stop.set()
            self._writer.join()

    def _write(self) -> None:
        if self.done != self.written:
            self.written = self.done
            Export.objects.filter(pk=self.export_id).update(processed_rows=self.written, progress_at=timezone.now())

    def _write_now_and_then(self) -> None:
        try:
            while not self._stop.wait(PROGRESS_EVERY):
                try:
                    self._write()
                except DatabaseError as error:  # a busy database: the next write will do
                    log.warning("export %s progress not written: %s", self.export_id, error)
        finally:
            connection.close()


def run(export_id: int, *, background: bool) -> None:
    export = Export.objects.select_related("requested_by").get(pk=export_id)
    if export.state in (Export.State.DONE, Export.State.FAILED):
        return  # finished meanwhile (a task run twice): nothing to do
    started = timezone.now()
    Export.objects.filter(pk=export_id).update(state=Export.State.RUNNING, started_at=started, processed_rows=0,
                                               progress_at=started)
    user = export.requested_by
    try:
        if user is None or not user.is_active:
            raise ExportRefused("导出人的账号已停用，未生成文件。")
        kind = kinds.get(export.kind)
        kind.check(user, export.parameters)  # the rights of now, not of when it was asked for
        with _Progress(export_id, background) as progress:
            stored_name, size = files.write(export.zone_id,
                                            lambda out: kind.write(user, export.parameters, out, progress))
    except ExportRefused as refusal:
        _finish(export, Export.State.FAILED, message=str(refusal))
    except (PermissionDenied, Http404, LookupError):
        _finish(export, Export.State.FAILED, message=NO_LONGER_ALLOWED)
    except Exception:  # noqa: BLE001 - the page must say the export failed, whatever the cause
        log.exception("export %s (%s) failed", export_id, export.kind)
        _finish(export, Export.State.FAILED, message=BROKEN)
    else:
        _finish(export, Export.State.DONE, stored_name=stored_name, size=size, processed_rows=progress.done)


def _finish(export: Export, state: str, **values) -> None:
    """The outcome, saved as a model save so the audit trail records it beside the request; a
    file is kept ``DUBAN_EXPORT_KEEP_DAYS`` from now."""
    now = timezone.now()
    values |= {"state": state, "finished_at": now}
    if state == Export.State.DONE:
        values["expires_at"] = now + timedelta(days=settings.DUBAN_EXPORT_KEEP_DAYS)
    for name, value in values.items():
        setattr(export, name, value)
    export.save(update_fields=list(values))
