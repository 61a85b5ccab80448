"""Where an export is built (the request or the worker, by its size), what comes of it, and that
the worker's file is the request's: the same rows, the same cells."""

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from duban.accounts.models import UserRole
from duban.exports import files, running
from duban.exports.kinds import ExportRefused
from duban.exports.models import Export
from duban.jobs.reaping import reap
from duban.jobs.runner import run_pending
from duban.plans.models import Item
from tests.exporting import content, downloaded

from .conftest import latest


def cells(data: bytes) -> list[list]:
    """Every cell's value and fill colour, title and headers included."""
    import io

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [[(c.value, c.fill.fgColor.rgb if c.fill.fill_type else None) for c in row] for row in sheet.iter_rows()]


def test_a_small_export_is_built_in_the_request_and_the_browser_gets_the_file(as_user, office, plan, ask_ledger):
    asked = ask_ledger(as_user(office))
    export = latest()
    assert asked["Location"] == reverse("exports:download", args=[export.pk])  # the file at once
    assert export.state == Export.State.DONE and export.task_id == "" and not DBTaskResult.objects.exists()
    assert export.total_rows == Item.objects.filter(task__plan=plan).count() <= settings.DUBAN_EXPORT_IMMEDIATE_ROWS
    path = files.path_of(export.zone_id, export.stored_name)
    assert path.is_file() and path.stat().st_size == export.size
    assert path.is_relative_to(settings.MEDIA_ROOT / "exports")
    response = as_user(office).get(asked["Location"])
    assert response["Content-Disposition"].endswith(".xlsx") and "attachment" in response["Content-Disposition"]
    assert content(response) == path.read_bytes()


def test_a_large_export_waits_for_the_worker_and_its_page_polls_until_the_link_is_there(
        as_user, office, plan, ask_ledger, settings):
    settings.DUBAN_EXPORT_IMMEDIATE_ROWS = 10  # the seed plan has more items than that
    client = as_user(office)
    asked = ask_ledger(client)
    export = latest()
    assert asked["Location"] == reverse("exports:detail", args=[export.pk])
    task = DBTaskResult.objects.get(pk=export.task_id)
    assert task.status == "READY" and task.task_path == "duban.exports.running.build_task"
    page = client.get(asked["Location"]).text
    assert "排队中" in page and reverse("exports:progress", args=[export.pk]) in page and 'hx-trigger="every 1s"' in page
    assert "后台进程没有运行" in page  # no worker in this test: the page says so
    assert run_pending() == 1
    box = client.get(reverse("exports:progress", args=[export.pk])).text
    assert "已完成" in box and "hx-get" not in box  # done: the polling stops
    assert reverse("exports:download", args=[export.pk]) in box
    export.refresh_from_db()
    assert export.processed_rows == export.total_rows and export.finished_at and export.expires_at


def test_the_same_export_asked_twice_while_it_waits_is_one_export(as_user, office, plan, ask_ledger, queued):
    client = as_user(office)
    first, second = ask_ledger(client), ask_ledger(client)
    assert first["Location"] == second["Location"] and Export.objects.count() == DBTaskResult.objects.count() == 1
    ask_ledger(client, task=plan.tasks.first().pk)  # another export: a second
    assert Export.objects.count() == 2
    run_pending()
    ask_ledger(client)  # built meanwhile: asked again, made again (the data may have changed)
    assert Export.objects.count() == 3


def test_the_worker_s_file_is_the_one_the_request_gives(as_user, office, liaison, plan, ask_ledger, settings, zone):
    for user, filters in ((office, {}), (office, {"department": zone.departments.get(name="水务局").pk}),
                          (liaison, {}), (office, {"task": plan.tasks.get(number="（八）").pk})):
        client = as_user(user)
        settings.DUBAN_EXPORT_IMMEDIATE_ROWS = 5000
        at_once = content(downloaded(client, ask_ledger(client, **filters)))
        settings.DUBAN_EXPORT_IMMEDIATE_ROWS = -1
        by_worker = content(downloaded(client, ask_ledger(client, **filters)))
        assert Export.objects.latest("pk").task_id  # the second did go through the worker
        assert cells(by_worker) == cells(at_once)


