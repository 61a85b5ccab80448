"""The daily cleanup: export files past their keeping time, and files no export names.

An export's file is kept ``DUBAN_EXPORT_KEEP_DAYS`` days after it is made (``Export.expires_at``),
then removed; the export itself stays in 我的导出 (as 已过期) and on the audit trail.  Files under
the exports directory that no export names — the ``.part`` of a worker killed while writing, a
file left by a database restored from a backup — are removed once they are a day old (never
younger: one may be the file of an export being written right now).  The systemd timer
``deploy/duban-cleanup.timer`` runs ``duban cleanup_exports --enqueue`` every night.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from duban.jobs.interface import task

from . import files
from .models import Export

#: Files no export names are left alone this long (one may be an export being written).
STRAY_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Removed:
    expired: int  # files of exports past their keeping time
    strays: int  # files no export names

    def __str__(self) -> str:
        return f"删除过期导出文件 {self.expired} 个，无主文件 {self.strays} 个"


def remove_expired(now=None) -> Removed:
    now = now or timezone.now()
    expired = 0
    for export in Export.objects.filter(expires_at__lte=now).exclude(stored_name="").only("pk", "zone_id",
                                                                                          "stored_name"):
        expired += files.remove(export.zone_id, export.stored_name)
        # Not a decision, housekeeping: an update, off the audit trail (the export's page says 已过期).
        Export.objects.filter(pk=export.pk).update(stored_name="")
    named = set(Export.objects.exclude(stored_name="").values_list("zone_id", "stored_name"))
    strays = 0
    oldest = (now - STRAY_AGE).timestamp()
    for zone_id, path in files.stored():
        if (zone_id, path.name) not in named and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
            strays += 1
    return Removed(expired, strays)


@task()
def cleanup_task() -> str:
    return str(remove_expired())
