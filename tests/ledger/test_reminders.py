"""duban remind: due soon, due today, overdue; never twice."""

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import call_command

from duban.ledger import flow
from duban.ledger.models import Report, ReportTransition
from duban.ledger.reminders import remind_all
from duban.notifications.models import Notification, Webhook, WebhookDelivery


def titles(user) -> list[str]:
    return list(user.notifications.order_by("pk").values_list("title", flat=True))


def test_due_soon_goes_to_the_liaison_only(plan, liaison, guijian_head, office):
    remind_all(date(2020, 6, 23))  # June is due on the 25th; the plan reminds 3 days ahead
    assert any(t.startswith("规建局：2020年6月台账将于2020年6月25日截止") for t in titles(liaison))
    # January to May are overdue by then (and go to everyone); June's early reminder is the liaison's alone.
    assert not any("2020年6月" in t for t in titles(guijian_head) + titles(office))


def test_due_today(plan, liaison):
    remind_all(date(2020, 6, 25))
    assert any(t.startswith("规建局：2020年6月台账今日截止") for t in titles(liaison))


def test_overdue_goes_to_liaison_head_and_office(plan, liaison, guijian_head, office):
    remind_all(date(2020, 6, 26))
    for user in (liaison, guijian_head, office):
        assert any(t.startswith("规建局：2020年6月台账已逾期") for t in titles(user)), user


def test_running_twice_sends_nothing_twice(plan, liaison, office, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    liaison.email = "guijian@example.invalid"
    liaison.save()
    Webhook.objects.create(zone=plan.zone, kind=Webhook.Kind.DINGTALK, url="http://127.0.0.1:9/robot")
    first = remind_all(date(2020, 6, 26))
    counts = (Notification.objects.count(), len(mail.outbox), WebhookDelivery.objects.count())
    second = remind_all(date(2020, 6, 26))
    assert first.notifications > 0 and second.notifications == 0
    assert (Notification.objects.count(), len(mail.outbox), WebhookDelivery.objects.count()) == counts
    assert any(m.subject.startswith("【督办】规建局：2020年6月台账已逾期") for m in mail.outbox)


def test_a_filed_report_stops_its_reminder(plan, water_item, liaison):
    lead = water_item.assignments.get(role="lead")
    # 规建局 leads only （八）3 but cooperates on others: file all of its June obligations.
    from duban.ledger.obligations import obligations_of_plan

    for o in obligations_of_plan(plan):
        if o.department == lead.department:
            report = Report.objects.create(
                zone_id=plan.zone_id, assignment=o.assignment, department=o.department, item=o.item,
                cycle=plan.cycles.get(label="2020年6月"), is_lead=o.is_lead, created_by=liaison,
            )
            flow.transition(report, ReportTransition.Action.SUBMIT, liaison)
    remind_all(date(2020, 6, 26))
    assert not any("规建局：2020年6月" in t for t in titles(liaison))


def test_a_done_item_is_no_longer_chased_once_the_office_accepts_it(
    plan, water_item, liaison, guijian_head, office, shuiwu
):
    """规建局 reports （八）3 已完成 for June: chased for July until the office accepts, not after."""
    lead = water_item.assignments.get(role="lead")
    report = Report.objects.create(
        zone_id=plan.zone_id, assignment=lead, department=lead.department, item=water_item,
        cycle=plan.cycles.get(label="2020年6月"), is_lead=True, created_by=liaison,
        self_status=Report.SelfStatus.DONE,
    )
    report = flow.transition(report, ReportTransition.Action.SUBMIT, liaison)

    def july_bodies(user, stage: str) -> str:
        return "\n".join(user.notifications.filter(key__startswith=f"report-{stage}:", title__contains="2020年7月")
                         .values_list("body", flat=True))

    remind_all(date(2020, 7, 23))  # July due soon; the 已完成 claim still awaits review
    assert water_item.code in july_bodies(liaison, "due-soon")
    assert water_item.code in july_bodies(shuiwu, "due-soon")
    report = flow.transition(report, ReportTransition.Action.APPROVE, guijian_head)
    flow.transition(report, ReportTransition.Action.ACCEPT, office)
    remind_all(date(2020, 7, 26))  # July overdue; the item is done now
    # Both departments are still chased for their other items, but no longer for （八）3.
    for department_liaison in (liaison, shuiwu):
        overdue = july_bodies(department_liaison, "overdue")
        assert overdue and water_item.code not in overdue, department_liaison
    # The inbox agrees: July of （八）3 is no longer due for either department; their other items are.
    from duban.ledger.queries import department_dues

    for department in (liaison.department, shuiwu.department):
        dues = department_dues(department, date(2020, 7, 26))
        assert dues and not [d for d in dues if d.obligation.item.pk == water_item.pk], department


def test_the_webhook_message_is_a_group_robot_text_message():
    from duban.notifications.sending import webhook_message

    assert webhook_message("wecom", "标题", "内容") == {"msgtype": "text", "text": {"content": "【督办】标题\n内容"}}


def test_the_command_prints_a_summary_and_refuses_a_bad_date(plan, liaison):
    out = StringIO()
    call_command("remind", "--date", "2020-06-26", stdout=out)
    assert out.getvalue().startswith("2020-06-26：发送提醒") and "台账" in out.getvalue()
    import pytest

    from duban.errors import UserInputError

    with pytest.raises(UserInputError, match="日期格式不正确"):
        call_command("remind", "--date", "2020/06/26")
