"""Fixtures shared by the whole suite: the demo zone, its users, and a browser when one is present."""

import os
import shutil

import pytest
from django.db import connections

from duban.accounts.models import Role, User, UserRole
from duban.demo.loading import DATA, SEED_PLAN, load_plan, load_zone
from duban.plans.models import Item
from duban.zones.models import Department, Zone

TEST_PASSWORD = "Test-Pass-2020"


@pytest.fixture
def seed_bytes() -> bytes:
    return (DATA / SEED_PLAN).read_bytes()


@pytest.fixture
def zone(db) -> Zone:
    """准东开发区 with its department registry, no plan yet."""
    return load_zone()


@pytest.fixture
def plan(zone):
    return load_plan(zone)


@pytest.fixture
def other_zone(db) -> Zone:
    zone = Zone.objects.create(name="另一开发区")
    Department.objects.create(zone=zone, name="经发局", kind=Department.Kind.INTERNAL)
    return zone


@pytest.fixture
def make_user(db):
    def make(username: str, zone: Zone, department: str | None, *roles: str) -> User:
        user = User.objects.create_user(
            username, password=TEST_PASSWORD, zone=zone,
            department=zone.departments.get(name=department) if department else None,
        )
        for role in roles:
            UserRole.objects.create(user=user, role=role)
        return user

    return make


@pytest.fixture
def office(make_user, zone) -> User:
    return make_user("office", zone, "经发局", Role.OFFICE)


@pytest.fixture
def liaison(make_user, zone) -> User:
    return make_user("guijian", zone, "规建局", Role.LIAISON)


@pytest.fixture
def pinned(settings):
    """Pin duban's clock: ``pinned(date(2020, 7, 1))`` returns the day it pinned."""

    def pin(day):
        settings.DUBAN_TODAY = day
        return day

    return pin


@pytest.fixture
def as_user(client):
    """The test client, logged in as ``user``: ``as_user(liaison).get(…)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def water_item(plan):
    """The seed plan's （八）3 优化水气报装服务: lead 规建局, cooperating 水务局."""
    return Item.objects.get(task__plan=plan, task__number="（八）", number="3")


@pytest.fixture
def guijian_head(make_user, zone) -> User:
    """The head of 规建局, which leads （八）3."""
    return make_user("guijian_head", zone, "规建局", Role.HEAD)


@pytest.fixture
def shuiwu(make_user, zone) -> User:
    """The liaison of 水务局, which cooperates on （八）3."""
    return make_user("shuiwu", zone, "水务局", Role.LIAISON)


@pytest.fixture
def superuser(db):
    """The system administrator: no zone, the admin's only user."""
    from duban.accounts.models import User

    return User.objects.create_superuser("root", password="Root-Pass-2020")


@pytest.fixture
def chromium_path() -> str:
    """Debian's chromium for Playwright: browser tests skip without it, except under CI=true."""
    path = os.environ.get("DUBAN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true 但未找到 Chromium：浏览器测试不能跳过（apt-get install chromium）")
    pytest.skip("未找到 Chromium，跳过浏览器测试")


def browser_login(page, base_url: str, username: str) -> None:
    """Log ``username`` in through the login page (password TEST_PASSWORD) and wait to leave it."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def browser_page(chromium_path, live_server):
    """A Playwright page in headless Chromium, pointed at the live test server."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page(locale="zh-CN")
        page.set_default_timeout(15_000)
        yield page
        browser.close()
        # Code run inside Playwright's context has database connections of its own context
        # (Django keeps them per context, Playwright's sync API switches greenlets): close them
        # here, or PostgreSQL refuses to drop the test database at the end of the run.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def background_worker(transactional_db):
    """A ``duban worker`` running in a thread of the test process (its heartbeat says this process,
    which is alive), polling every 0.1 s; stopped, and its connections closed, after the test."""
    import threading

    from duban.jobs.runner import make_worker

    worker = make_worker(interval=0.1)

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="test-worker", daemon=True)
    thread.start()
    yield worker
    worker.running = False
    thread.join(timeout=30)
