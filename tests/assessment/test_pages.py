"""The assessment office's pages: the scheme refused or saved whole, recomputing, entries,
appeals, finalising and the snapshot that later changes do not alter."""

from datetime import date
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from duban.assessment.models import Appeal, Entry, FinalLine, FinalScore, Part, Rule, Scheme
from duban.assessment.results import outcome
from duban.cases.models import Case
from duban.ledger.models import Report
from duban.supervision.models import Notice

TODAY = date(2021, 1, 15)


def scheme_post(scheme: Scheme, parts: dict | None = None, **fields) -> dict:
    """The scheme page's form as the browser would post it, with ``parts`` (measure → weight) changed."""
    data = {
        "scheme-style": scheme.style, "scheme-base_score": str(scheme.base_score),
        "scheme-bonus_cap": str(scheme.bonus_cap or ""), "scheme-deduction_cap": str(scheme.deduction_cap or ""),
        "scheme-no_double_count": "on" if scheme.no_double_count else "", "scheme-top_share": "",
        "scheme-as_of": "", "scheme-bands_text": "\n".join(f"{n} {m}" for n, m in scheme.bands),
    }
    data.update({f"scheme-{k}": v for k, v in fields.items()})
    existing = list(scheme.parts.all())
    data.update({"parts-TOTAL_FORMS": str(len(existing)), "parts-INITIAL_FORMS": str(len(existing)),
                 "parts-MIN_NUM_FORMS": "0", "parts-MAX_NUM_FORMS": "1000"})
    for i, part in enumerate(existing):
        weight = (parts or {}).get(part.measure, part.weight)
        data.update({f"parts-{i}-id": str(part.pk), f"parts-{i}-scheme": str(scheme.pk),
                     f"parts-{i}-measure": part.measure, f"parts-{i}-weight": str(weight),
                     f"parts-{i}-order": str(part.order)})
    rules = list(scheme.rules.all())
    data.update({"rules-TOTAL_FORMS": str(len(rules)), "rules-INITIAL_FORMS": str(len(rules)),
                 "rules-MIN_NUM_FORMS": "0", "rules-MAX_NUM_FORMS": "1000"})
    for i, rule in enumerate(rules):
        data.update({f"rules-{i}-{name}": str(getattr(rule, name)) for name in
                     ("name", "trigger", "effect", "lead_points", "cooperating_points", "threshold", "order")})
        data.update({f"rules-{i}-id": str(rule.pk), f"rules-{i}-scheme": str(scheme.pk),
                     f"rules-{i}-cap": "" if rule.cap is None else str(rule.cap)})
        if rule.once_per_item:
            data[f"rules-{i}-once_per_item"] = "on"
    return data


def test_weights_not_summing_to_100_are_refused_and_nothing_is_saved(year, as_user):
    scheme = year.plan.assessment_scheme
    response = as_user(year.assessor).post(reverse("assessment:scheme", args=[year.plan.pk]),
                                           scheme_post(scheme, {"completion": D(25)}))
    assert response.status_code == 400
    assert "各考核部分的权重之和须为 100 分，现为 95 分" in response.content.decode()
    assert Part.objects.get(scheme=scheme, measure="completion").weight == D(30)


def test_changing_the_scheme_recomputes(year, as_user):
    """Completion 30 → 20 and timeliness 15 → 25: 经发局 (65 → 65 points of weight applicable)
    completion 20 × 100/65 = 30.77, timeliness 25 × 100/65 × 1/2 = 19.23; the rest as before."""
    scheme = year.plan.assessment_scheme
    response = as_user(year.assessor).post(reverse("assessment:scheme", args=[year.plan.pk]),
                                           scheme_post(scheme, {"completion": D(20), "timeliness": D(25)}))
    assert response.status_code == 302
    score = outcome(year.plan, TODAY).score_of(year.jingfa.pk)
    points = {line.rule: line.points for line in score.lines}
    assert (points["牵头任务完成率"], points["台账按时报送率"]) == (D("30.77"), D("19.23"))
    assert score.total == D("30.77") + D("19.23") + D("10.26") + D("7.69") + 5


