"""`duban demo` writes only into an empty database or its own demo: it never takes over real accounts."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.zones.models import Zone


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
