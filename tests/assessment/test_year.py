"""The synthetic year of conftest.py scored by the default scheme; every figure worked out by hand.

Default weights: completion 30, timeliness 15, quality 10, meetings 10, targets 15,
satisfaction 10, cooperation 10.  A part that does not apply to a department shares its weight
out over those that do (× 100 / Σ applicable weights).  Each line is rounded to 0.01.
"""

from datetime import date
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.assessment.facts import gather
from duban.assessment.models import Appeal, Entry
from duban.assessment.results import outcome
from duban.cases.models import Case
from duban.meetings.models import Meeting
from duban.supervision.models import Notice

CUTOFF = date(2021, 1, 1)  # the day after the plan year: everything due in 2020 counts


def lines(score) -> dict[str, D]:
    return {line.rule: line.points for line in score.lines}


def test_jingfa(year):
    """经发局 leads （一）1 only: completion, timeliness, quality and meetings apply (65 points of weight).

    completion  1 closed / 1          → 30 × 100/65 = 46.1538… × 1   = 46.15
    timeliness  2 on time / 4 owed    → 15 × 100/65 = 23.0769… × 1/2 = 11.54
    quality     (3 filed − 1 return) / 3 → 10 × 100/65 = 15.3846… × 2/3 = 10.26
    meetings    1 half year / 2       → 15.3846… × 1/2               =  7.69
    bonuses     commendation 2 + 2 (cap 4) = 4; promotion 2; 6 > the overall cap 5 → −1
    total       75.64 + 6 − 1 = 80.64 → 良好
    """
    score = outcome(year.plan, date(2021, 1, 15)).score_of(year.jingfa.pk)
    assert lines(score) == {
        "牵头任务完成率": D("46.15"), "台账按时报送率": D("11.54"), "台账质量（退回返工）": D("10.26"),
        "推进会议召开率": D("7.69"), "量化指标达标率": D("0.00"), "服务满意度（好差评）": D("0.00"),
        "配合任务报送率": D("0.00"), "工作受到上级表彰或肯定性批示": D("4.00"), "改革经验被上级发文推广": D("2.00"),
        "加分总上限": D("-1.00"),
    }
    assert score.total == D("80.64")
    assert (score.grade, score.rank, score.flags) == ("良好", 1, ())


def test_guijian(year):
    """规建局 leads （一）2 and cooperates on （一）1: no targets, no cases (75 points of weight, × 4/3).

    completion  0 closed / 1 (carried over) → 40 × 0        =  0.00
    timeliness  4 / 4                       → 20 × 1        = 20.00
    quality     (8 filed − 1 return) / 8    → 13.333… × 7/8 = 11.67
    meetings    2 / 2                       → 13.333…       = 13.33
    cooperation 4 filed / 4                 → 13.333…       = 13.33
    bonus       commendation on （一）1, as a cooperating department: 1
    total       58.33 + 1 = 59.33 → 较差 (carried over is overdue but not failed: no flag)
    """
    score = outcome(year.plan, date(2021, 1, 15)).score_of(year.guijian.pk)
    assert lines(score) == {
        "牵头任务完成率": D("0.00"), "台账按时报送率": D("20.00"), "台账质量（退回返工）": D("11.67"),
        "推进会议召开率": D("13.33"), "量化指标达标率": D("0.00"), "服务满意度（好差评）": D("0.00"),
        "配合任务报送率": D("13.33"), "工作受到上级表彰或肯定性批示": D("1.00"),
    }
    assert score.total == D("59.33")
    assert (score.grade, score.rank, score.flags) == ("较差", 2, ())


def test_shuiwu(year):
    """水务局: every part applies, weights as they are.

    completion   0 / 1 (sent back)              → 30 × 0    =  0
    timeliness   4 / 4                          → 15        = 15.00
    quality      6 filed, no return             → 10        = 10.00
    meetings     0 / 2                          → 10 × 0    =  0
    targets      用水报装 median 25 > 20: red    → 15 × 0    =  0
    satisfaction 10 rated, 差评 1 + 1, 1 overturned → 9/10 → 10 × 0.9 = 9.00
    cooperation  2 filed / 4                    → 10 × 1/2  =  5.00
    deductions   criticism on （二）1: 3; notices: （二）1's is already counted there (no double
                 counting), （一）2's answered late: 1 (cooperating) → −4
    total        39 − 4 = 35.00 → 较差; two items failed without valid reason → 取消评优
    """
    score = outcome(year.plan, date(2021, 1, 15)).score_of(year.shuiwu.pk)
    assert lines(score) == {
        "牵头任务完成率": D("0.00"), "台账按时报送率": D("15.00"), "台账质量（退回返工）": D("10.00"),
        "推进会议召开率": D("0.00"), "量化指标达标率": D("0.00"), "服务满意度（好差评）": D("9.00"),
        "配合任务报送率": D("5.00"), "督办通知未按期回复": D("-1.00"), "被上级通报批评": D("-3.00"),
    }
    assert score.total == D("35.00")
    assert score.grade == "较差" and score.rank == 3
    [flag] = score.flags
    assert flag.reason == "取消评优：任务未完成且无正当理由 2 项（2 项及以上即取消评优）"
    satisfaction = next(line for line in score.lines if line.rule == "服务满意度（好差评）")
    assert satisfaction.numbers.startswith(
        "已评价 10 件，差评 2 件（不满意 1 + 非常不满意 1），申诉复核撤销 1 件，计差评 1 件，差评率 10%")
    notices = next(line for line in score.lines if line.rule == "督办通知未按期回复")
    assert [(c.points, c.remark) for c in notices.counted] == [
        (D(0), "同一任务已计入“被上级通报批评”，不重复计分"), (D(1), ""),
    ]