def test_lower_bands_put_jingfa_on_the_commendation_list(year, as_user):
    scheme = year.plan.assessment_scheme
    response = as_user(year.assessor).post(reverse("assessment:scheme", args=[year.plan.pk]),
                                           scheme_post(scheme, bands_text="优秀 80\n良好 70\n一般 60\n较差 0"))
    assert response.status_code == 302
    page = as_user(year.assessor).get(reverse("assessment:results", args=[year.plan.pk])).content.decode()
    commended = page.split("表扬名单")[1].split("问责名单")[0]
    assert "经发局" in commended and "工作受到上级表彰或肯定性批示" in commended


def test_a_rule_with_entries_cannot_be_deleted(year, as_user):
    scheme = year.plan.assessment_scheme
    data = scheme_post(scheme)
    index = [r.key for r in scheme.rules.all()].index("criticism")
    data[f"rules-{index}-DELETE"] = "on"
    response = as_user(year.assessor).post(reverse("assessment:scheme", args=[year.plan.pk]), data)
    assert response.status_code == 400
    assert "规则“被上级通报批评”已有登记的加减分事项，不能删除" in response.content.decode()
    assert scheme.rules.filter(key="criticism").exists()


def test_a_new_rule_takes_effect(year, as_user):
    """A base-style scheme of 100 with one new deduction: 1 point a late report, cooperating 0.5."""
    scheme = year.plan.assessment_scheme
    data = scheme_post(scheme, style="base", base_score="100")
    for key in [k for k in data if k.startswith("parts-") and k.endswith("-id")]:
        data[key.replace("-id", "-DELETE")] = "on"
    n = int(data["rules-TOTAL_FORMS"])
    data.update({"rules-TOTAL_FORMS": str(n + 1), f"rules-{n}-name": "台账逾期报送", f"rules-{n}-trigger": "late_report",
                 f"rules-{n}-effect": "deduction", f"rules-{n}-lead_points": "1", f"rules-{n}-cooperating_points": "0.5",
                 f"rules-{n}-threshold": "1", f"rules-{n}-order": "9", f"rules-{n}-cap": ""})
    response = as_user(year.assessor).post(reverse("assessment:scheme", args=[year.plan.pk]), data)
    assert response.status_code == 302, response.content.decode()
    points = {line.rule: line.points for line in outcome(year.plan, TODAY).score_of(year.guijian.pk).lines}
    # 规建局: base 100, its one late report was cooperating (0.5), commendation 1.
    assert points == {"基础分": D(100), "工作受到上级表彰或肯定性批示": D(1), "台账逾期报送": D("-0.50")}


def test_the_office_records_entries_that_change_the_score(year, as_user):
    client = as_user(year.assessor)
    rule = year.plan.assessment_scheme.rules.get(key="criticism")
    response = client.post(reverse("assessment:entries", args=[year.plan.pk]), {
        "rule": rule.pk, "department": year.guijian.pk, "item": "", "document": "准东督办〔2020〕12号",
        "date": "2020-12-10", "note": "推进不力"})
    assert response.status_code == 302
    assert outcome(year.plan, TODAY).score_of(year.guijian.pk).total == D("56.33")  # 59.33 − 3
    entry = Entry.objects.get(document="准东督办〔2020〕12号")
    client.post(reverse("assessment:entry_delete", args=[entry.pk]))
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert outcome(year.plan, TODAY).score_of(year.guijian.pk).total == D("59.33")


