"""The demo replays its year: what it writes carries the moment it stands for, not the machine's.

Records stamped on duban's clock (``clock.now``: a reconciliation's steps, a 督办通知 and its reply)
are written inside ``at``, which pins the clock to a moment of the replayed year and dates the
notifications sent meanwhile; records stamped by the database's own clock (``auto_now_add``: a
report's transitions, a meeting's record) are re-dated with ``moment`` after they are written, by
an update (the audit trail keeps the write as it happened).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Max
from django.utils import timezone


def moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """That day at that time of day, in the zone's time (TIME_ZONE)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@contextmanager
def at(when: datetime):
    """Pin duban's clock to the moment ``when`` while the block runs, then put it back as it was.

    Notifications sent in the block (stamped by the database) are dated at that moment too."""
    from duban.notifications.models import Notification

    missing = object()
    before = getattr(settings, "DUBAN_TODAY", missing)
    sent_before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    settings.DUBAN_TODAY = when
    try:
        yield when
        Notification.objects.filter(pk__gt=sent_before).update(created_at=when)
    finally:
        if before is missing:
            del settings.DUBAN_TODAY
        else:
            settings.DUBAN_TODAY = before
