"""Recording, reading and editing progress meetings through the pages, as each role uses them."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from duban.accounts.models import Role
from duban.meetings.models import Decision, Meeting

XSS = "<img src=x onerror=alert(1)>"


def meeting_form(plan, host, items=(), attendees=(), decisions=(), existing=(), **fields) -> dict:
    """The POST body of the meeting form; ``decisions`` are new (text, owner, due), ``existing`` are edited rows."""
    rows = [*existing, *({"text": t, "owner": o.pk if o else "", "due": d or ""} for t, o, d in decisions)]
    data = {
        "plan": plan.pk, "host": host.pk, "date": "2020-06-10", "title": "用水报装推进会", "chair": "张三",
        "minutes": "研究用水报装提速", "attendees": [d.pk for d in attendees], "items": [i.pk for i in items],
        "decisions-TOTAL_FORMS": len(rows), "decisions-INITIAL_FORMS": len(existing),
        "decisions-MIN_NUM_FORMS": 0, "decisions-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for n, row in enumerate(rows):
        data.update({f"decisions-{n}-{key}": value for key, value in row.items()})
    return data


def test_a_lead_liaison_records_a_meeting_with_attendees_items_and_decisions(as_user, liaison, plan, water_item, dept):
    client = as_user(liaison)
    page = client.get(reverse("meetings:create") + f"?plan={plan.pk}")
    assert page.status_code == 200 and "记录推进会议" in page.text
    assert list(page.context["form"].fields["host"].queryset) == [dept("规建局")]  # only its own department

    response = client.post(reverse("meetings:create"), meeting_form(
        plan, dept("规建局"), items=[water_item], attendees=[dept("水务局"), dept("经发局")],
        decisions=[("水务局六月底前公布报装流程", dept("水务局"), "2020-06-30"), ("下次会议七月召开", None, None)],
    ))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert (meeting.zone_id, meeting.host.name, meeting.recorded_by) == (plan.zone_id, "规建局", liaison)
    assert {d.name for d in meeting.attendees.all()} == {"水务局", "经发局"}
    assert list(meeting.items.all()) == [water_item]
    action, note = meeting.decisions.order_by("pk")
    assert (action.owner.name, action.due, action.is_action, action.zone_id) == ("水务局", date(2020, 6, 30), True, plan.zone_id)
    assert not note.is_action and note.owner is None

    detail = client.get(response["Location"]).text
    assert "2020年6月10日" in detail and "张三" in detail and "水务局" in detail
    assert "（八）第3项" in detail and "2020年6月30日" in detail and "仅记录" in detail


def test_a_department_that_leads_nothing_in_the_plan_cannot_host(as_user, caizheng, office, plan, dept):
    client = as_user(caizheng)
    assert client.get(reverse("meetings:create") + f"?plan={plan.pk}").status_code == 403
    assert client.post(reverse("meetings:create"), meeting_form(plan, dept("财政局"))).status_code == 403
    # Not even the office can make it the host.
    refused = as_user(office).post(reverse("meetings:create"), meeting_form(plan, dept("财政局")))
    assert refused.status_code == 400 and "不是本方案的牵头部门" in refused.text
    assert not Meeting.objects.exists()


def test_a_liaison_records_only_for_its_own_department(as_user, liaison, plan, dept):
    refused = as_user(liaison).post(reverse("meetings:create"), meeting_form(plan, dept("经发局")))
    assert refused.status_code == 400 and not Meeting.objects.exists()


def test_the_office_records_for_any_lead_department(as_user, office, plan, dept):
    response = as_user(office).post(reverse("meetings:create"), meeting_form(plan, dept("国土分局")))
    assert response.status_code == 302 and Meeting.objects.get().host.name == "国土分局"


def test_choices_from_another_zone_are_refused(as_user, liaison, plan, dept, other_zone):
    outsider = other_zone.departments.get()
    data = meeting_form(plan, dept("规建局"), attendees=[outsider],
                        decisions=[("外区部门落实", outsider, "2020-06-30")])
    response = as_user(liaison).post(reverse("meetings:create"), data)
    assert response.status_code == 400 and not Meeting.objects.exists()


def test_a_dated_decision_needs_an_owner(as_user, liaison, plan, dept):
    response = as_user(liaison).post(reverse("meetings:create"), meeting_form(
        plan, dept("规建局"), decisions=[("无人负责的事项", None, "2020-06-30")]))
    assert response.status_code == 400 and "须指定责任部门" in response.text
    assert not Meeting.objects.exists()


def test_the_host_edits_its_meeting_and_others_may_not(as_user, liaison, guijian_head, jingfa, make_meeting, dept, plan):
    meeting = make_meeting(decisions=[("旧决定", "水务局", date(2020, 6, 30))])
    decision = meeting.decisions.get()
    assert as_user(jingfa).get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403
    existing = [{"id": decision.pk, "text": "改过的决定", "owner": dept("水务局").pk, "due": "2020-07-10"}]
    response = as_user(guijian_head).post(reverse("meetings:edit", args=[meeting.pk]), meeting_form(
        plan, dept("规建局"), existing=existing, title="第二次推进会"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    decision.refresh_from_db()
    assert meeting.title == "第二次推进会" and meeting.recorded_by == liaison  # the recorder stays
    assert (decision.text, decision.due) == ("改过的决定", date(2020, 7, 10))


def test_a_done_action_is_frozen_in_the_edit_form(as_user, liaison, make_meeting, dept, plan, shuiwu):
    meeting = make_meeting(decisions=[("已办结事项", "水务局", date(2020, 6, 30))])
    decision = meeting.decisions.get()
    as_user(shuiwu).post(reverse("meetings:decision_done", args=[decision.pk]))
    form = as_user(liaison).get(reverse("meetings:edit", args=[meeting.pk]))
    assert "已完成的跟踪事项不再修改" in form.text and form.context["decisions"].initial_form_count() == 0
    # Posting its id anyway changes nothing (the formset ignores rows outside its queryset).
    existing = [{"id": decision.pk, "text": "改掉", "owner": dept("水务局").pk, "due": "2020-06-30"}]
    as_user(liaison).post(reverse("meetings:edit", args=[meeting.pk]), meeting_form(plan, dept("规建局"), existing=existing))
    assert list(Decision.objects.values_list("text", "status")) == [("已办结事项", Decision.Status.DONE)]


def test_who_reads_a_meeting(client, make_user, zone, liaison, shuiwu, caizheng, leader, make_meeting, other_zone):
    meeting = make_meeting(attendees=["水务局"], decisions=[("财政局核拨经费", "财政局", date(2020, 7, 1))])
    guotu = make_user("guotu", zone, "国土分局", Role.LIAISON)
    url = reverse("meetings:detail", args=[meeting.pk])
    for user, status in [(liaison, 200), (shuiwu, 200), (caizheng, 200), (leader, 200), (guotu, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
    client.force_login(make_user("outsider", other_zone, "经发局", Role.OFFICE))
    assert client.get(url).status_code == 404
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 404
    decision = meeting.decisions.get()
    assert client.post(reverse("meetings:decision_done", args=[decision.pk])).status_code == 404


def test_the_list_shows_only_readable_meetings_and_filters(client, make_user, zone, liaison, office, make_meeting):
    make_meeting(title="规建局推进会")
    make_meeting("经发局", title="经发局推进会")
    client.force_login(liaison)
    page = client.get(reverse("meetings:list")).text
    assert "规建局推进会" in page and "经发局推进会" not in page
    client.force_login(office)
    filtered = client.get(reverse("meetings:list"), {"department": zone.departments.get(name="经发局").pk}).text
    assert "经发局推进会" in filtered and "规建局推进会" not in filtered


def test_the_list_costs_a_fixed_number_of_queries(client, office, make_meeting, water_item, django_assert_max_num_queries):
    for n in range(12):
        make_meeting(day=date(2020, 1 + n % 12, 5), title=f"第{n + 1}次推进会", attendees=["水务局", "经发局"],
                     items=[water_item], decisions=[("落实", "水务局", date(2020, 12, 1))])
    client.force_login(office)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("meetings:list"))
    assert page.text.count('href="/meetings/') >= 12


def test_the_owner_marks_its_action_done_and_no_one_else(as_user, liaison, shuiwu, jingfa, make_meeting):
    meeting = make_meeting(decisions=[("水务局公布报装流程", "水务局", date(2020, 6, 30))])
    decision = meeting.decisions.get()
    url = reverse("meetings:decision_done", args=[decision.pk])
    for outsider in (liaison, jingfa):  # the host is not the owner
        assert as_user(outsider).post(url, {"done_note": "不该由我"}).status_code == 403
    assert Decision.objects.get().status == Decision.Status.OPEN
    assert "标记完成" in as_user(shuiwu).get(reverse("meetings:detail", args=[meeting.pk])).text
    response = as_user(shuiwu).post(url, {"done_note": "已在政务网公布"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.done_by, decision.done_note) == (Decision.Status.DONE, shuiwu, "已在政务网公布")
    again = as_user(shuiwu).post(url, {"done_note": "再来一次"}, follow=True)
    assert "已标记完成" in again.text and Decision.objects.get().done_note == "已在政务网公布"


def test_marking_done_is_a_post_with_csrf(shuiwu, make_meeting):
    decision = make_meeting(decisions=[("事项", "水务局", date(2020, 6, 30))]).decisions.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(shuiwu)
    url = reverse("meetings:decision_done", args=[decision.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert Decision.objects.get().status == Decision.Status.OPEN


def test_an_overdue_action_shows_in_the_owner_s_inbox(as_user, shuiwu, liaison, make_meeting, pinned):
    pinned(date(2020, 7, 15))
    make_meeting(decisions=[("水务局七月一日前完成改造", "水务局", date(2020, 7, 1)),
                            ("水务局年底前总结", "水务局", date(2020, 12, 31)),
                            ("只作记录的决定", "水务局", None)])
    inbox = as_user(shuiwu).get(reverse("ledger:inbox")).text
    actions = inbox.split("跟踪事项（2）")[1].split("</section>")[0]
    assert "水务局七月一日前完成改造" in actions and "水务局年底前总结" in actions
    assert actions.count("已逾期") == 1 and "只作记录的决定" not in actions
    assert "跟踪事项" not in as_user(liaison).get(reverse("ledger:inbox")).text  # 规建局 owns none


def test_the_item_page_lists_the_meetings_the_user_may_read(client, liaison, caizheng, make_meeting, water_item):
    make_meeting(title="水气报装专题会", items=[water_item])
    url = reverse("ledger:item", args=[water_item.pk])
    client.force_login(liaison)
    assert "水气报装专题会" in client.get(url).text
    client.force_login(caizheng)
    page = client.get(url).text
    assert "暂无研究本任务的推进会议" in page and "水气报装专题会" not in page


def test_user_text_is_escaped(as_user, liaison, shuiwu, make_meeting, water_item):
    meeting = make_meeting(title=XSS, minutes=XSS, items=[water_item],
                           decisions=[(XSS, "水务局", date(2020, 6, 30))])
    for url in (reverse("meetings:detail", args=[meeting.pk]), reverse("meetings:list"),
                reverse("ledger:item", args=[water_item.pk])):
        page = as_user(liaison).get(url).text
        assert XSS not in page and "&lt;img src=x onerror=alert(1)&gt;" in page, url
    inbox = as_user(shuiwu).get(reverse("ledger:inbox")).text
    assert XSS not in inbox and "&lt;img" in inbox


def test_changes_to_a_meeting_are_audited(as_user, liaison, plan, dept):
    client = as_user(liaison)
    client.post(reverse("meetings:create"), meeting_form(plan, dept("规建局"), title="初稿"), REMOTE_ADDR="10.1.2.3")
    meeting = Meeting.objects.get()
    client.post(reverse("meetings:edit", args=[meeting.pk]), meeting_form(plan, dept("规建局"), title="定稿"),
                REMOTE_ADDR="10.1.2.3")
    entry = LogEntry.objects.get_for_object(meeting).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == liaison and entry.remote_addr == "10.1.2.3"
    assert entry.changes_dict["title"] == ["初稿", "定稿"]
    assert entry.additional_data == {"zone": plan.zone_id}


def test_changing_attendees_and_items_is_audited_and_shown_in_the_log(as_user, liaison, office, plan, dept, water_item):
    client = as_user(liaison)
    client.post(reverse("meetings:create"), meeting_form(plan, dept("规建局"), attendees=[dept("经发局")]))
    meeting = Meeting.objects.get()
    client.post(reverse("meetings:edit", args=[meeting.pk]),
                meeting_form(plan, dept("规建局"), attendees=[dept("水务局")], items=[water_item]))
    entries = LogEntry.objects.get_for_object(meeting).order_by("pk")
    changes = [e.changes_dict for e in entries if any(isinstance(v, dict) for v in e.changes_dict.values())]
    assert {"attendees": {"type": "m2m", "operation": "add", "objects": ["经发局"]}} in changes
    assert {"attendees": {"type": "m2m", "operation": "delete", "objects": ["经发局"]}} in changes
    assert {"attendees": {"type": "m2m", "operation": "add", "objects": ["水务局"]}} in changes
    assert any(c.get("items", {}).get("operation") == "add" for c in changes)
    log = as_user(office).get(reverse("audit:log")).text
    assert "参会部门" in log and "移除：经发局" in log and "新增：水务局" in log and "研究的具体任务" in log
    # The meeting's own page shows its trail to the office, and to no one else.
    page = as_user(office).get(reverse("meetings:detail", args=[meeting.pk])).text
    assert "审计记录" in page and "移除：经发局" in page and "新增：水务局" in page
    assert "审计记录" not in as_user(liaison).get(reverse("meetings:detail", args=[meeting.pk])).text


@pytest.mark.parametrize("plan_param", ["abc", "999999"])
def test_a_bad_plan_is_404(as_user, liaison, plan, plan_param):
    assert as_user(liaison).get(reverse("meetings:create"), {"plan": plan_param}).status_code == 404


def test_a_meeting_is_recorded_after_it_is_held(as_user, liaison, plan, dept, pinned):
    pinned(date(2020, 6, 9))
    response = as_user(liaison).post(reverse("meetings:create"), meeting_form(plan, dept("规建局")))  # dated 6月10日
    assert response.status_code == 400 and "会议日期不能晚于今天" in response.text
    assert not Meeting.objects.exists()


def test_the_record_button_is_offered_to_lead_departments_and_the_office(as_user, liaison, caizheng, office, plan):
    button = f'href="{reverse("meetings:create")}?plan={plan.pk}"'
    assert button in as_user(liaison).get(reverse("meetings:list")).text
    assert button in as_user(office).get(reverse("meetings:list")).text
    assert button not in as_user(caizheng).get(reverse("meetings:list")).text
