"""`duban demo` writes only into an empty database or its own demo: it never takes over real accounts."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.zones.models import Zone
from tests.processes import PROJECT


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def restored_clock(monkeypatch):
    monkeypatch.setenv("DUBAN_TODAY", "")  # the command pins the clock in the environment; restored after


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        run_demo(*args)
    assert error.value.returncode == 2
    return str(error.value)


def test_a_real_zone_named_like_the_demo_with_a_real_office_account_is_left_alone(db, debug):
    real = Zone.objects.create(name="准东开发区")  # a zone that really runs duban, not created by the demo
    office = User.objects.create_user("office", password="Real-Secret-1", zone=real)
    message = refused()
    assert "非演示的开发区（准东开发区）" in message
    office.refresh_from_db()
    assert office.check_password("Real-Secret-1") and office.zone == real
    assert not Plan.objects.exists() and not real.departments.exists()


def test_a_real_user_named_like_a_demo_account_is_never_moved_or_reset(db, debug):
    run_demo()  # the demo's own database
    stranger = User.objects.get(username="jingfa")
    elsewhere = Zone.objects.create(name="另一开发区")
    Zone.objects.filter(pk=elsewhere.pk).update(is_demo=True)  # even a zone that claims to be a demo's…
    stranger.zone = None  # …a demo-named user outside it is not the demo's
    stranger.set_password("Real-Secret-1")
    stranger.save()
    assert "非演示账号（jingfa）" in refused()
    stranger.refresh_from_db()
    assert stranger.check_password("Real-Secret-1") and stranger.zone is None


def test_any_other_user_makes_the_database_not_a_demo_one(db, debug):
    run_demo()
    zone = Zone.objects.get(is_demo=True)
    User.objects.create_user("zhangsan", password="Real-Secret-1", zone=zone)
    assert "非演示账号（zhangsan）" in refused()


def test_the_system_administrator_does_not_stop_the_demo_from_loading_again(db, debug, superuser):
    run_demo()
    run_demo()  # README: `duban createsuperuser` in the demo's database, then scripts/demo again
    superuser.refresh_from_db()
    assert superuser.check_password("Root-Pass-2020") and superuser.zone is None


def test_without_debug_the_demo_refuses_unless_told_explicitly(db, settings):
    settings.DEBUG = False
    assert "--allow-no-debug" in refused()
    assert not Zone.objects.exists()
    assert "演示账号" in run_demo("--allow-no-debug")


def demo_in_a_child(database: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUBAN_", "DJANGO_", "DATABASE_URL"))}
    env.update({"DUBAN_DEBUG": "1", "DUBAN_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{database}"})
    return subprocess.run([sys.executable, "-m", "duban", "demo", "--no-serve"], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=300)


def fingerprint(database: Path) -> tuple[str, list[str]]:
    """The file's bytes, and the files beside it that hold data (a WAL, a journal)."""
    beside = sorted(p.name for p in database.parent.iterdir()
                    if p.name.endswith(("-wal", "-journal")) and p.stat().st_size)
    return hashlib.sha256(database.read_bytes()).hexdigest(), beside


def test_a_database_of_another_program_is_refused_before_migrate_and_stays_byte_identical(tmp_path):
    database = tmp_path / "other.sqlite3"
    other = sqlite3.connect(database)
    other.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    other.execute("INSERT INTO customers (name) VALUES ('张三')")
    other.commit()
    other.close()
    before = fingerprint(database)
    result = demo_in_a_child(database, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "错误: 数据库中有不属于督办的表（customers），演示数据不会载入，数据库未作任何改动。"
        "请为演示使用一个新的数据库（例如另设 DUBAN_VAR_DIR 或 DATABASE_URL）"]
    assert fingerprint(database) == before


def test_a_real_zone_s_database_of_an_older_version_is_not_migrated_by_the_demo(tmp_path):
    """migrate would bring a real zone's database to this version unasked: the demo refuses first."""
    database = tmp_path / "duban.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUBAN_", "DJANGO_", "DATABASE_URL"))}
    env.update({"DUBAN_DEBUG": "1", "DUBAN_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{database}"})
    older = subprocess.run([sys.executable, "-m", "duban", "migrate", "zones", "0001", "-v0"], cwd=PROJECT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert older.returncode == 0, older.stderr
    real = sqlite3.connect(database)
    real.execute("INSERT INTO zones_zone (name, calendar_region, created_at) "
                 "VALUES ('某某开发区', 'national', '2021-01-04 09:00:00')")
    real.commit()
    real.close()
    before = fingerprint(database)
    result = demo_in_a_child(database, tmp_path)
    assert result.returncode == 2 and "非演示的开发区（某某开发区）" in result.stderr and "数据库未作任何改动" in result.stderr
    assert fingerprint(database) == before


@pytest.mark.django_db(transaction=True)
def test_a_table_of_another_program_beside_duban_s_stops_the_demo(debug):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(20))")
        cursor.execute("INSERT INTO customers (id, name) VALUES (1, '张三')")
    try:
        assert "数据库中有不属于督办的表（customers）" in refused()
        assert not Zone.objects.exists() and not User.objects.exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM customers")
            assert cursor.fetchall() == [("张三",)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE customers")