def test_an_appeal_is_recorded_by_case_number_only_for_a_bad_rating(year, as_user):
    client = as_user(year.assessor)
    url = reverse("assessment:appeals", args=[year.plan.pk])
    good = client.post(url, {"number": "SW-000", "outcome": "overturned", "reason": "x", "decided_on": "2020-12-01"})
    assert "办件“SW-000”的评价不是差评（不满意、非常不满意），无需申诉复核" in good.content.decode()
    twice = client.post(url, {"number": "SW-009", "outcome": "overturned", "reason": "x", "decided_on": "2020-12-01"})
    assert "办件“SW-009”已登记申诉复核结果" in twice.content.decode()
    Appeal.objects.filter(case__number="SW-008").delete()
    case = Case.objects.get(number="SW-008")
    assert client.post(url, {"number": "SW-008", "outcome": "overturned", "reason": "非本部门原因",
                             "decided_on": "2020-12-01"}).status_code == 302
    assert Appeal.objects.get(case=case).outcome == "overturned"
    # Both 差评 overturned: 10/10, satisfaction 10 points; 水务局 35 → 36.
    assert outcome(year.plan, TODAY).score_of(year.shuiwu.pk).total == D("36.00")


def test_finalising_freezes_a_snapshot_that_later_changes_do_not_alter(year, as_user, office):
    client = as_user(year.assessor)
    before = outcome(year.plan, TODAY)
    assert client.post(reverse("assessment:finalise", args=[year.plan.pk])).status_code == 302
    assert FinalScore.objects.filter(scheme__plan=year.plan).count() == 3
    assert FinalLine.objects.filter(score__scheme__plan=year.plan).count() == sum(len(s.lines) for s in
                                                                                  before.results.scores)
    # The data changes after: 经发局's missing report is filed, a new notice goes unanswered, a rating is overturned.
    item = year.i1
    Report.objects.create(zone=item.zone, assignment=item.assignments.get(department=year.jingfa),
                          department=year.jingfa, item=item, cycle=year.plan.cycles.get(label="2020年第四季度"),
                          is_lead=True, created_by=office, state="submitted", submitted_at=before.plan.imported_at)
    Notice.objects.create(zone=item.zone, item=year.i2, department=year.guijian, instruction="催办", issued_by=office,
                          reply_due=date(2020, 12, 1))
    Appeal.objects.filter(case__number="SW-008").update(outcome="overturned")
    after = outcome(year.plan, TODAY)
    assert after.final
    assert [(s.name, s.total, s.grade, s.rank) for s in after.results.scores] == [
        (s.name, s.total, s.grade, s.rank) for s in before.results.scores]
    assert [line.numbers for line in after.score_of(year.shuiwu.pk).lines] == [
        line.numbers for line in before.score_of(year.shuiwu.pk).lines]
    assert after.score_of(year.shuiwu.pk).flags == before.score_of(year.shuiwu.pk).flags
    # The scheme and the entries are closed; a second finalising is refused.
    scheme = Scheme.objects.get(plan=year.plan)
    response = client.post(reverse("assessment:scheme", args=[year.plan.pk]), scheme_post(scheme, {"completion": 20}))
    assert response.status_code == 403 or "考核结果已定稿" in response.content.decode()
    assert Part.objects.get(scheme=scheme, measure="completion").weight == D(30)
    rule = scheme.rules.get(key="criticism")
    client.post(reverse("assessment:entries", args=[year.plan.pk]), {
        "rule": rule.pk, "department": year.guijian.pk, "document": "定稿后", "date": "2020-12-10"})
    assert not Entry.objects.filter(document="定稿后").exists()
    client.post(reverse("assessment:finalise", args=[year.plan.pk]))
    assert FinalScore.objects.filter(scheme__plan=year.plan).count() == 3


def test_a_snapshot_row_cannot_be_changed(year):
    from duban.assessment.results import finalise

    finalise(year.plan, year.assessor, TODAY)
    score = FinalScore.objects.get(scheme__plan=year.plan, department=year.jingfa)
    score.total = D(100)
    with pytest.raises(Exception, match="考核结果已定稿"):
        score.save()
    assert FinalScore.objects.get(pk=score.pk).total == D("80.64")