def test_only_departments_with_a_part_in_the_plan_are_assessed_and_the_lists(year):
    result = outcome(year.plan, date(2021, 1, 15))
    assert [s.name for s in result.results.scores] == ["经发局", "规建局", "水务局"]
    assert result.results.commended == ()
    assert [m.name for m in result.results.accountable] == ["规建局", "水务局"]
    shuiwu = result.results.accountable[1]
    assert shuiwu.reasons[0] == "取消评优：任务未完成且无正当理由 2 项（2 项及以上即取消评优）"
    assert "被上级通报批评：牵头 1 项 × 3 分，扣 3 分" in shuiwu.reasons
    assert "推进会议召开率仅 0%" in shuiwu.reasons


def events(year, department) -> dict[str, list[str]]:
    facts = {f.department: f for f in gather(year.plan, CUTOFF)}[department.pk]
    return {trigger: [f"{r.label}｜{r.note}" for r in records] for trigger, records in facts.events.items()}


def test_each_trigger_finds_its_records(year):
    jingfa, guijian, shuiwu = (events(year, d) for d in (year.jingfa, year.guijian, year.shuiwu))
    assert jingfa["late_report"] == ["（一）第1项 2020年第三季度台账｜逾期报送（2020年9月28日，截止 2020年9月25日）"]
    assert jingfa["missing_report"] == ["（一）第1项 2020年第四季度台账｜未报送（截止 2020年12月25日）"]
    assert jingfa["returned_report"] == ["（一）第1项 2020年第一季度台账｜被退回：请补充佐证"]
    assert jingfa["missed_meeting"] == ["2020年下半年｜2020年下半年未召开推进会议"]
    assert "overdue_item" not in jingfa and "unanswered_notice" not in jingfa  # closed; answered in time
    assert guijian["late_report"] == ["（一）第1项 2020年第二季度台账｜逾期报送（2020年6月27日，截止 2020年6月25日）"]
    assert [r.split("｜")[1] for r in guijian["overdue_item"]] == ["完成时限 2020年12月31日，对账：结转"]
    assert "failed_item" not in guijian  # carried over: a valid reason
    assert [r.split("｜")[1] for r in shuiwu["failed_item"]] == [
        "完成时限 2020年12月31日，对账：退回", "完成时限 2020年9月30日，对账：退回"]
    assert shuiwu["missed_target"][0].startswith("（二）第1项 用水报装时间 ≤ 20 工作日｜红灯：用水报装：中位用时 25 个工作日")
    assert [r.split("｜")[1] for r in shuiwu["bad_rating"]] == ["不满意，申诉复核维持"]  # the overturned one is out
    assert [r.split("｜")[1] for r in shuiwu["unanswered_notice"]] == ["逾期未回复", "2020年10月15日才回复"]
    assert len(shuiwu["missing_report"]) == 2 and len(shuiwu["missed_meeting"]) == 2


def test_the_records_behind_each_part_are_kept(year):
    score = outcome(year.plan, date(2021, 1, 15)).score_of(year.jingfa.pk)
    timeliness = next(line for line in score.lines if line.rule == "台账按时报送率")
    assert [(c.record.kind, c.record.note[:4]) for c in timeliness.counted] == [
        ("report", "按时报送"), ("report", "按时报送"), ("report", "逾期报送"), ("item", "未报送（")]
    completion = next(line for line in score.lines if line.rule == "牵头任务完成率")
    assert [(c.record.kind, c.record.id, c.record.note) for c in completion.counted] == [
        ("item", year.i1.pk, "对账：已销号")]


def test_the_facts_cost_a_fixed_number_of_queries(year, office):
    with CaptureQueriesContext(connection) as before:
        gather(year.plan, CUTOFF, {r.pk: r.key for r in year.plan.assessment_scheme.rules.all()})
    # More of everything: a meeting, a notice, a rated case with an appeal, an entry.
    zone = year.plan.zone
    Meeting.objects.create(zone=zone, plan=year.plan, host=year.shuiwu, date=date(2020, 8, 1), title="补开推进会",
                           chair="局长", recorded_by=office)
    Notice.objects.create(zone=zone, item=year.i2, department=year.guijian, instruction="催办", issued_by=office,
                          reply_due=date(2020, 12, 1))
    case = Case.objects.get(number="SW-003")
    case.rating = 1
    case.save()
    Appeal.objects.create(zone=zone, case=case, outcome="upheld", reason="维持", decided_on=date(2020, 12, 2),
                          recorded_by=year.assessor)
    rule = year.plan.assessment_scheme.rules.get(key="criticism")
    Entry.objects.create(zone=zone, rule=rule, department=year.guijian, document="又一文件", date=date(2020, 12, 3),
                         recorded_by=year.assessor)
    with CaptureQueriesContext(connection) as after:
        gather(year.plan, CUTOFF, {r.pk: r.key for r in year.plan.assessment_scheme.rules.all()})
    assert len(after) == len(before)


def test_a_carried_over_item_counts_as_due_and_not_done_before_its_deadline(year):
    """On 28 December 2020 （一）2 (完成时限 31 December) is not due yet, but the office has already
    carried it over: it will not be done this year.  It counts as due and not done, as after the
    year end — not left out, which would make completion 不适用 and let 规建局 score better for
    having its only lead item carried over (docs/assessment.md)."""
    score = outcome(year.plan, date(2020, 12, 28)).score_of(year.guijian.pk)
    (completion,) = [line for line in score.lines if line.rule == "牵头任务完成率"]
    assert completion.rate == 0 and completion.points == D("0.00") and completion.note == ""
    assert completion.numbers.startswith("已销号 0 项 / 到期牵头任务 1 项")
    assert [c.record.note for c in completion.counted] == ["对账：结转"]
