"""RAG status rules, on a fixed clock."""

from datetime import date

from duban.ledger import flow, status
from duban.ledger.models import ItemStatus, Report, ReportTransition
from duban.ledger.status import AMBER, GREEN, RED, CycleFacts, ItemFacts, assess

JUNE_DUE, JULY_DUE = date(2020, 6, 25), date(2020, 7, 25)


def facts(*filed: bool, deadline=None, latest=None, accepted_done=False) -> ItemFacts:
    dues = [JUNE_DUE, JULY_DUE]
    cycles = tuple(CycleFacts(f"{d.month}月", d, f) for d, f in zip(dues, filed))
    return ItemFacts(deadline, cycles, latest, accepted_done=accepted_done)


def test_on_track_is_green():
    assert assess(facts(True, True), date(2020, 7, 26), 15).colour == GREEN


def test_a_cycle_not_due_yet_is_not_late():
    assert assess(facts(True, False), date(2020, 7, 25), 15).colour == GREEN


def test_one_late_report_is_amber_and_says_which():
    result = assess(facts(True, False), date(2020, 7, 26), 15)
    assert result.colour == AMBER
    assert result.reasons == ["7月台账逾期未报送（截止 2020年7月25日）"]


def test_two_missed_cycles_are_red():
    result = assess(facts(False, False), date(2020, 7, 26), 15)
    assert result.colour == RED and "2 期台账未报送" in result.reasons[0]


def test_at_risk_self_assessment_is_amber():
    assert assess(facts(True, True, latest=Report.SelfStatus.AT_RISK), date(2020, 8, 1), 15).colour == AMBER


def test_deadline_window_and_overdue():
    deadline = date(2020, 8, 10)
    assert assess(facts(True, True, deadline=deadline), date(2020, 7, 26), 15).colour == AMBER
    assert assess(facts(True, True, deadline=deadline), date(2020, 7, 20), 15).colour == GREEN
    overdue = assess(facts(True, True, deadline=deadline), date(2020, 8, 11), 15)
    assert overdue.colour == RED and overdue.reasons[0] == "已超过完成时限（2020年8月10日）"


def test_accepted_done_is_green_even_past_the_deadline():
    result = assess(facts(False, False, deadline=date(2020, 6, 30), accepted_done=True), date(2020, 9, 1), 15)
    assert (result.colour, result.done) == (GREEN, True)


def test_a_done_claim_not_yet_accepted_does_not_override_the_rules():
    result = assess(facts(False, False, deadline=date(2020, 6, 30), latest=Report.SelfStatus.DONE), date(2020, 9, 1), 15)
    assert (result.colour, result.done) == (RED, False)


def test_a_done_claim_not_yet_accepted_with_every_cycle_filed_is_green_but_not_done():
    result = assess(facts(True, True, latest=Report.SelfStatus.DONE), date(2020, 7, 26), 15)
    assert (result.colour, result.done, result.reasons) == (GREEN, False, ["正常推进"])


def file_lead_report(plan, item, label, liaison, self_status=Report.SelfStatus.ON_TRACK) -> Report:
    """The lead department's report on ``item`` for the cycle ``label``, submitted by ``liaison``."""
    lead = item.assignments.get(role="lead")
    report = Report.objects.create(
        zone_id=plan.zone_id, assignment=lead, department=lead.department, item=item,
        cycle=plan.cycles.get(label=label), is_lead=True, created_by=liaison, self_status=self_status,
    )
    return flow.transition(report, ReportTransition.Action.SUBMIT, liaison)


def stored(item) -> tuple[str, bool]:
    item_status = ItemStatus.objects.get(item=item)
    return item_status.colour, item_status.done


def test_a_red_item_stays_red_on_a_done_claim_until_the_office_accepts_it(
    plan, water_item, liaison, guijian_head, office, pinned
):
    """January to March missed; only March is filed, as 已完成: the gap stays, so red until accepted."""
    status.refresh(plan, pinned(date(2020, 4, 1)))
    assert stored(water_item) == (RED, False)
    report = file_lead_report(plan, water_item, "2020年3月", liaison, Report.SelfStatus.DONE)
    assert stored(water_item) == (RED, False)
    assert "2 期台账未报送：2020年1月、2020年2月" in ItemStatus.objects.get(item=water_item).reasons[0]
    report = flow.transition(report, ReportTransition.Action.APPROVE, guijian_head)
    assert stored(water_item) == (RED, False)
    flow.transition(report, ReportTransition.Action.ACCEPT, office)
    assert stored(water_item) == (GREEN, True)
    assert ItemStatus.objects.get(item=water_item).reasons == ["牵头部门报告已完成，办公室已确认"]


