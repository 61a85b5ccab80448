"""`duban demo --no-serve`: the demo zone loads a finished 2020 year, prints its logins, and loads again unchanged."""

from datetime import date
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from duban.accounts.models import User
from duban.assessment.models import Appeal, Entry, Scheme
from duban.assessment.results import outcome
from duban.cases.models import Case, ServiceType
from duban.cases.targets import plan_target_actuals
from duban.closing.dossier import answer_of
from duban.closing.models import Line, LineStep, Reconciliation
from duban.dashboard.figures import figures
from duban.demo.loading import DEMO_ACCOUNTS, load_ledger
from duban.ledger.models import Evidence, ItemStatus, Report, ReportTransition, StatusChange
from duban.meetings.compliance import behind
from duban.meetings.models import Decision, Meeting
from duban.notifications.models import Notification
from duban.plans.models import Assignment, Item, Plan, Target
from duban.supervision.models import Notice
from duban.zones.models import Department

YEAR_END = date(2020, 12, 28)  # the demo's pinned day
DONE = {"（一）第1项", "（一）第2项", "（二）第2项", "（三）第1项", "（三）第2项", "（四）", "（六）", "（八）第1项",
        "（八）第2项", "（九）", "（十一）"}


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    """Rows of everything the demo loads, and of the audit trail: a second run must write nothing."""
    models = (Department, Plan, Assignment, Target, User, Report, ReportTransition, Evidence, ItemStatus, StatusChange,
              ServiceType, Case, Meeting, Decision, Notice, Notification, Reconciliation, Line, LineStep, Scheme, Entry,
              Appeal, LogEntry)
    return tuple(model.objects.count() for model in models)


@pytest.fixture
def demo_settings(settings, monkeypatch):
    settings.DEBUG = True  # as scripts/demo runs it (DUBAN_DEBUG=1)
    monkeypatch.setenv("DUBAN_TODAY", "")  # the command pins the clock in the environment; restored after
    return settings


