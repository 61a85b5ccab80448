"""Fixtures for the working days: the two packaged calendars (pure, no database), and for the
Django side the office's client and a way to enter days and years through the calendar page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import Role

from duban.workdays.engine import load_calendar


@pytest.fixture(scope="session")
def national():
    return load_calendar("national")


@pytest.fixture(scope="session")
def xinjiang():
    return load_calendar("xinjiang")


#: An invented 2027 notice: the real one is not out when these tests were written.
NOTICE_2027 = "国务院办公厅关于2027年部分节假日安排的通知（测试用）"


@pytest.fixture
def office_client(client, office):
    """The steering office of 准东开发区 (a Xinjiang zone), logged in."""
    client.force_login(office)
    return client


@pytest.fixture
def keeper(make_user, zone):
    """The 省级管理员: keeps the national and regional layers every zone shares."""
    return make_user("keeper", zone, None, Role.PROVINCE)


@pytest.fixture
def keeper_client(keeper):
    """The 省级管理员, logged in (a client of its own, beside the office's)."""
    client = Client()
    client.force_login(keeper)
    return client


@pytest.fixture
def enter_day():
    """``enter_day(client, layer, date, kind, name, notice=…)``: POST the calendar page's 录入日期 form."""

    def enter(client, layer: str, day: dt.date, kind: str, name: str, notice: str = NOTICE_2027):
        return client.post(reverse("workdays:add_entry"), {
            "layer": layer, "date": day.isoformat(), "kind": kind, "name": name, "notice": notice,
        })

    return enter


@pytest.fixture
def cover_year():
    """``cover_year(client, layer, year, status="official", notice=…)``: POST the 登记已录入年份 form."""

    def cover(client, layer: str, year: int, status: str = "official", notice: str = NOTICE_2027, note: str = ""):
        return client.post(reverse("workdays:cover_year"), {
            "layer": layer, "year": year, "status": status, "notice": notice, "note": note,
        })

    return cover
