"""The calendar rows in the admin, for reading: changes go through the calendar page or
``duban workdays``, which check the rules, keep the ordinal table current and are audited."""

from django.contrib import admin

from .models import CalendarEntry, CoveredYear, StoredCalendar


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarEntry)
class CalendarEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "layer", "zone", "kind", "name", "notice", "created_by", "created_at"]
    list_filter = ["layer", "kind", "zone"]
    search_fields = ["name", "notice"]
    date_hierarchy = "date"


@admin.register(CoveredYear)
class CoveredYearAdmin(ReadOnlyAdmin):
    list_display = ["layer", "year", "status", "notice", "note", "created_by", "created_at"]
    list_filter = ["layer", "status"]


@admin.register(StoredCalendar)
class StoredCalendarAdmin(ReadOnlyAdmin):
    list_display = ["key", "zone", "fingerprint", "built_at"]
