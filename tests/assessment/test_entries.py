"""The bonus/deduction entry form (加减分事项): the department must have work in the plan, the item
must be one of its own, the date within the plan year and not after the 考核截止日期; the facts
count only entries dated so."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from duban.assessment.models import Entry, Scheme
from duban.assessment.results import outcome


@pytest.fixture
def post_entry(year, as_user):
    client = as_user(year.assessor)
    rule = year.plan.assessment_scheme.rules.get(key="criticism")

    def post(department, item=None, day="2020-12-10", document="准东督办〔2020〕12号"):
        return client.post(reverse("assessment:entries", args=[year.plan.pk]), {
            "rule": rule.pk, "department": department.pk, "item": item.pk if item else "", "document": document,
            "date": day, "note": ""})
    return post


def test_an_item_that_is_not_the_departments_own_is_refused(year, post_entry):
    response = post_entry(year.shuiwu, item=year.i1)  # （一）1: 经发局 leads, 规建局 cooperates
    assert response.status_code == 400
    assert "具体任务：（一）第1项不是水务局在本方案中牵头、负责或配合的任务" in response.content.decode()
    assert not Entry.objects.filter(document="准东督办〔2020〕12号").exists()
    # The same item for the department that cooperates on it is accepted.
    assert post_entry(year.guijian, item=year.i1).status_code == 302
    assert Entry.objects.get(document="准东督办〔2020〕12号").department == year.guijian


def test_a_department_without_work_in_the_plan_is_refused(year, zone, post_entry):
    response = post_entry(zone.departments.get(name="环保局"))
    assert response.status_code == 400
    assert "部门：环保局在本方案中没有任务分工，不参加考核，不能登记加减分事项" in response.content.decode()
    assert not Entry.objects.filter(document="准东督办〔2020〕12号").exists()


@pytest.mark.parametrize("day, shown", [("2019-12-31", "2019年12月31日"), ("2021-01-01", "2021年1月1日")])
def test_a_date_outside_the_plan_year_is_refused(year, post_entry, day, shown):
    response = post_entry(year.guijian, day=day)
    assert response.status_code == 400
    assert (f"文件日期：{shown}不在考核期内，须在2020年1月1日至2020年12月31日之间（方案年度内，且不晚于考核截止日期）"
            in response.content.decode())
    assert not Entry.objects.filter(document="准东督办〔2020〕12号").exists()


def test_a_date_after_the_schemes_cut_off_day_is_refused(year, post_entry):
    Scheme.objects.filter(plan=year.plan).update(as_of=date(2020, 11, 30))
    response = post_entry(year.guijian, day="2020-12-01")
    assert "须在2020年1月1日至2020年11月30日之间" in response.content.decode()
    assert post_entry(year.guijian, day="2020-11-30").status_code == 302


def test_the_facts_count_only_entries_dated_in_the_assessment_period(year):
    """经发局's two commendations and its promotion are dated 2020年11月20日.  With the 考核截止日期
    moved to 2020年11月15日 none of them counts: no bonus line is left."""
    rules = {line.rule for line in outcome(year.plan, date(2021, 1, 15)).score_of(year.jingfa.pk).lines}
    assert "工作受到上级表彰或肯定性批示" in rules
    Scheme.objects.filter(plan=year.plan).update(as_of=date(2020, 11, 15))
    score = outcome(year.plan, date(2021, 1, 15)).score_of(year.jingfa.pk)
    assert score.bonus_points == D(0)
    assert not any(line.kind == "bonus" for line in score.lines)
    # An entry dated after the plan year (put in without the form) is not counted either.
    Scheme.objects.filter(plan=year.plan).update(as_of=None)
    Entry.objects.filter(department=year.jingfa).update(date=date(2021, 1, 5))
    assert outcome(year.plan, date(2021, 1, 15)).score_of(year.jingfa.pk).bonus_points == D(0)
