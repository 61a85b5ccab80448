"""Users change their own password; the office sets a new one for a department user of its zone."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import Client

from duban.accounts.models import Role
from duban.audit.registry import CONCEALED
from tests.conftest import TEST_PASSWORD

NEW = "Xin-Mima-2021"


def test_a_user_changes_his_own_password_in_chinese(as_user, liaison):
    client = as_user(liaison)
    page = client.get("/accounts/password_change/").content.decode()
    assert "修改密码" in page and "旧密码" in page and "新密码" in page
    refused = client.post("/accounts/password_change/", {"old_password": "wrong", "new_password1": NEW,
                                                         "new_password2": NEW})
    assert "你的旧密码不正确" in refused.content.decode()
    weak = client.post("/accounts/password_change/", {"old_password": TEST_PASSWORD, "new_password1": "abcdefgh",
                                                      "new_password2": "abcdefgh"})
    assert weak.status_code == 200 and "至少" in weak.content.decode()
    done = client.post("/accounts/password_change/", {"old_password": TEST_PASSWORD, "new_password1": NEW,
                                                      "new_password2": NEW}, follow=True)
    assert "密码已修改" in done.content.decode()
    assert client.get("/").status_code in (200, 302) and "_auth_user_id" in client.session  # still signed in
    liaison.refresh_from_db()
    assert liaison.check_password(NEW)
    entry = LogEntry.objects.get_for_object(liaison).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == liaison and entry.changes_dict["password"] == [CONCEALED, CONCEALED]
    assert liaison.password not in str(entry.changes)  # the hash is not on the trail


def test_the_password_change_page_needs_a_login(client, db):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_office_sets_a_new_password_for_a_locked_out_department_user(as_user, office, liaison):
    for _ in range(5):
        Client().post("/accounts/login/", {"username": liaison.username, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=liaison.username).exists()
    client = as_user(office)
    listing = client.get("/accounts/users/").content.decode()
    assert f'href="/accounts/users/{liaison.pk}/password/"' in listing
    assert f'href="/accounts/users/{office.pk}/password/"' not in listing  # the office's own: 修改密码
    response = client.post(f"/accounts/users/{liaison.pk}/password/", {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert liaison.check_password(NEW) and not AccessAttempt.objects.filter(username=liaison.username).exists()
    login = Client().post("/accounts/login/", {"username": liaison.username, "password": NEW})
    assert login.status_code == 302  # signed in with the new password, the lockout lifted
    entry = LogEntry.objects.get_for_object(liaison).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == office and entry.additional_data == {"zone": office.zone_id}


def test_a_weak_new_password_is_refused_in_chinese(as_user, office, liaison):
    response = as_user(office).post(f"/accounts/users/{liaison.pk}/password/",
                                    {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200 and "密码" in response.content.decode()
    liaison.refresh_from_db()
    assert liaison.check_password(TEST_PASSWORD)


@pytest.mark.parametrize("who", ["liaison", "head", "assessor"])
def test_no_one_but_the_office_resets_a_password(as_user, make_user, zone, liaison, who):
    actor = make_user(f"actor_{who}", zone, "水务局", who)
    client = as_user(actor)
    assert client.get("/accounts/users/").status_code == 403
    assert client.post(f"/accounts/users/{liaison.pk}/password/",
                       {"new_password1": NEW, "new_password2": NEW}).status_code == 403
    liaison.refresh_from_db()
    assert liaison.check_password(TEST_PASSWORD)


def test_the_office_reaches_neither_another_zone_nor_another_office_member_nor_the_administrator(
        as_user, office, make_user, zone, other_zone, superuser):
    outsider = make_user("outsider", other_zone, "经发局", Role.LIAISON)
    colleague = make_user("colleague", zone, "经发局", Role.OFFICE)
    client = as_user(office)
    form = {"new_password1": NEW, "new_password2": NEW}
    assert client.post(f"/accounts/users/{outsider.pk}/password/", form).status_code == 404
    assert client.post(f"/accounts/users/{superuser.pk}/password/", form).status_code == 404
    assert client.post(f"/accounts/users/{colleague.pk}/password/", form).status_code == 403
    assert client.post(f"/accounts/users/{office.pk}/password/", form).status_code == 403
    for user in (outsider, colleague, office):
        user.refresh_from_db()
        assert user.check_password(TEST_PASSWORD)
    assert "outsider" not in client.get("/accounts/users/").content.decode()


@pytest.mark.parametrize("roles", [(Role.PROVINCE,), (Role.ASSESSOR,), (Role.LEADER,), (Role.LIAISON, Role.LEADER)])
def test_the_office_cannot_reset_anyone_who_holds_more_than_a_department_role(as_user, office, make_user, zone, roles):
    """The 省级管理员 belongs to a zone too; were the office able to reset that password, it could log
    in as the keeper of every zone's national calendar.  The same for 绩效办 and 领导."""
    target = make_user("someone", zone, "党政办", *roles)
    client = as_user(office)
    listing = client.get("/accounts/users/").content.decode()
    assert f'href="/accounts/users/{target.pk}/password/"' not in listing
    response = client.post(f"/accounts/users/{target.pk}/password/", {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.check_password(TEST_PASSWORD)


def test_the_office_resets_a_department_head_too(as_user, office, guijian_head):
    response = as_user(office).post(f"/accounts/users/{guijian_head.pk}/password/",
                                    {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    guijian_head.refresh_from_db()
    assert guijian_head.check_password(NEW)
