"""Running an ImportJob: inline for small files, in a background thread for large ones.

Progress is written to the job row per chunk of validated rows (committed at once, outside the
import's transaction), and the job page polls it with htmx.  The write itself is one
transaction, so a refused or failed import leaves the cases unchanged, and so does one whose
process dies: the job then stops reporting progress and its page calls it interrupted
(``ImportJob.interrupted``).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .importing import ImportFormatError, read_table, run_import
from .models import ImportJob

log = logging.getLogger("duban.cases")

#: Files with more data rows than this import in the background, with a progress bar.
BACKGROUND_ROWS = 2000


def start(job: ImportJob) -> None:
    if job.total_rows > BACKGROUND_ROWS and getattr(settings, "DUBAN_IMPORT_IN_BACKGROUND", True):
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, processed_rows=0,
                                                   progress_at=timezone.now())
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    else:
        run(job.pk)


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        connection.close()


def run(job_id: int) -> None:
    job = ImportJob.objects.select_related("zone").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.RUNNING, progress_at=timezone.now())

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total, progress_at=timezone.now())

    try:
        table = read_table(bytes(job.data), job.file_name)
        result = run_import(job.zone, table, job.mapping, skip_bad_rows=job.skip_bad_rows, progress=progress)
    except ImportFormatError as error:
        ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.FAILED, message=str(error))
        return
    except Exception as error:  # noqa: BLE001 - the page must say the import failed, whatever the cause
        log.exception("case import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.FAILED, message=f"导入失败：{error}")
        return
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJob.State.DONE if result.written else ImportJob.State.REFUSED,
        created_count=result.created, updated_count=result.updated,
        errors=[e.to_json() | {"text": str(e)} for e in result.errors[:1000]],
        error_file=result.error_file, message=result.error_file_name,
        processed_rows=table.total,
    )
