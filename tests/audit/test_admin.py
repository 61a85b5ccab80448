"""Nobody can edit or delete the trail through the application — superusers included."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from duban.accounts.models import Role, User
from duban.plans.models import Assignment


@pytest.fixture
def entry(plan):
    return LogEntry.objects.filter(additional_data__zone=plan.zone_id).earliest("pk")


def test_the_admin_grants_no_one_add_change_or_delete(superuser):
    model_admin = admin.site._registry[LogEntry]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_superuser_cannot_add_change_or_delete_an_entry_in_the_admin(client, superuser, entry):
    client.force_login(superuser)
    before = LogEntry.objects.values().get(pk=entry.pk)
    count = LogEntry.objects.count()

    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    assert client.post(reverse("admin:auditlog_logentry_add"), {"object_repr": "伪造"}).status_code == 403
    client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"object_repr": "篡改"})
    assert client.post(reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:auditlog_logentry_changelist"),
                {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})

    assert LogEntry.objects.count() == count
    assert LogEntry.objects.values().get(pk=entry.pk) == before


def test_the_superuser_can_still_read_the_trail_in_the_admin(client, superuser, entry):
    client.force_login(superuser)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    assert client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).status_code == 200


def test_a_user_who_appears_in_the_trail_cannot_be_deleted(client, superuser, make_user, zone, plan):
    # Someone whose only trace is the trail (no report or transition of theirs protects them).
    clerk = make_user("clerk", zone, "经发局", Role.OFFICE)
    with set_actor(clerk):
        assignment = Assignment.objects.filter(zone=zone).first()
        assignment.order += 1
        assignment.save()
    assert LogEntry.objects.filter(actor=clerk).exists()
    client.force_login(superuser)
    response = client.post(reverse("admin:accounts_user_delete", args=[clerk.pk]), {"post": "yes"})
    assert response.status_code == 403 and "停用" in response.text
    assert User.objects.filter(pk=clerk.pk).exists()
    assert LogEntry.objects.filter(actor=clerk).exists()


def test_a_user_with_no_trail_can_still_be_deleted(client, superuser, make_user, zone):
    newcomer = make_user("newcomer", zone, "规建局")
    client.force_login(superuser)
    client.post(reverse("admin:accounts_user_delete", args=[newcomer.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=newcomer.pk).exists()

