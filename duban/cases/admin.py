from django.contrib import admin

from .models import ApiToken, Case, ClockStop, ServiceType


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
