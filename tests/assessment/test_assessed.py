"""Who is assessed: departments with an obligation in the plan; 不参评 when no part applies;
nothing before the plan year; carried-over items in the completion part."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from duban.assessment.models import Entry
from duban.assessment.results import outcome
from duban.assessment.schemes import NotStarted
from duban.cases.models import Case, ServiceType
from duban.closing.models import Line
from duban.supervision.models import Notice

from .conftest import at


def undecided(department, item):
    """The department's line of the item not decided yet (in March, before the year's reconciliation):
    a decided 结转 settles the item for the year and counts in completion whatever the day."""
    Line.objects.filter(department=department, item=item).update(state="pending", decision="", decided_by=None)


def test_a_department_without_an_obligation_in_the_plan_is_not_assessed(year, zone, office):
    """环保局 has no assignment in the plan: its cases, its notice and its entry do not make it a
    department of this assessment (before the fix it was ranked with a satisfaction score)."""
    huanbao = zone.departments.get(name="环保局")
    service = ServiceType.objects.create(zone=zone, name="环评审批", department=huanbao, limit_value=D(20))
    Case.objects.create(zone=zone, number="HB-001", service_type=service, applicant_kind="企业",
                        applicant_name="准东铝业", received_at=at(date(2020, 5, 6)),
                        completed_at=at(date(2020, 5, 8)), rating=5)
    Notice.objects.create(zone=zone, item=year.i1, department=huanbao, instruction="请配合", issued_by=office,
                          reply_due=date(2020, 6, 1))
    rule = year.plan.assessment_scheme.rules.get(key="criticism")
    Entry.objects.create(zone=zone, rule=rule, department=huanbao, document="准东督办〔2020〕10号",
                         date=date(2020, 11, 1), recorded_by=year.assessor)
    result = outcome(year.plan, date(2021, 1, 15))
    assert [s.name for s in result.results.scores] == ["经发局", "规建局", "水务局"]
    assert result.score_of(huanbao.pk) is None


def test_a_department_no_part_applies_to_is_shown_as_not_assessed_neither_scored_nor_ranked(year, as_user, pinned):
    """On 2020年3月1日 no report is due, no deadline has passed, no period has ended: 经发局 has its
    item closed out already and 水务局 its 用水报装 cases rated in February, but no part applies to
    规建局.  It is 不参评: listed after the others without rank or total, on neither list — not
    scored 0 and ranked last."""
    pinned(date(2020, 3, 1))
    undecided(year.guijian, year.i2)
    result = outcome(year.plan, date(2020, 3, 1))
    assert [(s.name, s.rank, s.assessed) for s in result.results.scores] == [
        ("经发局", 1, True), ("水务局", 1, True), ("规建局", None, False)]  # both 100: a shared rank
    guijian = result.score_of(year.guijian.pk)
    assert (guijian.total, guijian.grade, guijian.flags) == (None, "不参评", ())
    assert all(line.kind == "part" and "不适用" in line.note for line in guijian.lines)  # its bonus is not counted
    listed = {m.name for m in result.results.commended + result.results.accountable}
    assert "规建局" not in listed
    client = as_user(year.assessor)
    page = client.get(reverse("assessment:results", args=[year.plan.pk])).content.decode()
    row = page.split('data-department="规建局"')[1].split("</tr>")[0]
    assert "不参评" in row and "<td>—</td>" in row
    own = client.get(reverse("assessment:department", args=[year.plan.pk, year.guijian.pk])).content.decode()
    assert "本方案各考核部分对该部门均不适用，不参加评分和排名" in own
    assert "排名第" not in own


def test_computing_before_the_plan_year_has_begun_is_refused_in_chinese(year, as_user, pinned):
    pinned(date(2019, 12, 20))
    with pytest.raises(NotStarted, match="2020年度尚未开始，不能计算考核结果"):
        outcome(year.plan, date(2019, 12, 20))
    client = as_user(year.assessor)
    for url in (reverse("assessment:results", args=[year.plan.pk]),
                reverse("assessment:department", args=[year.plan.pk, year.jingfa.pk]),
                reverse("assessment:results_xlsx", args=[year.plan.pk])):
        response = client.get(url)
        assert "2020年度尚未开始，不能计算考核结果：2020年1月1日起才能计算" in response.content.decode()
    response = client.post(reverse("assessment:finalise", args=[year.plan.pk]), follow=True)
    assert "2020年度尚未开始" in response.content.decode()
    assert not year.plan.assessment_scheme.final_scores.exists()


def test_a_carried_over_item_counts_as_due_and_not_done_but_not_as_failed(year):
    """规建局's one lead item, （一）2, was carried over (结转): completion 0 of 1 — the default — and
    no 任务未完成且无正当理由 (the carry-over has a reason).  Left out, completion would not apply
    and 规建局 would score 98.21 instead of 59.33."""
    score = outcome(year.plan, date(2021, 1, 15)).score_of(year.guijian.pk)
    completion = next(line for line in score.lines if line.rule == "牵头任务完成率")
    assert completion.rate == 0 and completion.points == 0
    assert [c.record.note for c in completion.counted] == ["对账：结转"]
    assert score.flags == ()
    assert score.total == D("59.33")


def test_a_department_not_assessed_stays_so_in_the_finalised_snapshot(year, as_user):
    """Finalised on data to 2020年3月1日 (an early 考核截止日期): 规建局 is stored 不参评, without total
    or rank, and read back after the ranked departments."""
    from duban.assessment.models import FinalScore, Scheme
    from duban.assessment.results import finalise

    Scheme.objects.filter(plan=year.plan).update(as_of=date(2020, 3, 1))
    undecided(year.guijian, year.i2)
    finalise(year.plan, year.assessor, date(2021, 1, 15))
    stored = FinalScore.objects.get(scheme__plan=year.plan, department=year.guijian)
    assert (stored.total, stored.rank, stored.grade) == (None, None, "不参评")
    result = outcome(year.plan, date(2021, 1, 15))
    assert result.final
    assert [(s.name, s.rank, s.assessed) for s in result.results.scores][-1] == ("规建局", None, False)
    page = as_user(year.assessor).get(reverse("assessment:results", args=[year.plan.pk])).content.decode()
    assert "不参评" in page.split('data-department="规建局"')[1].split("</tr>")[0]
    import io

    import openpyxl
    from docx import Document

    client = as_user(year.assessor)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("assessment:results_xlsx", args=[year.plan.pk])).content))
    [row] = [r for r in book["考核结果"].iter_rows(values_only=True) if r[1] == "规建局"]
    assert (row[0], row[2], row[3]) == ("—", None, "不参评")
    document = Document(io.BytesIO(client.get(reverse("assessment:results_docx", args=[year.plan.pk])).content))
    assert [c.text for c in document.tables[0].rows[-1].cells] == ["—", "规建局", "—", "不参评"]
    assert any("对2个部门进行了考核" in p.text for p in document.paragraphs)
