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
