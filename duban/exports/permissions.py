"""Who reads an export: its requester, and nobody else.

An export is built with its requester's rights — a department's own rows, personal data only
where the requester may see it — so its file is served to the requester alone: handing it to
anyone else, the steering office included, could show them more than their own rights allow.
The office sees who exported what, and when, on the audit trail, and can make the same export
itself.  Another user's export is 404 (its id is not even confirmed), another zone's too.
Before every download the kind's own check runs again (``kinds``): a user who has lost the
right since asking gets 403, as on the page the export was asked from.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from . import kinds
from .models import Export


def own_exports(user) -> QuerySet[Export]:
    if not user.is_authenticated or user.zone_id is None:
        return Export.objects.none()
    return Export.objects.filter(zone_id=user.zone_id, requested_by=user)


def get_export(user, export_id: int) -> Export:
    return get_object_or_404(own_exports(user), pk=export_id)


def check_download(user, export: Export) -> kinds.Kind:
    """The kind's permission check, as of now; returns the kind (its content type)."""
    kind = kinds.get(export.kind)
    kind.check(user, export.parameters)
    return kind