def test_every_change_is_on_the_audit_trail(year, as_user):
    client = as_user(year.assessor)
    client.post(reverse("assessment:scheme", args=[year.plan.pk]),
                scheme_post(year.plan.assessment_scheme, {"completion": 20, "timeliness": 25}))
    client.post(reverse("assessment:finalise", args=[year.plan.pk]))
    logged = set(LogEntry.objects.filter(additional_data__zone=year.plan.zone_id)
                 .values_list("content_type__model", flat=True))
    assert {"scheme", "part", "rule", "entry", "appeal", "finalscore", "finalline"} <= logged
    change = LogEntry.objects.filter(content_type__model="part", action=LogEntry.Action.UPDATE).first()
    assert change.actor == year.assessor and "weight" in change.changes_dict


def test_the_pages_show_every_line_with_links(year, as_user):
    page = as_user(year.assessor).get(reverse("assessment:department", args=[year.plan.pk, year.shuiwu.pk]))
    text = page.content.decode()
    assert "总分 <strong class=\"total\">35</strong>" in text
    assert reverse("cases:target", args=[year.target.pk]) in text
    assert reverse("cases:detail", args=[Case.objects.get(number="SW-008").pk]) in text
    assert "同一任务已计入“被上级通报批评”，不重复计分" in text
    results = as_user(year.assessor).get(reverse("assessment:results", args=[year.plan.pk])).content.decode()
    assert results.index("经发局") < results.index("规建局") < results.index("水务局")


def test_the_default_scheme_applies_until_one_is_saved(zone, plan, make_user, as_user, pinned):
    pinned(date(2020, 7, 10))
    assessor = make_user("jx2", zone, "党政办", "assessor")
    client = as_user(assessor)
    page = client.get(reverse("assessment:scheme", args=[plan.pk])).content.decode()
    assert "默认方案" in page and "牵头任务完成率" in page
    assert not Scheme.objects.filter(plan=plan).exists()  # a GET writes nothing
    client.post(reverse("assessment:scheme_start", args=[plan.pk]))
    scheme = Scheme.objects.get(plan=plan)
    assert sum(p.weight for p in scheme.parts.all()) == 100
    assert Rule.objects.filter(scheme=scheme).count() == 6


def test_finalising_waits_for_the_year_end(year, as_user, pinned):
    pinned(date(2020, 12, 20))
    client = as_user(year.assessor)
    response = client.post(reverse("assessment:finalise", args=[year.plan.pk]), follow=True)
    assert "考核截止日期（2020年12月31日）过后才能定稿" in response.content.decode()
    assert not FinalScore.objects.exists()
    # An earlier 考核截止日期 lets the office finalise on what came in by then.
    Scheme.objects.filter(plan=year.plan).update(as_of=date(2020, 11, 30))
    client.post(reverse("assessment:finalise", args=[year.plan.pk]))
    assert Scheme.objects.get(plan=year.plan).finalised_as_of == date(2020, 11, 30)
    assert FinalScore.objects.count() == 3


def test_moving_a_part_onto_a_measure_deleted_in_the_same_save_is_refused_not_an_error(year, as_user):
    scheme = year.plan.assessment_scheme
    data = scheme_post(scheme)
    measures = [data[f"parts-{i}-measure"] for i in range(int(data["parts-TOTAL_FORMS"]))]
    first, second = measures.index("completion"), measures.index("timeliness")
    data.update({f"parts-{first}-measure": "timeliness", f"parts-{first}-weight": "45",
                 f"parts-{second}-DELETE": "on"})
    response = as_user(year.assessor).post(reverse("assessment:scheme", args=[year.plan.pk]), data)
    assert response.status_code == 400
    assert "同一考核内容只能有一个考核部分" in response.content.decode()
    assert Part.objects.get(scheme=scheme, measure="completion").weight == D(30)
    assert Part.objects.get(scheme=scheme, measure="timeliness").weight == D(15)


