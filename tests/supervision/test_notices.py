"""督办通知 through the pages and the reminder job: issued by the office, answered by the addressee."""

from datetime import date

from django.test import Client
from django.utils import timezone
from django.urls import reverse

from duban.accounts.models import Role
from duban.notifications.models import Notification
from duban.supervision.models import Notice
from duban.supervision.notices import remind_notices

XSS = "<img src=x onerror=alert(1)>"


def recipients(key: str) -> set[str]:
    return set(Notification.objects.filter(key=key).values_list("recipient__username", flat=True))


def test_the_office_issues_a_notice_from_the_item_page(as_user, office, liaison, guijian_head, shuiwu, water_item,
                                                       zone, pinned):
    pinned(date(2020, 6, 1))
    client = as_user(office)
    page = client.get(reverse("ledger:item", args=[water_item.pk]))
    assert "发出督办通知" in page.text
    guijian = zone.departments.get(name="规建局")
    assert f'<option value="{guijian.pk}" selected>' in page.text  # the lead department is proposed

    response = client.post(reverse("supervision:issue", args=[water_item.pk]), {
        "department": guijian.pk, "instruction": "请说明用水报装压缩进展", "reply_due": "2020-06-10",
    })
    assert response.status_code == 302 and response["Location"] == reverse("ledger:item", args=[water_item.pk])
    notice = Notice.objects.get()
    assert (notice.zone, notice.department, notice.issued_by, notice.reply_due) == (zone, guijian, office, date(2020, 6, 10))
    assert timezone.localtime(notice.issued_at).date() == date(2020, 6, 1)  # on duban's clock, not the machine's
    assert recipients(f"notice-issued:{notice.pk}") == {"guijian", "guijian_head"}  # not 水务局, not the office
    item_page = client.get(reverse("ledger:item", args=[water_item.pk])).text
    assert "请说明用水报装压缩进展" in item_page and "2020年6月10日" in item_page and "待回复" in item_page


def test_only_the_office_issues(as_user, liaison, water_item, zone):
    client = as_user(liaison)
    assert "发出督办通知" not in client.get(reverse("ledger:item", args=[water_item.pk])).text
    response = client.post(reverse("supervision:issue", args=[water_item.pk]), {
        "department": zone.departments.get(name="规建局").pk, "instruction": "自己督办自己", "reply_due": "2030-01-01",
    })
    assert response.status_code == 403 and not Notice.objects.exists()


def test_a_refused_notice_keeps_what_the_office_typed(as_user, office, water_item, zone, other_zone, pinned):
    pinned(date(2020, 6, 1))
    client = as_user(office)
    past = client.post(reverse("supervision:issue", args=[water_item.pk]), {
        "department": zone.departments.get(name="规建局").pk, "instruction": "已过期的期限", "reply_due": "2020-05-01",
    })
    assert past.status_code == 400 and "回复期限不能早于今天" in past.text and "已过期的期限" in past.text
    foreign = client.post(reverse("supervision:issue", args=[water_item.pk]), {
        "department": other_zone.departments.get().pk, "instruction": "发给外区", "reply_due": "2020-06-10",
    })
    assert foreign.status_code == 400 and not Notice.objects.exists()


