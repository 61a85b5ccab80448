"""`duban demo --no-serve`: the demo zone loads completely, prints its logins, and loads again unchanged."""

from datetime import date
from io import StringIO

from auditlog.models import LogEntry
from django.core.management import call_command

from duban.accounts.models import User
from duban.assessment.models import Appeal, Entry, Scheme
from duban.assessment.results import outcome
from duban.cases.models import Case, ServiceType
from duban.demo.loading import DEMO_ACCOUNTS
from duban.ledger.models import ItemStatus, Report
from duban.meetings.compliance import behind
from duban.meetings.models import Decision, Meeting
from duban.plans.models import Assignment, Plan, Target
from duban.zones.models import Department


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    """Rows of everything the demo loads, and of the audit trail: a second run must write nothing."""
    models = (Department, Plan, Assignment, Target, User, Report, ServiceType, Case, Meeting, Decision, ItemStatus,
              Scheme, Entry, Appeal, LogEntry)
    return tuple(model.objects.count() for model in models)


def test_the_demo_loads_everything_once_and_prints_the_logins(db, monkeypatch, settings):
    settings.DEBUG = True  # as scripts/demo runs it (DUBAN_DEBUG=1)
    monkeypatch.setenv("DUBAN_TODAY", "")  # the command pins the clock in the environment; restored after
    printed = run_demo()
    for account in DEMO_ACCOUNTS:
        assert f"{account.username}" in printed and account.password in printed
    assert "准东开发区" in printed and "2020-07-10" in printed

    plan = Plan.objects.get()
    assert plan.tasks.count() == 12 and Report.objects.exists() and Case.objects.count() > 1000
    assert ItemStatus.objects.filter(item__task__plan=plan).count() == 17
    assert set(ItemStatus.objects.filter(done=True).values_list("item__task__number", flat=True)) == {"（四）", "（十二）"}
    # Meetings: 规建局 met in both quarters, so it is not behind; one of its actions is overdue.
    lagging = {d.name for d in behind(plan, date(2020, 7, 10))}
    assert "规建局" not in lagging and {"经发局", "环保局"} <= lagging
    overdue = Decision.objects.filter(status=Decision.Status.OPEN, due__lt=date(2020, 7, 10))
    assert list(overdue.values_list("owner__name", flat=True)) == ["规建局"]

    # The assessment: the default scheme saved, entries recorded, computed and not finalised.
    scheme = Scheme.objects.get(plan=plan)
    assert not scheme.is_final and Entry.objects.count() == 3 and Appeal.objects.count() == 1
    scores = outcome(plan, date(2020, 7, 10)).results.scores
    assert len(scores) == Department.objects.count() and scores[0].rank == 1

    before = counts()
    run_demo()
    assert counts() == before
