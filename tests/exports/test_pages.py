"""我的导出, an export's page and its download: the requester's alone; the rights of the page the
export was asked from checked again at every download; past its keeping time, gone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.accounts.models import Role
from duban.exports import files
from duban.exports.models import Export

from .conftest import latest


def pages(export) -> list[str]:
    return [reverse(f"exports:{name}", args=[export.pk]) for name in ("detail", "progress", "download")]


@pytest.fixture
def liaison_export(as_user, liaison, ask_ledger) -> Export:
    """规建局's liaison's export of its own ledger."""
    ask_ledger(as_user(liaison))
    return latest()


def test_my_exports_lists_mine_and_nobody_else_s(as_user, office, liaison, ask_ledger, liaison_export):
    ask_ledger(as_user(office))
    mine = as_user(liaison).get(reverse("exports:list")).text
    assert liaison_export.title in mine and "规建局" in liaison_export.title
    assert reverse("exports:download", args=[liaison_export.pk]) in mine
    assert latest().title not in mine  # the office's whole-zone export
    assert reverse("exports:list") in as_user(liaison).get(reverse("ledger:inbox")).text  # the menu leads there


def test_another_user_of_the_zone_the_office_included_gets_404(as_user, make_user, zone, office, liaison_export):
    colleague = make_user("guijian2", zone, "规建局", Role.LIAISON)  # same department, same role
    for user in (office, colleague):
        client = as_user(user)
        for url in pages(liaison_export):
            assert client.get(url).status_code == 404, (user, url)


def test_another_zone_gets_404(as_user, make_user, other_zone, liaison_export):
    client = as_user(make_user("stranger", other_zone, "经发局", *Role.values))
    for url in pages(liaison_export):
        assert client.get(url).status_code == 404


def test_the_download_checks_the_rights_of_now(as_user, liaison, zone, liaison_export):
    """Moved to 水务局 since asking, the liaison may no longer read 规建局's ledger: 403, as on the page."""
    client = as_user(liaison)
    assert client.get(pages(liaison_export)[2]).status_code == 200
    liaison.department = zone.departments.get(name="水务局")
    liaison.save()
    assert client.get(pages(liaison_export)[2]).status_code == 403


def test_past_its_keeping_time_the_file_is_not_served(as_user, liaison, liaison_export, settings):
    assert liaison_export.expires_at - liaison_export.finished_at == timedelta(days=settings.DUBAN_EXPORT_KEEP_DAYS)
    Export.objects.filter(pk=liaison_export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client = as_user(liaison)
    detail, _, download = pages(liaison_export)
    assert client.get(download).status_code == 404  # even before the cleanup has removed it
    assert "已超过保留期限" in client.get(detail).text
    listed = client.get(reverse("exports:list")).text
    assert "已过期" in listed and download not in listed


def test_a_file_gone_from_the_disk_is_404_not_an_error(as_user, liaison, liaison_export):
    files.path_of(liaison_export.zone_id, liaison_export.stored_name).unlink()
    assert as_user(liaison).get(pages(liaison_export)[2]).status_code == 404


def test_the_pages_are_gets_that_change_nothing(as_user, liaison, liaison_export):
    client = as_user(liaison)
    for url in pages(liaison_export):
        assert client.post(url).status_code == 405
