"""The pure scoring, rule by rule, on facts small enough to work out by hand (no database)."""

import subprocess
import sys
from decimal import Decimal as D
from fractions import Fraction

import pytest

from duban.assessment.defaults import DEFAULT_SCHEME
from duban.assessment.scoring import (
    BASE, BONUS, COOPERATING, DEDUCTION, DISQUALIFY, ENTRY, LEAD, VETO, WEIGHTED, Band, DepartmentFacts, Part, Ratio,
    Record, Rule, Scheme, assess, format_points, grade_all, percent, round_points, score_department, validate,
)


def item(n: int, role: str = LEAD, kind: str = "notice") -> Record:
    return Record(kind, 100 + n, f"任务{n}的记录", item=n, role=role)


def lines_of(score, kind):
    return [line for line in score.lines if line.kind == kind]


def line_named(score, name):
    return next(line for line in score.lines if line.rule == name)


BANDS = (Band("优秀", D(90)), Band("良好", D(80)), Band("一般", D(60)), Band("较差", D(0)))


def scheme(**changes) -> Scheme:
    """A base-style scheme of 80 points: the rules under test add to or take from it."""
    values = {"style": BASE, "base": D(80), "bands": BANDS, "no_double_count": False}
    values.update(changes)
    return Scheme(**values)


def test_the_scoring_imports_no_django():
    check = "import sys, duban.assessment.scoring, duban.assessment.defaults; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# ---- weighted parts ----------------------------------------------------------------------


def test_weighted_parts_earn_weight_times_rate():
    parts = (Part("completion", D(60)), Part("timeliness", D(40)))
    facts = DepartmentFacts(1, "经发局", measures={"completion": Ratio(3, 4), "timeliness": Ratio(9, 12)})
    score = score_department(facts, Scheme(parts=parts, bands=BANDS))
    # 60 × 3/4 = 45; 40 × 9/12 = 30.
    assert [line.points for line in score.lines] == [D("45.00"), D("30.00")]
    assert score.total == D("75.00")
    assert "已销号 3 项 / 到期牵头任务 4 项 = 75%" in score.lines[0].numbers


def test_a_part_that_does_not_apply_shares_its_weight_out():
    parts = (Part("completion", D(50)), Part("timeliness", D(30)), Part("satisfaction", D(20)))
    facts = DepartmentFacts(1, "规建局", measures={"completion": Ratio(1, 2), "timeliness": Ratio(2, 3)})
    score = score_department(facts, Scheme(parts=parts, bands=BANDS))
    # Applicable weights 80: completion 50 × 100/80 = 62.5 × 1/2 = 31.25; timeliness 37.5 × 2/3 = 25.
    assert [line.points for line in score.lines] == [D("31.25"), D("25.00"), D("0.00")]
    assert score.total == D("56.25")
    assert "不适用" in score.lines[2].note
    assert "折算为 62.5 分" in score.lines[0].numbers


def test_each_line_is_rounded_half_up_and_the_total_is_their_sum():
    parts = (Part("completion", D(50)), Part("timeliness", D(50)))
    facts = DepartmentFacts(1, "环保局", measures={"completion": Ratio(1, 3), "timeliness": Ratio(2, 3)})
    score = score_department(facts, Scheme(parts=parts, bands=BANDS))
    # 50/3 = 16.666… → 16.67; 100/3 = 33.333… → 33.33; the page's lines add up to the total.
    assert [line.points for line in score.lines] == [D("16.67"), D("33.33")]
    assert score.total == D("50.00")


def test_the_base_style_starts_from_the_base_score():
    score = score_department(DepartmentFacts(1, "水务局"), scheme(base=D(100)))
    assert [(line.kind, line.points) for line in score.lines] == [("base", D("100.00"))]
    assert score.total == D("100.00")


# ---- the rule table ----------------------------------------------------------------------


def test_a_deduction_rule_takes_lead_and_cooperating_points():
    rule = Rule("notice", "督办通知未按期回复", "unanswered_notice", DEDUCTION, D(2), D("0.5"))
    facts = DepartmentFacts(1, "水务局", events={"unanswered_notice": (item(1), item(2, COOPERATING), item(3))})
    score = score_department(facts, scheme(rules=(rule,)))
    line = line_named(score, "督办通知未按期回复")
    # Two as lead (2 each), one as cooperating (0.5): 4.5 off 80.
    assert line.points == D("-4.50")
    assert [c.points for c in line.counted] == [D(2), D("0.5"), D(2)]
    assert line.numbers == "牵头 2 项 × 2 分 + 配合 1 项 × 0.5 分，扣 4.5 分"
    assert score.total == D("75.50")


