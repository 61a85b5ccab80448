"""Background tasks: reminders handed to the worker, and what happens to a dead worker's task."""

from io import StringIO

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from duban.jobs.models import WorkerBeat
from duban.jobs.reaping import reap
from duban.jobs.runner import run_pending
from duban.jobs.workers import is_dead, register
from duban.notifications.models import Notification


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
