"""Follow-up actions are chased like reports: due soon, due today, overdue — each stage once."""

from datetime import date

from django.urls import reverse

from duban.meetings.recording import mark_done
from duban.notifications.models import Notification
from duban.notifications.reminders import run_all


def action_reminders():
    # The other reminder jobs (the ledger's reports) write to the same bell; these are the actions'.
    return Notification.objects.filter(key__startswith="action-")


def titles_of(user) -> list[str]:
    return sorted(action_reminders().filter(recipient=user).values_list("title", flat=True))


def test_an_action_is_chased_by_stage_and_overdue_reaches_the_host_and_office(
    make_meeting, liaison, shuiwu, guijian_head, office
):
    # 规建局 (liaison: `liaison`) hosts; 水务局 owns the action, due 2020年6月30日 (remind 3 days before).
    meeting = make_meeting("规建局", date(2020, 6, 10), decisions=[("公布用水报装流程", "水务局", date(2020, 6, 30))])

    assert run_all(date(2020, 6, 26))["跟踪事项"] == 0  # four days ahead: nothing yet
    assert run_all(date(2020, 6, 27))["跟踪事项"] == 1
    assert titles_of(shuiwu) == ["水务局：跟踪事项即将到期，完成时限2020年6月30日"]
    assert run_all(date(2020, 6, 28))["跟踪事项"] == 0  # the same stage is not sent twice

    run_all(date(2020, 6, 30))
    run_all(date(2020, 7, 1))
    assert titles_of(shuiwu) == [
        "水务局：跟踪事项今日到期，完成时限2020年6月30日",
        "水务局：跟踪事项即将到期，完成时限2020年6月30日",
        "水务局：跟踪事项逾期未完成，完成时限2020年6月30日",
    ]
    # Overdue: the host department and the steering office hear of it too; only then.
    for user in (liaison, guijian_head, office):
        assert titles_of(user) == ["水务局：跟踪事项逾期未完成，完成时限2020年6月30日"]
    assert run_all(date(2020, 7, 2))["跟踪事项"] == 0
    link = action_reminders().filter(recipient=office).get().link
    assert link == reverse("meetings:detail", args=[meeting.pk])


def test_done_actions_and_plain_decisions_are_not_chased(make_meeting, shuiwu):
    meeting = make_meeting("规建局", date(2020, 6, 10), decisions=[
        ("公布用水报装流程", "水务局", date(2020, 6, 30)),
        ("下次会议七月召开", None, None),
    ])
    mark_done(meeting.decisions.get(due__isnull=False), shuiwu, "已公布")
    assert run_all(date(2020, 7, 15))["跟踪事项"] == 0
    assert not action_reminders().exists()