def test_a_bonus_rule_counts_the_entries_recorded_under_it():
    rule = Rule("praise", "受到上级表彰", ENTRY, BONUS, D(3), D(1))
    entries = {"praise": (Record("entry", 7, "准党发〔2020〕5号", item=4, role=COOPERATING),
                          Record("entry", 8, "新政发〔2020〕9号"))}
    score = score_department(DepartmentFacts(1, "经发局", entries=entries), scheme(rules=(rule,)))
    assert line_named(score, "受到上级表彰").points == D("4.00")  # 1 as cooperating + 3 (no item: lead)
    assert score.total == D("84.00")


def test_a_rule_that_finds_nothing_has_no_line():
    rule = Rule("late", "台账逾期报送", "late_report", DEDUCTION, D(1), D(1))
    score = score_department(DepartmentFacts(1, "经发局"), scheme(rules=(rule,)))
    assert [line.kind for line in score.lines] == ["base"]


def test_a_rule_is_held_to_its_cap():
    rule = Rule("late", "台账逾期报送", "late_report", DEDUCTION, D(1), D(1), cap=D("2.5"))
    facts = DepartmentFacts(1, "经发局", events={"late_report": tuple(item(n, kind="report") for n in range(4))})
    line = line_named(score_department(facts, scheme(rules=(rule,))), "台账逾期报送")
    assert line.points == D("-2.50")
    assert line.note == "本项累计 4 分，超过上限 2.5 分，按 2.5 分计"


def test_bonuses_and_deductions_are_held_to_the_overall_caps():
    rules = (
        Rule("a", "表彰", ENTRY, BONUS, D(3), D(3)),
        Rule("b", "推广", ENTRY, BONUS, D(3), D(3)),
        Rule("c", "通报批评", ENTRY, DEDUCTION, D(4), D(4)),
        Rule("d", "督办通知未按期回复", "unanswered_notice", DEDUCTION, D(4), D(4)),
    )
    facts = DepartmentFacts(1, "规建局", entries={"a": (Record("entry", 1, "甲"),), "b": (Record("entry", 2, "乙"),),
                                                 "c": (Record("entry", 3, "丙"),)},
                            events={"unanswered_notice": (item(9),)})
    score = score_department(facts, scheme(rules=rules, bonus_cap=D(5), deduction_cap=D(6)))
    caps = lines_of(score, "cap")
    # Bonuses 6 > 5: one point back off; deductions 8 > 6: two points given back.
    assert [(c.rule, c.points) for c in caps] == [("加分总上限", D("-1.00")), ("减分总上限", D("2.00"))]
    assert score.bonus_points == D("5.00")
    assert score.deduction_points == D("-6.00")
    assert score.total == D("79.00")  # 80 + 5 − 6


def test_once_per_item_counts_an_item_once_in_the_rule():
    rule = Rule("late", "台账逾期报送", "late_report", DEDUCTION, D(1), D(1), once_per_item=True)
    reports = (item(1, kind="report"), item(1, kind="report"), item(2, kind="report"))
    line = line_named(score_department(DepartmentFacts(1, "经发局", events={"late_report": reports}),
                                       scheme(rules=(rule,))), "台账逾期报送")
    assert line.points == D("-2.00")
    assert [c.remark for c in line.counted] == ["", "同一任务本项只计一次", ""]


def test_no_double_counting_an_item_found_by_two_rules_counts_in_the_heavier_one():
    rules = (
        Rule("late", "台账逾期报送", "late_report", DEDUCTION, D(1), D(1)),
        Rule("overdue", "任务逾期未完成", "overdue_item", DEDUCTION, D(3), D(1)),
    )
    facts = DepartmentFacts(1, "经发局", events={
        "late_report": (item(1, kind="report"), item(1, kind="report"), item(2, kind="report")),
        "overdue_item": (item(1, kind="item"),),
    })
    score = score_department(facts, scheme(rules=rules, no_double_count=True))
    late, overdue = line_named(score, "台账逾期报送"), line_named(score, "任务逾期未完成")
    # Item 1: late reports 2 points, overdue 3 points: only the overdue counts.  Item 2 is only late.
    assert overdue.points == D("-3.00")
    assert late.points == D("-1.00")
    assert [c.remark for c in late.counted][:2] == ["同一任务已计入“任务逾期未完成”，不重复计分"] * 2
    assert score.total == D("76.00")
    # Without the rule, everything counts: 80 − 3 − 3.
    assert score_department(facts, scheme(rules=rules, no_double_count=False)).total == D("74.00")


