"""督办通知 replies are judged on the zone's local day (Asia/Shanghai), by the one definition in
``supervision.models.Notice.answered_late``; the downloads date the finalising the same way."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
from django.urls import reverse

from duban.assessment.facts import gather
from duban.assessment.models import Scheme
from duban.assessment.results import finalise
from duban.supervision.models import Notice

SHANGHAI = ZoneInfo("Asia/Shanghai")
CUTOFF = date(2021, 1, 1)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def notice_notes(year, department) -> list[str]:
    facts = {f.department: f for f in gather(year.plan, CUTOFF)}[department.pk]
    return [f"{r.label}｜{r.note}" for r in facts.events.get("unanswered_notice", ())]


def make(year, office, due, replied_at):
    return Notice.objects.create(zone=year.plan.zone, item=year.i1, department=year.jingfa, instruction="请加快",
                                 issued_by=office, reply_due=due, replied_at=replied_at, reply="已落实")


def test_a_reply_after_midnight_local_time_is_late_though_its_utc_date_is_the_due_day(year, office):
    # 00:30 on 11 November in 准东 is 16:30 on 10 November in UTC.
    notice = make(year, office, date(2020, 11, 10), local(2020, 11, 11, 0, 30))
    notice.refresh_from_db()
    assert notice.replied_at.date() == date(2020, 11, 10)  # what the old comparison read
    assert notice.replied_on == date(2020, 11, 11) and notice.answered_late
    assert notice_notes(year, year.jingfa) == ["（一）第1项 督办通知（回复期限 2020年11月10日）｜2020年11月11日才回复"]


def test_a_reply_on_the_due_day_itself_is_on_time(year, office):
    notice = make(year, office, date(2020, 11, 10), local(2020, 11, 10, 23, 50))
    notice.refresh_from_db()
    assert not notice.answered_late
    assert notice_notes(year, year.jingfa) == []


def test_an_unanswered_notice_is_counted_up_to_its_reply_due_before_the_cutoff(year, office):
    """``reply_due__lt=cutoff``: a notice due on the last counted day (31 December) and unanswered
    counts; one due on the cut-off itself (1 January) is not yet late."""
    make(year, office, date(2020, 12, 31), None)
    make(year, office, date(2021, 1, 1), None)
    assert notice_notes(year, year.jingfa) == ["（一）第1项 督办通知（回复期限 2020年12月31日）｜逾期未回复"]


def test_the_download_dates_the_finalising_on_the_local_day(year, as_user):
    finalise(year.plan, year.assessor, date(2021, 1, 15))
    # Finalised at 01:00 on 16 January in 准东: 17:00 on the 15th in UTC.
    Scheme.objects.filter(plan=year.plan).update(finalised_at=local(2021, 1, 16, 1, 0))
    response = as_user(year.assessor).get(reverse("assessment:results_xlsx", args=[year.plan.pk]))
    subtitle = list(openpyxl.load_workbook(io.BytesIO(response.content))["考核结果"].iter_rows(values_only=True))[1][0]
    assert "已定稿（2021年1月16日）" in subtitle
