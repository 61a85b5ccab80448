"""Running an ImportJob: inline for small files, as a background task for large ones.

A large import is a task on Django's Tasks interface (``import_task``), stored in the database
and run by ``duban worker``: it survives a restart of the web server, and a worker that dies under
it has its task re-queued once or marked failed (duban/jobs/reaping.py), which ``task_failed``
turns into a failed job with a Chinese message.  Progress is written to the job row per chunk
of validated rows (committed at once, outside the import's transaction) and the job page polls
it with htmx.  The write itself is one transaction, so a refused, failed or killed import leaves
the cases unchanged, and running it again is safe.  The job is marked DONE inside that same
transaction: a crash can never leave cases written under a job FAILED or RUNNING, nor a DONE job
with nothing written.

The uploaded file is needed only until the import has run: a job with a result (DONE, REFUSED)
drops it in the update that stores the result; a FAILED job keeps it ``DUBAN_IMPORT_KEEP_DAYS``
(7) for whoever looks into why, then the nightly ``duban cleanup`` removes it (``remove_old_files``).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from duban.jobs.interface import TaskResultStatus, task

from .importing import ImportFormatError, ImportResult, read_table, run_import
from .models import ImportJob

log = logging.getLogger("duban.cases")

#: Files with more data rows than this import in the background, with a progress bar.
BACKGROUND_ROWS = 2000

WORKER_STOPPED = ("导入未完成：后台进程在导入过程中停止。数据库中的办件未被改动，"
                  "请重新上传文件导入；如果一再发生，请联系系统管理员（文件可能过大）。")


def start(job: ImportJob) -> None:
    if job.total_rows > BACKGROUND_ROWS:
        with transaction.atomic():  # the worker sees the task and the queued job together
            result = import_task.enqueue(job.pk)
            ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED, processed_rows=0,
                                                       progress_at=timezone.now(), task_id=str(result.id))
    else:
        run(job.pk)


@task()
def import_task(job_id: int) -> None:
    run(job_id)


def task_failed(sender, task_result, **kwargs) -> None:
    """``task_finished`` receiver: an import task that failed (its worker died twice, or was
    stopped by force) fails its job, which would otherwise stay queued or running."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    ImportJob.objects.filter(task_id=str(task_result.id), state__in=[ImportJob.State.QUEUED,
                                                                     ImportJob.State.RUNNING]
                             ).update(state=ImportJob.State.FAILED, message=WORKER_STOPPED, finished_at=timezone.now())


def run(job_id: int) -> None:
    job = ImportJob.objects.select_related("zone").get(pk=job_id)
    if job.state in (ImportJob.State.DONE, ImportJob.State.REFUSED):
        return  # its result is stored (a task run again after a worker died at its very end)
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.RUNNING, processed_rows=0,
                                               progress_at=timezone.now())

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total, progress_at=timezone.now())

    def finish(result: ImportResult) -> None:
        # Inside the write's transaction when there was a write: the job is DONE with its cases
        # or neither is (a worker killed in between leaves it RUNNING, to be run again).
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.DONE if result.written else ImportJob.State.REFUSED,
            created_count=result.created, updated_count=result.updated,
            errors=[e.to_json() | {"text": str(e)} for e in result.errors[:1000]],
            error_file=result.error_file, message=result.error_file_name,
            processed_rows=table.total, finished_at=timezone.now(), data=b"",
        )

    try:
        table = read_table(bytes(job.data), job.file_name)
        result = run_import(job.zone, table, job.mapping, skip_bad_rows=job.skip_bad_rows, progress=progress,
                            written=finish)
    except ImportFormatError as error:
        fail(job_id, str(error))
        return
    except Exception as error:  # noqa: BLE001 - the page must say the import failed, whatever the cause
        log.exception("case import %s failed", job_id)
        fail(job_id, f"导入失败：{error}")
        return
    if not result.written:  # refused: nothing was written, the errors are the result
        finish(result)


def fail(job_id: int, message: str) -> None:
    """Mark a job failed; its file is kept ``DUBAN_IMPORT_KEEP_DAYS`` for whoever looks into why
    (``remove_old_files``)."""
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.FAILED, message=message,
                                               finished_at=timezone.now())


#: A job left at the mapping step this long is given up: its file is removed.
ABANDONED = "上传后 {days} 天内未确认导入，文件已删除；如仍需导入，请重新上传"


def remove_old_files(now=None) -> str:
    """The nightly cleaner (``duban cleanup``): the files of failed jobs, and of uploads never
    confirmed, once ``DUBAN_IMPORT_KEEP_DAYS`` old; and any file still kept by a finished job.
    Real time, not duban's clock: how long a file is kept has nothing to do with the plan's days."""
    days = settings.DUBAN_IMPORT_KEEP_DAYS
    now = now or timezone.now()
    oldest = now - timedelta(days=days)
    State = ImportJob.State
    kept = ImportJob.objects.exclude(data=b"")
    finished = kept.filter(state__in=[State.DONE, State.REFUSED]).update(data=b"")
    failed = kept.filter(state=State.FAILED).filter(Q(finished_at__lt=oldest) | Q(finished_at=None, created_at__lt=oldest)
                                                    ).update(data=b"")
    abandoned = kept.filter(state=State.UPLOADED, created_at__lt=oldest).update(
        data=b"", state=State.FAILED, message=ABANDONED.format(days=days), finished_at=now)
    return f"删除办件导入文件 {finished + failed + abandoned} 个（失败或未确认的保留 {days} 天）"
