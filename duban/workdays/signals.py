"""Any change to the office's calendar rows, from any code path, tells every process to rebuild.

The editing functions also refresh the ordinal table; this covers the rest (the admin's
cascade when a zone is deleted, a shell session), so no process keeps counting with a
calendar that is no longer true.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import CalendarEntry, CalendarRevision, CoveredYear


@receiver(post_save, sender=CalendarEntry, dispatch_uid="workdays-entry-saved")
@receiver(post_delete, sender=CalendarEntry, dispatch_uid="workdays-entry-deleted")
@receiver(post_save, sender=CoveredYear, dispatch_uid="workdays-year-saved")
@receiver(post_delete, sender=CoveredYear, dispatch_uid="workdays-year-deleted")
def calendar_changed(sender, **kwargs):
    CalendarRevision.bump()


#: Sent by every edit of ``editing.py`` (one per page action, file load or year registration,
#: inside its transaction), so that apps holding dates computed in working days can compute
#: them again (the ledger's report due dates).  ``zone``: the zone whose override layer
#: changed, or None for a national or regional change, which concerns every zone.
calendar_edited = Signal()
