"""Who may do what with the working-day calendar.  Every workdays view goes through these functions.

Every user of a zone reads the calendars (the zone's, and each region's).  The steering
office (领导小组办公室) adds days to the national layer, to its own region's layer and to
its own zone's overrides, and registers years; a national or regional change applies to
every zone, which is why only the office may make it.

What an office entered, only that zone's office takes back: its zone's overrides, and the
shared days and years one of its own users entered.  Another zone's rows answer 404, so
their ids are not even confirmed; rows loaded from the command line belong to no zone and
are corrected from the command line (``duban workdays load / remove / uncover``).
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from duban.accounts.permissions import is_office, require

from .engine import REGIONS
from .models import CalendarEntry, CalendarLayer, CoveredYear

DENIED = "只有领导小组办公室可以修改工作日历"


def can_edit_calendar(user) -> bool:
    return is_office(user)


def editable_layers(user) -> list[str]:
    """The layers the user may add to: national, the zone's region (if it has one), the zone."""
    if not can_edit_calendar(user):
        return []
    regional = REGIONS[user.zone.calendar_region]
    return [CalendarLayer.NATIONAL, *([regional] if regional else []), CalendarLayer.ZONE]


def visible_entries(user):
    """The shared (national, regional) entries and the user's own zone's overrides."""
    return CalendarEntry.objects.filter(Q(zone__isnull=True) | Q(zone_id=user.zone_id))


def can_take_back(user, row: CalendarEntry | CoveredYear) -> bool:
    """May the user delete this day or withdraw this year?  (``_own_*`` apply the same rule in SQL.)"""
    if row.layer not in editable_layers(user):
        return False
    if row.layer == CalendarLayer.ZONE:
        return row.zone_id == user.zone_id
    return row.created_by is not None and row.created_by.zone_id == user.zone_id


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
    """The days the user's zone answers for: its overrides, and shared days its users entered."""
    return CalendarEntry.objects.filter(Q(zone_id=user.zone_id) | Q(zone__isnull=True, created_by__zone_id=user.zone_id))


def _own_years(user):
    return CoveredYear.objects.filter(created_by__zone_id=user.zone_id)