def test_no_double_counting_on_a_tie_keeps_the_first_rule():
    rules = (
        Rule("a", "通报批评", ENTRY, DEDUCTION, D(2), D(2)),
        Rule("b", "督办通知未按期回复", "unanswered_notice", DEDUCTION, D(2), D(2)),
    )
    facts = DepartmentFacts(1, "经发局", entries={"a": (Record("entry", 1, "通报", item=5),)},
                            events={"unanswered_notice": (item(5),)})
    score = score_department(facts, scheme(rules=rules, no_double_count=True))
    assert line_named(score, "通报批评").points == D("-2.00")
    assert line_named(score, "督办通知未按期回复").points == D("0.00")


def test_no_double_counting_keeps_bonuses_and_deductions_apart():
    rules = (Rule("a", "表彰", ENTRY, BONUS, D(2), D(2)), Rule("b", "通报批评", ENTRY, DEDUCTION, D(1), D(1)))
    facts = DepartmentFacts(1, "经发局", entries={"a": (Record("entry", 1, "表彰", item=5),),
                                                 "b": (Record("entry", 2, "批评", item=5),)})
    assert score_department(facts, scheme(rules=rules, no_double_count=True)).total == D("81.00")


# ---- flags -------------------------------------------------------------------------------


def test_disqualify_needs_its_threshold():
    rule = Rule("failed", "任务未完成且无正当理由", "failed_item", DISQUALIFY, threshold=2, once_per_item=True)
    one = DepartmentFacts(1, "甲", events={"failed_item": (item(1, kind="item"), item(1, kind="item"))})
    two = DepartmentFacts(2, "乙", events={"failed_item": (item(1, kind="item"), item(2, kind="item"))})
    assert score_department(one, scheme(rules=(rule,))).flags == ()  # the same item twice is one
    [flag] = score_department(two, scheme(rules=(rule,))).flags
    assert flag.effect == DISQUALIFY
    assert flag.reason == "取消评优：任务未完成且无正当理由 2 项（2 项及以上即取消评优）"
    assert score_department(two, scheme(rules=(rule,))).total == D("80.00")  # flags are not points


def test_grades_follow_the_bands():
    s = scheme()
    scores = [score_department(DepartmentFacts(n, name), scheme(base=D(base)))
              for n, (name, base) in enumerate([("甲", 95), ("乙", 85), ("丙", 60), ("丁", "59.99")], 1)]
    graded = grade_all(scores, s)
    assert [(g.name, g.grade, g.rank) for g in graded] == [("甲", "优秀", 1), ("乙", "良好", 2), ("丙", "一般", 3),
                                                           ("丁", "较差", 4)]


def test_a_disqualified_department_is_not_in_the_top_band_and_a_vetoed_one_is_in_the_lowest():
    rules = (Rule("untrue", "报送情况不实", ENTRY, DISQUALIFY), Rule("accident", "发生重大安全责任事故", ENTRY, VETO))
    s = scheme(base=D(95), rules=rules)
    untrue = DepartmentFacts(1, "甲", entries={"untrue": (Record("entry", 1, "核查通报"),)})
    accident = DepartmentFacts(2, "乙", entries={"accident": (Record("entry", 2, "事故通报"),)})
    graded = {g.name: g for g in grade_all([score_department(f, s) for f in (untrue, accident)], s)}
    assert (graded["甲"].grade, graded["甲"].grade_note) == ("良好", "取消评优，不能评为优秀")
    assert (graded["乙"].grade, graded["乙"].grade_note) == ("较差", "一票否决，直接定为较差")
    assert graded["乙"].total == D("95.00")


def test_equal_totals_share_a_rank():
    s = scheme()
    scores = [score_department(DepartmentFacts(n, name, order=n), scheme(base=D(base)))
              for n, (name, base) in enumerate([("甲", 70), ("乙", 90), ("丙", 90)], 1)]
    assert [(g.name, g.rank) for g in grade_all(scores, s)] == [("乙", 1), ("丙", 1), ("甲", 3)]


