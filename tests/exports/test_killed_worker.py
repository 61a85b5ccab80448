"""A large export is a durable background task: a worker killed in the middle of writing it does
not leave it "生成中" for ever — the next worker writes it again from the start, whole."""

import csv
import io
import os
import signal
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from duban.cases.models import Case, ServiceType
from duban.exports import files
from duban.exports.cleanup import remove_expired
from duban.exports.models import Export
from tests.exporting import content
from tests.processes import start, wait_for

from .conftest import latest

ROWS = 100_000


@pytest.fixture
def many_cases(zone):
    water = ServiceType.objects.create(zone=zone, name="用水报装", department=zone.departments.get(name="水务局"),
                                       limit_value=20)
    received = datetime(2020, 6, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    Case.objects.bulk_create((Case(zone=zone, number=f"SW-{n:06d}", service_type=water, applicant_kind="个人",
                                   applicant_name="王建国", phone="13812341234", received_at=received,
                                   received_on=received.date()) for n in range(ROWS)), batch_size=5000)
    return water


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_export_has_it_written_again_by_the_next_worker(as_user, office, many_cases, tmp_path):
    client = as_user(office)
    asked = client.post(reverse("cases:export"))
    export = latest()
    assert asked["Location"] == export.get_absolute_url() and export.state == Export.State.QUEUED

    def current():
        return Export.objects.get(pk=export.pk)

    with open(tmp_path / "worker-1.log", "wb") as log:
        first = start("worker", "--interval", "0.2", "--no-startup-delay", log=log)
        try:
            wait_for(lambda: current().processed_rows > 0, 600, "第一个后台进程开始写入")
        finally:
            first.send_signal(signal.SIGKILL)  # no clean shutdown: as if the machine lost power
            first.wait(30)
    killed = current()
    assert killed.state == Export.State.RUNNING and 0 < killed.processed_rows < ROWS and not killed.stored_name
    assert "生成中" in client.get(export.get_absolute_url()).text
    [half] = [p for _, p in files.stored()]  # the killed run's unfinished file, never served
    assert half.name.endswith(files.PART)

    with open(tmp_path / "worker-2.log", "wb") as log:
        second = start("worker", "--interval", "0.2", "--no-startup-delay", log=log)
        try:
            done = wait_for(lambda: not (e := current()).in_progress and e, 600, "第二个后台进程完成导出")
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(30)
    logs = (tmp_path / "worker-2.log").read_text(errors="replace")
    assert done.state == Export.State.DONE, logs
    assert "重新排队" in logs  # the second worker found the first one's task and ran it again
    task = DBTaskResult.objects.get(pk=done.task_id)
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2

    rows = list(csv.reader(io.StringIO(content(client.get(done.next_url())).decode("utf-8-sig"))))
    assert len(rows) == ROWS + 1 and rows[-1][:2] == [f"SW-{ROWS - 1:06d}", "用水报装"]
    assert rows[1][3:5] == ["王**", "138****1234"]

    then = time.time() - 2 * 86400  # the killed run's leftover, a day later: the nightly cleanup takes it
    os.utime(half, (then, then))
    assert remove_expired(done.finished_at + timedelta(hours=1)).strays == 1 and not half.exists()
    assert done.next_url() == reverse("exports:download", args=[done.pk])