def test_a_zero_point_line_shows_0_on_the_page_and_in_the_download(year, as_user):
    """Without its late answer on （一）2, 水务局's only unanswered notice is on （二）1, counted by
    the criticism: the notice line is shown (with the remark), worth 0 — not "−0"."""
    import io
    import math
    import re

    import openpyxl

    Notice.objects.filter(department=year.shuiwu, item=year.i2).delete()
    client = as_user(year.assessor)
    page = client.get(reverse("assessment:department", args=[year.plan.pk, year.shuiwu.pk])).content.decode()
    row = page.split("督办通知未按期回复</td>")[1].split("</tr>")[0]
    assert '<td class="points">0</td>' in row and "同一任务已计入“被上级通报批评”，不重复计分" in row
    assert not re.search(r'class="points[^"]*">[−-]0<', page) and not re.search(r"[−-]0 分", page)
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(reverse("assessment:department_xlsx", args=[year.plan.pk, year.shuiwu.pk])).content))
    [cell] = [row[4] for row in book["得分明细"].iter_rows(values_only=True) if row[2] == "督办通知未按期回复"]
    assert cell == 0 and math.copysign(1, cell) == 1


def test_a_scheme_with_the_same_part_twice_is_refused_in_chinese(year, as_user):
    scheme = year.plan.assessment_scheme
    data = scheme_post(scheme, {"completion": 20})
    n = int(data["parts-TOTAL_FORMS"])
    data.update({"parts-TOTAL_FORMS": str(n + 1), f"parts-{n}-measure": "completion", f"parts-{n}-weight": "10",
                 f"parts-{n}-order": "9"})
    response = as_user(year.assessor).post(reverse("assessment:scheme", args=[year.plan.pk]), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "考核部分“牵头任务完成率”重复：同一考核内容只能有一个考核部分，请删除多余的一行" in text
    assert "measure的重复数据" not in text
    assert [(p.measure, p.weight) for p in Part.objects.filter(scheme=scheme, measure="completion")] == [
        ("completion", D(30))]


def test_appeals_are_frozen_once_the_scores_are_finalised(year, as_user):
    """After 定稿 no appeal is decided, changed or removed: the page offers no form, and a POST —
    to record or to delete — is refused with a Chinese message and changes nothing."""
    from duban.assessment.editing import AppealsFrozen, add_appeal
    from duban.assessment.forms import AppealForm
    from duban.assessment.results import finalise

    client = as_user(year.assessor)
    url = reverse("assessment:appeals", args=[year.plan.pk])
    assert "登记复核结果" in client.get(url).content.decode()
    finalise(year.plan, year.assessor, TODAY)
    page = client.get(url).content.decode()
    assert "考核结果已定稿，本年度的差评申诉复核结果不能再登记、修改或删除" in page
    assert "登记复核结果" not in page and "appeal_delete" not in page and "删除</button>" not in page
    upheld = Appeal.objects.get(case__number="SW-008")
    response = client.post(reverse("assessment:appeal_delete", args=[upheld.pk]), follow=True)
    assert "考核结果已定稿，本年度的差评申诉复核结果不能再登记、修改或删除" in response.content.decode()
    assert Appeal.objects.filter(pk=upheld.pk, outcome="upheld").exists()
    upheld.delete()  # as if never decided: a new decision is refused too
    response = client.post(url, {"number": "SW-008", "outcome": "overturned", "reason": "x",
                                 "decided_on": "2021-01-10"}, follow=True)
    assert "考核结果已定稿，本年度的差评申诉复核结果不能再登记、修改或删除" in response.content.decode()
    assert not Appeal.objects.filter(case__number="SW-008").exists()
    form = AppealForm({"number": "SW-008", "outcome": "overturned", "reason": "x", "decided_on": "2021-01-10"},
                      zone_id=year.plan.zone_id)
    assert form.is_valid()
    with pytest.raises(AppealsFrozen):
        add_appeal(form, year.plan.zone_id, year.assessor)
    assert not Appeal.objects.filter(case__number="SW-008").exists()


@pytest.mark.parametrize("as_of, shown", [("2021-01-31", "2021年1月31日"), ("2019-12-31", "2019年12月31日")])
def test_the_cut_off_day_must_lie_within_the_plan_year(year, as_user, as_of, shown):
    scheme = year.plan.assessment_scheme
    client = as_user(year.assessor)
    response = client.post(reverse("assessment:scheme", args=[year.plan.pk]), scheme_post(scheme, as_of=as_of))
    assert response.status_code == 400
    assert (f"考核截止日期：{shown}不在方案年度内，须在2020年1月1日至2020年12月31日之间（留空为2020年12月31日）"
            in response.content.decode())
    assert Scheme.objects.get(pk=scheme.pk).as_of is None
    ok = client.post(reverse("assessment:scheme", args=[year.plan.pk]), scheme_post(scheme, as_of="2020-12-15"))
    assert ok.status_code == 302 and Scheme.objects.get(pk=scheme.pk).as_of == date(2020, 12, 15)


def test_every_stamp_comes_from_dubans_clock(year, as_user, pinned):
    """A replayed year dates what the assessment office did in that year, not on the machine's day."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = pinned(datetime(2021, 1, 15, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    client = as_user(year.assessor)
    scheme = year.plan.assessment_scheme
    assert client.post(reverse("assessment:scheme", args=[year.plan.pk]), scheme_post(scheme)).status_code == 302
    rule = scheme.rules.get(key="criticism")
    client.post(reverse("assessment:entries", args=[year.plan.pk]), {
        "rule": rule.pk, "department": year.guijian.pk, "document": "准东督办〔2020〕12号", "date": "2020-12-10"})
    Appeal.objects.filter(case__number="SW-008").delete()
    client.post(reverse("assessment:appeals", args=[year.plan.pk]), {
        "number": "SW-008", "outcome": "upheld", "reason": "属实", "decided_on": "2021-01-10"})
    client.post(reverse("assessment:finalise", args=[year.plan.pk]))
    scheme = Scheme.objects.get(pk=scheme.pk)
    assert scheme.updated_at == moment and scheme.finalised_at == moment
    assert Entry.objects.get(document="准东督办〔2020〕12号").recorded_at == moment
    assert Appeal.objects.get(case__number="SW-008").recorded_at == moment


@pytest.mark.parametrize("text, message", [
    ("优秀 NaN\n良好 80\n较差 0", "等次第 1 行：最低分“NaN”须是 0 到 100 之间的数"),
    ("优秀 inf\n良好 80\n较差 0", "等次第 1 行：最低分“inf”须是 0 到 100 之间的数"),
    ("优秀 1e400\n良好 80\n较差 0", "等次第 1 行：最低分“1e400”须是 0 到 100 之间的数"),
    ("优秀 90\n良好 -Infinity\n较差 0", "等次第 2 行：最低分“-Infinity”须是 0 到 100 之间的数"),
    ("优秀 120\n良好 80\n较差 0", "等次第 1 行：最低分“120”须是 0 到 100 之间的数"),
    ("优秀 90\n良好 80\n较差 -5", "等次第 3 行：最低分“-5”须是 0 到 100 之间的数"),
    ("优秀 80\n良好 90\n较差 0", "等次须按最低分从高到低排列，且最低分各不相同"),
    ("优秀 90\n良好 90\n较差 0", "等次须按最低分从高到低排列，且最低分各不相同"),
])
def test_grade_bands_must_be_finite_ordered_scores_within_0_to_100(year, as_user, text, message):
    scheme = year.plan.assessment_scheme
    response = as_user(year.assessor).post(reverse("assessment:scheme", args=[year.plan.pk]),
                                           scheme_post(scheme, bands_text=text))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).bands == scheme.bands
