"""The trail in the admin: readable by whoever may view it, changeable by nobody.

auditlog's own LogEntry admin refuses add and change, but allows deletion in some paths;
duban replaces it with one that refuses all three, to superusers too.
"""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ReadOnlyLogEntryAdmin(LogEntryAdmin):
    actions = None  # not even the bulk "delete selected"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
