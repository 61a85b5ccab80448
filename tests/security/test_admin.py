"""The admin (系统管理) is the system administrator's: superusers only; ledger records can't be deleted there."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse


def test_the_admin_is_for_superusers_only(client, superuser, office, plan):
    """It sees every zone, so a zone user given the staff flag and every permission still gets none of it."""
    from django.contrib.auth.models import Permission

    office.is_staff = True
    office.save()
    office.user_permissions.set(Permission.objects.all())
    client.force_login(office)
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin's login
    assert client.get(reverse("admin:plans_plan_changelist")).status_code == 302
    assert "系统管理" not in client.get(reverse("ledger:overview")).text
    client.force_login(superuser)
    assert client.get(reverse("admin:plans_plan_changelist")).status_code == 200


def test_reports_cannot_be_deleted_in_the_admin(superuser):
    from duban.ledger.models import Report

    request = RequestFactory().get("/admin/")
    request.user = superuser
    report_admin = admin.site._registry[Report]
    assert not report_admin.has_delete_permission(request)
    evidence_inline = report_admin.get_inline_instances(request)[1]
    assert not evidence_inline.can_delete


def test_a_user_s_department_must_be_of_the_user_s_zone(liaison, other_zone):
    from django.core.exceptions import ValidationError

    liaison.full_clean()
    liaison.department = other_zone.departments.get()
    with pytest.raises(ValidationError, match="部门须属于该用户所在的开发区"):
        liaison.full_clean()
