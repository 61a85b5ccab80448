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
    # The audit trail the closing pages show reads in that December too.
    from auditlog.models import LogEntry
    audited = LogEntry.objects.filter(content_type__app_label="closing").values_list("timestamp", flat=True)
    assert len(audited) > 100
    assert {timezone.localtime(t).date() for t in audited} <= {date(2020, 12, d) for d in range(1, 29)}
    assert {timezone.localtime(s.at).hour for s in LineStep.objects.all()} <= set(range(9, 19))  # office hours

    counts = (Line.objects.count(), LineStep.objects.count(), Attachment.objects.count())
    assert load_reconciliation(plan, YEAR_END) == 0
    assert (Line.objects.count(), LineStep.objects.count(), Attachment.objects.count()) == counts


def test_the_demo_sheets_are_signed_by_named_heads_and_the_dispute_comes_from_one(plan, zone, as_user):
    import re

    from duban.accounts.models import Role
    from duban.closing.export import sheet_export

    load_accounts(zone)
    load_reconciliation(plan, YEAR_END)
    confirmed = list(Sheet.objects.filter(state="confirmed").select_related("confirmed_by", "department"))
    assert len(confirmed) == 8
    names = set()
    for sheet in confirmed:
        head = sheet.confirmed_by
        # The head of that department, named as a person: not a login, a role or the demo author.
        assert head.department == sheet.department and head.role_grants.filter(role=Role.HEAD).exists()
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]{2,4}·[\u4e00-\u9fff]{2,4}", head.first_name), head
        names.add(head.first_name)
        assert sheet_export(sheet, YEAR_END).sign_off.startswith(f"{head.first_name} 于 2020年12月")
    assert len(names) == 8  # a different person for each department
    disputed = Line.objects.get(state="disputed")
    dispute = disputed.steps.get(action="dispute")
    assert dispute.by.first_name == "周振宇" and dispute.by.department == disputed.sheet.department
    assert dispute.comment.startswith("超时办件系燃气公司施工排期所致")

    # The pages show the names: the overview's sign-offs and the disputed line's comment.
    from duban.accounts.models import User

    client = as_user(User.objects.get(username="office"))
    page = client.get(f"/closing/{Reconciliation.objects.get().pk}/").content.decode()
    assert all(name in page for name in names)
    page = client.get(f"/closing/sheets/{disputed.sheet_id}/").content.decode()
    assert "周振宇 2020年12月22日" in page and "guijian_head" not in page
    # 经发局's 申请结转 awaiting the office proposes its deadline: the office's form starts from it.
    jingfa = Line.objects.get(sheet__department__name="经发局", state="applied", request="carry_over")
    assert jingfa.requested_deadline == date(2021, 9, 30)
    page = client.get(f"/closing/sheets/{jingfa.sheet_id}/").content.decode()
    assert f'name="l{jingfa.pk}-new_deadline" value="2021-09-30"' in page


def test_the_demo_reconciliation_goes_only_as_far_as_the_demo_day(plan, zone):
    load_accounts(zone)
    assert load_reconciliation(plan, date(2020, 7, 10)) == 0  # a year-end act: not opened mid-year
    assert not Reconciliation.objects.exists()
    load_reconciliation(plan, date(2020, 12, 5))  # opened, a few departments have applied, nothing decided
    assert Reconciliation.objects.get(plan=plan)
    assert Line.objects.filter(state="applied").exists() and not Line.objects.exclude(decision="").exists()
