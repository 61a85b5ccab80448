"""A large import is a durable background task: a worker killed in the middle of it does not
leave it "正在写入…" for ever — the next worker runs it again, and nothing was written twice."""

import signal

import pytest

from duban.cases import jobs
from duban.cases.importing import auto_mapping
from duban.cases.models import Case, ImportJob
from tests.processes import start, wait_for

from .test_import import HEADER, csv_bytes

ROWS = 20_000


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_has_the_import_run_again_by_the_next_worker(zone, office, water, tmp_path):
    rows = [[f"SW-{n:06d}", "用水报装", "个人", "王建国", "13812341234", "2020-06-01 09:30", "2020-06-15 16:00",
             "2", "0", "满意"] for n in range(ROWS)]
    job = ImportJob.objects.create(zone=zone, created_by=office, file_name="办件.csv", data=csv_bytes(rows),
                                   mapping=auto_mapping(HEADER), total_rows=ROWS)
    jobs.start(job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED and job.task_id

    def current():
        return ImportJob.objects.get(pk=job.pk)

    with open(tmp_path / "worker-1.log", "wb") as log:
        first = start("worker", "--interval", "0.2", "--no-startup-delay", log=log)
        try:
            wait_for(lambda: current().processed_rows >= 2000, 600, "第一个后台进程开始校验")
        finally:
            first.send_signal(signal.SIGKILL)  # no clean shutdown: as if the machine lost power
            first.wait(30)
    killed = current()
    assert killed.state == ImportJob.State.RUNNING and killed.processed_rows < ROWS
    assert not Case.objects.exists()  # the write is one transaction: nothing of the killed run is kept

    with open(tmp_path / "worker-2.log", "wb") as log:
        second = start("worker", "--interval", "0.2", "--no-startup-delay", log=log)
        try:
            done = wait_for(lambda: (j := current()).state not in (ImportJob.State.QUEUED, ImportJob.State.RUNNING)
                            and j, 600, "第二个后台进程完成导入")
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(30)
    logs = (tmp_path / "worker-2.log").read_text(errors="replace")
    assert done.state == ImportJob.State.DONE, logs
    assert (done.created_count, done.updated_count) == (ROWS, 0)
    assert Case.objects.filter(zone=zone).count() == ROWS
    assert "重新排队" in logs  # the second worker found the first one's task and ran it again

    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2


# ---- the job's state commits with its cases; the file goes once it has served -------------------

def job_of(zone, office, rows, **fields) -> ImportJob:
    return ImportJob.objects.create(zone=zone, created_by=office, file_name="办件.csv", data=csv_bytes(rows),
                                    mapping=auto_mapping(HEADER), total_rows=len(rows), **fields)


def good_and_bad_rows():
    from .test_import import ROWS as FILE_ROWS

    return [FILE_ROWS[0], FILE_ROWS[1][:5] + ["不是时间"] + FILE_ROWS[1][6:]]


def test_a_crash_while_the_job_is_marked_done_leaves_no_case_written(zone, office, water, monkeypatch):
    """The finding: the cases were committed, then the job's update failed: data written, job not DONE."""
    from duban.cases.importing import RowError

    job = job_of(zone, office, good_and_bad_rows(), skip_bad_rows=True)

    def crash(self):
        raise RuntimeError("进程在记录结果时崩溃")

    monkeypatch.setattr(RowError, "to_json", crash)  # called while the result is stored
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and "进程在记录结果时崩溃" in job.message
    assert not Case.objects.exists()  # the write went back with the job's state


def test_a_finished_import_keeps_its_result_and_drops_its_file(client, zone, office, water):
    job = job_of(zone, office, good_and_bad_rows(), skip_bad_rows=True)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert (job.state, job.created_count, bytes(job.data)) == (ImportJob.State.DONE, 1, b"")
    assert job.finished_at is not None and job.error_file
    client.force_login(office)
    page = client.get(f"/cases/import/{job.pk}/").content.decode()
    assert "新增 1 件，更新 0 件。" in page
    assert client.get(f"/cases/import/{job.pk}/errors/").status_code == 200  # the error file stays
    # A task run again after the result was stored (its worker died at the very end) changes nothing.
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and Case.objects.count() == 1


def test_a_refused_import_drops_its_file_too(zone, office, water):
    job = job_of(zone, office, good_and_bad_rows())
    jobs.run(job.pk)
    job.refresh_from_db()
    assert (job.state, bytes(job.data)) == (ImportJob.State.REFUSED, b"")
    assert "第 3 行“受理时间”列" in job.errors[0]["text"]


def test_failed_and_abandoned_imports_keep_their_file_for_the_keeping_days_then_cleanup_removes_it(
        zone, office, water, settings):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    settings.DUBAN_IMPORT_KEEP_DAYS = 7
    now = timezone.now()
    failed = job_of(zone, office, good_and_bad_rows(), state=ImportJob.State.FAILED, message="导入失败：磁盘已满")
    recent = job_of(zone, office, good_and_bad_rows(), state=ImportJob.State.FAILED)
    abandoned = job_of(zone, office, good_and_bad_rows())  # left at the mapping step
    waiting = job_of(zone, office, good_and_bad_rows())
    ImportJob.objects.filter(pk=failed.pk).update(finished_at=now - timedelta(days=8))
    ImportJob.objects.filter(pk=recent.pk).update(finished_at=now - timedelta(days=6))
    ImportJob.objects.filter(pk=abandoned.pk).update(created_at=now - timedelta(days=8))
    out = StringIO()
    call_command("cleanup", stdout=out)
    assert "删除办件导入文件 2 个（失败或未确认的保留 7 天）" in out.getvalue()
    kept = {j.pk: j for j in ImportJob.objects.all()}
    assert bytes(kept[failed.pk].data) == b"" and kept[failed.pk].message == "导入失败：磁盘已满"
    assert bytes(kept[recent.pk].data) and bytes(kept[waiting.pk].data)
    assert (kept[abandoned.pk].state, bytes(kept[abandoned.pk].data)) == (ImportJob.State.FAILED, b"")
    assert "7 天内未确认导入，文件已删除" in kept[abandoned.pk].message
