"""What is audited, and what the registry refuses."""

import pytest
from auditlog.registry import auditlog
from django.core.exceptions import ImproperlyConfigured

from duban.audit.registry import audit, audited_models
from duban.ledger.models import Evidence, ItemStatus, Report, ReportTransition
from duban.plans.models import Assignment, Item, Plan, Target
from duban.zones.models import Department


def test_the_ledger_and_plan_records_are_audited():
    assert {Report, ReportTransition, Evidence, ItemStatus, Assignment, Plan, Item, Target} <= set(audited_models())


def test_every_audited_model_can_name_its_zone():
    for model in audited_models():
        assert callable(getattr(model, "get_additional_data", None)), model


def test_a_model_without_its_zone_in_additional_data_is_refused():
    assert not hasattr(Department, "get_additional_data")
    with pytest.raises(ImproperlyConfigured, match="get_additional_data"):
        audit(Department)
    assert not auditlog.contains(Department)


def test_a_misspelt_excluded_field_is_refused():
    with pytest.raises(ImproperlyConfigured, match="revison"):
        audit(Report, exclude_fields=["revison"])


def test_noise_is_left_out_of_the_diff():
    report_fields = auditlog.get_model_fields(Report)["include_fields"]
    assert "progress" in report_fields and "state" in report_fields
    assert {"revision", "updated_at", "id"}.isdisjoint(report_fields)
    plan_fields = auditlog.get_model_fields(Plan)["include_fields"]
    assert "title" in plan_fields
    assert {"source_file", "source_text"}.isdisjoint(plan_fields)


def test_the_zone_log_is_indexed_on_postgresql(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the expression index exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'audit_logentry_zone_time'")
        [(definition,)] = cursor.fetchall()
    assert "additional_data -> 'zone'" in definition and "timestamp" in definition
