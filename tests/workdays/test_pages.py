"""The calendar page as the zone's users see it: the year grid, the sources on hover, coverage,
the office's forms and reminders, and the zone boundary."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from duban.accounts.models import Role
from duban.workdays.context_processors import notice_warnings
from duban.workdays.models import CalendarEntry, CoveredYear

from .helpers import table_rows

D = dt.date
CALENDAR = reverse("workdays:calendar")


class DayCells(HTMLParser):
    """The grid's day cells: "2025年6月6日" → (css classes, hover text)."""

    def __init__(self, html: str):
        super().__init__()
        self.cells: dict[str, tuple[set[str], str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and "day" in attrs.get("class", "").split():
            self.cells[attrs["title"].split(" ")[0]] = (set(attrs["class"].split()), attrs["title"])


def cells(response) -> dict[str, tuple[set[str], str]]:
    assert response.status_code == 200
    return DayCells(response.text).cells


@pytest.fixture
def liaison_client(client, liaison):
    client.force_login(liaison)
    return client


def test_any_user_of_the_zone_sees_the_2025_xinjiang_corban_days_and_their_source(liaison_client):
    response = liaison_client.get(CALENDAR, {"year": 2025})
    grid = cells(response)
    assert len(grid) == 365
    for day in ("2025年6月6日", "2025年6月9日", "2025年6月10日"):
        marks, hover = grid[day]
        assert {"regional", "rest"} <= marks
        assert "古尔邦节（放假）" in hover and "新疆：" in hover and "托政办函〔2024〕80号" in hover
    assert {"regional", "rest"} <= grid["2025年3月31日"][0]  # 肉孜节
    assert {"makeup", "work"} <= grid["2025年1月26日"][0]  # Sunday, 调休上班（春节）
    assert "国办发明电〔2024〕12号" in grid["2025年1月26日"][1]
    assert {"holiday", "rest"} <= grid["2025年10月1日"][0]
    assert {"weekend", "rest"} <= grid["2025年6月7日"][0]
    assert grid["2025年6月11日"][0] == {"day", "work"}
    # Xinjiang 2025 is entered from the official notice: 248 national working days less 4.
    assert "2025年共 <strong>244</strong> 个工作日" in response.text
    assert "暂定" not in response.text.split("year-total")[1].split("</p>")[0]


def test_the_region_switch_shows_the_national_calendar(liaison_client):
    response = liaison_client.get(CALENDAR, {"year": 2025, "region": "national"})
    grid = cells(response)
    assert "regional" not in grid["2025年6月6日"][0] and "work" in grid["2025年6月6日"][0]
    assert "2025年共 <strong>248</strong> 个工作日" in response.text


def test_a_provisional_year_says_so_beside_its_total(liaison_client):
    response = liaison_client.get(CALENDAR, {"year": 2021})
    assert "2021年共 <strong>250</strong> 个工作日" in response.text
    assert "（暂定：新疆 2021 年少数民族节日未录入）" in response.text


def test_coverage_status_per_layer_and_year(liaison_client):
    rows = table_rows(liaison_client.get(CALENDAR).text, "coverage")
    by_year = {(layer, year): status for layer, year, status, *_ in rows}
    assert len(rows) == 14  # 2020–2026, national and Xinjiang
    assert by_year[("全国", "2020")] == "正式"
    assert by_year[("新疆", "2021")] == "未录入"
    assert by_year[("新疆", "2024")] == "未核实"
    assert by_year[("新疆", "2025")] == "正式"


def test_a_year_not_entered_shows_its_weekends_and_no_total(liaison_client):
    response = liaison_client.get(CALENDAR, {"year": 2027})
    assert "2027 年的国务院节假日安排尚未录入，该年的工作日无法计算" in response.text
    grid = cells(response)
    assert {"weekend", "rest"} <= grid["2027年1月2日"][0]
    assert "unknown" in grid["2027年1月4日"][0]


def test_days_waiting_for_their_year_are_marked_pending(office_client, enter_day, keeper_client):
    enter_day(keeper_client, "national", D(2027, 1, 1), "rest", "元旦")
    response = office_client.get(CALENDAR, {"year": 2027})
    marks, hover = cells(response)["2027年1月1日"]
    assert "pending" in marks and "待生效" in hover
    assert "待生效</span>" in response.text  # in the list of the office's entries too


def test_the_office_sees_the_forms_others_do_not(client, office, liaison):
    client.force_login(office)
    assert "录入日期" in client.get(CALENDAR).text
    client.force_login(liaison)
    page = client.get(CALENDAR).text
    assert "录入日期" not in page and "登记已录入年份" not in page


def test_only_the_office_may_change_the_calendar(liaison_client, enter_day, cover_year):
    assert enter_day(liaison_client, "national", D(2027, 1, 1), "rest", "元旦").status_code == 403
    assert enter_day(liaison_client, "zone", D(2025, 7, 1), "rest", "停电").status_code == 403
    assert cover_year(liaison_client, "national", 2027).status_code == 403
    assert not CalendarEntry.objects.exists()


def test_the_office_of_a_national_zone_may_not_edit_the_xinjiang_layer(client, make_user, other_zone, enter_day):
    client.force_login(make_user("other_office", other_zone, "经发局", Role.OFFICE))
    response = enter_day(client, "xinjiang", D(2025, 7, 1), "rest", "古尔邦节")
    assert response.status_code == 200 and "选择一个有效的选项" in response.text
    assert not CalendarEntry.objects.exists()


def test_another_zone_s_override_is_invisible_and_cannot_be_deleted(make_user, other_zone, office_client, enter_day):
    outsider = Client()
    outsider.force_login(make_user("other_office", other_zone, "经发局", Role.OFFICE))
    enter_day(outsider, "zone", D(2025, 7, 1), "rest", "另一园区停电", "另一开发区通知（测试）")
    theirs = CalendarEntry.objects.get()

    response = office_client.get(CALENDAR, {"year": 2025})
    assert "另一园区停电" not in response.text
    assert "rest" not in cells(response)["2025年7月1日"][0]
    assert office_client.post(reverse("workdays:delete_entry", args=[theirs.pk])).status_code == 404
    assert CalendarEntry.objects.filter(pk=theirs.pk).exists()


def test_no_zone_office_changes_the_layers_every_zone_shares(office_client, enter_day, cover_year):
    # The finding: one zone's office added a national rest day that changed every zone's counts.
    for layer in ("national", "xinjiang"):
        response = enter_day(office_client, layer, D(2025, 7, 1), "rest", "误录")
        assert response.status_code == 200 and "选择一个有效的选项" in response.text
    assert cover_year(office_client, "national", 2027).status_code == 403
    assert not CalendarEntry.objects.exists() and not CoveredYear.objects.exists()
    page = office_client.get(CALENDAR, {"year": 2025}).text
    assert "登记已录入年份" not in page and "由省级管理员录入" in page


def test_a_shared_day_or_year_is_taken_back_by_any_keeper_and_by_no_zone_office(
    make_user, zone, other_zone, office_client, enter_day, cover_year, keeper_client,
):
    enter_day(keeper_client, "national", D(2027, 1, 1), "rest", "元旦")
    cover_year(keeper_client, "national", 2027)
    day, year = CalendarEntry.objects.get(), CoveredYear.objects.get()
    keeper_page = keeper_client.get(CALENDAR, {"year": 2027}).text
    assert reverse("workdays:delete_entry", args=[day.pk]) in keeper_page
    assert reverse("workdays:withdraw_year", args=[year.pk]) in keeper_page

    # Every zone's office sees the shared day (it counts for every zone) but cannot take it back.
    other = Client()
    other.force_login(make_user("other_office", other_zone, "经发局", Role.OFFICE))
    for office in (office_client, other):
        page = office.get(CALENDAR, {"year": 2027}).text
        assert "元旦" in page
        assert reverse("workdays:delete_entry", args=[day.pk]) not in page
        assert reverse("workdays:withdraw_year", args=[year.pk]) not in page
        assert office.post(reverse("workdays:delete_entry", args=[day.pk])).status_code == 404
        assert office.post(reverse("workdays:withdraw_year", args=[year.pk])).status_code in (403, 404)
    assert CalendarEntry.objects.filter(pk=day.pk).exists() and CoveredYear.objects.filter(pk=year.pk).exists()

    # A keeper in another zone mends what the first one entered: no zone's mistake sticks on the others.
    elsewhere = Client()
    elsewhere.force_login(make_user("keeper_2", other_zone, None, Role.PROVINCE))
    assert elsewhere.post(reverse("workdays:delete_entry", args=[day.pk])).status_code == 302
    assert elsewhere.post(reverse("workdays:withdraw_year", args=[year.pk])).status_code == 302
    assert not CalendarEntry.objects.exists() and not CoveredYear.objects.exists()


def test_a_refused_change_is_explained_on_the_page(keeper_client, cover_year):
    response = cover_year(keeper_client, "national", 2029)
    assert response.status_code == 200
    assert "全国层年份须连续：目前已录入 2020–2026 年，只能登记 2027 年" in response.text


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2026, 10, 31), []),
        (D(2026, 11, 1), ["2027 年的国务院节假日安排尚未录入"]),
        (D(2026, 12, 20), ["2027 年的国务院节假日安排尚未录入", "新疆 2027 年少数民族节日放假安排尚未录入"]),
    ],
)
def test_the_office_is_reminded_of_next_year_s_notices_in_time(settings, office_client, liaison, today, expected):
    settings.DUBAN_TODAY = today
    page = office_client.get(CALENDAR).text
    warnings = page.split('class="messages workday-warnings"')[1].split("</ul>")[0] if expected else ""
    assert ('class="messages workday-warnings"' in page) == bool(expected)
    for start in expected:
        assert start in warnings

    office_client.force_login(liaison)  # the same client, now as a liaison
    assert "workday-warnings" not in office_client.get(CALENDAR).text