def test_progress_is_written_as_the_rows_go_while_in_the_worker(as_user, office, probe_kind, queued, monkeypatch):
    monkeypatch.setattr(running, "PROGRESS_EVERY", 0)
    seen = []

    def write(user, parameters, out, progress):
        for n in range(1, 4):
            out.write(f"第{n}行\n".encode())
            progress(n)
            seen.append(Export.objects.get(kind="probe").processed_rows)

    probe_kind(write)
    export = running.start(office, "probe", {}, title="测试导出", file_name="测试.txt", rows=3)
    assert export.state == Export.State.QUEUED
    run_pending()
    export.refresh_from_db()
    assert seen == [1, 2, 3] and export.state == Export.State.DONE and export.size == len("第1行\n".encode()) * 3


def test_a_refusal_fails_the_export_with_its_message_and_leaves_no_file(office, probe_kind):
    def write(user, parameters, out, progress):
        out.write(b"half a file")
        raise ExportRefused("无法判断是否超期：2019 年的工作日历未录入")

    probe_kind(write)
    export = running.start(office, "probe", {}, title="测试导出", file_name="测试.txt", rows=1)
    assert export.state == Export.State.FAILED and export.message == "无法判断是否超期：2019 年的工作日历未录入"
    assert not export.available and export.stored_name == ""
    assert not [p for p in (settings.MEDIA_ROOT / "exports").rglob("*") if p.is_file()]


def test_an_error_fails_the_export_with_a_chinese_message_and_its_traceback_in_the_log(office, probe_kind, caplog):
    def write(user, parameters, out, progress):
        raise ZeroDivisionError("division by zero")

    probe_kind(write)
    export = running.start(office, "probe", {}, title="测试导出", file_name="测试.txt", rows=1)
    assert export.state == Export.State.FAILED and export.message == running.BROKEN
    assert "ZeroDivisionError" in caplog.text


def test_rights_lost_before_the_worker_builds_it_fail_the_export(as_user, office, ask_ledger, queued):
    ask_ledger(as_user(office))  # the whole zone: the office's right
    UserRole.objects.filter(user=office).delete()  # no longer of the office: a 经发局 user
    run_pending()
    export = latest()
    assert export.state == Export.State.FAILED and export.message == running.NO_LONGER_ALLOWED
    assert export.stored_name == ""


def test_a_dead_worker_s_export_is_built_again_once_then_shown_as_failed(as_user, office, ask_ledger, queued):
    ask_ledger(as_user(office))
    export = latest()
    row = DBTaskResult.objects.get(pk=export.task_id)
    row.claim("worker-that-died")  # no heartbeat: a worker that is gone
    Export.objects.filter(pk=export.pk).update(state=Export.State.RUNNING)
    assert reap() == (1, 0)
    export.refresh_from_db()
    assert export.state == Export.State.RUNNING  # queued again: the next worker builds it
    row.refresh_from_db()
    row.claim("second-worker-that-died")
    assert reap() == (0, 1)
    export.refresh_from_db()
    assert export.state == Export.State.FAILED and export.message == running.WORKER_STOPPED
    page = as_user(office).get(reverse("exports:detail", args=[export.pk])).text
    assert "后台进程在生成文件时停止" in page and "hx-get" not in page


def test_every_export_is_on_the_audit_trail_with_who_asked_and_what_came_of_it(as_user, office, ask_ledger, zone):
    ask_ledger(as_user(office))
    export = latest()
    created, finished = LogEntry.objects.get_for_object(export).order_by("pk")
    assert created.action == LogEntry.Action.CREATE and created.actor == office
    assert created.additional_data == {"zone": zone.pk}
    assert export.title in created.changes_dict["title"][1] and "ledger" in created.changes_dict["kind"][1]
    assert finished.changes_dict["state"] == ["running", "done"]
    log = as_user(office).get(reverse("audit:log")).text
    assert "导出" in log and export.title in log
