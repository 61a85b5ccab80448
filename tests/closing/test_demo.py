"""The demo's reconciliation is in progress: some sheets confirmed, one disputed, loaded once."""

from datetime import date

from duban.closing.dossier import counts_of, sheet_status, with_counts
from duban.closing.models import Attachment, Line, LineStep, Reconciliation
from duban.demo.loading import load_accounts
from duban.demo.reconciliation import load_reconciliation


def test_the_demo_reconciliation_is_in_progress_and_loads_once(plan, zone):
    load_accounts(zone)
    assert load_reconciliation(plan, date(2020, 7, 10)) > 0
    reconciliation = Reconciliation.objects.get(plan=plan)
    assert not reconciliation.is_closed and reconciliation.opened_by.username == "office"
    states = {}
    for sheet in with_counts(reconciliation.sheets.select_related("department")):
        states.setdefault(sheet_status(sheet, counts_of(sheet))[0], []).append(sheet.department.name)
    assert sorted(states["confirmed"]) == sorted(["党政办", "财政局", "国土分局", "奇台县协调办", "木垒县协调办",
                                                   "吉木萨尔县协调办"])
    assert states["disputed"] == ["规建局"]
    assert {"经发局", "水务局"} <= set(states["open"])
    decisions = set(Line.objects.exclude(decision="").values_list("decision", flat=True))
    assert decisions == {"closed", "carried_over", "adjusted", "returned"}
    assert Line.objects.filter(state="applied").exists() and Line.objects.filter(state="pending").exists()
    disputed = Line.objects.get(state="disputed")
    assert disputed.sheet.department.name == "规建局" and disputed.steps.last().by.username == "guijian_head"
    assert Attachment.objects.filter(purpose="approval").count() == 1

    counts = (Line.objects.count(), LineStep.objects.count(), Attachment.objects.count())
    assert load_reconciliation(plan, date(2020, 7, 10)) == 0
    assert (Line.objects.count(), LineStep.objects.count(), Attachment.objects.count()) == counts