def test_the_addressee_replies_once_and_the_reply_is_frozen(as_user, liaison, office, notice):
    client = as_user(liaison)
    page = client.get(reverse("supervision:detail", args=[notice.pk])).text
    assert "提交回复" in page and "请说明用水报装压缩进展" in page
    response = client.post(reverse("supervision:reply", args=[notice.pk]), {"reply": "已压缩至15个工作日"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.reply, notice.replied_by) == ("已压缩至15个工作日", liaison) and notice.replied_at
    assert recipients(f"notice-replied:{notice.pk}") == {"office"}
    assert client.post(reverse("supervision:reply", args=[notice.pk]), {"reply": "改口"}).status_code == 403
    notice.refresh_from_db()
    assert notice.reply == "已压缩至15个工作日"
    page = client.get(reverse("supervision:detail", args=[notice.pk])).text
    assert "已回复" in page and "提交回复" not in page and "不能修改" in page
    assert "审计记录" not in page  # the trail is the office's (the client is still the liaison's here)
    trail = as_user(office).get(reverse("supervision:detail", args=[notice.pk])).text
    assert "审计记录" in trail and "已压缩至15个工作日" in trail.split("审计记录")[1]


def test_only_the_addressee_replies(as_user, office, shuiwu, notice, make_user, zone):
    assert as_user(office).post(reverse("supervision:reply", args=[notice.pk]), {"reply": "办公室代答"}).status_code == 403
    assert as_user(shuiwu).get(reverse("supervision:detail", args=[notice.pk])).status_code == 403
    assert as_user(shuiwu).post(reverse("supervision:reply", args=[notice.pk]), {"reply": "水务局代答"}).status_code == 403
    # A user of the addressed department who is neither liaison nor head reads it but cannot answer.
    clerk = make_user("clerk", zone, "规建局")
    page = as_user(clerk).get(reverse("supervision:detail", args=[notice.pk])).text
    assert "提交回复" not in page
    assert as_user(clerk).post(reverse("supervision:reply", args=[notice.pk]), {"reply": "科员代答"}).status_code == 403
    assert Notice.objects.get().reply == ""


def test_another_zone_gets_404(client, make_user, other_zone, notice, water_item):
    client.force_login(make_user("outsider", other_zone, "经发局", Role.OFFICE))
    assert client.get(reverse("supervision:detail", args=[notice.pk])).status_code == 404
    assert client.post(reverse("supervision:reply", args=[notice.pk]), {"reply": "x"}).status_code == 404
    response = client.post(reverse("supervision:issue", args=[water_item.pk]), {"instruction": "x", "reply_due": "2030-01-01"})
    assert response.status_code == 404
    assert "请说明用水报装压缩进展" not in client.get(reverse("supervision:list")).text


def test_state_follows_the_clock_and_the_reply(as_user, liaison, notice, pinned):
    assert notice.state(date(2020, 6, 10)) == Notice.State.AWAITING  # the deadline day is still in time
    assert notice.state(date(2020, 6, 11)) == Notice.State.OVERDUE
    pinned(date(2020, 6, 11))
    inbox = as_user(liaison).get(reverse("ledger:inbox")).text
    assert "待回复的督办通知（1）" in inbox and "逾期未回复" in inbox
    as_user(liaison).post(reverse("supervision:reply", args=[notice.pk]), {"reply": "迟到的回复"})
    notice.refresh_from_db()
    assert notice.state(date(2020, 6, 11)) == Notice.State.REPLIED
    assert "待回复的督办通知" not in as_user(liaison).get(reverse("ledger:inbox")).text


def test_inbox_and_item_page_show_only_the_department_s_notices(as_user, shuiwu, liaison, notice, water_item):
    assert "待回复的督办通知" not in as_user(shuiwu).get(reverse("ledger:inbox")).text
    assert "请说明用水报装压缩进展" not in as_user(shuiwu).get(reverse("ledger:item", args=[water_item.pk])).text
    assert "请说明用水报装压缩进展" in as_user(liaison).get(reverse("ledger:inbox")).text
    assert "请说明用水报装压缩进展" in as_user(liaison).get(reverse("ledger:item", args=[water_item.pk])).text


def test_overdue_notices_are_chased_once(notice, liaison, guijian_head, office, shuiwu, water_item, zone):
    assert remind_notices(date(2020, 6, 10)) == 0  # not overdue yet
    assert remind_notices(date(2020, 6, 11)) == 3
    assert recipients(f"notice-overdue:{notice.pk}") == {"guijian", "guijian_head", "office"}
    assert remind_notices(date(2020, 6, 12)) == 0
    assert Notification.objects.filter(key=f"notice-overdue:{notice.pk}").count() == 3


def test_replied_notices_are_not_chased(as_user, liaison, notice):
    as_user(liaison).post(reverse("supervision:reply", args=[notice.pk]), {"reply": "已办"})
    assert remind_notices(date(2020, 7, 1)) == 0
    assert not Notification.objects.filter(key__startswith="notice-overdue").exists()


def test_replying_is_a_post_with_csrf(liaison, notice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(liaison)
    url = reverse("supervision:reply", args=[notice.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"reply": "无令牌"}).status_code == 403
    assert Notice.objects.get().reply == ""


def test_user_text_is_escaped(as_user, office, liaison, water_item, zone, pinned):
    from duban.supervision.notices import issue

    pinned(date(2020, 6, 1))
    notice = issue(water_item, zone.departments.get(name="规建局"), XSS, date(2020, 6, 10), office)
    as_user(liaison).post(reverse("supervision:reply", args=[notice.pk]), {"reply": XSS})
    assert Notice.objects.get().reply == XSS
    for user, url in [(liaison, reverse("supervision:detail", args=[notice.pk])), (office, reverse("supervision:list")),
                      (office, reverse("ledger:item", args=[water_item.pk]))]:
        page = as_user(user).get(url).text
        assert XSS not in page and "&lt;img src=x onerror=alert(1)&gt;" in page, url


def test_the_list_costs_a_fixed_number_of_queries(client, office, water_item, zone, pinned, django_assert_max_num_queries):
    from duban.supervision.notices import issue

    pinned(date(2020, 6, 1))
    for n, name in enumerate(["规建局", "水务局", "经发局", "财政局"] * 4):
        issue(water_item, zone.departments.get(name=name), f"第{n + 1}份督办通知", date(2020, 6, 10), office)
    client.force_login(office)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("supervision:list")).text
    assert page.count("份督办通知</a>") == 16


def test_duban_remind_chases_overdue_notices(notice, liaison, guijian_head, office):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("remind", "--date", "2020-06-11", stdout=out)
    assert "督办通知 3 条" in out.getvalue()
    assert recipients(f"notice-overdue:{notice.pk}") == {"guijian", "guijian_head", "office"}