def test_the_demo_loads_a_finished_year_once_and_prints_the_logins(db, demo_settings):
    printed = run_demo()
    for account in DEMO_ACCOUNTS:
        assert f"{account.username}" in printed and account.password in printed
    assert "准东开发区" in printed and "2020-12-28" in printed

    plan = Plan.objects.get()
    assert plan.tasks.count() == 12 and ItemStatus.objects.filter(item__task__plan=plan).count() == 17

    # The ledger: every month of the year reported, completion rising month by month to the end.
    months = set(Report.objects.values_list("cycle__label", flat=True))
    assert months == {f"2020年{m}月" for m in range(1, 13)}
    for item in Item.objects.filter(task__plan=plan).select_related("task"):
        rising = list(Report.objects.filter(item=item, is_lead=True).order_by("cycle__start")
                      .values_list("completion", flat=True))
        assert rising == sorted(rising) and len(rising) >= 5, item.code
    # Most items done during the year (已完成, accepted by the office); （五） and （七） past their 完成时限.
    statuses = {s.item.code: s for s in ItemStatus.objects.select_related("item__task")}
    assert {c for c, s in statuses.items() if s.done} == DONE
    for overdue, deadline in (("（五）", "2020年9月30日"), ("（七）", "2020年10月31日")):
        assert statuses[overdue].colour == "red" and f"已超过完成时限（{deadline}）" in statuses[overdue].reasons[0]
    assert statuses["（八）第3项"].colour == "red" and statuses["（二）第1项"].colour == "amber"
    # （七）'s history: a late report in June, at risk from September, overdue once its 完成时限 had passed.
    history = StatusChange.objects.filter(item__task__number="（七）").order_by("as_of")
    assert [(c.as_of.month, c.to_colour) for c in history] == [
        (1, "green"), (6, "amber"), (7, "green"), (9, "amber"), (11, "red")]
    # Sent back for rework during the year; at year end some reports await the head, the office, the liaison.
    assert ReportTransition.objects.filter(action="return").count() >= 10
    assert {"submitted", "approved", "returned"} <= set(Report.objects.values_list("state", flat=True))
    assert Evidence.objects.filter(report__self_status="done", report__is_lead=True).count() == len(DONE)
    # Transitions carry the replayed days, not the machine's.
    assert {timezone.localtime(t.at).year for t in ReportTransition.objects.all()} == {2020}

    # The leaders' dashboard: items done, and the timeliness a department is ranked by, with late and missing.
    shown = figures(plan, YEAR_END)
    assert (shown.completion.done, shown.completion.items) == (11, 17) and shown.completion.progress > 85
    assert shown.rag["red"] == 3 and shown.timeliness.rate > 0.8
    assert sum(d.late for d in shown.timeliness.departments) > 20
    assert sum(d.missing for d in shown.timeliness.departments) > 20

    # Meetings in all four quarters; 组织部, 党政办 and 环保局 missed one or more; three actions overdue.
    assert {(m.month - 1) // 3 for m in Meeting.objects.values_list("date", flat=True)} == {0, 1, 2, 3}
    assert {d.name for d in behind(plan, YEAR_END)} == {"组织部（人社局）", "党政办", "环保局"}
    overdue = Decision.objects.filter(status=Decision.Status.OPEN, due__lt=YEAR_END)
    assert sorted(overdue.values_list("owner__name", flat=True)) == ["党政办", "环保局", "经发局"]

    # 督办通知: answered on time, answered late, unanswered, still awaiting an answer.
    answers = [answer_of(n, YEAR_END) for n in Notice.objects.all()]
    assert set(answers) == {"按期回复", "逾期回复", "逾期未回复", "待回复"}
    assert {timezone.localtime(n.issued_at).year for n in Notice.objects.all()} == {2020}

    # Cases of the whole year, within it; most targets met, 居民燃气报装 and 环评审批 missed.
    received = Case.objects.values_list("received_on", flat=True)
    assert Case.objects.count() > 2500 and min(received) >= date(2020, 1, 1) and max(received) <= YEAR_END
    colours = {a.target.subject: a.colour for a in plan_target_actuals(plan, YEAR_END) if a.colour}
    assert {s for s, c in colours.items() if c == "red"} == {"居民燃气报装时间", "环评审批时间"}
    assert sum(c == "green" for c in colours.values()) >= 5

    # The assessment, computed (not finalised): the lead departments that did their items on top, 环保局 last.
    scheme = Scheme.objects.get(plan=plan)
    assert not scheme.is_final and Entry.objects.count() == 5 and Appeal.objects.count() == 2
    results = outcome(plan, YEAR_END).results
    assert len(results.scores) == Department.objects.count()
    ranked = [s.name for s in results.scores]
    assert set(ranked[:4]) == {"市场监管分局", "经发局", "组织部（人社局）", "国网昌吉供电公司准东分公司"}
    assert ranked[-1] == "环保局"
    assert [m.name for m in results.commended] == ranked[:4]  # 优秀 capped at 30 %
    assert all(m.reasons[0].startswith("总分") for m in results.commended)
    # a bonus or a full part besides the total (国网, which only cooperates, has neither)
    assert all(len(m.reasons) > 1 for m in results.commended if m.name != "国网昌吉供电公司准东分公司")
    # 国土分局's one lead item was carried over (结转): completion 0 %, 较差 — but not 取消评优.
    carried, accountable = results.accountable
    assert (carried.name, carried.grade, carried.reasons) == ("国土分局", "较差", ("牵头任务完成率仅 0%",))
    assert accountable.name == "环保局" and accountable.grade == "较差"
    assert any("被上级通报批评" in r for r in accountable.reasons)
    assert any("督办通知未按期回复" in r for r in accountable.reasons)

    before = counts()
    run_demo()
    assert counts() == before


def test_the_demo_runs_on_the_real_date_whatever_year_it_is(db, demo_settings, monkeypatch):
    """--today "": the real date, here years after the calendar's last: cases stay in the plan's year."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2031, 5, 1))
    printed = run_demo("--today", "")
    assert "演示时钟" not in printed
    received = Case.objects.values_list("received_on", flat=True)
    assert min(received) >= date(2020, 1, 1) and max(received) <= date(2020, 12, 31)
    assert Report.objects.filter(cycle__label="2020年12月").exists() and Reconciliation.objects.exists()


def test_the_demo_refuses_a_day_that_is_not_a_date(db, demo_settings):
    with pytest.raises(CommandError, match="--today 须为日期"):
        run_demo("--today", "2020-13-01")
    assert not Plan.objects.exists()


def test_a_mid_year_demo_day_replays_the_ledger_up_to_it(plan):
    load_ledger(plan, date(2020, 7, 10))
    assert set(Report.objects.values_list("cycle__label", flat=True)) == {f"2020年{m}月" for m in range(1, 7)}
    latest = Report.objects.filter(cycle__label="2020年6月", is_lead=True)
    assert latest.filter(state__in=("submitted", "approved")).exists()  # June's reports still under review
    assert set(ItemStatus.objects.filter(done=True).values_list("item__task__number", flat=True)) == {"（一）", "（四）"}
