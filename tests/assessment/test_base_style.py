"""The synthetic year under rules the default scheme leaves out, so that each of them changes a
result: an adjusted item (调整) left out of completion, a report found untrue (取消评优), and the
"base score + bonuses − deductions" style end to end — computed, shown on the pages, exported."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
from django.urls import reverse
from docx import Document

from duban.assessment.models import Entry, Scheme
from duban.assessment.results import outcome
from duban.closing.models import Line

from .test_pages import scheme_post

TODAY = date(2021, 1, 15)


def test_an_adjusted_item_is_left_out_of_completion(year):
    """水务局's （二）1 adjusted (调整) instead of sent back: completion no longer applies (its one lead
    item is out), its 30 points are shared over the other 70 (× 100/70), and with one failed item
    left (（一）2) it is no longer 取消评优.

    timeliness 21.43 + quality 14.29 + meetings 0 + targets 0 + satisfaction 14.2857 × 0.9 = 12.86
    + cooperation 14.2857 × 1/2 = 7.14 → 55.72; deductions −4 as before → 51.72."""
    Line.objects.filter(department=year.shuiwu, item=year.i3).update(decision="adjusted")
    score = outcome(year.plan, TODAY).score_of(year.shuiwu.pk)
    completion = next(line for line in score.lines if line.rule == "牵头任务完成率")
    assert completion.rate is None and "不适用" in completion.note
    assert [c.record.note for c in completion.counted] == ["对账：调整（调整，不计入）"]
    assert score.total == D("51.72")
    assert score.flags == ()


def test_a_report_found_untrue_keeps_a_department_out_of_the_top_grade(year):
    """With 优秀 from 80, 经发局 (80.64) is 优秀 — until a report of it is found untrue (报送情况不实)."""
    Scheme.objects.filter(plan=year.plan).update(bands=[["优秀", "80"], ["良好", "70"], ["一般", "60"], ["较差", "0"]])
    assert outcome(year.plan, TODAY).score_of(year.jingfa.pk).grade == "优秀"
    rule = year.plan.assessment_scheme.rules.get(key="untrue_report")
    Entry.objects.create(zone=year.plan.zone, rule=rule, department=year.jingfa, item=year.i1,
                         document="准东督办〔2020〕11号", date=date(2020, 12, 1), recorded_by=year.assessor)
    result = outcome(year.plan, TODAY)
    jingfa = result.score_of(year.jingfa.pk)
    assert (jingfa.total, jingfa.grade, jingfa.grade_note) == (D("80.64"), "良好", "取消评优，不能评为优秀")
    assert "经发局" in [m.name for m in result.results.accountable]


BASE_RULES = [  # name, trigger, effect, lead, cooperating
    ("台账逾期报送", "late_report", "deduction", "1", "0.5"),
    ("台账应报未报", "missing_report", "deduction", "2", "1"),
    ("台账被退回返工", "returned_report", "deduction", "0.5", "0.5"),
    ("未按频次召开推进会议", "missed_meeting", "deduction", "1", "1"),
    ("量化指标未达标", "missed_target", "deduction", "2", "2"),
    ("差评", "bad_rating", "deduction", "0.5", "0.5"),
    ("任务逾期未完成", "overdue_item", "deduction", "3", "1"),
]


def base_scheme(year, client):
    """The default scheme's rules and caps (加分 5, 减分 10), as a base score of 100 with the
    triggers the weighted parts counted added as deductions, 同一任务不重复计分 off."""
    scheme = year.plan.assessment_scheme
    data = scheme_post(scheme, style="base", base_score="100", no_double_count="")
    for key in [k for k in data if k.startswith("parts-") and k.endswith("-id")]:
        data[key.replace("-id", "-DELETE")] = "on"
    n = int(data["rules-TOTAL_FORMS"])
    for i, (name, trigger, effect, lead, cooperating) in enumerate(BASE_RULES, start=n):
        data.update({f"rules-{i}-name": name, f"rules-{i}-trigger": trigger, f"rules-{i}-effect": effect,
                     f"rules-{i}-lead_points": lead, f"rules-{i}-cooperating_points": cooperating,
                     f"rules-{i}-threshold": "1", f"rules-{i}-order": str(10 + i), f"rules-{i}-cap": ""})
    data["rules-TOTAL_FORMS"] = str(n + len(BASE_RULES))
    response = client.post(reverse("assessment:scheme", args=[year.plan.pk]), data)
    assert response.status_code == 302, response.content.decode()


def test_the_base_style_end_to_end(year, as_user):
    """Base 100, then every rule (no double counting off):

    经发局  bonuses: commendation 2 + 2 (cap 4), promotion 2 = 6 > 5 → −1;
            deductions: late Q3 1, missing Q4 2, returned Q1 0.5, missed meeting (H2) 1 = 4.5
            → 100 + 6 − 1 − 4.5 = 100.5, 优秀
    规建局  bonus: commendation as cooperating 1; deductions: late Q2 as cooperating 0.5, returned
            Q3 0.5, （一）2 overdue (carried over) 3 = 4 → 97, 优秀
    水务局  deductions: missing Q3, Q4 as cooperating 1 + 1, missed meetings 1 + 1, red target 2,
            差评 upheld 0.5, overdue （二）1 3 + （一）2 as cooperating 1, notices 1 + 1, criticism 3
            = 15.5 > 10 → 5.5 given back → 90; two items failed without valid reason → 取消评优 → 良好
    """
    client = as_user(year.assessor)
    base_scheme(year, client)
    result = outcome(year.plan, TODAY)
    assert [(s.name, s.total, s.grade, s.rank) for s in result.results.scores] == [
        ("经发局", D("100.50"), "优秀", 1), ("规建局", D("97.00"), "优秀", 2), ("水务局", D("90.00"), "良好", 3)]
    shuiwu = result.score_of(year.shuiwu.pk)
    assert {line.rule: line.points for line in shuiwu.lines} == {
        "基础分": D(100), "督办通知未按期回复": D(-2), "被上级通报批评": D(-3), "台账应报未报": D(-2),
        "未按频次召开推进会议": D(-2), "量化指标未达标": D(-2), "差评": D("-0.5"), "任务逾期未完成": D(-4),
        "减分总上限": D("5.5")}
    assert shuiwu.grade_note == "取消评优，不能评为优秀"

    # The pages: the ranking with its 基础分 column, a department's lines with the cap.
    page = client.get(reverse("assessment:results", args=[year.plan.pk])).content.decode()
    assert "<th>基础分</th>" in page
    assert page.index('data-department="经发局"') < page.index('data-department="规建局"') < page.index(
        'data-department="水务局"')
    assert '<td class="points total">100.5</td>' in page
    lines = client.get(reverse("assessment:department", args=[year.plan.pk, year.shuiwu.pk])).content.decode()
    assert "减分合计 15.5 分，上限 10 分" in lines and '<strong class="total">90</strong>' in lines

    # The downloads: the ranking as numbers, the 公文's table.
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(reverse("assessment:results_xlsx", args=[year.plan.pk])).content))
    rows = [row for row in book["考核结果"].iter_rows(values_only=True) if row[1] in ("经发局", "水务局")]
    assert [list(row[:7]) for row in rows] == [[1, "经发局", 100.5, "优秀", 100, 5, -4.5],
                                               [3, "水务局", 90, "良好", 100, 0, -10]]
    document = Document(io.BytesIO(client.get(reverse("assessment:results_docx", args=[year.plan.pk])).content))
    assert [[c.text for c in row.cells] for row in document.tables[0].rows][1:] == [
        ["1", "经发局", "100.5", "优秀"], ["2", "规建局", "97", "优秀"], ["3", "水务局", "90", "良好"]]
