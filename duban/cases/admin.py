from django.contrib import admin

from .models import ApiToken, Case, ClockStop, ColumnMapping, ImportJob, ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "zone", "department", "external_unit", "limit_value", "limit_unit", "max_steps", "target"]
    list_filter = ["zone"]
    search_fields = ["name"]
    raw_id_fields = ["target"]


class ClockStopInline(admin.TabularInline):
    model = ClockStop
    extra = 0
    fields = ["kind", "start", "end"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["number", "zone", "service_type", "received_at", "completed_at"]
    list_filter = ["zone", "service_type"]
    search_fields = ["number"]
    raw_id_fields = ["service_type"]
    exclude = ["received_on", "completed_on"]
    inlines = [ClockStopInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.zone_id = form.instance.zone_id
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "zone", "prefix", "active", "last_used_at"]
    readonly_fields = ["prefix", "token_hash", "last_used_at", "created_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the application writes itself: shown for the system administrator, changed only there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "zone", "state", "total_rows", "created_count", "updated_count", "created_by",
                    "created_at"]
    list_filter = ["zone", "state"]
    exclude = ["data", "error_file"]  # the files themselves: downloaded from the import page


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnlyAdmin):
    list_display = ["zone", "updated_at"]