def test_a_submitted_done_claim_with_every_cycle_filed_is_green_but_not_done(plan, water_item, liaison, pinned):
    pinned(date(2020, 3, 1))
    file_lead_report(plan, water_item, "2020年1月", liaison)
    file_lead_report(plan, water_item, "2020年2月", liaison, Report.SelfStatus.DONE)
    assert stored(water_item) == (GREEN, False)


def test_a_later_accepted_report_not_done_undoes_done(plan, water_item, liaison, pinned):
    """Done follows the latest accepted report: an accepted 正常推进 after an accepted 已完成 reopens the item."""
    today = pinned(date(2020, 3, 1))
    lead = water_item.assignments.get(role="lead")
    for label, self_status in [("2020年1月", Report.SelfStatus.DONE), ("2020年2月", Report.SelfStatus.ON_TRACK)]:
        Report.objects.create(
            zone_id=plan.zone_id, assignment=lead, department=lead.department, item=water_item,
            cycle=plan.cycles.get(label=label), is_lead=True, created_by=liaison, self_status=self_status,
            state=Report.State.ACCEPTED,
        )
    assert status.refresh(plan, today)[water_item.pk].done is False


def test_with_several_lead_departments_every_one_must_be_accepted_done(plan, water_item, liaison, pinned):
    from duban.plans.models import Assignment

    today = pinned(date(2020, 2, 1))
    second = Assignment.objects.create(
        zone_id=plan.zone_id, item=water_item, role=Assignment.Role.LEAD,
        department=plan.zone.departments.get(name="经发局"),
    )
    january = plan.cycles.get(label="2020年1月")

    def accept_done(assignment):
        Report.objects.create(
            zone_id=plan.zone_id, assignment=assignment, department=assignment.department, item=water_item,
            cycle=january, is_lead=True, created_by=liaison, self_status=Report.SelfStatus.DONE,
            state=Report.State.ACCEPTED,
        )

    accept_done(water_item.assignments.get(role="lead", department__name="规建局"))
    assert status.refresh(plan, today)[water_item.pk].done is False
    accept_done(second)
    assert status.refresh(plan, today)[water_item.pk].done is True


def test_red_turns_back_only_when_the_missed_reports_are_made_up(plan, water_item, liaison, pinned):
    """Stored statuses through time: January and February missed → red; filing one → amber; both → green."""
    today = pinned(date(2020, 3, 1))
    status.refresh(plan, today)
    item_status = ItemStatus.objects.get(item=water_item)
    assert item_status.colour == RED
    lead = water_item.assignments.get(role="lead")
    for label, expected in [("2020年1月", AMBER), ("2020年2月", GREEN)]:
        report = Report.objects.create(
            zone_id=plan.zone_id, assignment=lead, department=lead.department, item=water_item,
            cycle=plan.cycles.get(label=label), is_lead=True, created_by=liaison,
        )
        flow.transition(report, ReportTransition.Action.SUBMIT, liaison)
        assert ItemStatus.objects.get(item=water_item).colour == expected
    history = list(water_item.status_changes.order_by("pk").values_list("from_colour", "to_colour"))
    assert history == [("", RED), (RED, AMBER), (AMBER, GREEN)]


def test_a_cooperating_report_does_not_count_for_the_lead(plan, water_item, shuiwu, pinned):
    today = pinned(date(2020, 2, 1))
    cooperating = water_item.assignments.get(role="cooperating")
    report = Report.objects.create(
        zone_id=plan.zone_id, assignment=cooperating, department=cooperating.department, item=water_item,
        cycle=plan.cycles.get(label="2020年1月"), is_lead=False, created_by=shuiwu,
    )
    flow.transition(report, ReportTransition.Action.SUBMIT, shuiwu)
    assert status.refresh(plan, today)[water_item.pk].colour == AMBER


def test_findings_of_other_apps_colour_the_item(plan, water_item, pinned):
    from duban.ledger.status import Finding, _finders, register_finder

    def water_target_missed(plan_, today):
        return {water_item.pk: [Finding(RED, "用水报装时间中位数 22 工作日，未达到 ≤ 20 工作日")]}

    register_finder(water_target_missed)
    try:
        result = status.refresh(plan, pinned(date(2020, 1, 20)))[water_item.pk]
    finally:
        _finders.remove(water_target_missed)
    assert result.colour == RED and result.reasons == ["用水报装时间中位数 22 工作日，未达到 ≤ 20 工作日"]