def test_the_share_of_the_top_band_is_capped():
    s = scheme(top_share=D(30))
    totals = [("甲", 98), ("乙", 95), ("丙", 92), ("丁", 91), ("戊", 70), ("己", 60), ("庚", 50)]
    scores = [score_department(DepartmentFacts(n, name, order=n), scheme(base=D(t))) for n, (name, t) in
              enumerate(totals, 1)]
    graded = grade_all(scores, s)
    # 7 departments × 30% = 2.1: two may be 优秀; 丙 and 丁 fall to 良好, saying why.
    assert [g.grade for g in graded[:4]] == ["优秀", "优秀", "良好", "良好"]
    assert graded[2].grade_note == "优秀不超过参评部门的 30%（7 个部门中至多 2 个）"


def test_the_cap_on_the_top_band_takes_tied_departments_together():
    s = scheme(top_share=D(50))
    scores = [score_department(DepartmentFacts(n, name, order=n), scheme(base=D(t))) for n, (name, t) in
              enumerate([("甲", 96), ("乙", 93), ("丙", 93), ("丁", 50)], 1)]
    # Two of four may be 优秀, but 乙 and 丙 tie for second: taking both would be three, so neither.
    assert [g.grade for g in grade_all(scores, s)] == ["优秀", "良好", "良好", "较差"]


def test_the_lists_take_their_reasons_from_the_lines():
    rules = (Rule("praise", "受到上级表彰", ENTRY, BONUS, D(2), D(1)),
             Rule("notice", "督办通知未按期回复", "unanswered_notice", DEDUCTION, D(1), D(1)),
             Rule("untrue", "报送情况不实", ENTRY, DISQUALIFY))
    s = Scheme(parts=(Part("timeliness", D(100)),), rules=rules, bands=BANDS)
    good = DepartmentFacts(1, "经发局", measures={"timeliness": Ratio(10, 10)},
                           entries={"praise": (Record("entry", 1, "表彰文件"),)})
    poor = DepartmentFacts(2, "环保局", measures={"timeliness": Ratio(5, 10)},
                           events={"unanswered_notice": (item(1),)})
    flagged = DepartmentFacts(3, "水务局", measures={"timeliness": Ratio(9, 10)},
                              entries={"untrue": (Record("entry", 2, "核查通报"),)})
    results = assess([good, poor, flagged], s)
    [commended] = results.commended
    assert commended.name == "经发局"
    assert commended.reasons == ("总分 102 分，排名第 1", "受到上级表彰：牵头 1 项 × 2 分，加 2 分", "台账按时报送率 100%")
    assert [m.name for m in results.accountable] == ["水务局", "环保局"]
    assert results.accountable[0].reasons == ("取消评优：报送情况不实 1 项",)
    assert results.accountable[1].reasons == ("督办通知未按期回复：牵头 1 项 × 1 分，扣 1 分", "台账按时报送率仅 50%")


# ---- validation --------------------------------------------------------------------------


def test_the_default_scheme_is_valid_and_its_weights_sum_to_100():
    assert validate(DEFAULT_SCHEME) == []
    assert sum(p.weight for p in DEFAULT_SCHEME.parts) == 100


def test_weights_not_summing_to_100_are_refused_in_chinese():
    s = Scheme(parts=(Part("completion", D(60)), Part("timeliness", D(35))))
    assert validate(s) == ["各考核部分的权重之和须为 100 分，现为 95 分"]


@pytest.mark.parametrize("changes, message", [
    ({"style": WEIGHTED, "parts": ()}, "权重制方案至少需要一个考核部分"),
    ({"style": BASE, "base": D(0)}, "基础分制方案的基础分须大于 0"),
    ({"style": BASE, "base": D(100), "parts": (Part("completion", D(100)),)}, "基础分制方案不按权重计分，请删除各考核部分，或改用权重制"),
    ({"rules": (Rule("x", "逾期", "late_report", DEDUCTION, D(-1), D(1)),)}, "规则“逾期”的分值不能为负数（加分或减分由类型决定）"),
    ({"rules": (Rule("x", "逾期", "late_report", DEDUCTION),)}, "规则“逾期”的牵头部门分值和配合部门分值不能都为 0"),
    ({"bands": (Band("优秀", D(80)), Band("良好", D(90)))}, "等次须按最低分从高到低排列，且最低分各不相同"),
    ({"top_share": D(120)}, "优秀比例上限须在 0% 到 100% 之间"),
    ({"style": WEIGHTED, "parts": (Part("completion", D(50)), Part("completion", D(50)))}, "考核部分“牵头任务完成率”重复"),
    ({"bands": (Band("优秀", D("NaN")), Band("较差", D(0)))}, "各等次的最低分须是 0 到 100 之间的数"),
    ({"bands": (Band("优秀", D("1e400")), Band("较差", D(0)))}, "各等次的最低分须是 0 到 100 之间的数"),
])
def test_other_mistakes_are_refused_in_chinese(changes, message):
    values = {"style": BASE, "base": D(100)}
    values.update(changes)
    assert message in validate(Scheme(**values))


