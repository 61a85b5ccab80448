"""Audit entries as people read them: record type, action, and before → after per field.

auditlog's ``changes_display_dict`` looks up every foreign key value with a query of its own,
so a page of entries would cost queries in proportion to its length.  ``describe`` does the same
work for a whole page at once: one query per related model that the page mentions.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format

ACTION_LABELS = {
    LogEntry.Action.CREATE: "新建",
    LogEntry.Action.UPDATE: "修改",
    LogEntry.Action.DELETE: "删除",
    LogEntry.Action.ACCESS: "查看",
}
EMPTY = "—"


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


def describe(entries) -> list[LogEntry]:
    """Give each entry ``record_type``, ``action_label`` and ``field_changes``, for templates.

    ``entries`` should come with ``select_related("content_type", "actor")``.
    """
    entries = list(entries)
    pending = []  # (FieldChange, "before"/"after", related model, raw pk) resolved in one go below
    for entry in entries:
        model = entry.content_type.model_class()
        entry.record_type = model._meta.verbose_name if model else entry.content_type.model
        entry.action_label = ACTION_LABELS.get(entry.action, str(entry.action))
        entry.field_changes = []
        labels = auditlog.get_model_fields(model)["mapping_fields"] if auditlog.contains(model) else {}
        for name, values in (entry.changes_dict or {}).items():
            if isinstance(values, dict) and values.get("type") == "m2m":
                entry.field_changes.append(_m2m_change(model, name, values, labels))
                continue
            before, after = (list(values) + [None, None])[:2]
            field = _field(model, name)
            label = labels.get(name) or (str(field.verbose_name) if field else name)
            change = FieldChange(label, EMPTY, EMPTY)
            for side, raw in (("before", before), ("after", after)):
                if _is_empty(raw):
                    continue
                if field is not None and (field.many_to_one or field.one_to_one):
                    pending.append((change, side, field.related_model, raw))
                    setattr(change, side, f"#{raw}")
                else:
                    setattr(change, side, _plain(field, raw))
            entry.field_changes.append(change)
    _resolve(pending)
    return entries


def _m2m_change(model, name, values, labels) -> FieldChange:
    """An addition to or removal from a many-to-many field; auditlog stores the rows' names."""
    try:
        label = labels.get(name) or str(model._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):  # model gone (None) or field renamed since
        label = name
    names = "、".join(values.get("objects") or []) or EMPTY
    if values.get("operation") == "add":
        return FieldChange(label, EMPTY, f"新增：{names}")
    return FieldChange(label, f"移除：{names}", EMPTY)


def _field(model, name):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete else None


def _is_empty(raw) -> bool:
    return raw is None or raw == "None" or raw == ""


def _plain(field, raw) -> str:
    """A stored value (auditlog keeps them as strings) the way the UI shows that field."""
    raw = str(raw)
    if field is None:
        return raw
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.BooleanField):
        return {"True": "是", "False": "否"}.get(raw, raw)
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(raw)
        if moment is not None:
            if timezone.is_naive(moment):  # auditlog stores datetimes as naive UTC
                moment = timezone.make_aware(moment, datetime.timezone.utc)
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        day = parse_date(raw)
        if day is not None:
            return date_format(day, "DATE_FORMAT")
    if isinstance(field, models.JSONField):
        try:
            value = json.loads(raw)
        except ValueError:
            return raw
        if isinstance(value, list):
            return "；".join(str(v) for v in value) or EMPTY
    return raw


def _resolve(pending) -> None:
    """Replace the foreign keys' ids by the names of what they point at, one query per model."""
    wanted = defaultdict(set)
    for _, _, model, raw in pending:
        try:
            wanted[model].add(model._meta.pk.to_python(raw))
        except ValidationError:  # a value from an older schema: shown as stored
            continue
    names = {}
    for model, pks in wanted.items():
        for obj in _with_names(model).filter(pk__in=pks):
            names[(model, str(obj.pk))] = str(obj)
    for change, side, model, raw in pending:
        name = names.get((model, str(raw)))
        setattr(change, side, name if name is not None else f"{model._meta.verbose_name} #{raw}（已删除）")


def _with_names(model):
    """The model's rows with what their ``__str__`` usually reads (two levels of foreign keys)
    fetched in the same query; binary columns (an uploaded plan's bytes) are left behind."""
    paths, deferred = [], _binary_fields(model)
    for field in _foreign_keys(model):
        paths.append(field.name)
        deferred += [f"{field.name}__{b}" for b in _binary_fields(field.related_model)]
        for inner in _foreign_keys(field.related_model):
            paths.append(f"{field.name}__{inner.name}")
            deferred += [f"{field.name}__{inner.name}__{b}" for b in _binary_fields(inner.related_model)]
    return model._base_manager.select_related(*paths).defer(*deferred)


def _foreign_keys(model):
    return [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]


def _binary_fields(model):
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.BinaryField)]