def test_entering_the_notice_silences_the_reminder(settings, office_client, enter_day, cover_year, keeper_client):
    settings.DUBAN_TODAY = D(2026, 11, 2)
    enter_day(keeper_client, "national", D(2027, 1, 1), "rest", "元旦")
    cover_year(keeper_client, "national", 2027)
    assert "2027 年的国务院节假日安排尚未录入" not in office_client.get(CALENDAR).text


def test_the_context_processor_gives_the_office_its_reminders(settings, office, liaison):
    settings.DUBAN_TODAY = D(2026, 11, 1)
    request = RequestFactory().get("/")
    request.user = office
    assert list(notice_warnings(request)["workday_notice_warnings"])[0].startswith("2027 年的国务院节假日安排尚未录入")
    request.user = liaison
    assert not notice_warnings(request)["workday_notice_warnings"]


def test_the_page_costs_a_fixed_number_of_queries(office_client, enter_day, cover_year, django_assert_max_num_queries, keeper_client):
    for day in (D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)):
        enter_day(keeper_client, "national", day, "rest", "元旦")
        enter_day(office_client, "zone", day, "rest", "园区调整")
    cover_year(keeper_client, "national", 2027)
    cover_year(keeper_client, "xinjiang", 2021, status="unverified", notice="")
    with django_assert_max_num_queries(16):
        assert office_client.get(CALENDAR, {"year": 2027}).status_code == 200


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(CALENDAR)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