# ---- boundaries a mutation would cross -----------------------------------------------------


def test_the_cap_on_the_top_band_floors_the_share():
    """16 departments × 30 % = 4.8: at most 4 may be 优秀 (rounding would allow 5)."""
    s = scheme(top_share=D(30))
    scores = [score_department(DepartmentFacts(n, f"部门{n}", order=n), scheme(base=D(100 - n / 2)))
              for n in range(16)]
    graded = grade_all(scores, s)
    assert [g.grade for g in graded].count("优秀") == 4
    assert graded[4].grade == "良好" and graded[4].total == D("98.00")
    assert graded[4].grade_note == "优秀不超过参评部门的 30%（16 个部门中至多 4 个）"


@pytest.mark.parametrize("weight, good, total, points", [
    (D(25), 1, 200, D("0.13")),  # 25 × 1/200 = 0.125: half up (banker's rounding gives 0.12)
    (D(100), 201, 20000, D("1.01")),  # 1.005 exactly (as a float it is 1.00499…, and round() gives 1.0)
])
def test_a_part_is_rounded_half_up_at_the_half_cent_in_decimal(weight, good, total, points):
    parts = (Part("completion", weight), Part("timeliness", 100 - weight))
    measures = {"completion": Ratio(good, total), "timeliness": Ratio(0, 1)}
    score = score_department(DepartmentFacts(1, "经发局", measures=measures), Scheme(parts=parts, bands=BANDS))
    assert score.lines[0].points == points
    assert score.total == points



@pytest.mark.parametrize("rate, shown", [
    (Fraction(1, 400), "0.3%"),  # 0.25 %: half up, where Python's :.1f (half even) gives 0.2
    (Fraction(1, 10), "10%"),
    (Fraction(2, 3), "66.7%"),
])
def test_a_rate_is_shown_to_one_decimal_half_up(rate, shown):
    # Every rate on the score pages goes through this, the 差评率 of a satisfaction line included.
    assert percent(rate) == shown


# ---- zero-point lines ----------------------------------------------------------------------


def test_a_deduction_line_worth_nothing_is_zero_not_negative_zero_and_is_shown():
    """Both of the notice rule's records are counted by the heavier criticism rule: its line earns
    0 — shown (the records and why they earned nothing are on it), as "0", never "−0"."""
    rules = (Rule("a", "通报批评", ENTRY, DEDUCTION, D(3), D(3)),
             Rule("b", "督办通知未按期回复", "unanswered_notice", DEDUCTION, D(1), D(1)))
    facts = DepartmentFacts(1, "经发局", entries={"a": (Record("entry", 1, "通报", item=5),)},
                            events={"unanswered_notice": (item(5),)})
    score = score_department(facts, scheme(rules=rules, no_double_count=True))
    line = line_named(score, "督办通知未按期回复")
    assert str(line.points) == "0.00" and not line.points.is_signed()
    assert format_points(line.points) == "0"
    assert line.numbers == "0 项计分（另有 1 项不重复计分），扣 0 分"
    assert score.deduction_points == D(-3) and format_points(score.deduction_points) == "−3"


def test_format_points_never_shows_a_negative_zero():
    assert [format_points(v) for v in (D("-0.00"), D("-0"), D(0), D("-1.50"), D("2.00"))] == ["0", "0", "0", "−1.5", "2"]
    assert str(round_points(D("-0.004"))) == "0.00"


def test_which_lines_are_shown():
    """Every part of the scheme has a line (不适用 ones say so); a rule only when it found something."""
    parts = (Part("completion", D(50)), Part("timeliness", D(50)))
    rules = (Rule("late", "台账逾期报送", "late_report", DEDUCTION, D(1), D(1)),
             Rule("praise", "受到上级表彰", ENTRY, BONUS, D(1), D(1)))
    facts = DepartmentFacts(1, "经发局", measures={"completion": Ratio(0, 2)},
                            events={"late_report": (item(1, kind="report"),)})
    score = score_department(facts, Scheme(parts=parts, rules=rules, bands=BANDS))
    assert [(line.rule, format_points(line.points), line.note[:3]) for line in score.lines] == [
        ("牵头任务完成率", "0", ""), ("台账按时报送率", "0", "不适用"), ("台账逾期报送", "−1", "")]
