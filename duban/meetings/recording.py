"""Writing meetings and closing follow-up actions: the state changes, each in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Decision, Meeting


class NotOpen(ValueError):
    """The follow-up action is already done (or is not an action): nothing to mark."""


@transaction.atomic
def save_meeting(form, decisions, user) -> Meeting:
    """Save a valid meeting form and its valid decisions formset."""
    meeting = form.save(commit=False)
    if meeting.pk is None:
        meeting.recorded_by = user
    meeting.save()
    form.save_m2m()
    decisions.instance = meeting
    decisions.save()
    return meeting


@transaction.atomic
def mark_done(decision: Decision, user, note: str = "") -> Decision:
    # Locked and re-read: two people pressing 完成 at once record it once.
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if not locked.is_open:
        raise NotOpen("该跟踪事项已标记完成")
    locked.status = Decision.Status.DONE
    locked.done_at = timezone.now()
    locked.done_by = user
    locked.done_note = note
    locked.save()
    return locked
