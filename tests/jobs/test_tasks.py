"""Background tasks: reminders handed to the worker, and what happens to a dead worker's task."""

import os
import signal
import socket
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from duban.jobs.models import WorkerBeat
from duban.jobs.reaping import reap
from duban.jobs.runner import run_pending
from duban.jobs.workers import beat, is_dead, process_started_at, register
from duban.notifications.models import Notification
from tests.processes import start, wait_for


def titles(user) -> list[str]:
    return list(user.notifications.values_list("title", flat=True))


def test_remind_enqueue_hands_the_day_to_the_worker_which_records_what_it_sent(plan, liaison):
    out = StringIO()
    call_command("remind", "--enqueue", "--date", "2020-06-26", stdout=out)
    assert "已交给后台进程" in out.getvalue()
    assert not Notification.objects.exists()  # nothing sent until a worker runs it
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.task_path == "duban.notifications.tasks.send_reminders"
    run_pending()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value["台账"] > 0
    assert any(t.startswith("规建局：2020年6月台账已逾期") for t in titles(liaison))


def test_a_dead_worker_s_task_is_queued_again_once_then_failed(db):
    from duban.notifications.tasks import send_reminders

    result = send_reminders.enqueue("2020-06-26")
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("worker-that-died")  # no heartbeat row: a worker that is gone
    assert reap() == (1, 0)
    row.refresh_from_db()
    assert row.status == "READY"
    row.claim("second-worker-that-died")
    assert reap() == (0, 1)
    row.refresh_from_db()
    assert row.status == "FAILED" and row.exception_class_path == "duban.jobs.reaping.WorkerLost"
    assert "后台进程在执行任务时退出" in row.traceback


def test_a_live_worker_s_task_is_left_alone(db):
    from duban.notifications.tasks import send_reminders

    register("alive")  # this very process
    row = DBTaskResult.objects.get(pk=send_reminders.enqueue().id)
    row.claim("alive")
    assert reap() == (0, 0)
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_worker_is_dead_when_its_process_is_gone_or_another_host_s_is_silent(db, settings):
    from datetime import timedelta

    from django.utils import timezone

    register("here")
    beat = WorkerBeat.objects.get()
    assert not is_dead(beat)
    beat.pid = 2 ** 22 + 12345  # above Linux's largest process number: no such process
    assert is_dead(beat)
    beat.host, beat.seen_at = "another-host", timezone.now()
    assert not is_dead(beat)
    beat.seen_at = timezone.now() - timedelta(seconds=settings.DUBAN_WORKER_STALE_SECONDS + 1)
    assert is_dead(beat)


def test_the_heartbeat_records_when_the_worker_process_started_and_keeps_it(db):
    from datetime import timedelta

    from django.utils import timezone

    register("here")
    row = WorkerBeat.objects.get()
    started = process_started_at(os.getpid())
    assert (row.host, row.pid) == (socket.gethostname(), os.getpid())
    # The process's own start (this test process began well before this test), not the call's moment.
    assert row.started_at == started and row.started_at < timezone.now() - timedelta(seconds=1)
    WorkerBeat.objects.all().delete()  # a restore or an administrator removed the row
    beat("here")
    assert WorkerBeat.objects.get().started_at == started  # put back: the same process, the same start


def test_a_process_number_taken_by_another_process_is_a_dead_worker(db):
    from datetime import timedelta

    register("here")
    row = WorkerBeat.objects.get()
    assert not is_dead(row)
    # A worker with this process number that started earlier: it died, and the number went to us.
    row.started_at -= timedelta(seconds=5)
    assert is_dead(row)


@pytest.mark.django_db(transaction=True)
def test_a_restarted_worker_is_a_new_start_which_health_reports(client, tmp_path):
    def running():
        return WorkerBeat.objects.first()

    starts = []
    for n in range(2):
        with open(tmp_path / f"worker-{n}.log", "wb") as log:
            worker = start("worker", "--interval", "0.2", "--no-startup-delay", log=log)
            try:
                row = wait_for(running, 120, "后台进程写入心跳")
                assert row.pid == worker.pid and row.started_at == process_started_at(worker.pid)
                health = client.get("/health/").json()["worker"]
                since = timezone.localtime(row.started_at)
                assert health["ok"] and health["started_at"] == since.isoformat(timespec="seconds")
                assert health["detail"] == f"运行中（{since:%Y}年{since.month}月{since.day}日 {since:%H:%M} 起）"
                starts.append(row.started_at)
            finally:
                worker.send_signal(signal.SIGTERM)
                worker.wait(60)
        assert not WorkerBeat.objects.exists()  # a clean stop removes its heartbeat
    assert starts[1] > starts[0]  # restarted: a later start, seen as such


def test_the_system_administrator_sees_each_worker_where_and_since_when(client, superuser):
    register("here")
    row = WorkerBeat.objects.get()
    client.force_login(superuser)
    page = client.get("/admin/jobs/workerbeat/").content.decode()
    since = timezone.localtime(row.started_at)
    assert socket.gethostname() in page and f">{os.getpid()}<" in page
    assert f"{since:%Y}年{since.month}月{since.day}日 {since:%H:%M}" in page


@pytest.mark.django_db(transaction=True)  # the worker's loop closes a connection left outside autocommit
def test_a_stop_signal_while_the_worker_queries_the_database_lets_it_finish_and_remove_its_heartbeat(monkeypatch, caplog):
    """systemctl stop (SIGTERM) may arrive while the worker is inside its claim transaction.  It used
    to raise SystemExit there and then, in the middle of the statement (on PostgreSQL the restart
    test above then once found the heartbeat of the stopped worker still there).  Now the worker
    ends its turn, then removes its heartbeat and stops."""
    from django_tasks_db.models import DBTaskResultQuerySet

    from duban.jobs.runner import make_worker

    worker = make_worker(interval=0, worker_id="stopping")

    def signal_during_the_claim(queryset):
        worker.shutdown(signal.SIGTERM, None)
        return None

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", signal_during_the_claim)
    worker.run()  # returns: no SystemExit from inside the transaction
    assert not worker.running and not WorkerBeat.objects.filter(worker_id="stopping").exists()
    assert "收到停止信号（SIGTERM）：做完本轮后停止" in caplog.text
