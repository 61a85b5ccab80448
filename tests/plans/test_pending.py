"""Uploads waiting for the office's confirmation: read once, kept with what the preview read, and
removed by the nightly cleanup when the office never confirms."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from duban.jobs.runner import run_pending
from duban.plans.models import Plan

from .test_review import fields_of, token_of, upload


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "pending-imports"


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_confirming_imports_what_the_preview_read_without_parsing_the_file_again(office_client, seed_bytes, media,
                                                                                 monkeypatch):
    page = upload(office_client, seed_bytes).text
    assert len(list(media.iterdir())) == 2  # the file, and what the preview read of it

    def parse_again(*args, **kwargs):
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr("duban.plans.importing.read_plan", parse_again)
    monkeypatch.setattr("duban.plans.importing.parse_plan", parse_again)
    response = office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **fields_of(page)})
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.tasks.count() == 12 and bytes(plan.source_file) == seed_bytes
    assert list(media.iterdir()) == []  # confirmed: nothing left waiting


def age(path: Path, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_uploads_never_confirmed_are_removed_by_the_nightly_cleanup_once_a_day_old(office_client, seed_bytes, media):
    abandoned = upload(office_client, seed_bytes).text
    for path in media.iterdir():
        age(path, 2)
    fresh = upload(office_client, seed_bytes.replace("改革工作方案".encode(), "改革工作方案 ".encode())).text

    out = StringIO()
    call_command("cleanup", stdout=out)
    assert "删除未确认的方案导入文件 1 个" in out.getvalue()
    assert "删除过期导出文件" in out.getvalue()  # the exports' cleaner runs in the same command
    assert len(list(media.iterdir())) == 2  # the fresh upload waits on

    gone = office_client.post(reverse("plans:import_confirm"), {"token": token_of(abandoned)}, follow=True)
    assert "导入已失效" in gone.text and not Plan.objects.exists()
    kept = office_client.post(reverse("plans:import_confirm"), {"token": token_of(fresh), **fields_of(fresh)})
    assert kept.status_code == 302 and Plan.objects.count() == 1


def test_the_nightly_timer_hands_the_cleanup_to_the_worker(office_client, seed_bytes, media):
    upload(office_client, seed_bytes)
    for path in media.iterdir():
        age(path, 2)
    out = StringIO()
    call_command("cleanup", "--enqueue", stdout=out)
    assert "已交给后台进程" in out.getvalue() and len(list(media.iterdir())) == 2
    run_pending()
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL" and "删除未确认的方案导入文件 1 个" in task.return_value
    assert list(media.iterdir()) == []
