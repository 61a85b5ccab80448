"""The nightly cleanup: files past their keeping time go, the exports stay (已过期); files no export
names go once a day old."""

import os
import time
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from duban.exports import files
from duban.exports.cleanup import remove_expired
from duban.exports.models import Export
from duban.jobs.runner import run_pending

from .conftest import latest


def make(as_user, user, ask_ledger) -> Export:
    ask_ledger(as_user(user))
    return latest()


def age(path, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_expired_files_are_removed_and_the_rest_kept(as_user, office, liaison, ask_ledger):
    old, fresh = make(as_user, office, ask_ledger), make(as_user, liaison, ask_ledger)
    Export.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    old_path, fresh_path = (files.path_of(e.zone_id, e.stored_name) for e in (old, fresh))
    removed = remove_expired()
    assert (removed.expired, removed.strays) == (1, 0)
    assert not old_path.exists() and fresh_path.is_file()
    old.refresh_from_db()
    assert old.stored_name == "" and old.expired and old.state == Export.State.DONE  # the record stays
    fresh.refresh_from_db()
    assert fresh.available
    assert remove_expired().expired == 0  # again: nothing more to do


def test_files_no_export_names_go_once_a_day_old(as_user, office, ask_ledger):
    export = make(as_user, office, ask_ledger)
    folder = files.directory(export.zone_id)
    killed = folder / "0123456789abcdef0123456789abcdef.part"  # a worker killed while writing
    killed.write_bytes(b"half")
    being_written = folder / "fedcba9876543210fedcba9876543210.part"
    being_written.write_bytes(b"half")
    age(killed, 2)
    age(files.path_of(export.zone_id, export.stored_name), 30)  # old, but named by a live export
    assert remove_expired().strays == 1
    assert not killed.exists() and being_written.exists()
    assert files.path_of(export.zone_id, export.stored_name).is_file()


def test_the_command_cleans_up_or_hands_it_to_the_worker(as_user, office, ask_ledger):
    export = make(as_user, office, ask_ledger)
    Export.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    out = StringIO()
    call_command("cleanup_exports", "--enqueue", stdout=out)
    assert "已交给后台进程" in out.getvalue()
    assert files.path_of(export.zone_id, export.stored_name).is_file()  # nothing removed until a worker runs it
    run_pending()
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL" and task.return_value == "删除过期导出文件 1 个，无主文件 0 个"
    assert not files.path_of(export.zone_id, export.stored_name).exists()
    out = StringIO()
    call_command("cleanup_exports", stdout=out)
    assert out.getvalue().strip() == "删除过期导出文件 0 个，无主文件 0 个"
