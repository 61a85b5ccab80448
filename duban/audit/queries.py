"""The read side of the audit trail: a zone's log, and one record's trail."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q


def zone_entries(zone_id: int):
    """Every entry of the zone, newest first (``get_additional_data`` put the zone there)."""
    return (
        LogEntry.objects.filter(additional_data__zone=zone_id)
        .select_related("content_type", "actor")
        .order_by("-timestamp", "-pk")
    )


def record_entries(obj, child_models=()):
    """The trail of ``obj`` and of its children of ``child_models`` (models with a foreign key to
    ``obj``'s model), in one query.

    Children are found two ways, both needed: the ones that exist now (created before they were
    audited, e.g. assignments written in bulk by a plan import) and the ones whose creation the
    trail recorded under ``obj`` — which includes children deleted since, such as an evidence
    file removed from a draft.
    """
    condition = Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    for model in child_models:
        link = _link_to(model, type(obj))
        child_type = ContentType.objects.get_for_model(model)
        created_here = LogEntry.objects.filter(
            content_type=child_type, action=LogEntry.Action.CREATE,
            # auditlog keeps a created row's values as [before, after] strings: after is [1].
            **{f"changes__{link.name}__1": str(obj.pk)},
        ).values("object_id")
        existing = model._base_manager.filter(**{link.attname: obj.pk}).values("pk")
        condition |= Q(content_type=child_type) & (Q(object_id__in=created_here) | Q(object_id__in=existing))
    return (
        LogEntry.objects.filter(condition, additional_data__zone=obj.zone_id)
        .select_related("content_type", "actor")
        .order_by("-timestamp", "-pk")
    )


def _link_to(model, parent):
    links = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is parent]
    if len(links) != 1:
        raise ValueError(f"{model.__name__} must have exactly one foreign key to {parent.__name__}")
    return links[0]
