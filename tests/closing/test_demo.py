"""The demo's reconciliation is in progress at year end: some sheets confirmed, one disputed, dated through December."""

from datetime import date

from django.utils import timezone

from duban.closing.dossier import counts_of, sheet_status, with_counts
from duban.closing.models import Attachment, Line, LineStep, Reconciliation, Sheet
from duban.demo.loading import load_accounts
from duban.demo.reconciliation import load_reconciliation
from duban.notifications.models import Notification

YEAR_END = date(2020, 12, 28)


def test_the_demo_reconciliation_is_in_progress_at_year_end_and_loads_once(plan, zone):
    load_accounts(zone)
    assert load_reconciliation(plan, YEAR_END) > 0
    reconciliation = Reconciliation.objects.get(plan=plan)
    assert not reconciliation.is_closed and reconciliation.opened_by.username == "office"
    states = {}
    for sheet in with_counts(reconciliation.sheets.select_related("department")):
        states.setdefault(sheet_status(sheet, counts_of(sheet))[0], []).append(sheet.department.name)
    assert sorted(states["confirmed"]) == sorted([
        "党政办", "组织部（人社局）", "财政局", "市场监管分局", "国土分局", "奇台县协调办", "木垒县协调办", "吉木萨尔县协调办"])
    assert states["disputed"] == ["规建局"] and states["ready"] == ["税务局"]
    assert {"经发局", "水务局", "环保局"} <= set(states["open"])
    decisions = set(Line.objects.exclude(decision="").values_list("decision", flat=True))
    assert decisions == {"closed", "carried_over", "adjusted", "returned"}
    # 经发局 is half way: lines closed out, （七） sent back, two awaiting the office, one not applied for.
    jingfa = Line.objects.filter(sheet__department__name="经发局")
    assert jingfa.filter(state="decided", decision="closed").count() >= 5
    assert jingfa.get(state="returned").item.code == "（七）"
    assert jingfa.filter(state="applied").count() == 2 and jingfa.filter(state="pending").exists()
    assert set(Line.objects.filter(sheet__department__name="水务局").values_list("state", flat=True)) == {"applied"}
    assert set(Line.objects.filter(sheet__department__name="环保局").values_list("state", flat=True)) == {"pending"}
    disputed = Line.objects.get(state="disputed")
    assert disputed.sheet.department.name == "规建局" and disputed.steps.last().by.username == "guijian_head"
    carried = Line.objects.get(decision="carried_over", state="decided")
    assert carried.sheet.department.name == "国土分局" and carried.new_deadline == date(2021, 6, 30)
    assert Attachment.objects.filter(purpose="approval").count() == 1

    # Every step happened in December, up to the demo's day, and a line's steps in order.
    days = [timezone.localtime(s.at).date() for s in LineStep.objects.order_by("pk")]
    assert min(days) >= date(2020, 12, 1) and max(days) <= YEAR_END
    for line in Line.objects.exclude(state="pending"):
        steps = [timezone.localtime(s.at).date() for s in line.steps.order_by("pk")]
        assert steps == sorted(steps)
    assert timezone.localtime(reconciliation.opened_at).date() == date(2020, 12, 1)
    # Every date closing wrote is in the replayed December, none on the machine's calendar.
    stamps = [*Line.objects.values_list("applied_at", flat=True), *Line.objects.values_list("decided_at", flat=True),
              *Sheet.objects.values_list("confirmed_at", flat=True),
              *Attachment.objects.values_list("uploaded_at", flat=True),
              *Notification.objects.filter(key__startswith="closing-").values_list("created_at", flat=True)]
    stamps = [timezone.localtime(stamp).date() for stamp in stamps if stamp is not None]
    assert len(stamps) > 100 and all(date(2020, 12, 1) <= day <= YEAR_END for day in stamps)
    assert {timezone.localtime(s.at).hour for s in LineStep.objects.all()} <= set(range(9, 19))  # office hours

    counts = (Line.objects.count(), LineStep.objects.count(), Attachment.objects.count())
    assert load_reconciliation(plan, YEAR_END) == 0
    assert (Line.objects.count(), LineStep.objects.count(), Attachment.objects.count()) == counts


def test_the_demo_reconciliation_goes_only_as_far_as_the_demo_day(plan, zone):
    load_accounts(zone)
    assert load_reconciliation(plan, date(2020, 7, 10)) == 0  # a year-end act: not opened mid-year
    assert not Reconciliation.objects.exists()
    load_reconciliation(plan, date(2020, 12, 5))  # opened, a few departments have applied, nothing decided
    assert Reconciliation.objects.get(plan=plan)
    assert Line.objects.filter(state="applied").exists() and not Line.objects.exclude(decision="").exists()
