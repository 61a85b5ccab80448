"""Exports fixtures: the seed plan's ledger asked for through the page, and a test kind."""

from datetime import date

import pytest
from django.urls import reverse

from duban.exports import kinds
from duban.exports.models import Export


@pytest.fixture(autouse=True)
def july(pinned):
    return pinned(date(2020, 7, 10))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A MEDIA_ROOT of the test's own, so the files it finds are its own."""
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def june(plan):
    return plan.cycles.get(label="2020年6月")


@pytest.fixture
def ask_ledger(plan, june):
    """``ask_ledger(client, **filters)``: the Excel 台账 page's 导出 Excel, June unless told."""

    def ask(client, **filters):
        return client.post(reverse("ledger:export", args=[plan.pk]), {"cycle": june.pk, **filters})

    return ask


@pytest.fixture
def queued(settings):
    """Every export goes to the worker, however small."""
    settings.DUBAN_EXPORT_IMMEDIATE_ROWS = -1


def latest() -> Export:
    return Export.objects.latest("pk")


@pytest.fixture
def probe_kind(monkeypatch):
    """``probe_kind(write)``: a kind named "probe" that anyone of the zone may export, written by ``write``."""

    def register(write, check=lambda user, parameters: None):
        monkeypatch.setitem(kinds._kinds, "probe", kinds.Kind("probe", "测试", "text/plain", check=check, write=write))

    return register
