"""Who may do what with the working-day calendar.  Every workdays view goes through these functions.

Every user of a zone reads the calendars (the zone's, and each region's).  The layers every zone
shares — national and regional — change every zone's counts, so no zone may change them: they are
kept by the 省级管理员 (Role.PROVINCE, granted by the system administrator) and by the system
administrator from the command line (``duban workdays load / cover / remove / uncover``).  A keeper
adds to and takes back any shared row, whoever entered it, so one zone's mistake never sticks on the
others.  The steering office (领导小组办公室) edits its own zone's overrides only; another zone's rows
answer 404, so their ids are not even confirmed.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from duban.accounts.models import Role
from duban.accounts.permissions import is_office, require

from .engine import REGIONS
from .models import CalendarEntry, CalendarLayer, CoveredYear

DENIED = "只有省级管理员可以修改全国和地区日历，领导小组办公室可以修改本开发区的日历调整"


def keeps_shared_layers(user) -> bool:
    """The national and regional layers: the 省级管理员's."""
    return user.is_authenticated and user.zone_id is not None and user.has_role(Role.PROVINCE)


def can_edit_calendar(user) -> bool:
    return is_office(user) or keeps_shared_layers(user)


def editable_layers(user) -> list[str]:
    """The layers the user may add to: the shared ones for a keeper, the zone's for its office."""
    layers = []
    if keeps_shared_layers(user):
        layers += [CalendarLayer.NATIONAL, *sorted({r for r in REGIONS.values() if r})]
    if is_office(user):
        layers.append(CalendarLayer.ZONE)
    return layers


def visible_entries(user):
    """The shared (national, regional) entries and the user's own zone's overrides."""
    return CalendarEntry.objects.filter(Q(zone__isnull=True) | Q(zone_id=user.zone_id))


def can_take_back(user, row: CalendarEntry | CoveredYear) -> bool:
    """May the user delete this day or withdraw this year?  (``_own_*`` apply the same rule in SQL.)"""
    if row.layer not in editable_layers(user):
        return False
    return row.layer != CalendarLayer.ZONE or row.zone_id == user.zone_id


def get_entry_to_delete(user, entry_id: int) -> CalendarEntry:
    require(can_edit_calendar(user), DENIED)
    entry = get_object_or_404(_own_entries(user), pk=entry_id)
    require(entry.layer in editable_layers(user), DENIED)
    return entry


def get_year_to_withdraw(user, covered_year_id: int) -> CoveredYear:
    require(can_edit_calendar(user), DENIED)
    row = get_object_or_404(_own_years(user), pk=covered_year_id)
    require(row.layer in editable_layers(user), DENIED)
    return row


def _own_entries(user):
    """The days the user answers for: every shared day for a keeper, the zone's overrides for its office."""
    rows = Q(pk__in=[])
    if keeps_shared_layers(user):
        rows |= Q(zone__isnull=True)
    if is_office(user):
        rows |= Q(zone_id=user.zone_id, layer=CalendarLayer.ZONE)
    return CalendarEntry.objects.filter(rows)


def _own_years(user):
    """Years belong to the shared layers only: a keeper's."""
    return CoveredYear.objects.all() if keeps_shared_layers(user) else CoveredYear.objects.none()
