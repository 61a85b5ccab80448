from django.contrib import admin

from .models import Cycle, Evidence, ItemStatus, Report, ReportingSchedule, ReportTransition, StatusChange


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(admin.ModelAdmin):
    list_display = ["plan", "frequency", "due_day", "due_workday", "meeting_frequency", "starts_on"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "start", "end", "due"]
    list_filter = ["plan"]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_state", "to_state", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False  # a draft's evidence is removed on the report page; a filed report's is kept
    readonly_fields = ["kind", "title", "url", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    # Reports move only through the flow (duban.ledger.flow), which records who did what: read-only here.
    list_display = ["item", "department", "cycle", "version", "state", "completion", "self_status"]
    list_filter = ["state", "self_status", "department"]
    readonly_fields = [f.name for f in Report._meta.fields]
    inlines = [TransitionInline, EvidenceInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a report is a record of the ledger: corrected by a new version, never removed


@admin.register(ItemStatus)
class ItemStatusAdmin(admin.ModelAdmin):
    list_display = ["item", "colour", "done", "since"]
    list_filter = ["colour"]
    readonly_fields = ["zone", "item", "colour", "done", "reasons", "since"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["item", "from_colour", "to_colour", "as_of", "at"]
    readonly_fields = ["zone", "item", "from_colour", "to_colour", "reasons", "as_of", "at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
